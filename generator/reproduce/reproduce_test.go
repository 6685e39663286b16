package reproduce

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/compute"
	"paperlab/generator/directive"
	"paperlab/generator/pythontest"
)

// block is one directive of a test page.
type block struct{ typ, name, body, section string }

// evaluate runs the directives through the engine as the build does and
// returns the page they make, with a {num} quote for each quote given as
// "name.field[i]" or "name.field[i]:digits".
func evaluate(t *testing.T, blocks []block, quotes ...string) Page {
	t.Helper()
	scope := directive.NewScope(nil)
	runner := &directive.Runner{}
	p := Page{Title: "Test & <lab>", Source: "content/labs/test.md", URL: "labs/test/"}
	results := map[string]*directive.Result{}
	for _, b := range blocks {
		spec, errs := directive.Parse(b.typ, b.name, []byte(b.body))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", b.name, errs[0])
		}
		var extra []int
		for _, q := range quotes {
			ref, digits := splitQuote(q)
			if strings.HasPrefix(ref, b.name+".") && digits >= 0 {
				extra = append(extra, digits)
			}
		}
		res, errs := runner.Evaluate(spec, scope, append(directive.ExpectDigits(spec), extra...), nil)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", b.name, errs[0])
		}
		if errs := directive.CheckExpect(spec, res); len(errs) > 0 {
			t.Fatalf("%s: %v", b.name, errs[0])
		}
		scope.Define(res)
		results[b.name] = res
		p.Directives = append(p.Directives, Directive{Spec: spec, Result: res, Section: Section{Title: b.section, ID: strings.ToLower(b.section)}})
	}
	for _, q := range quotes {
		s, digits := splitQuote(q)
		ref, err := directive.ParseReference(s)
		if err != nil {
			t.Fatal(err)
		}
		res, err := scope.LookupRef(&ref)
		if err != nil {
			t.Fatal(err)
		}
		text, err := directive.Format(res, ref, digits)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		p.Quotes = append(p.Quotes, Quote{Ref: ref, Written: s, Text: text, Section: Section{Title: "Prose"}})
	}
	return p
}

func splitQuote(q string) (string, int) {
	ref, d, ok := strings.Cut(q, ":")
	if !ok {
		return ref, -1
	}
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return ref, n
}

// runScript writes the script to a temporary folder and runs it.
func runScript(t *testing.T, script []byte) (string, int) {
	t.Helper()
	py := pythontest.Python(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "reproduce.py"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	return pythontest.Run(t, py, dir, "reproduce.py")
}

// everyType has one page per directive type and option, each number
// certified by the engine; NumPy must agree with all of them.
var everyType = map[string][]block{
	"softmax": {
		{"softmax", "sm", "x: [1, 0, 2]\ntemperature: 0.5\ndigits: 6\nshow: [y, checks]\n", "Softmax"},
		{"softmax", "big", "x: [1000, 999, -1000]\n", "Softmax"},
	},
	"attention": {
		{"matrix", "K", "rows: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\n", "Attention"},
		{"matrix", "V", "rows: [[2, 0], [0, 2], [1, 1]]\n", "Attention"},
		{"attention", "mix", "q: [[1, 0, 1]]\nk: K\nv: V\nshow: [scores, weights, output, sum, span, figure, heatmap]\nexpect:\n  weights: [[0.2992, 0.1679, 0.5329]]\n", "Attention"},
		{"attention", "causal", "q: [[1, 0, 1], [0, 1, 0], [1, 1, 0]]\nk: K\nv: V\nscale: 0.5\nmask: causal\nshow: [scores, weights, output]\n", "Masks"},
		{"attention", "masked", "q: [[1, 0, 1], [0, 1, 0]]\nk: K\nv: V\nmask: [[1, 0, 1], [0, 1, 1]]\ndigits: 5\nshow: [weights, output]\n", "Masks"},
		{"softmax", "again", "x: mix.scores\nshow: [y]\n", "Chained"},
	},
	"multihead": {
		{"multihead", "mh", "x_q: [[1, 0, 1, 0], [0, 2, 0, 1]]\nx_kv: [[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]]\nheads: 2\n" +
			"w_q: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]\n" +
			"w_k: [[0.5, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 0.5, 0], [0, 0, 0, 0.5]]\n" +
			"w_v: [[1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 3, 1]]\n" +
			"w_o: [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]]\n" +
			"b_q: [0.1, 0, 0, 0]\nb_k: [0, 0.2, 0, 0]\nb_v: [0, 0, 0.3, 0]\nb_o: [1, 1, 1, 1]\nmask: causal\n" +
			"show: [output, head_weights, head_outputs, heatmap]\n", "Heads"},
	},
	"linear-map": {
		{"linear-map", "proj", "x: [[1, 2, 3], [0, -1, 0.5]]\nw: [[1, 0], [0, 1], [0.25, -0.75]]\nb: [0.5, -1]\nshow: [y]\n", "Maps"},
		{"linear-map", "nobias", "x: proj.y\nw: [[2, 0], [0, 3]]\nshow: [y]\n", "Maps"},
		// Exact ties, which the engine rounds half to even: 0.1234, 0.0002,
		// -0.0002 (float64 holds each a hair above or below the tie).
		{"linear-map", "ties", "x: [[0.12345], [0.00015], [-0.00025]]\nw: [[1]]\nshow: [y]\nexpect:\n  y: [[0.1234], [0.0002], [-0.0002]]\n", "Ties"},
	},
	"positional-encoding": {
		{"positional-encoding", "pe", "positions: 5\nd_model: 5\nbase: 100\ndigits: 6\nshow: [pe, heatmap]\n", "Positions"},
		{"positional-encoding", "pe2", "positions: 3\nd_model: 4\nshow: [pe]\n", "Positions"},
	},
	"span": {
		{"matrix", "W", "rows: [[1, 2], [2, 4], [0, 1]]\n", "Span"},
		{"span", "inside", "vectors: W\ntarget: [3, 5]\nshow: [span, coefficients, figure]\nexpect:\n  rank: 2\n  in_span: true\n", "Span"},
		{"span", "outside", "vectors: [[1, 0, 0], [0, 1, 0]]\ntarget: [1, 2, 3]\nshow: [span, coefficients, projection, residual]\n", "Span"},
		{"span", "flat", "vectors: [[1, 1], [2, 2]]\ntarget: [0.3, -0.1]\nshow: [span, figure]\n", "Span"},
	},
}

func TestEveryTypeAgreesWithNumPy(t *testing.T) {
	quotes := map[string][]string{
		"softmax":   {"sm.y[2]", "sm.y[0]:8", "big.y"},
		"attention": {"mix.weights[0][2]:6", "mix.output[0]", "V[2][1]", "causal.weights[1]"},
		"span":      {"inside.rank", "inside.in_span", "outside.residual:6", "flat.coefficients[0]"},
	}
	for name, blocks := range everyType {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			script := Script(evaluate(t, blocks, quotes[name]...))
			out, code := runScript(t, script)
			if code != 0 || !strings.Contains(out, "numbers agree with the page") {
				t.Fatalf("exit %d:\n%s\nscript:\n%s", code, out, script)
			}
			if strings.Contains(out, "skipped") {
				t.Errorf("a directive was skipped:\n%s", out)
			}
		})
	}
}

// TestTamperedNumberFails changes one shown number of a script by one
// unit in its last place and expects the script to name it and fail.
func TestTamperedNumberFails(t *testing.T) {
	p := evaluate(t, everyType["attention"])
	script := Script(p)
	good := `check("mix.weights", mix.weights, [["0.2992", "0.1679", "0.5329"]])`
	if !bytes.Contains(script, []byte(good)) {
		t.Fatalf("script lacks %s:\n%s", good, script)
	}
	cases := []struct{ from, to, want string }{
		{good, strings.Replace(good, "0.1679", "0.1680", 1), "MISMATCH mix.weights[0][1]: the page shows 0.1680"},
		{good, strings.Replace(good, "0.5329", "0.5328", 1), "MISMATCH mix.weights[0][2]: the page shows 0.5328"},
		{`check_exact("rank of the values of mix", int(np.linalg.matrix_rank(V)), 2)`, `check_exact("rank of the values of mix", int(np.linalg.matrix_rank(V)), 3)`, "MISMATCH rank of the values of mix"},
	}
	for _, c := range cases {
		if !bytes.Contains(script, []byte(c.from)) {
			t.Fatalf("script lacks %s", c.from)
		}
		t.Run(c.want, func(t *testing.T) {
			t.Parallel()
			out, code := runScript(t, bytes.Replace(script, []byte(c.from), []byte(c.to), 1))
			if code != 1 || !strings.Contains(out, c.want) || !strings.Contains(out, "disagree with the page") {
				t.Errorf("tampered %q: exit %d, output:\n%s", c.to, code, out)
			}
		})
	}
}

// TestScriptText pins the parts of a script a reader relies on: inputs
// under the page's names, imported values written out with a note, the
// section comments and the checks.
func TestScriptText(t *testing.T) {
	p := evaluate(t, everyType["attention"], "mix.weights[0][2]:6", "mix.weights[0][0]")
	script := string(Script(p))
	for _, want := range []string{
		"K = matrix([[1, 0, 0], [0, 1, 0], [1, 1, 1]])\n",
		"mix = attention(q=matrix([[1, 0, 1]]), k=K, v=V)\n",
		"causal = attention(\n",
		"    mask=\"causal\",\n",
		"    scale=0.5,\n",
		"    mask=matrix([[1, 0, 1], [0, 1, 1]]),\n",
		"again = softmax(x=vector(mix.scores))\n",
		"# From the section “Masks” (#masks).\n",
		`check("mix.weights[0][2]", mix.weights[0][2], "0.532897")`,
		`check("masked.weights", masked.weights, [` + "\n" + `    ["0.35954", "0.00000", "0.64046"],`,
		`"""Reproduce the numbers of the lab "Test & <lab>".`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	// mix.weights[0][0] at 4 places is in the weights table already.
	if strings.Contains(script, `check("mix.weights[0][0]"`) {
		t.Errorf("a quote already checked by a table is checked again")
	}
	if strings.Count(script, "\ndef attention(") != 1 {
		t.Errorf("attention is not defined exactly once")
	}
	if strings.Contains(script, "def span(") {
		t.Errorf("a helper the page does not use is defined")
	}
}

func TestImportedValuesAreWrittenOut(t *testing.T) {
	imported := directive.NewScope(nil)
	runner := &directive.Runner{}
	spec, _ := directive.Parse("matrix", "V", []byte("rows: [[2, 0], [0, 2]]\n"))
	res, _ := runner.Evaluate(spec, imported, nil, nil)
	imported.Define(res)
	scope := directive.NewScope(map[string]*directive.Scope{"basics": imported})
	spec, errs := directive.Parse("linear-map", "m", []byte("x: [[1, 1]]\nw: basics.V\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res, errs = runner.Evaluate(spec, scope, nil, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	script := string(Script(Page{Title: "t", Directives: []Directive{{Spec: spec, Result: res}}}))
	for _, want := range []string{
		"m = linear_map(x=matrix([[1, 1]]), w=matrix([[2, 0], [0, 2]]))\n",
		"# w: basics.V is imported from the lab basics and written out here.\n",
		`check("m.y", m.y, [["2.0000", "2.0000"]])`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
}

// TestNamesThatClash renames directive names that would hide Python
// keywords or the script's helpers.
func TestNamesThatClash(t *testing.T) {
	p := evaluate(t, []block{
		{"softmax", "softmax", "x: [1, 2]\n", ""},
		{"softmax", "lambda", "x: softmax.y\n", ""},
	})
	script := string(Script(p))
	for _, want := range []string{"softmax_ = softmax(x=vector([1, 2]))\n", "lambda_ = softmax(x=vector(softmax_.y))\n", `check("lambda.y", lambda_.y,`} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	if out, code := runScript(t, []byte(script)); code != 0 {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestUnknownTypeIsLeftOutWithAComment(t *testing.T) {
	p := evaluate(t, everyType["softmax"])
	p.Directives[1].Spec = &directive.Spec{Type: "dot", Name: "big", Show: []string{"y"}}
	p.Directives[1].Result = &directive.Result{Type: "dot", Name: "big"}
	script := string(Script(p))
	if !strings.Contains(script, "# This script cannot recompute {dot} directives yet, so the numbers of big are not checked.") {
		t.Errorf("no omission comment:\n%s", script)
	}
}

// TestEveryOperationHasAnEmitter fails when the engine gains an operation
// that reproduce.py cannot recompute.
func TestEveryOperationHasAnEmitter(t *testing.T) {
	ems := emitters()
	for _, op := range compute.Ops() {
		typ := strings.ReplaceAll(op.Name, "_", "-")
		em, ok := ems[typ]
		if !ok {
			t.Errorf("no emitter for the directive type {%s} (operation %s): add one in emit.go", typ, op.Name)
			continue
		}
		if len(em.inputs) != len(op.Inputs) {
			t.Errorf("{%s}: emitter has %d inputs, the operation %d", typ, len(em.inputs), len(op.Inputs))
		}
	}
}

func TestDeterministic(t *testing.T) {
	for name, blocks := range everyType {
		a, b := Script(evaluate(t, blocks)), Script(evaluate(t, blocks))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two scripts differ", name)
		}
		na, _ := Notebook(evaluate(t, blocks))
		nb, _ := Notebook(evaluate(t, blocks))
		if !bytes.Equal(na, nb) {
			t.Errorf("%s: two notebooks differ", name)
		}
	}
}

// TestNotebookHasTheScriptsCells checks the notebook's JSON: nbformat 4,
// a Markdown cell before each commented code cell, and the same code as
// the script.
func TestNotebookHasTheScriptsCells(t *testing.T) {
	p := evaluate(t, everyType["span"])
	nbJSON, err := Notebook(p)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType       string          `json:"cell_type"`
			ExecutionCount json.RawMessage `json:"execution_count"`
			Source         []string        `json:"source"`
		} `json:"cells"`
		NBFormat      int `json:"nbformat"`
		NBFormatMinor int `json:"nbformat_minor"`
	}
	if err := json.Unmarshal(nbJSON, &nb); err != nil {
		t.Fatal(err)
	}
	if nb.NBFormat != 4 || nb.NBFormatMinor != 4 {
		t.Errorf("nbformat %d.%d, want 4.4", nb.NBFormat, nb.NBFormatMinor)
	}
	var code strings.Builder
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			if string(c.ExecutionCount) != "null" {
				t.Errorf("code cell execution_count = %s, want null", c.ExecutionCount)
			}
			code.WriteString(strings.Join(c.Source, "") + "\n")
		}
	}
	script := string(Script(p))
	for _, line := range strings.Split(code.String(), "\n") {
		if !strings.Contains(script, line) {
			t.Errorf("notebook line %q is not in the script", line)
		}
	}
	if nb.Cells[1].CellType != "markdown" || !strings.HasPrefix(nb.Cells[1].Source[0], "Helpers") {
		t.Errorf("second cell = %s %q, want the helpers' Markdown", nb.Cells[1].CellType, nb.Cells[1].Source)
	}
	if py := pythontest.Find(); py != "" {
		// The notebook's code, run in order, agrees with the page too.
		out, code := runScript(t, []byte(code.String()))
		if code != 0 {
			t.Errorf("notebook code: exit %d\n%s", code, out)
		}
	}
}

// TestFilesMatchesScriptAndNotebook checks that building both files from
// one set of cells gives what Script and Notebook give apart.
func TestFilesMatchesScriptAndNotebook(t *testing.T) {
	for name, blocks := range everyType {
		p := evaluate(t, blocks)
		script, nb, err := Files(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wantNB, err := Notebook(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(script, Script(p)) || !bytes.Equal(nb, wantNB) {
			t.Errorf("%s: Files differs from Script and Notebook", name)
		}
	}
}
