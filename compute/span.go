package compute

import (
	"fmt"
	"math"
	"math/big"

	"github.com/cockroachdb/apd/v3"
)

// SpanRequest asks how a target relates to the span of k vectors in R^d.
type SpanRequest struct {
	Vectors Matrix // k×d, one vector per row
	Target  Vector // length d
}

// SpanResult is span's result, decided in exact rational arithmetic. Its
// numeric fields are "coefficients", "projection" and "residual".
type SpanResult struct {
	Rank   int  // exact rank of the vectors
	InSpan bool // whether the target lies in their span, exactly
	// Coefficients c minimise ‖Σᵢ cᵢ vᵢ − target‖. When the vectors are
	// dependent, a vector in the span of the vectors before it gets 0.
	Coefficients []float64
	Projection   []float64 // Σᵢ cᵢ vᵢ, the orthogonal projection of target
	Residual     float64   // ‖target − projection‖
	Checks       []Check
	fieldSet
}

// spanWorkLimit bounds the rational elimination of span.
const spanWorkLimit = 50_000_000

// Span decides rank and membership exactly and solves the least-squares
// problem exactly over the rationals; the float64 fields are the exact
// results rounded, and the residual is the square root of an exact
// rational.
func Span(req SpanRequest) (*SpanResult, error) {
	vs, t := req.Vectors, req.Target
	if err := need("vectors", vs); err != nil {
		return nil, err
	}
	if t.Len() == 0 {
		return nil, fieldErrorf("target", "missing or empty vector")
	}
	if t.Len() != vs.cols {
		return nil, fieldErrorf("target", "has %d entries, the vectors have %d", t.Len(), vs.cols)
	}
	k, d := vs.rows, vs.cols
	if w := k * d * min(k, d); w > spanWorkLimit {
		return nil, fieldErrorf("vectors", "%d×%d is too large for exact elimination (about %d operations, limit %d)", k, d, w, spanWorkLimit)
	}
	rows := make([][]*big.Rat, k)
	for i := range k {
		rows[i] = make([]*big.Rat, d)
		for j := range d {
			rows[i][j] = decimalRat(vs.at(i, j))
		}
	}
	target := make([]*big.Rat, d)
	for j := range d {
		target[j] = decimalRat(t.exact[j])
	}
	budget := newRatBudget()
	basis := independentRows(rows, budget)
	// Normal equations on the independent vectors B: (B Bᵀ) c = B t.
	r := len(basis)
	g := make([][]*big.Rat, r)
	rhs := make([]*big.Rat, r)
	for a, i := range basis {
		g[a] = make([]*big.Rat, r)
		for b, j := range basis {
			g[a][b] = ratDot(rows[i], rows[j], budget)
		}
		rhs[a] = ratDot(rows[i], target, budget)
	}
	if budget.err != nil {
		return nil, &FieldError{Field: "vectors", Err: budget.err}
	}
	cb := solveRat(g, rhs, budget)
	if budget.err != nil {
		return nil, &FieldError{Field: "vectors", Err: budget.err}
	}
	coef := make([]*big.Rat, k)
	for i := range coef {
		coef[i] = new(big.Rat)
	}
	for a, i := range basis {
		coef[i] = cb[a]
	}
	proj := make([]*big.Rat, d)
	res2 := new(big.Rat)
	for j := range d {
		proj[j] = new(big.Rat)
		for a, i := range basis {
			proj[j].Add(proj[j], new(big.Rat).Mul(cb[a], rows[i][j]))
		}
		e := new(big.Rat).Sub(target[j], proj[j])
		res2.Add(res2, e.Mul(e, e))
	}
	res := &SpanResult{Rank: r, InSpan: res2.Sign() == 0}
	res.Coefficients, res.Projection = ratFloats(coef), ratFloats(proj)
	r2f, _ := res2.Float64()
	res.Residual = math.Sqrt(r2f)
	var cs checks
	withTarget := len(independentRows(append(append([][]*big.Rat(nil), rows...), target), budget))
	cs.add("in_span_exact", res.InSpan == (withTarget == r),
		"rank(vectors) = %d and rank(vectors + target) = %d, decided in exact rational arithmetic; residual² = %s exactly", r, withTarget, shortRat(res2))
	orth := true
	for _, i := range basis {
		e := make([]*big.Rat, d)
		for j := range d {
			e[j] = new(big.Rat).Sub(target[j], proj[j])
		}
		orth = orth && ratDot(rows[i], e, budget).Sign() == 0
	}
	if budget.err != nil {
		return nil, &FieldError{Field: "vectors", Err: budget.err}
	}
	cs.add("residual_orthogonal", orth, "target − projection is exactly orthogonal to every vector (least squares)")
	if err := cs.err(); err != nil {
		return nil, err
	}
	res.Checks = cs.list
	res.add("coefficients", []int{k}, res.Coefficients)
	res.add("projection", []int{d}, res.Projection)
	res.add("residual", []int{}, []float64{res.Residual})
	res.work = 0
	res.eval = func(a *arith) map[string][]ball {
		return map[string][]ball{
			"coefficients": ratBalls(a, coef),
			"projection":   ratBalls(a, proj),
			"residual":     {a.sqrt(ratBall(a, res2))},
		}
	}
	return res, nil
}

// decimalRat converts an exact decimal to a rational.
func decimalRat(d *apd.Decimal) *big.Rat {
	x := new(big.Int).SetBytes(d.Coeff.Bytes())
	if d.Negative {
		x.Neg(x)
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs32(d.Exponent))), nil)
	if d.Exponent >= 0 {
		return new(big.Rat).SetInt(x.Mul(x, p))
	}
	return new(big.Rat).SetFrac(x, p)
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// ratDot returns Σ x[i]·y[i] (0 once b is spent).
func ratDot(x, y []*big.Rat, b *ratBudget) *big.Rat {
	s, t := new(big.Rat), new(big.Rat)
	for i := range x {
		if !b.charge(x[i], y[i]) || !b.charge(s, s) {
			return new(big.Rat)
		}
		s.Add(s, t.Mul(x[i], y[i]))
	}
	return s
}

// solveRat solves the non-singular system g c = rhs by Gaussian
// elimination; it stops early, with a meaningless result, once b is spent.
func solveRat(g [][]*big.Rat, rhs []*big.Rat, b *ratBudget) []*big.Rat {
	n := len(g)
	for c := range n {
		piv := c
		for piv < n-1 && g[piv][c].Sign() == 0 {
			piv++
		}
		if g[piv][c].Sign() == 0 {
			return make([]*big.Rat, n) // only once b is spent: the system is non-singular
		}
		g[c], g[piv] = g[piv], g[c]
		rhs[c], rhs[piv] = rhs[piv], rhs[c]
		for i := range n {
			if i == c || g[i][c].Sign() == 0 {
				continue
			}
			if !b.charge(g[i][c], g[c][c]) {
				return make([]*big.Rat, n)
			}
			f := new(big.Rat).Quo(g[i][c], g[c][c])
			for j := c; j < n; j++ {
				if !b.charge(f, g[c][j]) || !b.charge(g[i][j], g[i][j]) {
					return make([]*big.Rat, n)
				}
				g[i][j].Sub(g[i][j], new(big.Rat).Mul(f, g[c][j]))
			}
			if !b.charge(f, rhs[c]) {
				return make([]*big.Rat, n)
			}
			rhs[i].Sub(rhs[i], new(big.Rat).Mul(f, rhs[c]))
		}
	}
	out := make([]*big.Rat, n)
	for i := range n {
		out[i] = new(big.Rat).Quo(rhs[i], g[i][i])
	}
	return out
}

// ratFloats rounds rationals to float64.
func ratFloats(xs []*big.Rat) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i], _ = x.Float64()
	}
	return out
}

// shortRat writes a rational, abbreviated when long.
func shortRat(x *big.Rat) string {
	s := x.RatString()
	if len(s) > 60 {
		f, _ := x.Float64()
		return fmt.Sprintf("%.17g (a fraction of %d characters)", f, len(s))
	}
	return s
}

// ratBall encloses a rational: numerator over denominator at the working
// precision (exact when the quotient terminates within it).
func ratBall(a *arith, x *big.Rat) ball {
	num := apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(x.Num()), 0)
	den := apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(x.Denom()), 0)
	return a.quo(exactBall(num), exactBall(den))
}

// ratBalls encloses each rational.
func ratBalls(a *arith, xs []*big.Rat) []ball {
	out := make([]ball, len(xs))
	for i, x := range xs {
		out[i] = ratBall(a, x)
	}
	return out
}
