package compute

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
)

// bigOf returns the exact value of a double-double.
func bigOf(x dd) *big.Float {
	a := new(big.Float).SetPrec(2200).SetFloat64(x.h)
	return a.Add(a, new(big.Float).SetFloat64(x.l))
}

// randDD returns a normalized double-double with a random low part and a
// magnitude around 2^e.
func randDD(rng *rand.Rand, e int) dd {
	h := math.Ldexp(rng.Float64()+0.5, e)
	if rng.IntN(2) == 0 {
		h = -h
	}
	l := 0.0
	if rng.IntN(4) != 0 {
		l = h * 0x1p-53 * (rng.Float64() - 0.5)
	}
	h, l = twoSum(h, l)
	return dd{h, l}
}

// errorWithin reports whether |want − got| ≤ bound (bound widened by
// radius, as every caller does).
func errorWithin(want *big.Float, got dd, bound float64, exact bool) bool {
	d := new(big.Float).SetPrec(2200).Sub(want, bigOf(got))
	if exact {
		return d.Sign() == 0
	}
	d.Abs(d)
	return d.Cmp(new(big.Float).SetFloat64(radius(bound))) <= 0
}

// TestDDOperations checks every double-double operation's error bound
// against exact (or 400-bit) arithmetic on random operands, including
// exact integers and cancelling sums.
func TestDDOperations(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 20000 {
		x, y := randDD(rng, rng.IntN(200)-100), randDD(rng, rng.IntN(200)-100)
		switch trial % 4 {
		case 1: // integers
			x, y = ddFromInt(rng.Int64N(1<<62)-1<<61), ddFromInt(rng.Int64N(1<<40)+1)
		case 2: // cancellation
			y = dd{-x.h * (1 + 0x1p-52*float64(rng.IntN(5)-2)), y.l * 0x1p-60}
			y.h, y.l = twoSum(y.h, y.l)
		}
		bx, by := bigOf(x), bigOf(y)
		z, e, ex := ddAdd(x, y)
		if !errorWithin(new(big.Float).SetPrec(2200).Add(bx, by), z, e, ex) {
			t.Fatalf("ddAdd(%v, %v) = %v ± %g", x, y, z, e)
		}
		z, e, ex = ddMul(x, y)
		if !errorWithin(new(big.Float).SetPrec(2200).Mul(bx, by), z, e, ex) {
			t.Fatalf("ddMul(%v, %v) = %v ± %g", x, y, z, e)
		}
		q := new(big.Float).SetPrec(400).Quo(bx, by)
		z, e, ex = ddDiv(x, y)
		if ex && new(big.Float).SetPrec(2200).Mul(bigOf(z), by).Cmp(bx) != 0 || !ex && !errorWithin(q, z, e*(1+1e-9), false) {
			t.Fatalf("ddDiv(%v, %v) = %v ± %g", x, y, z, e)
		}
		ax := dd{math.Abs(x.h), math.Abs(x.h) / x.h * x.l}
		sq := new(big.Float).SetPrec(400).Sqrt(bigOf(ax))
		z, e, ex = ddSqrt(ax)
		if ex && new(big.Float).SetPrec(2200).Mul(bigOf(z), bigOf(z)).Cmp(bigOf(ax)) != 0 || !ex && !errorWithin(sq, z, e*(1+1e-9), false) {
			t.Fatalf("ddSqrt(%v) = %v ± %g", ax, z, e)
		}
	}
	for k, p := range pow10dd {
		want := new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
		if bigOf(p).Cmp(want) != 0 {
			t.Errorf("pow10dd[%d] is not exact", k)
		}
	}
}

// bigExp returns e^x to about 500 bits: Taylor series of x/2^24, squared
// 24 times.
func bigExp(x float64) *big.Float {
	const prec = 700
	s := new(big.Float).SetPrec(prec).SetFloat64(math.Ldexp(x, -24))
	sum, term := new(big.Float).SetPrec(prec).SetInt64(1), new(big.Float).SetPrec(prec).SetInt64(1)
	for j := int64(1); j < 60; j++ {
		term.Mul(term, s)
		term.Quo(term, new(big.Float).SetInt64(j))
		sum.Add(sum, term)
	}
	for range 24 {
		sum.Mul(sum, sum)
	}
	return sum
}

// TestExpDD checks expDD's error bound against 500-bit arithmetic.
func TestExpDD(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	worst := 0.0
	for trial := range 3000 {
		var x dd
		switch trial % 3 {
		case 0:
			x = dd{rng.Float64()*1340 - 640, 0}
		case 1:
			x = dd{(rng.Float64() - 0.5) * 4, 0}
		default:
			x = randDD(rng, rng.IntN(12)-6)
		}
		x.h, x.l = twoSum(x.h, x.l)
		want := bigExp(x.h)
		if x.l != 0 { // e^(h+l) = e^h·e^l, e^l = 1 + l + l²/2 within 1e-48
			l := new(big.Float).SetPrec(700).SetFloat64(x.l)
			f := new(big.Float).SetPrec(700).Mul(l, l)
			f.Quo(f, big.NewFloat(2)).Add(f, l).Add(f, big.NewFloat(1))
			want.Mul(want, f)
		}
		got, e, ok := expDD(x)
		if !ok {
			t.Fatalf("expDD(%v) declined", x)
		}
		d := new(big.Float).SetPrec(700).Sub(want, bigOf(got))
		d.Abs(d)
		if d.Cmp(new(big.Float).SetFloat64(e)) > 0 {
			t.Fatalf("expDD(%v) = %v ± %g, error %s", x, got, e, d.Text('g', 5))
		}
		if rel := e / math.Abs(got.h); rel > worst {
			worst = rel
		}
	}
	if worst > 1e-28 {
		t.Errorf("expDD's relative error bound reaches %g", worst)
	}
}

// TestAppendFixed checks appendFixed against apd's Quantize and Text.
func TestAppendFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for range 5000 {
		n := rng.Int64N(1 << uint(rng.IntN(62)+1))
		if rng.IntN(2) == 0 {
			n = -n
		}
		digits := rng.IntN(MaxDigits + 1)
		c := apd.New(n, int32(-digits))
		want, ok := roundBall(exactBall(c), digits)
		if got := string(appendFixed(nil, n, digits)); !ok || got != want {
			t.Fatalf("appendFixed(%d, %d) = %q, roundBall %q", n, digits, got, want)
		}
	}
}

// certifier is what the differential tests need of a result.
type certifier interface {
	certify(digits int, names []string, mode certifyMode) (*Certificate, error)
	hasFastPath() bool
}

func (f *fieldSet) hasFastPath() bool { return f.fast != nil }

// outcome is a certification's result or error, comparable.
type outcome struct {
	cert *Certificate
	err  string
}

func certifyWith(r certifier, digits int, names []string, mode certifyMode) outcome {
	c, err := r.certify(digits, names, mode)
	if err != nil {
		return outcome{err: err.Error()}
	}
	return outcome{cert: c}
}

// sameAsApd certifies r both ways and fails on any difference; it reports
// whether the fast path decided.
func sameAsApd(t *testing.T, label string, r certifier, digits int, names []string) bool {
	t.Helper()
	want := certifyWith(r, digits, names, certifyApdOnly)
	got := certifyWith(r, digits, names, certifyAuto)
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s, digits %d %v: apd path\n%+v\nfast path\n%+v", label, digits, names, describe(want), describe(got))
	}
	_, err := r.certify(digits, names, certifyFastOnly)
	return err == nil
}

func describe(o outcome) string {
	if o.cert == nil {
		return "error: " + o.err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "precision %d\n", o.cert.Precision)
	for n, d := range o.cert.Fields {
		fmt.Fprintf(&b, "%s %v\n", n, d.Values)
	}
	for _, c := range o.cert.Checks {
		fmt.Fprintf(&b, "%s %v %q %v %v\n", c.Name, c.OK, c.Detail, c.Measured, c.Bound)
	}
	return b.String()
}

// decimalMatrix returns an r×c matrix of random decimals in one of
// several styles: small integers, two places, float64 texts, wide
// magnitudes, and values built to make exact ties.
func decimalMatrix(t testing.TB, rng *rand.Rand, r, c, style int) Matrix {
	rows := make([][]string, r)
	for i := range rows {
		for range c {
			var s string
			switch style {
			case 0:
				s = fmt.Sprint(rng.IntN(7) - 3)
			case 1:
				s = fmt.Sprintf("%.2f", float64(rng.IntN(601)-300)/100)
			case 2:
				s = fmt.Sprint(rng.NormFloat64())
			case 3:
				s = fmt.Sprintf("%.3ge%d", rng.Float64()*10-5, rng.IntN(13)-6)
			case 4:
				s = []string{"0", "0.5", "-0.5", "0.25", "1", "-1", "0.125"}[rng.IntN(7)]
			default:
				s = fmt.Sprint((rng.IntN(41) - 20) * 50) // score gaps of thousands
			}
			rows[i] = append(rows[i], s)
		}
	}
	m, err := ParseMatrix(rows)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func randomMask(rng *rand.Rand, n, m int) Mask {
	switch rng.IntN(3) {
	case 0:
		return Mask{}
	case 1:
		if n <= m {
			return CausalMask()
		}
	}
	allow := make([][]bool, n)
	for i := range allow {
		allow[i] = make([]bool, m)
		allow[i][rng.IntN(m)] = true
		for j := range allow[i] {
			allow[i][j] = allow[i][j] || rng.IntN(3) > 0
		}
	}
	mk, _ := MatrixMask(allow)
	return mk
}

// pickNames returns all fields (nil) or a random non-empty subset.
func pickNames(rng *rand.Rand, all []string) []string {
	if rng.IntN(2) == 0 {
		return nil
	}
	var out []string
	for _, n := range all {
		if rng.IntN(2) == 0 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		out = all[:1]
	}
	return out
}

// randomDigits favours the few places pages use, and tries all.
func randomDigits(rng *rand.Rand) int {
	if rng.IntN(3) == 0 {
		return rng.IntN(MaxDigits + 1)
	}
	return rng.IntN(9)
}

// TestFastPathMatchesApd is the differential test: on random inputs of
// every operation with a fast path (small integers, decimals, float64
// texts, wide magnitudes, exact halves and quarters, huge score gaps,
// masks, given and negative scales), at random digits and fields, the
// certificate (texts, precision, checks) or the error is the same with
// and without the fast path.
func TestFastPathMatchesApd(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	trials, decided := 0, 0
	try := func(label string, r certifier, fields []string) {
		for range 3 {
			if sameAsApd(t, label, r, randomDigits(rng), pickNames(rng, fields)) {
				decided++
			}
			if r.hasFastPath() {
				trials++
			}
		}
	}
	for trial := range 250 {
		style := trial % 6
		n, m, dk, dv := 1+rng.IntN(3), 1+rng.IntN(4), 1+rng.IntN(3), 1+rng.IntN(3)
		req := AttentionRequest{Q: decimalMatrix(t, rng, n, dk, style), K: decimalMatrix(t, rng, m, dk, style),
			V: decimalMatrix(t, rng, m, dv, rng.IntN(5)), Mask: randomMask(rng, n, m)}
		switch rng.IntN(4) {
		case 0:
			req.Scale = num(t, fmt.Sprintf("%.2f", rng.Float64()*4-2))
		case 1:
			req.Scale = num(t, "0.001")
		}
		if res, err := Attention(req); err == nil {
			try(fmt.Sprintf("attention %d", trial), res, res.FieldNames())
		}
		x := decimalMatrix(t, rng, 1, 1+rng.IntN(6), style)
		sreq := SoftmaxRequest{X: Vector{exact: x.exact, f: x.f}}
		if rng.IntN(2) == 0 {
			sreq.Temperature = num(t, []string{"0.5", "2", "0.01", "3.7", "100"}[rng.IntN(5)])
		}
		if res, err := Softmax(sreq); err == nil {
			try(fmt.Sprintf("softmax %d", trial), res, res.FieldNames())
		}
		q, k := decimalMatrix(t, rng, n, dk, style%5), decimalMatrix(t, rng, m, dk, style%5)
		if res, err := Similarity(SimilarityRequest{Q: q, K: k}); err == nil {
			try(fmt.Sprintf("similarity %d", trial), res, res.FieldNames())
		}
		if res, err := LinearMap(LinearMapRequest{X: q, W: decimalMatrix(t, rng, dk, dv, rng.IntN(5))}); err == nil {
			try(fmt.Sprintf("linear_map %d", trial), res, res.FieldNames())
		}
		if trial%5 == 0 {
			h := 1 + rng.IntN(2)
			dm := h * (1 + rng.IntN(2))
			mreq := MultiheadRequest{XQ: decimalMatrix(t, rng, n, dm, style%5), XKV: decimalMatrix(t, rng, m, dm, style%5), Heads: h,
				WQ: decimalMatrix(t, rng, dm, dm, 1), WK: decimalMatrix(t, rng, dm, dm, 1), WV: decimalMatrix(t, rng, dm, dm, 0), WO: decimalMatrix(t, rng, dm, dm, 4)}
			if rng.IntN(2) == 0 {
				b := decimalMatrix(t, rng, 1, dm, 1)
				mreq.BO = Vector{exact: b.exact, f: b.f}
			}
			if res, err := Multihead(mreq); err == nil {
				try(fmt.Sprintf("multihead %d", trial), res, res.FieldNames())
			}
			dks, _ := ParseVector([]string{"1", fmt.Sprint(1 + rng.IntN(64))})
			if res, err := ScoreStats(ScoreStatsRequest{DK: dks, Keys: 2 + rng.IntN(5), Trials: 1 + rng.IntN(3), Seed: 1 + rng.IntN(100)}); err == nil {
				try(fmt.Sprintf("score_stats %d", trial), res, res.FieldNames())
			}
		}
	}
	t.Logf("%d certifications with a fast path, %d decided by it", trials, decided)
	if decided < trials/2 {
		t.Errorf("the fast path decided only %d of %d", decided, trials)
	}
}

// TestFastPathEdges compares both paths on inputs at the edges: exact
// ties (half to even), values a hair from a boundary, softmax with huge
// gaps (e^-2000 weights), underflowing and tiny weights, a refusal, and
// digits beyond what double-doubles can settle.
func TestFastPathEdges(t *testing.T) {
	var cases []struct {
		label string
		r     certifier
	}
	add := func(label string, r certifier, err error) {
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		cases = append(cases, struct {
			label string
			r     certifier
		}{label, r})
	}
	sm := func(x string) {
		r, err := Softmax(SoftmaxRequest{X: vec(t, x)})
		add("softmax "+x, r, err)
	}
	for _, x := range []string{"1000 -1000 1000", "0 0", "0 0 0 0", "0 -1e6", "0 -745", "0 -746", "0 -747", "0 -748", "0 -700",
		"0 -639", "0 -650", "10 -1000 3", "0 -5000", "0 -19999", "0 -20001", "0 -1e300", "1 2 3", "0.1 0.2 0.3", "1e-30 0", "123456789 123456788"} {
		sm(x)
	}
	lm, err := LinearMap(LinearMapRequest{X: mat(t, "0.1234500000000000000001; 0.1234499999999999999999; 0.12345; 0.125; 2.5"), W: mat(t, "1")})
	add("linear map ties", lm, err)
	at, err := Attention(AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")})
	add("seed", at, err)
	at, err = Attention(AttentionRequest{Q: mat(t, "1 1; 2 2"), K: mat(t, "1 1; 1 1"), V: mat(t, "1 -1; -1 1")})
	add("equal keys", at, err)
	at, err = Attention(AttentionRequest{Q: mat(t, "0.1 0.2"), K: mat(t, "0.3 0.1; 0.1 0.3; 0.3 0.1"), V: mat(t, "1; -1; 0"), Mask: CausalMask()})
	add("tied decimal keys", at, err)
	at, err = Attention(AttentionRequest{Q: mat(t, "30 0"), K: mat(t, "30 0; -30 0"), V: mat(t, "1; 2")})
	add("saturated", at, err)
	at, err = Attention(AttentionRequest{Q: mat(t, "1e100"), K: mat(t, "1e100; 1"), V: mat(t, "1; 2")})
	add("huge scores", at, err)
	sim, err := Similarity(SimilarityRequest{Q: mat(t, "1 2; 0.1 0.3"), K: mat(t, "2 4; -3 1; 0.3 -0.1")})
	add("similarity", sim, err)
	for _, c := range cases {
		for digits := range MaxDigits + 1 {
			sameAsApd(t, c.label, c.r, digits, nil)
		}
	}
}

// benchLabInputs returns the two attention directives of benchmark-site
// lab i (see generator/benchsite): 1×3 q, 3×3 k, 3×2 v at 4 digits and
// 2×2 q and k, 2×3 v at 3.
func benchLabInputs(t testing.TB, i int) [2]AttentionRequest {
	r := rand.New(rand.NewPCG(1, uint64(i)))
	mk := func(rows, cols int) Matrix {
		s := make([][]string, rows)
		for a := range s {
			for range cols {
				s[a] = append(s[a], fmt.Sprint(r.IntN(7)-3))
			}
		}
		m, err := ParseMatrix(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	q, k, v := mk(1, 3), mk(3, 3), mk(3, 2)
	q2, k2, v2 := mk(2, 2), mk(2, 2), mk(2, 3)
	return [2]AttentionRequest{{Q: q, K: k, V: v}, {Q: q2, K: k2, V: v2}}
}

// TestFastPathDecidesCommonCases checks that the fast path itself settles
// the usual certifications (so it cannot silently always defer to the
// apd path): the benchmark site's directives, the seed example at 0 to 12
// places, and random float64 attentions at 6 places.
func TestFastPathDecidesCommonCases(t *testing.T) {
	total, declined := 0, 0
	for i := range 300 {
		for c, req := range benchLabInputs(t, i) {
			res, err := Attention(req)
			if err != nil {
				t.Fatal(err)
			}
			total++
			if _, err := res.certify(4-c, nil, certifyFastOnly); err != nil {
				declined++
			}
		}
	}
	if declined > total/100 {
		t.Errorf("the fast path declined %d of %d benchmark-site directives", declined, total)
	}
	seed, err := Attention(AttentionRequest{Q: mat(t, "1 0 1"), K: mat(t, "1 0 0; 0 1 0; 1 1 1"), V: mat(t, "2 0; 0 2; 1 1")})
	if err != nil {
		t.Fatal(err)
	}
	for digits := range 13 {
		if _, err := seed.certify(digits, nil, certifyFastOnly); err != nil {
			t.Errorf("seed at %d places: %v", digits, err)
		}
	}
	rng := rand.New(rand.NewPCG(19, 20))
	for range 20 {
		res, err := Attention(AttentionRequest{Q: randomMatrix(t, rng, 3, 4), K: randomMatrix(t, rng, 5, 4), V: randomMatrix(t, rng, 5, 3)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := res.certify(6, nil, certifyFastOnly); err != nil {
			t.Errorf("random attention: %v", err)
		}
	}
	sm, err := Softmax(SoftmaxRequest{X: vec(t, "1000 -1000 1000")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sm.certify(3, nil, certifyFastOnly); err != nil {
		t.Errorf("softmax with a weight of e^-2000: %v", err)
	}
}

// TestFastBallsBoundApd checks the mirror directly: for every number of
// random results of every operation with a fast path, the apd ball at the
// first precision has a radius of at most R and a midpoint within r + R
// of the fast ball's.
func TestFastBallsBoundApd(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 150 {
		style := trial % 6
		n, m, dk := 1+rng.IntN(3), 1+rng.IntN(4), 1+rng.IntN(3)
		var fs []*fieldSet
		if res, err := Attention(AttentionRequest{Q: decimalMatrix(t, rng, n, dk, style), K: decimalMatrix(t, rng, m, dk, style),
			V: decimalMatrix(t, rng, m, 2, 1), Mask: randomMask(rng, n, m)}); err == nil {
			fs = append(fs, &res.fieldSet)
		}
		x := decimalMatrix(t, rng, 1, 1+rng.IntN(5), style)
		if res, err := Softmax(SoftmaxRequest{X: Vector{exact: x.exact, f: x.f}, Temperature: num(t, "0.7")}); err == nil {
			fs = append(fs, &res.fieldSet)
		}
		if res, err := Similarity(SimilarityRequest{Q: decimalMatrix(t, rng, n, dk, style%5), K: decimalMatrix(t, rng, m, dk, style%5)}); err == nil {
			fs = append(fs, &res.fieldSet)
		}
		if res, err := LinearMap(LinearMapRequest{X: decimalMatrix(t, rng, n, dk, style%5), W: decimalMatrix(t, rng, dk, 2, 2)}); err == nil {
			fs = append(fs, &res.fieldSet)
		}
		if trial%10 == 0 {
			dm := 2 * (1 + rng.IntN(2))
			if res, err := Multihead(MultiheadRequest{XQ: decimalMatrix(t, rng, n, dm, style%5), XKV: decimalMatrix(t, rng, m, dm, style%5), Heads: 2,
				WQ: decimalMatrix(t, rng, dm, dm, 1), WK: decimalMatrix(t, rng, dm, dm, 1), WV: decimalMatrix(t, rng, dm, dm, 0), WO: decimalMatrix(t, rng, dm, dm, 2)}); err == nil {
				fs = append(fs, &res.fieldSet)
			}
			dks, _ := ParseVector([]string{"1", "16", fmt.Sprint(1 + rng.IntN(64))})
			if res, err := ScoreStats(ScoreStatsRequest{DK: dks, Keys: 2 + rng.IntN(5), Trials: 1 + rng.IntN(3), Seed: 1 + rng.IntN(100)}); err == nil {
				fs = append(fs, &res.fieldSet)
			}
		}
		for _, f := range fs {
			if f.fast == nil {
				continue
			}
			digits := rng.IntN(9)
			prec := precisions(digits)[0]
			fa := newFastArith(prec)
			fast := f.fast(fa)
			if !fa.ok {
				continue
			}
			a := newArith(prec)
			exact := f.eval(a)
			for _, name := range f.names {
				for i, b := range exact[name] {
					fb := fast[name][i]
					if !(b.r <= fb.R) {
						t.Fatalf("trial %d %s[%d]: apd radius %g above the bound %g", trial, name, i, b.r, fb.R)
					}
					if fb.tiny != 0 {
						continue
					}
					d := new(apd.Decimal)
					_, _ = decimalContext(0).Sub(d, b.m, ddDecimal(fb.m))
					if f, _ := d.Float64(); math.Abs(f) > (fb.r+fb.R)*(1+1e-9) {
						t.Fatalf("trial %d %s[%d]: apd midpoint %s is %g from the fast one (r %g, R %g)", trial, name, i, b.m.Text('G'), f, fb.r, fb.R)
					}
				}
			}
		}
	}
}

// ddDecimal returns the exact decimal value of a double-double.
func ddDecimal(x dd) *apd.Decimal {
	d := new(apd.Decimal)
	for _, f := range []float64{x.h, x.l} {
		s := new(big.Float).SetFloat64(f).Text('e', 1100)
		p, _, _ := apd.NewFromString(s)
		_, _ = decimalContext(0).Add(d, d, p)
	}
	return d
}

// TestNearestFloat checks the float64 that the agreement check compares
// with: the one nearest to every number of the ball, or none.
func TestNearestFloat(t *testing.T) {
	d := func(s string) *apd.Decimal {
		x, _, err := apd.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	third := "0.3333333333333333333333333333"
	for _, c := range []struct {
		m    string
		r    float64
		want float64
		ok   bool
	}{
		{"0.1", 0, 0.1, true},
		{third, 1e-28, 1.0 / 3, true},
		{third, 1e-17, 0, false}, // wider than half the float64 spacing
		{"0", 1e-30, 0, false},   // straddles 0
		{"0.5", 0x1p-56, 0.5, true},
		{"0.5", 0x1p-54, 0, false}, // reaches the rounding interval's end below 0.5
		{"1e-400", 1e-290, 0, false},
		{"1e-400", 0, 0, true},
	} {
		got, ok := nearestFloat(ball{d(c.m), c.r})
		if ok != c.ok || ok && got != c.want {
			t.Errorf("nearestFloat(%s ± %g) = %v, %v; want %v, %v", c.m, c.r, got, ok, c.want, c.ok)
		}
	}
}
