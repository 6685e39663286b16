package compute

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestSimilarity(t *testing.T) {
	res, err := Similarity(SimilarityRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1; 2 0 2; -3 0 -3")})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: q·k = 1, 0, 2, 4, −6; ‖q‖ = √2; cos = 1/√2, 0, 2/√6, 1, −1.
	for field, want := range map[string]string{
		"dot":     "1.000000 0.000000 2.000000 4.000000 -6.000000",
		"cosine":  "0.707107 0.000000 0.816497 1.000000 -1.000000",
		"q_norms": "1.414214",
		"k_norms": "1.000000 1.000000 1.732051 2.828427 4.242641",
	} {
		if got := decimals(t, res, field, 6); got != want {
			t.Errorf("%s = %s, want %s", field, got, want)
		}
	}
	// cos = ±1 is exact (one square root of a perfect square), so it
	// certifies at any digits.
	if got := decimals(t, res, "cosine", 30); !strings.HasSuffix(got, " 1."+strings.Repeat("0", 30)+" -1."+strings.Repeat("0", 30)) {
		t.Errorf("cosine at 30 places = %s", got)
	}
}

func TestSimilarityErrors(t *testing.T) {
	tests := []struct {
		q, k, want string
	}{
		{"1 0", "1 0 0", "k: has 3 columns, q has 2 (queries and keys must have the same dimension)"},
		{"0 0", "1 0", "q: row 0 is the zero vector, which has no direction (its cosine similarity is undefined)"},
		{"1 0", "1 0; 0 0", "k: row 1 is the zero vector, which has no direction (its cosine similarity is undefined)"},
	}
	for _, tt := range tests {
		_, err := Similarity(SimilarityRequest{Q: mat(t, tt.q), K: mat(t, tt.k)})
		if err == nil || err.Error() != tt.want {
			t.Errorf("q=%s k=%s: error %v, want %q", tt.q, tt.k, err, tt.want)
		}
	}
}

func TestScoreStats(t *testing.T) {
	req := ScoreStatsRequest{DK: vec(t, "1 4 64 1024"), Keys: 8, Trials: 64, Seed: 7}
	res, err := ScoreStats(req)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := ScoreStats(req)
	if decimals(t, res, "raw_variance", 6) != decimals(t, again, "raw_variance", 6) {
		t.Error("the same seed gave different statistics")
	}
	other, _ := ScoreStats(ScoreStatsRequest{DK: vec(t, "1 4 64 1024"), Keys: 8, Trials: 64, Seed: 8})
	if decimals(t, res, "raw_variance", 6) == decimals(t, other, "raw_variance", 6) {
		t.Error("another seed gave the same statistics")
	}
	// In d = 1 every score is ±1: the variance is 1 − mean², within [0, 1].
	v := res.RawVariance
	if v[0] < 0.9 || v[0] > 1 {
		t.Errorf("raw variance at d = 1 is %g, want about 1", v[0])
	}
	for i, d := range []float64{1, 4, 64, 1024} {
		// 512 samples: the sample variance is within ±30% of d with
		// overwhelming probability; the scaled one near 1.
		if math.Abs(v[i]/d-1) > 0.3 || math.Abs(res.ScaledVariance[i]-v[i]/d) > 1e-12 {
			t.Errorf("d = %g: raw variance %g, scaled %g", d, v[i], res.ScaledVariance[i])
		}
	}
	// Raw scores saturate the softmax as d grows; scaled ones do not.
	if !(res.RawMaxWeight[3] > 0.9 && res.ScaledMaxWeight[3] < 0.6 && res.RawMaxWeight[1] < res.RawMaxWeight[3]) {
		t.Errorf("max weights raw %v scaled %v", res.RawMaxWeight, res.ScaledMaxWeight)
	}
	// The certified variance is the exact rational (n·Σs² − (Σs)²)/n²:
	// compare with the float64 value at 6 places.
	got := strings.Fields(decimals(t, res, "raw_variance", 6))
	for i, s := range got {
		if want := strconv.FormatFloat(v[i], 'f', 6, 64); want != s {
			t.Errorf("raw_variance[%d] = %s, float64 gives %s", i, s, want)
		}
	}
}

func TestScoreStatsErrors(t *testing.T) {
	tests := []struct {
		req  ScoreStatsRequest
		want string
	}{
		{ScoreStatsRequest{DK: vec(t, "4 2.5"), Keys: 2, Trials: 1, Seed: 1}, "d_k: entry 1 is 2.5; expected a whole number from 1 to 4096"},
		{ScoreStatsRequest{DK: vec(t, "0"), Keys: 2, Trials: 1, Seed: 1}, "d_k: entry 0 is 0; expected a whole number from 1 to 4096"},
		{ScoreStatsRequest{DK: vec(t, "4"), Keys: 1, Trials: 1, Seed: 1}, "keys: must be at least 2, got 1"},
		{ScoreStatsRequest{DK: vec(t, "4"), Keys: 2, Trials: 0, Seed: 1}, "trials: must be at least 1, got 0"},
		{ScoreStatsRequest{DK: vec(t, "4096 4096"), Keys: 4096, Trials: 4096, Seed: 1}, "trials: trials × (keys + 1) × Σ d_k = 137472507904 random components, more than the limit of 20000000"},
	}
	for _, tt := range tests {
		_, err := ScoreStats(tt.req)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func TestPEShift(t *testing.T) {
	res, err := PEShift(PEShiftRequest{Positions: 5, DModel: 6, Shift: 3})
	if err != nil {
		t.Fatal(err)
	}
	shifted, mapped := decimals(t, res, "shifted", 8), decimals(t, res, "mapped", 8)
	if shifted != mapped {
		t.Errorf("PE(pos+3) = %s\nPE(pos) M = %s", shifted, mapped)
	}
	if got := decimals(t, res, "max_difference", 12); got != "0.000000000000" {
		t.Errorf("max_difference = %s", got)
	}
	// PE(pos + 3) is row pos + 3 of the encoding itself.
	pe, _ := PositionalEncoding(PositionalEncodingRequest{Positions: 8, DModel: 6})
	rows := strings.Fields(decimals(t, pe, "pe", 8))
	if want := strings.Join(rows[3*6:], " "); shifted != want {
		t.Errorf("shifted = %s, want rows 3… of PE: %s", shifted, want)
	}
	// M_3's first block rotates by 3 (frequency 1): cos 3, −sin 3; sin 3, cos 3.
	m := strings.Fields(decimals(t, res, "shift_map", 6))
	if got := strings.Join([]string{m[0], m[1], m[6], m[7]}, " "); got != "-0.989992 -0.141120 0.141120 -0.989992" {
		t.Errorf("first block of M_3 = %s", got)
	}
	if m[2] != "0.000000" || m[12] != "0.000000" {
		t.Errorf("M_3 is not block diagonal: %v", m)
	}
}

func TestPEShiftErrors(t *testing.T) {
	tests := []struct {
		req  PEShiftRequest
		want string
	}{
		{PEShiftRequest{Positions: 2, DModel: 5, Shift: 1}, "d_model: must be even and ≥ 2 (each frequency needs its sine and its cosine), got 5"},
		{PEShiftRequest{Positions: 2, DModel: 4, Shift: 0}, "shift: must be ≥ 1, got 0"},
		{PEShiftRequest{Positions: 4000, DModel: 4, Shift: 100}, "positions + shift = 4100 is more than the limit of 4096"},
	}
	for _, tt := range tests {
		_, err := PEShift(tt.req)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}
