package compute

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// benchInputs returns random n×d queries, m×d keys and m×d values.
func benchInputs(n, m, d int) (q, k, v []float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	fill := func(x []float64) []float64 {
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	return fill(make([]float64, n*d)), fill(make([]float64, m*d)), fill(make([]float64, m*d))
}

// BenchmarkAttention512 compares the engine's float64 fast path with the
// same computation on gonum's BLAS (Gemm, row softmax, Gemm), n = m = 512,
// d = 64.
func BenchmarkAttention512(b *testing.B) {
	const n, m, d = 512, 512, 64
	q, k, v := benchInputs(n, m, d)
	scale := 1 / math.Sqrt(d)
	all := func(int, int) bool { return true }
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if _, _, _, err := attendFloat(q, k, v, n, m, d, d, scale, all); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gonum", func(b *testing.B) {
		Q := blas64.General{Rows: n, Cols: d, Stride: d, Data: q}
		K := blas64.General{Rows: m, Cols: d, Stride: d, Data: k}
		V := blas64.General{Rows: m, Cols: d, Stride: d, Data: v}
		for b.Loop() {
			S := blas64.General{Rows: n, Cols: m, Stride: m, Data: make([]float64, n*m)}
			blas64.Gemm(blas.NoTrans, blas.Trans, scale, Q, K, 0, S)
			W := blas64.General{Rows: n, Cols: m, Stride: m, Data: make([]float64, n*m)}
			for i := range n {
				softmaxRow(S.Data[i*m:(i+1)*m], func(int) bool { return true }, W.Data[i*m:(i+1)*m])
			}
			O := blas64.General{Rows: n, Cols: d, Stride: d, Data: make([]float64, n*d)}
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, W, V, 0, O)
		}
	})
	b.Run("engine_verified", func(b *testing.B) {
		qm, _ := FloatMatrix(unflatten(q, n, d))
		km, _ := FloatMatrix(unflatten(k, m, d))
		vm, _ := FloatMatrix(unflatten(v, m, d))
		for b.Loop() {
			if _, err := Attention(AttentionRequest{Q: qm, K: km, V: vm}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCertify10000Weights certifies the 100×100 weights of an
// attention with d = 4 at 6 digits.
func BenchmarkCertify10000Weights(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	q, k, v := randomMatrix(b, rng, 100, 4), randomMatrix(b, rng, 100, 4), randomMatrix(b, rng, 100, 4)
	res, err := Attention(AttentionRequest{Q: q, K: k, V: v})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := res.Certify(6, "weights"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCertifySeed runs the seed example and certifies all its fields
// at 6 digits.
func BenchmarkCertifySeed(b *testing.B) {
	q, k, v := mat(b, "1 0 1"), mat(b, "1 0 0; 0 1 0; 1 1 1"), mat(b, "2 0; 0 2; 1 1")
	for b.Loop() {
		res, err := Attention(AttentionRequest{Q: q, K: k, V: v})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.Certify(6); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCertifyBenchSite runs and certifies the two attention
// directives of a benchmark-site lab (1×3 q, 3×3 k, 3×2 v at 4 places;
// 2×2 q and k, 2×3 v at 3), with and without the fast path.
func BenchmarkCertifyBenchSite(b *testing.B) {
	var labs [][2]AttentionRequest
	for i := range 64 {
		labs = append(labs, benchLabInputs(b, i))
	}
	for _, mode := range []struct {
		name string
		mode certifyMode
	}{{"fast", certifyAuto}, {"apd", certifyApdOnly}} {
		b.Run(mode.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				for c, req := range labs[i%len(labs)] {
					res, err := Attention(req)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := res.certify(4-c, nil, mode.mode); err != nil {
						b.Fatal(err)
					}
				}
				i++
			}
		})
	}
}
