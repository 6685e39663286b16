package pagebuild

import (
	"errors"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"paperlab/compute"
	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/markdown"
	"paperlab/generator/texmath"
)

// evaluated is one directive of a page with its result and rendered items.
type evaluated struct {
	dir   *markdown.Directive
	spec  *directive.Spec
	res   *directive.Result
	items []directive.Item
	// failed is set when the directive has errors of its own: it is not
	// rendered, and references to it report nothing more.
	failed bool
}

// directiveState is what a page's directives produced.
type directiveState struct {
	byNode  map[*ast.FencedCodeBlock]*evaluated
	byName  map[string]*evaluated
	scope   *directive.Scope
	figures int
	tables  int
	// nums holds every value the page quotes ({num} roles and \num in its
	// math), certified before the page renders (see evaluateNums).
	nums map[numKey]numResult
}

// numKey is one value a page quotes: a reference ("mix.weights[0][2]") at
// a number of places (-1: the directive's own).
type numKey struct {
	ref    string
	digits int
}

// numResult is a quoted value's certified text, or why there is none.
type numResult struct {
	text string
	err  error
}

// fenceOffset is the body offset of the first character of the line that
// holds a directive's opening fence.
func fenceOffset(body []byte, infoOffset int) int {
	start := infoOffset
	for start > 0 && body[start-1] != '\n' {
		start--
	}
	for start < infoOffset && (body[start] == ' ' || body[start] == '\t' || body[start] == '>') {
		start++
	}
	return start
}

// directiveError places an error from inside a directive: line 0 is the
// opening fence, line n the n-th line of the body.
func (r *Prepared) directiveError(d *markdown.Directive, e *directive.Error) {
	lines := d.Node.Lines()
	if e.Line <= 0 || e.Line > lines.Len() {
		start := fenceOffset(r.page.Body, d.Offset)
		end := start
		for end < len(r.page.Body) && r.page.Body[end] != '\n' {
			end++
		}
		r.spanAt(start, end, "%s", e.Msg)
		return
	}
	line := lines.At(e.Line - 1)
	start := line.Start + max(e.Col-1, 0)
	end := start
	for n := 0; n < e.Width && end < line.Stop; n++ {
		_, size := utf8.DecodeRune(r.page.Body[end:])
		end += size
	}
	r.spanAt(start, end, "%s", e.Msg)
}

// roleDigits collects, per directive name, the extra numbers of places
// that {num:d} roles on the page ask for.
func roleDigits(doc *markdown.Document) map[string][]int {
	out := map[string][]int{}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		role, ok := n.(*markdown.Role)
		if !ok || role.Name != "num" || role.Arg == "" {
			return ast.WalkContinue
		}
		d, err := strconv.Atoi(role.Arg)
		ref, rerr := directive.ParseReference(role.Content)
		if err == nil && d >= 0 && d <= compute.MaxDigits && rerr == nil && ref.Lab == "" {
			out[ref.Name] = append(out[ref.Name], d)
		}
		return ast.WalkContinue
	})
	return out
}

// evaluateDirectives parses, evaluates and checks every directive of the
// page in order, and numbers their tables and figures.
func (r *Prepared) evaluateDirectives(doc *markdown.Document, imports map[string]func() *directive.Scope) {
	st := &directiveState{byNode: map[*ast.FencedCodeBlock]*evaluated{}, byName: map[string]*evaluated{}, scope: directive.NewLazyScope(imports)}
	r.dirs = st
	// A lab in "after" that could not be imported (no such lab, or one
	// later in reading order) is reported at its front matter entry; uses
	// of its names report nothing more.
	for _, slug := range r.page.After {
		if _, ok := imports[slug]; !ok {
			st.scope.Fail(slug)
		}
	}
	st.scope.SetFacts(factValues(r.page.Page))
	dirs := doc.Directives()
	if len(dirs) == 0 {
		return
	}
	extra := roleDigits(doc)
	later := map[string]bool{}
	for _, d := range dirs {
		later[d.Name] = true
	}
	for _, d := range dirs {
		if r.cancelled() {
			return // the build is abandoned, and with it this page (see Options)
		}
		if d.Type == bibliographyFence {
			continue
		}
		spec, errs := directive.Parse(d.Type, d.Name, d.Body)
		delete(later, d.Name)
		if prev, dup := st.byName[d.Name]; dup && d.Name != "" {
			line, _ := r.page.Source.Position(r.page.BodyOffset + prev.dir.Offset)
			r.directiveError(d, &directive.Error{Msg: fmt.Sprintf("duplicate directive name %q (first defined on line %d)", d.Name, line)})
			continue
		}
		for _, e := range errs {
			r.directiveError(d, e)
		}
		ev := &evaluated{dir: d, spec: spec, failed: len(errs) > 0}
		if d.Name != "" {
			st.byName[d.Name] = ev
		}
		if st.scope.Imports(d.Name) || slices.Contains(r.page.After, d.Name) {
			r.directiveError(d, &directive.Error{Msg: fmt.Sprintf("directive name %q is also a lab listed in after, so %s.x would be ambiguous: rename the directive", d.Name, d.Name)})
			ev.failed = true
			continue
		}
		// A directive whose body has errors is still evaluated when its
		// inputs are all there, so that one error does not hide another;
		// a directive that cannot be evaluated is recorded as failed, so
		// that its uses below report nothing more.
		if spec == nil || !spec.Complete() {
			ev.failed = true
			st.scope.Fail(d.Name)
			continue
		}
		digits := append(directive.ExpectDigits(spec), extra[d.Name]...)
		res, errs := r.opts.Runner.Evaluate(spec, st.scope, digits, later)
		for _, e := range errs {
			r.directiveError(d, e)
		}
		if res == nil {
			ev.failed = true
			st.scope.Fail(d.Name)
			continue
		}
		for _, e := range directive.CheckExpect(spec, res) {
			r.directiveError(d, e)
		}
		ev.res = res
		st.scope.Define(res)
		if ev.failed {
			continue // its body has errors: nothing to render
		}
		ev.items = directive.Plan(spec, res)
		for i := range ev.items {
			switch ev.items[i].Kind {
			case "table":
				st.tables++
				ev.items[i].Number = st.tables
			case "figure":
				st.figures++
				ev.items[i].Number = st.figures
			}
		}
		st.byNode[d.Node] = ev
	}
}

// renderDirective is the Markdown hook for fenced directives.
func (r *Prepared) renderDirective(w util.BufWriter, d *markdown.Directive) {
	if d.Type == bibliographyFence {
		r.renderBibliography(w, d)
		return
	}
	ev := r.dirs.byNode[d.Node]
	if ev == nil || ev.res == nil {
		w.WriteString(`<pre class="code directive-error"><code>` + html.EscapeString(string(d.Body)) + "</code></pre>\n")
		return
	}
	out, err := directive.Render(ev.spec, ev.res, ev.items, r.directiveMath)
	if err != nil {
		r.directiveError(d, &directive.Error{Msg: err.Error()})
		return
	}
	w.WriteString(out)
}

// directiveMath converts the TeX a directive writes (worked sums).
func (r *Prepared) directiveMath(tex string, display bool) (string, error) {
	return r.opts.Formulas.Convert(tex, display)
}

// renderNumRole writes {num}`mix.weights[0][2]` as the certified value.
func (r *Prepared) renderNumRole(w util.BufWriter, role *markdown.Role) {
	text, err := r.numText(role)
	if errors.Is(err, directive.ErrFailed) {
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	if err != nil {
		r.spanAt(role.ContentOffset, role.ContentOffset+len(role.Content), "{num}`%s`: %v", role.Content, err)
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	w.WriteString(`<span class="num">` + html.EscapeString(text) + "</span>")
}

func (r *Prepared) numText(role *markdown.Role) (string, error) {
	digits, err := numDigits(role.Arg)
	if err != nil {
		return "", err
	}
	return r.numValue(role.Content, digits)
}

// numDigits reads the places of {num:d} ("": -1, the directive's own).
func numDigits(arg string) (int, error) {
	if arg == "" {
		return -1, nil
	}
	d, err := strconv.Atoi(arg)
	if err != nil || d < 0 || d > 30 {
		return 0, fmt.Errorf("digits %q: expected a whole number from 0 to 30, as in {num:6}", arg)
	}
	return d, nil
}

// numValue is the certified text a reference names at digits places, as
// evaluateNums certified it: rendering does not run the engine.
func (r *Prepared) numValue(content string, digits int) (string, error) {
	v, ok := r.dirs.nums[numKey{content, digits}]
	if !ok {
		return "", fmt.Errorf("internal error: the value was not evaluated before rendering")
	}
	return v.text, v.err
}

// evaluateNums certifies every value the page quotes, in its {num} roles
// and in the \num commands of its math (found by parsing each formula as
// rendering will, with the values themselves), so that rendering only
// looks them up. It is the only place a quote may run the engine: for a
// number of places its directive was not evaluated at, such as an
// imported lab's value at {num:6}.
func (r *Prepared) evaluateNums(doc *markdown.Document) {
	r.dirs.nums = map[numKey]numResult{}
	macrosQuote := false // a macro may expand to \num
	for _, body := range r.page.Macros {
		macrosQuote = macrosQuote || strings.Contains(body, `\num`)
	}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		if r.cancelled() {
			return ast.WalkStop // the build is abandoned, and with it this page (see Options)
		}
		var m *markdown.MathSource
		switch t := n.(type) {
		case *markdown.Role:
			if t.Name == "num" {
				if digits, err := numDigits(t.Arg); err == nil {
					r.certify(t.Content, digits)
				}
			}
			return ast.WalkContinue
		case *markdown.Math:
			if t.Unclosed {
				return ast.WalkContinue // rendered as its opener
			}
			m = &t.MathSource
		case *markdown.MathBlock:
			m = &t.MathSource
		default:
			return ast.WalkContinue
		}
		if macrosQuote || strings.Contains(m.TeX, `\num`) {
			texmath.Number(m.TeX, r.mathOptions(m, func(ref string, digits int) (string, error) {
				return mathTeX(r.certify(ref, digits))
			}))
		}
		return ast.WalkContinue
	})
}

// certify evaluates the certified text a reference names ("0.5329",
// "(1.1312, 0.8688)"), at digits places (-1: the directive's own), once
// per page, and records it for numValue.
func (r *Prepared) certify(content string, digits int) (string, error) {
	k := numKey{content, digits}
	if v, ok := r.dirs.nums[k]; ok {
		return v.text, v.err
	}
	text, err := r.lookupNum(content, digits)
	r.dirs.nums[k] = numResult{text, err}
	return text, err
}

func (r *Prepared) lookupNum(content string, digits int) (string, error) {
	ref, err := directive.ParseReference(content)
	if err != nil {
		return "", err
	}
	res, err := r.dirs.scope.LookupRef(&ref)
	if err != nil {
		return "", err
	}
	if digits >= 0 {
		if res, err = r.opts.Runner.WithDigits(res, digits); err != nil {
			return "", err
		}
	}
	return directive.Format(res, ref, digits)
}

// mathNum resolves \num{ref} in the page's math to the TeX of the
// certified value. A reference to a directive that failed gives a
// placeholder and no error: that directive's errors are reported already.
func (r *Prepared) mathNum(content string, digits int) (string, error) {
	return mathTeX(r.numValue(content, digits))
}

// mathTeX is the TeX that stands for a certified value in math.
func mathTeX(text string, err error) (string, error) {
	if errors.Is(err, directive.ErrFailed) {
		return `\text{?}`, nil
	}
	if err != nil {
		return "", err
	}
	if text == "true" || text == "false" {
		return `\text{` + text + `}`, nil
	}
	return text, nil
}

// renderRefRole writes {ref}`mix` as a link to the directive's first table
// or figure, and {ref}`mix.weights` or {ref}`mix.figure` to that item.
func (r *Prepared) renderRefRole(w util.BufWriter, role *markdown.Role) {
	name, part, _ := strings.Cut(role.Content, ".")
	ev := r.dirs.byName[name]
	if ev != nil && ev.failed {
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	if ev == nil || ev.res == nil {
		names := make([]string, 0, len(r.dirs.byName))
		for n := range r.dirs.byName {
			names = append(names, n)
		}
		r.spanAt(role.ContentOffset, role.ContentOffset+len(role.Content), "{ref}`%s`: unknown directive name %q%s", role.Content, name, diag.DidYouMean(name, names))
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	for _, it := range ev.items {
		if it.Number == 0 || (part != "" && it.Show != part) {
			continue
		}
		label := "Table"
		if it.Kind == "figure" {
			label = "Figure"
		}
		fmt.Fprintf(w, `<a class="ref" href="#%s">%s %d</a>`, html.EscapeString(it.ID), label, it.Number)
		return
	}
	what := "no numbered table or figure"
	if part != "" {
		what = fmt.Sprintf("no numbered table or figure for %q", part)
	}
	r.spanAt(role.ContentOffset, role.ContentOffset+len(role.Content), "{ref}`%s`: %q shows %s", role.Content, name, what)
	w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
}

// handTypedDecimals calls fn with the start and end of every decimal
// written in prose or math: digits, a point and digits, as in 0.25 or .5,
// after an optional minus sign, at the start of text or after a byte that
// is none of a letter, digit, _, ".", ":", "/", "\\" or "-". (The regexp
// (^|[^\w.:/\\-])-?(\d*\.\d+) finds the same, more slowly.)
func handTypedDecimals(text string, fn func(start, end int)) {
	for i := 0; i < len(text); i++ {
		if c := text[i]; !(c >= '0' && c <= '9' || c == '.' || c == '-') {
			continue
		}
		if i > 0 {
			if b := text[i-1]; b < utf8.RuneSelf && (isWordByte(b) || strings.IndexByte(".:/\\-", b) >= 0) {
				continue
			}
		}
		j := i
		if text[j] == '-' {
			j++
		}
		start := j
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j == len(text) || text[j] != '.' {
			continue
		}
		end := j + 1
		for end < len(text) && text[end] >= '0' && text[end] <= '9' {
			end++
		}
		if end == j+1 {
			continue
		}
		fn(start, end)
		i = end - 1
	}
}

// significantDigits counts the significant digits of a decimal such as
// 0.2992 (4) or 1.50 (3).
func significantDigits(s string) int {
	s = strings.TrimLeft(strings.ReplaceAll(s, ".", ""), "0")
	return len(s)
}

// warnHandTyped warns about decimals with three or more significant
// digits typed in the prose or math of a page with directives: such
// numbers should be quoted with {num} so the build checks them.
func (r *Prepared) warnHandTyped(doc *markdown.Document) {
	if len(r.dirs.byName) == 0 {
		return
	}
	check := func(text string, offset func(int) int) {
		handTypedDecimals(text, func(from, to int) {
			num := text[from:to]
			if to < len(text) && (text[to] == '.' || isWordByte(text[to])) {
				return
			}
			if significantDigits(num) >= 3 {
				start := r.page.BodyOffset + offset(from)
				r.list.Add(r.page.Source.Span(start, start+len(num), diag.Warning, "number %s is typed by hand; quote it with {num}", num))
			}
		})
	}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch t := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.RawHTML:
			return ast.WalkSkipChildren
		case *ast.Text:
			start := t.Segment.Start
			check(string(t.Segment.Value(doc.Source)), func(i int) int { return start + i })
		case *markdown.Math:
			check(t.TeX, t.SourceOffset)
		case *markdown.MathBlock:
			check(t.TeX, t.SourceOffset)
		}
		return ast.WalkContinue
	})
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
