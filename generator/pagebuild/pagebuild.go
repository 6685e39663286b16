// Package pagebuild builds one content page: from the page and what it
// reads of the rest of the site, its HTML file, its diagnostics and the
// set of inputs it read.
//
// Building is two steps. Prepare parses the Markdown, transforms the
// goldmark tree (the dependency map, section and equation numbers, links
// to pages and content files, the bibliography) and evaluates what the
// page computes: the scopes of the labs it imports from, its directives,
// and every value it quotes with {num} or \num. Prepared.Render then walks the tree
// with node renderers (the markdown.Hooks for math, roles and directives)
// that use only those evaluated values, never the engine, and fills the
// page's template.
//
// Everything the page reads of the rest of the site goes through the Site
// interface, each read recorded by name in the page's Deps, so that the
// build can tell when the page must be built again. Package site loads,
// orders and lists the pages, implements Site, caches prepared pages and
// writes the output.
package pagebuild

import (
	"crypto/sha256"
	"html"
	"html/template"
	"sync"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
	"paperlab/generator/reproduce"
)

// Page is a page to build, with its place in the site.
type Page struct {
	*page.Page
	// Kind is the layout kind: layout.Lab or layout.Page, or layout.Home
	// for the home page's Markdown (see Prepared.RenderBody).
	Kind string
	// URL is the page's path from the site root, e.g. "labs/attention/".
	URL string
	// Order is the page's place in reading order (labs only).
	Order int
}

// Options are what building pages needs besides the pages and the site.
type Options struct {
	// Runner evaluates directives: preparing a page runs the engine
	// through it, rendering never does.
	Runner *directive.Runner
	// Highlighter colours fenced code; nil means a new one per page.
	Highlighter *markdown.Highlighter
	// Markdown parses and renders the page; nil means a new one per page.
	Markdown *markdown.Converter
	// Formulas remembers the MathML of the formulas directives write,
	// across the pages of a build; nil converts each afresh.
	Formulas *Formulas
	// Cancelled reports whether the build was abandoned: evaluation then
	// stops early, and the prepared page must be thrown away. Nil means
	// never.
	Cancelled func() bool
}

// Prepared is one page parsed, with its tree transformed and its
// directives and quoted values evaluated: everything rendering needs.
// The labs importing from it read its Scope, perhaps at the same time as
// it renders; rendering itself is not safe for concurrent use.
type Prepared struct {
	page Page
	opts Options
	// read is how the page reads the rest of the site; it records every
	// input in deps.
	read reader
	deps *Deps

	doc  *markdown.Document
	eqs  equations
	dirs *directiveState
	// cites holds the page's citations and bibliography.
	cites *citeState
	// list collects problems found while preparing; renderList those found
	// while rendering, afresh each time (a page imported by others is
	// prepared once, and may be rendered more than once).
	list       *diag.List
	renderList *diag.List
	// unsafe counts the safety problems checkSafety reported.
	unsafe int
	// failed marks a page whose preparation failed (see Failed).
	failed bool
	// digestOnce makes digest, that of dirs.scope, once (see ScopeDigest).
	digestOnce sync.Once
	digest     [sha256.Size]byte
}

// Prepare parses page p, transforms its tree and evaluates it, reading the
// rest of the site through site. The steps, in order: the dependency map
// and section numbers (labs), links to other pages and to content files,
// equation numbers, the labs it imports from and its directives, the
// values it quotes, the link to its reproduction files, its citations and
// bibliography, then the checks (hand-typed numbers, safety) and the
// rewriting of references in raw HTML.
func Prepare(p Page, site Site, opts Options) *Prepared {
	r := &Prepared{page: p, opts: opts, list: &diag.List{}, deps: NewDeps()}
	r.read = reader{site: site, deps: r.deps}
	r.deps.Add(sourceInput(p.Path))
	r.deps.Add(InputConfig)
	hooks := &markdown.Hooks{Math: r.renderMath, Role: r.renderRole, Directive: r.renderDirective, Highlighter: opts.Highlighter}
	md := opts.Markdown
	if md == nil {
		md = markdown.NewConverter()
	}
	r.doc = md.Parse(p.Body, hooks)
	if p.Kind == layout.Lab {
		r.insertDependencyMap(r.doc)
		r.doc.NumberSections()
	}
	r.doc.Links(r.rewriteLink)
	r.rewriteAssetRefs(r.doc)
	r.numberEquations(r.doc)
	r.evaluateDirectives(r.doc, r.imports())
	r.evaluateNums(r.doc)
	r.linkReproduction()
	r.prepareCitations()
	r.warnHandTyped(r.doc)
	r.checkSafety(r.doc)
	r.rewriteRawHTMLRefs(r.doc)
	return r
}

// Failed stands for page p when preparing it failed with problem d (an
// internal error): it renders nothing and defines nothing to import.
func Failed(p Page, d diag.Diagnostic) *Prepared {
	r := &Prepared{page: p, list: &diag.List{}, failed: true, deps: NewDeps()}
	r.deps.Add(sourceInput(p.Path))
	r.deps.Add(InputConfig)
	r.list.Add(d)
	r.doc = markdown.Parse(nil, nil)
	r.dirs = &directiveState{byNode: map[*ast.FencedCodeBlock]*evaluated{}, byName: map[string]*evaluated{}, scope: directive.NewScope(nil)}
	return r
}

// imports returns the labs a lab imports from, with the functions that get
// their scopes: those it names in "after" that come earlier in reading
// order. Whether it imports, and from where, depends on the labs in
// "after"; what it imports on their scopes, which are read (and recorded
// as read) only when the page looks a name up in them. The home page is
// not in reading order and imports nothing.
func (r *Prepared) imports() map[string]func() *directive.Scope {
	imports := map[string]func() *directive.Scope{}
	if r.page.Kind == layout.Home {
		return imports
	}
	for _, slug := range r.page.After {
		if l, ok := r.read.Lab(slug); ok && l.Order < r.page.Order && r.page.Kind == layout.Lab {
			imports[slug] = func() *directive.Scope { return r.read.Scope(slug) }
		}
	}
	return imports
}

// Diagnostics returns the problems found while preparing the page.
func (r *Prepared) Diagnostics() []diag.Diagnostic { return r.list.Items() }

// Deps is the set of inputs the page read, preparing and rendering.
func (r *Prepared) Deps() *Deps { return r.deps }

// Scope is the page's directive scope: the values labs importing from it
// read.
func (r *Prepared) Scope() *directive.Scope { return r.dirs.scope }

// ScopeDigest returns the digest of the page's directive scope, which the
// labs importing from it depend on; it is made once.
func (r *Prepared) ScopeDigest() [sha256.Size]byte {
	r.digestOnce.Do(func() {
		if r.dirs.scope == nil {
			panic("pagebuild: ScopeDigest after DropScope(false)")
		}
		r.digest = r.dirs.scope.Digest()
	})
	return r.digest
}

// Release drops what only rendering the page itself needs (its syntax
// tree and what points into it), keeping the directive scope other labs
// import and the recorded inputs.
//
// Labs importing from the page read r.dirs.scope, and only that, perhaps
// at the same time: Release writes no field they read.
func (r *Prepared) Release() {
	r.doc = nil
	r.eqs = equations{}
	r.cites = nil
	r.dirs.byNode = nil
	r.dirs.nums = nil
	r.dirs.byName = nil // each points into the tree, and to its YAML
}

// DropScope drops the page's directive scope, once no page still to be
// prepared or rendered imports from it. With keepDigest its digest stays
// (it is made first, if it was not); without, as in a build that records
// nothing for the next, ScopeDigest may no longer be called (it panics):
// making the digest marshals the whole scope, a fortieth of a cold build.
func (r *Prepared) DropScope(keepDigest bool) {
	if keepDigest {
		r.ScopeDigest()
	}
	r.dirs.scope = nil
}

// Output is a rendered page.
type Output struct {
	// HTML is the page's file, nil when the page failed.
	HTML []byte
	// Reproduction holds the files a lab whose directives evaluated gets
	// beside its page, by name: reproduce.py and reproduce.ipynb.
	Reproduction map[string][]byte
	// Diagnostics are the problems found while rendering (those found
	// while preparing are the Prepared's).
	Diagnostics []diag.Diagnostic
}

// Render renders the page into its HTML file with the templates, and a
// lab with directives into its reproduction files. A page whose front
// matter has errors (no title) or whose preparation failed renders
// nothing. The template data reads the site (the title, the neighbours in
// reading order, the labs in "after"), recorded as read.
func (r *Prepared) Render(tmpl *layout.Set) Output { return r.RenderWith(tmpl, nil) }

// Buffers are the memory a page renders its body and its HTML file into,
// for a caller that renders page after page and is done with each page's
// Output (has written its files) before it renders the next: one
// Buffers per worker spares allocating and clearing two buffers of tens
// of kilobytes for every page. The zero value is ready to use.
type Buffers struct {
	body, page []byte
}

// RenderWith is Render into bufs (nil for fresh memory): the Output's
// HTML is then bufs' memory, which the next RenderWith with the same
// bufs overwrites.
func (r *Prepared) RenderWith(tmpl *layout.Set, bufs *Buffers) Output {
	r.renderList = &diag.List{}
	p := r.page
	if p.Title == "" || r.failed {
		return Output{} // front matter errors or the internal error are already reported
	}
	if bufs == nil {
		bufs = &Buffers{} // no memory yet: both are allocated
	}
	body := r.renderBody(bufs.body)
	bufs.body = body
	r.deps.Add(InputLayouts)
	data := PageData{
		SiteTitle:   r.read.Title(),
		Title:       p.Title,
		Description: p.Summary,
		Root:        RootFor(p.URL),
		Canonical:   r.read.Canonical(p.URL),
		Kind:        p.Kind,
		Lab:         newLabView(p, r.read),
		Body:        bodyHTML(body),
		TOC:         markdown.TOC(r.doc.Headings()),
	}
	if prev, next := r.read.Neighbours(p.Path); p.Kind == layout.Lab {
		if prev != nil {
			data.Prev = &LabView{Title: prev.Title, URL: prev.URL}
		}
		if next != nil {
			data.Next = &LabView{Title: next.Title, URL: next.URL}
		}
	}
	built, err := tmpl.RenderTo(bufs.page, p.Kind, WithLayouts(data, tmpl))
	if built != nil {
		bufs.page = built
	}
	if err != nil {
		r.add(layout.Diagnostic(err))
		return Output{Diagnostics: r.renderList.Items()}
	}
	out := Output{HTML: built}
	if r.reproducible() {
		script, nb, err := reproduce.Files(r.reproducePage())
		if err != nil {
			r.errorAt(0, "writing %s: %v", reproduceNotebook, err)
			return Output{Diagnostics: r.renderList.Items()}
		}
		out.Reproduction = map[string][]byte{reproduceScript: script, reproduceNotebook: nb}
	}
	out.Diagnostics = r.renderList.Items()
	return out
}

// RenderBody renders the page's Markdown alone, with the problems found
// while rendering it: the home page's, which the site's index pages show.
func (r *Prepared) RenderBody() (template.HTML, []diag.Diagnostic) {
	r.renderList = &diag.List{}
	body := r.renderBody(nil)
	return bodyHTML(body), r.renderList.Items()
}

// bodyHTML is the rendered body as template data, sharing its bytes
// instead of copying them (a page's body is a third of its bytes): nothing
// writes to the body's memory while the data is in use (RenderBody's is
// fresh; RenderWith's is reused only for the next page).
func bodyHTML(body []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(body), len(body)))
}

// renderBody renders the body into dst's memory (see Document.RenderTo).
func (r *Prepared) renderBody(dst []byte) []byte {
	body, err := r.doc.RenderTo(dst)
	if err != nil {
		r.errorAt(0, "rendering Markdown: %v", err)
	}
	r.checkBuiltBody(body)
	return body
}

// cancelled reports whether the build was abandoned (see Options).
func (r *Prepared) cancelled() bool { return r.opts.Cancelled != nil && r.opts.Cancelled() }

func (r *Prepared) errorAt(bodyOffset int, format string, args ...any) {
	r.add(r.page.At(bodyOffset, diag.Error, format, args...))
}

// spanAt records an error for the body bytes start..end, which the printed
// source line underlines.
func (r *Prepared) spanAt(start, end int, format string, args ...any) {
	b := r.page.BodyOffset
	r.add(r.page.Source.Span(b+start, b+end, diag.Error, format, args...))
}

// add records a diagnostic of the page, with those found while preparing
// or while rendering (see list and renderList).
func (r *Prepared) add(d diag.Diagnostic) {
	l := r.list
	if r.renderList != nil {
		l = r.renderList
	}
	l.Add(d)
}

// renderRole is the Markdown hook for inline roles such as
// {eq}`eq:attention`.
func (r *Prepared) renderRole(w util.BufWriter, role *markdown.Role) {
	switch role.Name {
	case "eq":
		r.renderEqRole(w, role)
	case "num":
		r.renderNumRole(w, role)
	case "ref":
		r.renderRefRole(w, role)
	case "cite":
		r.renderCiteRole(w, role)
	case "fact":
		r.renderFactRole(w, role)
	default:
		end := role.Offset + len(role.Name) + 2
		if meant := diag.Suggest(role.Name, []string{"cite", "eq", "fact", "num", "ref"}); meant != "" {
			r.spanAt(role.Offset, end, "unknown role {%s} (did you mean {%s}?)", role.Name, meant)
		} else {
			r.spanAt(role.Offset, end, "unknown role {%s} (expected one of {cite}, {eq}, {fact}, {num}, {ref})", role.Name)
		}
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
	}
}
