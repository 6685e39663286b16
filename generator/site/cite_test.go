package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const citeSite = `
-- content/references.yaml --
- id: vaswani2017
  type: paper-conference
  title: Attention Is All You Need
  author:
    - {family: Vaswani, given: Ashish}
    - {family: Shazeer, given: Noam}
    - {family: Parmar, given: Niki}
    - {family: Uszkoreit, given: Jakob}
  issued: {year: 2017}
  container-title: Advances in Neural Information Processing Systems 30
  arxiv: "1706.03762"
- id: bahdanau2015
  type: paper-conference
  title: Neural Machine Translation by Jointly Learning to Align and Translate
  author: [{family: Bahdanau, given: Dzmitry}, {family: Cho, given: Kyunghyun}, {family: Bengio, given: Yoshua}]
  issued: {year: 2015}
  arxiv: "1409.0473"
- id: uncited
  type: book
  title: Never Cited
  author: [{family: Nobody}]
  issued: {year: 2000}
-- content/labs/reading.md --
---
title: Reading
references:
  - id: strang2016
    type: book
    title: Introduction to Linear Algebra & <More>
    author: [{family: Strang, given: Gilbert}]
    issued: {year: 2016}
    publisher: Wellesley-Cambridge Press
---

## Why

Attention {cite}` + "`vaswani2017`" + ` grew out of alignment {cite:p}` + "`bahdanau2015`" + `; see {cite}` + "`vaswani2017, strang2016`" + ` and {cite:t}` + "`strang2016`" + `.

## Sources and Further Reading

Start with the paper.

## After

More text.
-- content/labs/placed.md --
---
title: Placed
---

## Notes

As {cite:t}` + "`bahdanau2015`" + ` showed.

` + "```{bibliography}\n```" + `

## Sources and Further Reading

The list is above.
-- content/labs/plain.md --
---
title: Plain
---

## Text

Cited once: {cite}` + "`vaswani2017`" + `.
`

// TestCitationsWholePage builds pages that cite site-wide and page
// references and checks the citations, where the bibliography goes and
// what it lists, by hand-written expectations.
func TestCitationsWholePage(t *testing.T) {
	src := writeSite(t, citeSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	files := readTree(t, filepath.Join(src, "public"))
	if _, ok := files["references.yaml"]; ok {
		t.Error("content/references.yaml was copied to the site like an asset")
	}
	page := string(files["labs/reading/index.html"])
	v := `<a class="cite-ref" href="#ref-vaswani2017">Vaswani et al. 2017</a>`
	for _, want := range []string{
		`<p>Attention <span class="cite">` + v + `</span> grew out of alignment <span class="cite">(<a class="cite-ref" href="#ref-bahdanau2015">Bahdanau, Cho, and Bengio 2015</a>)</span>; see <span class="cite">(` + v + `; <a class="cite-ref" href="#ref-strang2016">Strang 2016</a>)</span> and <span class="cite">Strang (<a class="cite-ref" href="#ref-strang2016">2016</a>)</span>.</p>`,
		// The list closes the Sources section, before the next heading,
		// sorted by author: Bahdanau, Strang, Vaswani.
		"<p>Start with the paper.</p>\n<ul class=\"references\">\n" +
			`<li class="reference" id="ref-bahdanau2015">Bahdanau, Dzmitry, Kyunghyun Cho, and Yoshua Bengio. 2015. “Neural Machine Translation by Jointly Learning to Align and Translate.” <a href="https://arxiv.org/abs/1409.0473">arXiv:1409.0473</a>.</li>` + "\n" +
			`<li class="reference" id="ref-strang2016">Strang, Gilbert. 2016. <i>Introduction to Linear Algebra &amp; &lt;More&gt;</i>. Wellesley-Cambridge Press.</li>` + "\n" +
			`<li class="reference" id="ref-vaswani2017">Vaswani, Ashish, Noam Shazeer, Niki Parmar, and Jakob Uszkoreit. 2017. “Attention Is All You Need.” In <i>Advances in Neural Information Processing Systems 30</i>. <a href="https://arxiv.org/abs/1706.03762">arXiv:1706.03762</a>.</li>` + "\n" +
			"</ul>\n<h2 id=\"after\">",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("labs/reading lacks\n%s", want)
		}
	}
	if strings.Contains(page, "Never Cited") {
		t.Error("an entry nobody cites is listed")
	}
	placed := string(files["labs/placed/index.html"])
	i, j := strings.Index(placed, `<ul class="references">`), strings.Index(placed, `id="sources-and-further-reading"`)
	if i < 0 || j < 0 || i > j || strings.Count(placed, `<ul class="references">`) != 1 {
		t.Errorf("labs/placed: the list is not (only) at the {bibliography} fence (list at %d, sources at %d)", i, j)
	}
	plain := string(files["labs/plain/index.html"])
	if !strings.Contains(plain, `<h2 id="references">References <a class="anchor" href="#references"`) || !strings.Contains(plain, `id="ref-vaswani2017"`) {
		t.Errorf("labs/plain: no References section at the end")
	}
	if !strings.Contains(plain, `href="#references"`) {
		t.Errorf("labs/plain: the References section is not in the table of contents")
	}
}

// TestCitationErrors checks that unknown keys, bad entries and duplicate
// ids are errors at their positions, all reported at once.
func TestCitationErrors(t *testing.T) {
	src := writeSite(t, `
-- content/references.yaml --
- id: vaswani2017
  type: paper-conference
  title: Attention Is All You Need
  author: [{family: Vaswani, given: Ashish}]
  issued: {year: 2017}
- id: notitle
  type: book
  issued: 2000
-- content/labs/x.md --
---
title: X
references:
  - id: vaswani2017
    type: book
    title: Again
    issued: 2017
  - id: noyear
    type: book
    title: T
---

See {cite}`+"`vaswani2071`"+` and {cite}`+"`vaswani2017, bahdanau`"+` and {cite:q}`+"`vaswani2017`"+`.

`+"```{bibliography}\n```\n\n```{bibliography}\n```\n")
	res, err := build(t, src)
	if err == nil {
		t.Fatal("the build succeeded")
	}
	got := diagnostics(res)
	for _, want := range []string{
		`content/references.yaml:6:3: reference "notitle": missing title`,
		`content/labs/x.md:4:5: duplicate reference id "vaswani2017" (first defined at content/references.yaml:1:3)`,
		`content/labs/x.md:8:5: reference "noyear": missing issued`,
		`content/labs/x.md:13:12: {cite}` + "`vaswani2071`" + `: unknown reference "vaswani2071" (did you mean "vaswani2017"?)`,
		`content/labs/x.md:13:49: {cite}` + "`vaswani2017, bahdanau`" + `: unknown reference "bahdanau"`,
		`content/labs/x.md:13:63: {cite:q}: unknown form "q"`,
		`content/labs/x.md:18:1: a page has one {bibliography}; the first is on line 15`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack\n%s\ngot:\n%s", want, got)
		}
	}
}

// TestBuilderRebuildsCitationsWhenReferencesChange edits
// content/references.yaml under a Builder, as the dev server does, and
// expects the citing page to follow: a new title, then an error for a
// removed entry, then the fix.
func TestBuilderRebuildsCitationsWhenReferencesChange(t *testing.T) {
	m := memSite(t)
	refs := func(title, id string) {
		m["content/references.yaml"] = &fstest.MapFile{Data: []byte("- id: " + id + "\n  type: book\n  title: " + title + "\n  author: [{family: Strang, given: Gilbert}]\n  issued: 2016\n")}
	}
	refs("First Title", "strang2016")
	m["content/labs/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Alpha\nkeywords: [vectors]\n---\n## One\nSee {cite}`strang2016`.\n")}
	m["content/labs/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Beta\nafter: [a]\n---\nBeta.\n")} // imports nothing from a now
	m["content/labs/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Gamma\nafter: [b]\n---\nGamma.\n")}
	b := NewBuilder(m, Config{BaseURL: "/"})
	res, _, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	if !strings.Contains(string(res.Files["labs/a/index.html"]), "<i>First Title</i>") {
		t.Fatal("first build lacks the title")
	}
	refs("Second Title", "strang2016")
	res, _, err = b.Build(context.Background(), []string{"content/references.yaml"})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	if page := string(res.Files["labs/a/index.html"]); !strings.Contains(page, "<i>Second Title</i>") || strings.Contains(page, "First Title") {
		t.Error("the page did not follow the edited title")
	}
	refs("Second Title", "strang2017")
	res, _, err = b.Build(context.Background(), []string{"content/references.yaml"})
	if err == nil || !strings.Contains(diagnostics(res), `content/labs/a.md:6:12: {cite}`+"`strang2016`"+`: unknown reference "strang2016" (did you mean "strang2017"?)`) {
		t.Errorf("a removed key is not an error: %v\n%s", err, diagnostics(res))
	}
}
