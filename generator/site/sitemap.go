package site

import (
	"bytes"
	"encoding/xml"
	"time"
)

// sitemapEntry is one page of the sitemap: its URL from the site root and,
// when known, when it was last modified.
type sitemapEntry struct {
	url      string
	modified time.Time
}

// sitemap lists every page of the site with its absolute URL, for search
// engines. It is written only when the base URL is absolute.
func (s *site) sitemap(entries []sitemapEntry) []byte {
	if s.canonical("") == "" {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, e := range entries {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(s.canonical(e.url)))
		b.WriteString("</loc>")
		if !e.modified.IsZero() {
			b.WriteString("<lastmod>" + e.modified.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}
