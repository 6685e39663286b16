package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// memSite returns a site in memory with the repository's layouts and a few
// labs that name each other in "after" and link to each other.
func memSite(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir(filepath.Join("..", "..", "layouts"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	put := func(name, s string) { m[name] = &fstest.MapFile{Data: []byte(s)} }
	put("content/_index.md", "---\ntitle: Test Labs\nsummary: For tests.\n---\nWelcome, see [a](labs/a.md).\n")
	put("content/labs/a.md", "---\ntitle: Alpha\nkeywords: [vectors]\n---\n## One\nAlpha text.\n\n```{attention} mix\nq: [[1, 0]]\nk: [[1, 0], [0, 1]]\nv: [[1, 2], [3, 4]]\nshow: [weights]\n```\n")
	put("content/labs/b.md", "---\ntitle: Beta\nkeywords: [vectors, attention]\nafter: [a]\n---\n## Two\nBeta reads [a](a.md#one): the first weight is {num}`a.mix.weights[0][0]`.\n\n```{linear-map} lm\nx: a.mix.weights\nw: [[1, 0], [0, 1]]\n```\n")
	put("content/labs/c.md", "---\ntitle: Gamma\nafter: [b]\n---\nGamma text: {num}`b.lm.y[0][0]`.\n")
	put("content/labs/d.md", "---\ntitle: Delta\nkeywords: [attention]\n---\nDelta links [c](c.md).\n\n![a figure](fig/d.svg)\n")
	put("content/labs/fig/d.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
	put("content/labs/e.md", "---\ntitle: Epsilon\ndraft: true\n---\nDraft.\n")
	put("content/about.md", "---\ntitle: About\n---\nAbout [b](labs/b.md).\n")
	return m
}

// edit is one change a writer might make; it returns the paths it touched.
type edit func(m fstest.MapFS, r *rand.Rand) []string

func labPaths(m fstest.MapFS) []string {
	var ps []string
	for p := range m {
		if strings.HasPrefix(p, "content/labs/") {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return ps
}

func pick(m fstest.MapFS, r *rand.Rand) string {
	ps := labPaths(m)
	if len(ps) == 0 {
		return "content/labs/a.md"
	}
	return ps[r.IntN(len(ps))]
}

// change rewrites one file with fn, creating it when missing.
func change(m fstest.MapFS, p string, fn func(string) string) []string {
	old := ""
	if f, ok := m[p]; ok {
		old = string(f.Data)
	}
	m[p] = &fstest.MapFile{Data: []byte(fn(old))}
	return []string{p}
}

// setField replaces or adds a front matter line "name: value".
func setField(src, name, value string) string {
	lines := strings.Split(src, "\n")
	if len(lines) == 0 || lines[0] != "---" {
		return src
	}
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], name+":") {
			lines[i] = name + ": " + value
			return strings.Join(lines, "\n")
		}
		if lines[i] == "---" {
			lines = slices.Insert(lines, i, name+": "+value)
			return strings.Join(lines, "\n")
		}
	}
	return src
}

var edits = []edit{
	func(m fstest.MapFS, r *rand.Rand) []string { // a number of lab a's directive, which lab b imports
		return change(m, "content/labs/a.md", func(s string) string {
			i := strings.Index(s, "q: [[")
			if i < 0 {
				return s
			}
			return s[:i] + fmt.Sprintf("q: [[%d, 0]]", r.IntN(5)) + s[strings.Index(s[i:], "\n")+i:]
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // body edit
		return change(m, pick(m, r), func(s string) string { return s + fmt.Sprintf("\nMore text %d.\n", r.IntN(1000)) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // body edit of the home page
		return change(m, "content/_index.md", func(s string) string { return s + fmt.Sprintf("\nHello %d.\n", r.IntN(1000)) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // title
		return change(m, pick(m, r), func(s string) string { return setField(s, "title", fmt.Sprintf("Title %d", r.IntN(1000))) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // keywords
		kw := []string{"[vectors]", "[attention, span]", "[]", "[Paper Reading]"}
		return change(m, pick(m, r), func(s string) string { return setField(s, "keywords", kw[r.IntN(len(kw))]) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // after, possibly unknown or a cycle
		slugs := []string{"a", "b", "c", "d", "e", "zz"}
		return change(m, pick(m, r), func(s string) string {
			return setField(s, "after", "["+slugs[r.IntN(len(slugs))]+"]")
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // toggle draft
		return change(m, pick(m, r), func(s string) string { return setField(s, "draft", fmt.Sprint(r.IntN(2) == 0)) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // new lab
		p := fmt.Sprintf("content/labs/n%d.md", r.IntN(5))
		return change(m, p, func(string) string {
			return fmt.Sprintf("---\ntitle: New %d\nafter: [a]\n---\nNew links [b](b.md).\n", r.IntN(100))
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // delete a lab
		p := pick(m, r)
		delete(m, p)
		return []string{p}
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // remove or restore a content asset
		const p = "content/labs/fig/d.svg"
		if _, ok := m[p]; ok && r.IntN(2) == 0 {
			delete(m, p)
			return []string{p}
		}
		return change(m, p, func(string) string {
			return fmt.Sprintf("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"v%d\"/>", r.IntN(100))
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // break the YAML
		return change(m, pick(m, r), func(s string) string { return strings.Replace(s, "---\n", "---\ntitle: [unclosed\n", 1) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // bad link in the body
		return change(m, pick(m, r), func(s string) string { return s + "\nSee [gone](gone.md).\n" })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // restore a lab to a good state
		p := pick(m, r)
		return change(m, p, func(string) string {
			return fmt.Sprintf("---\ntitle: Restored %d\nkeywords: [vectors]\n---\n## Back\nFine again.\n", r.IntN(100))
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // layout edit
		return change(m, "layouts/lab.html", func(s string) string {
			return strings.Replace(s, `<article class="lab">`, fmt.Sprintf(`<article class="lab" data-v="%d">`, r.IntN(1000)), 1)
		})
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // broken then fixed template
		if r.IntN(2) == 0 {
			return change(m, "layouts/page.html", func(s string) string { return s + "{{if}}" })
		}
		return change(m, "layouts/page.html", func(s string) string { return strings.ReplaceAll(s, "{{if}}", "") })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // stylesheet
		return change(m, "layouts/static/style.css", func(s string) string { return s + fmt.Sprintf("\n/* %d */\n", r.IntN(1000)) })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // data file beside the labs
		return change(m, "content/labs/data.csv", func(s string) string { return s + "1,2\n" })
	},
	func(m fstest.MapFS, r *rand.Rand) []string { // site title
		return change(m, "content/_index.md", func(s string) string { return setField(s, "title", fmt.Sprintf("Site %d", r.IntN(100))) })
	},
}

func sameResult(t *testing.T, step int, want, got Result, wantErr, gotErr error) {
	t.Helper()
	if !errors.Is(gotErr, wantErr) && !errors.Is(wantErr, gotErr) {
		t.Fatalf("step %d: error %v, want %v", step, gotErr, wantErr)
	}
	if w, g := diagnostics(want), diagnostics(got); w != g {
		t.Fatalf("step %d: diagnostics\n%s\nwant\n%s", step, g, w)
	}
	if want.Pages != got.Pages || len(want.Files) != len(got.Files) {
		t.Fatalf("step %d: %d pages, %d files; want %d pages, %d files", step, got.Pages, len(got.Files), want.Pages, len(want.Files))
	}
	for name, w := range want.Files {
		if g, ok := got.Files[name]; !ok || !bytes.Equal(g, w) {
			t.Fatalf("step %d: %s differs from a full build:\n%s", step, name, firstDifference(string(w), string(g)))
		}
	}
}

// goodSteps keeps the randomized edit sequences mostly buildable: broken
// input (bad YAML, a dangling link, a broken template) would otherwise
// pile up until every later step fails and nothing but the failure path
// is tested.
type goodSteps struct {
	last fstest.MapFS // the site as it was at the last step that built
	ok   int          // steps that built
}

// next notes whether site m built; when it did not, m goes back to the
// last site that did (seven times in eight, so that a broken site is also
// edited further) and the names that changed are returned.
func (g *goodSteps) next(m fstest.MapFS, built bool, r *rand.Rand) []string {
	if built {
		g.ok++
		g.last = maps.Clone(m)
		return nil
	}
	if g.last == nil || r.IntN(8) == 0 {
		return nil
	}
	var changed []string
	for n, f := range m {
		if l, ok := g.last[n]; !ok || !bytes.Equal(l.Data, f.Data) {
			changed = append(changed, n)
		}
	}
	for n := range g.last {
		if _, ok := m[n]; !ok {
			changed = append(changed, n)
		}
	}
	maps.DeleteFunc(m, func(string, *fstest.MapFile) bool { return true })
	maps.Copy(m, g.last)
	return changed
}

// check fails t when fewer than two in five of steps steps built (about
// two in five edits break the site).
func (g *goodSteps) check(t *testing.T, steps int) {
	t.Helper()
	if 5*g.ok < 2*steps {
		t.Errorf("only %d of %d steps built: the edits test the failure path more than the incremental one", g.ok, steps)
	}
}

// TestBuilderEqualsRender applies random sequences of edits and checks
// after each that the incremental build equals a clean Render.
func TestBuilderEqualsRender(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 4; seed++ {
		cfg := Config{BaseURL: "/"}
		if seed%2 == 0 {
			cfg.BaseURL = "https://example.org/labs/" // canonical links, sitemap
		}
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			m := memSite(t)
			b := NewBuilder(m, cfg)
			var changed []string
			var good goodSteps
			for step := 0; step < 50; step++ {
				hint := changed
				if r.IntN(6) == 0 {
					hint = nil // unknown changes
				}
				got, _, gotErr := b.Build(ctx, hint)
				want, wantErr := Render(ctx, m, cfg)
				sameResult(t, step, want, got, wantErr, gotErr)
				changed = good.next(m, wantErr == nil, r)
				changed = append(changed, edits[r.IntN(len(edits))](m, r)...)
				if r.IntN(3) == 0 { // two edits in one burst
					changed = append(changed, edits[r.IntN(len(edits))](m, r)...)
				}
			}
			good.check(t, 50)
		})
	}
}

// TestBuilderRendersOnlyWhatChanged checks that a body edit re-renders the
// lab and the labs that name it in "after", and a stylesheet edit renders
// no page.
func TestBuilderRendersOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	m := memSite(t)
	b := NewBuilder(m, Config{BaseURL: "/"})
	first, st, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(first))
	}
	if !st.Reloaded || st.Rendered != first.Pages {
		t.Fatalf("first build: %+v, want a reload rendering all %d pages", st, first.Pages)
	}
	cases := []struct {
		name     string
		file     string
		fn       func(string) string
		rendered int
		reloaded bool
	}{
		{"body of a lab nobody reads after", "content/labs/d.md", func(s string) string { return s + "More.\n" }, 1, false},
		// b and c follow a, but a's body feeds them nothing: they import
		// a's directive values (none changed) and show its front matter.
		{"body of a lab two others follow", "content/labs/a.md", func(s string) string { return s + "More.\n" }, 1, false},
		{"stylesheet", "layouts/static/style.css", func(s string) string { return s + "p{}\n" }, 0, false},
		{"unchanged file", "content/labs/c.md", func(s string) string { return s }, 0, false},
		{"home body", "content/_index.md", func(s string) string { return s + "Hi.\n" }, 7, false}, // home, 2 keyword pages, 404, map, labs/, keywords/
		// d, the 7 index pages, and the labs before and after d (their previous/next links)
		{"title", "content/labs/d.md", func(s string) string { return setField(s, "title", "Delta Two") }, 10, true},
		// b itself, a (its Read next lists b), c (its after lists b), the
		// labs before and after b in reading order (previous/next links; one
		// of them is not a or c) and the 7 index pages.
		{"title of a lab between two", "content/labs/b.md", func(s string) string { return setField(s, "title", "Beta Two") }, 11, true},
	}
	for _, c := range cases {
		changed := change(m, c.file, c.fn)
		got, st, err := b.Build(ctx, changed)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want, _ := Render(ctx, m, Config{BaseURL: "/"})
		sameResult(t, 0, want, got, nil, nil)
		if st.Rendered != c.rendered || st.Reloaded != c.reloaded {
			t.Errorf("%s: rendered %d (reloaded %t), want %d (reloaded %t)", c.name, st.Rendered, st.Reloaded, c.rendered, c.reloaded)
		}
	}
	// Prepared pages replaced by an edit are forgotten.
	before := 0
	for i := range 6 {
		if i == 1 {
			before = len(b.s.states)
		}
		change(m, "content/labs/a.md", func(s string) string { return s + fmt.Sprintf("Edit %d.\n", i) })
		if _, _, err := b.Build(ctx, []string{"content/labs/a.md"}); err != nil {
			t.Fatal(err)
		}
	}
	if after := len(b.s.states); after != before {
		t.Errorf("%d prepared pages after five edits, %d before", after, before)
	}
}

// BenchmarkBuilderBodyEdit measures an incremental build after a body edit
// of one lab of 1,000 (in reading-order chains of ten, so the lab and the
// four after it render again).
func BenchmarkBuilderBodyEdit(b *testing.B) {
	m := fstest.MapFS{}
	for p, f := range memSite(&testing.T{}) {
		if strings.HasPrefix(p, "layouts/") {
			m[p] = f
		}
	}
	for i := range 1000 {
		after := ""
		if i%10 != 0 {
			after = fmt.Sprintf("after: [lab-%04d]\n", i-1)
		}
		src := fmt.Sprintf("---\ntitle: Lab %d\nkeywords: [k%d, common]\n%s---\n## Idea\n\nText \\(x_%d\\), [next](lab-%04d.md).\n\n```go\nfunc f() {}\n```\n\n%s\n",
			i, i%25, after, i, (i+1)%1000, strings.Repeat("A paragraph of explanation. ", 40))
		m[fmt.Sprintf("content/labs/lab-%04d.md", i)] = &fstest.MapFile{Data: []byte(src)}
	}
	ctx := context.Background()
	bld := NewBuilder(m, Config{BaseURL: "/"})
	if _, _, err := bld.Build(ctx, nil); err != nil {
		b.Fatal(err)
	}
	const p = "content/labs/lab-0505.md"
	orig := string(m[p].Data)
	n := 0
	for b.Loop() {
		n++
		m[p] = &fstest.MapFile{Data: []byte(orig + fmt.Sprintf("\nEdit %d.\n", n))}
		if _, st, err := bld.Build(ctx, []string{p}); err != nil || st.Reloaded || st.Rendered != 5 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}
