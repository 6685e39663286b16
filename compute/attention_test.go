package compute

import (
	"strings"
	"testing"
)

func TestAttentionDecimals(t *testing.T) {
	tests := []struct {
		name   string
		req    AttentionRequest
		digits int
		field  string
		want   string
	}{
		// Seed: scores = [1, 0, 2]/√3 = [0.57735, 0, 1.15470]; exp =
		// [1.78131, 1, 3.17313], sum 5.95444; weights = exp/sum.
		{"seed weights", AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")},
			4, "weights", "0.2992 0.1679 0.5329"},
		// Output = [2w₀ + w₂, 2w₁ + w₂] = [0.59832 + 0.53290, 0.33589 + 0.53290].
		{"seed output", AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")},
			4, "output", "1.1312 0.8688"},
		// Scores = [1, 0, 2]/√3 themselves: 1/√3 = 0.577350269.
		{"seed scores", AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")},
			6, "scores", "0.577350 0.000000 1.154701"},
		// Equal scores: weights exactly 1/2, a tie at 0 places → 0 (even).
		{"tie half to even", AttentionRequest{Q: mat(t, "0 0"), K: mat(t, "1 2; 3 4"), V: mat(t, "1; 0")},
			0, "weights", "0 0"},
		{"exact half", AttentionRequest{Q: mat(t, "0 0"), K: mat(t, "1 2; 3 4"), V: mat(t, "1; 0")},
			1, "weights", "0.5 0.5"},
		// Four equal scores: weights 1/4 → 0.2 (tie to even); output
		// (1+1+1+0)/4 = 0.75 → 0.8 (tie to even).
		{"quarter ties", AttentionRequest{Q: mat(t, "0"), K: mat(t, "1; 2; 3; 4"), V: mat(t, "1; 1; 1; 0")},
			1, "weights", "0.2 0.2 0.2 0.2"},
		{"three quarters tie", AttentionRequest{Q: mat(t, "0"), K: mat(t, "1; 2; 3; 4"), V: mat(t, "1; 1; 1; 0")},
			1, "output", "0.8"},
		// Causal, scale 1: row 0 sees key 0 only (weight exactly 1); row 1
		// has scores [2, 4]: weights 1/(1+e²) = 0.1192029, e²/(1+e²) = 0.8807971.
		{"causal weights", AttentionRequest{Q: mat(t, "1; 2"), K: mat(t, "1; 2"), V: mat(t, "1; 3"), Scale: num(t, "1"), Mask: CausalMask()},
			6, "weights", "1.000000 0.000000 0.119203 0.880797"},
		// Row 1 output: 0.1192029·1 + 0.8807971·3 = 2.7615942.
		{"causal output", AttentionRequest{Q: mat(t, "1; 2"), K: mat(t, "1; 2"), V: mat(t, "1; 3"), Scale: num(t, "1"), Mask: CausalMask()},
			6, "output", "1.000000 2.761594"},
		// Logits 1000 and −1000 (scale 1): weights 1 and e^-2000 ≈ 0.
		{"huge logits", AttentionRequest{Q: mat(t, "1"), K: mat(t, "1000; -1000"), V: mat(t, "1; -1"), Scale: num(t, "1")},
			3, "weights", "1.000 0.000"},
		// Negative scale flips the preference: scores [−1, −2].
		// weights e⁻¹/(e⁻¹+e⁻²) = 1/(1+e⁻¹) = 0.731059, 0.268941.
		{"negative scale", AttentionRequest{Q: mat(t, "1"), K: mat(t, "1; 2"), V: mat(t, "1; 0"), Scale: num(t, "-1")},
			6, "weights", "0.731059 0.268941"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Attention(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := decimals(t, res, tt.field, tt.digits); got != tt.want {
				t.Errorf("%s at %d digits = %q, want %q", tt.field, tt.digits, got, tt.want)
			}
		})
	}
}

func TestAttentionErrors(t *testing.T) {
	blind, _ := MatrixMask([][]bool{{true, false}, {false, false}})
	small, _ := MatrixMask([][]bool{{true}})
	tests := []struct {
		name string
		req  AttentionRequest
		want string
	}{
		{"fully masked row", AttentionRequest{Q: mat(t, "1; 2"), K: mat(t, "1; 2"), V: mat(t, "1; 3"), Mask: blind}, "query 1 sees no key"},
		{"mask shape", AttentionRequest{Q: mat(t, "1; 2"), K: mat(t, "1; 2"), V: mat(t, "1; 3"), Mask: small}, "mask is 1×1, want 2×2"},
		{"d_k mismatch", AttentionRequest{Q: mat(t, "1 2"), K: mat(t, "1; 2"), V: mat(t, "1; 3")}, "k: has 1 columns, q has 2"},
		{"values per key", AttentionRequest{Q: mat(t, "1"), K: mat(t, "1; 2"), V: mat(t, "1")}, "v: has 1 rows, k has 2"},
		{"missing q", AttentionRequest{K: mat(t, "1"), V: mat(t, "1")}, "q: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Attention(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestAttentionChecksListed(t *testing.T) {
	res, err := Attention(AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range res.Checks {
		if !c.OK {
			t.Errorf("check %s failed: %s", c.Name, c.Detail)
		}
		names = append(names, c.Name)
	}
	want := "weights_nonnegative weights_sum_to_one masked_weights_zero output_recomputed output_in_span_of_values"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("checks = %q, want %q", got, want)
	}
	// V = [[2 0] [0 2] [1 1]] has rank 2 (its first two rows are independent).
	if d := res.Checks[4].Detail; !strings.Contains(d, "exact rank of V = 2") {
		t.Errorf("span check detail %q does not report rank 2", d)
	}
}
