package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// sectionNumberAttr is the heading attribute that holds a section's number
// ("3", "7.2") once NumberSections has run; the heading renderer shows it.
const sectionNumberAttr = "data-number"

// NumberSections numbers the h2 and h3 headings as a paper does: h2s
// count 1, 2, 3…, the h3s under the third h2 count 3.1, 3.2…; an h3 before
// any h2 counts 0.1. The number is shown in front of the heading text, is
// part of Headings (so the table of contents shows it), and a link to the
// section from the same page shows it too: a link with no text,
// [](#first-pass), reads "Section 3"; a link with text keeps it and adds
// "(§3)".
func (d *Document) NumberSections() {
	numbers := map[string]string{}
	h2, h3 := 0, 0
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var num string
		switch h.Level {
		case 2:
			h2, h3 = h2+1, 0
			num = strconv.Itoa(h2)
		case 3:
			h3++
			num = strconv.Itoa(h2) + "." + strconv.Itoa(h3)
		default:
			return ast.WalkSkipChildren, nil
		}
		h.SetAttributeString(sectionNumberAttr, []byte(num))
		if id := headingAttr(h, "id"); id != "" {
			numbers[id] = num
		}
		return ast.WalkSkipChildren, nil
	})
	d.Links(func(l *ast.Link) {
		dest := string(l.Destination)
		if !strings.HasPrefix(dest, "#") {
			return
		}
		num, ok := numbers[dest[1:]]
		if !ok {
			return
		}
		if l.ChildCount() == 0 {
			l.AppendChild(l, ast.NewString([]byte("Section "+num)))
			return
		}
		s := ast.NewString([]byte("\u00a0(§" + num + ")"))
		l.AppendChild(l, s)
	})
}

// headingAttr returns a heading attribute as a string, or "".
func headingAttr(h *ast.Heading, name string) string {
	v, ok := h.AttributeString(name)
	if !ok {
		return ""
	}
	switch b := v.(type) {
	case []byte:
		return string(b)
	case string:
		return b
	}
	return ""
}
