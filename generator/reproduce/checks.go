package reproduce

import (
	"fmt"
	"strconv"
	"strings"

	"paperlab/compute"
	"paperlab/generator/directive"
	"paperlab/generator/yamltree"
)

// shownFields lists the result fields a directive's output shows as
// numbers, in the order it shows them: tables, heatmap cells, worked sums,
// figure labels and span verdicts. A {matrix} shows its inputs only.
func shownFields(spec *directive.Spec, res *directive.Result) []string {
	if res.Type == "matrix" {
		return nil
	}
	var out []string
	add := func(fs ...string) {
		for _, f := range fs {
			if _, ok := res.Fields[f]; ok && !contains(out, f) {
				out = append(out, f)
			}
		}
	}
	for _, s := range spec.Show {
		switch s {
		case "checks":
		case "table":
			// One table of every field ({score-stats}).
			add(res.Order...)
		case "heatmap":
			add(heatmapField(res))
		case "sum":
			add("weights", "output")
		case "figure":
			if res.Type == "attention" {
				add("output")
			} else if res.Type == "span" && !res.InSpan {
				add("projection")
			}
		case "span":
			if res.Type == "span" {
				add("coefficients")
				if !res.InSpan {
					add("projection", "residual")
				}
			}
		default:
			add(s)
		}
	}
	return out
}

// heatmapField is the field a heatmap shows (as directive.Plan picks it).
func heatmapField(res *directive.Result) string {
	switch res.Type {
	case "attention":
		return "weights"
	case "multihead":
		return "head_weights"
	case "positional-encoding":
		return "pe"
	}
	return res.Order[0]
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// directiveChecks compares what the page shows of one directive, and the
// values its expect lists, with NumPy's results.
func (g *gen) directiveChecks(d Directive) string {
	spec, res := d.Spec, d.Result
	py := g.names[spec.Name]
	var b strings.Builder
	for _, f := range shownFields(spec, res) {
		dec, ok := res.Decimal(f, res.Digits)
		if !ok {
			continue
		}
		b.WriteString(g.compare(spec.Name+"."+f, py+"."+f, dec.Shape, dec.Values))
	}
	switch {
	case res.Type == "span" && contains(spec.Show, "span"):
		b.WriteString(g.exact(spec.Name+".rank", py+".rank", strconv.Itoa(res.Rank)))
		b.WriteString(g.exact(spec.Name+".in_span", py+".in_span", pyBool(res.InSpan)))
	case res.Type == "attention" && contains(spec.Show, "span"):
		v, _ := g.input(spec, res, compute.InputSpec{Name: "v", Kind: compute.MatrixInput})
		b.WriteString(g.exact("rank of the values of "+spec.Name, "int(np.linalg.matrix_rank("+v+"))", strconv.Itoa(res.Rank)))
	}
	for _, e := range spec.Expect {
		switch {
		case res.Type == "span" && e.Field == "rank":
			b.WriteString(g.exact(spec.Name+".rank", py+".rank", e.Value.Text))
		case res.Type == "span" && e.Field == "in_span":
			b.WriteString(g.exact(spec.Name+".in_span", py+".in_span", pyBool(e.Value.Text == "true")))
		default:
			t, ok := res.Fields[e.Field]
			if !ok {
				continue
			}
			var vals []string
			flatten(e.Value, &vals)
			if len(vals) != product(t.Shape) {
				continue
			}
			b.WriteString(g.compare(spec.Name+"."+e.Field+" (expect)", py+"."+e.Field, t.Shape, vals))
		}
	}
	return b.String()
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func product(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

// flatten collects the scalars of a YAML list in order.
func flatten(n *yamltree.Node, out *[]string) {
	if n.Kind == yamltree.List {
		for _, it := range n.Items {
			flatten(it, out)
		}
		return
	}
	*out = append(*out, n.Text)
}

// compare writes check(label, expr, shown) unless every value was
// compared before at the same places.
func (g *gen) compare(label, expr string, shape []int, values []string) string {
	keys := make([]string, len(values))
	var b []byte
	for i, v := range values {
		_, frac, _ := strings.Cut(v, ".")
		// expr, its index ([i][j]) and the places: "%s%s@%d".
		b = appendIndex(append(b[:0], expr...), unflat(shape, i))
		b = append(b, '@')
		b = strconv.AppendInt(b, int64(len(frac)), 10)
		keys[i] = string(b)
	}
	if !g.fresh(keys) {
		return ""
	}
	shown := nested(shape, values)
	if strings.Contains(shown, "\n") {
		return fmt.Sprintf("check(%s, %s, %s)\n", strconv.Quote(label), expr, shown)
	}
	return callText("check", []string{strconv.Quote(label), expr, shown})
}

// exact writes check_exact(label, expr, shown) once per label.
func (g *gen) exact(label, expr, shown string) string {
	if !g.fresh([]string{expr + "=exact"}) {
		return ""
	}
	return fmt.Sprintf("check_exact(%s, %s, %s)\n", strconv.Quote(label), expr, shown)
}

// unflat turns a position in row-major values into an index.
func unflat(shape []int, i int) []int {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = i % shape[k]
		i /= shape[k]
	}
	return idx
}

// quotes checks the numbers the prose quotes with {num} that no table or
// figure of the page showed at the same places.
func (g *gen) quotes() (cell, bool) {
	var b strings.Builder
	sec := Section{Title: "\x00"}
	for _, q := range g.page.Quotes {
		line := g.quote(q)
		if line == "" {
			continue
		}
		if q.Section != sec {
			title := q.Section.Title
			if title == "" {
				title = "top of the page"
			}
			fmt.Fprintf(&b, "# %s\n", title)
			sec = q.Section
		}
		b.WriteString(line)
	}
	if b.Len() == 0 {
		return cell{}, false
	}
	return cell{text: "The numbers quoted in the prose ({num}) that no table or figure above already checked.", code: b.String()}, true
}

func (g *gen) quote(q Quote) string {
	r := q.Ref
	label := r.Name
	if r.Field != "" {
		label += "." + r.Field
	}
	label += index(r.Index)
	if q.Written != "" {
		label = q.Written
	}
	if r.Lab != "" {
		return fmt.Sprintf("# %s is quoted from the lab %s; that lab's reproduce.py checks it.\n", label, r.Lab)
	}
	py, ok := g.names[r.Name]
	if !ok {
		return ""
	}
	var res *directive.Result
	for _, d := range g.page.Directives {
		if d.Spec.Name == r.Name {
			res = d.Result
		}
	}
	if _, known := g.ems[res.Type]; !known {
		return ""
	}
	if res.Type == "span" && (r.Field == "rank" || r.Field == "in_span") {
		shown := q.Text
		if r.Field == "in_span" {
			shown = pyBool(q.Text == "true")
		}
		return g.exact(label, py+"."+r.Field, shown)
	}
	expr := py
	if res.Type != "matrix" {
		expr += "." + r.Field
	}
	expr += index(r.Index)
	if strings.HasPrefix(q.Text, "(") {
		parts := strings.Split(strings.Trim(q.Text, "()"), ", ")
		return g.compare(label, expr, []int{len(parts)}, parts)
	}
	return g.compare(label, expr, nil, []string{q.Text})
}
