// Package cite reads bibliographic references written in YAML with CSL
// field names (as pandoc and Quarto accept them), resolves citation keys
// and formats author–date citations and bibliography entries in HTML, in
// the manner of the Chicago author-date style (Quarto's default).
//
// An entry is a mapping such as
//
//   - id: vaswani2017
//     type: paper-conference
//     title: Attention Is All You Need
//     author:
//   - {family: Vaswani, given: Ashish}
//     issued: {year: 2017}
//     container-title: Advances in Neural Information Processing Systems 30
//     arxiv: "1706.03762"
//
// id, type, title and issued (a year) are required. Every problem is a
// diagnostic at the line and column of the field concerned.
package cite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// Name is one author or editor: family and given names, or a literal name
// (an organisation, or a name that does not split).
type Name struct {
	Family, Given, Literal string
	// Particle is the CSL non-dropping-particle ("van", "de"), written
	// before the family name; Suffix comes after ("Jr.").
	Particle, Suffix string
}

// Entry is one reference.
type Entry struct {
	ID, Type, Title string
	Authors         []Name
	Editors         []Name
	Year            int
	// Container is the journal, proceedings, book or site the work
	// appears in (CSL container-title).
	Container                   string
	Publisher, Place            string
	Volume, Issue, Page, Number string
	Edition, Genre, Note        string
	URL, DOI, Arxiv             string
	// Path, Line and Col locate the entry (its first key) for messages.
	Path      string
	Line, Col int
}

// reader turns YAML nodes into entries, collecting diagnostics.
type reader struct {
	path       string
	lineOffset int
	list       *diag.List
}

func (r *reader) errorf(n *yamltree.Node, format string, args ...any) {
	r.list.Errorf(r.path, n.Line+r.lineOffset, n.Col, format, args...)
}

// ParseFile reads a references file: a list of entries, or a mapping
// whose "references" field holds the list (the layout pandoc writes).
func ParseFile(path string, src []byte) ([]*Entry, []diag.Diagnostic) {
	var list diag.List
	root, err := yamltree.Parse(src)
	if err != nil {
		e := err.(*yamltree.Error)
		list.Errorf(path, e.Line, e.Col, "references: %s", e.Msg)
		return nil, list.Items()
	}
	r := &reader{path: path, list: &list}
	if root.Kind == yamltree.Null {
		return nil, nil
	}
	if root.Kind == yamltree.Map {
		for _, k := range root.Keys {
			if k.Text != "references" {
				r.errorf(k, "unknown field %q (a references file is a list of entries, or a mapping with a references list)", k.Text)
			}
		}
		if refs := root.Get("references"); refs != nil {
			root = refs
		} else {
			return nil, list.Items()
		}
	}
	return r.entries(root), list.Items()
}

// ParseNode reads the entries of a page's front matter field references;
// lineOffset is the number of lines before the YAML text in the file.
func ParseNode(path string, n *yamltree.Node, lineOffset int) ([]*Entry, []diag.Diagnostic) {
	var list diag.List
	r := &reader{path: path, lineOffset: lineOffset, list: &list}
	return r.entries(n), list.Items()
}

func (r *reader) entries(n *yamltree.Node) []*Entry {
	if n.Kind != yamltree.List {
		r.errorf(n, "references: expected a list of entries (each with id, type, title, author, issued), found %s", n.Describe())
		return nil
	}
	var out []*Entry
	for _, it := range n.Items {
		if e := r.entry(it); e != nil {
			out = append(out, e)
		}
	}
	return out
}

var (
	idPattern    = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*$`)
	arxivPattern = regexp.MustCompile(`^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$`)
	doiPattern   = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
)

// entry reads one entry; nil when it cannot be used at all.
func (r *reader) entry(n *yamltree.Node) *Entry {
	if n.Kind != yamltree.Map {
		r.errorf(n, "references: expected an entry (a mapping with id, type, title, author, issued), found %s", n.Describe())
		return nil
	}
	e := &Entry{Path: r.path, Line: n.Keys[0].Line + r.lineOffset, Col: n.Keys[0].Col}
	for i, k := range n.Keys {
		v := n.Vals[i]
		switch k.Text {
		case "id":
			e.ID = r.text(k.Text, v)
			if e.ID != "" && !idPattern.MatchString(e.ID) {
				r.errorf(v, "id: %q is not a citation key: expected letters, digits and _ : . - (starting with a letter or digit), such as vaswani2017", e.ID)
			}
		case "type":
			e.Type = r.text(k.Text, v)
			if e.Type != "" && !isType(e.Type) {
				r.errorf(v, "type: unknown CSL type %q%s (expected one of %s)", e.Type, suggestion(e.Type, cslTypes), strings.Join(cslTypes, ", "))
			}
		case "title":
			e.Title = strings.TrimSpace(r.text(k.Text, v))
		case "author":
			e.Authors = r.names(k.Text, v)
		case "editor":
			e.Editors = r.names(k.Text, v)
		case "issued":
			e.Year = r.year(v)
		case "container-title":
			e.Container = r.text(k.Text, v)
		case "publisher":
			e.Publisher = r.text(k.Text, v)
		case "publisher-place":
			e.Place = r.text(k.Text, v)
		case "volume":
			e.Volume = r.text(k.Text, v)
		case "issue":
			e.Issue = r.text(k.Text, v)
		case "page":
			e.Page = strings.ReplaceAll(r.text(k.Text, v), "--", "–")
		case "number":
			e.Number = r.text(k.Text, v)
		case "edition":
			e.Edition = r.text(k.Text, v)
		case "genre":
			e.Genre = r.text(k.Text, v)
		case "note":
			e.Note = r.text(k.Text, v)
		case "URL", "url":
			e.URL = r.text(k.Text, v)
			if e.URL != "" && !strings.HasPrefix(e.URL, "https://") && !strings.HasPrefix(e.URL, "http://") {
				r.errorf(v, "%s: expected an http(s) URL, found %q", k.Text, e.URL)
			}
		case "DOI", "doi":
			e.DOI = strings.TrimPrefix(strings.TrimPrefix(r.text(k.Text, v), "https://doi.org/"), "doi:")
			if e.DOI != "" && !doiPattern.MatchString(e.DOI) {
				r.errorf(v, "%s: expected a DOI such as 10.1000/xyz123, found %q", k.Text, e.DOI)
			}
		case "arxiv":
			e.Arxiv = strings.TrimPrefix(r.text(k.Text, v), "arXiv:")
			if e.Arxiv != "" && !arxivPattern.MatchString(e.Arxiv) {
				r.errorf(v, "arxiv: expected an arXiv id such as 1706.03762, found %q", e.Arxiv)
			}
		default:
			if !isVariable(k.Text) {
				r.errorf(k, "unknown reference field %q%s (expected CSL fields such as id, type, title, author, issued, container-title, URL, DOI, or arxiv)", k.Text, suggestion(k.Text, knownFields()))
			}
		}
	}
	at := n.Keys[0]
	if n.Get("id") == nil {
		r.errorf(at, "reference entry has no id (the key that {cite} uses)")
		return nil
	}
	what := "reference " + strconv.Quote(e.ID)
	if n.Get("type") == nil {
		r.errorf(at, "%s: missing type (such as article-journal, paper-conference, book, chapter, report, thesis, webpage)", what)
	}
	if n.Get("title") == nil {
		r.errorf(at, "%s: missing title", what)
	} else if e.Title == "" && n.Get("title").Kind == yamltree.Scalar {
		r.errorf(n.Get("title"), "%s: title is empty", what)
	}
	if n.Get("issued") == nil {
		r.errorf(at, "%s: missing issued (the year, as issued: {year: 2017})", what)
	}
	return e
}

func (r *reader) text(field string, n *yamltree.Node) string {
	if n.Kind != yamltree.Scalar {
		r.errorf(n, "%s: expected text, found %s", field, n.Describe())
		return ""
	}
	return n.Text
}

// names reads a list of names: mappings with family and given (or
// literal), or plain text taken as a literal name.
func (r *reader) names(field string, n *yamltree.Node) []Name {
	items := n.Items
	switch n.Kind {
	case yamltree.List:
	case yamltree.Map:
		items = []*yamltree.Node{n}
	case yamltree.Scalar:
		return []Name{{Literal: n.Text}}
	default:
		r.errorf(n, "%s: expected a list of names such as [{family: Vaswani, given: Ashish}], found %s", field, n.Describe())
		return nil
	}
	var out []Name
	for _, it := range items {
		switch it.Kind {
		case yamltree.Scalar:
			out = append(out, Name{Literal: it.Text})
			continue
		case yamltree.Map:
		default:
			r.errorf(it, "%s: expected a name such as {family: Vaswani, given: Ashish}, found %s", field, it.Describe())
			continue
		}
		var nm Name
		unknown := false
		for i, k := range it.Keys {
			v := r.text(field+"."+k.Text, it.Vals[i])
			switch k.Text {
			case "family":
				nm.Family = v
			case "given":
				nm.Given = v
			case "literal":
				nm.Literal = v
			case "non-dropping-particle", "dropping-particle":
				nm.Particle = v
			case "suffix":
				nm.Suffix = v
			default:
				unknown = true
				r.errorf(k, "%s: unknown name field %q%s (expected family, given, literal, non-dropping-particle, dropping-particle, suffix)", field, k.Text, suggestion(k.Text, []string{"family", "given", "literal", "suffix"}))
			}
		}
		if nm.Family == "" && nm.Literal == "" {
			if !unknown {
				r.errorf(it, "%s: a name needs family (or literal)", field)
			}
			continue
		}
		out = append(out, nm)
	}
	return out
}

// year reads issued: {year: 2017}, {date-parts: [[2017, 6, 12]]}, or a
// date written as text (2017, 2017-06, 2017-06-12).
func (r *reader) year(n *yamltree.Node) int {
	bad := func(at *yamltree.Node) int {
		r.errorf(at, "issued: expected a year, as {year: 2017}, {date-parts: [[2017, 6]]} or 2017-06-12, found %s", describe(at))
		return 0
	}
	parse := func(at *yamltree.Node, s string) int {
		head, _, _ := strings.Cut(s, "-")
		y, err := strconv.Atoi(head)
		if err != nil || len(head) != 4 {
			return bad(at)
		}
		return y
	}
	switch n.Kind {
	case yamltree.Scalar:
		return parse(n, n.Text)
	case yamltree.Map:
		if y := n.Get("year"); y != nil {
			if y.Kind != yamltree.Scalar {
				return bad(y)
			}
			return parse(y, y.Text)
		}
		if dp := n.Get("date-parts"); dp != nil {
			if dp.Kind == yamltree.List && len(dp.Items) > 0 && dp.Items[0].Kind == yamltree.List && len(dp.Items[0].Items) > 0 && dp.Items[0].Items[0].Kind == yamltree.Scalar {
				first := dp.Items[0].Items[0]
				return parse(first, first.Text)
			}
			return bad(dp)
		}
		if lit := n.Get("literal"); lit != nil && lit.Kind == yamltree.Scalar {
			return parse(lit, lit.Text)
		}
		return bad(n)
	case yamltree.List:
		// CSL-JSON style: issued: [{year: 2017}]
		if len(n.Items) == 1 {
			return r.year(n.Items[0])
		}
	}
	return bad(n)
}

func describe(n *yamltree.Node) string {
	if n.Kind == yamltree.Scalar {
		return strconv.Quote(n.Text)
	}
	return n.Describe()
}

// Library is a set of entries by id.
type Library struct {
	byID map[string]*Entry
	ids  []string
}

// NewLibrary returns a library holding base's entries and the given ones.
// An id given twice is an error at the second entry, naming the first.
func NewLibrary(base *Library, entries []*Entry) (*Library, []diag.Diagnostic) {
	l := &Library{byID: map[string]*Entry{}}
	if base != nil {
		for _, id := range base.ids {
			l.add(base.byID[id])
		}
	}
	var list diag.List
	for _, e := range entries {
		if first, dup := l.byID[e.ID]; dup {
			list.Errorf(e.Path, e.Line, e.Col, "duplicate reference id %q (first defined at %s:%d:%d)", e.ID, first.Path, first.Line, first.Col)
			continue
		}
		l.add(e)
	}
	return l, list.Items()
}

func (l *Library) add(e *Entry) {
	l.byID[e.ID] = e
	l.ids = append(l.ids, e.ID)
}

// Lookup returns the entry with the given id.
func (l *Library) Lookup(id string) (*Entry, bool) {
	if l == nil {
		return nil, false
	}
	e, ok := l.byID[id]
	return e, ok
}

// UnknownKey describes a key the library lacks, with the closest id when
// one is near: `unknown reference "vaswani2071" (did you mean "vaswani2017"?)`.
func (l *Library) UnknownKey(key string) string {
	msg := fmt.Sprintf("unknown reference %q", key)
	if l == nil || len(l.ids) == 0 {
		return msg + " (no references are defined: add them to content/references.yaml or the page's front matter references:)"
	}
	if s := suggestion(key, l.ids); s != "" {
		return msg + s
	}
	return msg + " (not in content/references.yaml or the page's front matter references:)"
}
