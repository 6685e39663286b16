package site

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/markdown"
)

// scriptInHTML finds what would run JavaScript in raw HTML: a script
// element, an event handler attribute or a javascript: URL.
var scriptInHTML = regexp.MustCompile(`(?i)<script\b|\son[a-z]+\s*=|javascript:`)

// checkRawHTML reports raw HTML in the Markdown that would put JavaScript
// on the page: built pages carry none.
func (r *pageRenderer) checkRawHTML(doc *markdown.Document) {
	report := func(text string, offset int) {
		if m := scriptInHTML.FindStringIndex(text); m != nil {
			found := strings.TrimLeft(text[m[0]:m[1]], " \t\n")
			r.errorAt(offset+m[1]-len(found), "raw HTML %q would run JavaScript; paperlab pages carry no scripts", found)
		}
	}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch t := n.(type) {
		case *ast.HTMLBlock:
			lines := t.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				report(string(seg.Value(doc.Source)), seg.Start)
			}
			if t.HasClosure() {
				seg := t.ClosureLine
				report(string(seg.Value(doc.Source)), seg.Start)
			}
		case *ast.RawHTML:
			for i := 0; i < t.Segments.Len(); i++ {
				seg := t.Segments.At(i)
				report(string(seg.Value(doc.Source)), seg.Start)
			}
		}
		return ast.WalkContinue
	})
}
