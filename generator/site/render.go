package site

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"paperlab/generator/diag"
	"paperlab/generator/layout"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
)

// The template data of every page (package pagebuild renders the content
// pages with it; the index pages are rendered here).
type (
	PageData    = pagebuild.PageData
	LabView     = pagebuild.LabView
	KeywordView = pagebuild.KeywordView
)

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
	return pagebuild.NewLabView(buildPage(p), siteView{s}, d.Deps)
}

// buildPage is p as package pagebuild builds it.
func buildPage(p *sitePage) pagebuild.Page {
	return pagebuild.Page{Page: p.Page, Kind: p.Kind, URL: p.URL, Order: p.Order}
}

// renderPageFiles renders a page and the files that go with it, by output
// path: index.html, and for a lab with directives reproduce.py and
// reproduce.ipynb. It returns nil when the page failed; a panic is an
// internal error of the page. With bufs (nil for fresh memory) the HTML
// is bufs' memory, valid until the next page renders into them (see
// pagebuild.Buffers).
func (s *site) renderPageFiles(p *sitePage, tmpl *layout.Set, list *diag.List, bufs *pagebuild.Buffers) (files map[string][]byte) {
	pr := s.prepare(p)
	addDiags(list, pr.page.Diagnostics())
	defer func() {
		if v := recover(); v != nil {
			list.Add(internalError(p.Path, v))
			files = nil
		}
	}()
	if s.cfg.faultAt != nil {
		s.cfg.faultAt("render", p.Path)
	}
	out := pr.page.RenderWith(tmpl, bufs)
	addDiags(list, out.Diagnostics)
	if out.HTML == nil {
		return nil
	}
	files = map[string][]byte{p.OutPath: out.HTML}
	for name, data := range out.Reproduction {
		files[path.Join(path.Dir(p.OutPath), name)] = data
	}
	return files
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
	done atomic.Bool // pr is set
}

// stateKey identifies a prepared page: its parsed source and those of the
// labs it imports from, so that an edit to one of those prepares it again.
type stateKey struct {
	page *page.Page
	deps string
}

// prepare parses a page and evaluates its directives, once per parsed
// page (see pagebuild.Prepare). The labs it imports from are prepared as
// it reads their scopes (siteView.Scope).
func (s *site) prepare(p *sitePage) *pageRenderer {
	k := s.stateKey(p)
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
	st.done.Store(true)
	return st.pr
}

// stateKey is the key of page p's prepared state.
func (s *site) stateKey(p *sitePage) stateKey {
	k := stateKey{page: p.Page}
	for _, slug := range p.After {
		if dep, ok := s.labs[slug]; ok {
			k.deps += fmt.Sprintf("%p,", dep.Page)
		}
	}
	return k
}

// prepared returns page p as prepare prepared it, or nil when no page
// has prepared it (yet): a lab that its importers read nothing of is not
// prepared for them.
func (s *site) prepared(p *sitePage) *pageRenderer {
	s.statesMu.Lock()
	st := s.states[s.stateKey(p)]
	s.statesMu.Unlock()
	if st == nil || !st.done.Load() {
		return nil
	}
	return st.pr
}

// pageRenderer is one page as package pagebuild prepared it.
type pageRenderer struct {
	page *pagebuild.Prepared
	// deps are the inputs the page read (pagebuild records them).
	deps *depSet
}

func (s *site) newPageRenderer(p *sitePage) *pageRenderer {
	if s.cfg.faultAt != nil {
		s.cfg.faultAt("prepare", p.Path)
	}
	opts := pagebuild.Options{Runner: s.runner, Highlighter: s.highlighter, Markdown: s.markdown, Formulas: s.formulas, Cancelled: s.cancelled}
	return newPageRenderer(pagebuild.Prepare(buildPage(p), siteView{s}, opts))
}

func newPageRenderer(pp *pagebuild.Prepared) *pageRenderer {
	return &pageRenderer{page: pp, deps: &depSet{pp.Deps()}}
}

// scopeDigest returns the digest of the page's directive scope, which the
// labs importing from it depend on; it is made once, for the page's own
// group and for every importer.
func (r *pageRenderer) scopeDigest() key { return r.page.ScopeDigest() }

// release drops what only rendering the page itself needs, keeping the
// directive scope other labs import and the recorded inputs (see
// pagebuild.Prepared.Release).
func (r *pageRenderer) release() { r.page.Release() }

// dropScope drops the page's directive scope, keeping its digest when
// keepDigest is set (see pagebuild.Prepared.DropScope).
func (r *pageRenderer) dropScope(keepDigest bool) { r.page.DropScope(keepDigest) }

// importedLabs are the labs page p imports names from: those its "after"
// lists that come before it in reading order (p being a lab), as
// pagebuild.Prepare reads them.
func (s *site) importedLabs(p *sitePage) []*sitePage {
	if p.Kind != layout.Lab {
		return nil
	}
	var deps []*sitePage
	for _, slug := range p.After {
		if dep, ok := s.labs[slug]; ok && dep.Order < p.Order {
			deps = append(deps, dep)
		}
	}
	return deps
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
//
// flush, when not nil, is called with files after each of the large pages
// (the home page, each keyword page, the site indexes) is added to it, to
// take the pages it can out of memory.
func (s *site) renderIndexes(tmpl *layout.Set, files map[string][]byte, list *diag.List, d *depSet, flush func(map[string][]byte)) {
	if flush == nil {
		flush = func(map[string][]byte) {}
	}
	for _, n := range []string{depPages, depLabs, depHomeSrc, depHome, depLayouts, depConfig} {
		d.add(n)
	}
	tmpl.NextGeneration()
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
	flush(files)
	for _, k := range keywords {
		slug := path.Base(strings.TrimSuffix(k.URL, "/"))
		data := PageData{SiteTitle: s.siteTitle(), Title: "Keyword: " + k.Name, Root: pagebuild.RootFor(k.URL), Canonical: s.canonical(k.URL), Kind: layout.Keyword, Keyword: k.Name, Labs: byKeyword[slug], Keywords: keywords}
		s.execute(tmpl, layout.Keyword, k.URL+"index.html", data, files, list)
		flush(files)
	}
	s.renderMap(tmpl, files, list)
	s.renderSiteIndexes(tmpl, labs, keywords, files, list)
	s.writeFeeds(files, labs, keywords, byKeyword) // reads which site indexes are in files
	flush(files)
	s.execute(tmpl, layout.NotFound, "404.html", s.notFoundData(labs), files, list)
}

func (s *site) execute(tmpl *layout.Set, kind, out string, data PageData, files map[string][]byte, list *diag.List) {
	b, err := tmpl.Render(kind, pagebuild.WithLayouts(data, tmpl))
	if err != nil {
		list.Add(layout.Diagnostic(err))
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
	body, diags := pr.page.RenderBody()
	addDiags(list, pr.page.Diagnostics())
	addDiags(list, diags)
	return body
}
