package compute

import (
	"fmt"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// PEShiftRequest asks whether shifting every position by Shift is a linear
// map of the sinusoidal encodings of §3.5: PE(pos + k) = PE(pos) M_k for
// one matrix M_k that does not depend on pos.
type PEShiftRequest struct {
	Positions int    // n: positions 0…n−1
	DModel    int    // d_model, even
	Shift     int    // k ≥ 1
	Base      Number // when unset, 10000; must be > 0
}

// PEShiftResult is pe_shift's result. Its numeric fields are "shift_map"
// (d×d: M_k, one 2×2 rotation by k·ωᵢ per frequency ωᵢ = base^(−2i/d)),
// "shifted" (n×d: PE(pos + k) computed directly), "mapped" (n×d:
// PE(pos) M_k) and "max_difference" (the largest |shifted − mapped|, 0 in
// exact arithmetic).
type PEShiftResult struct {
	ShiftMap, Shifted, Mapped [][]float64
	MaxDifference             float64
	Checks                    []Check
	fieldSet
}

// PEShift builds M_k from the angle-addition formulas
// sin(ω(p+k)) = sin(ωp)cos(ωk) + cos(ωp)sin(ωk) and
// cos(ω(p+k)) = cos(ωp)cos(ωk) − sin(ωp)sin(ωk), then compares PE(p) M_k
// with PE(p+k) for every p.
func PEShift(req PEShiftRequest) (*PEShiftResult, error) {
	n, d, k := req.Positions, req.DModel, req.Shift
	switch {
	case n < 1:
		return nil, fieldErrorf("positions", "must be ≥ 1, got %d", n)
	case d < 2 || d%2 != 0:
		return nil, fieldErrorf("d_model", "must be even and ≥ 2 (each frequency needs its sine and its cosine), got %d", d)
	case k < 1:
		return nil, fieldErrorf("shift", "must be ≥ 1, got %d", k)
	case n+k > MaxRows:
		return nil, fmt.Errorf("positions + shift = %d is more than the limit of %d", n+k, MaxRows)
	case d > MaxCols:
		return nil, fieldErrorf("d_model", "%d is more than the limit of %d", d, MaxCols)
	case (n+k)*d+d*d > MaxEntries:
		return nil, fmt.Errorf("(positions + shift + d_model) × d_model = %d entries, more than the limit of %d", (n+k)*d+d*d, MaxEntries)
	}
	base := req.Base
	if !base.IsSet() {
		base, _ = ParseNumber("10000")
	}
	if base.exact.Sign() <= 0 || base.f == 0 {
		return nil, fieldErrorf("base", "must be > 0, got %s", base)
	}
	pe, err := PositionalEncoding(PositionalEncodingRequest{Positions: n + k, DModel: d, Base: base})
	if err != nil {
		return nil, err
	}
	all := pe.fieldSet.values["pe"].Values
	shiftMap := make([]float64, d*d)
	for c := 0; c < d; c += 2 {
		w := 1 / math.Pow(base.f, float64(c)/float64(d))
		s, co := math.Sincos(float64(k) * w)
		shiftMap[c*d+c], shiftMap[c*d+c+1] = co, -s
		shiftMap[(c+1)*d+c], shiftMap[(c+1)*d+c+1] = s, co
	}
	shifted := append([]float64(nil), all[k*d:]...)
	mapped := mul(all[:n*d], n, d, shiftMap, d)
	worst := 0.0
	for i := range shifted {
		worst = math.Max(worst, math.Abs(shifted[i]-mapped[i]))
	}
	var cs checks
	bound := 16 * float64(n+k+2) * eps
	cs.add("shift_is_linear", worst <= bound, "max over positions of |PE(pos + k) − PE(pos) M_k| = %.3g, bound 16(n + k + 2)ε = %.3g (n = %d, k = %d)", worst, bound, n, k)
	checkProduct(&cs, "mapped_recomputed", "mapped", all[:n*d], shiftMap, mapped, n, d, d, nil)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &PEShiftResult{ShiftMap: unflatten(shiftMap, d, d), Shifted: unflatten(shifted, n, d), Mapped: unflatten(mapped, n, d), MaxDifference: worst, Checks: cs.list}
	res.add("shift_map", []int{d, d}, shiftMap)
	res.add("shifted", []int{n, d}, shifted)
	res.add("mapped", []int{n, d}, mapped)
	res.add("max_difference", nil, []float64{worst})
	res.work = 1000*(n+k)*d + n*d*d
	res.eval = func(a *arith) map[string][]ball {
		enc := pe.eval(a)["pe"]
		m := make([]ball, d*d)
		for i := range m {
			m[i] = intBall(0)
		}
		lnBase := a.ln(exactBall(base.exact))
		for c := 0; c < d; c += 2 {
			inv := a.exp(a.mul(a.quo(intBall(int64(-c)), intBall(int64(d))), lnBase))
			s, co := a.sinCos(a.mul(intBall(int64(k)), inv))
			m[c*d+c], m[c*d+c+1] = co, ball{m: negate(s.m), r: s.r}
			m[(c+1)*d+c], m[(c+1)*d+c+1] = s, co
		}
		sh := enc[k*d:]
		mp := make([]ball, n*d)
		diff := ball{m: intBall(0).m}
		for p := range n {
			for j := range d {
				// Only the 2×2 block of column j is non-zero.
				c := j - j%2
				acc := a.add(a.mul(enc[p*d+c], m[c*d+j]), a.mul(enc[p*d+c+1], m[(c+1)*d+j]))
				mp[p*d+j] = acc
				dj := a.sub(sh[p*d+j], acc)
				if hiAbs(dj.m)+dj.r > hiAbs(diff.m)+diff.r {
					diff = ball{m: abs(dj.m), r: dj.r}
				}
			}
		}
		return map[string][]ball{"shift_map": m, "shifted": sh, "mapped": mp, "max_difference": {diff}}
	}
	return res, nil
}

// negate returns −x.
func negate(x *apd.Decimal) *apd.Decimal { return new(apd.Decimal).Neg(x) }

// abs returns |x|.
func abs(x *apd.Decimal) *apd.Decimal { return new(apd.Decimal).Abs(x) }
