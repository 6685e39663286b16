package compute

import (
	"math"
)

// SoftmaxRequest asks for softmax(x / T).
type SoftmaxRequest struct {
	X Vector
	// Temperature T > 0 divides x; when unset it is 1.
	Temperature Number
}

// SoftmaxResult is softmax's result. Its numeric field is "y".
type SoftmaxResult struct {
	Y      []float64
	Checks []Check
	fieldSet
}

// Softmax returns yᵢ = exp(xᵢ/T) / Σⱼ exp(xⱼ/T), computed after shifting
// by the largest x so that logits such as 1000 or −1000 neither overflow
// nor vanish.
func Softmax(req SoftmaxRequest) (*SoftmaxResult, error) {
	x := req.X
	if x.Len() == 0 {
		return nil, fieldErrorf("x", "missing or empty vector")
	}
	t := req.Temperature
	if t.IsSet() && t.exact.Sign() <= 0 {
		return nil, fieldErrorf("temperature", "must be > 0, got %s", t)
	}
	temp := 1.0
	if t.IsSet() {
		temp = t.f
		if temp == 0 {
			return nil, fieldErrorf("temperature", "%s is too small for float64", t)
		}
	}
	n := x.Len()
	s := make([]float64, n)
	for i, xi := range x.f {
		s[i] = xi / temp
		if math.IsInf(s[i], 0) {
			return nil, entryErrorf("x", []int{i}, "entry %d / temperature overflows float64", i)
		}
	}
	y := make([]float64, n)
	softmaxRow(s, func(int) bool { return true }, y)
	var cs checks
	checkWeights(&cs, y, 1, n, func(int, int) bool { return true }, false, "")
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &SoftmaxResult{Y: y, Checks: cs.list}
	res.add("y", []int{n}, y)
	res.work = 100 * n
	res.eval = func(a *arith) map[string][]ball {
		best := 0
		for i, d := range x.exact {
			if d.Cmp(x.exact[best]) > 0 {
				best = i
			}
		}
		tb := intBall(1)
		if t.IsSet() {
			tb = exactBall(t.exact)
		}
		e := make([]ball, n)
		sum := intBall(0)
		for i, d := range x.exact {
			e[i] = a.exp(a.quo(exactBall(a.xsub(d, x.exact[best])), tb))
			sum = a.add(sum, e[i])
		}
		for i := range e {
			e[i] = a.quo(e[i], sum)
		}
		return map[string][]ball{"y": e}
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		best := 0
		for i, d := range x.exact {
			if d.Cmp(x.exact[best]) > 0 {
				best = i
			}
		}
		tb := fint(1)
		if t.IsSet() {
			tb = fa.fexact(t.exact)
		}
		xs := fa.fexacts(x.exact)
		e := make([]fball, n)
		sum := fball{}
		for i := range xs {
			e[i] = fa.exp(fa.quo(fa.fxsub(xs[i], xs[best]), tb))
			sum = fa.add(sum, e[i])
		}
		for i := range e {
			e[i] = fa.quo(e[i], sum)
		}
		return map[string][]fball{"y": e}
	}
	return res, nil
}
