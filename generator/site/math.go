package site

import (
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"paperlab/generator/diag"
	"paperlab/generator/markdown"
	"paperlab/generator/texmath"
)

// equation is a numbered display equation of one page.
type equation struct {
	number int
	id     string
	offset int // body offset of the \label
}

// equations numbers the labelled display equations of a page in order and
// reports labels in inline math, several labels in one equation, and
// duplicates.
type equations struct {
	byLabel map[string]*equation
	byMath  map[*markdown.MathSource]*equation
}

func equationID(label string) string {
	name := strings.TrimPrefix(label, "eq:")
	var b strings.Builder
	b.WriteString("eq-")
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// numberEquations walks the document before rendering.
func (r *pageRenderer) numberEquations(doc *markdown.Document) {
	r.eqs = equations{byLabel: map[string]*equation{}, byMath: map[*markdown.MathSource]*equation{}}
	ids := map[string]string{}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		var m *markdown.MathSource
		switch t := n.(type) {
		case *markdown.Math:
			if t.Unclosed {
				r.errorAt(t.Offset, "display math opened with %s is never closed (expected %s before the end of its paragraph)", t.Open, markdown.CloseDelim(t.Open))
				return ast.WalkContinue
			}
			m = &t.MathSource
		case *markdown.MathBlock:
			m = &t.MathSource
			if t.Unclosed() {
				r.errorAt(t.Pos(), "display math opened with %s is never closed (expected %s before the end of its block)", t.Open, markdown.CloseDelim(t.Open))
			}
		default:
			return ast.WalkContinue
		}
		labels, err := texmath.Labels(m.TeX)
		if err != nil {
			return ast.WalkContinue // Convert reports it at render time
		}
		for i, l := range labels {
			at := m.SourceOffset(l.Offset)
			switch {
			case !m.Display:
				r.errorAt(at, "\\label{%s} is only allowed in display math", l.Name)
			case i > 0:
				r.errorAt(at, "\\label{%s}: a display equation takes one label (it already has %q)", l.Name, labels[0].Name)
			case r.eqs.byLabel[l.Name] != nil:
				line, _ := r.page.Source.Position(r.page.BodyOffset + r.eqs.byLabel[l.Name].offset)
				r.errorAt(at, "duplicate equation label %q (first defined on line %d)", l.Name, line)
			case ids[equationID(l.Name)] != "":
				r.errorAt(at, "equation label %q gives the same id as %q", l.Name, ids[equationID(l.Name)])
			default:
				eq := &equation{number: len(r.eqs.byLabel) + 1, id: equationID(l.Name), offset: at}
				r.eqs.byLabel[l.Name] = eq
				r.eqs.byMath[m] = eq
				ids[eq.id] = l.Name
			}
		}
		return ast.WalkContinue
	})
}

// labels lists the page's equation labels.
func (e equations) labels() []string {
	out := make([]string, 0, len(e.byLabel))
	for l := range e.byLabel {
		out = append(out, l)
	}
	return out
}

// ref resolves \eqref for the TeX converter.
func (r *pageRenderer) ref(label string) (string, string, bool) {
	eq, ok := r.eqs.byLabel[label]
	if !ok {
		return "", "", false
	}
	return strconv.Itoa(eq.number), "#" + eq.id, true
}

// renderMath is the Markdown hook for math: MathML, wrapped with its number
// when the equation is labelled.
func (r *pageRenderer) renderMath(w util.BufWriter, m *markdown.MathSource, block bool) {
	mathml, err := texmath.Convert(m.TeX, texmath.Options{Display: m.Display, Macros: r.page.Macros, Ref: r.ref, Labels: r.eqs.labels(), Num: r.mathNum})
	if err != nil {
		r.texError(m, err)
		mathml = `<code class="math-error">` + html.EscapeString(m.TeX) + `</code>`
	}
	tag := "span"
	if block {
		tag = "div"
	}
	switch eq := r.eqs.byMath[m]; {
	case eq != nil:
		fmt.Fprintf(w, `<%s class="equation" id="%s">%s<span class="eqno">(%d)</span></%s>`, tag, eq.id, mathml, eq.number, tag)
	case m.Display:
		fmt.Fprintf(w, `<%s class="math display">%s</%s>`, tag, mathml, tag)
	default:
		w.WriteString(mathml)
	}
	if block {
		w.WriteByte('\n')
	}
}

// texError reports a TeX error at the page position of the offending
// token, underlining it, with a note at each related token (such as the
// "{" a missing "}" should close).
func (r *pageRenderer) texError(m *markdown.MathSource, err error) {
	var te *texmath.Error
	if !errors.As(err, &te) {
		r.errorAt(m.SourceOffset(0), "TeX: %v", err)
		return
	}
	base := r.page.BodyOffset
	end := max(te.End, te.Offset)
	d := r.page.Source.Span(base+m.SourceOffset(te.Offset), base+m.SourceOffset(end), diag.Error, "TeX: %s", te.Msg)
	for _, rel := range te.Related {
		d = d.WithNote(r.page.Source, base+m.SourceOffset(rel.Offset), base+m.SourceOffset(max(rel.End, rel.Offset)), "%s", rel.Msg)
	}
	r.add(d)
	for _, also := range te.Also {
		r.texError(m, also)
	}
}

// renderEqRole writes {eq}`label` as a link "(3)" to the equation.
func (r *pageRenderer) renderEqRole(w util.BufWriter, role *markdown.Role) {
	eq, ok := r.eqs.byLabel[role.Content]
	if !ok {
		r.spanAt(role.ContentOffset, role.ContentOffset+len(role.Content), "unknown equation label %q%s", role.Content, diag.DidYouMean(role.Content, r.eqs.labels()))
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	fmt.Fprintf(w, `<a class="eqref" href="#%s">(%d)</a>`, eq.id, eq.number)
}
