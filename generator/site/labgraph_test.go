package site

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// graphSite has four labs: Alpha starts; Beta and Gamma follow it; Delta
// follows both (and, skipping a layer, Alpha). Delta writes its own Math
// Dependency Map heading with prose under it; the others get the section
// appended.
const graphSite = `
-- content/labs/alpha.md --
---
title: Alpha
summary: The start.
---
Alpha text.
-- content/labs/beta.md --
---
title: Beta
summary: Second, by title.
after: [alpha]
---
Beta text.
-- content/labs/gamma.md --
---
title: Gamma
after: [alpha]
---
Gamma text.
-- content/labs/delta.md --
---
title: Delta
summary: The end & the point.
after: [gamma, beta, alpha]
---
## Why

Delta text.

## Math dependency map

Written by hand, after the generated lists.

## Sources
`

func readOut(t *testing.T, src, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMapPageOrderAndLinks(t *testing.T) {
	src := writeSite(t, graphSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	page := readOut(t, src, "map/index.html")
	svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
	// Nodes layer by layer (Alpha; Beta, Gamma; Delta), each a link.
	var nodes []string
	for _, m := range regexp.MustCompile(`<a class="map-node" href="([^"]*)"><title>([^<]*)</title>`).FindAllStringSubmatch(svg, -1) {
		nodes = append(nodes, m[2]+" "+m[1])
	}
	want := []string{"Alpha ../labs/alpha/", "Beta ../labs/beta/", "Gamma ../labs/gamma/", "Delta ../labs/delta/"}
	if !reflect.DeepEqual(nodes, want) {
		t.Errorf("map nodes = %q, want %q", nodes, want)
	}
	if n := strings.Count(svg, `class="map-edge"`); n != 5 {
		t.Errorf("map has %d edges, want 5", n)
	}
	// The text list is in reading order, with what each lab follows.
	list := page[strings.Index(page, `<nav class="lab-map-list"`):]
	for _, want := range []string{
		`<li><a href="../labs/alpha/">Alpha</a> <span class="map-after">(a starting point)</span></li>`,
		`<li><a href="../labs/delta/">Delta</a> <span class="map-after">(after Gamma; Beta; Alpha)</span></li>`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("map list lacks %q:\n%s", want, list)
		}
	}
	order := regexp.MustCompile(`<li><a href="\.\./labs/([a-z]+)/"`).FindAllStringSubmatch(list, -1)
	var slugs []string
	for _, m := range order {
		slugs = append(slugs, m[1])
	}
	if strings.Join(slugs, ",") != "alpha,beta,gamma,delta" {
		t.Errorf("reading order on the map = %v", slugs)
	}
	if strings.Contains(page, "<script") {
		t.Error("the map page has a script")
	}
}

func TestDependencyMapSection(t *testing.T) {
	src := writeSite(t, graphSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	alpha := readOut(t, src, "labs/alpha/index.html")
	for _, want := range []string{
		`<h2 id="math-dependency-map"><span class="secno">`,
		`<p class="dep-start">This lab is a starting point: it assumes no other lab.</p>`,
		"<p class=\"dep-label\">Read next:</p>\n<ul class=\"dep-next\">\n<li><a href=\"../../labs/beta/\">Beta</a> — Second, by title.</li>\n<li><a href=\"../../labs/gamma/\">Gamma</a></li>\n<li><a href=\"../../labs/delta/\">Delta</a> — The end &amp; the point.</li>\n</ul>",
		`<a href="../../map/">map of all labs</a>`,
	} {
		if !strings.Contains(alpha, want) {
			t.Errorf("alpha lacks %q", want)
		}
	}
	delta := readOut(t, src, "labs/delta/index.html")
	sec := delta[strings.Index(delta, `<h2 id="math-dependency-map">`):]
	sec = sec[:strings.Index(sec, `<h2 id="sources">`)]
	for _, want := range []string{
		"<p class=\"dep-label\">Read this page after:</p>\n<ul class=\"dep-after\">\n<li><a href=\"../../labs/gamma/\">Gamma</a></li>\n<li><a href=\"../../labs/beta/\">Beta</a> — Second, by title.</li>\n<li><a href=\"../../labs/alpha/\">Alpha</a> — The start.</li>\n</ul>",
		`<p class="dep-end">No lab builds on this one yet.</p>`,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("delta's section lacks %q:\n%s", want, sec)
		}
	}
	if g, h := strings.Index(sec, "dependency-map"), strings.Index(sec, "Written by hand"); g < 0 || h < g {
		t.Errorf("the generated lists should come first, then the author's prose:\n%s", sec)
	}
	if strings.Count(delta, `id="math-dependency-map"`) != 1 {
		t.Error("delta has its section twice")
	}
}
