package compute

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// ScoreStatsRequest asks how raw and scaled dot-product scores behave as
// the key dimension grows, on seeded random inputs: for each dimension d
// and each of Trials trials, one query and Keys keys whose components are
// +1 or −1 with equal probability (mean 0, variance 1, as footnote 4 of
// "Attention Is All You Need" assumes), drawn from the generator
// splitmix64 seeded by (Seed, d, trial).
type ScoreStatsRequest struct {
	DK     Vector // the key dimensions d, whole numbers from 1 to MaxCols
	Keys   int    // keys per query, ≥ 2
	Trials int    // queries per dimension, ≥ 1
	Seed   int    // any whole number ≥ 1; the same seed gives the same inputs
}

// ScoreStatsResult is score_stats's result. Its numeric fields, one entry
// per dimension, are "raw_variance" (the variance of the scores q·k over
// all trials and keys), "scaled_variance" (of q·k/√d), "raw_max_weight"
// and "scaled_max_weight" (the largest softmax weight of one query's
// scores, averaged over the trials: near 1/Keys the weights are spread,
// near 1 the softmax is saturated).
type ScoreStatsResult struct {
	RawVariance, ScaledVariance   []float64
	RawMaxWeight, ScaledMaxWeight []float64
	Checks                        []Check
	fieldSet
}

// maxScoreStatsDraws bounds Trials·(Keys+1)·Σd, the random components drawn.
const maxScoreStatsDraws = 20_000_000

// splitmix64 is a small, well-known pseudo-random generator (Steele, Lea
// and Flood 2014): the same state gives the same sequence on every
// machine.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// signs draws the components of one query and keys keys in dimension d:
// every score q·kⱼ, an integer.
func (s *splitmix64) scores(d, keys int) []int64 {
	draw := func() []int8 {
		v := make([]int8, d)
		for i := 0; i < d; i += 64 {
			bits := s.next()
			for b := 0; b < 64 && i+b < d; b++ {
				v[i+b] = int8(1 - 2*int((bits>>b)&1))
			}
		}
		return v
	}
	q := draw()
	out := make([]int64, keys)
	for j := range out {
		k := draw()
		var sum int64
		for t := range d {
			sum += int64(q[t]) * int64(k[t])
		}
		out[j] = sum
	}
	return out
}

// ScoreStats draws the seeded inputs and measures the scores.
func ScoreStats(req ScoreStatsRequest) (*ScoreStatsResult, error) {
	dims := make([]int, req.DK.Len())
	draws := 0
	if req.DK.Len() == 0 {
		return nil, fieldErrorf("d_k", "missing or empty vector")
	}
	switch {
	case req.Keys < 2:
		return nil, fieldErrorf("keys", "must be at least 2, got %d", req.Keys)
	case req.Trials < 1:
		return nil, fieldErrorf("trials", "must be at least 1, got %d", req.Trials)
	case req.Seed < 1:
		return nil, fieldErrorf("seed", "must be at least 1, got %d", req.Seed)
	}
	for i, x := range req.DK.exact {
		v, err := x.Int64()
		if err != nil || x.Form != apd.Finite || v < 1 || v > MaxCols || !isIntegral(x) {
			return nil, entryErrorf("d_k", []int{i}, "entry %d is %s; expected a whole number from 1 to %d", i, x.Text('f'), MaxCols)
		}
		dims[i] = int(v)
		draws += req.Trials * (req.Keys + 1) * int(v)
	}
	if draws > maxScoreStatsDraws {
		return nil, fieldErrorf("trials", "trials × (keys + 1) × Σ d_k = %d random components, more than the limit of %d", draws, maxScoreStatsDraws)
	}
	nd, m := len(dims), req.Keys
	all := make([][][]int64, nd) // [dimension][trial][key]
	for i, d := range dims {
		all[i] = make([][]int64, req.Trials)
		for t := range req.Trials {
			g := splitmix64(uint64(req.Seed)*0x100000001b3 ^ uint64(d)<<32 ^ uint64(t))
			all[i][t] = g.scores(d, m)
		}
	}
	// Σs and Σs² of each dimension's scores, exact integers.
	sums, sqs := make([]int64, nd), make([]int64, nd)
	for i := range dims {
		for _, tr := range all[i] {
			for _, s := range tr {
				sums[i] += s
				sqs[i] += s * s
			}
		}
	}
	res := &ScoreStatsResult{RawVariance: make([]float64, nd), ScaledVariance: make([]float64, nd),
		RawMaxWeight: make([]float64, nd), ScaledMaxWeight: make([]float64, nd)}
	var cs checks
	minW, maxW := math.Inf(1), 0.0
	for i, d := range dims {
		sum, sq := sums[i], sqs[i]
		n := float64(req.Trials * m)
		mean := float64(sum) / n
		res.RawVariance[i] = float64(sq)/n - mean*mean
		res.ScaledVariance[i] = res.RawVariance[i] / float64(d)
		for _, tr := range all[i] {
			raw, scaled := maxWeight(tr, 1), maxWeight(tr, math.Sqrt(float64(d)))
			res.RawMaxWeight[i] += raw / float64(req.Trials)
			res.ScaledMaxWeight[i] += scaled / float64(req.Trials)
			minW, maxW = math.Min(minW, math.Min(raw, scaled)), math.Max(maxW, math.Max(raw, scaled))
		}
	}
	cs.add("scores_exact", true, "every score q·k is a sum of d products ±1, an integer with |q·k| ≤ d ≤ %d, computed exactly", MaxCols)
	lo, hi := 1/float64(m)*(1-4*float64(m+1)*eps), 1+4*float64(m+1)*eps
	cs.add("max_weight_in_range", minW >= lo && maxW <= hi, "every largest weight lies in [1/m, 1]: min %.6g, max %.6g (m = %d keys, bounds widened by 4(m+1)ε)", minW, maxW, m)
	if err := cs.err(); err != nil {
		return nil, err
	}
	res.Checks = cs.list
	res.add("raw_variance", []int{nd}, res.RawVariance)
	res.add("scaled_variance", []int{nd}, res.ScaledVariance)
	res.add("raw_max_weight", []int{nd}, res.RawMaxWeight)
	res.add("scaled_max_weight", []int{nd}, res.ScaledMaxWeight)
	res.work = nd * req.Trials * m * 200
	res.eval = func(a *arith) map[string][]ball {
		out := map[string][]ball{}
		for _, f := range res.names {
			out[f] = make([]ball, nd)
		}
		for i, d := range dims {
			sum, sq := sums[i], sqs[i]
			n := int64(req.Trials * m)
			// Variance = (n·Σs² − (Σs)²) / n², exactly.
			num := a.xsub(a.xmul(apd.New(n, 0), apd.New(sq, 0)), a.xmul(apd.New(sum, 0), apd.New(sum, 0)))
			v := a.quo(exactBall(num), exactBall(apd.New(n*n, 0)))
			out["raw_variance"][i] = v
			out["scaled_variance"][i] = a.quo(exactBall(num), exactBall(apd.New(n*n*int64(d), 0)))
			root := a.sqrt(intBall(int64(d)))
			rawSum, scaledSum := intBall(0), intBall(0)
			for _, tr := range all[i] {
				rawSum = a.add(rawSum, exactMaxWeight(a, tr, intBall(1)))
				scaledSum = a.add(scaledSum, exactMaxWeight(a, tr, root))
			}
			out["raw_max_weight"][i] = a.quo(rawSum, intBall(int64(req.Trials)))
			out["scaled_max_weight"][i] = a.quo(scaledSum, intBall(int64(req.Trials)))
		}
		return out
	}
	res.fast = func(fa *fastArith) map[string][]fball {
		out := map[string][]fball{}
		for _, f := range res.names {
			out[f] = make([]fball, nd)
		}
		for i, d := range dims {
			sum, sq := sums[i], sqs[i]
			n := int64(req.Trials * m)
			num := fa.fxsub(fa.fxmul(fint(n), fint(sq)), fa.fxmul(fint(sum), fint(sum)))
			out["raw_variance"][i] = fa.quo(num, fint(n*n))
			out["scaled_variance"][i] = fa.quo(num, fint(n*n*int64(d)))
			root := fa.sqrt(fint(int64(d)))
			rawSum, scaledSum := fball{}, fball{}
			for _, tr := range all[i] {
				rawSum = fa.add(rawSum, fastMaxWeight(fa, tr, fint(1)))
				scaledSum = fa.add(scaledSum, fastMaxWeight(fa, tr, root))
			}
			out["raw_max_weight"][i] = fa.quo(rawSum, fint(int64(req.Trials)))
			out["scaled_max_weight"][i] = fa.quo(scaledSum, fint(int64(req.Trials)))
			if !fa.ok {
				break
			}
		}
		return out
	}
	return res, nil
}

// maxWeight is the largest softmax weight of scores/scale:
// 1 / Σⱼ exp((sⱼ − max s)/scale).
func maxWeight(scores []int64, scale float64) float64 {
	best := scores[0]
	for _, s := range scores {
		best = max(best, s)
	}
	sum := 0.0
	for _, s := range scores {
		sum += math.Exp(float64(s-best) / scale)
	}
	return 1 / sum
}

// exactMaxWeight is maxWeight in ball arithmetic.
func exactMaxWeight(a *arith, scores []int64, scale ball) ball {
	best := scores[0]
	for _, s := range scores {
		best = max(best, s)
	}
	sum := intBall(0)
	for _, s := range scores {
		if s == best {
			sum = a.add(sum, intBall(1))
			continue
		}
		sum = a.add(sum, a.exp(a.quo(intBall(s-best), scale)))
	}
	return a.quo(intBall(1), sum)
}

// fastMaxWeight mirrors exactMaxWeight.
func fastMaxWeight(fa *fastArith, scores []int64, scale fball) fball {
	best := scores[0]
	for _, s := range scores {
		best = max(best, s)
	}
	sum := fball{}
	for _, s := range scores {
		if s == best {
			sum = fa.add(sum, fint(1))
			continue
		}
		sum = fa.add(sum, fa.exp(fa.quo(fint(s-best), scale)))
	}
	return fa.quo(fint(1), sum)
}

// isIntegral reports whether x is a whole number.
func isIntegral(x *apd.Decimal) bool {
	var r apd.Decimal
	_, err := decimalContext(0).RoundToIntegralExact(&r, x)
	return err == nil && r.Cmp(x) == 0
}
