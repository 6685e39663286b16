package cite

import (
	"html"
	"sort"
	"strconv"
	"strings"
)

// Form is how a citation is written.
type Form int

// The citation forms: {cite} (author and year; several works in
// parentheses), {cite:p} (always in parentheses) and {cite:t} (the year in
// parentheses after the authors, for running text).
const (
	Plain Form = iota
	Parenthetical
	Textual
)

// Bibliography is the list of works a page cites, in the order the list
// shows them: by authors (family then given names), then year, then title.
type Bibliography struct {
	entries []*Entry
	// suffix holds the letter that tells apart works whose citations would
	// otherwise read the same ("2017a", "2017b").
	suffix map[string]string
}

// NewBibliography sorts the cited entries and assigns year suffixes.
func NewBibliography(cited []*Entry) *Bibliography {
	b := &Bibliography{entries: append([]*Entry(nil), cited...), suffix: map[string]string{}}
	sort.SliceStable(b.entries, func(i, j int) bool { return less(b.entries[i], b.entries[j]) })
	groups := map[string][]*Entry{}
	var order []string
	for _, e := range b.entries {
		k := citeNames(e) + "\x00" + strconv.Itoa(e.Year)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	for _, k := range order {
		if g := groups[k]; len(g) > 1 {
			for i, e := range g {
				b.suffix[e.ID] = suffixLetters(i)
			}
		}
	}
	return b
}

// suffixLetters is a, b, …, z, aa, ab, ….
func suffixLetters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i = i/26 - 1
		if i < 0 {
			return s
		}
	}
}

// Len is the number of entries.
func (b *Bibliography) Len() int { return len(b.entries) }

// Entries returns the entries in bibliography order.
func (b *Bibliography) Entries() []*Entry { return append([]*Entry(nil), b.entries...) }

// sortKey orders entries: each author's family and given names, then the
// year, then the title, without case; an entry without authors sorts by
// its editors, else its title.
func sortKey(e *Entry) []string {
	var k []string
	names := e.Authors
	if len(names) == 0 {
		names = e.Editors
	}
	for _, n := range names {
		if n.Literal != "" {
			k = append(k, strings.ToLower(n.Literal))
			continue
		}
		k = append(k, strings.ToLower(n.Family+", "+n.Particle+" "+n.Given))
	}
	if len(names) == 0 {
		k = append(k, strings.ToLower(e.Title))
	}
	return k
}

func less(a, b *Entry) bool {
	ka, kb := sortKey(a), sortKey(b)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	if len(ka) != len(kb) {
		return len(ka) < len(kb)
	}
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if ta, tb := strings.ToLower(a.Title), strings.ToLower(b.Title); ta != tb {
		return ta < tb
	}
	return a.ID < b.ID
}

// Anchor is the id of an entry's bibliography item.
func Anchor(id string) string { return "ref-" + id }

// familyName is a name as a citation shows it: "Vaswani", "van Gogh".
func familyName(n Name) string {
	if n.Literal != "" {
		return n.Literal
	}
	if n.Particle != "" {
		return n.Particle + " " + n.Family
	}
	return n.Family
}

// citeNames writes the authors as a citation shows them: "Vaswani",
// "Vaswani and Shazeer", "Bahdanau, Cho, and Bengio", or "Vaswani et al."
// for four or more; an entry without authors shows its editors, else its
// title.
func citeNames(e *Entry) string {
	names := e.Authors
	if len(names) == 0 {
		names = e.Editors
	}
	fam := make([]string, len(names))
	for i, n := range names {
		fam[i] = familyName(n)
	}
	switch {
	case len(fam) == 0:
		return e.Title
	case len(fam) >= 4:
		return fam[0] + " et al."
	}
	return joinNames(fam)
}

// joinNames writes "A", "A and B", "A, B, and C".
func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	case 2:
		return ns[0] + " and " + ns[1]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + ", and " + ns[len(ns)-1]
}

// year is the entry's year with its suffix: "2017", "2017a".
func (b *Bibliography) year(e *Entry) string { return strconv.Itoa(e.Year) + b.suffix[e.ID] }

// Cite writes the citation of the entries with the given ids (which must
// be in the bibliography) as HTML: each author–year pair links to its
// bibliography entry.
func (b *Bibliography) Cite(ids []string, form Form) string {
	var parts []string
	for _, id := range ids {
		e := b.lookup(id)
		if e == nil {
			continue
		}
		names, year := html.EscapeString(citeNames(e)), b.year(e)
		link := func(text string) string {
			return `<a class="cite-ref" href="#` + html.EscapeString(Anchor(e.ID)) + `">` + text + `</a>`
		}
		if form == Textual {
			parts = append(parts, names+" ("+link(year)+")")
			continue
		}
		parts = append(parts, link(names+" "+year))
	}
	out := strings.Join(parts, "; ")
	if form == Parenthetical || form == Plain && len(parts) > 1 {
		out = "(" + out + ")"
	}
	return `<span class="cite">` + out + `</span>`
}

func (b *Bibliography) lookup(id string) *Entry {
	for _, e := range b.entries {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// HTML writes the bibliography as a list, one item per entry with the
// id Anchor(entry.ID).
func (b *Bibliography) HTML() string {
	var s strings.Builder
	s.WriteString(`<ul class="references">` + "\n")
	for _, e := range b.entries {
		s.WriteString(`<li class="reference" id="` + html.EscapeString(Anchor(e.ID)) + `">` + b.Format(e) + "</li>\n")
	}
	s.WriteString("</ul>\n")
	return s.String()
}
