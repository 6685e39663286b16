package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputCollisions builds sites in which two sources would write one
// output file and checks the error: at the source that loses, naming the
// one that keeps the file, both with positions. The build must fail
// before rendering and leave no output.
func TestOutputCollisions(t *testing.T) {
	lab := func(title string) string { return "---\ntitle: " + title + "\n---\nText.\n" }
	cases := []struct {
		name  string
		files map[string]string
		base  string
		want  []string
	}{
		{"page index.md against the home page", map[string]string{
			"content/_index.md": lab("Home"),
			"content/index.md":  lab("Index"),
		}, "/", []string{"content/index.md:1:1: output index.html is also written by the home page content/_index.md:1:1; every output file must come from one source"}},
		{"page index.md against the built-in home page", map[string]string{
			"content/index.md": lab("Index"),
		}, "/", []string{"content/index.md:1:1: output index.html is also written by the home page; every output file must come from one source"}},
		{"page under labs against a lab", map[string]string{
			"content/labs/x.md":       lab("X"),
			"content/labs/x/index.md": lab("X again"),
		}, "/", []string{"content/labs/x/index.md:1:1: output labs/x/index.html is also written by content/labs/x.md:1:1; every output file must come from one source"}},
		{"page against a keyword page", map[string]string{
			"content/labs/x.md":             "---\ntitle: X\nkeywords: [vectors, Attention]\n---\nText.\n",
			"content/keywords/attention.md": lab("Attention"),
		}, "/", []string{`content/keywords/attention.md:1:1: output keywords/attention/index.html is also written by the keyword page of "Attention" (keyword of content/labs/x.md:3:21); every output file must come from one source`}},
		{"labs with one slug", map[string]string{
			"content/labs/A_b.md": lab("One"),
			"content/labs/a-b.md": lab("Two"),
		}, "/", []string{"content/labs/A_b.md:1:1: output labs/a-b/index.html is also written by content/labs/a-b.md:1:1; every output file must come from one source (lab file names that differ only in case or punctuation give the same URL)"}},
		{"labs with one slug, neither exact", map[string]string{
			"content/labs/A_b.md": lab("One"),
			"content/labs/a_B.md": lab("Two"),
		}, "/", []string{"content/labs/a_B.md:1:1: output labs/a-b/index.html is also written by content/labs/A_b.md:1:1; every output file must come from one source (lab file names that differ only in case or punctuation give the same URL)"}},
		{"static file against a page", map[string]string{
			"content/about.md":                lab("About"),
			"layouts/static/about/index.html": "<p>static</p>",
		}, "/", []string{"content/about.md:1:1: output about/index.html is also written by the static file layouts/static/about/index.html; every output file must come from one source"}},
		{"static file against a lab", map[string]string{
			"content/labs/x.md":                lab("X"),
			"layouts/static/labs/x/index.html": "<p>static</p>",
		}, "/", []string{"content/labs/x.md:1:1: output labs/x/index.html is also written by the static file layouts/static/labs/x/index.html; every output file must come from one source"}},
		{"static files against built-in outputs", map[string]string{
			"layouts/static/index.html":       "x",
			"layouts/static/404.html":         "x",
			"layouts/static/highlight.css":    "x",
			"layouts/static/.paperlab-output": "x",
			"layouts/static/sitemap.xml":      "x",
		}, "https://example.org/", []string{
			"layouts/static/.paperlab-output: output .paperlab-output is also written by the stamp paperlab writes into its output folder; every output file must come from one source",
			"layouts/static/404.html: output 404.html is also written by the not-found page paperlab writes from layouts/404.html; every output file must come from one source",
			"layouts/static/highlight.css: output highlight.css is also written by the code highlighting stylesheet paperlab writes; every output file must come from one source",
			"layouts/static/index.html: output index.html is also written by the home page; every output file must come from one source",
			"layouts/static/sitemap.xml: output sitemap.xml is also written by the sitemap paperlab writes for an absolute --base-url; every output file must come from one source",
		}},
		{"pages differing in case", map[string]string{
			"content/notes/Intro.md": lab("One"),
			"content/notes/intro.md": lab("Two"),
		}, "/", []string{"content/notes/intro.md:1:1: output notes/intro/index.html is also written by content/notes/Intro.md:1:1; every output file must come from one source (output paths that differ only in case are the same file on macOS and Windows)"}},
		{"three producers", map[string]string{
			"content/_index.md":         lab("Home"),
			"content/index.md":          lab("One"),
			"content/_index/index.md":   lab("Two"),
			"layouts/static/index.html": "x",
		}, "/", []string{
			"content/index.md:1:1: output index.html is also written by the home page content/_index.md:1:1; every output file must come from one source",
			"layouts/static/index.html: output index.html is also written by the home page content/_index.md:1:1; every output file must come from one source",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ar strings.Builder
			for name, data := range c.files {
				if !strings.HasPrefix(name, "layouts/") {
					ar.WriteString("-- " + name + " --\n" + data)
				}
			}
			src := writeSite(t, ar.String()) // with the repository's layouts
			for name, data := range c.files {
				if strings.HasPrefix(name, "layouts/") {
					p := filepath.Join(src, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			res, err := Build(context.Background(), Config{Src: src, BaseURL: c.base, NoCache: true})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			got := diagnostics(res)
			for _, w := range c.want {
				if !strings.Contains(got, w+"\n") {
					t.Errorf("missing\n  %s\nin\n%s", w, got)
				}
			}
			if n := strings.Count(got, "every output file must come from one source"); n != len(c.want) {
				t.Errorf("%d collision errors, want %d:\n%s", n, len(c.want), got)
			}
			if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
				t.Error("a failed build wrote public/")
			}
		})
	}
}
