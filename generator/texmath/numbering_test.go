package texmath

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		tex  string
		want Numbering
	}{
		{`x = 1`, Numbering{Rows: []EqRow{{}}}},
		{`x = 1 \label{eq:a}`, Numbering{Rows: []EqRow{{Labels: []Label{{"eq:a", 6}}}}}},
		{`x \tag{3.1}`, Numbering{Rows: []EqRow{{Tags: []Tag{{"3.1", false, 2}}}}}},
		{`x \tag*{A}\label{eq:x}`, Numbering{Rows: []EqRow{{Labels: []Label{{"eq:x", 10}}, Tags: []Tag{{"A", true, 2}}}}}},
		{`\begin{equation} x \end{equation}`, Numbering{Rows: []EqRow{{Auto: true}}}},
		{`\begin{equation*} x \end{equation*}`, Numbering{Rows: []EqRow{{}}}},
		// Rows of an align: numbered by default, \notag, \label and \tag per row.
		{`\begin{align} a &= b \label{eq:a} \\ c &= d \notag \\ e &= f \tag{2b} \end{align}`, Numbering{Multi: true, Rows: []EqRow{
			{Auto: true, Labels: []Label{{"eq:a", 21}}},
			{Auto: true, NoTag: true},
			{Auto: true, Tags: []Tag{{"2b", false, 61}}},
		}}},
		// A trailing \\ adds no row; align* rows are not numbered unless tagged.
		{`\begin{align*} a \\ b \tag{1} \\ \end{align*}`, Numbering{Multi: true, Rows: []EqRow{{}, {Tags: []Tag{{"1", false, 22}}}}}},
		{`\begin{gather} a \\ b \nonumber \end{gather}`, Numbering{Multi: true, Rows: []EqRow{{Auto: true}, {Auto: true, NoTag: true}}}},
		// An aligned inside a formula is one line; its labels are the line's.
		{`\left\{\begin{aligned} a \label{eq:p} \\ b \end{aligned}\right.`, Numbering{Rows: []EqRow{{Labels: []Label{{"eq:p", 25}}}}}},
		// An align with something beside it is one line too.
		{`x \begin{align} a \label{eq:q} \\ b \end{align}`, Numbering{Rows: []EqRow{{Labels: []Label{{"eq:q", 18}}}}}},
	}
	for _, tt := range tests {
		got, err := Number(tt.tex, Options{})
		if err != nil {
			t.Errorf("Number(%q): %v", tt.tex, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Number(%q) =\n %+v\nwant\n %+v", tt.tex, got, tt.want)
		}
	}
}

func TestRowTags(t *testing.T) {
	tex := `\begin{align} a &= b \\ c &= d \notag \\ e &= f \end{align}`
	out, err := Convert(tex, Options{Display: true, RowTags: []RowTag{{"(1)", "eq-first"}, {}, {"(2)", ""}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<mtable displaystyle="true" class="tml-tagged" style="width:100%" columnalign="center right left right">`,
		`<mtr id="eq-first"><mtd class="tml-glue" style="padding:0;width:50%"></mtd><mtd class="tml-right"`,
		`<mtd class="tml-right tml-tag" style="padding:0 0 0 2em;width:50%"><mtext>(1)</mtext></mtd></mtr>`,
		`<mtr><mtd class="tml-glue" style="padding:0;width:50%"></mtd>`,
		`<mtd class="tml-right tml-tag" style="padding:0 0 0 2em;width:50%"></mtd></mtr>`,
		`<mtext>(2)</mtext>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "<mtr") != 3 {
		t.Errorf("want 3 rows:\n%s", out)
	}
	// Without RowTags, and for a formula that is not row-numbered, the
	// table is written as before.
	plain, _ := Convert(tex, Options{Display: true})
	if strings.Contains(plain, "tml-tag") {
		t.Errorf("untagged align has tags:\n%s", plain)
	}
	one, _ := Convert(`x \tag{1}`, Options{Display: true, RowTags: []RowTag{{"(1)", ""}}})
	if strings.Contains(one, "(1)") || strings.Contains(one, "mtable") {
		t.Errorf("a one-line formula takes no row tags:\n%s", one)
	}
}

func TestNumbers(t *testing.T) {
	// Numbers are grouped into one <mn> as Temml groups them.
	tests := []struct{ tex, want string }{
		{`x = 0.`, `<mi>x</mi><mo>=</mo><mn>0.</mn>`},
		{`1,000`, `<mn>1,000</mn>`},
		{`1{,}000`, `<mn>1,000</mn>`},
		{`0.5`, `<mn>0.5</mn>`},
		{`.5`, `<mn>.5</mn>`},
		{`3.x`, `<mn>3.</mn><mi>x</mi>`},
		{`1 000`, `<mn>1000</mn>`},
		{`(1, 2)`, `<mn>1</mn><mo separator="true">,</mo><mn>2</mn>`},
		{`a.b`, `<mi>a</mi><mi>.</mi><mi>b</mi>`},
		{`x^23`, `<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>`},
		{`2.5^2`, `<msup><mn>2.5</mn><mn>2</mn></msup>`},
	}
	for _, tt := range tests {
		out, err := Convert(tt.tex, Options{})
		if err != nil {
			t.Errorf("Convert(%q): %v", tt.tex, err)
			continue
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("Convert(%q) = %s\nwant it to contain %s", tt.tex, out, tt.want)
		}
	}
}

// TestNumberWithoutParse checks Number's shortcut for formulas that can hold
// no numbering (unnumbered) against a full parse, over every formula of
// the corpus and the extra inputs, plain and with page macros, some of
// which hide a \label or an environment.
func TestNumberWithoutParse(t *testing.T) {
	var texs []string
	for _, name := range []string{"testdata/corpus/public.jsonl", "testdata/extra.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var c struct{ TeX string }
			if err := json.Unmarshal([]byte(line), &c); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			texs = append(texs, c.TeX)
		}
	}
	texs = append(texs, `\R^n`, `\eq`, `\RR + \R`, `x \num{w.0}`, `x = \x`)
	macros := []map[string]string{
		nil,
		{"R": `\mathbb{R}`},
		{"eq": `x \label{eq:hidden}`, "x": `\begin{aligned} a \\ b \end{aligned}`},
	}
	shortcuts := 0
	for _, m := range macros {
		for _, tex := range texs {
			opts := Options{Macros: m, Num: func(string, int) (string, error) { return "0", nil }}
			got, gotErr := Number(tex, opts)
			opts.Display = true
			_, want, wantErr := parseNumbered(tex, opts)
			if unnumbered(tex, m) {
				shortcuts++
				if wantErr != nil {
					continue // Convert reports it; Number's callers fall back to Labels
				}
			}
			if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("Number(%q) with macros %v = %+v, %v; the parse gives %+v, %v", tex, m, got, gotErr, want, wantErr)
			}
		}
	}
	if shortcuts < len(texs) {
		t.Errorf("only %d of %d formulas took the shortcut", shortcuts, len(texs)*len(macros))
	}
}
