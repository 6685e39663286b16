// Package markdown turns a lab's Markdown body into HTML with goldmark: GFM,
// footnotes, definition lists, typographer quotes, GitHub callouts
// ("> [!NOTE]"), heading anchors and section numbers, math
// spans kept verbatim for the TeX converter, inline roles such as
// {num}`mix.output[0]`, fenced compute directives, and code highlighted by
// chroma. Everything page-specific comes in through Hooks.
package markdown

import (
	"bytes"
	"strings"

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

// Document is a parsed page body.
type Document struct {
	Root   ast.Node
	Source []byte
	md     goldmark.Markdown
}

// A Converter parses and renders documents with goldmark and this
// package's extensions. One serves every page of a build, from any number
// of goroutines: goldmark's parsers and renderers keep no state (what a
// parse needs is in its context, what a rendering needs in the document),
// and each document's hooks are kept in its root. Making one costs about
// 80 µs, as much as parsing a short lab.
type Converter struct {
	md goldmark.Markdown
}

// NewConverter returns a Converter.
func NewConverter() *Converter {
	return &Converter{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 100)),
			parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 90)),
			parser.WithInlineParsers(
				util.Prioritized(mathInlineParser{}, 50),
				util.Prioritized(roleParser{}, 60),
			),
		),
		goldmark.WithRendererOptions(
			ghtml.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{}, 10)),
		),
	)}
}

// Parse parses a Markdown body with a Converter of its own (see
// Converter.Parse).
func Parse(source []byte, hooks *Hooks) *Document {
	return NewConverter().Parse(source, hooks)
}

// Parse parses a Markdown body. Hooks are used later, by Render.
func (c *Converter) Parse(source []byte, hooks *Hooks) *Document {
	root := c.md.Parser().Parse(text.NewReader(source))
	if doc, ok := root.(*ast.Document); ok {
		doc.AddMeta(pageKey, newPage(hooks))
	}
	assignHeadingIDs(root, source)
	return &Document{Root: root, Source: source, md: c.md}
}

// Render writes the document as HTML.
func (d *Document) Render() ([]byte, error) { return d.RenderTo(nil) }

// RenderTo is Render writing into dst's memory (from its start; it is
// grown when too small), so that a caller rendering page after page can
// reuse one buffer: the result may be dst's array, which the next
// RenderTo into it overwrites.
func (d *Document) RenderTo(dst []byte) ([]byte, error) {
	buf := renderBuffer{*bytes.NewBuffer(dst[:0])}
	buf.Grow(renderSizeHint(len(d.Source)))
	err := d.md.Renderer().Render(&buf, d.Source, d.Root)
	return buf.Bytes(), err
}

// renderSizeHint guesses the rendered size of a source of n bytes, so that
// the output buffer rarely grows: highlighted code, MathML and directive
// tables take several times their source.
func renderSizeHint(n int) int { return 9*n + 4096 }

// renderBuffer is the output of Render: a bytes.Buffer that is also the
// util.BufWriter goldmark writes to, so that goldmark does not wrap it in a
// bufio.Writer and copy every byte twice.
type renderBuffer struct{ bytes.Buffer }

// Buffered is 0: every byte written is already in the buffer.
func (b *renderBuffer) Buffered() int { return 0 }

// Flush does nothing, for the same reason.
func (b *renderBuffer) Flush() error { return nil }

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

var _ util.BufWriter = (*renderBuffer)(nil)
