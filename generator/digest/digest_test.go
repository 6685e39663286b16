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
