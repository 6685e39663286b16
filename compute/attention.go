package compute

import (
	"fmt"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// AttentionRequest asks for scaled dot-product attention of n queries over
// m keys and values.
type AttentionRequest struct {
	Q Matrix // n×d_k queries
	K Matrix // m×d_k keys
	V Matrix // m×d_v values
	// Scale multiplies QKᵀ; when unset it is 1/√d_k.
	Scale Number
	// Mask hides keys from queries; every query must see at least one key.
	Mask Mask
}

// AttentionResult is attention's result with the checks it passed.
// Its numeric fields, for Field, Decimal and Certify, are "scores",
// "weights" and "output".
type AttentionResult struct {
	Scores  [][]float64 // QKᵀ·scale, before masking (n×m)
	Weights [][]float64 // row softmax of the visible scores (n×m)
	Output  [][]float64 // Weights·V (n×d_v)
	Checks  []Check
	fieldSet
}

// Attention computes softmax(QKᵀ·scale, masked) V in float64, verifies the
// result (see the package documentation) and returns it.
func Attention(req AttentionRequest) (*AttentionResult, error) {
	q, k, v := req.Q, req.K, req.V
	if err := need("q", q); err != nil {
		return nil, err
	}
	if err := need("k", k); err != nil {
		return nil, err
	}
	if err := need("v", v); err != nil {
		return nil, err
	}
	if k.cols != q.cols {
		return nil, fieldErrorf("k", "has %d columns, q has %d (both are d_k)", k.cols, q.cols)
	}
	if v.rows != k.rows {
		return nil, fieldErrorf("v", "has %d rows, k has %d (one value per key)", v.rows, k.rows)
	}
	n, m, dk, dv := q.rows, k.rows, q.cols, v.cols
	if err := req.Mask.check(n, m); err != nil {
		return nil, err
	}
	if i := req.Mask.firstBlindRow(n, m); i >= 0 {
		return nil, entryErrorf("mask", []int{i}, "query %d sees no key (a fully masked row has no softmax)", i)
	}
	scale := 1 / math.Sqrt(float64(dk))
	if req.Scale.IsSet() {
		scale = req.Scale.f
	}
	vis := req.Mask.visible
	scores, weights, out, err := attendFloat(q.f, k.f, v.f, n, m, dk, dv, scale, vis)
	if err != nil {
		return nil, err
	}
	var cs checks
	checkWeights(&cs, weights, n, m, vis, req.Mask.IsSet(), "")
	checkProduct(&cs, "output_recomputed", "output", weights, v.f, out, n, m, dv, nil)
	checkInSpan(&cs, out, n, v, "")
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &AttentionResult{Scores: unflatten(scores, n, m), Weights: unflatten(weights, n, m), Output: unflatten(out, n, dv), Checks: cs.list}
	res.add("scores", []int{n, m}, scores)
	res.add("weights", []int{n, m}, weights)
	res.add("output", []int{n, dv}, out)
	res.work = n*m*(dk+dv) + 100*n*m
	res.eval = func(a *arith) map[string][]ball {
		sb := scaleBall(a, req.Scale, dk)
		s, w, o := attendExact(a, exactAttn{n: n, m: m, dk: dk, dv: dv,
			q: q.at, k: k.at, v: v.at, scale: sb, scaleSign: scaleSign(req.Scale), visible: vis})
		return map[string][]ball{"scores": s, "weights": w, "output": o}
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		sb := fastScale(fa, req.Scale, dk)
		s, w, o := attendFast(fa, fastAttn{n: n, m: m, dk: dk, dv: dv,
			q: fa.fexacts(q.exact), k: fa.fexacts(k.exact), v: fa.fexacts(v.exact),
			qx: q.at, kx: k.at, scale: sb, scaleSign: scaleSign(req.Scale), visible: vis})
		return map[string][]fball{"scores": s, "weights": w, "output": o}
	}
	return res, nil
}

// need reports an unset matrix argument.
func need(name string, m Matrix) error {
	if !m.IsSet() {
		return fieldErrorf(name, "missing or empty matrix")
	}
	return nil
}

// attendFloat is the float64 fast path of attention.
func attendFloat(q, k, v []float64, n, m, dk, dv int, scale float64, vis func(i, j int) bool) (scores, weights, out []float64, err error) {
	scores = mulTransB(q, n, dk, k, m, scale)
	for i, s := range scores {
		if math.IsInf(s, 0) || math.IsNaN(s) {
			return nil, nil, nil, fmt.Errorf("score [%d][%d] overflows float64", i/m, i%m)
		}
	}
	weights = make([]float64, n*m)
	for i := range n {
		softmaxRow(scores[i*m:(i+1)*m], func(j int) bool { return vis(i, j) }, weights[i*m:(i+1)*m])
	}
	out = mul(weights, n, m, v, dv)
	return scores, weights, out, nil
}

// scaleBall returns the given scale exactly, or 1/√d_k as a ball.
func scaleBall(a *arith, s Number, dk int) ball {
	if s.IsSet() {
		return exactBall(s.exact)
	}
	return a.quo(intBall(1), a.sqrt(intBall(int64(dk))))
}

// scaleSign returns the exact sign of the scale (the default is positive).
func scaleSign(s Number) int {
	if s.IsSet() {
		return s.exact.Sign()
	}
	return 1
}

// exactAttn describes one attention in exact decimals for attendExact.
type exactAttn struct {
	n, m, dk, dv int
	q, k, v      func(i, j int) *apd.Decimal
	scale        ball
	scaleSign    int
	visible      func(i, j int) bool
}

// attendExact encloses scores, weights and output in balls. Scores are
// exact dot products times the scale. Every exponent is (dot_j − dot_best)
// times the scale, with the difference exact: the best visible key gets
// exactly e^0 = 1, so equal scores give exact weights such as 1/2.
func attendExact(a *arith, in exactAttn) (scores, weights, out []ball) {
	n, m := in.n, in.m
	scores, weights, out = make([]ball, n*m), make([]ball, n*m), make([]ball, n*in.dv)
	dots := make([]*apd.Decimal, m)
	zero := apd.New(0, 0)
	for i := range n {
		best := -1
		for j := range m {
			d := zero
			for t := range in.dk {
				d = a.xadd(d, a.xmul(in.q(i, t), in.k(j, t)))
			}
			dots[j] = d
			scores[i*m+j] = a.mul(exactBall(d), in.scale)
			if in.visible(i, j) && (best < 0 || d.Cmp(dots[best])*in.scaleSign > 0) {
				best = j
			}
		}
		exps := weights[i*m : (i+1)*m]
		sum := intBall(0)
		for j := range m {
			if !in.visible(i, j) {
				exps[j] = intBall(0)
				continue
			}
			exps[j] = a.exp(a.mul(exactBall(a.xsub(dots[j], dots[best])), in.scale))
			sum = a.add(sum, exps[j])
		}
		for j := range m {
			if in.visible(i, j) {
				exps[j] = a.quo(exps[j], sum)
			}
		}
		for c := range in.dv {
			o := intBall(0)
			for j := range m {
				if in.visible(i, j) {
					o = a.add(o, a.mul(exps[j], exactBall(in.v(j, c))))
				}
			}
			out[i*in.dv+c] = o
		}
	}
	return scores, weights, out
}

// fastScale mirrors scaleBall.
func fastScale(fa *fastArith, s Number, dk int) fball {
	if s.IsSet() {
		return fa.fexact(s.exact)
	}
	return fa.quo(fint(1), fa.sqrt(fint(int64(dk))))
}

// fastAttn is exactAttn for attendFast: q (n×dk), k (m×dk) and v (m×dv)
// row-major, and the exact entries of q and k for comparing dot products
// that the balls cannot order.
type fastAttn struct {
	n, m, dk, dv int
	q, k, v      []fball
	qx, kx       func(i, j int) *apd.Decimal
	scale        fball
	scaleSign    int
	visible      func(i, j int) bool
}

// attendFast mirrors attendExact in fast ball arithmetic; the best key of
// each row must be the one attendExact picks (the first largest dot
// product times the sign of the scale).
func attendFast(fa *fastArith, in fastAttn) (scores, weights, out []fball) {
	n, m, dk, dv := in.n, in.m, in.dk, in.dv
	scores, weights, out = make([]fball, n*m), make([]fball, n*m), make([]fball, n*dv)
	dots := make([]fball, m)
	var exactDots []*apd.Decimal // the row's exact dot products, when needed
	for i := range n {
		best := -1
		exactDots = exactDots[:0]
		for j := range m {
			d := fball{}
			for t := range dk {
				d = fa.fxadd(d, fa.fxmul(in.q[i*dk+t], in.k[j*dk+t]))
			}
			dots[j] = d
			scores[i*m+j] = fa.mul(d, in.scale)
			if !in.visible(i, j) {
				continue
			}
			if best < 0 {
				best = j
				continue
			}
			c, ok := fcmp(d, dots[best])
			if !ok {
				if len(exactDots) == 0 {
					exactDots = rowDots(in, i, exactDots)
				}
				c = exactDots[j].Cmp(exactDots[best])
			}
			if c*in.scaleSign > 0 {
				best = j
			}
		}
		exps := weights[i*m : (i+1)*m]
		sum := fball{}
		for j := range m {
			if !in.visible(i, j) {
				exps[j] = fball{}
				continue
			}
			exps[j] = fa.exp(fa.mul(fa.fxsub(dots[j], dots[best]), in.scale))
			sum = fa.add(sum, exps[j])
		}
		for j := range m {
			if in.visible(i, j) {
				exps[j] = fa.quo(exps[j], sum)
			}
		}
		for c := range dv {
			o := fball{}
			for j := range m {
				if in.visible(i, j) {
					o = fa.add(o, fa.mul(exps[j], in.v[j*dv+c]))
				}
			}
			out[i*dv+c] = o
		}
		if !fa.ok {
			break
		}
	}
	return scores, weights, out
}

// rowDots returns the exact dot products of query i with every key.
func rowDots(in fastAttn, i int, buf []*apd.Decimal) []*apd.Decimal {
	exact := decimalContext(0)
	for j := range in.m {
		d := apd.New(0, 0)
		for t := range in.dk {
			p := new(apd.Decimal)
			_, _ = exact.Mul(p, in.qx(i, t), in.kx(j, t))
			_, _ = exact.Add(d, d, p)
		}
		buf = append(buf, d)
	}
	return buf
}

// fcmp compares the exact values of two balls when their order is
// certain: both exact, or disjoint.
func fcmp(x, y fball) (int, bool) {
	if x.tiny != 0 || y.tiny != 0 {
		return 0, false
	}
	if x.r == 0 && y.r == 0 {
		switch {
		case x.m.h < y.m.h || x.m.h == y.m.h && x.m.l < y.m.l:
			return -1, true
		case x.m == y.m:
			return 0, true
		}
		return 1, true
	}
	d, err, _ := ddSub(x.m, y.m)
	gap := (x.r+y.r+err)*(1+0x1p-48) + 0x1p-1000
	switch {
	case d.h > gap:
		return 1, true
	case d.h < -gap:
		return -1, true
	}
	return 0, false
}
