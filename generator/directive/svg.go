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

// vectorFigure is what a vector figure shows.
type vectorFigure struct {
	base []point // arrows drawn in the text colour (values, span vectors)
	outs []point // arrows drawn in the highlight colour (outputs, target)
	hull bool    // shade the convex hull of base
	// proj is the projection of the target onto the span, when the target
	// is not in it; spanDir the direction of a one-dimensional span.
	proj    *point
	spanDir *[2]float64
	desc    string
}

// renderFigure draws 2-D vectors as arrows from the origin: the values
// with their convex hull and the outputs ({attention}), or the vectors,
// the target and its projection ({span}).
func renderFigure(b *strings.Builder, spec *Spec, res *Result, it Item) error {
	var f vectorFigure
	switch res.Type {
	case "attention":
		v := res.Inputs["v"].Rows
		if len(v[0]) != 2 {
			return fmt.Errorf("show: figure needs 2-dimensional values, but v has %d columns", len(v[0]))
		}
		f.base, f.hull = vectorPoints(v, "v"), true
		o, _ := res.Decimal("output", res.Digits)
		out := res.Fields["output"]
		for i := 0; i < out.Shape[0]; i++ {
			label := "o"
			if out.Shape[0] > 1 {
				label = "o" + subscript(i+1)
			}
			f.outs = append(f.outs, point{out.Values[2*i], out.Values[2*i+1], label, "(" + o.Values[2*i] + ", " + o.Values[2*i+1] + ")"})
		}
		f.desc = fmt.Sprintf("Value vectors %s drawn as arrows from the origin, with their convex hull shaded; the output %s lies inside the hull.", describe(f.base), describe(f.outs))
	case "span":
		v := res.Inputs["vectors"].Rows
		if len(v[0]) != 2 {
			return fmt.Errorf("show: figure needs 2-dimensional vectors, but the vectors have %d entries", len(v[0]))
		}
		f.base = vectorPoints(v, "v")
		t := res.Inputs["target"].Rows[0]
		f.outs = append(f.outs, numericPoint(t, "t"))
		f.desc = fmt.Sprintf("Vectors %s drawn as arrows from the origin, with the target %s.", describe(f.base), describe(f.outs))
		if !res.InSpan {
			p, _ := res.Decimal("projection", res.Digits)
			pf := res.Fields["projection"].Values
			f.proj = &point{pf[0], pf[1], "p", "(" + p.Values[0] + ", " + p.Values[1] + ")"}
			f.desc = fmt.Sprintf("Vectors %s drawn as arrows from the origin; their span is the dashed line. The target %s lies off it; its projection %s is the marked point on the line, joined to the target by the residual.", describe(f.base), describe(f.outs), describe([]point{*f.proj}))
			for _, q := range f.base {
				if q.x != 0 || q.y != 0 {
					f.spanDir = &[2]float64{q.x, q.y}
					break
				}
			}
		}
	default:
		return fmt.Errorf("show: figure is only available for {attention} and {span}")
	}
	writeVectorSVG(b, spec, it, &f)
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

// figureScene is a vector figure laid out in SVG coordinates.
type figureScene struct {
	xTicks, yTicks axisTicks
	px, py         func(float64) float64
	plot           rect
	hull           []point
	arrows         []segment // base arrows, then outs
	spanLine       *segment
	resid          *segment
	proj           *[2]float64
	labels         []figLabel
}

// layoutFigure places everything a vector figure draws: the axes and
// their ticks, the arrows, the hull or the span line, and the labels
// (placed last, clear of all of those).
func layoutFigure(f *vectorFigure) *figureScene {
	var pts [][2]float64
	for _, p := range append(append([]point(nil), f.base...), f.outs...) {
		pts = append(pts, [2]float64{p.x, p.y})
	}
	if f.proj != nil {
		pts = append(pts, [2]float64{f.proj.x, f.proj.y})
	}
	sc := &figureScene{plot: rect{figLeft, figTop, figLeft + figPlot, figTop + figPlot}}
	sc.xTicks, sc.yTicks = figureAxes(pts)
	scale := figPlot / (sc.xTicks.hi - sc.xTicks.lo)
	xlo, yhi := sc.xTicks.lo, sc.yTicks.hi
	sc.px = func(x float64) float64 { return figLeft + (x-xlo)*scale }
	sc.py = func(y float64) float64 { return figTop + (yhi-y)*scale }
	ox, oy := sc.px(0), sc.py(0)
	var marks [][2]float64 // arrow tips, the origin and the projection: labels keep clear
	var obstacles []segment
	for _, p := range append(append([]point(nil), f.base...), f.outs...) {
		s := segment{ox, oy, sc.px(p.x), sc.py(p.y)}
		sc.arrows = append(sc.arrows, s)
		obstacles = append(obstacles, s)
		marks = append(marks, [2]float64{s.x1, s.y1})
	}
	marks = append(marks, [2]float64{ox, oy})
	if f.hull && len(f.base) >= 2 {
		sc.hull = hull(f.base)
		for i, p := range sc.hull {
			q := sc.hull[(i+1)%len(sc.hull)]
			obstacles = append(obstacles, segment{sc.px(p.x), sc.py(p.y), sc.px(q.x), sc.py(q.y)})
		}
	}
	if f.spanDir != nil {
		if s, ok := clipLine(ox, oy, f.spanDir[0], -f.spanDir[1], sc.plot); ok {
			sc.spanLine = &s
			obstacles = append(obstacles, s)
		}
	}
	if f.proj != nil && len(f.outs) > 0 {
		t := f.outs[0]
		sc.proj = &[2]float64{sc.px(f.proj.x), sc.py(f.proj.y)}
		r := segment{sc.px(t.x), sc.py(t.y), sc.proj[0], sc.proj[1]}
		sc.resid = &r
		obstacles = append(obstacles, r)
		marks = append(marks, *sc.proj)
	}
	add := func(p point, class string) {
		x, y := sc.px(p.x), sc.py(p.y)
		dx, dy := x-ox, y-oy
		if n := math.Hypot(dx, dy); n > 0 {
			dx, dy = dx/n, dy/n
		} else {
			dx, dy = 1, -1
		}
		sc.labels = append(sc.labels, figLabel{text: p.label, class: class, px: x, py: y, dx: dx, dy: dy})
	}
	for _, p := range f.base {
		add(p, "fig-vec-label")
	}
	for _, p := range f.outs {
		add(p, "fig-out-label")
	}
	if f.proj != nil {
		// The projection's label goes away from the target, across the line.
		x, y := sc.proj[0], sc.proj[1]
		t := f.outs[0]
		dx, dy := x-sc.px(t.x), y-sc.py(t.y)
		if n := math.Hypot(dx, dy); n > 0 {
			dx, dy = dx/n, dy/n
		} else {
			dx, dy = 0, 1
		}
		sc.labels = append(sc.labels, figLabel{text: f.proj.label, class: "fig-proj-label", px: x, py: y, dx: dx, dy: dy})
	}
	placeLabels(sc.labels, obstacles, marks, sc.plot)
	return sc
}

// clipLine is the part inside r of the line through (x, y) with direction
// (dx, dy).
func clipLine(x, y, dx, dy float64, r rect) (segment, bool) {
	if dx == 0 && dy == 0 {
		return segment{}, false
	}
	t0, t1 := math.Inf(-1), math.Inf(1)
	for _, c := range [2][3]float64{{dx, x, 0}, {dy, y, 1}} {
		d, v := c[0], c[1]
		lo, hi := r.x0, r.x1
		if c[2] == 1 {
			lo, hi = r.y0, r.y1
		}
		if d == 0 {
			continue
		}
		a, b := (lo-v)/d, (hi-v)/d
		if a > b {
			a, b = b, a
		}
		t0, t1 = math.Max(t0, a), math.Min(t1, b)
	}
	if t0 >= t1 {
		return segment{}, false
	}
	return segment{x + t0*dx, y + t0*dy, x + t1*dx, y + t1*dy}, true
}

func writeVectorSVG(b *strings.Builder, spec *Spec, it Item, f *vectorFigure) {
	sc := layoutFigure(f)
	id := html.EscapeString(it.ID)
	c := svgCoord
	fmt.Fprintf(b, `<figure class="figure" id="%s">`+"\n", id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc">`+"\n", c(figWidth), c(figHeight), c(figWidth), c(figHeight), id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`+"\n", id, html.EscapeString(figureTitle(spec)))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`+"\n", id, html.EscapeString(f.desc))
	b.WriteString("<defs>")
	for _, m := range []string{"head", "head-out"} {
		fmt.Fprintf(b, `<marker id="%s-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="fig-%s"/></marker>`, id, m, m)
	}
	b.WriteString("</defs>\n")
	// Grid and ticks.
	b.WriteString(`<g class="fig-grid">`)
	for _, v := range sc.xTicks.values() {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, c(sc.px(v)), c(sc.plot.y0), c(sc.px(v)), c(sc.plot.y1))
	}
	for _, v := range sc.yTicks.values() {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, c(sc.plot.x0), c(sc.py(v)), c(sc.plot.x1), c(sc.py(v)))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, `<line class="fig-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, c(sc.plot.x0), c(sc.py(0)), c(sc.plot.x1), c(sc.py(0)))
	fmt.Fprintf(b, `<line class="fig-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", c(sc.px(0)), c(sc.plot.y0), c(sc.px(0)), c(sc.plot.y1))
	b.WriteString(`<g class="fig-tick">`)
	for _, v := range sc.xTicks.values() {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, c(sc.px(v)), c(sc.plot.y1+figFontSize+8), sc.xTicks.label(v))
	}
	for _, v := range sc.yTicks.values() {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" dominant-baseline="central">%s</text>`, c(sc.plot.x0-6), c(sc.py(v)), sc.yTicks.label(v))
	}
	b.WriteString("</g>\n")
	if len(sc.hull) >= 2 {
		var pts []string
		for _, p := range sc.hull {
			pts = append(pts, c(sc.px(p.x))+","+c(sc.py(p.y)))
		}
		fmt.Fprintf(b, `<polygon class="fig-hull" points="%s"/>`+"\n", strings.Join(pts, " "))
	}
	if s := sc.spanLine; s != nil {
		fmt.Fprintf(b, `<line class="fig-span" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", c(s.x0), c(s.y0), c(s.x1), c(s.y1))
	}
	if s := sc.resid; s != nil {
		fmt.Fprintf(b, `<line class="fig-resid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", c(s.x0), c(s.y0), c(s.x1), c(s.y1))
	}
	for i, s := range sc.arrows {
		class, head := "fig-vec", "head"
		if i >= len(f.base) {
			class, head = "fig-out", "head-out"
		}
		fmt.Fprintf(b, `<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" marker-end="url(#%s-%s)"/>`+"\n", class, c(s.x0), c(s.y0), c(s.x1), c(s.y1), id, head)
	}
	if p := sc.proj; p != nil {
		fmt.Fprintf(b, `<circle class="fig-proj" cx="%s" cy="%s" r="4.5"/>`+"\n", c(p[0]), c(p[1]))
	}
	for _, l := range sc.labels {
		fmt.Fprintf(b, `<text class="fig-label %s" x="%s" y="%s" text-anchor="middle" dominant-baseline="central">%s</text>`+"\n", l.class, c(l.x), c(l.y), html.EscapeString(l.text))
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
	// 15 px text, shown at its own size (the heatmap scrolls rather than
	// shrinks on a narrow screen).
	cellW := 16.0 + 9.0*float64(res.Digits+3)
	const cellH, left, top = 32.0, 56.0, 28.0
	width, height := left+cellW*float64(cols)+4, top+cellH*float64(rows)+4
	id := html.EscapeString(it.ID)
	what := fieldTitle(res, it.Field, it.Head)
	fmt.Fprintf(b, `<figure class="figure heatmap" id="%s">`+"\n", id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc">`+"\n", svgCoord(width), svgCoord(height), svgCoord(width), svgCoord(height), id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s — %s</title>`+"\n", id, html.EscapeString(figureTitle(spec)), html.EscapeString(what))
	fmt.Fprintf(b, `<desc id="%s-desc">Heatmap of %s with %d rows (%s) and %d columns (%s); darker cells hold larger magnitudes, and each cell shows its value.</desc>`+"\n",
		id, html.EscapeString(what), rows, html.EscapeString(strings.Join(rl, ", ")), cols, html.EscapeString(strings.Join(cl, ", ")))
	for j := 0; j < cols; j++ {
		write(b, `<text class="heat-label" x="`, svgCoord(left+cellW*(float64(j)+0.5)), `" y="`, svgCoord(top-8), `" text-anchor="middle">`, html.EscapeString(cl[j]), `</text>`)
	}
	b.WriteString("\n")
	for i := 0; i < rows; i++ {
		y := top + cellH*float64(i)
		write(b, `<text class="heat-label" x="`, svgCoord(left-8), `" y="`, svgCoord(y+cellH/2), `" text-anchor="end" dominant-baseline="middle">`, html.EscapeString(rl[i]), `</text>`)
		for j := 0; j < cols; j++ {
			v := values[i*cols+j]
			class := "heat-cell"
			if v < 0 {
				class = "heat-cell heat-neg"
			}
			x := left + cellW*float64(j)
			opacity := 0.08 + 0.8*math.Abs(v)/maxAbs
			write(b, `<rect class="`, class, `" x="`, svgCoord(x), `" y="`, svgCoord(y), `" width="`, svgCoord(cellW), `" height="`, svgCoord(cellH), `" fill-opacity="`, strconv.FormatFloat(opacity, 'f', 3, 64), `"/>`)
			textClass := "heat-value"
			if opacity > 0.55 {
				textClass += " heat-strong"
			}
			write(b, `<text class="`, textClass, `" x="`, svgCoord(x+cellW/2), `" y="`, svgCoord(y+cellH/2), `" text-anchor="middle" dominant-baseline="middle">`, html.EscapeString(texts[i*cols+j]), `</text>`)
		}
		b.WriteString("\n")
	}
	b.WriteString("</svg>\n")
	fmt.Fprintf(b, "<figcaption>%s</figcaption>\n</figure>\n", caption(spec, "figure", it.Number, "heatmap of "+what))
}
