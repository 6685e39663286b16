package directive

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"paperlab/compute"
	"paperlab/generator/yamltree"
)

// Value is a resolved input: numbers kept as the exact decimal text they
// were written with (a vector is one row), a whole number, or "causal".
type Value struct {
	Rows   [][]string `json:"rows,omitempty"`
	Scalar string     `json:"scalar,omitempty"`
	Int    int        `json:"int,omitempty"`
}

// appendCanonical appends the value's text for hashing to b: "s=%q i=%d
// r=", then each row's numbers joined by commas and ended by a semicolon.
func (v Value) appendCanonical(b []byte) []byte {
	b = append(b, "s="...)
	b = strconv.AppendQuote(b, v.Scalar)
	b = append(b, " i="...)
	b = strconv.AppendInt(b, int64(v.Int), 10)
	b = append(b, " r="...)
	for _, row := range v.Rows {
		for i, x := range row {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, x...)
		}
		b = append(b, ';')
	}
	return b
}

// isNumber reports whether s is a decimal number in the engine's syntax.
func isNumber(s string) bool {
	if plainDecimal(s) {
		return true // what nearly every input is, without apd's allocation
	}
	_, _, err := apd.NewFromString(s)
	return err == nil && !strings.ContainsAny(s, "nN") && !strings.Contains(strings.ToLower(s), "inf")
}

// plainDecimal reports whether s is an optional sign, digits and an
// optional fraction (digits after a point): a number apd reads, and the
// engine's syntax for one.
func plainDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i+1 < len(s):
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// literal reads a YAML node as a value of the given kind, or returns
// ok=false when the node is a name to resolve.
func literal(n *yamltree.Node, field string, kind inputKind) (Value, bool, *Error) {
	if n.Kind == yamltree.Scalar && n.Type == yamltree.String && !isNumber(n.Text) {
		if kind == kindMask && n.Text == "causal" {
			return Value{Scalar: "causal"}, true, nil
		}
		return Value{}, false, nil
	}
	switch kind {
	case kindNumber:
		if n.Kind != yamltree.Scalar || !isNumber(n.Text) {
			return Value{}, true, errAt(n, "%s: expected %s, found %s", field, kind, n.Describe())
		}
		return Value{Scalar: n.Text}, true, nil
	case kindInt:
		v, err := intValue(n, field, 0, compute.MaxRows)
		return Value{Int: v}, true, err
	case kindVector:
		row, err := numberRow(n, field, kind)
		return Value{Rows: [][]string{row}}, true, err
	}
	// Matrices and mask matrices.
	if n.Kind != yamltree.List || len(n.Items) == 0 {
		return Value{}, true, errAt(n, "%s: expected %s, found %s", field, kind, n.Describe())
	}
	var rows [][]string
	for i, item := range n.Items {
		row, err := numberRow(item, fmt.Sprintf("%s[%d]", field, i), kind)
		if err != nil {
			return Value{}, true, err
		}
		if i > 0 && len(row) != len(rows[0]) {
			return Value{}, true, errAt(item, "%s: row %d has %d entries, row 0 has %d (rows must have equal length)", field, i, len(row), len(rows[0]))
		}
		rows = append(rows, row)
	}
	return Value{Rows: rows}, true, nil
}

func numberRow(n *yamltree.Node, field string, kind inputKind) ([]string, *Error) {
	if n.Kind != yamltree.List || len(n.Items) == 0 {
		return nil, errAt(n, "%s: expected %s, found %s", field, kind, n.Describe())
	}
	row := make([]string, len(n.Items))
	for j, x := range n.Items {
		if x.Kind != yamltree.Scalar || !isNumber(x.Text) {
			return nil, errAt(x, "%s[%d]: expected a number, found %s", field, j, x.Describe())
		}
		row[j] = x.Text
	}
	return row, nil
}

// valueFromDecimals turns a computed field, as decimal texts, into an
// input value.
func valueFromDecimals(d compute.Decimals) (Value, error) {
	switch len(d.Shape) {
	case 0:
		return Value{Scalar: d.Values[0]}, nil
	case 1:
		return Value{Rows: [][]string{d.Values}}, nil
	case 2:
		rows := make([][]string, d.Shape[0])
		for i := range rows {
			rows[i] = d.Values[i*d.Shape[1] : (i+1)*d.Shape[1]]
		}
		return Value{Rows: rows}, nil
	}
	return Value{}, fmt.Errorf("a %d-dimensional field cannot be used as an input", len(d.Shape))
}

// roundText rounds an exact decimal text to digits places, half to even,
// never giving "-0".
func roundText(s string, digits int) (string, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return "", err
	}
	ctx := apd.BaseContext.WithPrecision(1000)
	ctx.Rounding = apd.RoundHalfEven
	var q apd.Decimal
	if _, err := ctx.Quantize(&q, d, int32(-digits)); err != nil {
		return "", err
	}
	if q.IsZero() {
		q.Negative = false
	}
	return q.Text('f'), nil
}
