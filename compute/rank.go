package compute

import (
	"math/big"
	"math/bits"

	"github.com/cockroachdb/apd/v3"
)

// exactRank returns the rank of m over the rationals. Each row is scaled to
// integers; the rank modulo the prime 2⁶¹−1 is a lower bound of the true
// rank, so when it is full it is exact. Otherwise the rank comes from
// exact rational elimination.
func exactRank(m Matrix) (int, error) {
	rows := integerRows(m)
	full := min(m.rows, m.cols)
	if r := rankModP(rows, m.cols); r == full {
		return r, nil
	}
	b := newRatBudget()
	kept := independentRows(ratRows(rows), b)
	return len(kept), b.err
}

// integerRows scales each row of m by a power of ten to integers.
func integerRows(m Matrix) [][]*big.Int {
	out := make([][]*big.Int, m.rows)
	for i := range m.rows {
		row := m.exact[i*m.cols : (i+1)*m.cols]
		minExp := int32(0)
		for _, d := range row {
			if !d.IsZero() {
				minExp = min(minExp, d.Exponent)
			}
		}
		out[i] = make([]*big.Int, m.cols)
		for j, d := range row {
			out[i][j] = decimalScaled(d, -minExp)
		}
	}
	return out
}

// decimalScaled returns d·10^k as an integer (k ≥ −d.Exponent).
func decimalScaled(d *apd.Decimal, k int32) *big.Int {
	x := new(big.Int).SetBytes(d.Coeff.Bytes())
	if e := d.Exponent + k; e > 0 {
		x.Mul(x, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	}
	if d.Negative {
		x.Neg(x)
	}
	return x
}

// prime61 is the Mersenne prime 2⁶¹−1.
const prime61 = 1<<61 - 1

// mulMod returns a·b mod 2⁶¹−1 for a, b < 2⁶¹−1.
func mulMod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi, lo, prime61)
	return r
}

// powMod returns a^e mod 2⁶¹−1.
func powMod(a, e uint64) uint64 {
	r := uint64(1)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = mulMod(r, a)
		}
		a = mulMod(a, a)
	}
	return r
}

// rankModP returns the rank of the integer rows modulo 2⁶¹−1.
func rankModP(rows [][]*big.Int, cols int) int {
	p := new(big.Int).SetUint64(prime61)
	a := make([][]uint64, len(rows))
	for i, r := range rows {
		a[i] = make([]uint64, cols)
		for j, x := range r {
			a[i][j] = new(big.Int).Mod(x, p).Uint64()
		}
	}
	rank := 0
	for c := 0; c < cols && rank < len(a); c++ {
		piv := -1
		for i := rank; i < len(a); i++ {
			if a[i][c] != 0 {
				piv = i
				break
			}
		}
		if piv < 0 {
			continue
		}
		a[rank], a[piv] = a[piv], a[rank]
		inv := powMod(a[rank][c], prime61-2)
		for i := rank + 1; i < len(a); i++ {
			if a[i][c] == 0 {
				continue
			}
			f := mulMod(a[i][c], inv)
			for j := c; j < cols; j++ {
				a[i][j] = (a[i][j] + prime61 - mulMod(f, a[rank][j])) % prime61
			}
		}
		rank++
	}
	return rank
}

// ratRows converts integer rows to rationals.
func ratRows(rows [][]*big.Int) [][]*big.Rat {
	out := make([][]*big.Rat, len(rows))
	for i, r := range rows {
		out[i] = make([]*big.Rat, len(r))
		for j, x := range r {
			out[i][j] = new(big.Rat).SetInt(x)
		}
	}
	return out
}

// independentRows returns the indices of the rows that are not in the span
// of the rows before them (so their count is the rank), by exact
// elimination against the reduced rows kept so far. It stops early, with
// a meaningless result, once b is spent.
func independentRows(rows [][]*big.Rat, b *ratBudget) []int {
	var kept []int
	var reduced [][]*big.Rat
	var pivots []int
	for i, r := range rows {
		x := make([]*big.Rat, len(r))
		for j := range r {
			x[j] = new(big.Rat).Set(r[j])
		}
		for k, red := range reduced {
			c := pivots[k]
			if x[c].Sign() == 0 {
				continue
			}
			if !b.charge(x[c], red[c]) {
				return kept
			}
			f := new(big.Rat).Quo(x[c], red[c])
			t := new(big.Rat)
			for j := range x {
				if red[j].Sign() != 0 {
					if !b.charge(f, red[j]) || !b.charge(x[j], x[j]) {
						return kept
					}
					x[j].Sub(x[j], t.Mul(f, red[j]))
				}
			}
		}
		piv := -1
		for j := range x {
			if x[j].Sign() != 0 {
				piv = j
				break
			}
		}
		if piv >= 0 {
			kept = append(kept, i)
			reduced = append(reduced, x)
			pivots = append(pivots, piv)
		}
	}
	return kept
}
