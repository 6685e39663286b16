package pagebuild

import (
	"sync"
	"sync/atomic"

	"paperlab/generator/texmath"
)

// Formulas remembers the MathML of the formulas that directives write
// themselves: the TeX of their check sentences ("$\alpha_{ij} \ge 0$",
// "$\varepsilon = 2^{-53}$") and worked sums. They repeat from directive
// to directive (on the 1,000-lab benchmark site, 26,000 such conversions
// have 344 distinct formulas), so a build converts each once. The math an
// author writes is not remembered: it is converted where it stands. Safe
// for concurrent use; the zero value is ready, and it stops growing at
// maxFormulas entries.
type Formulas struct {
	m sync.Map // formulaKey → formula
	n atomic.Int64
}

// maxFormulas bounds the memo: a site whose directives write many
// distinct numbers converts the rest afresh.
const maxFormulas = 20000

type formulaKey struct {
	tex     string
	display bool
}

type formula struct {
	mathml string
	err    error
}

// Convert returns texmath.Convert's result for tex, from the memo when it
// is there. A nil *Formulas converts every time.
func (f *Formulas) Convert(tex string, display bool) (string, error) {
	if f == nil {
		return texmath.Convert(tex, texmath.Options{Display: display})
	}
	k := formulaKey{tex, display}
	if v, ok := f.m.Load(k); ok {
		r := v.(formula)
		return r.mathml, r.err
	}
	mathml, err := texmath.Convert(tex, texmath.Options{Display: display})
	if f.n.Load() < maxFormulas {
		if _, loaded := f.m.LoadOrStore(k, formula{mathml, err}); !loaded {
			f.n.Add(1)
		}
	}
	return mathml, err
}
