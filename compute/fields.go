package compute

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Tensor is one numeric result field in float64: Values in row-major order
// with their Shape ([] a scalar, [n] a vector, [n m] a matrix, [h n m] one
// matrix per head).
type Tensor struct {
	Shape  []int
	Values []float64
}

// Decimals is one result field as certified decimal texts, laid out like
// Tensor.
type Decimals struct {
	Shape  []int
	Values []string
}

// offset turns an index into a position in Values.
func offset(shape []int, idx []int) (int, error) {
	if len(idx) != len(shape) {
		return 0, fmt.Errorf("index %v has %d coordinates, the field has %d", idx, len(idx), len(shape))
	}
	off := 0
	for k, i := range idx {
		if i < 0 || i >= shape[k] {
			return 0, fmt.Errorf("index %v out of range for shape %v", idx, shape)
		}
		off = off*shape[k] + i
	}
	return off, nil
}

// At returns the entry at idx (no index for a scalar).
func (t Tensor) At(idx ...int) (float64, error) {
	off, err := offset(t.Shape, idx)
	if err != nil {
		return 0, err
	}
	return t.Values[off], nil
}

// At returns the text of the entry at idx (no index for a scalar).
func (d Decimals) At(idx ...int) (string, error) {
	off, err := offset(d.Shape, idx)
	if err != nil {
		return "", err
	}
	return d.Values[off], nil
}

// Nested returns the values as nested slices (string, []string,
// [][]string or [][][]string), as JSON shows them.
func (d Decimals) Nested() any { return nest(d.Shape, d.Values) }

// Nested returns the values as nested slices (float64, []float64,
// [][]float64 or [][][]float64), as JSON shows them.
func (t Tensor) Nested() any { return nest(t.Shape, t.Values) }

// nest splits a row-major slice along shape.
func nest[T any](shape []int, v []T) any {
	switch len(shape) {
	case 0:
		return v[0]
	case 1:
		return append([]T(nil), v...)
	}
	out := make([]any, shape[0])
	size := len(v) / max(shape[0], 1)
	for i := range out {
		out[i] = nest(shape[1:], v[i*size:(i+1)*size])
	}
	if len(shape) == 2 {
		rows := make([][]T, shape[0])
		for i := range rows {
			rows[i] = out[i].([]T)
		}
		return rows
	}
	mats := make([][][]T, shape[0])
	for i := range mats {
		mats[i] = out[i].([][]T)
	}
	return mats
}

// Certificate holds result fields as certified decimals: every text is
// the exact result for the given decimal inputs, correctly rounded (half
// to even) to Digits places after the point.
type Certificate struct {
	// Digits is the number of places after the point.
	Digits int
	// Precision is the working precision, in significant digits, of the
	// arbitrary-precision recomputation that settled every rounding.
	Precision int
	// Fields maps a field name to its decimals.
	Fields map[string]Decimals
	// Checks are the checks certification ran: agreement of the float64
	// result with the exact recomputation, and the certified rounding.
	Checks []Check
}

// evaluator recomputes all numeric fields at a working precision, as balls
// enclosing the exact results, in the layout of their Tensors.
type evaluator func(a *arith) map[string][]ball

// fieldSet is the part of every result that names its numeric fields and
// certifies them.
type fieldSet struct {
	names  []string
	values map[string]Tensor
	eval   evaluator
	fast   fastEvaluator // nil: no fast path, always the apd evaluation
	work   int           // estimated arbitrary-precision operations per evaluation
}

// add registers a numeric field.
func (f *fieldSet) add(name string, shape []int, values []float64) {
	if f.values == nil {
		f.values = map[string]Tensor{}
	}
	f.names = append(f.names, name)
	f.values[name] = Tensor{Shape: shape, Values: values}
}

// FieldNames lists the numeric fields of the result, in order.
func (f *fieldSet) FieldNames() []string { return append([]string(nil), f.names...) }

// Field returns a numeric field in float64.
func (f *fieldSet) Field(name string) (Tensor, error) {
	t, ok := f.values[name]
	if !ok {
		return Tensor{}, fmt.Errorf("no numeric field %q (fields: %s)", name, strings.Join(f.names, ", "))
	}
	return t, nil
}

// Decimal returns one numeric field certified to digits places (0 to
// MaxDigits). It runs a whole certification; to get several fields at the
// same digits, call Certify once.
func (f *fieldSet) Decimal(name string, digits int) (Decimals, error) {
	c, err := f.Certify(digits, name)
	if err != nil {
		return Decimals{}, err
	}
	return c.Fields[name], nil
}

// Certify recomputes the result in arbitrary precision and returns the
// named numeric fields (all of them when none is named) as decimals with
// digits places, each the exact result correctly rounded half to even.
// It raises the working precision while some number lies too close to a
// rounding boundary, and fails when one still does at the highest
// precision, or when the float64 result and the exact one disagree.
func (f *fieldSet) Certify(digits int, names ...string) (*Certificate, error) {
	return f.certify(digits, names, certifyAuto)
}

// certify is Certify with the choice of path: the fast path (see
// fastball.go) returns the certificate the apd evaluation would give at
// its first precision, when it can show that; otherwise, or with
// certifyApdOnly, the apd evaluation runs.
func (f *fieldSet) certify(digits int, names []string, mode certifyMode) (*Certificate, error) {
	if digits < 0 || digits > MaxDigits {
		return nil, fmt.Errorf("digits must be between 0 and %d, got %d", MaxDigits, digits)
	}
	if len(names) == 0 {
		names = f.names
	}
	for _, n := range names {
		if _, err := f.Field(n); err != nil {
			return nil, err
		}
	}
	if f.work > MaxCertifyWork {
		return nil, fmt.Errorf("too large to certify: about %d arbitrary-precision operations, more than the limit of %d", f.work, MaxCertifyWork)
	}
	if mode != certifyApdOnly && f.fast != nil {
		if cert := f.certifyFast(digits, names); cert != nil {
			return cert, nil
		}
	}
	if mode == certifyFastOnly {
		return nil, errFastDeclined
	}
	var lastFail string
	for _, prec := range precisions(digits) {
		a := newArith(prec)
		balls := f.eval(a)
		if a.err != nil && a.err != errNotCertifiable {
			return nil, fmt.Errorf("exact recomputation: %v", a.err)
		}
		cert := &Certificate{Digits: digits, Precision: prec, Fields: map[string]Decimals{}}
		failed := false
		for _, n := range names {
			t := f.values[n]
			out := make([]string, len(t.Values))
			for i, b := range balls[n] {
				s, ok := roundBall(b, digits)
				if !ok {
					lastFail = fmt.Sprintf("%s%s = %s ± %.3g", n, indexText(t.Shape, i), b.m.Text('G'), b.r)
					failed = true
					break
				}
				out[i] = s
			}
			if failed {
				break
			}
			cert.Fields[n] = Decimals{Shape: t.Shape, Values: out}
		}
		if failed {
			continue
		}
		var cs checks
		f.agreement(&cs, balls)
		count := 0
		for _, n := range names {
			count += len(f.values[n].Values)
		}
		certifiedCheck(&cs, count, names, digits, prec)
		cert.Checks = cs.list
		if err := cs.err(); err != nil {
			return nil, err
		}
		return cert, nil
	}
	return nil, fmt.Errorf("cannot certify %d decimal places: %s lies too close to a rounding boundary even at %d significant digits", digits, lastFail, precisions(digits)[len(precisions(digits))-1])
}

// certifiedCheck records the check that count numbers of the named fields
// were certified to digits places at precision prec.
func certifiedCheck(cs *checks, count int, names []string, digits, prec int) {
	cs.add("certified_decimals", true,
		"%d numbers (%s) are the exact results correctly rounded half to even to %d places: the arbitrary-precision recomputation at %d significant digits encloses each in an interval inside one rounding cell",
		count, strings.Join(names, ", "), digits, prec)
}

// precisions lists the working precisions tried for digits places.
func precisions(digits int) []int {
	p := digits + 24
	return []int{p, 2 * p, 4 * p, 8 * p}
}

// agreementTolerance is the stated bound on |float64 − exact| relative to
// the largest magnitude in a field (and at least absolute).
const agreementTolerance = 1e-9

// agreement checks every field's float64 values against the exact balls:
// |float64 − exact| <= 1e-9·max(1, max |field|).
func (f *fieldSet) agreement(cs *checks, balls map[string][]ball) {
	f.agreementFrom(cs, func(n string, i int) float64 { return agreementDiff(f.values[n].Values[i], balls[n][i]) })
}

// agreementDiff is the difference between a float64 result x and the exact
// value in b: |x − e| where e is the float64 nearest to the exact value,
// when b lies inside the rounding interval of one float64 (so that e does
// not depend on how tight b is), else the lower bound max(|x − m| − r, 0)
// with m the float64 nearest to b's midpoint.
func agreementDiff(x float64, b ball) float64 {
	if e, ok := nearestFloat(b); ok {
		return math.Abs(x - e)
	}
	mf, _ := b.m.Float64()
	return math.Max(math.Abs(x-mf)-b.r, 0)
}

// nearestFloat returns the float64 nearest to every number in b, when
// there is one: b's radius r is widened to a decimal r' in [r, 1.02·r], and
// both m − r' and m + r' must round to the same float64 (rounding is
// monotone, so every number between them rounds to it too).
func nearestFloat(b ball) (float64, bool) {
	if b.r == 0 {
		f, _ := b.m.Float64()
		return f, true
	}
	if !(b.r < math.MaxFloat64/2) {
		return 0, false
	}
	// Three significant digits of 1.01·r: within half a percent of 1.01·r.
	rd, _, err := apd.NewFromString(strconv.FormatFloat(b.r*1.01, 'e', 2, 64))
	if err != nil {
		return 0, false
	}
	exact := decimalContext(0)
	lo, hi := new(apd.Decimal), new(apd.Decimal)
	if _, err := exact.Sub(lo, b.m, rd); err != nil {
		return 0, false
	}
	if _, err := exact.Add(hi, b.m, rd); err != nil {
		return 0, false
	}
	flo, _ := lo.Float64()
	fhi, _ := hi.Float64()
	if flo != fhi || math.IsInf(flo, 0) {
		return 0, false
	}
	return flo, true
}

// agreementFrom records the agreement check from the difference diff(n, i)
// between the float64 value and the exact one of every entry of every
// field: the check holds when each is at most 1e-9·max(1, max |field|);
// it reports the largest, at the first entry where it is reached.
func (f *fieldSet) agreementFrom(cs *checks, diff func(n string, i int) float64) {
	worst, worstName := 0.0, ""
	ok := true
	for _, n := range f.names {
		t := f.values[n]
		scale := 1.0
		for _, x := range t.Values {
			scale = math.Max(scale, math.Abs(x))
		}
		for i := range t.Values {
			d := diff(n, i)
			if d > worst {
				worst, worstName = d, n+indexText(t.Shape, i)
			}
			if !(d <= agreementTolerance*scale) {
				ok = false
			}
		}
	}
	where := ""
	if worstName != "" {
		where = " at " + worstName
	}
	cs.addMeasured("exact_agreement", ok, worst, agreementTolerance, "float64 results agree with the arbitrary-precision recomputation: max |float64 − exact| = %.3g%s, bound 1e-9·max(1, max |field|)", worst, where)
}

// indexText writes the index of position off in shape, like "[0][2]".
func indexText(shape []int, off int) string {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = off % shape[k]
		off /= shape[k]
	}
	var b strings.Builder
	for _, i := range idx {
		fmt.Fprintf(&b, "[%d]", i)
	}
	return b.String()
}
