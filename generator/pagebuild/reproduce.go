package pagebuild

import (
	"github.com/yuin/goldmark/ast"

	"paperlab/generator/directive"
	"paperlab/generator/markdown"
	"paperlab/generator/reproduce"
)

// The reproduction files a lab with directives gets next to its page.
const (
	reproduceScript   = "reproduce.py"
	reproduceNotebook = "reproduce.ipynb"
	// reproduceSection is the heading whose section links the files.
	reproduceSection = "What To Reproduce"
)

// reproducible reports whether the page gets reproduction files: a lab
// whose directives all evaluated.
func (r *Prepared) reproducible() bool {
	return r.page.Kind == "lab" && len(r.dirs.byNode) > 0
}

// linkReproduction adds a paragraph linking the reproduction files at the
// end of the "What To Reproduce" section, or at the end of the page when
// there is none.
func (r *Prepared) linkReproduction() {
	if !r.reproducible() {
		return
	}
	html := `<p class="reproduce">Every number on this page can be reproduced with NumPy: ` +
		`<a href="` + reproduceScript + `" download>` + reproduceScript + `</a> defines the inputs as above, ` +
		`recomputes each result and checks every number shown here (run <code>python3 ` + reproduceScript + `</code>); ` +
		`<a href="` + reproduceNotebook + `" download>` + reproduceNotebook + `</a> has the same cells as a Jupyter notebook.</p>`
	insertAtSectionEnd(r.doc, findSection(r.doc, reproduceSection), rawBlock(html+"\n"))
}

// reproducePage collects what the script is made from: the evaluated
// directives and the {num} quotes, each with its section.
func (r *Prepared) reproducePage() reproduce.Page {
	p := reproduce.Page{Title: r.page.Title, Source: r.page.Path, URL: r.page.URL}
	walkSections(r.doc, func(n ast.Node, sec sectionOf) ast.WalkStatus {
		rs := reproduce.Section{Title: sec.Title, ID: sec.ID}
		switch t := n.(type) {
		case *ast.FencedCodeBlock:
			if ev := r.dirs.byNode[t]; ev != nil && ev.res != nil {
				p.Directives = append(p.Directives, reproduce.Directive{Spec: ev.spec, Result: ev.res, Section: rs})
			}
		case *markdown.Role:
			if t.Name != "num" {
				break
			}
			text, err := r.numText(t)
			ref, rerr := directive.ParseReference(t.Content)
			if err != nil || rerr != nil {
				break
			}
			if _, err := r.dirs.scope.LookupRef(&ref); err != nil {
				break
			}
			p.Quotes = append(p.Quotes, reproduce.Quote{Ref: ref, Written: t.Content, Text: text, Section: rs})
		}
		return ast.WalkContinue
	})
	return p
}
