package site

import (
	"path"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
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

// renderPageFiles renders a page and the files that go with it, by output
// path: index.html, and for a lab with directives reproduce.py and
// reproduce.ipynb. It returns nil when the page failed.
func (s *site) renderPageFiles(p *sitePage, tmpl *layout.Set, list *diag.List) map[string][]byte {
	out := s.renderPage(p, tmpl, list)
	if out == nil {
		return nil
	}
	files := map[string][]byte{p.OutPath: out}
	pr := s.prepare(p)
	if !pr.reproducible() {
		return files
	}
	rp := pr.reproducePage()
	dir := path.Dir(p.OutPath)
	script, nb, err := reproduce.Files(rp)
	if err != nil {
		pr.errorAt(0, "writing %s: %v", reproduceNotebook, err)
		list.Merge(*pr.renderList)
		return nil
	}
	files[path.Join(dir, reproduceScript)] = script
	files[path.Join(dir, reproduceNotebook)] = nb
	return files
}

// reproducible reports whether the page gets reproduction files: a lab
// whose directives all evaluated.
func (r *pageRenderer) reproducible() bool {
	return r.page.Kind == "lab" && len(r.dirs.byNode) > 0
}

// linkReproduction adds a paragraph linking the reproduction files at the
// end of the "What To Reproduce" section, or at the end of the page when
// there is none.
func (r *pageRenderer) linkReproduction() {
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
func (r *pageRenderer) reproducePage() reproduce.Page {
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
