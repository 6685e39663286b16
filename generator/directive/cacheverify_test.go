package directive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// tamper rewrites every cache entry under dir with edit applied to its
// payload and a recomputed checksum, as someone editing the cache would.
func tamper(t *testing.T, dir string, edit func(r *Result)) {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		var e cacheEntry
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		var r Result
		if err := json.Unmarshal(e.Payload, &r); err != nil {
			t.Fatal(err)
		}
		edit(&r)
		e.Payload, _ = json.Marshal(&r)
		sum := sha256.Sum256(e.Payload)
		e.Sum = hex.EncodeToString(sum[:])
		out, _ := json.Marshal(e)
		n++
		return os.WriteFile(p, out, 0o644)
	})
	if n == 0 {
		t.Fatal("no cache entry to tamper with")
	}
}

// TestTamperedCacheEntryIsRecomputed: an entry whose numbers were edited
// and whose checksum was recomputed is caught by the float64 re-check (4
// places) or by certifying again (20 places, finer than float64 can
// tell), recomputed, and the result is the engine's.
func TestTamperedCacheEntryIsRecomputed(t *testing.T) {
	for _, c := range []struct {
		digits int
		edit   func(s string) string
	}{
		{4, func(s string) string { return "0.9999" }},
		{4, func(s string) string { return s[:len(s)-1] + string("01"[(s[len(s)-1]-'0'+1)%2]) }},
		{20, func(s string) string { return s[:len(s)-1] + string("23"[(s[len(s)-1]-'0'+1)%2]) }},
	} {
		dir := t.TempDir()
		r := &Runner{Cache: &Cache{Dir: dir}}
		spec, errs := Parse("softmax", "s", []byte("x: [0, 1, 2]\n"))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		spec.Digits = c.digits
		want, errs := r.Evaluate(spec, NewScope(nil), nil, nil)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		wantY := append([]string(nil), want.Decimals[c.digits]["y"].Values...)
		tamper(t, dir, func(res *Result) {
			d := res.Decimals[c.digits]["y"]
			d.Values[1] = c.edit(d.Values[1])
			res.Decimals[c.digits]["y"] = d
		})
		calls := r.EngineCalls()
		got, errs := r.Evaluate(spec, NewScope(nil), nil, nil)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if r.EngineCalls() != calls+1 {
			t.Errorf("%d places: the tampered entry was used (no engine run)", c.digits)
		}
		if g := got.Decimals[c.digits]["y"].Values; g[1] != wantY[1] {
			t.Errorf("%d places: y[1] = %s, want %s", c.digits, g[1], wantY[1])
		}
		// The rewritten entry is sound and used again.
		calls = r.EngineCalls()
		if _, errs := r.Evaluate(spec, NewScope(nil), nil, nil); len(errs) > 0 || r.EngineCalls() != calls {
			t.Errorf("%d places: the recomputed entry was not reused", c.digits)
		}
	}
}

// TestTamperedFloatFieldIsRecomputed: the float64 fields must equal a
// fresh run bit for bit.
func TestTamperedFloatFieldIsRecomputed(t *testing.T) {
	dir := t.TempDir()
	r := &Runner{Cache: &Cache{Dir: dir}}
	spec, _ := Parse("softmax", "s", []byte("x: [0, 1]\n"))
	if _, errs := r.Evaluate(spec, NewScope(nil), nil, nil); len(errs) > 0 {
		t.Fatal(errs)
	}
	tamper(t, dir, func(res *Result) { res.Fields["y"].Values[0] += 1e-12 })
	calls := r.EngineCalls()
	r.Evaluate(spec, NewScope(nil), nil, nil)
	if r.EngineCalls() != calls+1 {
		t.Error("an entry with an edited float64 field was used")
	}
}
