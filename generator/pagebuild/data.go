package pagebuild

import (
	"html/template"
	"strings"
	"time"

	"paperlab/generator/digest"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
)

// PageData is what every template receives: a content page's (see
// Prepared.Render), and the site's index pages'.
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
	// layouts renders the page's lab cards and its table of contents
	// (see Card, TOCList and WithLayouts).
	layouts *layout.Set
	// toc holds the table of contents once TOCList rendered it.
	toc *tocList
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
	// cardKey is viewKey of the view, for Card, and cardFree says that
	// none of its strings holds layout.RootStandIn (set by NewLabView).
	cardKey  digest.Key
	cardFree bool
}

// KeywordView is a keyword with its page.
type KeywordView struct {
	Name  string
	URL   string // from the site root, e.g. "keywords/attention/"
	Count int
}

// RootFor is the relative path from a page URL to the site root.
func RootFor(pageURL string) string {
	depth := strings.Count(pageURL, "/")
	if depth == 0 {
		return "./"
	}
	return strings.Repeat("../", depth)
}

// KeywordSlug turns a keyword into a URL segment: "Paper Reading" →
// "paper-reading".
func KeywordSlug(k string) string {
	if slug := page.Slugify(k); slug != "" {
		return slug
	}
	return "keyword"
}

// NewLabView is lab p as templates show it; the labs it names in "after"
// are read from site and recorded in deps.
func NewLabView(p Page, site Site, deps *Deps) *LabView {
	v := newLabView(p, reader{site: site, deps: deps})
	v.cardKey, v.cardFree = viewKeyFree(v) // for the list pages' cards (see Card)
	return v
}

func newLabView(p Page, read reader) *LabView {
	v := &LabView{Title: p.Title, Summary: p.Summary, URL: p.URL, Paper: p.Paper, Modified: p.Modified, Order: p.Order + 1}
	seen := map[string]bool{}
	for _, k := range p.Keywords {
		slug := KeywordSlug(k)
		if seen[slug] {
			continue
		}
		seen[slug] = true
		v.Keywords = append(v.Keywords, KeywordView{Name: k, URL: "keywords/" + slug + "/"})
	}
	for _, a := range p.After {
		if l, ok := read.Lab(a); ok {
			v.After = append(v.After, &LabView{Title: l.Title, URL: l.URL})
		}
	}
	return v
}
