package texmath

import (
	"errors"
	"testing"
)

// fuzzMacros exercises macro expansion, including the recursion guards.
var fuzzMacros = map[string]string{
	"R":     `\mathbb{R}`,
	"norm":  `\left\|#1\right\|`,
	"pair":  `(#1,#2)`,
	"loop":  `\loop`,
	"twice": `#1#1`,
}

// FuzzConvert checks that no input up to 4 KB makes Convert or Labels panic
// (a hang shows as the fuzzer's own timeout; no wall-clock assertion here), that errors are *Error with an offset inside the input, and
// that every output is well-formed XML. The seed corpus is in
// testdata/fuzz/FuzzConvert.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{`x^2`, `\frac{a}{b}`, `\begin{pmatrix}a&b\\c&d\end{pmatrix}`, `\left(\norm{x}\right)`, `\text{a $b$ c}`, `\twice{\twice{x}}`} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, tex string, display bool) {
		if len(tex) > 4096 {
			return
		}
		out, err := Convert(tex, Options{Display: display, Macros: fuzzMacros, Ref: func(l string) (string, string, bool) { return "1", "#" + l, l != "" }})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Convert(%q): error %v is not an *Error", tex, err)
			}
			if e.Offset < 0 || e.Offset > len(tex) {
				t.Fatalf("Convert(%q): offset %d outside the input", tex, e.Offset)
			}
		} else if xerr := checkXML(out); xerr != nil {
			t.Fatalf("Convert(%q) = %s: %v", tex, out, xerr)
		}
		labels, err := Labels(tex)
		if err == nil {
			for _, l := range labels {
				if l.Offset < 0 || l.Offset >= len(tex) {
					t.Fatalf("Labels(%q): offset %d outside the input", tex, l.Offset)
				}
			}
		}
	})
}
