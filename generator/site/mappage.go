package site

import (
	"html"
	"html/template"
	"strings"

	"paperlab/generator/diag"
	"paperlab/generator/labmap"
	"paperlab/generator/layout"
	"paperlab/generator/pagebuild"
)

// mapURL is where the generated map of labs is written.
const mapURL = "map/"

// mapTitle is the map page's title.
const mapTitle = "Map of the Labs"

// renderMap writes /map/: the reading graph as an SVG figure (in a box of
// its own that scrolls sideways when the screen is narrower than the
// drawing) and the labs in reading order as a list beside it, for screen
// readers and narrow screens. It uses the page layout.
func (s *site) renderMap(tmpl *layout.Set, files map[string][]byte, list *diag.List) {
	for _, p := range s.pages {
		if p.URL == mapURL {
			list.Errorf(p.Path, 1, 1, "the URL %s is taken by the generated map of labs; rename this page", mapURL)
			return
		}
	}
	root := pagebuild.RootFor(mapURL)
	var nodes []labmap.Node
	var labs []*sitePage
	for _, p := range s.pages {
		if p.Kind != "lab" || p.Title == "" {
			continue
		}
		labs = append(labs, p)
		nodes = append(nodes, labmap.Node{ID: p.Slug, Title: p.Title, Href: root + p.URL, After: p.After})
	}
	var b strings.Builder
	b.WriteString("<p>Each lab names the labs to read first. Read the map from the top: an arrow leads from a lab to the labs that build on it.</p>\n")
	if len(labs) == 0 {
		b.WriteString("<p>No labs yet.</p>\n")
	} else {
		l := labmap.Compute(nodes)
		b.WriteString("<div class=\"lab-map\">\n<figure class=\"lab-map-figure\">\n<div class=\"lab-map-scroll\" role=\"region\" aria-label=\"Map drawing (scrolls sideways on narrow screens)\" tabindex=\"0\">\n")
		b.WriteString(l.SVG("Map of the labs: each arrow leads from a lab to one that builds on it"))
		b.WriteString("\n</div>\n<figcaption>The labs in layers: a lab sits one layer below the deepest lab it builds on.</figcaption>\n</figure>\n")
		b.WriteString("<nav class=\"lab-map-list\" aria-label=\"Labs in reading order\">\n<h2 id=\"reading-order\">Reading order</h2>\n<ol>\n")
		for _, p := range labs {
			b.WriteString(`<li><a href="` + html.EscapeString(root+p.URL) + `">` + html.EscapeString(p.Title) + "</a>")
			var after []string
			for _, a := range p.After {
				if l, ok := s.labs[a]; ok {
					after = append(after, html.EscapeString(l.Title))
				}
			}
			if len(after) == 0 {
				b.WriteString(` <span class="map-after">(a starting point)</span>`)
			} else {
				b.WriteString(` <span class="map-after">(after ` + strings.Join(after, "; ") + `)</span>`)
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ol>\n</nav>\n</div>\n")
	}
	data := PageData{SiteTitle: s.siteTitle(), Title: mapTitle, Description: "How the labs build on each other, and the order to read them in.",
		Root: root, Canonical: s.canonical(mapURL), Kind: "map", Body: template.HTML(b.String())}
	s.execute(tmpl, layout.Page, mapURL+"index.html", data, files, list)
}
