package cite

import (
	"html"
	"slices"
	"strconv"
	"strings"
)

// standalone types have their title in italics; the others (articles,
// papers, chapters, pages, theses) have it in quotation marks.
var standalone = []string{
	"book", "report", "dataset", "software", "standard", "pamphlet", "periodical", "map",
	"motion_picture", "musical_score", "graphic", "song", "collection", "classic", "patent", "bill", "legislation",
}

// Format writes one bibliography entry as HTML, in the manner of Chicago
// author-date: authors, year, title, where it appeared, links.
//
//	Vaswani, Ashish, Noam Shazeer, …, and Illia Polosukhin. 2017.
//	“Attention Is All You Need.” In <i>Advances in Neural Information
//	Processing Systems 30</i>. <a …>arXiv:1706.03762</a>.
func (b *Bibliography) Format(e *Entry) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, endSentence(s))
		}
	}
	names, role := e.Authors, ""
	if len(names) == 0 && len(e.Editors) > 0 {
		names, role = e.Editors, ", ed."
		if len(e.Editors) > 1 {
			role = ", eds."
		}
	}
	title := formatTitle(e)
	if len(names) > 0 {
		add(html.EscapeString(bibNames(names)) + role)
		add(b.year(e))
		add(title)
	} else {
		add(title)
		add(b.year(e))
	}
	for _, s := range venue(e, role == "") {
		add(s)
	}
	if e.Note != "" {
		add(html.EscapeString(e.Note))
	}
	for _, l := range links(e) {
		add(l)
	}
	return strings.Join(parts, " ")
}

// endSentence adds a full stop unless the text ends with one (or with
// ?, ! or a closing quotation mark after one).
func endSentence(s string) string {
	plain := strings.TrimSuffix(strings.TrimSuffix(s, "</i>"), "”")
	if strings.HasSuffix(plain, ".") || strings.HasSuffix(plain, "?") || strings.HasSuffix(plain, "!") {
		return s
	}
	return s + "."
}

// formatTitle writes the title in italics or in quotation marks, with the
// full stop inside the quotation marks as Chicago has it.
func formatTitle(e *Entry) string {
	t := html.EscapeString(e.Title)
	if slices.Contains(standalone, e.Type) {
		return "<i>" + t + "</i>"
	}
	if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "!") {
		t += "."
	}
	return "“" + t + "”"
}

// bibNames writes the names for the bibliography: the first inverted
// ("Vaswani, Ashish"), the others in reading order, "and" before the
// last; after ten names, the first seven and "et al.".
func bibNames(ns []Name) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = displayName(n, i == 0)
	}
	if len(out) > 10 {
		return strings.Join(out[:7], ", ") + ", et al."
	}
	if len(out) == 2 && ns[0].Literal == "" && ns[0].Given != "" {
		// "Vaswani, Ashish, and Noam Shazeer": the comma closes the inverted name.
		return out[0] + ", and " + out[1]
	}
	return joinNames(out)
}

func displayName(n Name, inverted bool) string {
	if n.Literal != "" {
		return n.Literal
	}
	family := familyName(n)
	var s string
	switch {
	case n.Given == "":
		s = family
	case inverted:
		s = family + ", " + n.Given
	default:
		s = n.Given + " " + family
	}
	if n.Suffix != "" {
		s += ", " + n.Suffix
	}
	return s
}

// venue writes where the work appeared, by type. withEditors adds "edited
// by" (when the editors are not already in the authors' place).
func venue(e *Entry, withEditors bool) []string {
	esc := html.EscapeString
	container := ""
	if e.Container != "" {
		container = "<i>" + esc(e.Container) + "</i>"
	}
	publisher := esc(e.Publisher)
	if e.Place != "" && e.Publisher != "" {
		publisher = esc(e.Place) + ": " + publisher
	}
	edition := ""
	if e.Edition != "" {
		edition = esc(ordinal(e.Edition)) + " ed."
	}
	switch e.Type {
	case "article-journal", "article-magazine", "article-newspaper", "review", "review-book":
		s := container
		if e.Volume != "" {
			s += " " + esc(e.Volume)
		}
		if e.Issue != "" {
			s += " (" + esc(e.Issue) + ")"
		}
		if e.Page != "" {
			s += ": " + esc(e.Page)
		}
		return []string{strings.TrimSpace(s)}
	case "paper-conference", "chapter", "entry", "entry-dictionary", "entry-encyclopedia":
		s := ""
		if container != "" {
			s = "In " + container
		}
		if withEditors && len(e.Editors) > 0 {
			s = joinClause(s, "edited by "+esc(joinNames(displayNames(e.Editors))))
		}
		if e.Page != "" {
			s = joinClause(s, esc(e.Page))
		}
		return []string{s, publisher}
	case "thesis":
		genre := e.Genre
		if genre == "" {
			genre = "Thesis"
		}
		return []string{joinClause(esc(genre), esc(e.Publisher))}
	case "report":
		s := esc(e.Genre)
		if e.Number != "" {
			s = strings.TrimSpace(s + " " + esc(e.Number))
		}
		return []string{container, s, publisher}
	case "webpage", "post", "post-weblog":
		return []string{esc(e.Container), publisher}
	}
	if slices.Contains(standalone, e.Type) {
		return []string{edition, container, publisher}
	}
	return []string{container, publisher}
}

func displayNames(ns []Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = displayName(n, false)
	}
	return out
}

// joinClause joins two parts of one sentence with a comma.
func joinClause(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ", " + b
}

// ordinal writes an edition number as "2nd"; other text is kept.
func ordinal(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return s
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return s + suffix
}

// links writes the entry's arXiv, DOI and URL links, each once.
func links(e *Entry) []string {
	var out []string
	seen := map[string]bool{}
	add := func(href, text string) {
		if seen[href] {
			return
		}
		seen[href] = true
		out = append(out, `<a href="`+html.EscapeString(href)+`">`+html.EscapeString(text)+`</a>`)
	}
	if e.Arxiv != "" {
		add("https://arxiv.org/abs/"+e.Arxiv, "arXiv:"+e.Arxiv)
	}
	if e.DOI != "" {
		add("https://doi.org/"+e.DOI, "https://doi.org/"+e.DOI)
	}
	if e.URL != "" {
		add(e.URL, e.URL)
	}
	return out
}
