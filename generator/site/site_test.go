package site

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"paperlab/generator/diag"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden (read them before committing)")

// writeSite lays out a txtar archive as a source folder, adding the real
// layouts/ of the repository unless the archive brings its own.
func writeSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	ar := txtar.Parse([]byte(archive))
	hasLayouts := false
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "layouts/") {
			hasLayouts = true
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !hasLayouts {
		copyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	}
	return dir
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readTree returns every file below dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func build(t *testing.T, src string) (Result, error) {
	t.Helper()
	return Build(context.Background(), Config{Src: src, BaseURL: "/"})
}

func diagnostics(res Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

const smallSite = `
-- content/_index.md --
---
title: Test Labs
summary: Labs for tests.
---
Welcome.
-- content/labs/first.md --
---
title: First Lab
summary: The first one.
modified: 2026-04-26
keywords: [vectors, Paper Reading]
paper:
  title: Attention Is All You Need
  authors: [Ashish Vaswani, Noam Shazeer]
  year: 2017
  venue: NeurIPS
  arxiv: "1706.03762"
---

## Why *This* Paper

See the [second lab](second.md#details) and \(\alpha_i \\ v_i\) with $x * y$.

## Why This Paper

\[
\sum_i \alpha_i v_i.
\]

` + "```go\nfunc main() {}\n```\n" + `
### Detail

"Quoted" text -- with a footnote[^1] and ~~strike~~.

[^1]: The note.
-- content/labs/second.md --
---
title: Second Lab
keywords: [vectors]
after: [first]
---

## Details

Back to [the first](first.md).
`

// TestGolden builds a small site and compares each page with a golden file
// that a person has read. Regenerate with: go test ./generator/site -update
func TestGolden(t *testing.T) {
	src := writeSite(t, smallSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("build failed: %v\n%s", err, diagnostics(res))
	}
	got := readTree(t, filepath.Join(src, "public"))
	for _, name := range []string{"index.html", "labs/first/index.html", "labs/second/index.html", "keywords/paper-reading/index.html", "labs/index.html", "keywords/index.html", "404.html"} {
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it, then read it)", err)
		}
		if !bytes.Equal(got[name], want) {
			t.Errorf("%s differs from %s:\n%s", name, golden, firstDifference(string(want), string(got[name])))
		}
	}
}

func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines)"
}

func TestReadingOrderAndURLs(t *testing.T) {
	src := writeSite(t, smallSite)
	if _, err := build(t, src); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, filepath.Join(src, "public"))
	home := string(files["index.html"])
	first, second := strings.Index(home, "First Lab"), strings.Index(home, "Second Lab")
	if first < 0 || second < 0 || first > second {
		t.Errorf("home page should list First Lab before Second Lab (second says after: [first])")
	}
	lab := string(files["labs/first/index.html"])
	for _, want := range []string{
		`href="../../labs/second/#details"`,
		`<h2 id="why-this-paper">`,
		`<h2 id="why-this-paper-1">`,
		`href="https://arxiv.org/abs/1706.03762"`,
		`<annotation encoding="application/x-tex">\alpha_i \\ v_i</annotation>`,
		`<annotation encoding="application/x-tex">x * y</annotation>`,
		`<time datetime="2026-04-26">April 26, 2026</time>`,
		`href="../../keywords/paper-reading/"`,
		`class="hl-`,
		`&ldquo;Quoted&rdquo;`,
		`<del>strike</del>`,
		`<a href="#top">Back to top</a>`,
	} {
		if !strings.Contains(lab, want) {
			t.Errorf("labs/first/index.html lacks %q", want)
		}
	}
	if strings.Contains(lab, "<script") {
		t.Errorf("built page has a script")
	}
	if !strings.Contains(string(files["keywords/vectors/index.html"]), "Second Lab") {
		t.Errorf("keyword page vectors should list Second Lab")
	}
	if _, ok := files["highlight.css"]; !ok {
		t.Errorf("no highlight.css")
	}
}

func TestDeterministic(t *testing.T) {
	src := writeSite(t, smallSite)
	if _, err := build(t, src); err != nil {
		t.Fatal(err)
	}
	a := readTree(t, filepath.Join(src, "public"))
	for i := 0; i < 3; i++ {
		if _, err := build(t, src); err != nil {
			t.Fatal(err)
		}
		b := readTree(t, filepath.Join(src, "public"))
		if len(a) != len(b) {
			t.Fatalf("build %d wrote %d files, first build %d", i+2, len(b), len(a))
		}
		for name, content := range a {
			if !bytes.Equal(content, b[name]) {
				t.Errorf("build %d: %s differs", i+2, name)
			}
		}
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	src := writeSite(t, smallSite)
	if _, err := build(t, src); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, filepath.Join(src, "public"))
	bad := "---\ntitle: First Lab\nkeywrods: [x]\n---\nBody\n"
	if err := os.WriteFile(filepath.Join(src, "content/labs/first.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("build with a bad key: err = %v, want ErrFailed", err)
	}
	if want := "content/labs/first.md:3:1: front matter: unknown field \"keywrods\""; !strings.HasPrefix(diagnostics(res), want) {
		t.Errorf("diagnostics = %q, want prefix %q", diagnostics(res), want)
	}
	after := readTree(t, filepath.Join(src, "public"))
	if len(after) != len(before) {
		t.Fatalf("failed build changed the number of output files: %d -> %d", len(before), len(after))
	}
	for name, content := range before {
		if !bytes.Equal(content, after[name]) {
			t.Errorf("failed build changed %s", name)
		}
	}
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public-") {
			t.Errorf("failed build left %s behind", e.Name())
		}
	}
}

func TestErrorsAreAllReportedWithPositions(t *testing.T) {
	src := writeSite(t, `
-- content/labs/a.md --
---
title: A
modified: yesterday
draft: maybe
paper:
  title: P
  arxiv: "not an id"
  pages: 12
---
A [missing](nowhere.md) link and a [good one](b.md).
-- content/labs/b.md --
---
summary: no title
keywords: {a: 1}
after: [zzz]
---
Body.
-- content/labs/c.md --
no front matter
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	want := `content/labs/a.md:3:11: front matter: modified: expected a date such as 2026-04-26, found the string "yesterday"
content/labs/a.md:4:8: front matter: draft: expected true or false, found the string "maybe"
content/labs/a.md:7:10: front matter: paper.arxiv: expected an arXiv id such as 1706.03762, found "not an id"
content/labs/a.md:8:3: front matter: unknown field "pages" in paper (expected one of title, authors, year, venue, arxiv, url, facts)
content/labs/a.md:10:3: link to nowhere.md: no such page
content/labs/b.md:2:1: front matter: missing required field "title"
content/labs/b.md:3:11: front matter: keywords: expected a list of text, found a mapping
content/labs/b.md:4:9: front matter: after: unknown lab "zzz": no lab content/labs/zzz.md
content/labs/c.md:1:1: front matter: expected the file to start with a --- line, then YAML fields such as title, then ---
`
	if got := diagnostics(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(src, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed first build created public/")
	}
}

func TestCheckOutRefusesDangerousFolders(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	for _, out := range []string{src, "/", home, filepath.Dir(src), filepath.Join(src, "content"), filepath.Join(src, "content", "x")} {
		if err := CheckOut(src, out); err == nil {
			t.Errorf("CheckOut(%q, %q) = nil, want a refusal", src, out)
		}
	}
	if err := CheckOut(src, filepath.Join(src, "public")); err != nil {
		t.Errorf("CheckOut(src, src/public) = %v, want nil", err)
	}
}

func TestSitemapAndCanonicalWithAbsoluteBaseURL(t *testing.T) {
	src := writeSite(t, smallSite)
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "https://example.org/labs/"})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	files := readTree(t, filepath.Join(src, "public"))
	sm := string(files["sitemap.xml"])
	for _, want := range []string{
		"<loc>https://example.org/labs/</loc>",
		"<url><loc>https://example.org/labs/labs/first/</loc><lastmod>2026-04-26</lastmod></url>",
		"<loc>https://example.org/labs/keywords/vectors/</loc>",
	} {
		if !strings.Contains(sm, want) {
			t.Errorf("sitemap.xml lacks %q:\n%s", want, sm)
		}
	}
	if !strings.Contains(string(files["labs/first/index.html"]), `<link rel="canonical" href="https://example.org/labs/labs/first/">`) {
		t.Errorf("lab page lacks its canonical link")
	}
	if !strings.Contains(string(files["404.html"]), `href="/labs/style.css"`) {
		t.Errorf("404 page does not link from the base path /labs/")
	}
	if _, err := build(t, src); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(src, "public", "sitemap.xml")); !os.IsNotExist(err) {
		t.Errorf("a site with a relative base URL has a sitemap (it needs absolute URLs)")
	}
}

func TestLabFileNamesBecomeURLSlugs(t *testing.T) {
	src := writeSite(t, `
-- content/labs/Softmax_Weights.md --
---
title: Softmax
---
See [the other](other-lab.md).
-- content/labs/other-lab.md --
---
title: Other
after: [softmax-weights]
---
Text.
`)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	if _, err := os.Stat(filepath.Join(src, "public/labs/softmax-weights/index.html")); err != nil {
		t.Errorf("Softmax_Weights.md was not built at labs/softmax-weights/: %v", err)
	}
	if err := os.WriteFile(filepath.Join(src, "content/labs/softmax-weights.md"), []byte("---\ntitle: Clash\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = build(t, src)
	if err == nil || !strings.Contains(diagnostics(res), "content/labs/Softmax_Weights.md:1:1: output labs/softmax-weights/index.html is also written by content/labs/softmax-weights.md:1:1") {
		t.Errorf("two files with one slug: err = %v\n%s", err, diagnostics(res))
	}
}

func TestReadingOrderFollowsAfterThenTitle(t *testing.T) {
	src := writeSite(t, `
-- content/labs/a.md --
---
title: Zeta
---
-- content/labs/b.md --
---
title: Alpha
after: [a]
---
-- content/labs/c.md --
---
title: Beta
---
-- content/labs/d.md --
---
title: Gamma
after: [b, c, b]
---
-- content/labs/e.md --
---
title: Delta
after: [f]
---
-- content/labs/f.md --
---
title: Epsilon
after: [e]
---
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("a cycle should fail the build: %v", err)
	}
	want := "content/labs/e.md:3:9: front matter: after: reading order has a cycle through e, f\n"
	if got := diagnostics(res); got != want {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
	var list diag.List
	s := loadSite(os.DirFS(src), Config{}, &list, nil, nil, nil)
	var titles []string
	for _, p := range s.pages {
		titles = append(titles, p.Title)
	}
	// Beta and Zeta are free; Alpha waits for Zeta; Gamma waits for Alpha
	// and Beta; Delta and Epsilon form a cycle, broken once nothing else is
	// free, and follow in title order.
	if got, want := strings.Join(titles, ", "), "Beta, Zeta, Alpha, Gamma, Delta, Epsilon"; got != want {
		t.Errorf("reading order = %s, want %s", got, want)
	}
}

func TestRawHTMLCannotAddJavaScript(t *testing.T) {
	src := writeSite(t, `
-- content/labs/a.md --
---
title: A
---
Fine <kbd>Ctrl</kbd> and <span class="x">span</span>.

<script>alert(1)</script>

Click <a href="#" onclick="go()">here</a> or <a href="javascript:go()">there</a>.
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	want := `content/labs/a.md:6:1: raw HTML <script> would run JavaScript; paperlab pages carry no scripts
content/labs/a.md:8:19: raw HTML attribute onclick on <a> would run JavaScript; paperlab pages carry no scripts
content/labs/a.md:8:49: raw HTML <a href="javascript:go()">: javascript: URL would run JavaScript; paperlab pages carry no scripts
`
	if got := diagnostics(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}
