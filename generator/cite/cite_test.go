package cite

import (
	"strings"
	"testing"

	"paperlab/generator/yamltree"
)

// parse reads one references file and fails the test on any problem.
func parse(t *testing.T, yaml string) []*Entry {
	t.Helper()
	entries, ds := ParseFile("refs.yaml", []byte(yaml))
	for _, d := range ds {
		t.Errorf("unexpected: %s", d)
	}
	return entries
}

// TestFormatEachType pins one entry of each reference type. The expected
// HTML was written by hand after the Chicago author-date examples:
// authors (the first inverted), year, title (italics for books and
// reports, quotation marks for the rest), venue, links.
func TestFormatEachType(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"article-journal", `
- id: lecun1998
  type: article-journal
  title: Gradient-Based Learning Applied to Document Recognition
  author: [{family: LeCun, given: Yann}, {family: Bottou, given: Léon}, {family: Bengio, given: Yoshua}, {family: Haffner, given: Patrick}]
  issued: {year: 1998}
  container-title: Proceedings of the IEEE
  volume: 86
  issue: 11
  page: 2278--2324
  DOI: 10.1109/5.726791
`, `LeCun, Yann, Léon Bottou, Yoshua Bengio, and Patrick Haffner. 1998. “Gradient-Based Learning Applied to Document Recognition.” <i>Proceedings of the IEEE</i> 86 (11): 2278–2324. <a href="https://doi.org/10.1109/5.726791">https://doi.org/10.1109/5.726791</a>.`},
		{"paper-conference", `
- id: vaswani2017
  type: paper-conference
  title: Attention Is All You Need
  author: [{family: Vaswani, given: Ashish}, {family: Shazeer, given: Noam}]
  issued: {date-parts: [[2017, 12]]}
  container-title: Advances in Neural Information Processing Systems 30
  arxiv: "1706.03762"
`, `Vaswani, Ashish, and Noam Shazeer. 2017. “Attention Is All You Need.” In <i>Advances in Neural Information Processing Systems 30</i>. <a href="https://arxiv.org/abs/1706.03762">arXiv:1706.03762</a>.`},
		{"article (preprint)", `
- id: pre
  type: article
  title: A Preprint?
  author: [{family: Doe, given: Jane}]
  issued: 2020-03-01
  arxiv: "arXiv:2003.00001v2"
  URL: https://example.org/pre
`, `Doe, Jane. 2020. “A Preprint?” <a href="https://arxiv.org/abs/2003.00001v2">arXiv:2003.00001v2</a>. <a href="https://example.org/pre">https://example.org/pre</a>.`},
		{"book", `
- id: strang
  type: book
  title: Introduction to Linear Algebra
  author: [{family: Strang, given: Gilbert}]
  issued: {year: 2016}
  edition: 5
  publisher: Wellesley-Cambridge Press
  publisher-place: Wellesley, MA
`, `Strang, Gilbert. 2016. <i>Introduction to Linear Algebra</i>. 5th ed. Wellesley, MA: Wellesley-Cambridge Press.`},
		{"book with editors only", `
- id: eds
  type: book
  title: Collected Papers
  editor: [{family: Roe, given: Richard}, {family: Poe, given: Edgar}]
  issued: {year: 1999}
  publisher: Press
`, `Roe, Richard, and Edgar Poe, eds. 1999. <i>Collected Papers</i>. Press.`},
		{"chapter", `
- id: ch
  type: chapter
  title: Attention
  author: [{family: Smith, given: Ann}]
  editor: [{family: Roe, given: Richard}, {family: Poe, given: Edgar}]
  issued: {year: 2001}
  container-title: A Handbook
  page: 10-20
  publisher: Press
  publisher-place: Boston
`, `Smith, Ann. 2001. “Attention.” In <i>A Handbook</i>, edited by Richard Roe and Edgar Poe, 10-20. Boston: Press.`},
		{"webpage", `
- id: web
  type: webpage
  title: The Illustrated Transformer
  author: [{family: Alammar, given: Jay}]
  issued: {year: 2018}
  container-title: Jay Alammar's blog
  URL: https://example.org/illustrated-transformer/
`, `Alammar, Jay. 2018. “The Illustrated Transformer.” Jay Alammar&#39;s blog. <a href="https://example.org/illustrated-transformer/">https://example.org/illustrated-transformer/</a>.`},
		{"report", `
- id: rep
  type: report
  title: Long Short-Term Memory
  author: [{family: Hochreiter, given: Sepp}, {family: Schmidhuber, given: Jürgen}]
  issued: {year: 1995}
  genre: Technical Report
  number: FKI-207-95
  publisher: Technische Universität München
`, `Hochreiter, Sepp, and Jürgen Schmidhuber. 1995. <i>Long Short-Term Memory</i>. Technical Report FKI-207-95. Technische Universität München.`},
		{"thesis", `
- id: th
  type: thesis
  title: Learning to Attend
  author: [{family: Lee, given: Kim}]
  issued: {year: 2019}
  genre: PhD diss.
  publisher: University of Somewhere
`, `Lee, Kim. 2019. “Learning to Attend.” PhD diss., University of Somewhere.`},
		{"literal author, no given name", `
- id: org
  type: report
  title: A Standard
  author: [{literal: "World Wide Web Consortium"}, {family: Plato}]
  issued: {year: 2021}
`, `World Wide Web Consortium and Plato. 2021. <i>A Standard</i>.`},
		{"no author", `
- id: anon
  type: article-journal
  title: Anonymous Notes
  issued: {year: 1900}
  container-title: Notes
`, `“Anonymous Notes.” 1900. <i>Notes</i>.`},
		{"eleven authors", `
- id: many
  type: article-journal
  title: Many
  author: [{family: A1}, {family: A2}, {family: A3}, {family: A4}, {family: A5}, {family: A6}, {family: A7}, {family: A8}, {family: A9}, {family: A10}, {family: A11}]
  issued: {year: 2022}
`, `A1, A2, A3, A4, A5, A6, A7, et al. 2022. “Many.”`},
		{"escaping", `
- id: esc
  type: book
  title: "Vectors & <Matrices> \"quoted\""
  author: [{family: "O'Brien & Sons", given: "<b>"}]
  issued: {year: 2000}
  URL: "https://example.org/?a=1&b=<2>"
`, `O&#39;Brien &amp; Sons, &lt;b&gt;. 2000. <i>Vectors &amp; &lt;Matrices&gt; &#34;quoted&#34;</i>. <a href="https://example.org/?a=1&amp;b=&lt;2&gt;">https://example.org/?a=1&amp;b=&lt;2&gt;</a>.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			entries := parse(t, c.yaml)
			if len(entries) != 1 {
				t.Fatalf("%d entries", len(entries))
			}
			b := NewBibliography(entries)
			if got := b.Format(entries[0]); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

const fourWorks = `
- id: one
  type: book
  title: One Author
  author: [{family: Vaswani, given: Ashish}]
  issued: {year: 2017}
- id: two
  type: book
  title: Two Authors
  author: [{family: Vaswani, given: Ashish}, {family: Shazeer, given: Noam}]
  issued: {year: 2017}
- id: three
  type: book
  title: Three Authors
  author: [{family: Bahdanau, given: Dzmitry}, {family: Cho, given: Kyunghyun}, {family: Bengio, given: Yoshua}]
  issued: {year: 2015}
- id: four
  type: book
  title: Four Authors
  author: [{family: Vaswani, given: Ashish}, {family: Shazeer, given: Noam}, {family: Parmar}, {family: Uszkoreit}]
  issued: {year: 2017}
- id: four-b
  type: book
  title: Another Four
  author: [{family: Vaswani, given: Ashish}, {family: Parmar}, {family: Shazeer}, {family: Jones}]
  issued: {year: 2017}
`

func TestCitationsAndOrder(t *testing.T) {
	b := NewBibliography(parse(t, fourWorks))
	link := func(id, text string) string { return `<a class="cite-ref" href="#ref-` + id + `">` + text + `</a>` }
	cases := []struct {
		ids  []string
		form Form
		want string
	}{
		{[]string{"one"}, Plain, link("one", "Vaswani 2017")},
		{[]string{"two"}, Plain, link("two", "Vaswani and Shazeer 2017")},
		{[]string{"three"}, Plain, link("three", "Bahdanau, Cho, and Bengio 2015")},
		// Two works by Vaswani et al. in 2017: a and b by title.
		{[]string{"four"}, Plain, link("four", "Vaswani et al. 2017b")},
		{[]string{"four-b"}, Plain, link("four-b", "Vaswani et al. 2017a")},
		{[]string{"one", "three"}, Plain, "(" + link("one", "Vaswani 2017") + "; " + link("three", "Bahdanau, Cho, and Bengio 2015") + ")"},
		{[]string{"one"}, Parenthetical, "(" + link("one", "Vaswani 2017") + ")"},
		{[]string{"two", "three"}, Textual, "Vaswani and Shazeer (" + link("two", "2017") + "); Bahdanau, Cho, and Bengio (" + link("three", "2015") + ")"},
	}
	for _, c := range cases {
		want := `<span class="cite">` + c.want + `</span>`
		if got := b.Cite(c.ids, c.form); got != want {
			t.Errorf("Cite(%v, %d) =\n%s\nwant\n%s", c.ids, c.form, got, want)
		}
	}
	var order []string
	for _, e := range b.Entries() {
		order = append(order, e.ID)
	}
	// By first author, then the next authors (Parmar before Shazeer; fewer
	// authors first), then year, then title.
	if got, want := strings.Join(order, " "), "three one four-b two four"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	html := b.HTML()
	if !strings.HasPrefix(html, `<ul class="references">`+"\n"+`<li class="reference" id="ref-three">Bahdanau, Dzmitry, Kyunghyun Cho, and Yoshua Bengio. 2015. <i>Three Authors</i>.</li>`) {
		t.Errorf("bibliography starts:\n%s", html)
	}
	if !strings.Contains(html, `Vaswani, Ashish, Parmar, Shazeer, and Jones. 2017a. <i>Another Four</i>.`) {
		t.Errorf("year suffix missing from the bibliography:\n%s", html)
	}
}

func TestCitationEscapesNames(t *testing.T) {
	b := NewBibliography(parse(t, `
- id: x
  type: book
  title: T
  author: [{literal: "R&D <Lab>"}]
  issued: {year: 2000}
`))
	want := `<span class="cite"><a class="cite-ref" href="#ref-x">R&amp;D &lt;Lab&gt; 2000</a></span>`
	if got := b.Cite([]string{"x"}, Plain); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestErrors checks each problem is reported at the line and column of
// the field (or of the entry's first key when a field is missing).
func TestErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"missing title", "- id: a\n  type: book\n  issued: {year: 2000}\n", `refs.yaml:1:3: reference "a": missing title`},
		{"missing year", "- id: a\n  type: book\n  title: T\n", `refs.yaml:1:3: reference "a": missing issued (the year, as issued: {year: 2017})`},
		{"empty title", "- id: a\n  type: book\n  title: \"\"\n  issued: 2000\n", `refs.yaml:3:10: reference "a": title is empty`},
		{"bad year", "- id: a\n  type: book\n  title: T\n  issued: {year: soon}\n", `refs.yaml:4:18: issued: expected a year, as {year: 2017}, {date-parts: [[2017, 6]]} or 2017-06-12, found "soon"`},
		{"unknown field", "- id: a\n  type: book\n  title: T\n  issued: 2000\n  containr-title: X\n", `refs.yaml:5:3: unknown reference field "containr-title" (did you mean "container-title"?)`},
		{"unknown type", "- id: a\n  type: artcle-journal\n  title: T\n  issued: 2000\n", `refs.yaml:2:9: type: unknown CSL type "artcle-journal" (did you mean "article-journal"?)`},
		{"missing type", "- id: a\n  title: T\n  issued: 2000\n", `refs.yaml:1:3: reference "a": missing type`},
		{"missing id", "- type: book\n  title: T\n  issued: 2000\n", `refs.yaml:1:3: reference entry has no id`},
		{"bad name", "- id: a\n  type: book\n  title: T\n  issued: 2000\n  author: [{famly: X}]\n", `refs.yaml:5:13: author: unknown name field "famly" (did you mean "family"?)`},
		{"bad arxiv", "- id: a\n  type: article\n  title: T\n  issued: 2000\n  arxiv: \"17.06\"\n", `refs.yaml:5:10: arxiv: expected an arXiv id such as 1706.03762, found "17.06"`},
		{"bad DOI", "- id: a\n  type: article\n  title: T\n  issued: 2000\n  DOI: 11.2/x\n", `refs.yaml:5:8: DOI: expected a DOI such as 10.1000/xyz123`},
		{"not a list", "id: a\n", `refs.yaml:1:1: unknown field "id"`},
		{"syntax", "- id: [a\n", `refs.yaml:`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := ParseFile("refs.yaml", []byte(c.yaml))
			var all []string
			for _, d := range ds {
				all = append(all, d.String())
			}
			joined := strings.Join(all, "\n")
			if !strings.Contains(joined, c.want) {
				t.Errorf("diagnostics:\n%s\nwant one containing %s", joined, c.want)
			}
		})
	}
}

func TestCSLFieldsFromExportsAreAccepted(t *testing.T) {
	parse(t, "references:\n- id: a\n  type: article-journal\n  title: T\n  issued: [{year: 2000}]\n  abstract: Long text.\n  ISSN: 1234-5678\n  language: en\n  author: Plato\n")
}

func TestDuplicateIDs(t *testing.T) {
	base, ds := NewLibrary(nil, parse(t, "- id: a\n  type: book\n  title: T\n  issued: 2000\n"))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	page, _ := ParseNode("content/labs/x.md", mustNode(t, "- id: b\n  type: book\n  title: U\n  issued: 2001\n- id: a\n  type: book\n  title: V\n  issued: 2002\n"), 3)
	lib, ds := NewLibrary(base, page)
	if len(ds) != 1 || ds[0].String() != `content/labs/x.md:8:3: duplicate reference id "a" (first defined at refs.yaml:1:3)` {
		t.Errorf("diagnostics %v", ds)
	}
	if _, ok := lib.Lookup("b"); !ok {
		t.Error("the page's entry b is missing")
	}
	if got := lib.UnknownKey("bb"); got != `unknown reference "bb" (did you mean "b"?)` {
		t.Errorf("UnknownKey(bb) = %s", got)
	}
	if got := lib.UnknownKey("zzzzzz"); !strings.Contains(got, `unknown reference "zzzzzz" (not in content/references.yaml`) {
		t.Errorf("UnknownKey(zzzzzz) = %s", got)
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"vaswani2017", "vaswani2071", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"abc", "abc", 0}, {"Łukasz", "Lukasz", 1}} {
		if got := distance(c.a, c.b); got != c.d {
			t.Errorf("distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func mustNode(t *testing.T, yaml string) *yamltree.Node {
	t.Helper()
	n, err := yamltree.Parse([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
