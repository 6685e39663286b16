package page

import (
	"strings"
	"testing"
	"time"

	"paperlab/generator/diag"
)

func TestParseFullFrontMatter(t *testing.T) {
	src := `---
title: "Paper Lab: Attention"
summary: A summary.
modified: 2026-04-26
keywords: [attention, vectors]
after: [linear-combinations]
draft: true
macros: {R: "\\mathbb{R}"}
paper:
  title: Attention Is All You Need
  authors: [Ashish Vaswani, Noam Shazeer, Niki Parmar]
  year: 2017
  venue: NeurIPS
  arxiv: "1706.03762"
---
Body text.
`
	var list diag.List
	p := Parse("content/labs/attention.md", []byte(src), &list)
	if list.Len() != 0 {
		t.Fatalf("diagnostics: %v", list.Items())
	}
	if p.Slug != "attention" || p.Title != "Paper Lab: Attention" || p.Summary != "A summary." || !p.Draft {
		t.Errorf("page = %+v", p)
	}
	if !p.Modified.Equal(time.Date(2026, 4, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("modified = %v", p.Modified)
	}
	if strings.Join(p.Keywords, ",") != "attention,vectors" || strings.Join(p.After, ",") != "linear-combinations" {
		t.Errorf("keywords = %v, after = %v", p.Keywords, p.After)
	}
	if p.Macros["R"] != `\mathbb{R}` {
		t.Errorf("macros = %v", p.Macros)
	}
	if p.Paper == nil || p.Paper.Year != 2017 || p.Paper.ArxivURL() != "https://arxiv.org/abs/1706.03762" ||
		p.Paper.AuthorList() != "Ashish Vaswani, Noam Shazeer and Niki Parmar" {
		t.Errorf("paper = %+v", p.Paper)
	}
	if string(p.Body) != "Body text.\n" {
		t.Errorf("body = %q", p.Body)
	}
	if line, col := p.Source.Position(p.BodyOffset); line != 16 || col != 1 {
		t.Errorf("body starts at %d:%d, want 16:1", line, col)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"---\ntitle: x\ntitel: y\n---\n", `x.md:3:1: front matter: unknown field "titel"`},
		{"---\ntitle: [a]\n---\n", "x.md:2:8: front matter: title: expected text, found a list"},
		{"---\nsummary: s\n---\n", `x.md:2:1: front matter: missing required field "title"`},
		{"---\ntitle: x\nmodified: 26/04/2026\n---\n", "x.md:3:11: front matter: modified: expected a date such as 2026-04-26"},
		{"---\ntitle: x\nkeywords: {a: 1}\n---\n", "x.md:3:11: front matter: keywords: expected a list of text, found a mapping"},
		{"---\ntitle: x\nafter: [Not A Slug]\n---\n", `x.md:3:9: front matter: after: expected a lab slug`},
		{"---\ntitle: x\npaper:\n  title: P\n  year: soon\n---\n", `x.md:5:9: front matter: paper.year: expected a whole number, found the string "soon"`},
		{"---\ntitle: x\npaper: Attention\n---\n", "x.md:3:8: front matter: paper: expected a mapping"},
		{"---\ntitle: x\ndraft: yes please\n---\n", "x.md:3:8: front matter: draft: expected true or false"},
		{"---\ntitle: \"x\n---\n", "x.md:2:8: front matter: YAML:"},
		{"---\ntitle: x\n", "x.md:1:1: front matter: expected a closing --- line"},
		{"# no front matter\n", "x.md:1:1: front matter: expected the file to start with a --- line"},
		{"---\n---\nbody\n", `x.md:2:1: front matter: missing required field "title"`},
		{"---\ntitle: x\ntitle: y\n---\n", `x.md:3:1: front matter: YAML: mapping key "title" given twice (each key may be given once)`},
	}
	for _, c := range cases {
		var list diag.List
		Parse("x.md", []byte(c.src), &list)
		items := list.Items()
		if len(items) == 0 {
			t.Errorf("%q: no error, want %q", c.src, c.want)
			continue
		}
		if got := items[0].String(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestAllFrontMatterErrorsAreReported(t *testing.T) {
	var list diag.List
	Parse("x.md", []byte("---\ntitle: x\nfoo: 1\nbar: 2\ndraft: 3\n---\n"), &list)
	if list.Len() != 3 {
		t.Errorf("got %d diagnostics, want 3: %v", list.Len(), list.Items())
	}
}
