package compute

import (
	"math"
	"math/big"

	"github.com/cockroachdb/apd/v3"
)

// The fast certification path. Before the arbitrary-precision evaluation,
// Certify evaluates the same result in ball arithmetic on double-doubles
// (fball, about 32 significant digits): the same operations in the same
// order, every rounding error bounded (see dd.go), so each ball holds the
// exact value. Each ball also carries R, an upper bound on the radius that
// the arbitrary-precision evaluation (arith) gives the same number at the
// first working precision: R follows arith's own radius formulas, with
// every rounding assumed inexact and every magnitude bounded from above
// (or, for divisors, from below). When every printed number's ball is far
// enough from a rounding boundary for the apd ball, known to lie within R
// of the exact value, to be inside the same rounding cell, the apd path
// would certify the same texts at its first precision: the fast path
// returns that certificate without running it. Otherwise it declines and
// Certify runs the apd path.

// fball is a ball around an exact real number: the number lies in
// [m − r, m + r], or, when tiny is non-zero, it and the apd midpoint of
// the same number are at most 2^tiny ≤ 2⁻¹⁰⁷⁶ in magnitude (m and r are
// then 0), so that both round to the float64 0 and to 0 at any number of
// places. R bounds the apd radius of the same number.
type fball struct {
	m    dd
	r    float64
	R    float64
	tiny int
}

// fastArith is ball arithmetic on double-doubles that mirrors an arith at
// precision prec. ok turns false when a number leaves the range the fast
// path handles or when the apd evaluation might fail (a divisor or an
// exponent whose apd ball might be too wide); the result is then
// discarded.
type fastArith struct {
	prec int
	u0   float64 // arith.u at prec: 10^(1−prec)
	ok   bool
}

func newFastArith(prec int) *fastArith {
	return &fastArith{prec: prec, u0: math.Pow10(1 - prec), ok: true}
}

// Magnitudes the fast path handles: non-zero midpoints within
// [fastMin, fastMax] (besides tiny balls).
const (
	fastMin = 1e-280
	fastMax = 1e280
)

// tinyLimit is the largest exponent of a tiny ball's bound, and
// tinyFloor the smallest kept (a smaller bound is still a bound).
const (
	tinyLimit = -1076
	tinyFloor = -30000
)

// mirrorUp is arith's up followed by a relative 1e-12, so that a mirrored
// radius stays above arith's float64 evaluation of the same formula on
// smaller inputs (math.Exp and math.Expm1 may be off by an ulp).
func mirrorUp(r float64) float64 { return up(r) * (1 + 1e-12) }

// exactZero reports a ball that is exactly 0 in both evaluations.
func (b fball) exactZero() bool { return b.m.h == 0 && b.r == 0 && b.R == 0 && b.tiny == 0 }

// magUp bounds the magnitude of the exact value from above.
func (b fball) magUp() float64 {
	if b.tiny != 0 {
		return math.Ldexp(1, max(b.tiny, -1074))
	}
	return b.m.absUp() + b.r
}

// ha bounds hiAbs of the apd midpoint of b: the midpoint lies within R of
// the exact value, and hiAbs overestimates by less than 1e-13 relative
// (or returns 1e-289 for magnitudes below 1e-290).
func (b fball) ha() float64 { return haOf(b.magUp(), b.R) }

// haOf bounds hiAbs of an apd midpoint within prop of a number of
// magnitude at most mag. (arith rounds its results to prec digits, a
// relative change below u0 ≪ 1e-12, included.)
func haOf(mag, prop float64) float64 { return max((mag+prop)*(1+1e-12), 1e-289) }

// la bounds loAbs of the apd midpoint of b from below (0 when it may be
// tiny).
func (b fball) la() float64 {
	if b.tiny != 0 {
		return 0
	}
	l := (b.m.absDown() - b.r - b.R) * (1 - 1e-12)
	if !(l > fastMin) {
		return 0
	}
	return l
}

// check validates a result: finite radii and a midpoint in range.
func (fa *fastArith) check(b fball) fball {
	if h := math.Abs(b.m.h); h != 0 && !(h >= fastMin && h <= fastMax) || !(b.r <= fastMax) || !(b.R <= fastMax) {
		fa.ok = false
	}
	return b
}

// round is arith's rounding term for an inexact result with hiAbs ≤ h.
func (fa *fastArith) round(h float64) float64 { return max(h*fa.u0, tinyRadius) }

// tinyBall returns the ball of a number at most 2^e in magnitude: a tiny
// ball when e ≤ tinyLimit, else 0 ± 2^e.
func (fa *fastArith) tinyBall(e int, R float64) fball {
	if e <= tinyLimit {
		return fball{tiny: max(e, tinyFloor), R: R}
	}
	return fa.check(fball{r: radius(math.Ldexp(1, max(e, -1074))), R: R})
}

// log2Up returns e with x ≤ 2^e, for x > 0.
func log2Up(x float64) int {
	_, e := math.Frexp(x) // x = f·2^e, ½ ≤ f < 1
	return e
}

// log2Mag returns e with |x| ≤ 2^e for every x in the ball and for the
// apd midpoint.
func (b fball) log2Mag() int {
	if b.tiny != 0 {
		return b.tiny
	}
	return log2Up(b.ha())
}

// pow10dd holds 10^k exactly for k ≤ 44 (at most 103 significant bits).
var pow10dd = func() (t [45]dd) {
	for k := range t {
		t[k] = ddFromBig(new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)))
	}
	return t
}()

// ddFromBig rounds x to a double-double: h is the float64 nearest to x
// and l the one nearest to x − h, so |x − (h + l)| ≤ 2⁻¹⁰⁶·|x| (exact
// when x has at most 106 significant bits).
func ddFromBig(x *big.Float) dd {
	h, _ := x.Float64()
	rest := new(big.Float).SetPrec(x.Prec()+1100).Sub(x, big.NewFloat(h))
	l, _ := rest.Float64()
	h, l = twoSum(h, l)
	return dd{h, l}
}

// fexact converts an exact decimal input (its apd ball has radius 0).
func (fa *fastArith) fexact(d *apd.Decimal) fball {
	if d.IsZero() {
		return fball{}
	}
	if d.Form != apd.Finite || !d.Coeff.IsUint64() || d.Exponent > 44 || d.Exponent < -44 {
		fa.ok = false
		return fball{}
	}
	c := ddFromUint(d.Coeff.Uint64())
	var x dd
	var err float64
	var exact bool
	if d.Exponent >= 0 {
		x, err, exact = ddMul(c, pow10dd[d.Exponent])
	} else {
		x, err, exact = ddDiv(c, pow10dd[-d.Exponent])
	}
	if d.Negative {
		x = x.neg()
	}
	return fa.check(fball{m: x, r: exactRadius(exact, err)})
}

// fexacts converts exact decimals.
func (fa *fastArith) fexacts(ds []*apd.Decimal) []fball {
	out := make([]fball, len(ds))
	for i, d := range ds {
		out[i] = fa.fexact(d)
	}
	return out
}

// fint is the exact integer x (|x| ≤ 2⁶³).
func fint(x int64) fball { return fball{m: ddFromInt(x)} }

// exactRadius is 0 for an exact result, else radius(e).
func exactRadius(exact bool, e float64) float64 {
	if exact {
		return 0
	}
	return radius(e)
}

func (b fball) neg() fball { b.m = b.m.neg(); return b }

// fxadd, fxsub and fxmul mirror arith's exact operations on decimals:
// their apd results are exact (R = 0), as are the operands.
func (fa *fastArith) fxadd(x, y fball) fball {
	z, err, exact := ddAdd(x.m, y.m)
	return fa.check(fball{m: z, r: exactRadius(exact && x.r == 0 && y.r == 0, x.r+y.r+err)})
}

func (fa *fastArith) fxsub(x, y fball) fball { return fa.fxadd(x, y.neg()) }

func (fa *fastArith) fxmul(x, y fball) fball {
	if x.exactZero() || y.exactZero() {
		return fball{}
	}
	z, err, exact := ddMul(x.m, y.m)
	return fa.check(fball{m: z, r: exactRadius(exact && x.r == 0 && y.r == 0,
		x.m.absUp()*y.r+y.m.absUp()*x.r+x.r*y.r+err)})
}

// add mirrors arith.add: apd radius x.R + y.R plus a rounding (an exact
// sum of two exact zeros stays exact).
func (fa *fastArith) add(x, y fball) fball {
	prop := x.R + y.R
	if x.exactZero() && y.exactZero() {
		return fball{}
	}
	if x.tiny != 0 || y.tiny != 0 {
		e := max(x.tiny, y.tiny) + 1 // both tiny (a tiny's tiny is < 0)
		switch {
		case x.exactZero():
			e = y.tiny
		case y.exactZero():
			e = x.tiny
		case x.tiny == 0 || y.tiny == 0:
			// A tiny number added to an ordinary one widens its radius.
			o := y // the ordinary one
			if x.tiny == 0 {
				o = x
			}
			r := radius(o.r + math.Ldexp(1, -1074))
			return fa.check(fball{m: o.m, r: r, R: mirrorUp(prop + fa.round(haOf(o.m.absUp()+r, prop)))})
		}
		return fa.tinyBall(e, mirrorUp(prop+fa.round(haOf(math.Ldexp(1, max(e, -1074)), prop))))
	}
	z, err, exact := ddAdd(x.m, y.m)
	r := exactRadius(exact && x.r == 0 && y.r == 0, x.r+y.r+err)
	return fa.check(fball{m: z, r: r, R: mirrorUp(prop + fa.round(haOf(z.absUp()+r, prop)))})
}

// mul mirrors arith.mul. A product with an exact 0 is an exact 0 in arith
// too (no rounding, and the radius terms vanish).
func (fa *fastArith) mul(x, y fball) fball {
	if x.exactZero() || y.exactZero() {
		return fball{}
	}
	prop := x.ha()*y.R + y.ha()*x.R + x.R*y.R
	if x.tiny != 0 || y.tiny != 0 {
		// |x·y| ≤ 2^(e_x + e_y) with |x| ≤ 2^e_x, |y| ≤ 2^e_y, and the same
		// for the apd midpoints (one more for arith's rounding).
		e := max(x.log2Mag()+y.log2Mag()+1, tinyFloor)
		return fa.tinyBall(e, mirrorUp(fa.round(haOf(math.Ldexp(1, max(e, -1074)), prop))+prop))
	}
	z, err, exact := ddMul(x.m, y.m)
	r := exactRadius(exact && x.r == 0 && y.r == 0, x.m.absUp()*y.r+y.m.absUp()*x.r+x.r*y.r+err)
	return fa.check(fball{m: z, r: r, R: mirrorUp(fa.round(haOf(z.absUp()+r, prop)) + prop)})
}

// quo mirrors arith.quo; the divisor's apd ball must exclude 0 for sure.
func (fa *fastArith) quo(x, y fball) fball {
	ly := y.la()
	yd := y.m.absDown() - y.r
	if y.tiny != 0 || !(ly > y.R*(1+1e-9)) || !(yd > 0) {
		fa.ok = false
		return fball{}
	}
	if x.exactZero() {
		return fball{}
	}
	prop := 0.0
	if x.R != 0 || y.R != 0 {
		prop = (x.ha()*y.R + y.ha()*x.R) / (ly * (ly - y.R))
	}
	if x.tiny != 0 {
		// |x/y| ≤ 2^e_x / yd ≤ 2^(e_x + 1 − log₂ yd), and the same for the
		// apd midpoints with ly (one more for roundings).
		e := max(x.tiny-log2Up(math.Min(yd, ly))+2, tinyFloor)
		return fa.tinyBall(e, mirrorUp(fa.round(haOf(math.Ldexp(1, max(e, -1074)), prop))+prop))
	}
	z, err, exact := ddDiv(x.m, y.m)
	r := 0.0
	if !exact || x.r != 0 || y.r != 0 {
		// |x/y − mx/my| ≤ (|mx| ry + |my| rx) / (|my| (|my| − ry))
		md := y.m.absDown()
		r = radius((x.m.absUp()*y.r+y.m.absUp()*x.r)/(md*(md-y.r)) + err)
	}
	return fa.check(fball{m: z, r: r, R: mirrorUp(fa.round(haOf(z.absUp()+r, prop)) + prop)})
}

// sqrt mirrors arith.sqrt for x > 0 (or an exact 0).
func (fa *fastArith) sqrt(x fball) fball {
	if x.exactZero() {
		return fball{}
	}
	lx := x.la()
	xd := x.m.absDown() - x.r
	if x.tiny != 0 || x.m.h < 0 || !(lx > x.R*(1+1e-9)) || !(xd > 0) {
		fa.ok = false
		return fball{}
	}
	prop := 0.0
	if x.R != 0 {
		prop = x.R / math.Sqrt(lx-x.R)
	}
	z, err, exact := ddSqrt(x.m)
	r := 0.0
	if !exact || x.r != 0 {
		// |√x − √m| ≤ r / √(m − r)
		r = radius(err + x.r/math.Sqrt(xd))
	}
	return fa.check(fball{m: z, r: r, R: mirrorUp(fa.round(haOf(z.absUp()+r, prop)) + prop)})
}

// exp mirrors arith.exp. e^0 of an exact 0 is an exact 1 in arith.
// Exponents below −747.5 (for the apd ball too) give a tiny ball; exponents in [−747.5, −640)
// or above 700 are declined.
func (fa *fastArith) exp(x fball) fball {
	if x.exactZero() {
		return fint(1)
	}
	if x.tiny != 0 || !(x.R <= 1) {
		fa.ok = false
		return fball{}
	}
	slack := math.Abs(x.m.h)*0x1p-52 + x.r // ≥ |x − x.m.h| for every x in the ball
	hiX, loX := x.m.h+slack, x.m.h-slack
	if hiX+x.R < -747.5 {
		// e^x ≤ 2^⌈x·log₂e⌉ (one more for the rounding of the product)
		// for x up to hiX + R, which bounds arith's exponent too. arith
		// gives e^m to prec+3 digits, below 1e-290 (hiAbs 1e-289), or,
		// below −20000, 0 ± tinyRadius; the formula covers both.
		e := int(math.Ceil(max(hiX+x.R, -1e6)*math.Log2E)) + 1
		h := 1e-289
		return fa.tinyBall(e, mirrorUp(max(h*fa.u0, tinyRadius)+h*math.Expm1(x.R)*(1+1e-6)))
	}
	if loX < -640 || hiX > 700 {
		fa.ok = false
		return fball{}
	}
	e, err, ok := expDD(x.m)
	if !ok {
		fa.ok = false
		return fball{}
	}
	// e^(m+δ) − E = (e^m − E)·e^δ + E·(e^δ − 1) for |δ| ≤ r.
	r := radius(err*math.Exp(x.r) + e.absUp()*math.Expm1(x.r))
	// arith's midpoint is e^(m') to prec+3 digits for m' within R of x.
	h := max((e.absUp()+r)*math.Exp(x.R)*(1+1e-12), 1e-289)
	return fa.check(fball{m: e, r: r, R: mirrorUp(max(h*fa.u0, tinyRadius) + h*math.Expm1(x.R)*(1+1e-6))})
}

// Constants of expDD: ln 2 and 1/j! for j ≤ expTerms+1 as double-doubles,
// each within 2⁻¹⁰⁶ of its value relative (bounded below as 2⁻¹⁰⁴).
const expTerms = 13

var ln2dd, invFact = func() (dd, [expTerms + 2]dd) {
	const prec = 300
	// ln 2 = Σ 1/(k·2^k), the terms after K summing to less than 2^-K.
	ln2 := new(big.Float).SetPrec(prec)
	for k := int64(1); k <= prec+10; k++ {
		t := new(big.Float).SetPrec(prec).SetInt(new(big.Int).Lsh(big.NewInt(k), uint(k)))
		ln2.Add(ln2, t.Quo(big.NewFloat(1).SetPrec(prec), t))
	}
	var f [expTerms + 2]dd
	fact := big.NewInt(1)
	for j := range f {
		if j > 0 {
			fact.Mul(fact, big.NewInt(int64(j)))
		}
		x := new(big.Float).SetPrec(prec).SetInt(fact)
		f[j] = ddFromBig(x.Quo(big.NewFloat(1).SetPrec(prec), x))
	}
	return ddFromBig(ln2), f
}()

// expDD returns e^x and a bound on its error, for x in [−700, 700]:
// x = k·ln 2 + r with |r| ≤ ln 2 / 2 (plus rounding), e^(r/16) by its
// Taylor polynomial of degree 13 (Horner's rule; remainder at most
// |s|¹⁴/14!·e^|s|), squared four times, times 2^k. Every step's error is
// propagated: through Horner's rule as E·|s| + the step's own errors,
// through a squaring as (2|p| + E)·E + its rounding.
func expDD(x dd) (dd, float64, bool) {
	k := math.Round(x.h * (1 / math.Ln2))
	kl, e1, _ := ddMul(dd{k, 0}, ln2dd)
	r, e2, _ := ddSub(x, kl)
	errR := e1 + e2 + math.Abs(k)*(ln2dd.h*0x1p-104)
	s := ddLdexp(r, -4)
	errS := errR * 0x1p-4
	sa := s.absUp()
	if !(sa <= 0.025) {
		return dd{}, 0, false
	}
	p := invFact[expTerms]
	errP := invFact[expTerms].h * 0x1p-104
	for j := expTerms - 1; j >= 0; j-- {
		var em, ea float64
		p, em, _ = ddMul(p, s)
		p, ea, _ = ddAdd(p, invFact[j])
		errP = errP*sa + em + ea + invFact[j].h*0x1p-104
	}
	// Taylor remainder, and e^s̃ versus e^s for the exact s (both below
	// 0.026 in magnitude, where e^|s| < 1.03).
	rem := math.Pow(sa, expTerms+1) * (invFact[expTerms+1].h * (1 + 0x1p-50)) * 1.03
	errP += rem + errS*1.03
	for range 4 {
		pa := p.absUp()
		var em float64
		p, em, _ = ddMul(p, p)
		errP = (2*pa+errP)*errP + em
	}
	ki := int(k)
	return ddLdexp(p, ki), math.Ldexp(errP*(1+0x1p-44), ki), true
}
