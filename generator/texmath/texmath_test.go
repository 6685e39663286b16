package texmath

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestErrors checks that invalid input is rejected at the offset of the
// offending token, with a message saying what is wrong.
func TestErrors(t *testing.T) {
	tests := []struct {
		tex     string
		offset  int
		msg     string // a substring of the message
		snippet string // a substring of the snippet
	}{
		{`x^{2`, 4, `expected "}" to close "{"`, "end of input"},
		{`a}`, 1, `unexpected "}"`, "}"},
		{`\softmax(x)`, 0, `unknown command \softmax`, `\softmax`},
		{`\sqr{x}`, 0, `unknown command \sqr (did you mean \sqrt?)`, `\sqr`},
		{`a + \alpah`, 4, `unknown command \alpah (did you mean \alpha?)`, `\alpah`},
		{`\begin{pmatrx} a \end{pmatrx}`, 0, `unknown environment "pmatrx" (did you mean "pmatrix"?)`, `\begin`},
		{`a + \foo`, 4, `unknown command \foo`, `\foo`},
		{`\frac{a}`, 0, `missing argument of \frac`, `\frac`},
		{`x^`, 1, `missing superscript`, `^`},
		{`x_`, 1, `missing subscript`, `_`},
		{`\sqrt`, 0, `missing argument of \sqrt`, `\sqrt`},
		{`a & b`, 2, `"&" outside an environment`, `&`},
		{`\left( \frac{a}{b}`, 0, `\left without a matching \right`, `\left`},
		{`\frac{a}{b} \right)`, 12, `\right without a matching \left`, `\right`},
		{`\begin{pmatrix} a & b`, 0, `without a matching \end{pmatrix}`, `\begin`},
		{`\begin{pmatrix} a \end{bmatrix}`, 18, `ended by \end{bmatrix}`, `\end`},
		{`\begin{foo} x \end{foo}`, 0, `unknown environment "foo"`, `\begin`},
		{`x^a^b`, 3, `double superscript`, `^`},
		{`x_a_b`, 3, `double subscript`, `_`},
		{`\text{unclosed`, 14, `expected "}"`, `end of input`},
		{`\left x \right)`, 6, `invalid delimiter "x" after \left`, `x`},
		{`\color{red} x`, 0, `\color is not supported`, `\color`},
		{`\textcolor{red}{x}`, 0, `not supported`, `\textcolor`},
		{`\middle|`, 0, `\middle without a matching \left`, `\middle`},
		{`\end{align}`, 0, `\end without a matching \begin`, `\end`},
		{`x \limits`, 2, `\limits is allowed only after an operator`, `\limits`},
		{`\eqref{eq:x}`, 0, `unknown equation label "eq:x"`, `\eqref`},
		{`\begin{cases} a & b & c \end{cases}`, 20, `too many columns in cases`, `&`},
		{`\sqrt[3{x}`, 10, `expected "]" to close "["`, `end of input`},
		{`a \\`, -1, ``, ``}, // valid: a trailing line break
		{`\hspace{wide}`, 0, `invalid length "wide"`, `\hspace`},
		{`\text{\foo}`, 6, `unknown command \foo in text`, `\foo`},
		{"x \\", 2, `lone backslash`, `\`},
		{`#1`, 0, `macro parameter #1 outside a macro body`, `#1`},
		{`\tag{1}`, 0, `\tag is not supported`, `\tag`},
		{`\begin{array}{cq} a \end{array}`, 0, `invalid column specification`, `\begin`},
	}
	for _, tt := range tests {
		_, err := Convert(tt.tex, Options{})
		if tt.offset < 0 {
			if err != nil {
				t.Errorf("Convert(%q): unexpected error %v", tt.tex, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Convert(%q) = %v, want an *Error", tt.tex, err)
			continue
		}
		if e.Offset != tt.offset || !strings.Contains(e.Msg, tt.msg) || !strings.Contains(e.Snippet, tt.snippet) {
			t.Errorf("Convert(%q): got offset %d, msg %q, snippet %q; want offset %d, msg containing %q, snippet containing %q",
				tt.tex, e.Offset, e.Msg, e.Snippet, tt.offset, tt.msg, tt.snippet)
		}
	}
}

// TestErrorRelated checks that an error involving two tokens points at
// both: the place of the problem and the token it concerns.
func TestErrorRelated(t *testing.T) {
	tests := []struct {
		tex             string
		offset, end     int
		related, relEnd int
		note            string
	}{
		{`x^{2`, 4, 4, 2, 3, `the "{" opened here`},
		{`\frac{q}{\sqrt{d_k} + 1`, 23, 23, 8, 9, `the "{" opened here`},
		{`\sqrt[3{x}`, 10, 10, 5, 6, `the "[" opened here`},
		{`{a \end{x}}`, 3, 7, 0, 1, `the "{" opened here`},
		{`\left( a & b \right)`, 9, 10, 0, 5, `the \left is here`},
		{`\begin{pmatrix} a \end{bmatrix}`, 18, 22, 0, 6, `the \begin{pmatrix} is here`},
		{`\label{eq:a`, 11, 11, 6, 7, `the "{" opened here`},
	}
	for _, tt := range tests {
		_, err := Convert(tt.tex, Options{})
		if tt.tex[1] == 'l' && tt.tex[2] == 'a' {
			_, err = Labels(tt.tex)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: got %v, want an *Error", tt.tex, err)
			continue
		}
		if e.Offset != tt.offset || e.End != tt.end || len(e.Related) != 1 ||
			e.Related[0].Offset != tt.related || e.Related[0].End != tt.relEnd || e.Related[0].Msg != tt.note {
			t.Errorf("%q: got %d-%d %+v, want %d-%d related %d-%d %q", tt.tex, e.Offset, e.End, e.Related, tt.offset, tt.end, tt.related, tt.relEnd, tt.note)
		}
	}
}

// TestErrorString checks the formatting of Error.
func TestErrorString(t *testing.T) {
	e := &Error{Offset: 4, Msg: `unknown command \foo`, Snippet: `\foo`}
	if got, want := e.Error(), `offset 4: unknown command \foo (at \foo)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e.Snippet = ""
	if got, want := e.Error(), `offset 4: unknown command \foo`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestMaxDepth checks the nesting limit, its default and its option.
func TestMaxDepth(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("{", n) + "x" + strings.Repeat("}", n) }
	if _, err := Convert(deep(DefaultMaxDepth-1), Options{}); err != nil {
		t.Errorf("depth %d: %v", DefaultMaxDepth-1, err)
	}
	_, err := Convert(deep(DefaultMaxDepth+1), Options{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "nesting deeper than 64") || e.Offset != DefaultMaxDepth {
		t.Errorf("depth %d: got %v, want a nesting error at offset %d", DefaultMaxDepth+1, err, DefaultMaxDepth)
	}
	if _, err := Convert(deep(5), Options{MaxDepth: 4}); err == nil {
		t.Error("MaxDepth 4: depth 5 accepted")
	}
	if _, err := Convert(`\frac{\frac{\frac{a}{b}}{c}}{d}`, Options{MaxDepth: 3}); err == nil {
		t.Error("MaxDepth 3: nested fractions accepted")
	}
	if _, err := Convert(strings.Repeat(`\sqrt`, 200)+"x", Options{}); err == nil {
		t.Error(`200 nested \sqrt accepted`)
	}
	if _, err := Convert(strings.Repeat(`\left(`, 100)+"x"+strings.Repeat(`\right)`, 100), Options{}); err == nil {
		t.Error(`100 nested \left accepted`)
	}
}

// TestDocument checks the <math> wrapper: display attribute, semantics and
// the annotation holding the source exactly, escaped.
func TestDocument(t *testing.T) {
	tex := `a<b \text{&} \ \frac{1}{2}`
	got, err := Convert(tex, Options{Display: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, `<math display="block"><semantics><mrow>`) {
		t.Errorf("display output starts %q", got[:40])
	}
	want := `<annotation encoding="application/x-tex">a&lt;b \text{&amp;} \ \frac{1}{2}</annotation></semantics></math>`
	if !strings.HasSuffix(got, want) {
		t.Errorf("output %q does not end with %q", got, want)
	}
	inline, err := Convert("x", Options{})
	if err != nil || inline != `<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>` {
		t.Errorf("inline x: %q, %v", inline, err)
	}
	empty, err := Convert("", Options{})
	if err != nil || !strings.HasPrefix(empty, `<math><semantics><mrow></mrow>`) {
		t.Errorf("empty: %q, %v", empty, err)
	}
}

// TestWellFormed checks that outputs are well-formed XML whose <semantics>
// has exactly two children (the rendering and the annotation).
func TestWellFormed(t *testing.T) {
	for _, tex := range []string{`a<b\&c`, `\text{<&>}`, `\begin{cases}a&b\end{cases}`, `\eqref{a}`, `x \\ y`, `"`, `\operatorname{a\,b}_x`} {
		got, err := Convert(tex, Options{Ref: func(string) (string, string, bool) { return "1", `#eq-"a"&b`, true }})
		if err != nil {
			t.Errorf("Convert(%q): %v", tex, err)
			continue
		}
		if err := checkXML(got); err != nil {
			t.Errorf("Convert(%q) = %s: %v", tex, got, err)
		}
	}
}

// checkXML reports whether s is well-formed XML with one root element whose
// <semantics> child has exactly two element children.
func checkXML(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	depth, semChildren := 0, 0
	semDepth := -1
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if semDepth >= 0 && depth == semDepth {
				semChildren++
			}
			if tok.Name.Local == "semantics" {
				semDepth = depth + 1
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 {
		return errors.New("unbalanced elements")
	}
	if semChildren != 2 {
		return errors.New("semantics does not have exactly two children")
	}
	return nil
}

// TestLabels checks that labels are found in order with their offsets.
func TestLabels(t *testing.T) {
	tex := `\begin{align} a &= b \label{eq:first} \\ c &= d \label{ eq:second } \end{align}`
	got, err := Labels(tex)
	if err != nil {
		t.Fatal(err)
	}
	want := []Label{{"eq:first", strings.Index(tex, `\label{eq:first}`)}, {"eq:second", strings.Index(tex, `\label{ eq:second }`)}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Labels = %+v, want %+v", got, want)
	}
	if got, err := Labels(`x^2`); err != nil || len(got) != 0 {
		t.Errorf("Labels(no label) = %v, %v", got, err)
	}
	for _, bad := range []string{`\label`, `\label{x`, `x\`} {
		if _, err := Labels(bad); err == nil {
			t.Errorf("Labels(%q): no error", bad)
		}
	}
	// \label is dropped from the rendering.
	out, err := Convert(`E=mc^2 \label{eq:e}`, Options{Display: true})
	if err != nil || strings.Contains(inner(t, out), "eq:e") {
		t.Errorf("Convert with label: %q, %v", out, err)
	}
}

// TestRefs checks \eqref and \ref through Options.Ref.
func TestRefs(t *testing.T) {
	ref := func(label string) (string, string, bool) {
		if label == "eq:attention" {
			return "3", "#eq-attention", true
		}
		return "", "", false
	}
	got, err := Convert(`\text{by } \eqref{eq:attention}`, Options{Ref: ref})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<mtext><a href="#eq-attention">(3)</a></mtext>`; !strings.Contains(got, want) {
		t.Errorf("eqref: %s does not contain %s", got, want)
	}
	got, err = Convert(`\ref{eq:attention}`, Options{Ref: ref})
	if err != nil || !strings.Contains(got, `<a href="#eq-attention">3</a>`) {
		t.Errorf("ref: %s, %v", got, err)
	}
	_, err = Convert(`x + \eqref{eq:missing}`, Options{Ref: ref})
	var e *Error
	if !errors.As(err, &e) || e.Offset != 4 || e.Msg != `unknown equation label "eq:missing"` {
		t.Errorf("unknown label: %v", err)
	}
}

// TestMacros checks user macros: plain, with arguments, overriding and
// recursion guards.
func TestMacros(t *testing.T) {
	macros := map[string]string{
		"R":     `\mathbb{R}`,
		"norm":  `\left\|#1\right\|`,
		"pair":  `(#1, #2)`,
		"loop":  `\loop`,
		"grow":  `\grow\grow`,
		"twice": `#1#1`,
		"boom":  `\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{\twice{x}}}}}}}}}}}}}}`,
		"bad":   `\`,
		"sin":   `\operatorname{SIN}`,
	}
	tests := []struct {
		tex, want, err string
	}{
		{`x \in \R^n`, `<mi>x</mi><mo>∈</mo><msup><mi>ℝ</mi><mi>n</mi></msup>`, ""},
		{`\norm{x}_2`, `<msub><mrow><mo fence="true" form="prefix" stretchy="true">‖</mo><mi>x</mi><mo fence="true" form="postfix" stretchy="true">‖</mo></mrow><mn>2</mn></msub>`, ""},
		{`\pair{a}b`, `<mo stretchy="false">(</mo><mi>a</mi><mo separator="true">,</mo><mi>b</mi><mo stretchy="false">)</mo>`, ""},
		{`\sin`, `<mi>SIN</mi>`, ""},
		{`\loop`, "", `too many macro expansions`},
		{`\grow`, "", `too many macro expansions`},
		{`\boom`, "", `macro`},
		{`\bad`, "", `in the body of macro \bad`},
		{`\pair{a}`, "", `missing argument 2 of macro \pair`},
		{`\norm{x`, "", `expected "}"`},
	}
	for _, tt := range tests {
		got, err := Convert(tt.tex, Options{Macros: macros})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Convert(%q) error = %v, want %q", tt.tex, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Convert(%q): %v", tt.tex, err)
			continue
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("Convert(%q) = %s, want it to contain %s", tt.tex, got, tt.want)
		}
	}
	// Errors inside a macro body point at the macro call.
	_, err := Convert(`a + \pair{\foo}{b}`, Options{Macros: macros})
	var e *Error
	if !errors.As(err, &e) || e.Offset != 10 {
		t.Errorf("error in argument: %v, want offset 10", err)
	}
	_, err = Convert(`a + \R2`, Options{Macros: map[string]string{"R": `\mathbb{R`}})
	if !errors.As(err, &e) || len(e.Related) != 1 || e.Related[0].Offset != 4 {
		t.Errorf("error in body: %v, want the brace at offset 4", err)
	}
}

// TestStyles checks that display style follows TeX: fractions and scripts
// switch to text style, \dfrac and aligned environments to display style.
func TestStyles(t *testing.T) {
	tests := []struct {
		tex     string
		display bool
		limits  bool // whether \sum takes its subscript as a limit
	}{
		{`\sum_i`, true, true},
		{`\sum_i`, false, false},
		{`\frac{\sum_i}{2}`, true, false},
		{`\dfrac{\sum_i}{2}`, false, true},
		{`x^{\sum_i}`, true, false},
		{`\begin{aligned}\sum_i\end{aligned}`, false, true},
		{`\begin{pmatrix}\sum_i\end{pmatrix}`, true, false},
		{`\begin{cases}\sum_i & x\end{cases}`, true, false},
		{`\begin{dcases}\sum_i & x\end{dcases}`, false, true},
		{`\displaystyle \sum_i`, false, true},
		{`\textstyle \sum_i`, true, false},
		{`\left(\sum_i\right)`, true, true},
		{`\sqrt{\sum_i}`, true, true},
	}
	for _, tt := range tests {
		got, err := Convert(tt.tex, Options{Display: tt.display})
		if err != nil {
			t.Errorf("Convert(%q): %v", tt.tex, err)
			continue
		}
		if limits := strings.Contains(got, "<munder>"); limits != tt.limits {
			t.Errorf("Convert(%q, display=%v): limits %v, want %v: %s", tt.tex, tt.display, limits, tt.limits, got)
		}
	}
}

// TestNum checks \num: the value the resolver gives is converted in place
// (a number as one <mn>, a vector with its parentheses), \num[6] passes
// the digits, and a failed look-up is an error at the argument.
func TestNum(t *testing.T) {
	values := map[string]string{"mix.weights[0][2]": "0.5329", "mix.output[0]": "(1.1312, 0.8688)", "neg": "-0.25"}
	var gotDigits []int
	opts := Options{Num: func(ref string, digits int) (string, error) {
		gotDigits = append(gotDigits, digits)
		if digits == 6 {
			return "0.532897", nil
		}
		if v, ok := values[ref]; ok {
			return v, nil
		}
		return "", errors.New(`unknown name "zzz"`)
	}}
	cases := []struct{ tex, want, annotation string }{
		{`\alpha_3 = \num{mix.weights[0][2]}`, `<mo>=</mo><mn>0.5329</mn>`, `\alpha_3 = 0.5329`},
		{`o = \num{mix.output[0]}`, `<mo>=</mo><mrow><mo stretchy="false">(</mo><mn>1.1312</mn><mo separator="true">,</mo><mn>0.8688</mn><mo stretchy="false">)</mo></mrow>`, `o = (1.1312, 0.8688)`},
		{`\num[6]{mix.weights[0][2]}`, `<mn>0.532897</mn>`, `0.532897`},
		{`x = \num{neg} + \num{neg}`, `<mo>−</mo><mn>0.25</mn>`, `x = -0.25 + -0.25`},
	}
	for _, c := range cases {
		got, err := Convert(c.tex, opts)
		if err != nil || !strings.Contains(got, c.want) {
			t.Errorf("Convert(%q) = %s, %v; want it to contain %s", c.tex, got, err, c.want)
		}
		// The annotation shows the values, so that the TeX can be copied.
		if !strings.Contains(got, `<annotation encoding="application/x-tex">`+c.annotation+`</annotation>`) {
			t.Errorf("Convert(%q): annotation should be %q: %s", c.tex, c.annotation, got)
		}
	}
	if len(gotDigits) < 3 || gotDigits[0] != -1 || gotDigits[2] != 6 {
		t.Errorf("digits passed to Num = %v, want -1, -1, 6, …", gotDigits)
	}
	errCases := []struct {
		tex         string
		offset, end int
		msg         string
	}{
		{`a + \num{zzz.y[0]}`, 9, 17, `\num{zzz.y[0]}: unknown name "zzz"`},
		{`\num[x]{mix.output[0]}`, 5, 6, `expected a number of places from 0 to 30`},
		{`\num`, 0, 4, `missing argument of \num`},
	}
	for _, c := range errCases {
		_, err := Convert(c.tex, opts)
		var e *Error
		if !errors.As(err, &e) || e.Offset != c.offset || e.End != c.end || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("Convert(%q) = %v (%+v), want an error at %d-%d containing %q", c.tex, err, e, c.offset, c.end, c.msg)
		}
	}
	// Two look-ups that fail are both reported.
	_, err := Convert(`\num{zzz} + \num{yyy}`, opts)
	var e *Error
	if !errors.As(err, &e) || e.Offset != 5 || len(e.Also) != 1 || e.Also[0].Offset != 17 {
		t.Errorf("two failed \\num: got %v (%+v), want errors at 5 and 17", err, e)
	}
	if _, err := Convert(`\num{x}`, Options{}); err == nil || !strings.Contains(err.Error(), `unknown command \num`) {
		t.Errorf("without Num, \\num must be an unknown command; got %v", err)
	}
}
