package markdown

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Heading is one entry of a page's table of contents; Children holds the
// h3 headings under an h2.
type Heading struct {
	Level int
	ID    string
	// Number is the section number ("3", "3.1") when the document's
	// sections are numbered (NumberSections), else "".
	Number string
	Text   string
	// HTML is the heading's content as rendered (emphasis, math, inline
	// values), without links or footnote references, for a table of
	// contents whose entries are links themselves.
	HTML     string
	Children []Heading
}

// TOC nests a flat list of h2 and h3 headings: each h3 goes under the h2
// before it (an h3 before any h2 stays at the top level).
func TOC(flat []Heading) []Heading {
	var out []Heading
	for _, h := range flat {
		if h.Level > 2 && len(out) > 0 && out[len(out)-1].Level == 2 {
			last := &out[len(out)-1]
			last.Children = append(last.Children, h)
			continue
		}
		out = append(out, h)
	}
	return out
}

// assignHeadingIDs gives every heading an id made from its text as read
// (link text without the URL, math as its TeX): lower-case letters and
// digits, words joined by hyphens; a repeated id gets -1, -2, ….
func assignHeadingIDs(root ast.Node, source []byte) {
	used := map[string]int{}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		id := headingID(PlainText(h, source))
		if k, dup := used[id]; dup {
			used[id] = k + 1
			for {
				cand := id + "-" + strconv.Itoa(used[id])
				if _, taken := used[cand]; !taken {
					id = cand
					break
				}
				used[id]++
			}
		}
		used[id] = 0
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}

// headingID turns heading text into an id: "Why *This* Paper" →
// "why-this-paper".
func headingID(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '_':
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// Headings lists the h2 and h3 headings with their ids, in order.
func (d *Document) Headings() []Heading {
	var out []Heading
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			out = append(out, Heading{Level: h.Level, ID: headingAttr(h, "id"), Number: headingAttr(h, sectionNumberAttr), Text: PlainText(h, d.Source), HTML: d.inlineHTML(h)})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

var (
	footnoteRef = regexp.MustCompile(`<sup id="fnref[^"]*">.*?</sup>`)
	linkTag     = regexp.MustCompile(`</?a\b[^>]*>`)
)

// inlineHTML renders the inline content of a node with the document's
// renderer and hooks, then drops footnote references and link tags (their
// text stays).
func (d *Document) inlineHTML(n ast.Node) string {
	var buf renderBuffer // a util.BufWriter: no bufio.Writer per child
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := d.md.Renderer().Render(&buf, d.Source, c); err != nil {
			return html.EscapeString(PlainText(n, d.Source))
		}
	}
	out := footnoteRef.ReplaceAllString(buf.String(), "")
	return strings.TrimSpace(linkTag.ReplaceAllString(out, ""))
}

// PlainText returns the text of a node's inline content, with math as its
// TeX and roles as their content.
func PlainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *Math:
			b.WriteString(t.TeX)
		case *Role:
			b.WriteString(t.Content)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
