package compute

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Number is one exact decimal input together with its nearest float64.
// The zero Number is "not given": operations use their default instead.
type Number struct {
	exact *apd.Decimal
	f     float64
}

// ParseNumber reads a decimal such as "0.1", "-3", "2e-06" exactly: "0.1"
// is one tenth, not the float64 nearest to it. The number must be finite,
// have at most MaxSignificantDigits significant digits, and (unless zero)
// a magnitude in [1e-1000, 1.8e308).
func ParseNumber(s string) (Number, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Number{}, errors.New("empty number")
	}
	d, _, err := apd.NewFromString(t)
	if err != nil || d.Form != apd.Finite {
		return Number{}, fmt.Errorf("%q is not a finite decimal number", s)
	}
	return numberFromDecimal(d, s)
}

// FloatNumber returns the Number whose decimal text is the shortest one
// that reads back as x (so FloatNumber(0.1) is exactly one tenth).
func FloatNumber(x float64) (Number, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Number{}, fmt.Errorf("%v is not a finite number", x)
	}
	return ParseNumber(strconv.FormatFloat(x, 'g', -1, 64))
}

// numberFromDecimal checks the limits on d and pairs it with its float64.
func numberFromDecimal(d *apd.Decimal, text string) (Number, error) {
	if d.IsZero() {
		d = apd.New(0, 0) // drop "-0" and exponents of zero
		return Number{exact: d}, nil
	}
	if d.NumDigits() > MaxSignificantDigits {
		return Number{}, fmt.Errorf("%q has more than %d significant digits", text, MaxSignificantDigits)
	}
	if adj := d.NumDigits() + int64(d.Exponent) - 1; adj < -MaxExponentMagnitude || adj > MaxExponentMagnitude {
		return Number{}, fmt.Errorf("%q is out of range", text)
	}
	f, err := d.Float64()
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return Number{}, fmt.Errorf("%q is out of the float64 range", text)
	}
	_ = err // underflow to a tiny or zero float64 is fine: the exact value is kept
	return Number{exact: d, f: f}, nil
}

// IsSet reports whether n holds a number (the zero Number does not).
func (n Number) IsSet() bool { return n.exact != nil }

// Float64 returns the float64 nearest to n.
func (n Number) Float64() float64 { return n.f }

// String returns n's exact decimal text.
func (n Number) String() string {
	if n.exact == nil {
		return "<unset>"
	}
	return n.exact.Text('G')
}

// Vector is a row of exact decimal numbers.
type Vector struct {
	exact []*apd.Decimal
	f     []float64
}

// NewVector builds a vector from numbers. It must hold 1 to MaxCols
// entries, all set.
func NewVector(xs []Number) (Vector, error) {
	if len(xs) == 0 {
		return Vector{}, errors.New("empty vector")
	}
	if len(xs) > MaxCols {
		return Vector{}, fmt.Errorf("vector has %d entries, more than the limit of %d", len(xs), MaxCols)
	}
	v := Vector{exact: make([]*apd.Decimal, len(xs)), f: make([]float64, len(xs))}
	for i, x := range xs {
		if !x.IsSet() {
			return Vector{}, fmt.Errorf("entry %d: missing number", i)
		}
		v.exact[i], v.f[i] = x.exact, x.f
	}
	return v, nil
}

// ParseVector builds a vector from decimal texts (see ParseNumber).
func ParseVector(xs []string) (Vector, error) {
	ns := make([]Number, len(xs))
	for i, s := range xs {
		n, err := ParseNumber(s)
		if err != nil {
			return Vector{}, fmt.Errorf("entry %d: %v", i, err)
		}
		ns[i] = n
	}
	return NewVector(ns)
}

// FloatVector builds a vector from float64s, each read as its shortest
// decimal text (see FloatNumber).
func FloatVector(xs []float64) (Vector, error) {
	ns := make([]Number, len(xs))
	for i, x := range xs {
		n, err := FloatNumber(x)
		if err != nil {
			return Vector{}, fmt.Errorf("entry %d: %v", i, err)
		}
		ns[i] = n
	}
	return NewVector(ns)
}

// Len returns the number of entries.
func (v Vector) Len() int { return len(v.f) }

// Float64s returns a copy of the entries as float64s.
func (v Vector) Float64s() []float64 { return append([]float64(nil), v.f...) }

// Matrix is a rectangular table of exact decimal numbers, stored by rows.
// Rows are vectors: maps multiply on the right (x W).
type Matrix struct {
	rows, cols int
	exact      []*apd.Decimal
	f          []float64
}

// NewMatrix builds a matrix from rows of numbers. It must be rectangular,
// non-empty and within MaxRows, MaxCols and MaxEntries.
func NewMatrix(rows [][]Number) (Matrix, error) {
	if len(rows) == 0 {
		return Matrix{}, errors.New("empty matrix: no rows")
	}
	if len(rows) > MaxRows {
		return Matrix{}, fmt.Errorf("matrix has %d rows, more than the limit of %d", len(rows), MaxRows)
	}
	cols := len(rows[0])
	if cols == 0 {
		return Matrix{}, errors.New("empty matrix: row 0 has no entries")
	}
	if cols > MaxCols {
		return Matrix{}, fmt.Errorf("matrix has %d columns, more than the limit of %d", cols, MaxCols)
	}
	if len(rows)*cols > MaxEntries {
		return Matrix{}, fmt.Errorf("matrix has %d entries, more than the limit of %d", len(rows)*cols, MaxEntries)
	}
	m := Matrix{rows: len(rows), cols: cols, exact: make([]*apd.Decimal, 0, len(rows)*cols), f: make([]float64, 0, len(rows)*cols)}
	for i, r := range rows {
		if len(r) != cols {
			return Matrix{}, fmt.Errorf("ragged matrix: row %d has %d entries, row 0 has %d", i, len(r), cols)
		}
		for j, x := range r {
			if !x.IsSet() {
				return Matrix{}, fmt.Errorf("row %d, column %d: missing number", i, j)
			}
			m.exact = append(m.exact, x.exact)
			m.f = append(m.f, x.f)
		}
	}
	return m, nil
}

// ParseMatrix builds a matrix from rows of decimal texts (see ParseNumber),
// as they come from JSON or YAML: ParseMatrix([][]string{{"1", "0.5"}}).
func ParseMatrix(rows [][]string) (Matrix, error) {
	ns := make([][]Number, len(rows))
	for i, r := range rows {
		ns[i] = make([]Number, len(r))
		for j, s := range r {
			n, err := ParseNumber(s)
			if err != nil {
				return Matrix{}, fmt.Errorf("row %d, column %d: %v", i, j, err)
			}
			ns[i][j] = n
		}
	}
	return NewMatrix(ns)
}

// FloatMatrix builds a matrix from rows of float64s, each read as its
// shortest decimal text (see FloatNumber).
func FloatMatrix(rows [][]float64) (Matrix, error) {
	ns := make([][]Number, len(rows))
	for i, r := range rows {
		ns[i] = make([]Number, len(r))
		for j, x := range r {
			n, err := FloatNumber(x)
			if err != nil {
				return Matrix{}, fmt.Errorf("row %d, column %d: %v", i, j, err)
			}
			ns[i][j] = n
		}
	}
	return NewMatrix(ns)
}

// IsSet reports whether m holds a matrix (the zero Matrix does not).
func (m Matrix) IsSet() bool { return m.rows > 0 }

// Rows returns the number of rows.
func (m Matrix) Rows() int { return m.rows }

// Cols returns the number of columns.
func (m Matrix) Cols() int { return m.cols }

// Float64s returns a copy of the entries as float64 rows.
func (m Matrix) Float64s() [][]float64 { return unflatten(m.f, m.rows, m.cols) }

// at returns the exact entry in row i, column j.
func (m Matrix) at(i, j int) *apd.Decimal { return m.exact[i*m.cols+j] }

// unflatten copies a row-major slice into rows.
func unflatten(x []float64, rows, cols int) [][]float64 {
	out := make([][]float64, rows)
	for i := range out {
		out[i] = append([]float64(nil), x[i*cols:(i+1)*cols]...)
	}
	return out
}
