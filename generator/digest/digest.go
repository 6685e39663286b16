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

// Hasher collects the parts of one digest. Parts are gathered in a
// fixed buffer and the buffer goes into the running hash each time it
// fills (a large part, such as a page's source, straight from where it
// is), so hashing allocates nothing but the hash state, and that only
// for digests longer than the buffer. The zero Hasher is ready to use.
type Hasher struct {
	n   int
	buf [128]byte
	h   hash.Hash
}

// flush puts the buffer into the running hash.
func (w *Hasher) flush() {
	if w.h == nil {
		w.h = sha256.New()
	}
	w.h.Write(w.buf[:w.n])
	w.n = 0
}

// add appends the bytes of part (a string or a byte slice).
func add[T string | []byte](w *Hasher, part T) {
	for len(part) > 0 {
		if w.n == len(w.buf) {
			w.flush()
		}
		c := copy(w.buf[w.n:], part)
		w.n += c
		part = part[c:]
	}
}

// length appends a part's length (or an integer).
func (w *Hasher) length(n uint64) {
	if w.n+8 > len(w.buf) {
		w.flush()
	}
	binary.LittleEndian.PutUint64(w.buf[w.n:], n)
	w.n += 8
}

// Str adds a string.
func (w *Hasher) Str(s string) *Hasher {
	w.length(uint64(len(s)))
	add(w, s)
	return w
}

// Bytes adds a byte slice; a large one is hashed where it is.
func (w *Hasher) Bytes(b []byte) *Hasher {
	w.length(uint64(len(b)))
	if len(b) < len(w.buf) {
		add(w, b)
		return w
	}
	w.flush()
	w.h.Write(b)
	return w
}

// Int adds an integer.
func (w *Hasher) Int(n int) *Hasher {
	w.length(uint64(n))
	return w
}

// Sum returns the digest of the parts added so far.
func (w *Hasher) Sum() Key {
	if w.h == nil {
		return sha256.Sum256(w.buf[:w.n])
	}
	w.flush()
	var k Key
	w.h.Sum(k[:0])
	return k
}
