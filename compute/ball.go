package compute

import (
	"errors"
	"math"

	"github.com/cockroachdb/apd/v3"
)

// ball is a midpoint-radius enclosure of an exact real number: the number
// lies in [m-r, m+r]. A radius of 0 means m is the number exactly.
type ball struct {
	m *apd.Decimal
	r float64
}

// tinyRadius is the smallest radius added for an inexact operation; it
// stands in for rounding errors too small for float64 (all below 1e-290).
const tinyRadius = 1e-290

// errNotCertifiable reports an enclosure too wide to go on (a division by
// a ball containing zero, an argument out of a function's domain).
var errNotCertifiable = errors.New("enclosure too wide")

// arith does ball arithmetic at one working precision. Every rounded
// operation adds its rounding error to the radius, and every operation
// propagates the radii of its operands, so a result's ball always holds
// the exact mathematical value. The first error met is kept in err.
type arith struct {
	prec  int
	ctx   *apd.Context // rounds to prec significant digits, half to even
	hi    *apd.Context // prec+3 digits, for exp, ln and sqrt
	exact *apd.Context // precision 0: exact add, sub and mul
	u     float64      // 10^(1-prec): at least twice one rounding's relative error
	err   error
	twoPi *ball // 2π, computed on first use
}

// newArith returns ball arithmetic at prec significant digits.
func newArith(prec int) *arith {
	return &arith{prec: prec, ctx: decimalContext(uint32(prec)), hi: decimalContext(uint32(prec + 3)),
		exact: decimalContext(0), u: math.Pow10(1 - prec)}
}

// fail records the first error.
func (a *arith) fail(err error) {
	if err != nil && a.err == nil {
		a.err = err
	}
}

// exactBall wraps an exact decimal.
func exactBall(d *apd.Decimal) ball { return ball{m: d} }

// intBall is the exact integer x.
func intBall(x int64) ball { return ball{m: apd.New(x, 0)} }

// hiAbs returns an upper bound of |d| as a float64 (+Inf when too large).
func hiAbs(d *apd.Decimal) float64 {
	if d.IsZero() {
		return 0
	}
	adj := d.NumDigits() + int64(d.Exponent) - 1 // 10^adj <= |d| < 10^(adj+1)
	switch {
	case adj < -290:
		return 1e-289
	case adj > 300:
		return math.Inf(1)
	}
	if d.Coeff.IsUint64() && d.Exponent > -300 && d.Exponent < 300 {
		return float64(d.Coeff.Uint64()) * math.Pow10(int(d.Exponent)) * (1 + 1e-14)
	}
	if f, err := d.Float64(); err == nil {
		return math.Abs(f) * (1 + 1e-14)
	}
	return math.Pow10(int(adj) + 1)
}

// loAbs returns a lower bound of |d| as a float64 (0 when tiny or zero).
func loAbs(d *apd.Decimal) float64 {
	if d.IsZero() {
		return 0
	}
	adj := d.NumDigits() + int64(d.Exponent) - 1
	switch {
	case adj < -290:
		return 0
	case adj > 300:
		return 1e300
	}
	if d.Coeff.IsUint64() && d.Exponent > -300 && d.Exponent < 300 {
		return float64(d.Coeff.Uint64()) * math.Pow10(int(d.Exponent)) * (1 - 1e-14)
	}
	if f, err := d.Float64(); err == nil {
		return math.Abs(f) * (1 - 1e-14)
	}
	return math.Pow10(int(adj))
}

// up inflates a float64 radius so that float64 rounding in its own
// computation cannot make it too small.
func up(r float64) float64 { return r * (1 + 1e-9) }

// rounding returns the radius to add for a result m of an operation that
// reported cond.
func (a *arith) rounding(cond apd.Condition, m *apd.Decimal) float64 {
	if !cond.Inexact() {
		return 0
	}
	return math.Max(hiAbs(m)*a.u, tinyRadius)
}

// xadd, xsub and xmul are exact operations on decimals.
func (a *arith) xadd(x, y *apd.Decimal) *apd.Decimal {
	d := new(apd.Decimal)
	_, err := a.exact.Add(d, x, y)
	a.fail(err)
	return d
}

func (a *arith) xsub(x, y *apd.Decimal) *apd.Decimal {
	d := new(apd.Decimal)
	_, err := a.exact.Sub(d, x, y)
	a.fail(err)
	return d
}

func (a *arith) xmul(x, y *apd.Decimal) *apd.Decimal {
	d := new(apd.Decimal)
	_, err := a.exact.Mul(d, x, y)
	a.fail(err)
	return d
}

// add returns x + y.
func (a *arith) add(x, y ball) ball {
	if x.r == 0 && y.r == 0 && x.m.NumDigits() < 60 && y.m.NumDigits() < 60 {
		return exactBall(a.xadd(x.m, y.m))
	}
	d := new(apd.Decimal)
	c, err := a.ctx.Add(d, x.m, y.m)
	a.fail(err)
	return ball{d, up(x.r + y.r + a.rounding(c, d))}
}

// sub returns x - y.
func (a *arith) sub(x, y ball) ball {
	return a.add(x, ball{new(apd.Decimal).Neg(y.m), y.r})
}

// mul returns x · y.
func (a *arith) mul(x, y ball) ball {
	d := new(apd.Decimal)
	c, err := a.ctx.Mul(d, x.m, y.m)
	a.fail(err)
	r := a.rounding(c, d)
	if x.r != 0 || y.r != 0 {
		r += hiAbs(x.m)*y.r + hiAbs(y.m)*x.r + x.r*y.r
	}
	return ball{d, up(r)}
}

// quo returns x / y; y's ball must not contain zero.
func (a *arith) quo(x, y ball) ball {
	ly := loAbs(y.m)
	if ly <= y.r || ly == 0 {
		a.fail(errNotCertifiable)
		return ball{apd.New(0, 0), math.Inf(1)}
	}
	d := new(apd.Decimal)
	c, err := a.ctx.Quo(d, x.m, y.m)
	a.fail(err)
	r := a.rounding(c, d)
	if x.r != 0 || y.r != 0 {
		// |x/y - mx/my| <= (|mx| ry + |my| rx) / (|my| (|my| - ry))
		r += (hiAbs(x.m)*y.r + hiAbs(y.m)*x.r) / (ly * (ly - y.r))
	}
	return ball{d, up(r)}
}

// exp returns e^x. apd's Exp is accurate to about one unit in the last
// place; it runs at prec+3 digits and is charged 10^(1-prec) relative,
// a thousand times that.
func (a *arith) exp(x ball) ball {
	if x.m.IsZero() && x.r == 0 {
		return intBall(1)
	}
	if x.r > 1 {
		a.fail(errNotCertifiable)
		return ball{apd.New(0, 0), math.Inf(1)}
	}
	if x.m.Cmp(apd.New(-20000, 0)) < 0 {
		// e^(x) < e^-19999 < 1e-8000: zero within the tiny radius.
		return ball{apd.New(0, 0), tinyRadius}
	}
	d := new(apd.Decimal)
	_, err := a.hi.Exp(d, x.m)
	a.fail(err)
	h := hiAbs(d)
	return ball{d, up(math.Max(h*a.u, tinyRadius) + h*math.Expm1(x.r)*(1+1e-6))}
}

// ln returns the natural logarithm of x > 0 (accuracy charged as in exp).
func (a *arith) ln(x ball) ball {
	lx := loAbs(x.m)
	if x.m.Sign() <= 0 || lx <= x.r {
		a.fail(errNotCertifiable)
		return ball{apd.New(0, 0), math.Inf(1)}
	}
	if x.r == 0 && x.m.Cmp(apd.New(1, 0)) == 0 {
		return intBall(0)
	}
	d := new(apd.Decimal)
	_, err := a.hi.Ln(d, x.m)
	a.fail(err)
	// |ln x - ln m| <= r / (m - r)
	return ball{d, up(math.Max(hiAbs(d)*a.u, tinyRadius) + x.r/(lx-x.r))}
}

// sqrt returns the square root of x >= 0 (accuracy charged as in exp;
// an exact square root of an exact number stays exact).
func (a *arith) sqrt(x ball) ball {
	if x.m.IsZero() && x.r == 0 {
		return intBall(0)
	}
	lx := loAbs(x.m)
	if x.m.Sign() <= 0 || lx <= x.r {
		a.fail(errNotCertifiable)
		return ball{apd.New(0, 0), math.Inf(1)}
	}
	d := new(apd.Decimal)
	c, err := a.hi.Sqrt(d, x.m)
	a.fail(err)
	r := 0.0
	if c.Inexact() || x.r != 0 {
		r = math.Max(hiAbs(d)*a.u, tinyRadius)
	}
	if x.r != 0 {
		// |sqrt x - sqrt m| <= r / sqrt(m - r)
		r += x.r / math.Sqrt(lx-x.r)
	}
	return ball{d, up(r)}
}
