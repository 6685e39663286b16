package directive

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
)

// point is a 2-D point with a label.
type point struct {
	x, y  float64
	label string
	text  string // coordinates as shown in the description
}

// svgCoord writes a coordinate with two decimals, enough for 320 px.
func svgCoord(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// renderFigure draws 2-D vectors as arrows from the origin: the values
// with their convex hull and the outputs ({attention}), or the vectors,
// the target and its projection ({span}).
func renderFigure(b *strings.Builder, spec *Spec, res *Result, it Item) error {
	var base, extra []point
	var desc string
	switch res.Type {
	case "attention":
		v := res.Inputs["v"].Rows
		if len(v[0]) != 2 {
			return fmt.Errorf("show: figure needs 2-dimensional values, but v has %d columns", len(v[0]))
		}
		base = vectorPoints(v, "v")
		o, _ := res.Decimal("output", res.Digits)
		out := res.Fields["output"]
		for i := 0; i < out.Shape[0]; i++ {
			label := "o"
			if out.Shape[0] > 1 {
				label = "o" + subscript(i+1)
			}
			extra = append(extra, point{out.Values[2*i], out.Values[2*i+1], label, "(" + o.Values[2*i] + ", " + o.Values[2*i+1] + ")"})
		}
		desc = fmt.Sprintf("Value vectors %s drawn as arrows from the origin, with their convex hull shaded; the output %s lies inside the hull.", describe(base), describe(extra))
	case "span":
		v := res.Inputs["vectors"].Rows
		if len(v[0]) != 2 {
			return fmt.Errorf("show: figure needs 2-dimensional vectors, but the vectors have %d entries", len(v[0]))
		}
		base = vectorPoints(v, "v")
		t := res.Inputs["target"].Rows[0]
		extra = append(extra, numericPoint(t, "t"))
		p, _ := res.Decimal("projection", res.Digits)
		pf := res.Fields["projection"].Values
		if !res.InSpan {
			extra = append(extra, point{pf[0], pf[1], "p", "(" + p.Values[0] + ", " + p.Values[1] + ")"})
		}
		desc = fmt.Sprintf("Vectors %s drawn as arrows from the origin, with the target %s.", describe(base), describe(extra))
	default:
		return fmt.Errorf("show: figure is only available for {attention} and {span}")
	}
	writeVectorSVG(b, spec, it, base, extra, desc, res.Type == "attention")
	return nil
}

func vectorPoints(rows [][]string, name string) []point {
	out := make([]point, len(rows))
	for i, r := range rows {
		out[i] = numericPoint(r, name+subscript(i+1))
	}
	return out
}

func numericPoint(xs []string, label string) point {
	x, _ := strconv.ParseFloat(xs[0], 64)
	y, _ := strconv.ParseFloat(xs[1], 64)
	return point{x, y, label, "(" + xs[0] + ", " + xs[1] + ")"}
}

func describe(ps []point) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.label + " = " + p.text
	}
	return strings.Join(parts, ", ")
}

// hull returns the convex hull of ps in counter-clockwise order (Andrew's
// monotone chain).
func hull(ps []point) []point {
	pts := append([]point(nil), ps...)
	sort.Slice(pts, func(i, j int) bool {
		if pts[i].x != pts[j].x {
			return pts[i].x < pts[j].x
		}
		return pts[i].y < pts[j].y
	})
	if len(pts) < 3 {
		return pts
	}
	cross := func(o, a, b point) float64 { return (a.x-o.x)*(b.y-o.y) - (a.y-o.y)*(b.x-o.x) }
	var lower, upper []point
	for _, p := range pts {
		for len(lower) >= 2 && cross(lower[len(lower)-2], lower[len(lower)-1], p) <= 0 {
			lower = lower[:len(lower)-1]
		}
		lower = append(lower, p)
	}
	for i := len(pts) - 1; i >= 0; i-- {
		p := pts[i]
		for len(upper) >= 2 && cross(upper[len(upper)-2], upper[len(upper)-1], p) <= 0 {
			upper = upper[:len(upper)-1]
		}
		upper = append(upper, p)
	}
	return append(lower[:len(lower)-1], upper[:len(upper)-1]...)
}

func writeVectorSVG(b *strings.Builder, spec *Spec, it Item, base, extra []point, desc string, drawHull bool) {
	const size, pad = 320.0, 36.0
	minX, maxX, minY, maxY := 0.0, 0.0, 0.0, 0.0
	for _, p := range append(append([]point(nil), base...), extra...) {
		minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
		minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
	}
	span := math.Max(maxX-minX, maxY-minY)
	if span == 0 {
		span = 1
	}
	scale := (size - 2*pad) / span
	px := func(x float64) float64 { return pad + (x-minX)*scale }
	py := func(y float64) float64 { return size - pad - (y-minY)*scale }
	id := html.EscapeString(it.ID)
	fmt.Fprintf(b, `<figure class="figure" id="%s">`+"\n", id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc">`+"\n", int(size), int(size), int(size), int(size), id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`+"\n", id, html.EscapeString(figureTitle(spec)))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`+"\n", id, html.EscapeString(desc))
	fmt.Fprintf(b, `<defs><marker id="%s-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="fig-head"/></marker>`, id)
	fmt.Fprintf(b, `<marker id="%s-head-out" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="fig-head-out"/></marker></defs>`+"\n", id)
	fmt.Fprintf(b, `<line class="fig-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, svgCoord(pad/2), svgCoord(py(0)), svgCoord(size-pad/2), svgCoord(py(0)))
	fmt.Fprintf(b, `<line class="fig-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", svgCoord(px(0)), svgCoord(pad/2), svgCoord(px(0)), svgCoord(size-pad/2))
	if drawHull && len(base) >= 2 {
		var pts []string
		for _, p := range hull(base) {
			pts = append(pts, svgCoord(px(p.x))+","+svgCoord(py(p.y)))
		}
		fmt.Fprintf(b, `<polygon class="fig-hull" points="%s"/>`+"\n", strings.Join(pts, " "))
	}
	var placed [][2]float64
	arrow := func(p point, class, head string) {
		fmt.Fprintf(b, `<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" marker-end="url(#%s-%s)"/>`, class, svgCoord(px(0)), svgCoord(py(0)), svgCoord(px(p.x)), svgCoord(py(p.y)), id, head)
		dx, dy := p.x, p.y
		norm := math.Hypot(dx, dy)
		if norm == 0 {
			norm = 1
		}
		lx, ly := px(p.x)+10*dx/norm, py(p.y)-10*dy/norm
		// Move a label down until it clears the labels already placed.
		for i := 0; i < len(placed); i++ {
			if math.Abs(placed[i][0]-lx) < 22 && math.Abs(placed[i][1]-ly) < 15 {
				ly += 15
				i = -1
			}
		}
		placed = append(placed, [2]float64{lx, ly})
		anchor := "start"
		if dx < 0 {
			anchor = "end"
		}
		fmt.Fprintf(b, `<text class="%s-label" x="%s" y="%s" text-anchor="%s" dominant-baseline="middle">%s</text>`+"\n", class, svgCoord(lx), svgCoord(ly), anchor, html.EscapeString(p.label))
	}
	for _, p := range base {
		arrow(p, "fig-vec", "head")
	}
	for _, p := range extra {
		arrow(p, "fig-out", "head-out")
	}
	b.WriteString("</svg>\n")
	fmt.Fprintf(b, "<figcaption>%s</figcaption>\n</figure>\n", caption(spec, "figure", it.Number, "vectors"))
}

// figureTitle is the directive's caption without a final period, or its
// name.
func figureTitle(spec *Spec) string {
	if c := strings.TrimSpace(spec.Caption); c != "" {
		return strings.TrimSuffix(c, ".")
	}
	return spec.Name
}

// renderHeatmap draws a matrix field as a grid of cells shaded by value,
// with labelled rows and columns and the certified value in each cell.
func renderHeatmap(b *strings.Builder, spec *Spec, res *Result, it Item) {
	t := res.Fields[it.Field]
	d, _ := res.Decimal(it.Field, res.Digits)
	values, texts, shape := t.Values, d.Values, t.Shape
	if it.Head >= 0 {
		per := shape[1] * shape[2]
		values, texts, shape = values[it.Head*per:(it.Head+1)*per], texts[it.Head*per:(it.Head+1)*per], shape[1:]
	}
	rows, cols := 1, shape[len(shape)-1]
	if len(shape) == 2 {
		rows = shape[0]
	}
	rl, cl, _ := labels(res, it.Field, rows, cols)
	maxAbs := 0.0
	for _, v := range values {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	cellW := 14.0 + 9.0*float64(res.Digits+3)
	const cellH, left, top = 30.0, 52.0, 26.0
	width, height := left+cellW*float64(cols)+4, top+cellH*float64(rows)+4
	id := html.EscapeString(it.ID)
	what := fieldTitle(res, it.Field, it.Head)
	fmt.Fprintf(b, `<figure class="figure heatmap" id="%s">`+"\n", id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc">`+"\n", svgCoord(width), svgCoord(height), svgCoord(width), svgCoord(height), id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s — %s</title>`+"\n", id, html.EscapeString(figureTitle(spec)), html.EscapeString(what))
	fmt.Fprintf(b, `<desc id="%s-desc">Heatmap of %s with %d rows (%s) and %d columns (%s); darker cells hold larger magnitudes, and each cell shows its value.</desc>`+"\n",
		id, html.EscapeString(what), rows, html.EscapeString(strings.Join(rl, ", ")), cols, html.EscapeString(strings.Join(cl, ", ")))
	for j := 0; j < cols; j++ {
		fmt.Fprintf(b, `<text class="heat-label" x="%s" y="%s" text-anchor="middle">%s</text>`, svgCoord(left+cellW*(float64(j)+0.5)), svgCoord(top-8), html.EscapeString(cl[j]))
	}
	b.WriteString("\n")
	for i := 0; i < rows; i++ {
		y := top + cellH*float64(i)
		fmt.Fprintf(b, `<text class="heat-label" x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`, svgCoord(left-8), svgCoord(y+cellH/2), html.EscapeString(rl[i]))
		for j := 0; j < cols; j++ {
			v := values[i*cols+j]
			class := "heat-cell"
			if v < 0 {
				class = "heat-cell heat-neg"
			}
			x := left + cellW*float64(j)
			opacity := 0.08 + 0.8*math.Abs(v)/maxAbs
			fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s" fill-opacity="%s"/>`, class, svgCoord(x), svgCoord(y), svgCoord(cellW), svgCoord(cellH), strconv.FormatFloat(opacity, 'f', 3, 64))
			textClass := "heat-value"
			if opacity > 0.55 {
				textClass += " heat-strong"
			}
			fmt.Fprintf(b, `<text class="%s" x="%s" y="%s" text-anchor="middle" dominant-baseline="middle">%s</text>`, textClass, svgCoord(x+cellW/2), svgCoord(y+cellH/2), html.EscapeString(texts[i*cols+j]))
		}
		b.WriteString("\n")
	}
	b.WriteString("</svg>\n")
	fmt.Fprintf(b, "<figcaption>%s</figcaption>\n</figure>\n", caption(spec, "figure", it.Number, "heatmap of "+what))
}
