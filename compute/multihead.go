package compute

import (
	"fmt"
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// MultiheadRequest asks for multi-head attention as in the paper: for
// every head i, attention over columns [i·d_k, (i+1)·d_k) of
// Q = X_q W_q + b_q, K = X_kv W_k + b_k and V = X_kv W_v + b_v, with
// d_k = d_model/h and scale 1/√d_k; then Concat(head₁…head_h) W_o + b_o.
type MultiheadRequest struct {
	XQ, XKV        Matrix // n×d_model queries, m×d_model keys and values
	Heads          int    // h, dividing d_model
	WQ, WK, WV, WO Matrix // d_model×d_model each
	BQ, BK, BV, BO Vector // optional biases of length d_model
	Mask           Mask
}

// MultiheadResult is multihead's result. Its numeric fields are "output",
// "head_weights" (h×n×m) and "head_outputs" (h×n×d_k).
type MultiheadResult struct {
	Output      [][]float64   // n×d_model
	HeadWeights [][][]float64 // h×n×m
	HeadOutputs [][][]float64 // h×n×d_k
	Checks      []Check
	fieldSet
}

// exactAffineWorkLimit bounds the exact work spent at construction on the
// projected values, for the exact rank reported by the span check.
const exactAffineWorkLimit = 2_000_000

// Multihead computes multi-head attention in float64, verifies every head
// and the output projection, and returns them.
func Multihead(req MultiheadRequest) (*MultiheadResult, error) {
	if err := need("x_q", req.XQ); err != nil {
		return nil, err
	}
	if err := need("x_kv", req.XKV); err != nil {
		return nil, err
	}
	dm := req.XQ.cols
	if req.XKV.cols != dm {
		return nil, fieldErrorf("x_kv", "has %d columns, x_q has %d (both are d_model)", req.XKV.cols, dm)
	}
	h := req.Heads
	if h <= 0 {
		return nil, fieldErrorf("heads", "must be ≥ 1, got %d", h)
	}
	if dm%h != 0 {
		return nil, fieldErrorf("heads", "%d does not divide d_model = %d", h, dm)
	}
	ws := []struct {
		name string
		m    Matrix
	}{{"w_q", req.WQ}, {"w_k", req.WK}, {"w_v", req.WV}, {"w_o", req.WO}}
	for _, w := range ws {
		if err := need(w.name, w.m); err != nil {
			return nil, err
		}
		if w.m.rows != dm || w.m.cols != dm {
			return nil, fieldErrorf(w.name, "is %d×%d, want d_model×d_model = %d×%d", w.m.rows, w.m.cols, dm, dm)
		}
	}
	n, m, dk := req.XQ.rows, req.XKV.rows, dm/h
	if err := req.Mask.check(n, m); err != nil {
		return nil, err
	}
	if i := req.Mask.firstBlindRow(n, m); i >= 0 {
		return nil, entryErrorf("mask", []int{i}, "query %d sees no key (a fully masked row has no softmax)", i)
	}
	q, err := affine(req.XQ, req.WQ, req.BQ, "x_q", "w_q", "b_q")
	if err != nil {
		return nil, err
	}
	k, err := affine(req.XKV, req.WK, req.BK, "x_kv", "w_k", "b_k")
	if err != nil {
		return nil, err
	}
	v, err := affine(req.XKV, req.WV, req.BV, "x_kv", "w_v", "b_v")
	if err != nil {
		return nil, err
	}
	var exactV []*apd.Decimal
	if m*dm*dm <= exactAffineWorkLimit {
		exactV = exactAffine(newArith(1), m, dm, req.XKV.at, req.WV, req.BV)
	}
	vis := req.Mask.visible
	scale := 1 / math.Sqrt(float64(dk))
	hw, ho := make([]float64, 0, h*n*m), make([]float64, 0, h*n*dk)
	concat := make([]float64, n*dm)
	perHead := make([]checks, h)
	for i := range h {
		qh, kh, vh := columns(q, n, dm, i*dk, dk), columns(k, m, dm, i*dk, dk), columns(v, m, dm, i*dk, dk)
		_, w, o, err := attendFloat(qh, kh, vh, n, m, dk, dk, scale, vis)
		if err != nil {
			return nil, fmt.Errorf("head %d: %v", i, err)
		}
		cs := &perHead[i]
		label := fmt.Sprintf("head %d: ", i)
		checkWeights(cs, w, n, m, vis, req.Mask.IsSet(), label)
		checkProduct(cs, "head_outputs_recomputed", label+"head output", w, vh, o, n, m, dk, nil)
		vm := Matrix{rows: m, cols: dk, f: vh}
		if exactV != nil {
			vm.exact = columnsExact(exactV, m, dm, i*dk, dk)
		}
		checkInSpan(cs, o, n, vm, label)
		hw, ho = append(hw, w...), append(ho, o...)
		for r := range n {
			copy(concat[r*dm+i*dk:r*dm+(i+1)*dk], o[r*dk:(r+1)*dk])
		}
	}
	var cs checks
	mergeChecks(&cs, perHead)
	cm := Matrix{rows: n, cols: dm, f: concat}
	out, err := affine(cm, req.WO, req.BO, "concat(heads)", "w_o", "b_o")
	if err != nil {
		return nil, err
	}
	checkProduct(&cs, "output_recomputed", "output", concat, req.WO.f, out, n, dm, dm, req.BO.f)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &MultiheadResult{Output: unflatten(out, n, dm), Checks: cs.list}
	for i := range h {
		res.HeadWeights = append(res.HeadWeights, unflatten(hw[i*n*m:(i+1)*n*m], n, m))
		res.HeadOutputs = append(res.HeadOutputs, unflatten(ho[i*n*dk:(i+1)*n*dk], n, dk))
	}
	res.add("output", []int{n, dm}, out)
	res.add("head_weights", []int{h, n, m}, hw)
	res.add("head_outputs", []int{h, n, dk}, ho)
	res.work = (n+2*m)*dm*dm + h*n*m*2*dk + 100*h*n*m + n*dm*dm
	res.eval = func(a *arith) map[string][]ball {
		qx := exactAffine(a, n, dm, req.XQ.at, req.WQ, req.BQ)
		kx := exactAffine(a, m, dm, req.XKV.at, req.WK, req.BK)
		vx := exactAffine(a, m, dm, req.XKV.at, req.WV, req.BV)
		bw, bo := make([]ball, 0, h*n*m), make([]ball, 0, h*n*dk)
		bc := make([]ball, n*dm)
		for i := range h {
			at := func(x []*apd.Decimal) func(r, c int) *apd.Decimal {
				return func(r, c int) *apd.Decimal { return x[r*dm+i*dk+c] }
			}
			_, w, o := attendExact(a, exactAttn{n: n, m: m, dk: dk, dv: dk, q: at(qx), k: at(kx), v: at(vx),
				scale: scaleBall(a, Number{}, dk), scaleSign: 1, visible: vis})
			bw, bo = append(bw, w...), append(bo, o...)
			for r := range n {
				copy(bc[r*dm+i*dk:r*dm+(i+1)*dk], o[r*dk:(r+1)*dk])
			}
		}
		bout := make([]ball, n*dm)
		for r := range n {
			for c := range dm {
				s := intBall(0)
				if req.BO.Len() != 0 {
					s = exactBall(req.BO.exact[c])
				}
				for t := range dm {
					s = a.add(s, a.mul(bc[r*dm+t], exactBall(req.WO.at(t, c))))
				}
				bout[r*dm+c] = s
			}
		}
		return map[string][]ball{"output": bout, "head_weights": bw, "head_outputs": bo}
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		qx := fastAffine(fa, n, dm, fa.fexacts(req.XQ.exact), req.WQ, req.BQ)
		xkv := fa.fexacts(req.XKV.exact)
		kx := fastAffine(fa, m, dm, xkv, req.WK, req.BK)
		vx := fastAffine(fa, m, dm, xkv, req.WV, req.BV)
		var qd, kd []*apd.Decimal // exact projections, only to order tied dot products
		exactAt := func(x *[]*apd.Decimal, in Matrix, w Matrix, b Vector, rows int) func(int) func(r, c int) *apd.Decimal {
			return func(head int) func(r, c int) *apd.Decimal {
				return func(r, c int) *apd.Decimal {
					if *x == nil {
						*x = exactAffine(newArith(1), rows, dm, in.at, w, b)
					}
					return (*x)[r*dm+head*dk+c]
				}
			}
		}
		qAt, kAt := exactAt(&qd, req.XQ, req.WQ, req.BQ, n), exactAt(&kd, req.XKV, req.WK, req.BK, m)
		bw, bo := make([]fball, 0, h*n*m), make([]fball, 0, h*n*dk)
		bc := make([]fball, n*dm)
		for i := range h {
			cols := func(x []fball, rows int) []fball {
				out := make([]fball, 0, rows*dk)
				for r := range rows {
					out = append(out, x[r*dm+i*dk:r*dm+(i+1)*dk]...)
				}
				return out
			}
			_, w, o := attendFast(fa, fastAttn{n: n, m: m, dk: dk, dv: dk, q: cols(qx, n), k: cols(kx, m), v: cols(vx, m),
				qx: qAt(i), kx: kAt(i), scale: fastScale(fa, Number{}, dk), scaleSign: 1, visible: vis})
			bw, bo = append(bw, w...), append(bo, o...)
			for r := range n {
				copy(bc[r*dm+i*dk:r*dm+(i+1)*dk], o[r*dk:(r+1)*dk])
			}
		}
		wo, bob := fa.fexacts(req.WO.exact), fa.fexacts(req.BO.exact)
		bout := make([]fball, n*dm)
		for r := range n {
			for c := range dm {
				s := fball{}
				if req.BO.Len() != 0 {
					s = bob[c]
				}
				for t := range dm {
					s = fa.add(s, fa.mul(bc[r*dm+t], wo[t*dm+c]))
				}
				bout[r*dm+c] = s
			}
		}
		return map[string][]fball{"output": bout, "head_weights": bw, "head_outputs": bo}
	}
	return res, nil
}

// columns copies columns [c0, c0+w) of a rows×cols row-major matrix.
func columns(x []float64, rows, cols, c0, w int) []float64 {
	out := make([]float64, 0, rows*w)
	for r := range rows {
		out = append(out, x[r*cols+c0:r*cols+c0+w]...)
	}
	return out
}

// columnsExact is columns for exact entries.
func columnsExact(x []*apd.Decimal, rows, cols, c0, w int) []*apd.Decimal {
	out := make([]*apd.Decimal, 0, rows*w)
	for r := range rows {
		out = append(out, x[r*cols+c0:r*cols+c0+w]...)
	}
	return out
}

// mergeChecks folds the same checks run on every head into one check
// each: it holds when it held on every head, and its detail is that of the
// first head where it failed, else of head 0.
func mergeChecks(dst *checks, perHead []checks) {
	for k, c := range perHead[0].list {
		ok, detail := true, c.Detail
		measured, bound := 0.0, 0.0
		for _, ph := range perHead {
			measured, bound = math.Max(measured, ph.list[k].Measured), math.Max(bound, ph.list[k].Bound)
		}
		for _, ph := range perHead {
			if !ph.list[k].OK {
				ok, detail = false, ph.list[k].Detail
				measured, bound = ph.list[k].Measured, ph.list[k].Bound
				break
			}
		}
		if ok && len(perHead) > 1 {
			detail = fmt.Sprintf("all %d heads; %s", len(perHead), strings.TrimPrefix(detail, "head 0: "))
		}
		dst.addMeasured(c.Name, ok, measured, bound, "%s", detail)
	}
}
