package pagebuild

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"paperlab/generator/layout"
)

// TestTOCList renders a lab with the repository's layouts, which show the
// table of contents twice through {{$.TOCList}}, and with the same layouts
// calling {{template "toc-list" .}} instead: the pages must be the same,
// and hold the list twice.
func TestTOCList(t *testing.T) {
	load := func(edit func(string) string) *layout.Set {
		t.Helper()
		fs := fstest.MapFS{}
		entries, err := os.ReadDir("../../layouts")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			data, err := os.ReadFile("../../layouts/" + e.Name())
			if err != nil {
				t.Fatal(err)
			}
			fs[e.Name()] = &fstest.MapFile{Data: []byte(edit(string(data)))}
		}
		set, err := layout.Load(fs)
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	uses := 0
	withTOCList := load(func(s string) string { uses += strings.Count(s, "{{$.TOCList}}"); return s })
	if uses != 2 {
		t.Fatalf("the layouts call {{$.TOCList}} %d times, want 2 (the test expects the inline and side lists)", uses)
	}
	withPartial := load(func(s string) string { return strings.ReplaceAll(s, "{{$.TOCList}}", `{{template "toc-list" .}}`) })
	src := "---\ntitle: A\n---\n\n## One\n\nText.\n\n### One point one\n\nMore.\n\n## Two & three\n\nEnd.\n"
	render := func(set *layout.Set) string {
		t.Helper()
		site := &fakeSite{labs: []Lab{{Title: "A", URL: "labs/a/"}}, slugs: []string{"a"}}
		p := labPage(t, "a", src, 0)
		out := Prepare(p, site, Options{}).Render(set)
		if len(out.Diagnostics) > 0 || out.HTML == nil {
			t.Fatalf("render: %v", out.Diagnostics)
		}
		return string(out.HTML)
	}
	got, want := render(withTOCList), render(withPartial)
	if got != want {
		t.Errorf("with {{$.TOCList}}:\n%s\nwith {{template \"toc-list\" .}}:\n%s", got, want)
	}
	if n := strings.Count(got, `<li><a href="#two-three"><span class="secno">2</span> Two &amp; three</a>`); n != 2 {
		t.Errorf("the page lists the section Two & three %d times, want 2 (both lists):\n%s", n, got)
	}
}
