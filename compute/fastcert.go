package compute

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// fastEvaluator evaluates all numeric fields in double-double ball
// arithmetic mirroring the result's evaluator (the same operations in the
// same order), in the layout of their Tensors.
type fastEvaluator func(fa *fastArith) map[string][]fball

// certifyMode chooses how certify settles the digits.
type certifyMode int

const (
	certifyAuto     certifyMode = iota // fast path, the apd path when it declines
	certifyApdOnly                     // the apd path only
	certifyFastOnly                    // the fast path only; errFastDeclined when it declines
)

// errFastDeclined reports that the fast path could not decide (only with
// certifyFastOnly).
var errFastDeclined = errors.New("the fast certification path declined")

// apdMargin is how much farther than the apd radius bound R a ball must
// stay from a rounding boundary: an apd ball lies within its radius
// r ≤ R of the exact value, so it is inside the cell when the exact value
// is more than 2r from the boundary (roundBall also allows 1e-6 relative
// and loAbs 1e-14).
const apdMargin = 2.00001

// floatMargin is the same for the rounding interval of a float64:
// nearestFloat widens r to at most 1.02·r on each side of the midpoint.
const floatMargin = 2.05

// certifyFast returns the certificate the apd path would return at its
// first working precision, or nil when it cannot show that it would.
func (f *fieldSet) certifyFast(digits int, names []string) *Certificate {
	prec := precisions(digits)[0]
	fa := newFastArith(prec)
	balls := f.fast(fa)
	if !fa.ok {
		return nil
	}
	for _, n := range f.names {
		if len(balls[n]) != len(f.values[n].Values) {
			return nil // a fast evaluator out of step with its fields
		}
	}
	cert := &Certificate{Digits: digits, Precision: prec, Fields: make(map[string]Decimals, len(names))}
	count := 0
	var buf []byte
	for _, n := range names {
		t := f.values[n]
		out := make([]string, len(t.Values))
		for i, b := range balls[n] {
			var ok bool
			if buf, ok = decide(buf[:0], b, digits); !ok {
				return nil
			}
			out[i] = string(buf)
		}
		cert.Fields[n] = Decimals{Shape: t.Shape, Values: out}
		count += len(out)
	}
	var cs checks
	if !f.fastAgreement(&cs, balls) {
		return nil
	}
	certifiedCheck(&cs, count, names, digits, prec)
	cert.Checks = cs.list
	return cert
}

// fastAgreement records the agreement check exactly as the apd path
// would, or reports false. For a ball whose float64 is determined in both
// paths (nearest), the difference is the same |x − e|. For the others the
// apd difference is at most |x − m| + r + u·(|m| + r + R); each must stay
// below the largest determined difference (so that it is neither the
// largest nor the first to reach it) and within the tolerance.
func (f *fieldSet) fastAgreement(cs *checks, balls map[string][]fball) bool {
	worst := 0.0
	type pending struct {
		hi, tol float64
	}
	var open []pending
	diffs := make(map[string][]float64, len(f.names))
	for _, n := range f.names {
		t := f.values[n]
		scale := 1.0
		for _, x := range t.Values {
			scale = max(scale, math.Abs(x))
		}
		tol := agreementTolerance * scale
		ds := make([]float64, len(t.Values))
		for i, b := range balls[n] {
			x := t.Values[i]
			if b.tiny != 0 && x == 0 {
				// The apd midpoint rounds to the float64 0 too, so the apd
				// difference, max(|0 − 0| − r, 0), is 0.
				continue
			}
			if e, ok := nearest(b); ok {
				ds[i] = math.Abs(x - e)
				if !(ds[i] <= tol) {
					return false // let the apd path report it
				}
				worst = max(worst, ds[i])
				continue
			}
			hi := (math.Abs(x-b.m.h)+math.Abs(b.m.l)+b.r+u*(b.magUp()+b.R))*(1+0x1p-48) + 0x1p-1000
			open = append(open, pending{hi, tol})
		}
		diffs[n] = ds
	}
	for _, p := range open {
		if !(p.hi < worst && p.hi <= p.tol) {
			return false
		}
	}
	f.agreementFrom(cs, func(n string, i int) float64 { return diffs[n][i] })
	return true
}

// decide appends the text of b rounded to digits places, as roundBall
// would write it for the apd ball, and reports whether the rounding is
// certain for both: b·10^digits must lie farther than r + 2.00001·R (times
// 10^digits) from every half-integer.
func decide(buf []byte, b fball, digits int) ([]byte, bool) {
	if b.tiny != 0 {
		return appendFixed(buf, 0, digits), true
	}
	p := pow10dd[digits]
	y, ey, _ := ddMul(b.m, p)
	var n int64
	var f float64 // y − n, within a rounding
	switch a := math.Abs(y.h); {
	case a < 0x1p52:
		nf := math.Round(y.h)
		n, f = int64(nf), (y.h-nf)+y.l // y.h − nf is exact (Sterbenz)
	case a < 0x1p62:
		nl := math.Round(y.l) // y.h is an integer
		n, f = int64(y.h)+int64(nl), y.l-nl
	default:
		return buf, false
	}
	slack := 0.5 - math.Abs(f) - 0x1p-52
	// 1e-280 more: roundBall needs a slack above 1e-290 (loAbs is 0 below).
	need := ((b.r+apdMargin*b.R+1e-280)*p.absUp()+ey)*(1+0x1p-48) + 0x1p-1000
	if !(slack > need) {
		return buf, false
	}
	return appendFixed(buf, n, digits), true
}

// appendFixed writes n·10^-digits with exactly digits places, as apd's
// Text('f') writes a decimal of coefficient n and exponent −digits (and
// 0 without a sign).
func appendFixed(buf []byte, n int64, digits int) []byte {
	if n < 0 {
		buf = append(buf, '-')
		n = -n
	}
	var scratch [24]byte
	s := strconv.AppendInt(scratch[:0], n, 10)
	if digits == 0 {
		return append(buf, s...)
	}
	if left := digits - len(s); left >= 0 {
		buf = append(buf, "0."...)
		buf = append(buf, strings.Repeat("0", left)...)
		return append(buf, s...)
	}
	buf = append(buf, s[:len(s)-digits]...)
	buf = append(buf, '.')
	return append(buf, s[len(s)-digits:]...)
}

// nearest returns the float64 nearest to b's exact value when
// nearestFloat finds it for the apd ball too: b's midpoint must lie
// farther than r + 2.05·R from the ends of the rounding interval of its
// nearest float64 (an apd ball with radius 0 is the exact value itself).
func nearest(b fball) (float64, bool) {
	if b.tiny != 0 {
		return 0, false // the apd radius is at least tinyRadius, around 0
	}
	h, l := b.m.h, b.m.l
	if b.r == 0 && b.R == 0 {
		return h, true
	}
	if h == 0 {
		return 0, false
	}
	gu := (math.Nextafter(h, math.Inf(1)) - h) / 2
	gd := (h - math.Nextafter(h, math.Inf(-1))) / 2
	room := math.Min(gu-l, gd+l) * (1 - 0x1p-50)
	need := (b.r+floatMargin*b.R)*(1+0x1p-48) + 0x1p-1000
	if !(room > need) {
		return 0, false
	}
	return h, true
}
