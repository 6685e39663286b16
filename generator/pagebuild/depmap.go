package pagebuild

import (
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/markdown"
)

// DependencyMapHeading is the heading of the section the build fills with
// a lab's place in the reading order (the seed's "Math Dependency Map").
// An author writes the heading where the section should go; a lab without
// it gets the section appended at the end of its body.
const DependencyMapHeading = "Math Dependency Map"

// insertDependencyMap puts the generated section right after the lab's
// "Math Dependency Map" heading (any level, compared without case), before
// whatever the author wrote under it; without such a heading it appends an
// h2 with the section at the end of the body.
func (r *Prepared) insertDependencyMap(doc *markdown.Document) {
	var heading *ast.Heading
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		if h, ok := n.(*ast.Heading); ok {
			if heading == nil && strings.EqualFold(markdown.PlainText(h, doc.Source), DependencyMapHeading) {
				heading = h
			}
			return ast.WalkSkipChildren
		}
		return ast.WalkContinue
	})
	section := ast.NewString([]byte(r.dependencyMapHTML()))
	section.SetCode(true) // written as is: the HTML is the build's own
	if heading == nil {
		heading = ast.NewHeading(2)
		heading.AppendChild(heading, ast.NewString([]byte(DependencyMapHeading)))
		heading.SetAttributeString("id", []byte(r.unusedID("math-dependency-map")))
		doc.Root.AppendChild(doc.Root, heading)
	}
	heading.Parent().InsertAfter(heading.Parent(), heading, section)
}

// unusedID returns id, or id-1, id-2, … when a heading already has it.
func (r *Prepared) unusedID(id string) string {
	used := map[string]bool{}
	r.doc.Walk(func(n ast.Node) ast.WalkStatus {
		if h, ok := n.(*ast.Heading); ok {
			if v, ok := h.AttributeString("id"); ok {
				b, _ := v.([]byte)
				used[string(b)] = true
			}
			return ast.WalkSkipChildren
		}
		return ast.WalkContinue
	})
	out := id
	for i := 1; used[out]; i++ {
		out = id + "-" + strconv.Itoa(i)
	}
	return out
}

// dependencyMapHTML writes "Read this page after" (the lab's "after" labs
// with their summaries, or a note that it is a starting point) and "Read
// next" (the labs that name it), with a link to the site's map.
func (r *Prepared) dependencyMapHTML() string {
	var b strings.Builder
	root := RootFor(r.page.URL)
	item := func(l Lab) {
		b.WriteString(`<li><a href="` + html.EscapeString(root+l.URL) + `">` + html.EscapeString(l.Title) + "</a>")
		if l.Summary != "" {
			b.WriteString(" — " + html.EscapeString(l.Summary))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("<div class=\"dependency-map\">\n")
	var after []Lab
	seen := map[string]bool{}
	for _, slug := range r.page.After {
		if l, ok := r.read.Lab(slug); ok && !seen[slug] {
			seen[slug] = true
			after = append(after, l)
		}
	}
	if len(after) == 0 {
		b.WriteString("<p class=\"dep-start\">This lab is a starting point: it assumes no other lab.</p>\n")
	} else {
		b.WriteString("<p class=\"dep-label\">Read this page after:</p>\n<ul class=\"dep-after\">\n")
		for _, l := range after {
			item(l)
		}
		b.WriteString("</ul>\n")
	}
	if next := r.read.NextOf(r.page.Slug); len(next) > 0 {
		b.WriteString("<p class=\"dep-label\">Read next:</p>\n<ul class=\"dep-next\">\n")
		for _, l := range next {
			item(l)
		}
		b.WriteString("</ul>\n")
	} else {
		b.WriteString("<p class=\"dep-end\">No lab builds on this one yet.</p>\n")
	}
	b.WriteString(`<p class="dep-map-link">See where it sits in the <a href="` + html.EscapeString(root) + `map/">map of all labs</a>.</p>` + "\n</div>\n")
	return b.String()
}
