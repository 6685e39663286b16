package labmap

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// diamond: a → b, a → c, b → d, c → d, a → d (skips a layer).
func diamond() []Node {
	return []Node{
		{ID: "a", Title: "Alpha", Href: "../labs/a/"},
		{ID: "b", Title: "Beta", Href: "../labs/b/", After: []string{"a"}},
		{ID: "c", Title: "Gamma", Href: "../labs/c/", After: []string{"a"}},
		{ID: "d", Title: "Delta", Href: "../labs/d/", After: []string{"b", "c", "a"}},
		{ID: "e", Title: "Epsilon & <Zeta>", Href: "../labs/e/", After: []string{"missing"}},
	}
}

func TestLayersByDepthInGivenOrder(t *testing.T) {
	l := Compute(diamond())
	// a and e (its after names no lab) start; b, c follow a; d follows b and c.
	want := [][]int{{0, 4}, {1, 2}, {3}}
	if !reflect.DeepEqual(l.Layers, want) {
		t.Fatalf("layers = %v, want %v", l.Layers, want)
	}
	for d, layer := range l.Layers {
		for k, i := range layer {
			n := l.Nodes[i]
			if n.Layer != d {
				t.Errorf("%s: layer %d, want %d", n.ID, n.Layer, d)
			}
			if k > 0 && l.Nodes[layer[k-1]].X+nodeW+gapX != n.X {
				t.Errorf("%s: x = %g, not right of its neighbour", n.ID, n.X)
			}
			if d > 0 && n.Y <= l.Nodes[l.Layers[d-1][0]].Y {
				t.Errorf("%s: not below layer %d", n.ID, d-1)
			}
			if n.X < 0 || n.Y < 0 || n.X+n.W > l.Width || n.Y+n.H > l.Height {
				t.Errorf("%s at (%g, %g) lies outside the %g×%g drawing", n.ID, n.X, n.Y, l.Width, l.Height)
			}
		}
	}
}

func TestEdgesAvoidNodes(t *testing.T) {
	l := Compute(diamond())
	if len(l.Edges) != 5 {
		t.Fatalf("edges = %+v, want 5 (the unknown after is dropped)", l.Edges)
	}
	var skip []Edge
	for _, e := range l.Edges {
		if e.Lane != 0 {
			skip = append(skip, e)
		}
	}
	if len(skip) != 1 || l.Nodes[skip[0].From].ID != "a" || l.Nodes[skip[0].To].ID != "d" {
		t.Fatalf("lane edges = %+v, want only a → d", skip)
	}
	// The lane runs right of every node of the layer it crosses.
	for _, i := range l.Layers[1] {
		if n := l.Nodes[i]; skip[0].Lane <= n.X+n.W {
			t.Errorf("lane x = %g crosses %s (%g to %g)", skip[0].Lane, n.ID, n.X, n.X+n.W)
		}
	}
	if skip[0].Lane > l.Width {
		t.Errorf("lane x = %g lies outside the drawing (width %g)", skip[0].Lane, l.Width)
	}
}

func TestCycleIsCut(t *testing.T) {
	l := Compute([]Node{{ID: "a", After: []string{"b"}}, {ID: "b", After: []string{"a"}}, {ID: "c", After: []string{"c"}}})
	if len(l.Nodes) != 3 || len(l.Layers) == 0 {
		t.Fatalf("layout = %+v", l)
	}
}

func TestSVG(t *testing.T) {
	svg := Compute(diamond()).SVG("Map & more")
	for _, want := range []string{
		`<title id="lab-map-title">Map &amp; more</title>`,
		`<a class="map-node" href="../labs/a/"><title>Alpha</title>`,
		`<title>Epsilon &amp; &lt;Zeta&gt;</title>`,
		`<title>Alpha before Delta</title>`,
		`marker-end="url(#lab-map-arrow)"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%s", want, svg)
		}
	}
	// Nodes come layer by layer, each layer in the given order.
	got := regexp.MustCompile(`<a class="map-node" href="([^"]*)"`).FindAllStringSubmatch(svg, -1)
	var hrefs []string
	for _, m := range got {
		hrefs = append(hrefs, m[1])
	}
	want := []string{"../labs/a/", "../labs/e/", "../labs/b/", "../labs/c/", "../labs/d/"}
	if !reflect.DeepEqual(hrefs, want) {
		t.Errorf("node links = %v, want %v", hrefs, want)
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, " on") && regexp.MustCompile(` on[a-z]+=`).MatchString(svg) {
		t.Error("SVG holds script")
	}
	first, second := Compute(diamond()).SVG("x"), Compute(diamond()).SVG("x")
	if first != second {
		t.Error("SVG is not deterministic")
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Short", []string{"Short"}},
		{"Paper Lab: Attention as Weighted Vector Mixture", []string{"Paper Lab: Attention as", "Weighted Vector Mixture"}},
		{"one two three four five six seven eight nine ten eleven twelve thirteen fourteen", []string{"one two three four five", "six seven eight nine ten", "eleven twelve thirteen …"}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		if got := wrap(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
