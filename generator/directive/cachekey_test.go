package directive

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"

	"paperlab/compute"
)

// TestCacheKeyText checks that cacheKey hashes the text its comment
// describes, as fmt prints it: a change of that text would silently
// orphan every cache entry on disk.
func TestCacheKeyText(t *testing.T) {
	tests := []struct {
		typ    string
		inputs map[string]Value
		digits []int
		rank   bool
	}{
		{"attention", map[string]Value{"q": {Rows: [][]string{{"1", "0.5"}}}, "k": {Rows: [][]string{{"1", "2"}, {"-3", "4e2"}}}}, []int{3}, false},
		{"softmax", map[string]Value{"x": {Scalar: `a "quoted" é\n`, Int: -7}}, []int{2, 4, 6}, true},
		{"span", map[string]Value{}, nil, false},
	}
	for _, tt := range tests {
		var want strings.Builder
		fmt.Fprintf(&want, "engine=%s\ntype=%s\nrank=%t\ndigits=%v\n", compute.EngineVersion, tt.typ, tt.rank, tt.digits)
		var names []string
		for n := range tt.inputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v := tt.inputs[n]
			fmt.Fprintf(&want, "%s=s=%q i=%d r=", n, v.Scalar, v.Int)
			for _, row := range v.Rows {
				want.WriteString(strings.Join(row, ",") + ";")
			}
			want.WriteString("\n")
		}
		sum := sha256.Sum256([]byte(want.String()))
		if got := cacheKey(tt.typ, tt.inputs, tt.digits, tt.rank); got != hex.EncodeToString(sum[:]) {
			t.Errorf("cacheKey(%s) = %s, want the hash of %q", tt.typ, got, want.String())
		}
	}
}

// TestPlainDecimal: the fast path of isNumber accepts only numbers apd
// reads, and isNumber answers as apd does with and without it.
func TestPlainDecimal(t *testing.T) {
	for _, s := range []string{"0", "-1", "+2", "3.25", "-0.5", "12.", ".5", "1..2", "1.2.3", "-", "", "1e5", "1E-3", "-.5", "0x10", "1_000", " 1", "nan", "Inf", "١٢"} {
		_, _, err := apd.NewFromString(s)
		if plainDecimal(s) && err != nil {
			t.Errorf("plainDecimal(%q) = true, but apd refuses it: %v", s, err)
		}
		want := err == nil && !strings.ContainsAny(s, "nN") && !strings.Contains(strings.ToLower(s), "inf")
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
