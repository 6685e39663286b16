// Package markdown turns a lab's Markdown body into HTML with goldmark: GFM,
// footnotes, definition lists, typographer quotes, heading anchors, math
// spans kept verbatim for the TeX converter, inline roles such as
// {num}`mix.output[0]`, fenced compute directives, and code highlighted by
// chroma. Everything page-specific comes in through Hooks.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Hooks render the parts of a page that need more than Markdown. A nil hook
// falls back to a plain rendering: math as escaped TeX in its delimiters,
// roles and directives as code.
type Hooks struct {
	// Math writes HTML for one math span or block.
	Math func(w util.BufWriter, m *MathSource, block bool)
	// Role writes HTML for an inline role.
	Role func(w util.BufWriter, r *Role)
	// Directive writes HTML for a fenced block whose info string starts
	// with "{", such as "{attention} mix".
	Directive func(w util.BufWriter, d *Directive)
	// Highlighter colours fenced code; nil means a new one per document.
	Highlighter *Highlighter
}

// Directive is a fenced block like ```{attention} mix: Type "attention",
// Name "mix", and the body lines.
type Directive struct {
	Type string
	Name string
	Body []byte
	// Offset is the source offset of the opening fence line; BodyOffset that
	// of the first body line.
	Offset, BodyOffset int
	Node               *ast.FencedCodeBlock
}

// Heading is one entry of a page's table of contents; Children holds the
// h3 headings under an h2.
type Heading struct {
	Level int
	ID    string
	Text  string
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

// Document is a parsed page body.
type Document struct {
	Root   ast.Node
	Source []byte
	md     goldmark.Markdown
}

// Parse parses a Markdown body. Hooks are used later, by Render.
func Parse(source []byte, hooks *Hooks) *Document {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 90)),
			parser.WithInlineParsers(
				util.Prioritized(mathInlineParser{}, 50),
				util.Prioritized(roleParser{}, 60),
			),
		),
		goldmark.WithRendererOptions(
			ghtml.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(newNodeRenderer(hooks), 10)),
		),
	)
	root := md.Parser().Parse(text.NewReader(source))
	assignHeadingIDs(root, source)
	return &Document{Root: root, Source: source, md: md}
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

// Render writes the document as HTML.
func (d *Document) Render() ([]byte, error) {
	var buf bytes.Buffer
	err := d.md.Renderer().Render(&buf, d.Source, d.Root)
	return buf.Bytes(), err
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
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			out = append(out, Heading{Level: h.Level, ID: string(idb), Text: PlainText(h, d.Source), HTML: d.inlineHTML(h)})
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
	var buf bytes.Buffer
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

// Directives lists the fenced directive blocks in document order.
func (d *Document) Directives() []*Directive {
	var out []*Directive
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if dir := asDirective(fc, d.Source); dir != nil {
				out = append(out, dir)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// Links calls fn for every link in the document; fn may change the
// destination.
func (d *Document) Links(fn func(l *ast.Link)) {
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			fn(l)
		}
		return ast.WalkContinue, nil
	})
}

// Walk visits every node in document order.
func (d *Document) Walk(fn func(n ast.Node) ast.WalkStatus) {
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		return fn(n), nil
	})
}

func fenceInfo(fc *ast.FencedCodeBlock, source []byte) string {
	if fc.Info == nil {
		return ""
	}
	return strings.TrimSpace(string(fc.Info.Segment.Value(source)))
}

func asDirective(fc *ast.FencedCodeBlock, source []byte) *Directive {
	info := fenceInfo(fc, source)
	if !strings.HasPrefix(info, "{") {
		return nil
	}
	end := strings.IndexByte(info, '}')
	if end < 0 {
		return nil
	}
	d := &Directive{
		Type:   info[1:end],
		Name:   strings.TrimSpace(info[end+1:]),
		Node:   fc,
		Offset: fc.Info.Segment.Start,
	}
	var body bytes.Buffer
	lines := fc.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		if i == 0 {
			d.BodyOffset = s.Start
		}
		body.Write(s.Value(source))
	}
	if lines.Len() == 0 {
		d.BodyOffset = fc.Info.Segment.Stop
	}
	d.Body = body.Bytes()
	return d
}

// nodeRenderer renders headings with anchors, code blocks through chroma or
// the directive hook, math and roles through their hooks.
type nodeRenderer struct {
	hooks *Hooks
	hl    *Highlighter
}

func newNodeRenderer(hooks *Hooks) *nodeRenderer {
	r := &nodeRenderer{hooks: hooks}
	if hooks != nil {
		r.hl = hooks.Highlighter
	}
	if r.hl == nil {
		r.hl = NewHighlighter()
	}
	return r
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
	reg.Register(ast.KindCodeBlock, r.indentedCode)
	reg.Register(KindMath, r.math)
	reg.Register(KindMathBlock, r.mathBlock)
	reg.Register(KindRole, r.role)
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
			w.WriteString(` id="` + html.EscapeString(id) + `"`)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id != "" {
		w.WriteString(` <a class="anchor" href="#` + html.EscapeString(id) + `" aria-label="Link to this section">#</a>`)
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
	if d := asDirective(n, source); d != nil {
		if r.hooks != nil && r.hooks.Directive != nil {
			r.hooks.Directive(w, d)
		} else {
			r.hl.highlight(w, string(d.Body), "yaml")
		}
		return ast.WalkSkipChildren, nil
	}
	lang := ""
	if fields := strings.Fields(fenceInfo(n, source)); len(fields) > 0 {
		lang = fields[0]
	}
	r.hl.highlight(w, codeText(n, source), lang)
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) indentedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.hl.highlight(w, codeText(node, source), "")
	}
	return ast.WalkSkipChildren, nil
}

// closeDelim gives the closing delimiter that matches an opening one.
func closeDelim(open string) string {
	switch open {
	case `\(`:
		return `\)`
	case `\[`:
		return `\]`
	}
	return open
}

func (r *nodeRenderer) writeMath(w util.BufWriter, m *MathSource, block bool) {
	if r.hooks != nil && r.hooks.Math != nil {
		r.hooks.Math(w, m, block)
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
	w.WriteString(html.EscapeString(m.Open + m.TeX + closeDelim(m.Open)))
	w.WriteString("</" + tag + ">")
	if block {
		w.WriteByte('\n')
	}
}

func (r *nodeRenderer) math(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.writeMath(w, &node.(*Math).MathSource, false)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) mathBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.writeMath(w, &node.(*MathBlock).MathSource, true)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) role(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*Role)
	if r.hooks != nil && r.hooks.Role != nil {
		r.hooks.Role(w, n)
	} else {
		w.WriteString("<code>" + html.EscapeString(n.Content) + "</code>")
	}
	return ast.WalkSkipChildren, nil
}
