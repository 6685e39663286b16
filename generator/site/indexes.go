package site

import (
	"paperlab/generator/diag"
	"paperlab/generator/layout"
	"paperlab/generator/pagebuild"
)

// renderSiteIndexes writes /labs/ (every lab in reading order, with its
// summary) and /keywords/ (every keyword with the number of labs that use
// it), each when the layouts folder has its template. A content page that
// would take one of those URLs is an error.
func (s *site) renderSiteIndexes(tmpl *layout.Set, labs []*LabView, keywords []KeywordView, files map[string][]byte, list *diag.List) {
	titles := map[string]string{layout.LabIndex: "All labs", layout.KeywordIndex: "All keywords"}
	for _, kind := range layout.OptionalKinds {
		if !tmpl.Has(kind) {
			continue
		}
		url := kind + "/"
		if clash := s.pageAt(url); clash != nil {
			list.Errorf(clash.Path, 1, 1, "this page's URL %s is taken by the generated index of all %s (layouts/%s.html); rename the file", url, kind, kind)
			continue
		}
		data := PageData{SiteTitle: s.siteTitle(), Title: titles[kind], Root: pagebuild.RootFor(url), Canonical: s.canonical(url), Kind: kind, Labs: labs, Keywords: keywords}
		s.execute(tmpl, kind, url+"index.html", data, files, list)
	}
}

// pageAt returns the content page served at url, or nil.
func (s *site) pageAt(url string) *sitePage {
	for _, p := range s.pages {
		if p.URL == url {
			return p
		}
	}
	return nil
}
