package compute

import (
	"fmt"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// LinearMapRequest asks for X W + b.
type LinearMapRequest struct {
	X Matrix // n×d_in, one input per row
	W Matrix // d_in×d_out
	B Vector // optional bias of length d_out
}

// LinearMapResult is linear_map's result. Its numeric field is "y".
type LinearMapResult struct {
	Y      [][]float64 // n×d_out
	Checks []Check
	fieldSet
}

// LinearMap returns Y = X W (+ b on every row). Its exact result is a
// decimal, so certified digits are plain correct rounding of it.
func LinearMap(req LinearMapRequest) (*LinearMapResult, error) {
	for _, f := range []struct {
		name string
		m    Matrix
	}{{"x", req.X}, {"w", req.W}} {
		if err := need(f.name, f.m); err != nil {
			return nil, err
		}
	}
	y, err := affine(req.X, req.W, req.B, "x", "w", "b")
	if err != nil {
		return nil, err
	}
	n, k, c := req.X.rows, req.X.cols, req.W.cols
	var cs checks
	checkProduct(&cs, "y_recomputed", "y", req.X.f, req.W.f, y, n, k, c, req.B.f)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &LinearMapResult{Y: unflatten(y, n, c), Checks: cs.list}
	res.add("y", []int{n, c}, y)
	res.work = n * k * c
	res.eval = func(a *arith) map[string][]ball {
		ex := exactAffine(a, req.X.rows, req.X.cols, req.X.at, req.W, req.B)
		b := make([]ball, len(ex))
		for i, d := range ex {
			b[i] = exactBall(d)
		}
		return map[string][]ball{"y": b}
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		return map[string][]fball{"y": fastAffine(fa, req.X.rows, req.X.cols, fa.fexacts(req.X.exact), req.W, req.B)}
	}
	return res, nil
}

// affine checks shapes and returns X W + b in float64 (b may be unset).
func affine(x, w Matrix, b Vector, xn, wn, bn string) ([]float64, error) {
	if w.rows != x.cols {
		return nil, fieldErrorf(wn, "has %d rows, %s has %d columns (they must match)", w.rows, xn, x.cols)
	}
	if b.Len() != 0 && b.Len() != w.cols {
		return nil, fieldErrorf(bn, "has %d entries, %s has %d columns (they must match)", b.Len(), wn, w.cols)
	}
	y := mul(x.f, x.rows, x.cols, w.f, w.cols)
	for i := range y {
		if b.Len() != 0 {
			y[i] += b.f[i%w.cols]
		}
		if math.IsInf(y[i], 0) || math.IsNaN(y[i]) {
			return nil, fmt.Errorf("%s %s: entry [%d][%d] overflows float64", xn, wn, i/w.cols, i%w.cols)
		}
	}
	return y, nil
}

// exactAffine returns X W + b exactly, for X given by rows×cols entries.
func exactAffine(a *arith, rows, cols int, x func(i, j int) *apd.Decimal, w Matrix, b Vector) []*apd.Decimal {
	out := make([]*apd.Decimal, rows*w.cols)
	for i := range rows {
		for j := range w.cols {
			s := apd.New(0, 0)
			if b.Len() != 0 {
				s = b.exact[j]
			}
			for t := range cols {
				s = a.xadd(s, a.xmul(x(i, t), w.at(t, j)))
			}
			out[i*w.cols+j] = s
		}
	}
	return out
}

// fastAffine mirrors exactAffine for X given row-major (rows×cols).
func fastAffine(fa *fastArith, rows, cols int, x []fball, w Matrix, b Vector) []fball {
	wb, bb := fa.fexacts(w.exact), fa.fexacts(b.exact)
	out := make([]fball, rows*w.cols)
	for i := range rows {
		for j := range w.cols {
			s := fball{}
			if b.Len() != 0 {
				s = bb[j]
			}
			for t := range cols {
				s = fa.fxadd(s, fa.fxmul(x[i*cols+t], wb[t*w.cols+j]))
			}
			out[i*w.cols+j] = s
		}
	}
	return out
}
