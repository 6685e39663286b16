package site

import (
	"bytes"
	"encoding/xml"
)

// sitemap lists every page of the site with its absolute URL, for search
// engines. It is written only when the base URL is absolute.
func (s *site) sitemap(urls []string) []byte {
	if s.canonical("") == "" {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(s.canonical(u)))
		b.WriteString("</loc>")
		if p := s.bySrc[s.srcOfURL(u)]; p != nil && !p.Modified.IsZero() {
			b.WriteString("<lastmod>" + p.Modified.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// srcOfURL finds the source path of the content page at a URL, or "".
func (s *site) srcOfURL(u string) string {
	for src, p := range s.bySrc {
		if p.URL == u {
			return src
		}
	}
	return ""
}
