// Package htmlsafe decides whether HTML and URLs written in a page are fit
// for a built page, which carries no JavaScript and makes no request to
// another host. It judges what a browser would see: HTML is read as the
// HTML5 tokenizer (golang.org/x/net/html) reads it, attribute values
// after entity decoding, URLs after the normalisation browsers apply (tabs
// and newlines removed, leading and trailing spaces and control
// characters trimmed, the scheme compared in lower case), CSS after its
// escapes are decoded and its comments removed.
package htmlsafe

import (
	"fmt"
	"html"
	"strings"
)

// URLKind is how a page uses a URL.
type URLKind int

const (
	// Link is a URL the reader may follow (a href, form action, cite):
	// http, https, mailto, tel or a relative URL.
	Link URLKind = iota
	// Resource is a URL the browser fetches by itself while showing the
	// page (img src, link href, CSS url()): only a relative URL on the
	// same site, or a data:image/… URL for images.
	Resource
	// Frame is a URL loaded as a document (iframe src, object data,
	// embed src): only a relative URL on the same site.
	Frame
)

// normalize returns u as a browser reads it before looking at its scheme:
// entities already decoded by the caller, ASCII tab and newline removed
// anywhere, C0 controls and spaces trimmed at both ends.
func normalize(u string) string {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	return strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
}

// scheme returns the lower-case scheme of a normalized URL, or "".
func scheme(u string) string {
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return ""
	}
	for j, c := range u[:i] {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !(letter || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return strings.ToLower(u[:i])
}

// URLProblem says why the URL u (attribute text with its entities already
// decoded, or a Markdown destination) may not appear as kind, or returns
// "" when it may.
func URLProblem(u string, kind URLKind) string {
	n := normalize(u)
	s := scheme(n)
	switch s {
	case "javascript", "livescript":
		return fmt.Sprintf("%s: URL would run JavaScript; paperlab pages carry no scripts", s)
	case "vbscript":
		return "vbscript: URL would run a script; paperlab pages carry no scripts"
	case "data":
		mediaType := strings.ToLower(strings.TrimSpace(n[len("data:"):]))
		if kind == Resource && strings.HasPrefix(mediaType, "image/") && !strings.HasPrefix(mediaType, "image/svg") {
			return ""
		}
		return "data: URL is not allowed here (it could hold a page with scripts); link to a file of the site instead"
	case "":
		if strings.HasPrefix(n, "//") || strings.HasPrefix(n, `\\`) || strings.HasPrefix(n, `/\`) || strings.HasPrefix(n, `\/`) {
			if kind == Link {
				return ""
			}
			return "URL on another host: built pages load nothing from another host (copy the file into the site)"
		}
		return ""
	case "http", "https":
		if kind == Link {
			return ""
		}
		return "URL on another host: built pages load nothing from another host (copy the file into the site)"
	case "mailto", "tel":
		if kind == Link {
			return ""
		}
	}
	if kind == Link {
		return fmt.Sprintf("%s: URL is not allowed (expected http, https, mailto, tel or a relative link)", s)
	}
	return fmt.Sprintf("%s: URL is not allowed here (expected a relative URL on this site)", s)
}

// quoteURL shortens a URL for a message.
func quoteURL(u string) string {
	if len(u) > 60 {
		u = u[:57] + "..."
	}
	return fmt.Sprintf("%q", u)
}

// LinkProblem checks a Markdown link, image or autolink destination. The
// destination is decoded like an attribute first (goldmark keeps some
// entities), so "&#106;avascript:" is seen as "javascript:".
func LinkProblem(dest string, image bool) string {
	kind := Link
	if image {
		kind = Resource
	}
	if p := URLProblem(html.UnescapeString(dest), kind); p != "" {
		return fmt.Sprintf("%s %s: %s", map[bool]string{false: "link to", true: "image"}[image], quoteURL(dest), p)
	}
	return ""
}
