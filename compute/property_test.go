package compute

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomMatrix returns an r×c matrix of decimals with two places in [-3, 3].
func randomMatrix(t testing.TB, rng *rand.Rand, r, c int) Matrix {
	rows := make([][]float64, r)
	for i := range rows {
		rows[i] = make([]float64, c)
		for j := range rows[i] {
			rows[i][j] = float64(rng.IntN(601)-300) / 100
		}
	}
	m, err := FloatMatrix(rows)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestAttentionProperties checks, on random inputs, that weight rows sum
// to 1, that permuting keys and values together leaves the output
// unchanged, and that every output coordinate lies between the smallest
// and largest value in that coordinate (the convex hull).
func TestAttentionProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		n, m, dk, dv := 1+rng.IntN(5), 1+rng.IntN(6), 1+rng.IntN(4), 1+rng.IntN(3)
		q, k, v := randomMatrix(t, rng, n, dk), randomMatrix(t, rng, m, dk), randomMatrix(t, rng, m, dv)
		res, err := Attention(AttentionRequest{Q: q, K: k, V: v})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for i, row := range res.Weights {
			sum := 0.0
			for _, w := range row {
				sum += w
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("trial %d: row %d sums to %v", trial, i, sum)
			}
		}
		perm := rng.Perm(m)
		kr, vr := k.Float64s(), v.Float64s()
		kp, vp := make([][]float64, m), make([][]float64, m)
		for j, p := range perm {
			kp[j], vp[j] = kr[p], vr[p]
		}
		km, _ := FloatMatrix(kp)
		vm, _ := FloatMatrix(vp)
		res2, err := Attention(AttentionRequest{Q: q, K: km, V: vm})
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			for c := range dv {
				if d := math.Abs(res.Output[i][c] - res2.Output[i][c]); d > 1e-12 {
					t.Errorf("trial %d: permuting keys changed output[%d][%d] by %g", trial, i, c, d)
				}
				lo, hi := math.Inf(1), math.Inf(-1)
				for j := range m {
					lo, hi = math.Min(lo, vr[j][c]), math.Max(hi, vr[j][c])
				}
				if o := res.Output[i][c]; o < lo-1e-12 || o > hi+1e-12 {
					t.Errorf("trial %d: output[%d][%d] = %g outside [%g, %g]", trial, i, c, o, lo, hi)
				}
			}
		}
	}
}

// TestSoftmaxShiftInvariance checks that adding a constant to every score
// leaves the weights unchanged, in float64 and in certified digits.
func TestSoftmaxShiftInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 30 {
		n := 1 + rng.IntN(8)
		x := make([]float64, n)
		shifted := make([]float64, n)
		c := float64(rng.IntN(2001)-1000) / 4 // exact in binary and decimal
		for i := range x {
			x[i] = float64(rng.IntN(2001)-1000) / 100
			shifted[i] = x[i] + c
		}
		xv, _ := FloatVector(x)
		sv, _ := FloatVector(shifted)
		a, err := Softmax(SoftmaxRequest{X: xv})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Softmax(SoftmaxRequest{X: sv})
		if err != nil {
			t.Fatal(err)
		}
		for i := range x {
			if d := math.Abs(a.Y[i] - b.Y[i]); d > 1e-12 {
				t.Errorf("trial %d: shift by %g changed y[%d] by %g", trial, c, i, d)
			}
		}
		// x + c is exact only when every sum is exact in float64, which
		// holds for these hundredths and quarters below 2⁵³.
		if da, db := decimals(t, a, "y", 8), decimals(t, b, "y", 8); da != db {
			t.Errorf("trial %d: certified y %q vs shifted %q", trial, da, db)
		}
	}
}

// TestRandomCertification certifies random attentions and checks the
// certified digits against the float64 weights (they differ by at most
// half a unit in the last place plus float64 error).
func TestRandomCertification(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 20 {
		n, m, d := 1+rng.IntN(3), 1+rng.IntN(4), 1+rng.IntN(3)
		res, err := Attention(AttentionRequest{Q: randomMatrix(t, rng, n, d), K: randomMatrix(t, rng, m, d), V: randomMatrix(t, rng, m, 2), Mask: CausalMask()})
		if err != nil {
			t.Fatal(err)
		}
		c, err := res.Certify(6)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for _, f := range []string{"scores", "weights", "output"} {
			tf, _ := res.Field(f)
			for i, s := range c.Fields[f].Values {
				var x float64
				if _, err := fmtSscan(s, &x); err != nil {
					t.Fatal(err)
				}
				if math.Abs(x-tf.Values[i]) > 0.5e-6+1e-12 {
					t.Errorf("trial %d: %s[%d] certified %s, float64 %v", trial, f, i, s, tf.Values[i])
				}
			}
		}
	}
}
