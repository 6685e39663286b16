// Package labmap draws the site's reading graph as inline SVG: labs as
// nodes in layers by depth (a lab sits one layer below the deepest lab it
// names in "after"), edges as arrows from a lab to those that build on it,
// every node a link. The drawing is computed once at build time; it needs
// no script, and its colours come from CSS classes so that it follows the
// page's light and dark schemes.
package labmap

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Node is one lab.
type Node struct {
	ID    string   // the lab's slug
	Title string   // shown in the node and as its tooltip
	Href  string   // link target, relative to the page showing the map
	After []string // IDs of the labs to read first
}

// Placed is a node with its place in the drawing.
type Placed struct {
	Node
	Layer int     // depth: 0 for a lab with no (known) "after"
	X, Y  float64 // top-left corner
	W, H  float64
	Lines []string // the title, wrapped
}

// Layout is the computed drawing.
type Layout struct {
	Nodes         []Placed // in the order given to Compute
	Layers        [][]int  // node indexes per layer, in input order
	Edges         []Edge   // in the order of their target, then of its "after"
	Width, Height float64
}

// Edge is one arrow, from a lab to one that names it in "after". An edge
// that skips layers runs in a lane of its own to the right of the nodes it
// passes, so that it never hides behind them.
type Edge struct {
	From, To int     // node indexes
	Lane     float64 // x of the lane, 0 for an edge between adjacent layers
	Entry    float64 // how far right of the target's centre a lane edge enters
}

// Drawing constants, in CSS pixels.
const (
	nodeW     = 196.0
	lineH     = 17.0
	padY      = 10.0
	gapX      = 24.0
	gapY      = 44.0
	margin    = 12.0
	wrapChars = 25
	laneGap   = 14.0
	maxLines  = 3
)

// Compute places the nodes, given in reading order (so that each lab comes
// after the labs it names): layers by depth, each layer in the given order,
// centred. Unknown "after" IDs are ignored; a cycle is cut where it is met.
func Compute(nodes []Node) Layout {
	index := map[string]int{}
	for i, n := range nodes {
		index[n.ID] = i
	}
	depth := make([]int, len(nodes))
	state := make([]int, len(nodes)) // 0 new, 1 in progress, 2 done
	var visit func(i int) int
	visit = func(i int) int {
		switch state[i] {
		case 1:
			return -1 // a cycle: ignore this edge
		case 2:
			return depth[i]
		}
		state[i] = 1
		d := 0
		for _, a := range nodes[i].After {
			if j, ok := index[a]; ok && j != i {
				if pd := visit(j); pd >= 0 && pd+1 > d {
					d = pd + 1
				}
			}
		}
		state[i], depth[i] = 2, d
		return d
	}
	l := Layout{Nodes: make([]Placed, len(nodes))}
	for i := range nodes {
		d := visit(i)
		for len(l.Layers) <= d {
			l.Layers = append(l.Layers, nil)
		}
		l.Layers[d] = append(l.Layers[d], i)
	}
	widest := 0
	for _, layer := range l.Layers {
		widest = max(widest, len(layer))
	}
	l.Width = 2*margin + float64(widest)*nodeW + float64(max(widest-1, 0))*gapX
	y := margin
	for d, layer := range l.Layers {
		rowH := 0.0
		for _, i := range layer {
			lines := wrap(nodes[i].Title)
			l.Nodes[i] = Placed{Node: nodes[i], Layer: d, W: nodeW, H: 2*padY + float64(len(lines))*lineH, Lines: lines}
			rowH = max(rowH, l.Nodes[i].H)
		}
		rowW := float64(len(layer))*nodeW + float64(max(len(layer)-1, 0))*gapX
		x := (l.Width - rowW) / 2
		for _, i := range layer {
			p := &l.Nodes[i]
			p.X, p.Y = x, y+(rowH-p.H)/2
			x += nodeW + gapX
		}
		y += rowH + gapY
	}
	l.Height = y - gapY + margin
	if len(nodes) == 0 {
		l.Height = 2 * margin
	}
	l.route(index)
	return l
}

// route lists the edges. An edge that skips layers leaves its lab
// downwards, runs along the gap below it to a lane of its own right of
// every node in the layers it crosses, down that lane, and along the gap
// above its target into the target's top: gaps between layers hold no
// nodes, so no edge hides behind a lab. The drawing widens to fit.
func (l *Layout) route(index map[string]int) {
	into := map[int]int{} // skip edges already entering each node
	for to, n := range l.Nodes {
		for _, a := range n.After {
			from, ok := index[a]
			if !ok || l.Nodes[from].Layer >= n.Layer {
				continue
			}
			e := Edge{From: from, To: to}
			if n.Layer-l.Nodes[from].Layer > 1 {
				right := 0.0
				for d := l.Nodes[from].Layer + 1; d < n.Layer; d++ {
					for _, i := range l.Layers[d] {
						right = math.Max(right, l.Nodes[i].X+nodeW)
					}
				}
				into[to]++
				e.Lane = l.freeLane(right, l.Nodes[from].Layer, n.Layer)
				e.Entry = math.Min(float64(into[to])*laneGap, nodeW/2-laneGap)
			}
			l.Edges = append(l.Edges, e)
		}
	}
	for _, e := range l.Edges {
		l.Width = math.Max(l.Width, e.Lane+margin)
	}
}

// freeLane is the first lane x = right + k·laneGap (k ≥ 1) that no earlier
// lane edge overlapping the layers from…to uses.
func (l *Layout) freeLane(right float64, from, to int) float64 {
	for k := 1; ; k++ {
		x := right + float64(k)*laneGap
		taken := false
		for _, e := range l.Edges {
			a, b := l.Nodes[e.From].Layer, l.Nodes[e.To].Layer
			if e.Lane == x && a < to && from < b {
				taken = true
			}
		}
		if !taken {
			return x
		}
	}
}

// gapBelow is the y in the middle of the gap under layer d.
func (l *Layout) gapBelow(d int) float64 {
	bottom := 0.0
	for _, i := range l.Layers[d] {
		bottom = math.Max(bottom, l.Nodes[i].Y+l.Nodes[i].H)
	}
	top := math.Inf(1)
	for _, i := range l.Layers[d+1] {
		top = math.Min(top, l.Nodes[i].Y)
	}
	return (bottom + top) / 2
}

// wrap breaks a title into lines of about wrapChars characters, at most
// maxLines of them (the last ends with "…" when the title is longer).
func wrap(title string) []string {
	words := strings.Fields(title)
	var lines []string
	cur := ""
	for _, w := range words {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= wrapChars:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += " …"
	}
	return lines
}

// SVG writes the drawing. title names the figure for assistive
// technology; every node is a link with the lab's full title.
func (l Layout) SVG(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="lab-map-svg" xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="group" aria-labelledby="lab-map-title">`+"\n",
		num(l.Width), num(l.Height), num(l.Width), num(l.Height))
	fmt.Fprintf(&b, "<title id=\"lab-map-title\">%s</title>\n", html.EscapeString(title))
	b.WriteString(`<defs><marker id="lab-map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="map-arrow" d="M0 0 L10 5 L0 10 z"/></marker></defs>` + "\n")
	b.WriteString("<g class=\"map-edges\">\n")
	for _, e := range l.Edges {
		from, n := l.Nodes[e.From], l.Nodes[e.To]
		var d string
		if e.Lane == 0 {
			x1, y1 := from.X+from.W/2, from.Y+from.H
			x2, y2 := n.X+n.W/2, n.Y-2
			my := (y1 + y2) / 2
			d = fmt.Sprintf("M%s %s C%s %s, %s %s, %s %s", num(x1), num(y1), num(x1), num(my), num(x2), num(my), num(x2), num(y2))
		} else {
			x1, y1 := from.X+from.W/2, from.Y+from.H
			x2, y2 := n.X+n.W/2+e.Entry, n.Y-2
			below, above := l.gapBelow(from.Layer), l.gapBelow(n.Layer-1)
			d = fmt.Sprintf("M%s %s V%s H%s V%s H%s V%s",
				num(x1), num(y1), num(below), num(e.Lane), num(above), num(x2), num(y2))
		}
		fmt.Fprintf(&b, `<path class="map-edge" d="%s" marker-end="url(#lab-map-arrow)"><title>%s before %s</title></path>`+"\n",
			d, html.EscapeString(from.Title), html.EscapeString(n.Title))
	}
	b.WriteString("</g>\n<g class=\"map-nodes\">\n")
	for _, layer := range l.Layers {
		for _, i := range layer {
			n := l.Nodes[i]
			fmt.Fprintf(&b, `<a class="map-node" href="%s"><title>%s</title><rect x="%s" y="%s" width="%s" height="%s" rx="6"/>`,
				html.EscapeString(n.Href), html.EscapeString(n.Title), num(n.X), num(n.Y), num(n.W), num(n.H))
			for k, line := range n.Lines {
				fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`,
					num(n.X+n.W/2), num(n.Y+padY+float64(k)*lineH+lineH*0.75), html.EscapeString(line))
			}
			b.WriteString("</a>\n")
		}
	}
	b.WriteString("</g>\n</svg>")
	return b.String()
}

// num writes a coordinate with at most one decimal.
func num(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	return strings.TrimSuffix(s, ".0")
}
