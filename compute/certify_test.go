package compute

import (
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
)

func TestRoundBall(t *testing.T) {
	d := func(s string) *apd.Decimal {
		x, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		mid    string
		r      float64
		digits int
		want   string // "" when it must not certify
	}{
		{"0.125", 0, 2, "0.12"},    // exact tie: half to even
		{"0.135", 0, 2, "0.14"},    // exact tie: half to even
		{"2.5", 0, 0, "2"},         // exact tie
		{"-0.0004", 0, 3, "0.000"}, // never -0.000
		{"-0.0006", 0, 3, "-0.001"},
		{"0.125", 1e-20, 2, ""},             // a tie inside the ball: undecided
		{"0.12500000001", 1e-12, 2, "0.13"}, // ball [0.12500000000(9), …] above the tie
		{"0.12500000001", 1e-10, 2, ""},     // ball reaches below the tie
		{"0.1249999999", 1e-12, 2, "0.12"},
		{"0.3", 0.1, 0, "0"},
		{"0.3", 0.3, 0, ""},
	}
	for _, tt := range tests {
		got, ok := roundBall(ball{d(tt.mid), tt.r}, tt.digits)
		if tt.want == "" {
			if ok {
				t.Errorf("roundBall(%s ± %g, %d) = %q, want undecided", tt.mid, tt.r, tt.digits, got)
			}
			continue
		}
		if !ok || got != tt.want {
			t.Errorf("roundBall(%s ± %g, %d) = %q, %v; want %q", tt.mid, tt.r, tt.digits, got, ok, tt.want)
		}
	}
}

// TestCertifyBesideBoundary places values a hair from a rounding boundary.
func TestCertifyBesideBoundary(t *testing.T) {
	// Exact values: 0.12345 ± 1e-22 and the tie itself, to 4 places.
	lm, err := LinearMap(LinearMapRequest{X: mat(t, "0.1234500000000000000001; 0.1234499999999999999999; 0.12345"), W: mat(t, "1")})
	if err != nil {
		t.Fatal(err)
	}
	if got := decimals(t, lm, "y", 4); got != "0.1235 0.1234 0.1234" {
		t.Errorf("y = %q, want 0.1235 0.1234 0.1234", got)
	}
	// Inexact values: residual of [0, 0.3, 0.4 ± 1e-40] against [1,0,0] is
	// √(0.25 ± 0.8e-40 + 1e-80) = 0.5 ± 0.4e-40: rounds to 1 or 0 at 0
	// places, which needs more than the first 24 digits of precision.
	tests := []struct {
		z    string
		want string
	}{
		{"0.4000000000000000000000000000000000000001", "1"},
		{"0.3999999999999999999999999999999999999999", "0"},
	}
	for _, tt := range tests {
		sp, err := Span(SpanRequest{Vectors: mat(t, "1 0 0"), Target: vec(t, "0 0.3 "+tt.z)})
		if err != nil {
			t.Fatal(err)
		}
		c, err := sp.Certify(0, "residual")
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Fields["residual"].Values[0]; got != tt.want {
			t.Errorf("residual for z = %s: %q, want %q", tt.z, got, tt.want)
		}
		if c.Precision <= precisions(0)[0] {
			t.Errorf("certified at %d digits; the first precision cannot separate 1e-40", c.Precision)
		}
	}
}

// TestCertifyRefuses checks that a value too close to a boundary is an
// error: softmax(1000, −1000, 1000) has y₀ = 1/(2 + e^-2000), below ½ by
// about 1e-869, far beyond the highest working precision.
func TestCertifyRefuses(t *testing.T) {
	r, err := Softmax(SoftmaxRequest{X: vec(t, "1000 -1000 1000")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Certify(0); err == nil || !strings.Contains(err.Error(), "cannot certify") {
		t.Fatalf("Certify(0) error = %v, want a refusal", err)
	}
}

func TestCertificateChecks(t *testing.T) {
	r, err := Attention(AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Certify(6)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Checks) != 2 || c.Checks[0].Name != "exact_agreement" || c.Checks[1].Name != "certified_decimals" {
		t.Fatalf("checks = %+v", c.Checks)
	}
	for _, ch := range c.Checks {
		if !ch.OK {
			t.Errorf("check %s failed", ch.Name)
		}
	}
	// 3 scores + 3 weights + 2 outputs.
	if !strings.HasPrefix(c.Checks[1].Detail, "8 numbers") {
		t.Errorf("detail %q does not count 8 numbers", c.Checks[1].Detail)
	}
}
