package directive

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// figureCases are vector figures that crowd labels in different ways.
var figureCases = []struct {
	name string
	fig  vectorFigure
	// crowded figures have tips so close that a label may have to touch a
	// line; labels must still not overlap each other.
	crowded bool
}{
	{name: "seed attention", fig: vectorFigure{hull: true,
		base: []point{{x: 2, y: 0, label: "v₁"}, {x: 0, y: 2, label: "v₂"}, {x: 1, y: 1, label: "v₃"}},
		outs: []point{{x: 1.1312, y: 0.8688, label: "o"}}}},
	{name: "target off a line (linear combinations)", fig: vectorFigure{
		base:    []point{{x: 1, y: 0, label: "v₁"}, {x: 2, y: 0, label: "v₂"}},
		outs:    []point{{x: 1, y: 1, label: "t"}},
		proj:    &point{x: 1, y: 0, label: "p"},
		spanDir: &[2]float64{1, 0}}},
	{name: "negative quadrants", fig: vectorFigure{hull: true,
		base: []point{{x: -1, y: 2, label: "v₁"}, {x: 3, y: -1, label: "v₂"}, {x: -2, y: -2, label: "v₃"}},
		outs: []point{{x: 0.1, y: -0.2, label: "o"}}}},
	{name: "two outputs close together", fig: vectorFigure{hull: true,
		base: []point{{x: 2, y: 0, label: "v₁"}, {x: 0, y: 2, label: "v₂"}, {x: 1, y: 1, label: "v₃"}},
		outs: []point{{x: 1.05, y: 0.9, label: "o₁"}, {x: 0.95, y: 0.95, label: "o₂"}}}},
	{name: "tiny values", fig: vectorFigure{hull: true,
		base: []point{{x: 0.002, y: 0, label: "v₁"}, {x: 0, y: 0.003, label: "v₂"}},
		outs: []point{{x: 0.001, y: 0.0015, label: "o"}}}},
	{name: "nearly equal vectors", crowded: true, fig: vectorFigure{hull: true,
		base: []point{{x: 1, y: 0, label: "v₁"}, {x: 1, y: 0.08, label: "v₂"}, {x: 0.95, y: 0.04, label: "v₃"}, {x: 1.02, y: 0.03, label: "v₄"}},
		outs: []point{{x: 0.99, y: 0.04, label: "o"}}}},
}

// TestFigureLabelsDoNotOverlap lays out each figure and checks that no two
// labels' boxes intersect, that every label stays inside the plot, and
// (unless the tips crowd together) that no label covers an arrow, a hull
// edge, the span line, the residual or a marked point.
func TestFigureLabelsDoNotOverlap(t *testing.T) {
	for _, c := range figureCases {
		t.Run(c.name, func(t *testing.T) {
			sc := layoutFigure(&c.fig)
			if want := len(c.fig.base) + len(c.fig.outs); c.fig.proj != nil && len(sc.labels) != want+1 || c.fig.proj == nil && len(sc.labels) != want {
				t.Fatalf("%d labels, want one per point", len(sc.labels))
			}
			for i, a := range sc.labels {
				if !a.box.inside(sc.plot) {
					t.Errorf("label %s box %v leaves the plot %v", a.text, a.box, sc.plot)
				}
				for _, b := range sc.labels[i+1:] {
					if a.box.intersects(b.box) {
						t.Errorf("labels %s %v and %s %v overlap", a.text, a.box, b.text, b.box)
					}
				}
				if c.crowded {
					continue
				}
				lines := append([]segment(nil), sc.arrows...)
				for j, p := range sc.hull {
					q := sc.hull[(j+1)%len(sc.hull)]
					lines = append(lines, segment{sc.px(p.x), sc.py(p.y), sc.px(q.x), sc.py(q.y)})
				}
				for _, s := range []*segment{sc.spanLine, sc.resid} {
					if s != nil {
						lines = append(lines, *s)
					}
				}
				for _, s := range lines {
					if s.hits(a.box) {
						t.Errorf("label %s %v covers the line %v", a.text, a.box, s)
					}
				}
				if p := sc.proj; p != nil && a.box.intersects(rect{p[0] - 4, p[1] - 4, p[0] + 4, p[1] + 4}) {
					t.Errorf("label %s covers the projection point", a.text)
				}
			}
		})
	}
}

// TestFigureAxes checks the ticks: a step of 1, 2 or 5 × 10^k, ranges that
// cover the data and the origin, the same range on both axes (equal
// scales), and between 3 and 8 ticks.
func TestFigureAxes(t *testing.T) {
	for _, c := range figureCases {
		var pts [][2]float64
		for _, p := range append(append([]point(nil), c.fig.base...), c.fig.outs...) {
			pts = append(pts, [2]float64{p.x, p.y})
		}
		x, y := figureAxes(pts)
		if math.Abs((x.hi-x.lo)-(y.hi-y.lo)) > x.step/2 {
			t.Errorf("%s: x range %g..%g and y range %g..%g differ: the scales would", c.name, x.lo, x.hi, y.lo, y.hi)
		}
		m := x.step / math.Pow(10, math.Floor(math.Log10(x.step)+1e-9))
		if r := math.Round(m*1e6) / 1e6; r != 1 && r != 2 && r != 5 {
			t.Errorf("%s: step %g is not 1, 2 or 5 × 10^k", c.name, x.step)
		}
		for _, a := range []axisTicks{x, y} {
			if n := len(a.values()); n < 3 || n > 9 {
				t.Errorf("%s: %d ticks %v", c.name, n, a.values())
			}
			if a.lo > 0 || a.hi < 0 {
				t.Errorf("%s: range %g..%g leaves out the origin", c.name, a.lo, a.hi)
			}
		}
		for _, p := range pts {
			if p[0] < x.lo || p[0] > x.hi || p[1] < y.lo || p[1] > y.hi {
				t.Errorf("%s: point %v outside %g..%g × %g..%g", c.name, p, x.lo, x.hi, y.lo, y.hi)
			}
		}
	}
	a := axisTicks{lo: -1, hi: 1, step: 0.5, decimals: 1}
	if got := strings.Join(func() []string {
		var s []string
		for _, v := range a.values() {
			s = append(s, a.label(v))
		}
		return s
	}(), " "); got != "−1.0 −0.5 0.0 0.5 1.0" {
		t.Errorf("tick labels %q", got)
	}
}

// stylesheet reads the site's stylesheet: the colours of the light and
// dark schemes, and the declarations of each rule.
func stylesheet(t *testing.T) (light, dark map[string]string, rules map[string]map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "layouts", "static", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	vars := func(block string) map[string]string {
		m := map[string]string{}
		for _, v := range regexp.MustCompile(`--([\w-]+):\s*(#[0-9a-fA-F]{6})`).FindAllStringSubmatch(block, -1) {
			m[v[1]] = v[2]
		}
		return m
	}
	root := regexp.MustCompile(`(?s):root\s*\{([^}]*)\}`).FindAllStringSubmatch(css, -1)
	darkAt := strings.Index(css, "prefers-color-scheme: dark")
	if len(root) < 2 || darkAt < 0 {
		t.Fatal("stylesheet has no light and dark :root blocks")
	}
	light = vars(root[0][1])
	dark = vars(root[0][1])
	darkBlock := regexp.MustCompile(`(?s):root\s*\{([^}]*)\}`).FindStringSubmatch(css[darkAt:])
	for k, v := range vars(darkBlock[1]) {
		dark[k] = v
	}
	rules = map[string]map[string]string{}
	for _, r := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		for _, sel := range strings.Split(r[1], ",") {
			sel = strings.TrimSpace(sel)
			decls := rules[sel]
			if decls == nil {
				decls = map[string]string{}
				rules[sel] = decls
			}
			for _, d := range strings.Split(r[2], ";") {
				if k, v, ok := strings.Cut(d, ":"); ok {
					decls[strings.TrimSpace(k)] = strings.TrimSpace(v)
				}
			}
		}
	}
	return light, dark, rules
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// figurePaint says which paint of each figure class draws a line or text
// that readers must see; the other classes paint areas (cells, the hull's
// fill) or only set fonts.
var figurePaint = map[string]string{
	".fig-grid line": "stroke", ".fig-axis": "stroke", ".fig-hull": "stroke", ".fig-span": "stroke",
	".fig-resid": "stroke", ".fig-vec": "stroke", ".fig-out": "stroke",
	".fig-head": "fill", ".fig-head-out": "fill", ".fig-proj": "fill", ".fig-tick": "fill",
	".fig-vec-label": "fill", ".fig-out-label": "fill", ".fig-proj-label": "fill",
	".heat-label": "fill", ".heat-value": "fill",
}

// TestFigureContrast checks, for both colour schemes, that every line and
// text of the figures has a contrast of at least 3:1 with the page
// background, reading the colours from the stylesheet. Every class the
// figures use must be listed here, so a new one cannot dodge the check.
func TestFigureContrast(t *testing.T) {
	light, dark, rules := stylesheet(t)
	for sel, paint := range figurePaint {
		decls, ok := rules[sel]
		if !ok {
			t.Errorf("stylesheet has no rule for %s", sel)
			continue
		}
		value := decls[paint]
		if value == "" {
			t.Errorf("%s has no %s", sel, paint)
			continue
		}
		for _, scheme := range []struct {
			name string
			vars map[string]string
		}{{"light", light}, {"dark", dark}} {
			name := strings.TrimSuffix(strings.TrimPrefix(value, "var(--"), ")")
			if value == "currentColor" {
				name = "fg"
			}
			colour, ok := scheme.vars[name]
			if !ok {
				t.Errorf("%s: %s %q is not a colour variable of the %s scheme", sel, paint, value, scheme.name)
				continue
			}
			if op := decls[paint+"-opacity"]; op != "" {
				t.Errorf("%s: %s-opacity %s fades a line that must keep its contrast", sel, paint, op)
			}
			if c := contrast(colour, scheme.vars["bg"]); c < 3 {
				t.Errorf("%s scheme: %s (%s %s) has contrast %.2f:1 with the page %s; want at least 3:1", scheme.name, sel, paint, colour, c, scheme.vars["bg"])
			}
		}
	}
	// Every class in the figures' SVG is checked or knowingly exempt.
	exempt := map[string]bool{"figure": true, "heatmap": true, "fig-label": true, "heat-cell": true, "heat-neg": true, "heat-strong": true}
	var svg strings.Builder
	for _, c := range figureCases {
		writeVectorSVG(&svg, &Spec{Name: "f"}, Item{ID: "f"}, &c.fig)
	}
	svg.WriteString(goldenFile(t, "attention.html") + goldenFile(t, "posenc.html"))
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`class="([^"]+)"`).FindAllStringSubmatch(svg.String(), -1) {
		for _, cl := range strings.Fields(m[1]) {
			seen[cl] = true
		}
	}
	var missing []string
	for cl := range seen {
		if !strings.HasPrefix(cl, "fig") && !strings.HasPrefix(cl, "heat") || exempt[cl] {
			continue
		}
		if _, ok := figurePaint["."+cl]; !ok && cl != "fig-grid" {
			missing = append(missing, cl)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("figure classes with no contrast check: %v", missing)
	}
}

func goldenFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFigureTextSize checks that figure text is at least 14 px where it is
// shown: vector figures are never drawn below minFigureScale of their
// size, heatmaps are shown at their own size.
func TestFigureTextSize(t *testing.T) {
	_, _, rules := stylesheet(t)
	for sel, scale := range map[string]float64{".fig-tick": minFigureScale, ".fig-label": minFigureScale, ".heat-label": 1, ".heat-value": 1} {
		m := regexp.MustCompile(`(\d+(?:\.\d+)?)px`).FindStringSubmatch(rules[sel]["font"])
		if m == nil {
			t.Errorf("%s: no font size in %q", sel, rules[sel]["font"])
			continue
		}
		px, _ := strconv.ParseFloat(m[1], 64)
		if px*scale < 14 {
			t.Errorf("%s: %g px drawn at %.2f of its size is %.1f px on screen, want at least 14", sel, px, scale, px*scale)
		}
	}
	if figFontSize*minFigureScale < 14 {
		t.Errorf("labels are placed for %g-unit text, %.1f px at the smallest size", figFontSize, figFontSize*minFigureScale)
	}
	if rules[".heatmap svg"]["max-width"] != "none" {
		t.Errorf("heatmaps must not shrink below their size (.heatmap svg max-width: none), got %q", rules[".heatmap svg"]["max-width"])
	}
	if fmt.Sprint(figWidth*minFigureScale) != "288" {
		t.Errorf("figures are assumed never narrower than 288 px, got %g", figWidth*minFigureScale)
	}
}
