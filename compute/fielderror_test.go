package compute

import (
	"errors"
	"slices"
	"testing"
)

// TestFieldErrors checks that each operation's errors about one input
// carry that input's name, and the entry when there is one, as data.
func TestFieldErrors(t *testing.T) {
	blind, err := MatrixMask([][]bool{{true, false}, {false, false}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		run   func() error
		field string
		index []int
		text  string
	}{
		{"attention k of the wrong width", func() error {
			_, err := Attention(AttentionRequest{Q: mat(t, "1 0; 0 1"), K: mat(t, "1 0 0; 0 1 0"), V: mat(t, "1; 2")})
			return err
		}, "k", nil, "k: has 3 columns, q has 2 (both are d_k)"},
		{"attention v with too few rows", func() error {
			_, err := Attention(AttentionRequest{Q: mat(t, "1 0"), K: mat(t, "1 0; 0 1"), V: mat(t, "1")})
			return err
		}, "v", nil, "v: has 1 rows, k has 2 (one value per key)"},
		{"attention without q", func() error {
			_, err := Attention(AttentionRequest{K: mat(t, "1 0"), V: mat(t, "1")})
			return err
		}, "q", nil, "q: missing or empty matrix"},
		{"attention query that sees no key", func() error {
			_, err := Attention(AttentionRequest{Q: mat(t, "1 0; 0 1"), K: mat(t, "1 0; 0 1"), V: mat(t, "1; 2"), Mask: blind})
			return err
		}, "mask", []int{1}, "mask: query 1 sees no key (a fully masked row has no softmax)"},
		{"similarity zero key row", func() error {
			_, err := Similarity(SimilarityRequest{Q: mat(t, "1 0"), K: mat(t, "1 0; 0 0")})
			return err
		}, "k", []int{1}, "k: row 1 is the zero vector, which has no direction (its cosine similarity is undefined)"},
		{"softmax temperature", func() error {
			_, err := Softmax(SoftmaxRequest{X: vec(t, "1 2"), Temperature: num(t, "-1")})
			return err
		}, "temperature", nil, "temperature: must be > 0, got -1"},
		{"linear map w of the wrong height", func() error {
			_, err := LinearMap(LinearMapRequest{X: mat(t, "1 2"), W: mat(t, "1 0 0")})
			return err
		}, "w", nil, "w: has 1 rows, x has 2 columns (they must match)"},
		{"multihead heads that do not divide d_model", func() error {
			x := mat(t, "1 2 3")
			w := mat(t, "1 0 0; 0 1 0; 0 0 1")
			_, err := Multihead(MultiheadRequest{XQ: x, XKV: x, Heads: 2, WQ: w, WK: w, WV: w, WO: w})
			return err
		}, "heads", nil, "heads: 2 does not divide d_model = 3"},
		{"score stats d_k entry", func() error {
			_, err := ScoreStats(ScoreStatsRequest{DK: vec(t, "4 2.5"), Keys: 2, Trials: 1, Seed: 1})
			return err
		}, "d_k", []int{1}, ""},
		{"span target of the wrong length", func() error {
			_, err := Span(SpanRequest{Vectors: mat(t, "1 0; 0 1"), Target: vec(t, "1 2 3")})
			return err
		}, "target", nil, "target: has 3 entries, the vectors have 2"},
		{"positional encoding positions", func() error {
			_, err := PositionalEncoding(PositionalEncodingRequest{Positions: 0, DModel: 2})
			return err
		}, "positions", nil, "positions: must be ≥ 1, got 0"},
		{"pe shift d_model", func() error {
			_, err := PEShift(PEShiftRequest{Positions: 2, DModel: 3, Shift: 1})
			return err
		}, "d_model", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *FieldError", err, err)
			}
			if fe.Field != tt.field || !slices.Equal(fe.Index, tt.index) {
				t.Errorf("field %q index %v, want %q %v (error %q)", fe.Field, fe.Index, tt.field, tt.index, err)
			}
			if tt.text != "" && err.Error() != tt.text {
				t.Errorf("text %q, want %q", err.Error(), tt.text)
			}
			if want := tt.field + ": " + fe.Err.Error(); err.Error() != want {
				t.Errorf("text %q, want field, colon, message: %q", err.Error(), want)
			}
		})
	}
}

// TestFieldErrorsFromRun checks that the registry passes the typed error
// on unchanged, as the directives and the JSON Lines protocol see it.
func TestFieldErrorsFromRun(t *testing.T) {
	in := NewInputs()
	in.Matrices["q"] = mat(t, "1 0")
	in.Matrices["k"] = mat(t, "1 0; 0 0")
	_, _, err := Run("similarity", in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "k" || !slices.Equal(fe.Index, []int{1}) {
		t.Fatalf("Run(similarity) error %v, want a *FieldError for k[1]", err)
	}
	if errors.Unwrap(err) != fe.Err {
		t.Errorf("Unwrap = %v, want %v", errors.Unwrap(err), fe.Err)
	}
}
