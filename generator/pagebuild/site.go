package pagebuild

import (
	"maps"
	"slices"
	"sync"

	"paperlab/generator/cite"
	"paperlab/generator/directive"
)

// Site is the rest of the site as one page reads it: the other labs, the
// set of pages and files, the bibliography, the configuration. The site
// implements it; pagebuild reads it only through a reader, which records
// every input it reads by name in the page's Deps, so that an input cannot
// be read without being recorded.
//
// The name each method is recorded under is given with it. The site hashes
// the input of each name (generator/site's deps.go) and renders a page
// again only when one of them changed; its manifest stores the names, so
// they must not change.
type Site interface {
	// Title is the site title ("home": the home page's front matter).
	Title() string
	// Canonical is the absolute URL of the page at url, "" when the base
	// URL is not absolute ("config").
	Canonical(url string) string
	// Lab returns the lab with slug ("lab:SLUG").
	Lab(slug string) (Lab, bool)
	// NextOf returns the labs that name slug in "after", in reading order
	// ("next:SLUG").
	NextOf(slug string) []Lab
	// Neighbours returns the labs before and after the page with source
	// path in reading order: nil at either end, and for a page that is not
	// a lab ("order:PATH").
	Neighbours(path string) (prev, next *Lab)
	// Scope returns the evaluated directive scope of the lab with slug,
	// which a lab later in reading order imports ("scope:SLUG").
	Scope(slug string) *directive.Scope
	// PageURL returns the URL of the page whose source is src, "" for the
	// home page ("pages" and "home").
	PageURL(src string) (url string, ok bool)
	// Draft reports whether src is a draft left out of the build
	// ("pages").
	Draft(src string) bool
	// NearPage returns the file name of a page in the folder of src whose
	// name is a near miss of src's, or "" ("pages").
	NearPage(src string) string
	// Asset returns the output path of the content file src (not a page)
	// when the site copies it ("pages").
	Asset(src string) (out string, ok bool)
	// Static reports whether the site root holds the file name from
	// layouts/static (or the generated highlight.css) ("pages").
	Static(name string) bool
	// References returns the site's bibliography (content/references.yaml),
	// nil when there is none ("refs").
	References() *cite.Library
}

// Lab is another lab as a page shows it: in its dependency map, its
// previous and next links, its "after" list.
type Lab struct {
	Title   string
	Summary string
	URL     string // from the site root, e.g. "labs/attention/"
	Order   int    // the lab's place in reading order
}

// Names of the inputs a page reads besides the other labs (see Site).
const (
	InputPages   = "pages"   // the set of pages, drafts, content and static files
	InputHome    = "home"    // the home page's front matter (the site title)
	InputRefs    = "refs"    // content/references.yaml
	InputLayouts = "layouts" // the templates
	InputConfig  = "config"  // the build configuration and the engine's version
)

// sourceInput names the whole source of the page at path, which every page
// reads, with the configuration.
func sourceInput(path string) string { return "src:" + path }

// Deps is the set of input names one output read. It is safe for
// concurrent use: a page prepared once is read by the labs importing it.
type Deps struct {
	mu    sync.Mutex
	names map[string]struct{}
}

// NewDeps returns an empty set.
func NewDeps() *Deps { return &Deps{names: map[string]struct{}{}} }

// Add records that name was read.
func (d *Deps) Add(name string) {
	d.mu.Lock()
	d.names[name] = struct{}{}
	d.mu.Unlock()
}

// Merge adds every name of o.
func (d *Deps) Merge(o *Deps) {
	if o == nil || o == d {
		return
	}
	o.mu.Lock()
	names := slices.Collect(maps.Keys(o.names))
	o.mu.Unlock()
	d.mu.Lock()
	for _, n := range names {
		d.names[n] = struct{}{}
	}
	d.mu.Unlock()
}

// Names returns the names, sorted.
func (d *Deps) Names() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Sorted(maps.Keys(d.names))
}

// reader reads the Site for one output and records in deps each input it
// reads: the methods are the Site's.
type reader struct {
	site Site
	deps *Deps
}

func (r reader) Title() string {
	r.deps.Add(InputHome)
	return r.site.Title()
}

func (r reader) Canonical(url string) string {
	r.deps.Add(InputConfig)
	return r.site.Canonical(url)
}

func (r reader) Lab(slug string) (Lab, bool) {
	r.deps.Add("lab:" + slug)
	return r.site.Lab(slug)
}

func (r reader) NextOf(slug string) []Lab {
	r.deps.Add("next:" + slug)
	return r.site.NextOf(slug)
}

func (r reader) Neighbours(path string) (prev, next *Lab) {
	r.deps.Add("order:" + path)
	return r.site.Neighbours(path)
}

func (r reader) Scope(slug string) *directive.Scope {
	r.deps.Add("scope:" + slug)
	return r.site.Scope(slug)
}

func (r reader) PageURL(src string) (string, bool) {
	r.deps.Add(InputPages)
	r.deps.Add(InputHome)
	return r.site.PageURL(src)
}

func (r reader) Draft(src string) bool {
	r.deps.Add(InputPages)
	return r.site.Draft(src)
}

func (r reader) NearPage(src string) string {
	r.deps.Add(InputPages)
	return r.site.NearPage(src)
}

func (r reader) Asset(src string) (string, bool) {
	r.deps.Add(InputPages)
	return r.site.Asset(src)
}

func (r reader) Static(name string) bool {
	r.deps.Add(InputPages)
	return r.site.Static(name)
}

func (r reader) References() *cite.Library {
	r.deps.Add(InputRefs)
	return r.site.References()
}
