// Package digest hashes a sequence of parts with SHA-256, each part
// length-prefixed so that neighbours cannot run together ("ab"+"c" and
// "a"+"bc" hash apart): the keys of a build's inputs and of the partials
// it renders once.
package digest

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Key is a digest.
type Key = [sha256.Size]byte

// Hasher collects the parts of one digest. Small parts are gathered in a
// buffer; a large one (a page's source) goes straight into the running
// hash instead of being copied. The zero Hasher is ready to use.
type Hasher struct {
	buf []byte
	h   hash.Hash
}

// Str adds a string.
func (w *Hasher) Str(s string) *Hasher {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
	return w
}

// Bytes adds a byte slice.
func (w *Hasher) Bytes(b []byte) *Hasher {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(len(b)))
	if len(b) < 512 {
		w.buf = append(w.buf, b...)
		return w
	}
	if w.h == nil {
		w.h = sha256.New()
	}
	w.h.Write(w.buf)
	w.h.Write(b)
	w.buf = w.buf[:0]
	return w
}

// Int adds an integer.
func (w *Hasher) Int(n int) *Hasher {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(n))
	return w
}

// Sum returns the digest of the parts added.
func (w *Hasher) Sum() Key {
	if w.h == nil {
		return sha256.Sum256(w.buf)
	}
	w.h.Write(w.buf)
	var k Key
	w.h.Sum(k[:0])
	return k
}
