package compute

import (
	"fmt"
	"math"
)

// eps is the unit roundoff of float64, 2⁻⁵³.
const eps = 0x1p-53

// checkWeights checks attention weights (n×m): entries ≥ 0, rows summing
// to 1 within 4(m+1)ε, masked entries exactly 0. label prefixes details
// (such as "head 2: ").
func checkWeights(cs *checks, w []float64, n, m int, vis func(i, j int) bool, masked bool, label string) {
	neg, maskLeak := -1, -1
	worst := 0.0
	for i := range n {
		sum := 0.0
		for j := range m {
			x := w[i*m+j]
			if !(x >= 0) && neg < 0 {
				neg = i*m + j
			}
			if !vis(i, j) && x != 0 && maskLeak < 0 {
				maskLeak = i*m + j
			}
			sum += x
		}
		worst = math.Max(worst, math.Abs(sum-1))
	}
	if neg >= 0 {
		cs.add("weights_nonnegative", false, "%sweights[%d][%d] = %g is negative", label, neg/m, neg%m, w[neg])
	} else {
		cs.add("weights_nonnegative", true, "%sall %d weights are ≥ 0", label, n*m)
	}
	bound := 4 * float64(m+1) * eps
	cs.addMeasured("weights_sum_to_one", worst <= bound, worst, bound, "%smax over rows |Σⱼ αᵢⱼ − 1| = %.3g, bound 4(m+1)ε = %.3g (m = %d, ε = 2⁻⁵³)", label, worst, bound, m)
	switch {
	case !masked:
		cs.add("masked_weights_zero", true, "%sno mask: every query sees every key", label)
	case maskLeak >= 0:
		cs.add("masked_weights_zero", false, "%sweights[%d][%d] = %g is masked but not 0", label, maskLeak/m, maskLeak%m, w[maskLeak])
	default:
		cs.add("masked_weights_zero", true, "%severy masked weight is exactly 0", label)
	}
}

// checkProduct recomputes out = A B (+ bias) for A (n×k), B (k×c) entry by
// entry, in the reverse order with compensated summation, independently of
// the fast path, and checks |fast − recomputed| ≤ 4(k+2)ε·Σₜ|aᵢₜ bₜⱼ| + |bias|ε.
func checkProduct(cs *checks, name, field string, a, b, out []float64, n, k, c int, bias []float64) {
	worst, worstRatio := 0.0, 0.0
	ok := true
	for i := range n {
		for j := range c {
			var sum, comp, mag float64
			if bias != nil {
				sum, mag = bias[j], math.Abs(bias[j])
			}
			for t := k - 1; t >= 0; t-- {
				p := a[i*k+t] * b[t*c+j]
				mag += math.Abs(p)
				s := sum + p
				if math.Abs(sum) >= math.Abs(p) {
					comp += (sum - s) + p
				} else {
					comp += (p - s) + sum
				}
				sum = s
			}
			sum += comp
			d := math.Abs(out[i*c+j] - sum)
			bound := 4*float64(k+2)*eps*mag + 1e-300
			if !(d <= bound) {
				ok = false
			}
			worst = math.Max(worst, d)
			worstRatio = math.Max(worstRatio, d/bound)
		}
	}
	cs.addMeasured(name, ok, worst, 0, "%s equals Σₜ aᵢₜ bₜⱼ recomputed independently (reverse order, compensated sum): max difference %.3g, at most %.2g of the bound 4(k+2)ε·Σₜ|aᵢₜ bₜⱼ| (k = %d)", field, worst, worstRatio, k)
}

// checkInSpan checks that every output row (n rows) lies in the span of the
// rows of v: its residual after projection on an orthonormal basis of
// span(V) (modified Gram–Schmidt, twice) is at most 1e-9·max(1, maxⱼ‖vⱼ‖).
// It reports the exact rank of V.
func checkInSpan(cs *checks, out []float64, n int, v Matrix, label string) {
	d := v.cols
	var basis [][]float64
	maxNorm := 1.0
	for j := range v.rows {
		r := append([]float64(nil), v.f[j*d:(j+1)*d]...)
		norm0 := math.Sqrt(dot(r, r))
		maxNorm = math.Max(maxNorm, norm0)
		if len(basis) == d {
			continue
		}
		for range 2 {
			for _, b := range basis {
				axpy(-dot(r, b), b, r)
			}
		}
		if nr := math.Sqrt(dot(r, r)); nr > 1e-10*norm0 && nr > 0 {
			for t := range r {
				r[t] /= nr
			}
			basis = append(basis, r)
		}
	}
	worst := 0.0
	for i := range n {
		r := append([]float64(nil), out[i*d:(i+1)*d]...)
		for range 2 {
			for _, b := range basis {
				axpy(-dot(r, b), b, r)
			}
		}
		worst = math.Max(worst, math.Sqrt(dot(r, r)))
	}
	bound := 1e-9 * maxNorm
	rank := "not computed (V too large to form exactly)"
	if v.exact != nil {
		if r, err := exactRank(v); err == nil {
			rank = fmt.Sprint(r)
		} else {
			rank = "not computed (" + err.Error() + ")"
		}
	}
	cs.addMeasured("output_in_span_of_values", worst <= bound, worst, bound, "%soutput rows lie in span(V): max residual %.3g, bound 1e-9·max(1, maxⱼ‖vⱼ‖) = %.3g; exact rank of V = %s", label, worst, bound, rank)
}
