package compute

import (
	"fmt"
	"strings"
	"testing"
)

// mat parses a matrix written as rows of space-separated decimals,
// separated by ";", e.g. "1 0 1; 0 1 0".
func mat(t testing.TB, s string) Matrix {
	t.Helper()
	var rows [][]string
	for _, r := range strings.Split(s, ";") {
		rows = append(rows, strings.Fields(r))
	}
	m, err := ParseMatrix(rows)
	if err != nil {
		t.Fatalf("mat(%q): %v", s, err)
	}
	return m
}

// vec parses a vector of space-separated decimals.
func vec(t testing.TB, s string) Vector {
	t.Helper()
	v, err := ParseVector(strings.Fields(s))
	if err != nil {
		t.Fatalf("vec(%q): %v", s, err)
	}
	return v
}

// num parses a number.
func num(t testing.TB, s string) Number {
	t.Helper()
	n, err := ParseNumber(s)
	if err != nil {
		t.Fatalf("num(%q): %v", s, err)
	}
	return n
}

// result is what every operation's result offers.
type result interface {
	Certify(digits int, names ...string) (*Certificate, error)
	Decimal(name string, digits int) (Decimals, error)
	Field(name string) (Tensor, error)
}

// decimals certifies one field and joins its texts with spaces.
func decimals(t *testing.T, r result, field string, digits int) string {
	t.Helper()
	d, err := r.Decimal(field, digits)
	if err != nil {
		t.Fatalf("Decimal(%q, %d): %v", field, digits, err)
	}
	return strings.Join(d.Values, " ")
}

// fmtSscan reads a float from a decimal text.
func fmtSscan(s string, x *float64) (int, error) { return fmt.Sscan(s, x) }
