package compute

import (
	"errors"
	"fmt"
)

// Mask says which keys each query may attend to. The zero Mask lets every
// query see every key.
type Mask struct {
	causal bool
	allow  [][]bool
}

// CausalMask lets query i see keys j <= i.
func CausalMask() Mask { return Mask{causal: true} }

// MatrixMask lets query i see key j when allow[i][j] is true. Its shape
// must be n×m for n queries and m keys.
func MatrixMask(allow [][]bool) (Mask, error) {
	if len(allow) == 0 || len(allow[0]) == 0 {
		return Mask{}, errors.New("empty mask")
	}
	for i, r := range allow {
		if len(r) != len(allow[0]) {
			return Mask{}, fmt.Errorf("ragged mask: row %d has %d entries, row 0 has %d", i, len(r), len(allow[0]))
		}
	}
	return Mask{allow: allow}, nil
}

// IsSet reports whether m masks anything out.
func (m Mask) IsSet() bool { return m.causal || m.allow != nil }

// check reports a mask that does not fit n queries and m keys.
func (m Mask) check(n, keys int) error {
	if m.allow == nil {
		return nil
	}
	if len(m.allow) != n || len(m.allow[0]) != keys {
		return fmt.Errorf("mask is %d×%d, want %d×%d (queries × keys)", len(m.allow), len(m.allow[0]), n, keys)
	}
	return nil
}

// visible reports whether query i may attend to key j.
func (m Mask) visible(i, j int) bool {
	switch {
	case m.causal:
		return j <= i
	case m.allow != nil:
		return m.allow[i][j]
	}
	return true
}

// firstBlindRow returns a query that sees no key, or -1.
func (m Mask) firstBlindRow(n, keys int) int {
	for i := range n {
		seen := false
		for j := 0; j < keys && !seen; j++ {
			seen = m.visible(i, j)
		}
		if !seen {
			return i
		}
	}
	return -1
}
