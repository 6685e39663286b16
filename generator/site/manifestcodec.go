package site

import (
	"encoding/binary"
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
)

// The manifest is written in a compact binary form (the checksum of
// writeSummed guards it): a build of 1,000 labs reads and writes it on
// every rebuild, and as JSON, with hex hashes, it was 1.5 MB that took a
// fifth of a one-lab rebuild to decode, convert and encode again.
//
//	"paperlab-manifest/2\n"
//	str version, str config, str build
//	uvarint count, then that many str: the names table (sorted)
//	uvarint count, then per file (by name):  name, hash, varint size, varint mtime
//	uvarint count, then per page (by path):  name, group
//	group (the index's)
//
// where str is a uvarint length and the bytes, name is a uvarint index
// into the names table (every file name, page path and input name, once:
// the same names recur in most groups), hash is 32 bytes, and a group is:
// uvarint count, then per input (by name) name, hash; hash scope; uvarint
// count, then file names; str diagnostics (JSON, empty for none).
const manifestMagic = "paperlab-manifest/2\n"

// encode returns the manifest in the form above; the same manifest
// always gives the same bytes.
func (m *manifest) encode() ([]byte, error) {
	e := &encoder{b: make([]byte, 0, 64+len(m.Files)*96+len(m.Pages)*512), index: map[string]int{}}
	e.b = append(e.b, manifestMagic...)
	e.str(m.Version)
	e.str(m.Config)
	e.str(m.Build)
	names := map[string]bool{}
	for n := range m.Files {
		names[n] = true
	}
	groupNames := func(g manifestGroup) {
		for n := range g.Deps {
			names[n] = true
		}
		for _, f := range g.Files {
			names[f] = true
		}
	}
	for p, g := range m.Pages {
		names[p] = true
		groupNames(g)
	}
	groupNames(m.Index)
	table := slices.Sorted(maps.Keys(names))
	e.count(len(table))
	for i, n := range table {
		e.str(n)
		e.index[n] = i
	}
	e.count(len(m.Files))
	for _, n := range slices.Sorted(maps.Keys(m.Files)) {
		f := m.Files[n]
		e.name(n)
		e.b = append(e.b, f.Hash[:]...)
		e.b = binary.AppendVarint(e.b, f.Size)
		e.b = binary.AppendVarint(e.b, f.ModTime)
	}
	e.count(len(m.Pages))
	for _, p := range slices.Sorted(maps.Keys(m.Pages)) {
		e.name(p)
		if err := e.group(m.Pages[p]); err != nil {
			return nil, err
		}
	}
	if err := e.group(m.Index); err != nil {
		return nil, err
	}
	return e.b, nil
}

type encoder struct {
	b     []byte
	index map[string]int // the names table
}

func (e *encoder) name(s string) { e.count(e.index[s]) }

func (e *encoder) count(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }

func (e *encoder) str(s string) {
	e.count(len(s))
	e.b = append(e.b, s...)
}

func (e *encoder) group(g manifestGroup) error {
	e.count(len(g.Deps))
	for _, n := range slices.Sorted(maps.Keys(g.Deps)) {
		k := g.Deps[n]
		e.name(n)
		e.b = append(e.b, k[:]...)
	}
	e.b = append(e.b, g.Scope[:]...)
	e.count(len(g.Files))
	for _, f := range g.Files {
		e.name(f)
	}
	var diags []byte
	if len(g.Diags) > 0 {
		var err error
		if diags, err = json.Marshal(g.Diags); err != nil {
			return err
		}
	}
	e.str(string(diags))
	return nil
}

// decodeManifest reads a manifest written by encode, or returns false when
// body is not one (torn, foreign, or from another format).
func decodeManifest(body []byte) (*manifest, bool) {
	d := &decoder{b: body}
	if !d.magic(manifestMagic) {
		return nil, false
	}
	m := &manifest{Version: d.str(), Config: d.str(), Build: d.str()}
	n := d.count()
	d.names = make([]string, 0, n)
	for range n {
		d.names = append(d.names, d.str())
	}
	n = d.count()
	m.Files = make(map[string]manifestFile, n)
	for range n {
		name := d.name()
		f := manifestFile{Hash: d.hash()}
		f.Size, f.ModTime = d.varint(), d.varint()
		if d.bad {
			return nil, false
		}
		m.Files[name] = f
	}
	n = d.count()
	m.Pages = make(map[string]manifestGroup, n)
	for range n {
		p := d.name()
		g, ok := d.group()
		if !ok {
			return nil, false
		}
		m.Pages[p] = g
	}
	g, ok := d.group()
	if !ok || len(d.b) != 0 {
		return nil, false
	}
	m.Index = g
	return m, true
}

// A decoder reads the parts of a manifest from b; bad is set, and every
// later read gives zero values, once b ends too soon or holds nonsense.
type decoder struct {
	b     []byte
	bad   bool
	names []string // the names table
}

func (d *decoder) name() string {
	i, n := binary.Uvarint(d.b)
	if n <= 0 || i >= uint64(len(d.names)) {
		d.bad = true
		d.b = nil
		return ""
	}
	d.b = d.b[n:]
	return d.names[i]
}

func (d *decoder) magic(s string) bool {
	if len(d.b) < len(s) || string(d.b[:len(s)]) != s {
		return false
	}
	d.b = d.b[len(s):]
	return true
}

// count reads a length, which cannot exceed the bytes left (every item
// counted takes at least one).
func (d *decoder) count() int {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > uint64(len(d.b)) {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.count()
	if n > len(d.b) {
		d.bad = true
		d.b = nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) hash() key {
	var k key
	if len(d.b) < len(k) {
		d.bad = true
		d.b = nil
		return k
	}
	copy(k[:], d.b)
	d.b = d.b[len(k):]
	return k
}

func (d *decoder) group() (manifestGroup, bool) {
	n := d.count()
	g := manifestGroup{Deps: make(map[string]key, n)}
	for range n {
		name := d.name()
		g.Deps[name] = d.hash()
	}
	g.Scope = d.hash()
	n = d.count()
	g.Files = make([]string, 0, n)
	for range n {
		f := d.name()
		if !fs.ValidPath(f) {
			d.bad = true
		}
		g.Files = append(g.Files, f)
	}
	if diags := d.str(); diags != "" && json.Unmarshal([]byte(diags), &g.Diags) != nil {
		d.bad = true
	}
	return g, !d.bad
}
