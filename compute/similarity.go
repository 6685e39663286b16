package compute

import (
	"fmt"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// SimilarityRequest asks for the dot products and cosine similarities of
// every query with every key.
type SimilarityRequest struct {
	Q Matrix // n×d, one query per row
	K Matrix // m×d, one key per row
}

// SimilarityResult is similarity's result. Its numeric fields are "dot"
// (n×m, qᵢ·kⱼ), "cosine" (n×m, qᵢ·kⱼ / (‖qᵢ‖‖kⱼ‖)), "q_norms" (n) and
// "k_norms" (m).
type SimilarityResult struct {
	Dot, Cosine    [][]float64
	QNorms, KNorms []float64
	Checks         []Check
	fieldSet
}

// Similarity returns the dot products qᵢ·kⱼ, the Euclidean norms of the
// rows and the cosine similarities. A zero row has no direction, so its
// cosine is undefined: an error.
func Similarity(req SimilarityRequest) (*SimilarityResult, error) {
	q, k := req.Q, req.K
	if err := need("q", q); err != nil {
		return nil, err
	}
	if err := need("k", k); err != nil {
		return nil, err
	}
	if k.cols != q.cols {
		return nil, fieldErrorf("k", "has %d columns, q has %d (queries and keys must have the same dimension)", k.cols, q.cols)
	}
	n, m, d := q.rows, k.rows, q.cols
	kt := transpose(k.f, m, d)
	dots := mul(q.f, n, d, kt, m)
	norms := func(name string, x Matrix) ([]float64, error) {
		out := make([]float64, x.rows)
		for i := range out {
			row := x.f[i*d : (i+1)*d]
			out[i] = math.Sqrt(dot(row, row))
			if math.IsInf(out[i], 0) {
				return nil, entryErrorf(name, []int{i}, "the norm of row %d overflows float64", i)
			}
			if out[i] == 0 {
				return nil, entryErrorf(name, []int{i}, "row %d is the zero vector, which has no direction (its cosine similarity is undefined)", i)
			}
		}
		return out, nil
	}
	qn, err := norms("q", q)
	if err != nil {
		return nil, err
	}
	kn, err := norms("k", k)
	if err != nil {
		return nil, err
	}
	cos := make([]float64, n*m)
	worst := 0.0
	for i := range n {
		for j := range m {
			if math.IsInf(dots[i*m+j], 0) {
				return nil, fmt.Errorf("q k: the dot product of q[%d] and k[%d] overflows float64", i, j)
			}
			cos[i*m+j] = dots[i*m+j] / qn[i] / kn[j]
			worst = math.Max(worst, math.Abs(cos[i*m+j]))
		}
	}
	var cs checks
	checkProduct(&cs, "dot_recomputed", "dot", q.f, kt, dots, n, d, m, nil)
	bound := 1 + 4*float64(d+3)*eps
	cs.add("cosine_in_range", worst <= bound, "max |cos| = %.17g, at most 1 by the Cauchy–Schwarz inequality (bound 1 + 4(d+3)ε = %.17g, d = %d)", worst, bound, d)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res := &SimilarityResult{Dot: unflatten(dots, n, m), Cosine: unflatten(cos, n, m), QNorms: qn, KNorms: kn, Checks: cs.list}
	res.add("dot", []int{n, m}, dots)
	res.add("cosine", []int{n, m}, cos)
	res.add("q_norms", []int{n}, qn)
	res.add("k_norms", []int{m}, kn)
	res.work = (n*m + n + m) * (d + 10)
	res.eval = func(a *arith) map[string][]ball {
		sq := func(x Matrix, i int) *apd.Decimal {
			s := apd.New(0, 0)
			for t := range d {
				s = a.xadd(s, a.xmul(x.at(i, t), x.at(i, t)))
			}
			return s
		}
		qq, kk := make([]*apd.Decimal, n), make([]*apd.Decimal, m)
		out := map[string][]ball{"dot": make([]ball, n*m), "cosine": make([]ball, n*m), "q_norms": make([]ball, n), "k_norms": make([]ball, m)}
		for i := range n {
			qq[i] = sq(q, i)
			out["q_norms"][i] = a.sqrt(exactBall(qq[i]))
		}
		for j := range m {
			kk[j] = sq(k, j)
			out["k_norms"][j] = a.sqrt(exactBall(kk[j]))
		}
		for i := range n {
			for j := range m {
				s := apd.New(0, 0)
				for t := range d {
					s = a.xadd(s, a.xmul(q.at(i, t), k.at(j, t)))
				}
				out["dot"][i*m+j] = exactBall(s)
				// One square root of the exact product keeps cos = ±1 exact.
				out["cosine"][i*m+j] = a.quo(exactBall(s), a.sqrt(exactBall(a.xmul(qq[i], kk[j]))))
			}
		}
		return out
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		qb, kb := fa.fexacts(q.exact), fa.fexacts(k.exact)
		sq := func(x []fball, i int) fball {
			s := fball{}
			for t := range d {
				s = fa.fxadd(s, fa.fxmul(x[i*d+t], x[i*d+t]))
			}
			return s
		}
		qq, kk := make([]fball, n), make([]fball, m)
		out := map[string][]fball{"dot": make([]fball, n*m), "cosine": make([]fball, n*m), "q_norms": make([]fball, n), "k_norms": make([]fball, m)}
		for i := range n {
			qq[i] = sq(qb, i)
			out["q_norms"][i] = fa.sqrt(qq[i])
		}
		for j := range m {
			kk[j] = sq(kb, j)
			out["k_norms"][j] = fa.sqrt(kk[j])
		}
		for i := range n {
			for j := range m {
				s := fball{}
				for t := range d {
					s = fa.fxadd(s, fa.fxmul(qb[i*d+t], kb[j*d+t]))
				}
				out["dot"][i*m+j] = s
				out["cosine"][i*m+j] = fa.quo(s, fa.sqrt(fa.fxmul(qq[i], kk[j])))
			}
		}
		return out
	}
	return res, nil
}

// transpose returns the c×r transpose of the r×c row-major x.
func transpose(x []float64, r, c int) []float64 {
	out := make([]float64, r*c)
	for i := range r {
		for j := range c {
			out[j*r+i] = x[i*c+j]
		}
	}
	return out
}
