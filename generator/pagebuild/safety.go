package pagebuild

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"paperlab/generator/htmlsafe"
	"paperlab/generator/markdown"
)

// checkSafety reports what in the Markdown would put JavaScript on the
// page or make it load something from another host: raw HTML blocks and
// inline raw HTML (read with the HTML tokenizer, across their lines), and
// the destinations of links, images and autolinks.
func (r *Prepared) checkSafety(doc *markdown.Document) {
	check := func(segs *text.Segments) {
		var buf []byte
		var starts, offs []int // buffer offset -> source offset, per segment
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			starts, offs = append(starts, len(buf)), append(offs, s.Start)
			buf = append(buf, s.Value(doc.Source)...)
		}
		for _, p := range htmlsafe.Check(buf) {
			k := 0
			for k+1 < len(starts) && starts[k+1] <= p.Offset {
				k++
			}
			r.errorAt(offs[k]+p.Offset-starts[k], "%s", p.Msg)
			r.unsafe++
		}
	}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch t := n.(type) {
		case *ast.HTMLBlock:
			segs := text.NewSegments()
			lines := t.Lines()
			for i := 0; i < lines.Len(); i++ {
				segs.Append(lines.At(i))
			}
			if t.HasClosure() {
				segs.Append(t.ClosureLine)
			}
			check(segs)
		case *ast.RawHTML:
			check(t.Segments)
		case *ast.Link:
			r.checkLink(t.Pos(), string(t.Destination), false)
		case *ast.Image:
			r.checkLink(t.Pos(), string(t.Destination), true)
		case *ast.AutoLink:
			r.checkLink(t.Pos(), string(t.URL(doc.Source)), false)
		}
		return ast.WalkContinue
	})
}

func (r *Prepared) checkLink(at int, dest string, image bool) {
	if p := htmlsafe.LinkProblem(dest, image); p != "" {
		r.errorAt(at, "%s", p)
		r.unsafe++
	}
}

// checkBuiltBody is the safety net behind checkSafety: the rendered body,
// as the browser will parse it, must pass the same checks. A problem here
// that the source checks missed is reported at the top of the page.
func (r *Prepared) checkBuiltBody(body []byte) {
	if r.unsafe > 0 {
		return
	}
	for _, p := range htmlsafe.Check(body) {
		r.errorAt(0, "built page: %s", p.Msg)
	}
}
