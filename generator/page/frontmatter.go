// Package page reads one lab source file: its YAML front matter, checked
// field by field with positions, and the Markdown body that follows.
package page

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// Paper is the research paper a lab reads.
type Paper struct {
	Title   string
	Authors []string
	Year    int
	Venue   string
	Arxiv   string
	URL     string
	// Facts are the paper's settings the lab states (paper.facts), in
	// the order written.
	Facts []Fact
}

// ArxivURL is the abstract page for the paper's arXiv id, or "".
func (p Paper) ArxivURL() string {
	if p.Arxiv == "" {
		return ""
	}
	return "https://arxiv.org/abs/" + p.Arxiv
}

// Link is the best link to the paper: its URL, else its arXiv page.
func (p Paper) Link() string {
	if p.URL != "" {
		return p.URL
	}
	return p.ArxivURL()
}

// AuthorList joins the authors for display: "A", "A and B", "A, B and C".
func (p Paper) AuthorList() string {
	switch len(p.Authors) {
	case 0:
		return ""
	case 1:
		return p.Authors[0]
	}
	return strings.Join(p.Authors[:len(p.Authors)-1], ", ") + " and " + p.Authors[len(p.Authors)-1]
}

// ShortAuthors names the authors for a compact listing: "A", "A and B",
// or "A et al." for three or more.
func (p Paper) ShortAuthors() string {
	if len(p.Authors) > 2 {
		return p.Authors[0] + " et al."
	}
	return p.AuthorList()
}

// FrontMatter holds the fields a lab declares between its --- lines.
type FrontMatter struct {
	Title    string
	Summary  string
	Modified time.Time // zero when not given
	Keywords []string
	Paper    *Paper
	After    []string // slugs of labs to read first
	Draft    bool
	Macros   map[string]string // TeX macros: name without backslash -> body
	// Authors wrote the lab (not the paper): the feed's entry authors. On
	// content/_index.md, the site's authors.
	Authors []string
	// References is the references field as written, read by
	// generator/cite; its lines count from the YAML text, which starts
	// after YAMLLineOffset lines of the file.
	References     *yamltree.Node
	YAMLLineOffset int
	// AfterPos holds the position of each After entry, for error messages.
	AfterPos []Pos
	// KeywordsPos holds the position of each Keywords entry.
	KeywordsPos []Pos
}

// Pos is a 1-based line and column in the source file.
type Pos struct{ Line, Col int }

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	arxivPattern = regexp.MustCompile(`^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$`)
	macroPattern = regexp.MustCompile(`^[A-Za-z]+$`)
)

// splitFrontMatter separates "---\nYAML\n---\n" from the body. It returns
// the YAML, the byte offset where the YAML starts and where the body starts.
func splitFrontMatter(src []byte) (yaml []byte, yamlStart, bodyStart int, ok bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \r") != "---" {
		return nil, 0, 0, false
	}
	yamlStart = len(first) + 1
	off := yamlStart
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if t := strings.TrimRight(string(line), " \r"); t == "---" || t == "..." {
			end := off + len(line)
			if end < len(src) {
				end++
			}
			return src[yamlStart:off], yamlStart, end, true
		}
		off += len(line) + 1
		rest = next
	}
	return nil, yamlStart, 0, false
}

// parseFrontMatter checks every field of the YAML node and reports each
// problem at its position. lineOffset is the number of source lines before
// the YAML text.
func parseFrontMatter(path string, yaml []byte, lineOffset int, list *diag.List) FrontMatter {
	var fm FrontMatter
	root, err := yamltree.Parse(yaml)
	if err != nil {
		e := err.(*yamltree.Error)
		list.Errorf(path, e.Line+lineOffset, e.Col, "front matter: %s", e.Msg)
		return fm
	}
	at := func(n *yamltree.Node) (string, int, int) { return path, n.Line + lineOffset, n.Col }
	if root.Kind == yamltree.Null {
		list.Errorf(path, 1+lineOffset, 1, "front matter: missing required field \"title\"")
		return fm
	}
	if root.Kind != yamltree.Map {
		p, l, c := at(root)
		list.Errorf(p, l, c, "front matter: expected a mapping of fields, found %s", root.Describe())
		return fm
	}
	d := decoder{list: list, at: at}
	suggested := map[string]bool{}
	for i, k := range root.Keys {
		v := root.Vals[i]
		switch k.Text {
		case "title":
			fm.Title = d.text("title", v)
		case "summary":
			fm.Summary = d.text("summary", v)
		case "modified":
			fm.Modified = d.date("modified", v)
		case "keywords":
			fm.Keywords = d.strings("keywords", v, &fm.KeywordsPos)
			for j, kw := range fm.Keywords {
				if Slugify(kw) == "" {
					list.Errorf(path, fm.KeywordsPos[j].Line, fm.KeywordsPos[j].Col, "front matter: keywords: expected a keyword with at least one letter or digit, found %q", kw)
				}
			}
		case "paper":
			fm.Paper = d.paper(v)
		case "after":
			fm.After = d.strings("after", v, &fm.AfterPos)
			for j, s := range fm.After {
				if !slugPattern.MatchString(s) {
					list.Errorf(path, fm.AfterPos[j].Line, fm.AfterPos[j].Col, "front matter: after: expected a lab slug such as \"linear-combinations\", found %q", s)
				}
			}
		case "draft":
			fm.Draft = d.boolean("draft", v)
		case "macros":
			fm.Macros = d.macros(v)
		case "authors":
			fm.Authors = d.strings("authors", v, nil)
		case "references":
			fm.References, fm.YAMLLineOffset = v, lineOffset
		default:
			p, l, c := at(k)
			meant := diag.Suggest(k.Text, fieldNames)
			w := utf8.RuneCountInString(k.Text)
			if meant == "" {
				list.ErrorSpan(p, l, c, w, "front matter: unknown field %q (expected one of %s)", k.Text, strings.Join(fieldNames, ", "))
			} else {
				list.ErrorSpan(p, l, c, w, "front matter: unknown field %q (did you mean %q?)", k.Text, meant)
				suggested[meant] = true
			}
		}
	}
	if root.Get("title") == nil && !suggested["title"] {
		p, l, c := at(firstKey(root))
		list.Errorf(p, l, c, "front matter: missing required field \"title\"")
	} else if t := root.Get("title"); t != nil && strings.TrimSpace(fm.Title) == "" && d.ok(t) {
		p, l, c := at(t)
		list.Errorf(p, l, c, "front matter: title: expected a non-empty title")
	}
	return fm
}

var fieldNames = []string{"title", "summary", "modified", "keywords", "paper", "after", "draft", "macros", "authors", "references"}

var paperFields = []string{"title", "authors", "year", "venue", "arxiv", "url", "facts"}

// decoder reads typed values out of YAML nodes, reporting type errors.
type decoder struct {
	list *diag.List
	at   func(*yamltree.Node) (string, int, int)
}

func (d decoder) errorf(n *yamltree.Node, format string, args ...any) {
	p, l, c := d.at(n)
	d.list.Errorf(p, l, c, "front matter: "+format, args...)
}

// ok reports whether n is a scalar (so its text was taken as given).
func (d decoder) ok(n *yamltree.Node) bool { return n.Kind == yamltree.Scalar }

func (d decoder) text(field string, n *yamltree.Node) string {
	if n.Kind != yamltree.Scalar {
		d.errorf(n, "%s: expected text, found %s", field, n.Describe())
		return ""
	}
	return n.Text
}

func (d decoder) boolean(field string, n *yamltree.Node) bool {
	if n.Kind != yamltree.Scalar || n.Type != yamltree.Bool {
		d.errorf(n, "%s: expected true or false, found %s", field, n.Describe())
		return false
	}
	return n.Text == "true"
}

func (d decoder) date(field string, n *yamltree.Node) time.Time {
	if n.Kind == yamltree.Scalar {
		for _, layout := range []string{"2006-01-02", time.RFC3339} {
			if t, err := time.Parse(layout, n.Text); err == nil {
				return t
			}
		}
	}
	d.errorf(n, "%s: expected a date such as 2026-04-26, found %s", field, n.Describe())
	return time.Time{}
}

func (d decoder) integer(field string, n *yamltree.Node) int {
	if n.Kind == yamltree.Scalar && n.Type == yamltree.Int {
		if v, err := strconv.Atoi(n.Text); err == nil {
			return v
		}
	}
	d.errorf(n, "%s: expected a whole number, found %s", field, n.Describe())
	return 0
}

// strings reads a list of scalars (a single scalar counts as a list of one).
func (d decoder) strings(field string, n *yamltree.Node, pos *[]Pos) []string {
	items := n.Items
	switch n.Kind {
	case yamltree.Scalar:
		items = []*yamltree.Node{n}
	case yamltree.List:
	default:
		d.errorf(n, "%s: expected a list of text, found %s", field, n.Describe())
		return nil
	}
	var out []string
	for _, it := range items {
		if it.Kind != yamltree.Scalar {
			d.errorf(it, "%s: expected text, found %s", field, it.Describe())
			continue
		}
		out = append(out, it.Text)
		if pos != nil {
			_, l, c := d.at(it)
			*pos = append(*pos, Pos{l, c})
		}
	}
	return out
}

func (d decoder) paper(n *yamltree.Node) *Paper {
	if n.Kind != yamltree.Map {
		d.errorf(n, "paper: expected a mapping with title, authors, year, venue, arxiv, url, facts; found %s", n.Describe())
		return nil
	}
	p := &Paper{}
	for i, k := range n.Keys {
		v := n.Vals[i]
		switch k.Text {
		case "title":
			p.Title = d.text("paper.title", v)
		case "authors":
			p.Authors = d.strings("paper.authors", v, nil)
		case "year":
			p.Year = d.integer("paper.year", v)
		case "venue":
			p.Venue = d.text("paper.venue", v)
		case "arxiv":
			p.Arxiv = d.text("paper.arxiv", v)
			if p.Arxiv != "" && !arxivPattern.MatchString(p.Arxiv) {
				d.errorf(v, "paper.arxiv: expected an arXiv id such as 1706.03762, found %q", p.Arxiv)
			}
		case "facts":
			p.Facts = d.facts(v)
		case "url":
			p.URL = d.text("paper.url", v)
			if p.URL != "" && !strings.HasPrefix(p.URL, "https://") && !strings.HasPrefix(p.URL, "http://") {
				d.errorf(v, "paper.url: expected an http(s) URL, found %q", p.URL)
			}
		default:
			if meant := diag.Suggest(k.Text, paperFields); meant != "" {
				d.errorf(k, "unknown field %q in paper (did you mean %q?)", k.Text, meant)
			} else {
				d.errorf(k, "unknown field %q in paper (expected one of %s)", k.Text, strings.Join(paperFields, ", "))
			}
		}
	}
	if n.Get("title") == nil {
		d.errorf(firstKey(n), "paper: missing required field \"title\"")
	}
	return p
}

func (d decoder) macros(n *yamltree.Node) map[string]string {
	if n.Kind != yamltree.Map {
		d.errorf(n, "macros: expected a mapping from macro name to TeX, found %s", n.Describe())
		return nil
	}
	out := map[string]string{}
	for i, k := range n.Keys {
		name := strings.TrimPrefix(k.Text, `\`)
		if !macroPattern.MatchString(name) {
			d.errorf(k, "macros: expected a macro name of letters such as R, found %q", k.Text)
			continue
		}
		out[name] = d.text("macros."+name, n.Vals[i])
	}
	return out
}

// firstKey is where a "missing field" error about map n goes: its first
// key, or the map itself when it is empty ({}).
func firstKey(n *yamltree.Node) *yamltree.Node {
	if len(n.Keys) > 0 {
		return n.Keys[0]
	}
	return n
}
