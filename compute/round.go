package compute

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// decimalContext returns a context rounding half to even at prec
// significant digits (0: add, sub and mul are exact).
func decimalContext(prec uint32) *apd.Context {
	return &apd.Context{Precision: prec, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent,
		Traps: apd.DefaultTraps, Rounding: apd.RoundHalfEven}
}

// roundBall returns the decimal text, with exactly digits places after the
// point, of the correctly rounded value of every number in b, and whether
// that rounding is certain. An exact ball (radius 0) is rounded half to
// even. Otherwise the whole ball must lie strictly inside one rounding
// cell (c - h, c + h), h = ½·10^-digits: no tie and no boundary in reach.
// Zero is never written with a minus sign.
func roundBall(b ball, digits int) (string, bool) {
	if math.IsNaN(b.r) || math.IsInf(b.r, 0) {
		return "", false
	}
	// 2000 digits cover every magnitude a result can reach.
	quantizeCtx, exactCtx := decimalContext(2000), decimalContext(0)
	c := new(apd.Decimal)
	if _, err := quantizeCtx.Quantize(c, b.m, int32(-digits)); err != nil {
		return "", false
	}
	if b.r != 0 {
		// slack = h - |m - c| must exceed the radius.
		diff := new(apd.Decimal)
		if _, err := exactCtx.Sub(diff, b.m, c); err != nil {
			return "", false
		}
		diff.Abs(diff)
		slack := new(apd.Decimal)
		if _, err := exactCtx.Sub(slack, apd.New(5, int32(-digits-1)), diff); err != nil {
			return "", false
		}
		if slack.Sign() <= 0 || loAbs(slack) <= b.r*(1+1e-6) {
			return "", false
		}
	}
	if c.IsZero() {
		c.Negative = false
	}
	return c.Text('f'), true
}
