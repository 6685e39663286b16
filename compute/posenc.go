package compute

import (
	"fmt"
	"math"
)

// PositionalEncodingRequest asks for the sinusoidal encoding of §3.5.
type PositionalEncodingRequest struct {
	Positions int    // n: positions 0…n−1
	DModel    int    // d_model
	Base      Number // when unset, 10000; must be > 0
}

// PositionalEncodingResult is positional_encoding's result. Its numeric
// field is "pe".
type PositionalEncodingResult struct {
	PE     [][]float64 // n×d_model
	Checks []Check
	fieldSet
}

// PositionalEncoding returns PE[pos][2i] = sin(pos / base^(2i/d_model))
// and PE[pos][2i+1] = cos of the same angle, for pos = 0…n−1.
func PositionalEncoding(req PositionalEncodingRequest) (*PositionalEncodingResult, error) {
	n, d := req.Positions, req.DModel
	switch {
	case n < 1:
		return nil, fieldErrorf("positions", "must be ≥ 1, got %d", n)
	case d < 1:
		return nil, fieldErrorf("d_model", "must be ≥ 1, got %d", d)
	case n > MaxRows:
		return nil, fieldErrorf("positions", "%d is more than the limit of %d", n, MaxRows)
	case d > MaxCols:
		return nil, fieldErrorf("d_model", "%d is more than the limit of %d", d, MaxCols)
	case n*d > MaxEntries:
		return nil, fmt.Errorf("positions × d_model = %d entries, more than the limit of %d", n*d, MaxEntries)
	}
	base := req.Base
	if !base.IsSet() {
		base, _ = ParseNumber("10000")
	}
	if base.exact.Sign() <= 0 || base.f == 0 {
		return nil, fieldErrorf("base", "must be > 0, got %s", base)
	}
	pe := make([]float64, n*d)
	worst := 0.0
	for c := 0; c < d; c += 2 {
		div := math.Pow(base.f, float64(c)/float64(d))
		for p := range n {
			angle := float64(p) / div
			s, co := math.Sincos(angle)
			pe[p*d+c] = s
			if c+1 < d {
				pe[p*d+c+1] = co
			}
			worst = math.Max(worst, math.Abs(s*s+co*co-1))
		}
	}
	var cs checks
	maxAbs := 0.0
	for _, x := range pe {
		maxAbs = math.Max(maxAbs, math.Abs(x))
	}
	cs.addMeasured("values_in_range", maxAbs <= 1, maxAbs, 1, "max |PE| = %.17g, bound 1", maxAbs)
	cs.addMeasured("sin_cos_identity", worst <= 8*eps, worst, 8*eps, "max |sin² + cos² − 1| = %.3g over all angles, bound 8ε = %.3g", worst, 8*eps)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &PositionalEncodingResult{PE: unflatten(pe, n, d), Checks: cs.list}
	res.add("pe", []int{n, d}, pe)
	res.work = 1000 * n * d
	res.eval = func(a *arith) map[string][]ball {
		out := make([]ball, n*d)
		lnBase := a.ln(exactBall(base.exact))
		for c := 0; c < d; c += 2 {
			// 1 / base^(c/d) = exp(−(c/d)·ln base)
			inv := a.exp(a.mul(a.quo(intBall(int64(-c)), intBall(int64(d))), lnBase))
			for p := range n {
				s, co := a.sinCos(a.mul(intBall(int64(p)), inv))
				out[p*d+c] = s
				if c+1 < d {
					out[p*d+c+1] = co
				}
			}
		}
		return map[string][]ball{"pe": out}
	}
	return res, nil
}
