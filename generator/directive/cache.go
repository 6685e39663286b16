package directive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
)

// Cache keeps directive results on disk, one JSON file per key. An entry
// carries a checksum of its payload; an entry that is unreadable, corrupt
// or stored under another key is ignored and recomputed, never trusted.
type Cache struct {
	Dir string
}

type cacheEntry struct {
	Key     string          `json:"key"`
	Sum     string          `json:"sha256"`
	Payload json.RawMessage `json:"payload"`
}

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key[:2], key+".json") }

// Load returns the result stored under key, if a sound entry exists.
func (c *Cache) Load(key string) (*Result, bool) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	var e cacheEntry
	if err := json.Unmarshal(b, &e); err != nil || e.Key != key {
		return nil, false
	}
	sum := sha256.Sum256(e.Payload)
	if hex.EncodeToString(sum[:]) != e.Sum {
		return nil, false
	}
	var r Result
	dec := json.NewDecoder(bytes.NewReader(e.Payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil || !r.sound() {
		return nil, false
	}
	return &r, true
}

// sound checks that a decoded result has every part rendering needs.
func (r *Result) sound() bool {
	if r.Fields == nil || r.Decimals == nil || len(r.Order) == 0 {
		return false
	}
	for _, f := range r.Order {
		t, ok := r.Fields[f]
		if !ok || len(t.Values) != size(t.Shape) {
			return false
		}
		for _, ds := range r.Decimals {
			d, ok := ds[f]
			if !ok || len(d.Values) != len(t.Values) {
				return false
			}
		}
	}
	return true
}

func size(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

// Store writes a result under key. Failures are ignored: the cache only
// saves time.
func (c *Cache) Store(key string, r *Result) {
	payload, err := json.Marshal(r)
	if err != nil {
		return
	}
	sum := sha256.Sum256(payload)
	b, err := json.Marshal(cacheEntry{Key: key, Sum: hex.EncodeToString(sum[:]), Payload: payload})
	if err != nil {
		return
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}
