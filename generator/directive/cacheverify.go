package directive

import (
	"math"
	"slices"
	"strconv"

	"paperlab/compute"
)

// verifyCached re-checks a result read from the cache against a fresh
// float64 run of the engine on the same inputs, which is cheap next to
// certification: the float64 fields must be identical (the engine is
// deterministic), and every certified decimal d with p places must lie
// within ½·10⁻ᵖ + ε of the fresh float64 value, ε being the engine's
// stated bound on |float64 − exact| (1e-9·max(1, max |field|)). A
// decimal whose places are too fine for that test (½·10⁻ᵖ < 10ε) is
// certified again and must match exactly. The cache key is a hash of the
// inputs, so an entry edited with a recomputed checksum is caught here:
// the page never shows a number the engine did not compute.
func verifyCached(typ string, res *Result) bool {
	op, ok := operations()[typ]
	if !ok {
		return false
	}
	fresh, _, err := op.run(res.Inputs)
	if err != nil || !slices.Equal(fresh.FieldNames(), res.Order) {
		return false
	}
	var fine []int // places that need a new certification
	for _, name := range res.Order {
		t, err := fresh.Field(name)
		if err != nil || !sameTensor(t, res.Fields[name]) {
			return false
		}
		scale := 1.0
		for _, x := range t.Values {
			scale = math.Max(scale, math.Abs(x))
		}
		eps := 1e-9 * scale
		for digits, fields := range res.Decimals {
			half := 0.5 * math.Pow10(-digits)
			if half < 10*eps {
				if !slices.Contains(fine, digits) {
					fine = append(fine, digits)
				}
				continue
			}
			d := fields[name]
			for i, s := range d.Values {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || !(math.Abs(v-t.Values[i]) <= half+eps+1e-15*math.Abs(v)) {
					return false
				}
			}
		}
	}
	for _, digits := range fine {
		cert, err := fresh.Certify(digits)
		if err != nil {
			return false
		}
		for _, name := range res.Order {
			if !slices.Equal(cert.Fields[name].Values, res.Decimals[digits][name].Values) {
				return false
			}
		}
	}
	return true
}

func sameTensor(a, b compute.Tensor) bool {
	if !slices.Equal(a.Shape, b.Shape) || len(a.Values) != len(b.Values) {
		return false
	}
	for i := range a.Values {
		if math.Float64bits(a.Values[i]) != math.Float64bits(b.Values[i]) && !(a.Values[i] == 0 && b.Values[i] == 0) {
			return false
		}
	}
	return true
}
