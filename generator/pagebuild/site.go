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
// implements it; a page reads it only through a Reader, which records
// every input it reads by name, so that an input cannot be read without
// being recorded.
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

// SourceInput names the whole source of the page at path.
func SourceInput(path string) string { return "src:" + path }

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

// Reader reads the Site for one output and records in Deps each input it
// reads.
type Reader struct {
	Site Site
	Deps *Deps
}

// Title is Site.Title.
func (r Reader) Title() string {
	r.Deps.Add(InputHome)
	return r.Site.Title()
}

// Canonical is Site.Canonical.
func (r Reader) Canonical(url string) string {
	r.Deps.Add(InputConfig)
	return r.Site.Canonical(url)
}

// Lab is Site.Lab.
func (r Reader) Lab(slug string) (Lab, bool) {
	r.Deps.Add("lab:" + slug)
	return r.Site.Lab(slug)
}

// NextOf is Site.NextOf.
func (r Reader) NextOf(slug string) []Lab {
	r.Deps.Add("next:" + slug)
	return r.Site.NextOf(slug)
}

// Neighbours is Site.Neighbours.
func (r Reader) Neighbours(path string) (prev, next *Lab) {
	r.Deps.Add("order:" + path)
	return r.Site.Neighbours(path)
}

// Scope is Site.Scope.
func (r Reader) Scope(slug string) *directive.Scope {
	r.Deps.Add("scope:" + slug)
	return r.Site.Scope(slug)
}

// PageURL is Site.PageURL.
func (r Reader) PageURL(src string) (string, bool) {
	r.Deps.Add(InputPages)
	r.Deps.Add(InputHome)
	return r.Site.PageURL(src)
}

// Draft is Site.Draft.
func (r Reader) Draft(src string) bool {
	r.Deps.Add(InputPages)
	return r.Site.Draft(src)
}

// NearPage is Site.NearPage.
func (r Reader) NearPage(src string) string {
	r.Deps.Add(InputPages)
	return r.Site.NearPage(src)
}

// Asset is Site.Asset.
func (r Reader) Asset(src string) (string, bool) {
	r.Deps.Add(InputPages)
	return r.Site.Asset(src)
}

// Static is Site.Static.
func (r Reader) Static(name string) bool {
	r.Deps.Add(InputPages)
	return r.Site.Static(name)
}

// References is Site.References.
func (r Reader) References() *cite.Library {
	r.Deps.Add(InputRefs)
	return r.Site.References()
}
