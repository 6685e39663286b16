package compute

import (
	"fmt"
	"math/big"
)

// MaxExactWork bounds the exact rational arithmetic of one span or rank
// decision, counted in machine-word multiplications: each rational
// operation is charged the product of its operands' sizes in words (which
// grow during elimination), so the count follows the real cost, digits
// included. 30 vectors of 30 random 4-place decimals cost about 11 million
// (0.5 s on the 2-core development machine), 40 vectors 39 million.
const MaxExactWork = 20_000_000

// ratBudget counts the word operations of exact rational arithmetic and
// stops it once MaxExactWork is spent: every operation after that is
// skipped, and err says why.
type ratBudget struct {
	left int64
	err  error
}

func newRatBudget() *ratBudget { return &ratBudget{left: MaxExactWork} }

// words is the size of x in 64-bit words, at least 1.
func words(x *big.Rat) int64 {
	return int64(len(x.Num().Bits())+len(x.Denom().Bits())) + 1
}

// charge pays for one operation on x and y; false means the budget is
// spent and the caller must stop.
func (b *ratBudget) charge(x, y *big.Rat) bool {
	if b.err != nil {
		return false
	}
	wx, wy := words(x), words(y)
	b.left -= wx*wy + wx + wy
	if b.left < 0 {
		b.err = fmt.Errorf("too large for exact rational elimination: more than %d word operations (the numbers' digits grow during elimination)", MaxExactWork)
		return false
	}
	return true
}
