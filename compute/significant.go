package compute

import (
	"fmt"
	"strings"
)

// TinyMagnitude is the magnitude below which Significant writes an entry
// as 0: an exact result that small (it can arise from exp underflow) is
// within TinyMagnitude of zero.
const TinyMagnitude = 1e-280

// Significant returns one numeric field with every entry correctly
// rounded (half to even) to sig significant digits (1 to
// MaxSignificantDigits), established like Certify by a ball recomputation
// whose enclosure must fall inside one rounding cell; an entry within
// TinyMagnitude of zero is written 0. Such decimals carry an earlier
// result into a later computation with a relative error below
// ½·10^(1−sig), far below float64's 1.1·10⁻¹⁶.
func (f *fieldSet) Significant(name string, sig int) (Decimals, error) {
	t, err := f.Field(name)
	if err != nil {
		return Decimals{}, err
	}
	if sig < 1 || sig > MaxSignificantDigits {
		return Decimals{}, fmt.Errorf("significant digits must be between 1 and %d, got %d", MaxSignificantDigits, sig)
	}
	if f.work > MaxCertifyWork {
		return Decimals{}, fmt.Errorf("too large to certify: about %d arbitrary-precision operations, more than the limit of %d", f.work, MaxCertifyWork)
	}
	var lastFail string
	for _, prec := range precisions(sig) {
		a := newArith(prec)
		balls := f.eval(a)[name]
		if a.err != nil && a.err != errNotCertifiable {
			return Decimals{}, fmt.Errorf("exact recomputation: %v", a.err)
		}
		out := make([]string, len(t.Values))
		failed := false
		for i, b := range balls {
			if b.m.IsZero() && b.r == 0 || hiAbs(b.m)+b.r < TinyMagnitude {
				out[i] = "0"
				continue
			}
			adj := int(b.m.NumDigits()) + int(b.m.Exponent) - 1 // 10^adj <= |m| < 10^(adj+1)
			s, ok := roundBall(b, sig-1-adj)
			if !ok {
				lastFail = fmt.Sprintf("%s%s = %s ± %.3g", name, indexText(t.Shape, i), b.m.Text('G'), b.r)
				failed = true
				break
			}
			out[i] = strings.TrimPrefix(s, "+")
		}
		if !failed {
			return Decimals{Shape: t.Shape, Values: out}, nil
		}
	}
	return Decimals{}, fmt.Errorf("cannot certify %d significant digits: %s lies too close to a rounding boundary", sig, lastFail)
}
