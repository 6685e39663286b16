package directive

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
)

// Item is one rendered piece of a directive: a table, a figure, a worked
// sum, a span verdict or the list of checks.
type Item struct {
	Kind   string // "table", "figure", "sum", "span" or "checks"
	Show   string // the show entry it comes from
	Field  string // for tables and heatmaps
	Head   int    // for per-head fields: which head (−1 otherwise)
	ID     string // the HTML id
	Number int    // table or figure number on the page, set by the caller
}

// Plan lists the items a directive renders, in order. Table and figure
// numbers are left to the caller, which numbers them across the page.
func Plan(spec *Spec, res *Result) []Item {
	var items []Item
	for _, s := range spec.Show {
		switch s {
		case "table":
			items = append(items, Item{Kind: "table", Show: s, Head: -1, ID: spec.Name + "-table"})
		case "sum", "span", "checks":
			items = append(items, Item{Kind: s, Show: s, Head: -1, ID: spec.Name + "-" + s})
		case "figure":
			items = append(items, Item{Kind: "figure", Show: s, Head: -1, ID: spec.Name + "-figure"})
		case "heatmap":
			field := heatmapField(res)
			t := res.Fields[field]
			if len(t.Shape) == 3 {
				for h := 0; h < t.Shape[0]; h++ {
					items = append(items, Item{Kind: "figure", Show: s, Field: field, Head: h, ID: fmt.Sprintf("%s-heatmap-%d", spec.Name, h+1)})
				}
			} else {
				items = append(items, Item{Kind: "figure", Show: s, Field: field, Head: -1, ID: spec.Name + "-heatmap"})
			}
		default:
			t := res.Fields[s]
			if len(t.Shape) == 3 {
				for h := 0; h < t.Shape[0]; h++ {
					items = append(items, Item{Kind: "table", Show: s, Field: s, Head: h, ID: fmt.Sprintf("%s-%s-%d", spec.Name, s, h+1)})
				}
			} else {
				items = append(items, Item{Kind: "table", Show: s, Field: s, Head: -1, ID: spec.Name + "-" + s})
			}
		}
	}
	return items
}

// heatmapField is the matrix a heatmap shows.
func heatmapField(res *Result) string {
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

// MathFunc converts TeX to MathML.
type MathFunc func(tex string, display bool) (string, error)

// Render writes the directive's items as HTML: a <div class="result"> with
// the tables and figures, then a "verified" mark that expands to the
// checks.
func Render(spec *Spec, res *Result, items []Item, math MathFunc) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="result result-%s" id="result-%s">`+"\n", res.Type, html.EscapeString(spec.Name))
	for _, it := range items {
		var err error
		switch it.Kind {
		case "table":
			if it.Show == "table" {
				renderStatsTable(&b, spec, res, it)
			} else {
				renderTable(&b, spec, res, it)
			}
		case "figure":
			if it.Show == "heatmap" {
				renderHeatmap(&b, spec, res, it)
			} else {
				err = renderFigure(&b, spec, res, it)
			}
		case "sum":
			err = renderSum(&b, spec, res, it, math)
		case "span":
			err = renderSpan(&b, spec, res, it, math)
		case "checks":
			renderChecks(&b, res, it.ID, true, math)
		}
		if err != nil {
			return "", err
		}
	}
	// A {matrix} only shows its entries as written: nothing was computed,
	// so there is nothing to verify.
	if !slices.Contains(spec.Show, "checks") && res.Type != "matrix" {
		renderChecks(&b, res, "", false, math)
	}
	b.WriteString("</div>\n")
	return b.String(), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// subscript writes a number with Unicode subscript digits: 12 → ₁₂.
func subscript(n int) string {
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteRune('₀' + (c - '0'))
	}
	return b.String()
}

// labels gives the row and column labels of a field's table.
func labels(res *Result, field string, rows, cols int) (rowLabels, colLabels []string, corner string) {
	seq := func(prefix string, n int, from int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = prefix + subscript(i+from)
		}
		return out
	}
	num := func(n int, from int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i + from)
		}
		return out
	}
	switch {
	case res.Type == "attention" && (field == "scores" || field == "weights"):
		return seq("q", rows, 1), seq("k", cols, 1), ""
	case res.Type == "attention" && field == "output":
		return seq("o", rows, 1), num(cols, 1), ""
	case res.Type == "multihead" && field == "head_weights":
		return seq("q", rows, 1), seq("k", cols, 1), ""
	case res.Type == "multihead":
		return seq("q", rows, 1), num(cols, 1), ""
	case res.Type == "matrix":
		name := strings.ToLower(res.Name)
		if len([]rune(name)) == 1 {
			return seq(name, rows, 1), num(cols, 1), ""
		}
		return num(rows, 1), num(cols, 1), ""
	case res.Type == "positional-encoding":
		return num(rows, 0), num(cols, 0), "pos \\ i"
	case res.Type == "linear-map":
		return seq("y", rows, 1), num(cols, 1), ""
	case res.Type == "softmax":
		return []string{"y"}, seq("y", cols, 1), ""
	case res.Type == "similarity" && (field == "dot" || field == "cosine"):
		return seq("q", rows, 1), seq("k", cols, 1), ""
	case res.Type == "similarity":
		return []string{"‖·‖"}, seq(field[:1], cols, 1), ""
	case res.Type == "score-stats":
		return []string{fieldTitle(res, field, -1)}, dimLabels(res), ""
	case res.Type == "pe-shift" && field == "shift_map":
		return num(rows, 0), num(cols, 0), "i \\ j"
	case res.Type == "pe-shift":
		return num(rows, 0), num(cols, 0), "pos \\ i"
	case res.Type == "span" && field == "coefficients":
		return []string{"c"}, seq("v", cols, 1), ""
	case res.Type == "span":
		return []string{field}, num(cols, 1), ""
	}
	return num(rows, 1), num(cols, 1), ""
}

// fieldTitle names a field in captions and figure titles, in words:
// "attention weights", "outputs", "attention weights of head 2".
func fieldTitle(res *Result, field string, head int) string {
	t := fieldWords(res.Type, field, head)
	if f, ok := res.Fields[field]; ok && t == "outputs" {
		rows := 1
		switch len(f.Shape) {
		case 2:
			rows = f.Shape[0]
		case 3:
			rows = f.Shape[1]
		}
		if rows == 1 {
			t = "output"
		}
	}
	return t
}

func fieldWords(typ, field string, head int) string {
	t := strings.ReplaceAll(field, "_", " ")
	switch {
	case field == "rows":
		t = "entries"
	case typ == "attention" && (field == "scores" || field == "weights"):
		t = "attention " + field
	case typ == "attention" && field == "output", typ == "multihead" && field == "output":
		t = "outputs"
	case typ == "multihead" && field == "head_weights":
		t = "attention weights"
	case typ == "multihead" && field == "head_outputs":
		t = "outputs"
	case typ == "softmax" && field == "y":
		t = "softmax weights"
	case typ == "linear-map" && field == "y":
		t = "outputs"
	case field == "pe":
		t = "positional encodings"
	case typ == "span" && field == "coefficients":
		t = "coefficients of the vectors"
	case typ == "span" && field == "projection":
		t = "projection of the target onto the span"
	case typ == "span" && field == "residual":
		t = "length of the residual"
	case typ == "similarity" && field == "dot":
		t = "dot products"
	case typ == "similarity" && field == "cosine":
		t = "cosine similarities"
	case field == "shift_map":
		t = "the shift map M"
	case field == "shifted":
		t = "PE(pos + k), computed directly"
	case field == "mapped":
		t = "PE(pos) M, the shift as a linear map"
	}
	if head >= 0 {
		t = fmt.Sprintf("%s of head %d", t, head+1)
	}
	return t
}

// figureWords describes the vector figure of a directive type.
func figureWords(typ string) string {
	if typ == "span" {
		return "the vectors, the target and its projection onto their span"
	}
	return "the value vectors, their convex hull and the output"
}

// caption writes a numbered caption such as "Table 3: Attention weights."
// An author's caption given per item (caption: {weights: …}) goes to that
// item (each head's table or heatmap says which head it shows); a single
// caption goes to the directive's main item: its vector figure if it shows
// one, else its first table or figure. The other items are described in
// words. No other text is added to the author's caption.
//
// what says which item it is: "vectors" for the vector figure, "heatmap
// of …" for a heatmap, a field title (fieldTitle) for a table.
func caption(spec *Spec, kind string, number int, what string) string {
	show := "figure"
	if kind == "figure" && what != "vectors" {
		show = "heatmap"
	}
	return captionFor(spec, kind, show, number, what)
}

// captionFor is caption for the item of the show entry show.
func captionFor(spec *Spec, kind, show string, number int, what string) string {
	label := "Table"
	if kind == "figure" {
		label = "Figure"
	}
	head := ""
	if i := strings.LastIndex(what, " of head "); i >= 0 {
		head = what[i+len(" of "):]
	}
	text := ""
	if c, ok := spec.Captions[show]; ok {
		text = strings.TrimSpace(c)
		if text != "" && head != "" {
			text += " (" + head + ")"
		}
	} else if head == "" || head == "head 1" {
		if isMainItem(spec, show) {
			text = strings.TrimSpace(spec.Caption)
		}
	}
	if text == "" {
		text = what
		if show == "figure" {
			text = figureWords(spec.Type)
		}
		text = strings.ToUpper(text[:1]) + text[1:] + "."
	}
	return fmt.Sprintf("%s %d: %s", label, number, html.EscapeString(text))
}

// isMainItem reports whether the item of the show entry show is the one a
// single author's caption describes: the vector figure if the directive
// shows one, else its first numbered item.
func isMainItem(spec *Spec, show string) bool {
	if slices.Contains(spec.Show, "figure") {
		return show == "figure"
	}
	numbered := numberedShow(spec.Show)
	return len(numbered) > 0 && numbered[0] == show
}

// renderTable writes one field (or one head of a per-head field) as a
// table of certified decimals (a {matrix}: its entries as written).
func renderTable(b *strings.Builder, spec *Spec, res *Result, it Item) {
	t := res.Fields[it.Field]
	d, _ := res.Decimal(it.Field, res.Digits)
	values := d.Values
	shape := t.Shape
	if it.Head >= 0 {
		per := shape[1] * shape[2]
		values = values[it.Head*per : (it.Head+1)*per]
		shape = shape[1:]
	}
	if res.Type == "matrix" {
		values = nil
		for _, row := range res.Inputs["rows"].Rows {
			values = append(values, row...)
		}
	}
	rows, cols := 1, 1
	switch len(shape) {
	case 1:
		cols = shape[0]
	case 2:
		rows, cols = shape[0], shape[1]
	}
	rl, cl, corner := labels(res, it.Field, rows, cols)
	write(b, `<div class="table-wrap"><table id="`, html.EscapeString(it.ID), "\">\n")
	what := fieldTitle(res, it.Field, it.Head)
	if res.Type == "matrix" {
		what = "the matrix " + spec.Name
	}
	write(b, "<caption>", captionFor(spec, "table", it.Show, it.Number, what), "</caption>\n")
	write(b, `<thead><tr><td class="corner">`, html.EscapeString(corner), `</td>`)
	for _, c := range cl {
		write(b, `<th scope="col" class="num">`, html.EscapeString(c), `</th>`)
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i := 0; i < rows; i++ {
		write(b, `<tr><th scope="row">`, html.EscapeString(rl[i]), `</th>`)
		for j := 0; j < cols; j++ {
			write(b, `<td class="num">`, html.EscapeString(values[i*cols+j]), `</td>`)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table></div>\n")
}

// write writes parts to b, one after the other: the rendering loops use
// it where fmt.Fprintf would parse a format for every cell.
func write(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}
