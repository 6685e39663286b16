package compute

import (
	"strings"
	"testing"
)

func TestOpsDecimals(t *testing.T) {
	must := func(r result, err error) result {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name   string
		res    func() (result, error)
		field  string
		digits int
		want   string
	}{
		// 1000, −1000, 1000: y = [1, e^-2000, 1]/(2 + e^-2000) ≈ [0.5, 0, 0.5].
		{"softmax huge logits", func() (result, error) { return Softmax(SoftmaxRequest{X: vec(t, "1000 -1000 1000")}) }, "y", 3, "0.500 0.000 0.500"},
		// x/T = [2, 4]: 1/(1+e²) = 0.1192029, e²/(1+e²) = 0.8807971.
		{"softmax temperature", func() (result, error) {
			return Softmax(SoftmaxRequest{X: vec(t, "1 2"), Temperature: num(t, "0.5")})
		}, "y", 6, "0.119203 0.880797"},
		// 0.1·1 + 0.2·1 + 0.3 = 0.6 exactly (float64 gives 0.6000000000000001).
		{"linear map exact", func() (result, error) {
			return LinearMap(LinearMapRequest{X: mat(t, "0.1 0.2"), W: mat(t, "1; 1"), B: vec(t, "0.3")})
		}, "y", 20, "0.60000000000000000000"},
		// Exact ties round half to even: 0.125 → 0.12, 0.375 → 0.38; −0.0001 → 0.00.
		{"linear map ties", func() (result, error) {
			return LinearMap(LinearMapRequest{X: mat(t, "0.125; 0.375; -0.0001"), W: mat(t, "1")})
		}, "y", 2, "0.12 0.38 0.00"},
		// [1,0,0], [2,0,0], [0,1,0] and target [1,2,3]: projection [1,2,0];
		// the second vector depends on the first, so its coefficient is 0.
		{"span coefficients", func() (result, error) {
			return Span(SpanRequest{Vectors: mat(t, "1 0 0; 2 0 0; 0 1 0"), Target: vec(t, "1 2 3")})
		}, "coefficients", 2, "1.00 0.00 2.00"},
		{"span projection", func() (result, error) {
			return Span(SpanRequest{Vectors: mat(t, "1 0 0; 2 0 0; 0 1 0"), Target: vec(t, "1 2 3")})
		}, "projection", 2, "1.00 2.00 0.00"},
		// Residual of [0,1,1] against [1,0,0] is ‖[0,1,1]‖ = √2 = 1.4142136.
		{"span residual sqrt2", func() (result, error) {
			return Span(SpanRequest{Vectors: mat(t, "1 0 0"), Target: vec(t, "0 1 1")})
		}, "residual", 6, "1.414214"},
		// Coefficient of [3] for target [1] is 1/3.
		{"span third", func() (result, error) {
			return Span(SpanRequest{Vectors: mat(t, "3"), Target: vec(t, "1")})
		}, "coefficients", 5, "0.33333"},
		// d_model 2: PE[1] = [sin 1, cos 1] = [0.8414710, 0.5403023].
		{"positional sin cos 1", func() (result, error) {
			return PositionalEncoding(PositionalEncodingRequest{Positions: 2, DModel: 2})
		}, "pe", 6, "0.000000 1.000000 0.841471 0.540302"},
		// d_model 4, base 10000: columns 2,3 of position 1 use angle
		// 1/10000^(2/4) = 0.01: sin 0.01 = 0.0099998, cos 0.01 = 0.99995000.
		{"positional angle 0.01", func() (result, error) {
			return PositionalEncoding(PositionalEncodingRequest{Positions: 2, DModel: 4})
		}, "pe", 6, "0.000000 1.000000 0.000000 1.000000 0.841471 0.540302 0.010000 0.999950"},
		// Position 100 with d_model 1: sin 100 = −0.50636564.
		{"positional reduction", func() (result, error) {
			return PositionalEncoding(PositionalEncodingRequest{Positions: 101, DModel: 1})
		}, "pe", 8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := must(tt.res())
			got := decimals(t, r, tt.field, tt.digits)
			if tt.name == "positional reduction" {
				f := strings.Fields(got)
				got, tt.want = f[100], "-0.50636564"
			}
			if got != tt.want {
				t.Errorf("%s at %d digits = %q, want %q", tt.field, tt.digits, got, tt.want)
			}
		})
	}
}

func TestSpanDecisions(t *testing.T) {
	tests := []struct {
		name    string
		vectors string
		target  string
		rank    int
		inSpan  bool
	}{
		// 0.1 and 0.2 are exact: [0.1, 0.2] = 0.1·[1, 2].
		{"exact tenths", "1 2", "0.1 0.2", 1, true},
		// [1,0] and [2,0] span only the first axis.
		{"dependent", "1 0; 2 0", "0 1", 1, false},
		{"full", "1 1; 1 -1", "3 7", 2, true},
		// 1e-30 off the line is still off it.
		{"tiny miss", "1 1", "1 1.000000000000000000000000000001", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Span(SpanRequest{Vectors: mat(t, tt.vectors), Target: vec(t, tt.target)})
			if err != nil {
				t.Fatal(err)
			}
			if r.Rank != tt.rank || r.InSpan != tt.inSpan {
				t.Errorf("rank %d, in span %v; want %d, %v", r.Rank, r.InSpan, tt.rank, tt.inSpan)
			}
		})
	}
}

func TestMultihead(t *testing.T) {
	id := mat(t, "1 0; 0 1")
	req := MultiheadRequest{XQ: mat(t, "1 0"), XKV: mat(t, "1 0; 0 1"), Heads: 2, WQ: id, WK: id, WV: id, WO: id}
	res, err := Multihead(req)
	if err != nil {
		t.Fatal(err)
	}
	// d_k = 1, scale 1. Head 0 (column 0): query 1, keys [1, 0] → weights
	// e/(1+e) = 0.731059, 1/(1+e) = 0.268941; output 0.731059·1.
	// Head 1 (column 1): query 0 → equal scores → exactly [0.5, 0.5];
	// output 0.5·0 + 0.5·1 = 0.5. W_o = I: output = [0.731059, 0.5].
	tests := []struct {
		field  string
		digits int
		want   string
	}{
		{"head_weights", 6, "0.731059 0.268941 0.500000 0.500000"},
		{"head_weights", 0, "1 0 0 0"}, // 0.5 is a tie: half to even gives 0
		{"head_outputs", 6, "0.731059 0.500000"},
		{"output", 6, "0.731059 0.500000"},
	}
	for _, tt := range tests {
		if got := decimals(t, res, tt.field, tt.digits); got != tt.want {
			t.Errorf("%s at %d digits = %q, want %q", tt.field, tt.digits, got, tt.want)
		}
	}
	req.Heads = 3
	if _, err := Multihead(req); err == nil || !strings.Contains(err.Error(), "does not divide d_model") {
		t.Errorf("heads = 3 with d_model = 2: error %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"ragged", func() error { _, err := ParseMatrix([][]string{{"1", "2"}, {"3"}}); return err }, "ragged matrix: row 1 has 1 entries"},
		{"empty", func() error { _, err := ParseMatrix(nil); return err }, "empty matrix"},
		{"not a number", func() error { _, err := ParseNumber("one"); return err }, "not a finite decimal"},
		{"infinity", func() error { _, err := ParseNumber("Infinity"); return err }, "not a finite decimal"},
		{"overflow", func() error { _, err := ParseNumber("1e400"); return err }, "out of the float64 range"},
		{"too many rows", func() error { _, err := NewMatrix(make([][]Number, MaxRows+1)); return err }, "more than the limit of 4096"},
		{"temperature zero", func() error {
			_, err := Softmax(SoftmaxRequest{X: vec(t, "1"), Temperature: num(t, "0")})
			return err
		}, "temperature: must be > 0"},
		{"digits", func() error {
			r, _ := Softmax(SoftmaxRequest{X: vec(t, "1")})
			_, err := r.Certify(31)
			return err
		}, "digits must be between 0 and 30"},
		{"unknown field", func() error {
			r, _ := Softmax(SoftmaxRequest{X: vec(t, "1")})
			_, err := r.Decimal("weights", 2)
			return err
		}, `no numeric field "weights"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.err(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
