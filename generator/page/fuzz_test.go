package page

import (
	"bytes"
	"testing"

	"paperlab/generator/diag"
)

// FuzzFrontMatter parses arbitrary lab sources: no input may panic, and
// every diagnostic must point at a line and column inside the file. The
// seed corpus is in testdata/fuzz/FuzzFrontMatter.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\n---\nBody.\n",
		"---\n{}\n---\n",
		"---\ntitle: T\npaper: {}\n---\n",
		"---\ntitle: !!binary VGk=\nkeywords: [\"\", a]\n---\n",
		"---\ntitle: T\nafter: [a, B_c]\nmacros: {R: \"\\\\mathbb{R}\"}\nmodified: 2026-01-01\n---\n",
		"---\n- a\n---\n",
		"---\ntitle: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\n",
		"---\ntitle: a\ntitle: b\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 16<<10 {
			return
		}
		var list diag.List
		p := Parse("content/labs/x.md", src, &list)
		if p == nil {
			t.Fatal("Parse returned nil")
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range list.Items() {
			if d.Line < 1 || d.Line > lines || d.Col < 1 {
				t.Fatalf("Parse(%q): diagnostic %s outside the file (%d lines)", src, d, lines)
			}
		}
		if p.BodyOffset < 0 || p.BodyOffset > len(src) {
			t.Fatalf("Parse(%q): body offset %d outside the file", src, p.BodyOffset)
		}
	})
}
