package directive

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/texmath"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden (read them before committing)")

func mathml(tex string, display bool) (string, error) {
	return texmath.Convert(tex, texmath.Options{Display: display})
}

// evaluate parses and evaluates one directive body in scope.
func evaluate(t *testing.T, scope *Scope, typ, name, body string) (*Spec, *Result) {
	t.Helper()
	spec, errs := Parse(typ, name, []byte(body))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	var r Runner
	res, errs := r.Evaluate(spec, scope, ExpectDigits(spec), nil)
	if len(errs) > 0 {
		t.Fatalf("Evaluate: %v", errs[0])
	}
	if errs := CheckExpect(spec, res); len(errs) > 0 {
		t.Fatalf("CheckExpect: %v", errs[0])
	}
	scope.Define(res)
	return spec, res
}

// Hand check of the seed example to six places: √3 = 1.7320508, so the
// scores are 0.5773503, 0 and 1.1547005; e^0.5773503 = 1.781311 and
// e^1.1547005 = 3.173069, whose sum with e^0 = 1 is 5.954380; the weights
// are 0.299160, 0.167943 and 0.532897 (checked with 40-digit decimal arithmetic).

// TestGoldenRender renders each kind of directive and compares the HTML
// with a golden file that a person has read. The numbers in them were
// checked by hand: scores (1, 0, 2)/√3 = 0.5774, 0, 1.1547; weights
// e^{sᵢ}/Σ e^{sⱼ} = 0.2992, 0.1679, 0.5329; output 0.2992·(2,0) +
// 0.1679·(0,2) + 0.5329·(1,1) = (1.1312, 0.8688).
func TestGoldenRender(t *testing.T) {
	scope := NewScope(nil)
	cases := []struct{ file, typ, name, body string }{
		{"matrix.html", "matrix", "V", "rows: [[2, 0], [0, 2], [1, 1]]\ncaption: Values.\n"},
		{"attention.html", "attention", "mix", "q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: V\nshow: [scores, weights, output, sum, span, figure, heatmap, checks]\ncaption: One query.\nexpect:\n  weights: [[0.2992, 0.1679, 0.5329]]\n"},
		{"span.html", "span", "sp", "vectors: [[1, 0], [2, 0]]\ntarget: [1, 1]\nshow: [span, coefficients, figure]\nexpect:\n  rank: 1\n  in_span: false\n  residual: 1.000\n"},
		{"softmax.html", "softmax", "sm", "x: [1000, 1000, -1000]\ndigits: 3\nshow: [y]\nexpect:\n  y: [0.500, 0.500, 0.000]\n"},
		{"posenc.html", "positional-encoding", "pe", "positions: 3\nd_model: 4\ndigits: 3\nshow: [pe, heatmap]\nexpect:\n  pe: [[0.000, 1.000, 0.000, 1.000], [0.841, 0.540, 0.010, 1.000], [0.909, -0.416, 0.020, 1.000]]\n"},
		{"linear-map.html", "linear-map", "lm", "x: [[1, 2]]\nw: [[0.5, 0], [0, 0.25]]\nb: [0.1, 0.1]\ndigits: 2\nexpect:\n  y: [[0.60, 0.60]]\n"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			spec, res := evaluate(t, scope, c.typ, c.name, c.body)
			items := Plan(spec, res)
			for i := range items {
				items[i].Number = i + 1
			}
			got, err := Render(spec, res, items, mathml)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", c.file)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update, then read the file)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file; rerun with -update and review the diff", c.file)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ typ, name, body, want string }{
		{"nosuch", "x", "a: 1\n", "0:1: unknown directive {nosuch}"},
		{"attention", "", "q: [[1]]\n", "0:1: directive {attention} needs a name"},
		{"attention", "1x", "q: [[1]]\n", `0:1: directive name "1x"`},
		{"attention", "m", "q: [[1]\n", "1:4: YAML: sequence end token ']' not found"},
		{"attention", "m", "q: [[1]]\nk: [[1]]\nv: [[1]]\nvalues: 3\n", `4:1: unknown field "values" in {attention}`},
		{"attention", "m", "q: [[1]]\nk: [[1]]\n", `1:1: {attention} m: missing required field "v"`},
		{"attention", "m", "q: [[1]]\nk: [[1]]\nv: [[1]]\nshow: [weights, pie]\n", `4:17: show: unknown item "pie"`},
		{"attention", "m", "q: [[1]]\nk: [[1]]\nv: [[1]]\ndigits: 31\n", "4:9: digits: expected a whole number from 0 to 30, found 31"},
		{"attention", "m", "q: [[1]]\nk: [[1]]\nv: [[1]]\nexpect: 3\n", "4:9: expect: expected a mapping"},
		{"matrix", "V", "", "1:1: directive {matrix} V has an empty body"},
	}
	for _, c := range cases {
		_, errs := Parse(c.typ, c.name, []byte(c.body))
		if len(errs) == 0 {
			t.Errorf("Parse(%s %s, %q): no error, want %q", c.typ, c.name, c.body, c.want)
			continue
		}
		if got := errs[0].Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("Parse(%s %s, %q) = %q, want prefix %q", c.typ, c.name, c.body, got, c.want)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	scope := NewScope(nil)
	evaluate(t, scope, "matrix", "V", "rows: [[2, 0], [0, 2], [1, 1]]\n")
	cases := []struct{ body, want string }{
		{"q: [[1, 0]]\nk: [[1, 0, 0]]\nv: V\n", "2:4: k: has 3 columns, q has 2"},
		{"q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0]]\nv: V\n", "3:4: v: has 3 rows, k has 2"},
		{"q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1], [1, 1, 1]]\nv: V\n", "2:16: k: row 1 has 2 entries, row 0 has 3"},
		{"q: [[1, x, 1]]\nk: [[1]]\nv: V\n", "1:9: q[0][1]: expected a number"},
		{"q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: W\n", `3:4: v: unknown name "W"`},
		{"q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: V\nmask: [[0, 0, 0]]\n", "4:7: mask: query 0 sees no key"},
	}
	for _, c := range cases {
		spec, errs := Parse("attention", "m", []byte(c.body))
		if len(errs) > 0 {
			t.Fatalf("Parse(%q): %v", c.body, errs[0])
		}
		var r Runner
		_, errs = r.Evaluate(spec, scope, nil, nil)
		if len(errs) == 0 {
			t.Errorf("Evaluate(%q): no error, want %q", c.body, c.want)
			continue
		}
		if got := errs[0].Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("Evaluate(%q) = %q, want prefix %q", c.body, got, c.want)
		}
	}
}

func TestExpectMismatch(t *testing.T) {
	spec, errs := Parse("attention", "mix", []byte("q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nexpect:\n  weights: [[0.2992, 0.1680, 0.533]]\n  output: [[1.13]]\n"))
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var r Runner
	res, errs := r.Evaluate(spec, NewScope(nil), ExpectDigits(spec), nil)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	var got []string
	for _, e := range CheckExpect(spec, res) {
		got = append(got, e.Error())
	}
	want := []string{
		"5:22: expect mix.weights[0][1]: page says 0.1680, engine computes 0.1679",
		"6:12: expect mix.output[0]: expected 2 entries, found 1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CheckExpect:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFormatReferences(t *testing.T) {
	scope := NewScope(nil)
	evaluate(t, scope, "matrix", "V", "rows: [[2, 0.50], [0, 2], [1, 1]]\n")
	evaluate(t, scope, "attention", "mix", "q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nexpect:\n  weights: [[0.299160, 0.167943, 0.532897]]\n")
	imports := map[string]*Scope{"first-lab": scope}
	later := NewScope(imports)
	cases := []struct {
		scope  *Scope
		ref    string
		digits int
		want   string
	}{
		{scope, "mix.weights[0][2]", -1, "0.5329"},
		{scope, "mix.weights[0][2]", 6, "0.532897"},
		{scope, "mix.output[0]", -1, "(1.1312, 0.8688)"},
		{scope, "mix.scores[0][1]", -1, "0.0000"},
		{scope, "V[0][1]", -1, "0.50"},
		{scope, "V[0]", -1, "(2, 0.50)"},
		{later, "first-lab.mix.weights[0][0]", -1, "0.2992"},
		{later, "first-lab.V[2][0]", -1, "1"},
	}
	for _, c := range cases {
		ref, err := ParseReference(c.ref)
		if err != nil {
			t.Fatalf("ParseReference(%q): %v", c.ref, err)
		}
		res, err := c.scope.LookupRef(&ref)
		if err != nil {
			t.Errorf("LookupRef(%q): %v", c.ref, err)
			continue
		}
		got, err := Format(res, ref, c.digits)
		if err != nil || got != c.want {
			t.Errorf("Format(%q, %d) = %q, %v; want %q", c.ref, c.digits, got, err, c.want)
		}
	}
	for _, bad := range []string{"mix.weights[0][3]", "mix.weights[0", "mix.weights", "mix.nope[0]", "nobody[0]"} {
		ref, err := ParseReference(bad)
		if err == nil {
			var res *Result
			if res, err = scope.LookupRef(&ref); err == nil {
				_, err = Format(res, ref, -1)
			}
		}
		if err == nil {
			t.Errorf("reference %q: no error", bad)
		}
	}
}

// TestChainedInputIsExact: a directive taking an earlier result as input
// receives it certified to ChainDigits significant digits, not float64's
// shortest decimal, so an identity map of mix.output certified to 20
// places prints the same digits as mix.output itself.
func TestChainedInputIsExact(t *testing.T) {
	r := &Runner{}
	scope := NewScope(nil)
	mixSpec, errs := Parse("attention", "mix", []byte("q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\ndigits: 20\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	mix, errs := r.Evaluate(mixSpec, scope, nil, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	scope.Define(mix)
	idSpec, errs := Parse("linear-map", "id", []byte("x: mix.output\nw: [[1, 0], [0, 1]]\ndigits: 20\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	id, errs := r.Evaluate(idSpec, scope, nil, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := mix.Decimals[20]["output"].Values
	got := id.Decimals[20]["y"].Values
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("identity of mix.output at 20 places = %v, want %v", got, want)
	}
	if want[0] != "1.13121626216260335901" {
		t.Errorf("mix.output[0][0] at 20 places = %s, want 1.13121626216260335901 (the audit's value)", want[0])
	}
	if x := id.Inputs["x"].Rows[0][0]; len(x) < 40 {
		t.Errorf("chained input x[0][0] = %s: fewer than 40 significant digits", x)
	}
}
