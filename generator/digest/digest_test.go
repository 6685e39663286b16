package digest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

// TestPartsDoNotRunTogether checks that moving bytes between neighbouring
// parts changes the digest, and that a large part (hashed in place)
// gives the digest of the same parts gathered in one buffer.
func TestPartsDoNotRunTogether(t *testing.T) {
	a := (&Hasher{}).Str("ab").Str("c").Sum()
	b := (&Hasher{}).Str("a").Str("bc").Sum()
	if a == b {
		t.Error(`"ab"+"c" and "a"+"bc" have the same digest`)
	}
	if (&Hasher{}).Int(1).Sum() == (&Hasher{}).Str("").Int(1).Sum() {
		t.Error("an empty part adds nothing to the digest")
	}
	big := bytes.Repeat([]byte("x"), 5000)
	var want []byte
	for _, p := range [][]byte{[]byte("head"), big, []byte("tail")} {
		want = binary.LittleEndian.AppendUint64(want, uint64(len(p)))
		want = append(want, p...)
	}
	if got := (&Hasher{}).Str("head").Bytes(big).Bytes([]byte("tail")).Sum(); got != sha256.Sum256(want) {
		t.Error("a large part hashed in place differs from the parts in one buffer")
	}
}

// TestBufferBoundaries checks that parts of every length around the
// buffer's size, in any mix, give the digest of the length-prefixed
// parts in one piece.
func TestBufferBoundaries(t *testing.T) {
	b := len(Hasher{}.buf)
	for _, sizes := range [][]int{{0}, {b - 9, 1}, {b - 8}, {b - 7}, {b - 1, b - 1}, {b}, {b + 1, 7}, {1, 2*b + 6, 2}, {4 * b, 0, b + 88}} {
		w := &Hasher{}
		var want []byte
		for i, n := range sizes {
			part := bytes.Repeat([]byte{byte('a' + i)}, n)
			want = binary.LittleEndian.AppendUint64(want, uint64(n))
			want = append(want, part...)
			if i%2 == 0 {
				w.Str(string(part))
			} else {
				w.Bytes(part)
			}
		}
		want = binary.LittleEndian.AppendUint64(want, 42)
		if got := w.Int(42).Sum(); got != sha256.Sum256(want) {
			t.Errorf("parts of sizes %v: digest differs from the parts in one buffer", sizes)
		}
	}
}
