package site

import (
	"html/template"
	"io/fs"
	"strings"

	"paperlab/generator/layout"
)

// notFoundData is what the 404 page gets. A static host serves 404.html
// for any missing address, at any depth, so relative links on it would
// break. With a base URL its links start from the base path; without one
// the page is self-contained: styles inline, no links.
func (s *site) notFoundData(labs []*LabView) PageData {
	d := PageData{SiteTitle: s.siteTitle(), Title: "Page not found", Root: s.basePath(), Kind: layout.NotFound, Labs: labs}
	if d.Root == "" {
		d.SelfContained = true
		if css, err := fs.ReadFile(s.fsys, "layouts/static/style.css"); err == nil {
			d.InlineStyle = template.CSS(selfContainedCSS(string(css)))
		}
	}
	return d
}

// selfContainedCSS drops what a stylesheet inlined into a page served at
// an unknown address could not load: @font-face and @import rules, and
// declarations whose url() is not a data: URL or a #fragment.
func selfContainedCSS(css string) string {
	var b strings.Builder
	for len(css) > 0 {
		i := strings.IndexAny(css, "@u/")
		if i < 0 {
			b.WriteString(css)
			break
		}
		b.WriteString(css[:i])
		css = css[i:]
		switch {
		case strings.HasPrefix(css, "/*"):
			end := strings.Index(css[2:], "*/")
			if end < 0 {
				return b.String()
			}
			b.WriteString(css[:end+4])
			css = css[end+4:]
		case hasPrefixFold(css, "@font-face"):
			css = skipBlock(css)
		case hasPrefixFold(css, "@import"):
			if end := strings.IndexByte(css, ';'); end >= 0 {
				css = css[end+1:]
			} else {
				css = ""
			}
		case hasPrefixFold(css, "url("):
			arg := strings.TrimLeft(css[4:], " \t\n'\"")
			if hasPrefixFold(arg, "data:") || strings.HasPrefix(arg, "#") {
				b.WriteString(css[:4])
				css = css[4:]
				continue
			}
			// Drop the whole declaration: back to its start in b, on to its end in css.
			out := b.String()
			start := strings.LastIndexAny(out, "{;") + 1
			b.Reset()
			b.WriteString(out[:start])
			end := strings.IndexAny(css, ";}")
			switch {
			case end < 0:
				css = ""
			case css[end] == ';':
				css = css[end+1:]
			default:
				css = css[end:]
			}
		default:
			b.WriteByte(css[0])
			css = css[1:]
		}
	}
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// skipBlock drops css up to the end of the brace block it starts.
func skipBlock(css string) string {
	depth := 0
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return css[i+1:]
			}
		}
	}
	return ""
}
