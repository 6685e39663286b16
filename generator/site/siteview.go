package site

import (
	"paperlab/generator/cite"
	"paperlab/generator/directive"
	"paperlab/generator/pagebuild"
)

// siteView is the site as its pages read it: package pagebuild reads it,
// recording the name of each input it reads (see pagebuild.Site).
type siteView struct{ s *site }

var _ pagebuild.Site = siteView{}

func labOf(p *sitePage) pagebuild.Lab {
	return pagebuild.Lab{Title: p.Title, Summary: p.Summary, URL: p.URL, Order: p.Order}
}

func (v siteView) Title() string { return v.s.siteTitle() }

func (v siteView) Canonical(url string) string { return v.s.canonical(url) }

func (v siteView) Lab(slug string) (pagebuild.Lab, bool) {
	l, ok := v.s.labs[slug]
	if !ok {
		return pagebuild.Lab{}, false
	}
	return labOf(l), true
}

func (v siteView) NextOf(slug string) []pagebuild.Lab {
	var out []pagebuild.Lab
	for _, l := range v.s.next[slug] {
		out = append(out, labOf(l))
	}
	return out
}

func (v siteView) Neighbours(path string) (prev, next *pagebuild.Lab) {
	p := v.s.bySrc[path]
	if p == nil {
		return nil, nil
	}
	pp, np := v.s.neighbours(p)
	if pp != nil {
		l := labOf(pp)
		prev = &l
	}
	if np != nil {
		l := labOf(np)
		next = &l
	}
	return prev, next
}

func (v siteView) Scope(slug string) *directive.Scope {
	l, ok := v.s.labs[slug]
	if !ok {
		return nil
	}
	return v.s.prepare(l).page.Scope()
}

func (v siteView) PageURL(src string) (string, bool) {
	if p, ok := v.s.bySrc[src]; ok {
		return p.URL, true
	}
	if src == homeSource && v.s.home != nil {
		return "", true // the home page
	}
	return "", false
}

func (v siteView) Draft(src string) bool { return v.s.drafts[src] }

func (v siteView) NearPage(src string) string { return v.s.nearPage(src) }

func (v siteView) Asset(src string) (string, bool) {
	if v.s.assets[src] == nil {
		return "", false
	}
	return assetOut(src), true
}

func (v siteView) Static(name string) bool { return v.s.isStatic(name) }

func (v siteView) References() *cite.Library { return v.s.refs }
