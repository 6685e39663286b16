package compute

import "math"

// Double-double arithmetic: a number is the unevaluated sum h + l of two
// float64s with h = fl(h + l), about 106 significant bits. Every operation
// returns, besides its result, a bound on its rounding error derived from
// the IEEE 754 guarantee that +, −, ×, ÷ and √ round correctly (relative
// error at most u = 2⁻⁵³ for results in the normal range) and that
// twoSum and twoProd are exact. Errors from results below the normal
// range are absolute, at most 2⁻¹⁰⁷⁵ each; radius computes a bound that
// covers them.

// u is the unit roundoff of float64, 2⁻⁵³.
const u = 0x1p-53

// dd is a double-double number h + l, normalized: h = fl(h + l).
type dd struct{ h, l float64 }

// twoSum returns s = fl(a + b) and the exact error e = a + b − s.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// twoProd returns p = fl(a·b) and e = a·b − p, exact unless a·b is below
// 2⁻⁹⁶⁹ in magnitude.
func twoProd(a, b float64) (p, e float64) {
	p = a * b
	e = math.FMA(a, b, -p)
	return p, e
}

// absUp is an upper bound of |x|: |l| ≤ u·|h|, so (1 + 2⁻⁵²)·|h|, even
// rounded, is at least |h| + |l|.
func (x dd) absUp() float64 { return math.Abs(x.h) * (1 + 0x1p-52) }

// absDown is a lower bound of |x|.
func (x dd) absDown() float64 { return math.Abs(x.h) * (1 - 0x1p-51) }

func (x dd) neg() dd { return dd{-x.h, -x.l} }

// radius returns a float64 at least the real number e whose computation in
// float64 gave x, allowing for up to 60 relative roundings of u in it and
// for absolute errors of at most 2⁻¹⁰¹¹ in all from results below the
// normal range: fl(x·(1 + 2⁻⁴⁶) + 2⁻¹⁰¹⁰) ≥ x·(1 + 2⁻⁵¹) + 2⁻¹⁰¹¹. It is
// only called for an inexact result, so it is never 0.
func radius(x float64) float64 { return x*(1+0x1p-46) + 0x1p-1010 }

// ddFromInt returns x exactly, for |x| ≤ 2⁶³.
func ddFromInt(x int64) dd {
	hi := float64(x >> 32 << 32) // exact: at most 31 significant bits
	lo := float64(x - x>>32<<32) // exact: below 2³²
	h, l := twoSum(hi, lo)
	return dd{h, l}
}

// ddFromUint returns x exactly.
func ddFromUint(x uint64) dd {
	h, l := twoSum(float64(x>>32<<32), float64(x&(1<<32-1)))
	return dd{h, l}
}

// ddAdd returns x + y and a bound on its error (exact when both low parts
// are 0). x + y = (sh + se) + (th + te); c = fl(se + th) and w = fl(te + vl)
// are its only roundings, so the error is at most u·(|c| + |w|).
func ddAdd(x, y dd) (dd, float64, bool) {
	sh, se := twoSum(x.h, y.h)
	if x.l == 0 && y.l == 0 {
		return dd{sh, se}, 0, true
	}
	th, te := twoSum(x.l, y.l)
	c := se + th
	vh, vl := twoSum(sh, c)
	w := te + vl
	zh, zl := twoSum(vh, w)
	return dd{zh, zl}, u * (math.Abs(c) + math.Abs(w)), false
}

// ddSub returns x − y and a bound on its error.
func ddSub(x, y dd) (dd, float64, bool) { return ddAdd(x, y.neg()) }

// ddMul returns x·y and a bound on its error (exact when both low parts
// are 0 and the product is not tiny). x·y = ph + pl + xh·yl + xl·yh + xl·yl;
// the two cross products, their sum s and w = fl(pl + s) are rounded and
// xl·yl is left out.
func ddMul(x, y dd) (dd, float64, bool) {
	ph, pl := twoProd(x.h, y.h)
	if x.l == 0 && y.l == 0 {
		if math.Abs(ph) >= 0x1p-960 || ph == 0 && (x.h == 0 || y.h == 0) {
			return dd{ph, pl}, 0, true
		}
		return dd{ph, pl}, 0x1p-1070, false
	}
	t1, t2 := x.h*y.l, x.l*y.h
	s := t1 + t2
	w := pl + s
	zh, zl := twoSum(ph, w)
	return dd{zh, zl}, u*(math.Abs(t1)+math.Abs(t2)+math.Abs(s)+math.Abs(w)) + math.Abs(x.l)*math.Abs(y.l) + 0x1p-1070, false
}

// ddDiv returns x/y for y ≠ 0 and a bound on its error. q1 = fl(xh/yh);
// the residual ρ = x − q1·y = (xh − p1) − e1 + xl − q1·yl is formed with
// the roundings listed, and x/y = q1 + ρ/y is taken as q1 + fl(ρ̂/yh):
// the error is |ρ − ρ̂|/|y| + |ρ̂|·|yl|/(|y|·|yh|) + u·|q2|.
func ddDiv(x, y dd) (dd, float64, bool) {
	q1 := x.h / y.h
	p1, e1 := twoProd(q1, y.h)
	p2 := q1 * y.l
	a, ae := twoSum(x.h, -p1)
	if y.l == 0 && x.l == 0 && a == 0 && ae == 0 && e1 == 0 && (math.Abs(q1) >= 0x1p-960 || q1 == 0 && x.h == 0) {
		return dd{q1, 0}, 0, true
	}
	b := ae - e1
	c := b + x.l
	d := c - p2
	rho := a + d
	q2 := rho / y.h
	zh, zl := twoSum(q1, q2)
	ay := math.Abs(y.h) * (1 - 0x1p-51) // ≤ |y|
	errRho := u*(math.Abs(b)+math.Abs(c)+math.Abs(d)+math.Abs(p2)+math.Abs(rho)) + 0x1p-1070
	e := errRho/ay + math.Abs(rho)*math.Abs(y.l)/(ay*math.Abs(y.h)) + u*math.Abs(q2) + 0x1p-1070
	return dd{zh, zl}, e, false
}

// ddSqrt returns √x for x > 0 and a bound on its error. s = fl(√xh); the
// residual ρ = x − s² is formed as in ddDiv, and √x = s + ρ/(√x + s) is
// taken as s + fl(ρ̂/(2s)); √x + s differs from 2s by |√x − s| ≤ |ρ|/s, so
// the error is |ρ − ρ̂|/s + (|ρ̂| + |ρ − ρ̂|)²/s³ + u·|t| (for |ρ| ≤ s²/2).
func ddSqrt(x dd) (dd, float64, bool) {
	s := math.Sqrt(x.h)
	p, e := twoProd(s, s)
	a, ae := twoSum(x.h, -p)
	if x.l == 0 && a == 0 && ae == 0 && e == 0 && s >= 0x1p-480 {
		return dd{s, 0}, 0, true
	}
	b := ae - e
	c := a + b
	d := c + x.l
	t := d / (2 * s)
	zh, zl := twoSum(s, t)
	errRho := u*(math.Abs(b)+math.Abs(c)+math.Abs(d)) + 0x1p-1070
	sl := s * (1 - 0x1p-51)
	rr := math.Abs(d) + errRho
	return dd{zh, zl}, errRho/sl + rr*rr/(sl*sl*sl) + u*math.Abs(t) + 0x1p-1070, false
}

// ddLdexp returns x·2^k, exact when both parts stay in the normal range.
func ddLdexp(x dd, k int) dd { return dd{math.Ldexp(x.h, k), math.Ldexp(x.l, k)} }
