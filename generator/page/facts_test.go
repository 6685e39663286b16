package page

import (
	"strings"
	"testing"

	"paperlab/generator/diag"
)

func TestParseFacts(t *testing.T) {
	src := "---\ntitle: T\npaper:\n  title: P\n  arxiv: \"1706.03762\"\n  facts:\n    d_model: {value: 512, section: \"3.1\"}\n    dropout: {value: 0.1, section: \"5.4\"}\n---\n"
	var list diag.List
	p := Parse("content/labs/t.md", []byte(src), &list)
	if list.Len() != 0 {
		t.Fatalf("diagnostics: %v", list.Items())
	}
	want := []Fact{
		{Name: "d_model", Value: "512", Section: "3.1", Pos: Pos{7, 22}, NamePos: Pos{7, 5}},
		{Name: "dropout", Value: "0.1", Section: "5.4", Pos: Pos{8, 22}, NamePos: Pos{8, 5}},
	}
	if len(p.Paper.Facts) != len(want) {
		t.Fatalf("facts = %+v", p.Paper.Facts)
	}
	for i, f := range want {
		if p.Paper.Facts[i] != f {
			t.Errorf("fact %d = %+v, want %+v", i, p.Paper.Facts[i], f)
		}
	}
	if f, ok := p.Paper.Fact("dropout"); !ok || f.Value != "0.1" {
		t.Errorf("Fact(dropout) = %+v, %v", f, ok)
	}
	if _, ok := p.Paper.Fact("h"); ok {
		t.Error("Fact(h) found")
	}
}

func TestFactErrors(t *testing.T) {
	tests := []struct{ facts, want string }{
		{"[1, 2]", "content/labs/t.md:6:10: front matter: paper.facts: expected a mapping from a fact name to {value, section}, such as d_model: {value: 512, section: \"3.1\"}; found a list"},
		{"{d_model: 512}", "content/labs/t.md:6:20: front matter: paper.facts.d_model: expected {value: …, section: …}, found the integer 512"},
		{"{d_model: {value: big}}", "content/labs/t.md:6:28: front matter: paper.facts.d_model.value: expected a number such as 512 or 0.1, found the string \"big\""},
		{"{d_model: {section: \"3.1\"}}", "content/labs/t.md:6:11: front matter: paper.facts.d_model: missing required field \"value\""},
		{"{d_model: {value: 1, sec: \"3.1\"}}", "content/labs/t.md:6:31: front matter: paper.facts.d_model: unknown field \"sec\" (expected value, section)"},
		{"{d_model: {value: 1, section: \"3 1\"}}", "content/labs/t.md:6:40: front matter: paper.facts.d_model.section: expected a section number such as \"3.2.2\" or \"A.1\", found \"3 1\""},
		{"{2d: {value: 1}}", "content/labs/t.md:6:11: front matter: paper.facts: expected a fact name of letters, digits and _ (starting with a letter), such as d_model; found \"2d\""},
	}
	for _, tt := range tests {
		src := "---\ntitle: T\npaper:\n  title: P\n  arxiv: \"1706.03762\"\n  facts: " + tt.facts + "\n---\n"
		var list diag.List
		Parse("content/labs/t.md", []byte(src), &list)
		var got []string
		for _, d := range list.Items() {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("facts: %s\n got: %s\nwant: %s", tt.facts, strings.Join(got, "\n"), tt.want)
		}
	}
}
