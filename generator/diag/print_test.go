package diag

import (
	"strings"
	"testing"
)

func TestPrintCaretAndNotes(t *testing.T) {
	src := NewSource("a.md", []byte("title\n\t\\[ \\frac{a}{\\sqrt{d} \\]\nend\n"))
	d := src.Span(20, 26, Error, "TeX: unknown command").WithNote(src, 13, 14, `the "{" opened here`)
	var b strings.Builder
	Print(&b, []Diagnostic{d}, nil)
	want := "a.md:2:15: TeX: unknown command\n" +
		" 2 | \t\\[ \\frac{a}{\\sqrt{d} \\]\n" +
		" 2 | \t             ^~~~~~\n" +
		"a.md:2:8: note: the \"{\" opened here\n" +
		" 2 | \t\\[ \\frac{a}{\\sqrt{d} \\]\n" +
		"   | \t      ^\n"
	want = strings.Replace(want, " 2 | \t             ^", "   | \t             ^", 1)
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestPrintReadsMissingLines(t *testing.T) {
	var l List
	l.Errorf("fm.md", 3, 1, "front matter: unknown field")
	l.Add(Diagnostic{Path: "layouts", Msg: "no position"})
	var b strings.Builder
	Print(&b, l.Items(), func(path string, n int) (string, bool) {
		if path == "fm.md" && n == 3 {
			return "titel: x", true
		}
		return "", false
	})
	want := "fm.md:3:1: front matter: unknown field\n 3 | titel: x\n   | ^\nlayouts: no position\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestPrintLongLineWindow(t *testing.T) {
	line := strings.Repeat("a", 300) + "X" + strings.Repeat("b", 300)
	var b strings.Builder
	writeExcerpt(&b, 7, 301, 1, line)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %q", b.String())
	}
	src, mark := []rune(lines[0]), []rune(lines[1])
	i := strings.IndexRune(string(mark), '^')
	if i < 0 || src[len([]rune(string(mark)[:i]))] != 'X' {
		t.Errorf("caret not under X:\n%s", b.String())
	}
	if len(src) > maxShown+10 || !strings.Contains(lines[0], "…") {
		t.Errorf("long line not cut: %d runes", len(src))
	}
}

func TestSummary(t *testing.T) {
	e := Diagnostic{Severity: Error}
	w := Diagnostic{Severity: Warning}
	cases := []struct {
		ds   []Diagnostic
		want string
	}{
		{nil, "no problems"},
		{[]Diagnostic{e}, "1 error"},
		{[]Diagnostic{w}, "1 warning"},
		{[]Diagnostic{e, e, w, w, w}, "2 errors, 3 warnings"},
	}
	for _, c := range cases {
		if got := Summary(c.ds); got != c.want {
			t.Errorf("Summary = %q, want %q", got, c.want)
		}
	}
}
