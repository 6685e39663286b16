package pagebuild

import (
	"strings"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/markdown"
)

// findSection returns the top-level heading of level 2 whose text is
// title (compared without case), or nil.
func findSection(doc *markdown.Document, title string) *ast.Heading {
	for n := doc.Root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 && strings.EqualFold(markdown.PlainText(h, doc.Source), title) {
			return h
		}
	}
	return nil
}

// insertAtSectionEnd puts node at the end of the section that h opens:
// before the next heading of the same or a higher level, or at the end of
// the document. A nil h means the end of the document.
func insertAtSectionEnd(doc *markdown.Document, h *ast.Heading, node ast.Node) {
	if h != nil {
		for n := h.NextSibling(); n != nil; n = n.NextSibling() {
			if next, ok := n.(*ast.Heading); ok && next.Level <= h.Level {
				doc.Root.InsertBefore(doc.Root, n, node)
				return
			}
		}
	}
	doc.Root.AppendChild(doc.Root, node)
}

// rawBlock is block-level HTML written as is: a raw string placed directly
// among the blocks, which goldmark writes without a paragraph around it.
func rawBlock(html string) ast.Node {
	s := ast.NewString([]byte(html))
	s.SetCode(true)
	return s
}

// sectionOf is the heading a node stands under (the last heading of any
// level before it); empty before the first heading.
type sectionOf struct {
	Title, ID string
}

// walkSections calls fn for every node with the section it stands in.
func walkSections(doc *markdown.Document, fn func(n ast.Node, sec sectionOf) ast.WalkStatus) {
	var sec sectionOf
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			sec = sectionOf{Title: markdown.PlainText(h, doc.Source), ID: string(idb)}
			return ast.WalkSkipChildren
		}
		return fn(n, sec)
	})
}
