package linkcheck

import (
	"bytes"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs lists, per element, the attributes that hold one URL.
var urlAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "link": {"href"}, "img": {"src"}, "source": {"src"},
	"script": {"src"}, "iframe": {"src"}, "video": {"src", "poster"}, "audio": {"src"},
	"track": {"src"}, "embed": {"src"}, "object": {"data"}, "input": {"src"},
	"use": {"href", "xlink:href"}, "image": {"href", "xlink:href"}, "form": {"action"},
}

// navTags are the elements whose links a reader follows to another page.
var navTags = map[string]bool{"a": true, "area": true, "iframe": true}

// parseHTML collects the ids and references of one HTML file.
func parseHTML(name string, src []byte) *doc {
	d := &doc{path: name, ids: map[string]bool{}}
	lines := newLines(src)
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	inStyle := false
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			return d
		case html.TextToken:
			if inStyle {
				d.refs = append(d.refs, cssRefs(string(raw), lines, start)...)
			}
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, more := z.TagName()
			tag := string(tn)
			attrs := map[string]string{}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			inStyle = tag == "style" && tt == html.StartTagToken
			line, col := lines.at(start)
			if id, ok := attrs["id"]; ok && id != "" {
				d.ids[id] = true
			}
			if n, ok := attrs["name"]; ok && tag == "a" && n != "" {
				d.ids[n] = true
			}
			if tag == "base" && attrs["href"] != "" {
				d.base = attrs["href"]
			}
			for _, a := range urlAttrs[tag] {
				if v, ok := attrs[a]; ok {
					r := ref{raw: v, line: line, col: col, tag: tag, attr: a, nav: navTags[tag]}
					r.canonical = tag == "link" && hasToken(attrs["rel"], "canonical")
					d.refs = append(d.refs, r)
				}
			}
			if v, ok := attrs["srcset"]; ok && (tag == "img" || tag == "source") {
				for _, u := range srcset(v) {
					d.refs = append(d.refs, ref{raw: u, line: line, col: col, tag: tag, attr: "srcset"})
				}
			}
			if tag == "meta" {
				switch attrs["property"] {
				case "og:url", "og:image":
					d.refs = append(d.refs, ref{raw: attrs["content"], line: line, col: col, tag: "meta", attr: attrs["property"]})
				}
				if strings.EqualFold(attrs["http-equiv"], "refresh") {
					if _, u, ok := strings.Cut(attrs["content"], "="); ok {
						d.refs = append(d.refs, ref{raw: strings.Trim(u, `'" `), line: line, col: col, tag: "meta", attr: "refresh", nav: true})
					}
				}
			}
			if v, ok := attrs["style"]; ok {
				for _, r := range cssRefs(v, lines, start) {
					r.line, r.col = line, col
					d.refs = append(d.refs, r)
				}
			}
		}
	}
}

// canonical is the href of the page's <link rel="canonical">, or "".
func (d *doc) canonical() string {
	for _, r := range d.refs {
		if r.tag == "link" && r.canonical {
			return r.raw
		}
	}
	return ""
}

// hasToken reports whether a space-separated list such as rel holds tok.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// srcset splits an srcset attribute into its URLs.
func srcset(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		f := strings.Fields(part)
		if len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// cssRefs finds url(...) and @import "..." references in CSS text that
// starts at byte offset start of a file.
func cssRefs(css string, lines lineIndex, start int) []ref {
	var refs []ref
	lower := strings.ToLower(css)
	for i := 0; i < len(css); {
		j := strings.Index(lower[i:], "url(")
		k := strings.Index(lower[i:], "@import")
		if j < 0 && k < 0 {
			break
		}
		if j < 0 || (k >= 0 && k < j) {
			at := i + k
			rest := strings.TrimLeft(css[at+len("@import"):], " \t\n")
			if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
				if end := strings.IndexByte(rest[1:], rest[0]); end >= 0 {
					line, col := lines.at(start + at)
					refs = append(refs, ref{raw: rest[1 : end+1], line: line, col: col, tag: "css", attr: "@import"})
				}
			}
			i = at + len("@import")
			continue
		}
		at := i + j
		rest := css[at+4:]
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			break
		}
		u := strings.Trim(strings.TrimSpace(rest[:end]), `'"`)
		if !strings.HasPrefix(u, "#") {
			line, col := lines.at(start + at)
			refs = append(refs, ref{raw: u, line: line, col: col, tag: "css", attr: "url()"})
		}
		i = at + 4 + end
	}
	return refs
}

// lineIndex turns byte offsets into 1-based lines and columns.
type lineIndex []int // offsets of line starts

func newLines(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) at(off int) (line, col int) {
	i := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - l[i] + 1
}
