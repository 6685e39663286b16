package site

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"paperlab/compute"
	"paperlab/generator/digest"
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
	return &inputHashes{s: s, m: make(map[string]key, 2*len(s.pages)), layouts: layouts, scope: scope}
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

// hashConfig adds what of a build's configuration changes its pages, with
// the versions of the pipeline and the engine.
func hashConfig(w *digest.Hasher, c Config) *digest.Hasher {
	return w.Str(pipelineVersion).Str(compute.EngineVersion).Str(c.BaseURL).Str(fmt.Sprint(c.Drafts, c.Strict, c.MaxPageSize))
}

// hashPage adds page p's front matter with its path, URL, kind and place;
// nil hashes as missing.
func hashPage(w *digest.Hasher, p *sitePage) *digest.Hasher {
	if p == nil {
		return w.Str("\x00missing")
	}
	return w.Str(p.Path).Str(p.URL).Str(p.Kind).Int(p.Order).Bytes(p.Source.Text[:p.BodyOffset])
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
	w := &digest.Hasher{}
	w.Str(name)
	kind, arg, _ := strings.Cut(name, ":")
	switch kind {
	case "src", "fm":
		p := s.sourceOf(arg)
		switch {
		case p == nil:
			w.Str("\x00missing")
		case kind == "src":
			w.Bytes(p.Source.Text)
		default:
			w.Bytes(p.Source.Text[:p.BodyOffset])
		}
	case "lab":
		hashPage(w, s.labs[arg])
	case "scope":
		if l := s.labs[arg]; l == nil {
			w.Str("\x00missing")
		} else {
			k := h.scope(l)
			w.Bytes(k[:])
		}
	case "next":
		for _, l := range s.next[arg] {
			hashPage(w, l)
		}
	case "order":
		p := s.bySrc[arg]
		hashPage(w, p)
		if p != nil {
			prev, next := s.neighbours(p)
			hashPage(hashPage(w, prev), next)
		}
	case depPages:
		for _, p := range s.pages {
			w.Str(p.Path).Str(p.URL).Str(p.Kind)
		}
		for _, d := range slices.Sorted(maps.Keys(s.drafts)) {
			w.Str("draft").Str(d)
		}
		for _, a := range s.files.Assets {
			w.Str("asset").Str(a)
		}
		for _, a := range s.files.Static {
			w.Str("static").Str(a)
		}
	case depHome, depHomeSrc:
		if s.home == nil {
			w.Str("\x00missing")
		} else if kind == depHome {
			w.Bytes(s.home.Source.Text[:s.home.BodyOffset])
		} else {
			w.Bytes(s.home.Source.Text)
		}
	case depLabs:
		for _, p := range s.pages {
			if p.Kind == "lab" {
				hashPage(w, p)
			}
		}
	case depRefs:
		w.Bytes(s.refsSource)
	case depLayouts:
		w.Bytes(h.layouts[:])
	case depConfig:
		hashConfig(w, s.cfg)
	default:
		w.Str("\x00unknown")
	}
	return w.Sum()
}
