package compute

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// randomRows returns k rows of d random decimals with 4 places.
func randomRows(r *rand.Rand, k, d int) [][]string {
	rows := make([][]string, k)
	for i := range rows {
		rows[i] = make([]string, d)
		for j := range rows[i] {
			rows[i][j] = fmt.Sprintf("%.4f", r.Float64()*2-1)
		}
	}
	return rows
}

// TestSpanWorkBudget: exact elimination counts its word operations, so 40
// random vectors (whose fractions grow to hundreds of digits) are refused
// by the budget instead of running for seconds, while 20 are solved.
func TestSpanWorkBudget(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, c := range []struct {
		k    int
		fail bool
	}{{20, false}, {40, true}} {
		m, err := ParseMatrix(randomRows(r, c.k, c.k))
		if err != nil {
			t.Fatal(err)
		}
		target, _ := ParseVector(randomRows(r, 1, c.k)[0])
		_, err = Span(SpanRequest{Vectors: m, Target: target})
		if c.fail {
			if err == nil || !strings.Contains(err.Error(), "too large for exact rational elimination") {
				t.Errorf("%d vectors: err = %v, want the work budget error", c.k, err)
			}
		} else if err != nil {
			t.Errorf("%d vectors: %v", c.k, err)
		}
	}
}
