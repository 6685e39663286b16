package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders headings with anchors, code blocks through chroma or
// the directive hook, math and roles through their hooks. It keeps no
// state: one serves every document of a Converter, each node's hooks are
// its document's (see pageOf).
type nodeRenderer struct{}

// page is what a document is rendered with, kept in its root's metadata.
type page struct {
	hooks Hooks // nil hooks fall back to plain renderings
	hl    *Highlighter
}

// pageKey is the key of a document's page in its root's metadata.
const pageKey = "paperlab/markdown.page"

// newPage returns the page of a document parsed with hooks (nil for none).
func newPage(hooks *Hooks) *page {
	p := &page{}
	if hooks != nil {
		p.hooks = *hooks
	}
	p.hl = p.hooks.Highlighter
	if p.hl == nil {
		p.hl = NewHighlighter()
	}
	return p
}

// pageOf returns the page of the document node belongs to.
func pageOf(node ast.Node) *page {
	doc, ok := node.(*ast.Document)
	if !ok {
		doc = node.OwnerDocument()
	}
	if doc != nil {
		if p, ok := doc.Meta()[pageKey].(*page); ok {
			return p
		}
	}
	return newPage(nil) // a document not made by Parse
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
	reg.Register(ast.KindCodeBlock, r.indentedCode)
	reg.Register(KindMath, r.math)
	reg.Register(KindMathBlock, r.mathBlock)
	reg.Register(KindRole, r.role)
	reg.Register(KindCallout, r.callout)
}

func (r *nodeRenderer) heading(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	if entering {
		w.WriteString("<h")
		w.WriteByte(level)
		if id != "" {
			w.WriteString(` id="`)
			w.WriteString(html.EscapeString(id))
			w.WriteByte('"')
		}
		w.WriteByte('>')
		if num := headingAttr(n, sectionNumberAttr); num != "" {
			w.WriteString(`<span class="secno">`)
			w.WriteString(num)
			w.WriteString(`</span> `)
		}
		return ast.WalkContinue, nil
	}
	if id != "" {
		w.WriteString(` <a class="anchor" href="#`)
		w.WriteString(html.EscapeString(id))
		w.WriteString(`" aria-label="Link to this section">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte(level)
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func codeText(n ast.Node, source []byte) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		b.Write(s.Value(source))
	}
	return b.String()
}

func (r *nodeRenderer) fencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	p := pageOf(node)
	if d := asDirective(n, source); d != nil {
		if p.hooks.Directive != nil {
			p.hooks.Directive(w, d)
		} else {
			p.hl.highlight(w, string(d.Body), "yaml")
		}
		return ast.WalkSkipChildren, nil
	}
	lang := ""
	if fields := strings.Fields(fenceInfo(n, source)); len(fields) > 0 {
		lang = fields[0]
	}
	p.hl.highlight(w, codeText(n, source), lang)
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) indentedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		pageOf(node).hl.highlight(w, codeText(node, source), "")
	}
	return ast.WalkSkipChildren, nil
}

// CloseDelim gives the closing delimiter that matches an opening one.
func CloseDelim(open string) string {
	switch open {
	case `\(`:
		return `\)`
	case `\[`:
		return `\]`
	}
	return open
}

func (r *nodeRenderer) writeMath(w util.BufWriter, node ast.Node, m *MathSource, block bool) {
	if hook := pageOf(node).hooks.Math; hook != nil {
		hook(w, m, block)
		return
	}
	cls := "math inline"
	if m.Display {
		cls = "math display"
	}
	tag := "span"
	if block {
		tag = "div"
	}
	w.WriteString("<" + tag + ` class="` + cls + `">`)
	w.WriteString(html.EscapeString(m.Open + m.TeX + CloseDelim(m.Open)))
	w.WriteString("</" + tag + ">")
	if block {
		w.WriteByte('\n')
	}
}

func (r *nodeRenderer) math(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if n := node.(*Math); entering && n.Unclosed {
		w.WriteString(html.EscapeString(n.Open))
	} else if entering {
		r.writeMath(w, node, &n.MathSource, false)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) mathBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.writeMath(w, node, &node.(*MathBlock).MathSource, true)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) role(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*Role)
	if hook := pageOf(node).hooks.Role; hook != nil {
		hook(w, n)
	} else {
		w.WriteString("<code>" + html.EscapeString(n.Content) + "</code>")
	}
	return ast.WalkSkipChildren, nil
}
