package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"paperlab/generator/layout"
)

// NormalizeBaseURL checks a base URL given on the command line and returns
// it ending in "/". It must be an absolute http(s) URL with a host
// ("https://user.github.io/labs/") or a path from the host root
// ("/labs/"); empty means none (the site works from any folder but has no
// canonical links, sitemap or feed).
func NormalizeBaseURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("base URL %q: %v", s, err)
	}
	switch {
	case u.RawQuery != "" || u.Fragment != "" || strings.Contains(s, "#") || strings.Contains(s, "?"):
		return "", fmt.Errorf("base URL %q: expected no query or fragment", s)
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(s, "//"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil:
	default:
		return "", fmt.Errorf("base URL %q: expected an absolute http(s) URL such as https://user.github.io/labs/ or a path such as /labs/", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// absolute reports whether the site has an absolute base URL, which
// canonical links, Open Graph meta, the sitemap, the feed and robots.txt
// need.
func (s *site) absolute() bool { return s.canonical("") != "" }

// writeFeeds adds sitemap.xml, feed.xml and robots.txt to files when the
// base URL is absolute.
func (s *site) writeFeeds(files map[string][]byte, labs []*LabView, keywords []KeywordView, byKeyword map[string][]*LabView) {
	if !s.absolute() {
		return
	}
	newest := func(ls []*LabView) time.Time {
		var t time.Time
		for _, l := range ls {
			if l.Modified.After(t) {
				t = l.Modified
			}
		}
		return t
	}
	entries := []sitemapEntry{{url: "", modified: newest(labs)}, {url: mapURL, modified: newest(labs)}}
	for _, p := range s.pages {
		entries = append(entries, sitemapEntry{url: p.URL, modified: p.Modified})
	}
	for _, k := range keywords {
		slug := path.Base(strings.TrimSuffix(k.URL, "/"))
		entries = append(entries, sitemapEntry{url: k.URL, modified: newest(byKeyword[slug])})
	}
	for _, kind := range layout.OptionalKinds { // /labs/ and /keywords/, when built
		if _, ok := files[kind+"/index.html"]; ok {
			entries = append(entries, sitemapEntry{url: kind + "/", modified: newest(labs)})
		}
	}
	files["sitemap.xml"] = s.sitemap(entries)
	files["feed.xml"] = s.atomFeed(labs)
	files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.canonical("sitemap.xml") + "\n")
}

// atomFeed is an Atom 1.0 feed (RFC 4287) of the labs, newest modified
// first. Each entry's authors are the lab's "authors", else the site's
// (those of content/_index.md, else the site title). Labs without a modified date take the newest date of the site,
// so that the feed stays valid and the output deterministic.
func (s *site) atomFeed(labs []*LabView) []byte {
	var updated time.Time
	for _, l := range labs {
		if l.Modified.After(updated) {
			updated = l.Modified
		}
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	date := func(l *LabView) time.Time {
		if l.Modified.IsZero() {
			return updated
		}
		return l.Modified
	}
	sorted := append([]*LabView(nil), labs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := date(sorted[i]), date(sorted[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return sorted[i].URL < sorted[j].URL
	})
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	var b bytes.Buffer
	text := func(tag, s string) {
		b.WriteString("<" + tag + ">")
		xml.EscapeText(&b, []byte(s))
		b.WriteString("</" + tag + ">")
	}
	attr := func(s string) string {
		var a bytes.Buffer
		xml.EscapeText(&a, []byte(s))
		return a.String()
	}
	siteAuthors := []string{s.siteTitle()}
	if s.home != nil && len(s.home.Authors) > 0 {
		siteAuthors = s.home.Authors
	}
	authors := func(names []string) {
		for _, n := range names {
			b.WriteString("<author>")
			text("name", n)
			b.WriteString("</author>\n")
		}
	}
	byURL := map[string][]string{}
	for _, p := range s.pages {
		byURL[p.URL] = p.Authors
	}
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	text("title", s.siteTitle())
	b.WriteString("\n")
	if s.home != nil && s.home.Summary != "" {
		text("subtitle", s.home.Summary)
		b.WriteString("\n")
	}
	b.WriteString(`<link rel="self" type="application/atom+xml" href="` + attr(s.canonical("feed.xml")) + `"/>` + "\n")
	b.WriteString(`<link rel="alternate" type="text/html" href="` + attr(s.canonical("")) + `"/>` + "\n")
	text("id", s.canonical(""))
	b.WriteString("\n")
	text("updated", stamp(updated))
	b.WriteString("\n")
	authors(siteAuthors)
	b.WriteString("<generator>paperlab</generator>\n")
	for _, l := range sorted {
		b.WriteString("<entry>\n")
		text("title", l.Title)
		b.WriteString("\n")
		b.WriteString(`<link rel="alternate" type="text/html" href="` + attr(s.canonical(l.URL)) + `"/>` + "\n")
		text("id", s.canonical(l.URL))
		b.WriteString("\n")
		text("updated", stamp(date(l)))
		b.WriteString("\n")
		if l.Summary != "" {
			text("summary", l.Summary)
			b.WriteString("\n")
		}
		if a := byURL[l.URL]; len(a) > 0 {
			authors(a)
		} else {
			authors(siteAuthors)
		}
		for _, k := range l.Keywords {
			b.WriteString(`<category term="` + attr(k.Name) + `"/>` + "\n")
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}
