package compute

import (
	"math"
	"runtime"
	"sync"
)

// parallelRows runs fn over [0, n) split into contiguous chunks, on several
// goroutines when the work (in multiply-adds) is large enough to pay.
func parallelRows(n, work int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if work < 1<<17 || workers < 2 || n < 2 {
		fn(0, n)
		return
	}
	workers = min(workers, n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// dot returns Σ x[i]·y[i] for len(x) == len(y), with four partial sums.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy adds alpha·x to y, len(x) == len(y).
func axpy(alpha float64, x, y []float64) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += alpha * x[i]
	}
}

// mulTransB returns A Bᵀ · scale for A (n×d) and B (m×d), row-major.
func mulTransB(a []float64, n, d int, b []float64, m int, scale float64) []float64 {
	out := make([]float64, n*m)
	parallelRows(n, n*m*d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			ai, oi := a[i*d:(i+1)*d], out[i*m:(i+1)*m]
			for j := range oi {
				oi[j] = dot(ai, b[j*d:(j+1)*d]) * scale
			}
		}
	})
	return out
}

// mul returns A B for A (n×k) and B (k×c), row-major, skipping zero
// entries of A (masked attention weights).
func mul(a []float64, n, k int, b []float64, c int) []float64 {
	out := make([]float64, n*c)
	parallelRows(n, n*k*c, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			oi := out[i*c : (i+1)*c]
			for t, w := range a[i*k : (i+1)*k] {
				if w != 0 {
					axpy(w, b[t*c:(t+1)*c], oi)
				}
			}
		}
	})
	return out
}

// softmaxRow writes the softmax of the visible entries of s into w (masked
// entries get exactly 0), shifting by the largest visible entry so that
// no exp overflows. It reports false when no entry is visible.
func softmaxRow(s []float64, visible func(j int) bool, w []float64) bool {
	mx := math.Inf(-1)
	for j, x := range s {
		if visible(j) && x > mx {
			mx = x
		}
	}
	if math.IsInf(mx, -1) {
		return false
	}
	sum := 0.0
	for j, x := range s {
		if visible(j) {
			w[j] = math.Exp(x - mx)
			sum += w[j]
		} else {
			w[j] = 0
		}
	}
	for j := range w {
		w[j] /= sum
	}
	return true
}
