package compute

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// pi returns a ball around π by Machin's formula
// π = 16·atan(1/5) − 4·atan(1/239).
func (a *arith) pi() ball {
	return a.sub(a.mul(intBall(16), a.atanInv(5)), a.mul(intBall(4), a.atanInv(239)))
}

// atanInv returns a ball around atan(1/n) for an integer n ≥ 2, summing
// its alternating series until the terms fall below 10^-(prec+5); the
// remainder is at most the first term left out, which is below the last.
func (a *arith) atanInv(n int64) ball {
	x := a.quo(intBall(1), intBall(n))
	x2 := a.mul(x, x)
	pow, sum := x, x
	limit := -float64(a.prec + 5)
	for k := int64(1); ; k++ {
		pow = a.mul(pow, x2)
		term := a.quo(pow, intBall(2*k+1))
		if k%2 == 1 {
			sum = a.sub(sum, term)
		} else {
			sum = a.add(sum, term)
		}
		if t := hiAbs(term.m) + term.r; t == 0 || math.Log10(t) < limit {
			sum.r = up(sum.r + math.Max(t, tinyRadius))
			return sum
		}
	}
}

// sinCos returns balls around sin x and cos x. It reduces x by a multiple
// of 2π (itself a ball) and sums the Taylor series; for |y| ≤ Y the
// remainder after the term of degree j is at most Y^(j+1)/(j+1)!, which is
// added to the radius.
func (a *arith) sinCos(x ball) (sin, cos ball) {
	if x.m.IsZero() && x.r == 0 {
		return intBall(0), intBall(1)
	}
	if a.twoPi == nil {
		tp := a.mul(intBall(2), a.pi())
		a.twoPi = &tp
	}
	twoPi := *a.twoPi
	k := new(apd.Decimal)
	_, err := a.ctx.Quo(k, x.m, twoPi.m)
	a.fail(err)
	_, err = a.ctx.RoundToIntegralValue(k, k)
	a.fail(err)
	y := x
	if !k.IsZero() {
		y = a.sub(x, a.mul(exactBall(k), twoPi))
	}
	bigY := hiAbs(y.m) + y.r
	if bigY > 8 {
		a.fail(errNotCertifiable)
		return ball{apd.New(0, 0), math.Inf(1)}, ball{apd.New(0, 1), math.Inf(1)}
	}
	y2 := a.mul(y, y)
	sin, cos = y, intBall(1)
	sterm, cterm := y, intBall(1)
	limit := -float64(a.prec + 5)
	logY := math.Log10(math.Max(bigY, 1e-300))
	logFact := 0.0 // log10 of (j+1)! as j grows
	for j := int64(1); ; j++ {
		// cos term of degree 2j, sin term of degree 2j+1.
		cterm = a.quo(a.mul(cterm, y2), intBall((2*j-1)*(2*j)))
		sterm = a.quo(a.mul(sterm, y2), intBall((2*j)*(2*j+1)))
		if j%2 == 1 {
			cos, sin = a.sub(cos, cterm), a.sub(sin, sterm)
		} else {
			cos, sin = a.add(cos, cterm), a.add(sin, sterm)
		}
		// Remainders: cos after degree 2j is ≤ Y^(2j+2)/(2j+2)!, sin after
		// degree 2j+1 is ≤ Y^(2j+3)/(2j+3)!.
		logFact = lgFact(2*j + 2)
		logRem := float64(2*j+2)*logY - logFact
		if 2*j+2 > int64(2*bigY)+2 && logRem < limit {
			rem := math.Max(math.Pow(10, logRem), tinyRadius)
			cos.r, sin.r = up(cos.r+rem), up(sin.r+rem)
			return sin, cos
		}
	}
}

// lgFact returns log10(n!) rounded down slightly (so remainders computed
// from it err on the large side).
func lgFact(n int64) float64 {
	lg, _ := math.Lgamma(float64(n + 1))
	return lg/math.Ln10 - 1e-9*float64(n)
}
