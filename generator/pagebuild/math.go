package pagebuild

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

// equation is a numbered display equation, or numbered row of an align,
// of one page.
type equation struct {
	number string // "1", or the text of its \tag
	star   bool   // \tag*: shown without parentheses
	id     string // "" when the equation has no label
	offset int    // body offset of the \label
}

// shown is the number as written beside the equation: "(1)", or the text
// of a \tag* as is.
func (e *equation) shown() string {
	if e.star {
		return e.number
	}
	return "(" + e.number + ")"
}

// numbered is how one display formula is numbered: as a whole (single),
// or row by row (rows, for texmath.Options.RowTags).
type numbered struct {
	single *equation
	rows   []texmath.RowTag
}

// equations numbers the display equations of a page in order and reports
// labels and tags in inline math, several labels or tags on one line, a
// label on a line that is not numbered, and duplicates.
type equations struct {
	byLabel map[string]*equation
	byMath  map[*markdown.MathSource]*numbered
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

// numberEquations walks the document before rendering. A display formula
// is numbered when it has a \label or a \tag, or is an equation
// environment; the rows of an align, alignat or gather are numbered one by
// one unless \notag (starred: only the rows with a \tag). A \tag gives
// the number to show instead of the next one: equations can carry the
// paper's own numbers.
func (r *Prepared) numberEquations(doc *markdown.Document) {
	r.eqs = equations{byLabel: map[string]*equation{}, byMath: map[*markdown.MathSource]*numbered{}}
	n := &eqNumberer{r: r, ids: map[string]string{}}
	doc.Walk(func(node ast.Node) ast.WalkStatus {
		var m *markdown.MathSource
		switch t := node.(type) {
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
		// \num values do not change the numbering: a placeholder stands in
		// for them (directives are evaluated later).
		num, err := texmath.Number(m.TeX, texmath.Options{Macros: r.page.Macros, Num: func(string, int) (string, error) { return "0", nil }})
		if err != nil {
			// Convert reports the error at render time; the labels still
			// count, so that references to them report nothing more.
			labels, lerr := texmath.Labels(m.TeX)
			if lerr != nil {
				return ast.WalkContinue
			}
			num = texmath.Numbering{Rows: []texmath.EqRow{{Labels: labels}}}
		}
		if !m.Display {
			n.inline(m, num)
			return ast.WalkContinue
		}
		out := &numbered{}
		for _, row := range num.Rows {
			eq := n.line(m, row, num.Multi)
			switch {
			case !num.Multi:
				out.single = eq
			case eq == nil:
				out.rows = append(out.rows, texmath.RowTag{})
			default:
				out.rows = append(out.rows, texmath.RowTag{Text: eq.shown(), ID: eq.id})
			}
		}
		if out.single != nil || out.rows != nil {
			r.eqs.byMath[m] = out
		}
		return ast.WalkContinue
	})
}

// eqNumberer hands out equation numbers across a page.
type eqNumberer struct {
	r     *Prepared
	count int
	ids   map[string]string // equation id → the label that took it
}

// inline reports numbering commands in inline math.
func (n *eqNumberer) inline(m *markdown.MathSource, num texmath.Numbering) {
	for _, row := range num.Rows {
		for _, l := range row.Labels {
			n.r.errorAt(m.SourceOffset(l.Offset), "\\label{%s} is only allowed in display math", l.Name)
		}
		for _, t := range row.Tags {
			n.r.errorAt(m.SourceOffset(t.Offset), "\\%s{%s} is only allowed in display math", tagName(t), t.Text)
		}
	}
}

func tagName(t texmath.Tag) string {
	if t.Star {
		return "tag*"
	}
	return "tag"
}

// line numbers one line (a formula, or a row of one): nil when it is not
// numbered.
func (n *eqNumberer) line(m *markdown.MathSource, row texmath.EqRow, multi bool) *equation {
	r := n.r
	what := "a display equation"
	if multi {
		what = "a row"
	}
	for _, l := range row.Labels[min(1, len(row.Labels)):] {
		r.errorAt(m.SourceOffset(l.Offset), "\\label{%s}: %s takes one label (it already has %q)", l.Name, what, row.Labels[0].Name)
	}
	for _, t := range row.Tags[min(1, len(row.Tags)):] {
		r.errorAt(m.SourceOffset(t.Offset), "\\%s{%s}: %s takes one \\tag (it already has \\%s{%s})", tagName(t), t.Text, what, tagName(row.Tags[0]), row.Tags[0].Text)
	}
	numberedRow := len(row.Tags) > 0 || row.Auto && !row.NoTag || !multi && len(row.Labels) > 0 && !row.NoTag
	if !numberedRow {
		for _, l := range row.Labels {
			why := "it has \\notag"
			if !row.NoTag {
				why = "its environment is starred; add a \\tag"
			}
			r.errorAt(m.SourceOffset(l.Offset), "\\label{%s} is on %s that is not numbered (%s)", l.Name, what, why)
		}
		return nil
	}
	eq := &equation{}
	if len(row.Tags) > 0 {
		eq.number, eq.star = row.Tags[0].Text, row.Tags[0].Star
	} else {
		n.count++
		eq.number = strconv.Itoa(n.count)
	}
	if len(row.Labels) == 0 {
		return eq
	}
	l := row.Labels[0]
	at := m.SourceOffset(l.Offset)
	switch {
	case r.eqs.byLabel[l.Name] != nil:
		line, _ := r.page.Source.Position(r.page.BodyOffset + r.eqs.byLabel[l.Name].offset)
		r.errorAt(at, "duplicate equation label %q (first defined on line %d)", l.Name, line)
	case n.ids[equationID(l.Name)] != "":
		r.errorAt(at, "equation label %q gives the same id as %q", l.Name, n.ids[equationID(l.Name)])
	default:
		eq.id, eq.offset = equationID(l.Name), at
		r.eqs.byLabel[l.Name] = eq
		n.ids[eq.id] = l.Name
	}
	return eq
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
func (r *Prepared) ref(label string) (string, string, bool) {
	eq, ok := r.eqs.byLabel[label]
	if !ok {
		return "", "", false
	}
	return eq.number, "#" + eq.id, true
}

// mathOptions are the options formula m is converted with; num resolves
// its \num commands.
func (r *Prepared) mathOptions(m *markdown.MathSource, num func(ref string, digits int) (string, error)) texmath.Options {
	opts := texmath.Options{Display: m.Display, Macros: r.page.Macros, Ref: r.ref, Labels: r.eqs.labels(), Num: num}
	if n := r.eqs.byMath[m]; n != nil {
		opts.RowTags = n.rows
	}
	return opts
}

// renderMath is the Markdown hook for math: MathML, wrapped with its number
// when the equation is labelled.
func (r *Prepared) renderMath(w util.BufWriter, m *markdown.MathSource, block bool) {
	num := r.eqs.byMath[m]
	mathml, err := texmath.Convert(m.TeX, r.mathOptions(m, r.mathNum))
	if err != nil {
		r.texError(m, err)
		mathml = `<code class="math-error">` + html.EscapeString(m.TeX) + `</code>`
	}
	tag := "span"
	if block {
		tag = "div"
	}
	switch {
	case num != nil && num.single != nil:
		id := ""
		if num.single.id != "" {
			id = ` id="` + num.single.id + `"`
		}
		fmt.Fprintf(w, `<%s class="equation"%s>%s<span class="eqno">%s</span></%s>`, tag, id, mathml, html.EscapeString(num.single.shown()), tag)
	case num != nil:
		fmt.Fprintf(w, `<%s class="math display equation-rows">%s</%s>`, tag, mathml, tag)
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
func (r *Prepared) texError(m *markdown.MathSource, err error) {
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
func (r *Prepared) renderEqRole(w util.BufWriter, role *markdown.Role) {
	eq, ok := r.eqs.byLabel[role.Content]
	if !ok {
		r.spanAt(role.ContentOffset, role.ContentOffset+len(role.Content), "unknown equation label %q%s", role.Content, diag.DidYouMean(role.Content, r.eqs.labels()))
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	fmt.Fprintf(w, `<a class="eqref" href="#%s">(%s)</a>`, eq.id, html.EscapeString(eq.number))
}
