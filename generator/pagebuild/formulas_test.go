package pagebuild

import (
	"fmt"
	"testing"

	"paperlab/generator/texmath"
)

// TestFormulasConvertsAsTexmath checks that the memo answers exactly what
// texmath.Convert does, the first time and from the memo, for good and
// bad TeX, inline and display, and that it stops growing at its bound.
func TestFormulasConvertsAsTexmath(t *testing.T) {
	var nilMemo *Formulas
	memo := &Formulas{}
	for _, tex := range []string{`\alpha_{ij} \ge 0`, `\varepsilon = 2^{-53}`, `\frac{1}{`, `x^2`} {
		for _, display := range []bool{false, true} {
			want, wantErr := texmath.Convert(tex, texmath.Options{Display: display})
			for i, f := range []*Formulas{nilMemo, memo, memo} {
				got, err := f.Convert(tex, display)
				if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("%q display %t, call %d: %q, %v; want %q, %v", tex, display, i, got, err, want, wantErr)
				}
			}
		}
	}
	if n := memo.n.Load(); n != 8 {
		t.Errorf("the memo holds %d formulas, want 8", n)
	}
	for i := range maxFormulas + 10 {
		memo.Convert(fmt.Sprintf("x_{%d}", i), false)
	}
	if n := memo.n.Load(); n != maxFormulas {
		t.Errorf("the memo grew to %d formulas, want at most %d", n, maxFormulas)
	}
}
