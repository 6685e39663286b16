package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCallout is the node kind of a Callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with a GitHub alert marker on a
// line of its own, such as "> [!NOTE]". Its children are the quote's
// blocks without the marker.
type Callout struct {
	ast.BaseBlock
	// AlertType is the alert type in lower case: note, tip, important,
	// warning or caution.
	AlertType string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"AlertType": n.AlertType}, nil)
}

// calloutTypes are GitHub's alert types with their titles and icons: the
// drawing inside a 16×16 SVG stroked in the callout's colour, decoration
// hidden from screen readers.
var calloutTypes = map[string]struct{ title, icon string }{
	"note":      {"Note", `<circle cx="8" cy="8" r="6.3"/><path d="M8 7.3v4M8 4.7v.1"/>`},
	"tip":       {"Tip", `<path d="M8 1.8a4.2 4.2 0 0 0-2.4 7.6c.5.4.8.9.8 1.5v.5h3.2v-.5c0-.6.3-1.1.8-1.5A4.2 4.2 0 0 0 8 1.8zM6.4 13.8h3.2"/>`},
	"important": {"Important", `<path d="M3 1.9h10a1.2 1.2 0 0 1 1.2 1.2v7.2a1.2 1.2 0 0 1-1.2 1.2H7l-3 2.6v-2.6H3a1.2 1.2 0 0 1-1.2-1.2V3.1A1.2 1.2 0 0 1 3 1.9zM8 4.4v3.2M8 9.4v.1"/>`},
	"warning":   {"Warning", `<path d="M8 1.9l6.4 11.5H1.6zM8 6.2v3.4M8 11.5v.1"/>`},
	"caution":   {"Caution", `<path d="M5.4 1.8h5.2l3.6 3.6v5.2l-3.6 3.6H5.4l-3.6-3.6V5.4zM8 4.9v3.6M8 10.9v.1"/>`},
}

// calloutTransformer turns block quotes that open with "[!NOTE]",
// "[!TIP]", "[!IMPORTANT]", "[!WARNING]" or "[!CAUTION]" (in any case,
// alone on the quote's first line) into Callouts, as GitHub renders them.
// Any other block quote, or an unknown type, stays a block quote.
type calloutTransformer struct{}

func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		typ, ok := calloutMarker(first.Value(source))
		if !ok {
			continue
		}
		// Drop the inline nodes of the marker line.
		for c := para.FirstChild(); c != nil; {
			t, isText := c.(*ast.Text)
			if !isText || t.Segment.Start >= first.Stop {
				break
			}
			next := c.NextSibling()
			para.RemoveChild(para, c)
			c = next
		}
		if para.ChildCount() == 0 {
			q.RemoveChild(q, para)
		} else {
			lines := para.Lines()
			rest := text.NewSegments()
			for i := 1; i < lines.Len(); i++ {
				rest.Append(lines.At(i))
			}
			para.SetLines(rest)
		}
		c := &Callout{AlertType: typ}
		for ch := q.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			c.AppendChild(c, ch)
			ch = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, c)
	}
}

// calloutMarker reads a line such as "[!NOTE]" (trailing space allowed)
// and returns the type in lower case.
func calloutMarker(line []byte) (string, bool) {
	line = bytes.TrimRight(line, " \t\r\n")
	if !bytes.HasPrefix(line, []byte("[!")) || !bytes.HasSuffix(line, []byte("]")) {
		return "", false
	}
	typ := strings.ToLower(string(line[2 : len(line)-1]))
	_, ok := calloutTypes[typ]
	return typ, ok
}

// callout writes a callout as a note with a visible title: the
// title names the type for everyone, the icon is hidden from assistive
// technology.
func (r *nodeRenderer) callout(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	if entering {
		t := calloutTypes[n.AlertType]
		w.WriteString(`<div class="callout callout-` + n.AlertType + `" role="note">` + "\n")
		w.WriteString(`<p class="callout-title"><svg class="callout-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">`)
		w.WriteString(`<g fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">` + t.icon + `</g></svg>`)
		w.WriteString(t.title + "</p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}
