package site

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"maps"
	"slices"
	"strings"
	"sync"

	"paperlab/compute"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
)

// A page's output is made from inputs it reads as it renders: its own
// source, the front matter of the labs it links to or imports from, the
// set of pages, the templates. Package pagebuild records each input by
// name as the page reads it (every read of the rest of the site goes
// through pagebuild.Site, which siteView implements), the index pages
// record theirs here, and a later build reuses an output only when every
// recorded input still hashes the same. Nothing is listed by hand: what a
// page does not read through pagebuild.Site is not an input it can read.
//
// The names, and what inputHash hashes for each:
//
//	src:PATH    the whole source of page PATH (content/…)
//	fm:PATH     its front matter
//	lab:SLUG    which lab has SLUG: its path, URL, place and front matter
//	scope:SLUG  the values lab SLUG's directives computed (its
//	            directive.Scope's digest): an importing page depends on
//	            these, not on the imported lab's prose
//	next:SLUG   the labs that name SLUG in "after", with their front matter
//	order:PATH  the page's place in reading order and its neighbours'
//	            front matter (previous/next links)
//	pages       the set of pages, drafts, content files and static files
//	home        the home page's front matter (the site title)
//	homesrc     the whole home page
//	labs        every lab's path, place and front matter (index pages)
//	refs        content/references.yaml
//	layouts     every template under layouts/ (but static/)
//	config      the build configuration and the engine's version
const (
	depPages   = pagebuild.InputPages
	depHome    = pagebuild.InputHome
	depHomeSrc = "homesrc"
	depLabs    = "labs"
	depRefs    = pagebuild.InputRefs
	depLayouts = pagebuild.InputLayouts
	depConfig  = pagebuild.InputConfig
)

// pipelineVersion changes whenever the build would render the same inputs
// differently, so that a manifest from an older build is not trusted.
const pipelineVersion = "paperlab-pipeline/2"

// depSet is the set of input names one output group read (see
// pagebuild.Deps).
type depSet struct{ *pagebuild.Deps }

func newDepSet() *depSet { return &depSet{pagebuild.NewDeps()} }

// add records that name was read.
func (d *depSet) add(name string) { d.Add(name) }

// list returns the names, sorted.
func (d *depSet) list() []string { return d.Names() }

// inputHashes hashes inputs of one loaded site by name, each once.
type inputHashes struct {
	s  *site
	mu sync.Mutex
	m  map[string]key
	// layouts is the hash of the templates, set when they are loaded.
	layouts key
	// scope returns the digest of a lab's directive scope.
	scope func(*sitePage) key
}

func newInputHashes(s *site, layouts key, scope func(*sitePage) key) *inputHashes {
	return &inputHashes{s: s, m: map[string]key{}, layouts: layouts, scope: scope}
}

// resolve returns the current hash of every name.
func (h *inputHashes) resolve(names []string) map[string]key {
	out := make(map[string]key, len(names))
	for _, n := range names {
		out[n] = h.get(n)
	}
	return out
}

// same reports whether every recorded input still hashes as recorded.
func (h *inputHashes) same(recorded map[string]key) bool {
	for n, k := range recorded {
		if h.get(n) != k {
			return false
		}
	}
	return true
}

// forget drops the hashes of the inputs drop names, to be computed again.
func (h *inputHashes) forget(drop func(name string) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for n := range h.m {
		if drop(n) {
			delete(h.m, n)
		}
	}
}

func (h *inputHashes) get(name string) key {
	h.mu.Lock()
	k, ok := h.m[name]
	h.mu.Unlock()
	if ok {
		return k
	}
	k = h.compute(name)
	h.mu.Lock()
	h.m[name] = k
	h.mu.Unlock()
	return k
}

// hasher collects the parts of one input's hash, each length-prefixed so
// that neighbours cannot run together. Small parts are gathered in buf;
// a large one (a page's source) goes straight into the running hash h
// instead of being copied.
type hasher struct {
	buf []byte
	h   hash.Hash
}

func (w *hasher) str(s string) *hasher {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
	return w
}

func (w *hasher) bytes(b []byte) *hasher {
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

func (w *hasher) int(n int) *hasher {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(n))
	return w
}

func (w *hasher) sum() key {
	if w.h == nil {
		return sha256.Sum256(w.buf)
	}
	w.h.Write(w.buf)
	var k key
	w.h.Sum(k[:0])
	return k
}

// config hashes what of a build's configuration changes its pages, with
// the versions of the pipeline and the engine.
func (w *hasher) config(c Config) *hasher {
	return w.str(pipelineVersion).str(compute.EngineVersion).str(c.BaseURL).str(fmt.Sprint(c.Drafts, c.Strict, c.MaxPageSize))
}

// page hashes page p's front matter with its path, URL, kind and place;
// nil hashes as missing.
func (w *hasher) page(p *sitePage) *hasher {
	if p == nil {
		return w.str("\x00missing")
	}
	return w.str(p.Path).str(p.URL).str(p.Kind).int(p.Order).bytes(p.Source.Text[:p.BodyOffset])
}

// sourceOf returns the loaded page with source path p (the home page
// included), or nil.
func (s *site) sourceOf(p string) *page.Page {
	if sp := s.bySrc[p]; sp != nil {
		return sp.Page
	}
	if p == homeSource {
		return s.home
	}
	return nil
}

func (h *inputHashes) compute(name string) key {
	s := h.s
	w := &hasher{}
	w.str(name)
	kind, arg, _ := strings.Cut(name, ":")
	switch kind {
	case "src", "fm":
		p := s.sourceOf(arg)
		switch {
		case p == nil:
			w.str("\x00missing")
		case kind == "src":
			w.bytes(p.Source.Text)
		default:
			w.bytes(p.Source.Text[:p.BodyOffset])
		}
	case "lab":
		w.page(s.labs[arg])
	case "scope":
		if l := s.labs[arg]; l == nil {
			w.str("\x00missing")
		} else {
			k := h.scope(l)
			w.bytes(k[:])
		}
	case "next":
		for _, l := range s.next[arg] {
			w.page(l)
		}
	case "order":
		p := s.bySrc[arg]
		w.page(p)
		if p != nil {
			prev, next := s.neighbours(p)
			w.page(prev).page(next)
		}
	case depPages:
		for _, p := range s.pages {
			w.str(p.Path).str(p.URL).str(p.Kind)
		}
		for _, d := range slices.Sorted(maps.Keys(s.drafts)) {
			w.str("draft").str(d)
		}
		for _, a := range s.files.Assets {
			w.str("asset").str(a)
		}
		for _, a := range s.files.Static {
			w.str("static").str(a)
		}
	case depHome, depHomeSrc:
		if s.home == nil {
			w.str("\x00missing")
		} else if kind == depHome {
			w.bytes(s.home.Source.Text[:s.home.BodyOffset])
		} else {
			w.bytes(s.home.Source.Text)
		}
	case depLabs:
		for _, p := range s.pages {
			if p.Kind == "lab" {
				w.page(p)
			}
		}
	case depRefs:
		w.bytes(s.refsSource)
	case depLayouts:
		w.bytes(h.layouts[:])
	case depConfig:
		w.config(s.cfg)
	default:
		w.str("\x00unknown")
	}
	return w.sum()
}
