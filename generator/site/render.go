package site

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
)

// PageData is what every template receives.
type PageData struct {
	SiteTitle   string
	Title       string // the page's own title
	Description string
	// Root is the relative path from the page to the site root, ending in
	// "/" ("./" on the home page, "../../" on a lab).
	Root      string
	Canonical string
	Kind      string
	Lab       *LabView
	Labs      []*LabView
	Keyword   string
	Keywords  []KeywordView
	Body      template.HTML
	TOC       []markdown.Heading
	// Prev and Next are the labs before and after a lab in reading order.
	Prev, Next *LabView
	// SelfContained is set on the 404 page of a site built without a base
	// URL: it may be served at any depth below any folder, so it links to
	// nothing and carries its styles inline in InlineStyle.
	SelfContained bool
	InlineStyle   template.CSS
}

// LabView is a lab as templates show it.
type LabView struct {
	Title    string
	Summary  string
	URL      string // from the site root, e.g. "labs/attention/"
	Paper    *page.Paper
	Modified time.Time
	Keywords []KeywordView
	After    []*LabView
	Order    int
}

// KeywordView is a keyword with its page.
type KeywordView struct {
	Name  string
	URL   string // from the site root, e.g. "keywords/attention/"
	Count int
}

// rootFor is the relative path from a page URL to the site root.
func rootFor(pageURL string) string {
	depth := strings.Count(pageURL, "/")
	if depth == 0 {
		return "./"
	}
	return strings.Repeat("../", depth)
}

// keywordSlug turns a keyword into a URL segment: "Paper Reading" →
// "paper-reading".
func keywordSlug(k string) string {
	if slug := page.Slugify(k); slug != "" {
		return slug
	}
	return "keyword"
}

func (s *site) siteTitle() string {
	if s.home != nil && s.home.Title != "" {
		return s.home.Title
	}
	return "Paper Labs"
}

func (s *site) canonical(pageURL string) string {
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/" + pageURL
}

// labView is lab p as templates show it; d records the labs it names.
func (s *site) labView(p *sitePage, d *depSet) *LabView {
	v := &LabView{Title: p.Title, Summary: p.Summary, URL: p.URL, Paper: p.Paper, Modified: p.Modified, Order: p.Order + 1}
	seen := map[string]bool{}
	for _, k := range p.Keywords {
		slug := keywordSlug(k)
		if seen[slug] {
			continue
		}
		seen[slug] = true
		v.Keywords = append(v.Keywords, KeywordView{Name: k, URL: "keywords/" + slug + "/"})
	}
	read := s.reader(d)
	for _, a := range p.After {
		if l, ok := read.Lab(a); ok {
			v.After = append(v.After, &LabView{Title: l.Title, URL: l.URL})
		}
	}
	return v
}

// renderPage turns one content page into its HTML file, or nil on error.
func (s *site) renderPage(p *sitePage, tmpl *layout.Set, list *diag.List) (out []byte) {
	pr := s.prepare(p)
	list.Merge(*pr.list)
	pr.renderList = &diag.List{}
	if p.Title == "" || pr.failed {
		return nil // front matter errors or the internal error are already reported
	}
	defer func() {
		if v := recover(); v != nil {
			list.Add(internalError(p.Path, v))
			out = nil
		}
	}()
	if s.cfg.faultAt != nil {
		s.cfg.faultAt("render", p.Path)
	}
	body, err := pr.doc.Render()
	if err != nil {
		pr.errorAt(0, "rendering Markdown: %v", err)
	}
	pr.checkBuiltBody(body)
	list.Merge(*pr.renderList)
	d := pr.deps
	d.add(depLayouts)
	data := PageData{
		SiteTitle:   pr.read.Title(),
		Title:       p.Title,
		Description: p.Summary,
		Root:        rootFor(p.URL),
		Canonical:   pr.read.Canonical(p.URL),
		Kind:        p.Kind,
		Lab:         s.labView(p, d),
		Body:        template.HTML(body),
		TOC:         markdown.TOC(pr.doc.Headings()),
	}
	if prev, next := pr.read.Neighbours(p.Path); p.Kind == layout.Lab {
		if prev != nil {
			data.Prev = &LabView{Title: prev.Title, URL: prev.URL}
		}
		if next != nil {
			data.Next = &LabView{Title: next.Title, URL: next.URL}
		}
	}
	built, err := tmpl.Render(p.Kind, data)
	if err != nil {
		list.Add(diagFromError(err))
		return nil
	}
	return built
}

// neighbours returns the labs before and after lab p in reading order
// (nil at either end, and for other pages).
func (s *site) neighbours(p *sitePage) (prev, next *sitePage) {
	if p.Kind != layout.Lab || p.Order >= len(s.pages) || s.pages[p.Order] != p {
		return nil, nil
	}
	if i := p.Order - 1; i >= 0 && s.pages[i].Kind == layout.Lab {
		prev = s.pages[i]
	}
	if i := p.Order + 1; i < len(s.pages) && s.pages[i].Kind == layout.Lab {
		next = s.pages[i]
	}
	return prev, next
}

// pageState is one page's parsed document and evaluated directives,
// prepared once per loaded page and shared with the labs that import from
// it.
type pageState struct {
	once sync.Once
	pr   *pageRenderer
}

// stateKey identifies a prepared page: its parsed source and those of the
// labs it imports from, so that an edit to one of those prepares it again.
type stateKey struct {
	page *page.Page
	deps string
}

// prepare parses a page and evaluates its directives, once per parsed
// page. Labs listed in "after" that come earlier in reading order are
// prepared as the page imports from them (see imports).
func (s *site) prepare(p *sitePage) *pageRenderer {
	k := stateKey{page: p.Page}
	for _, slug := range p.After {
		if dep, ok := s.labs[slug]; ok {
			k.deps += fmt.Sprintf("%p,", dep.Page)
		}
	}
	s.statesMu.Lock()
	st := s.states[k]
	if st == nil {
		st = &pageState{}
		s.states[k] = st
	}
	s.statesMu.Unlock()
	st.once.Do(func() {
		defer func() {
			if v := recover(); v != nil {
				st.pr = s.failedRenderer(p, v)
			}
		}()
		st.pr = s.newPageRenderer(p)
	})
	return st.pr
}

// pageRenderer holds what one page's Markdown rendering needs.
type pageRenderer struct {
	site *site
	page *sitePage
	doc  *markdown.Document
	eqs  equations
	dirs *directiveState
	// cites holds the page's citations and bibliography.
	cites *citeState
	// list collects problems found while preparing; renderList those found
	// while rendering (a page imported by others is prepared once but its
	// diagnostics are reported with the page itself).
	list       *diag.List
	renderList *diag.List
	// unsafe counts the safety problems checkSafety reported.
	unsafe int
	// failed marks a page whose preparation panicked (see failedRenderer).
	failed bool
	// deps records the inputs the page read (see deps.go), through read.
	deps *depSet
	read pagebuild.Reader
	// digestOnce makes digest, that of dirs.scope, once (see scopeDigest).
	digestOnce sync.Once
	digest     key
}

// scopeDigest returns the digest of the page's directive scope, which the
// labs importing from it depend on; it is made once, for the page's own
// group and for every importer.
func (r *pageRenderer) scopeDigest() key {
	r.digestOnce.Do(func() { r.digest = r.dirs.scope.Digest() })
	return r.digest
}

func (s *site) newPageRenderer(p *sitePage) *pageRenderer {
	if s.cfg.faultAt != nil {
		s.cfg.faultAt("prepare", p.Path)
	}
	r := &pageRenderer{site: s, page: p, list: &diag.List{}, deps: newDepSet()}
	r.read = s.reader(r.deps)
	r.deps.add("src:" + p.Path)
	r.deps.add(depConfig)
	imports := r.imports()
	hooks := &markdown.Hooks{Math: r.renderMath, Role: r.renderRole, Directive: r.renderDirective, Highlighter: s.highlighter}
	r.doc = markdown.Parse(p.Body, hooks)
	if p.Kind == layout.Lab {
		r.insertDependencyMap(r.doc)
		r.doc.NumberSections()
	}
	r.doc.Links(r.rewriteLink)
	r.rewriteAssetRefs(r.doc)
	r.numberEquations(r.doc)
	r.evaluateDirectives(r.doc, imports)
	r.evaluateNums(r.doc)
	r.linkReproduction()
	r.prepareCitations()
	r.warnHandTyped(r.doc)
	r.checkSafety(r.doc)
	r.rewriteRawHTMLRefs(r.doc)
	r.renderList = &diag.List{}
	return r
}

// imports returns the scopes of the labs a lab imports from: those it
// names in "after" that come earlier in reading order. Whether it imports,
// and from where, depends on the labs in "after" (recorded as read); what
// it imports on their scopes. The home page is not in reading order and
// imports nothing.
func (r *pageRenderer) imports() map[string]*directive.Scope {
	imports := map[string]*directive.Scope{}
	if r.page.Kind == layout.Home {
		return imports
	}
	for _, slug := range r.page.After {
		if l, ok := r.read.Lab(slug); ok && l.Order < r.page.Order && r.page.Kind == layout.Lab {
			imports[slug] = r.read.Scope(slug)
		}
	}
	return imports
}

// release drops what only rendering the page itself needs (its syntax tree
// and what points into it), keeping the directive scope other labs import
// and the recorded inputs.
//
// Labs importing from the page read r.dirs.scope, and only that, perhaps
// at the same time: release writes no field they read.
func (r *pageRenderer) release() {
	r.doc = nil
	r.eqs = equations{}
	r.cites = nil
	r.dirs.byNode = nil
	r.dirs.nums = nil
}

func (r *pageRenderer) errorAt(bodyOffset int, format string, args ...any) {
	r.add(r.page.At(bodyOffset, diag.Error, format, args...))
}

// spanAt records an error for the body bytes start..end, which the printed
// source line underlines.
func (r *pageRenderer) spanAt(start, end int, format string, args ...any) {
	b := r.page.BodyOffset
	r.add(r.page.Source.Span(b+start, b+end, diag.Error, format, args...))
}

// add records a diagnostic of the page, with those found while preparing
// or while rendering (see list and renderList).
func (r *pageRenderer) add(d diag.Diagnostic) {
	l := r.list
	if r.renderList != nil {
		l = r.renderList
	}
	l.Add(d)
}

// renderRole writes an inline role such as {eq}`eq:attention`.
func (r *pageRenderer) renderRole(w util.BufWriter, role *markdown.Role) {
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

// rewriteLink turns a link to another page's Markdown source into that
// page's URL, keeping the fragment; a link to a missing .md file is an error.
func (r *pageRenderer) rewriteLink(l *ast.Link) {
	dest := string(l.Destination)
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return
	}
	target := path.Join(path.Dir(r.page.Path), u.Path)
	if strings.HasPrefix(u.Path, "/") {
		target = path.Join("content", u.Path)
	}
	targetURL, ok := r.read.PageURL(target)
	if !ok {
		why := "no such page"
		if r.read.Draft(target) {
			why = "it is a draft (build with --drafts to include it)"
		} else if meant := r.read.NearPage(target); meant != "" {
			why += fmt.Sprintf(" (did you mean %s?)", path.Join(path.Dir(u.Path), meant))
		}
		r.errorAt(l.Pos(), "link to %s: %s", dest, why)
		return
	}
	out := rootFor(r.page.URL) + targetURL
	if target == r.page.Path && r.page.Kind != layout.Home {
		out = "" // the page itself
	}
	if u.Fragment != "" {
		out += "#" + u.Fragment
	}
	if out == "" {
		out = "./"
	}
	l.Destination = []byte(out)
}

// nearPage returns the file name of a page in the folder of target whose
// name is a near miss of target's, or "".
func (s *site) nearPage(target string) string {
	dir := path.Dir(target)
	var names []string
	for src := range s.bySrc {
		if path.Dir(src) == dir {
			names = append(names, path.Base(src))
		}
	}
	return diag.Suggest(path.Base(target), names)
}

// renderIndexes writes the home page, one page per keyword and 404.html.
//
// The index pages read every page's front matter and place, the whole home
// page, the templates and the configuration; d records these, and the
// inputs the home page's Markdown reads.
func (s *site) renderIndexes(tmpl *layout.Set, files map[string][]byte, list *diag.List, d *depSet) {
	for _, n := range []string{depPages, depLabs, depHomeSrc, depHome, depLayouts, depConfig} {
		d.add(n)
	}
	var labs []*LabView
	byKeyword := map[string][]*LabView{}
	names := map[string]string{}
	for _, p := range s.pages {
		if p.Kind != "lab" || p.Title == "" {
			continue
		}
		v := s.labView(p, d)
		labs = append(labs, v)
		for _, k := range v.Keywords {
			slug := path.Base(strings.TrimSuffix(k.URL, "/"))
			byKeyword[slug] = append(byKeyword[slug], v)
			if _, ok := names[slug]; !ok {
				names[slug] = k.Name
			}
		}
	}
	var keywords []KeywordView
	for slug, ls := range byKeyword {
		keywords = append(keywords, KeywordView{Name: names[slug], URL: "keywords/" + slug + "/", Count: len(ls)})
	}
	sort.Slice(keywords, func(i, j int) bool { return keywords[i].URL < keywords[j].URL })

	home := PageData{SiteTitle: s.siteTitle(), Title: s.siteTitle(), Root: "./", Canonical: s.canonical(""), Kind: layout.Home, Labs: labs, Keywords: keywords}
	if s.home != nil {
		home.Description = s.home.Summary
		home.Body = s.renderHomeBody(list, d)
	}
	s.execute(tmpl, layout.Home, "index.html", home, files, list)
	for _, k := range keywords {
		slug := path.Base(strings.TrimSuffix(k.URL, "/"))
		data := PageData{SiteTitle: s.siteTitle(), Title: "Keyword: " + k.Name, Root: rootFor(k.URL), Canonical: s.canonical(k.URL), Kind: layout.Keyword, Keyword: k.Name, Labs: byKeyword[slug], Keywords: keywords}
		s.execute(tmpl, layout.Keyword, k.URL+"index.html", data, files, list)
	}
	s.renderMap(tmpl, files, list)
	s.renderSiteIndexes(tmpl, labs, keywords, files, list)
	s.writeFeeds(files, labs, keywords, byKeyword)
	s.execute(tmpl, layout.NotFound, "404.html", s.notFoundData(labs), files, list)
}

func (s *site) execute(tmpl *layout.Set, kind, out string, data PageData, files map[string][]byte, list *diag.List) {
	b, err := tmpl.Render(kind, data)
	if err != nil {
		list.Add(diagFromError(err))
		return
	}
	files[out] = b
}

// basePath is the path part of the base URL, ending in "/", or "" when
// the site has no base URL.
func (s *site) basePath() string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// renderHomeBody renders content/_index.md's Markdown for the home page; a
// panic is an internal error of that file.
func (s *site) renderHomeBody(list *diag.List, d *depSet) (out template.HTML) {
	defer func() {
		if v := recover(); v != nil {
			list.Add(internalError(s.home.Path, v))
			out = ""
		}
	}()
	pr := s.newPageRenderer(&sitePage{Page: s.home, Kind: layout.Home, URL: ""})
	defer d.Merge(pr.deps.Deps)
	body, err := pr.doc.Render()
	if err != nil {
		pr.errorAt(0, "rendering Markdown: %v", err)
	}
	pr.checkBuiltBody(body)
	list.Merge(*pr.list)
	list.Merge(*pr.renderList)
	return template.HTML(body)
}
