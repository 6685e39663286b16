package pagebuild

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"paperlab/generator/cite"
	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
	"paperlab/generator/page"
)

// fakeSite is a Site of labs in the order given, with the files given.
type fakeSite struct {
	labs   []Lab
	slugs  []string
	pages  map[string]string // source path → URL
	assets map[string]bool
	scopes map[string]*directive.Scope
}

func (f *fakeSite) index(slug string) int { return slices.Index(f.slugs, slug) }

func (f *fakeSite) Title() string               { return "Site" }
func (f *fakeSite) Canonical(url string) string { return "" }
func (f *fakeSite) Lab(slug string) (Lab, bool) {
	if i := f.index(slug); i >= 0 {
		return f.labs[i], true
	}
	return Lab{}, false
}
func (f *fakeSite) NextOf(slug string) []Lab { return nil }
func (f *fakeSite) Neighbours(path string) (prev, next *Lab) {
	return nil, nil
}
func (f *fakeSite) Scope(slug string) *directive.Scope { return f.scopes[slug] }
func (f *fakeSite) PageURL(src string) (string, bool) {
	u, ok := f.pages[src]
	return u, ok
}
func (f *fakeSite) Draft(src string) bool      { return false }
func (f *fakeSite) NearPage(src string) string { return "" }
func (f *fakeSite) Asset(src string) (string, bool) {
	return strings.TrimPrefix(src, "content/"), f.assets[src]
}
func (f *fakeSite) Static(name string) bool   { return false }
func (f *fakeSite) References() *cite.Library { return nil }

func labPage(t *testing.T, slug, src string, order int) Page {
	t.Helper()
	var list diag.List
	p := page.Parse("content/labs/"+slug+".md", []byte(src), &list)
	if list.Len() > 0 {
		t.Fatalf("front matter of %s: %v", slug, list.Items())
	}
	return Page{Page: p, Kind: layout.Lab, URL: "labs/" + slug + "/", Order: order}
}

func templates(t *testing.T) *layout.Set {
	t.Helper()
	fs := fstest.MapFS{"base.html": {Data: []byte(`{{block "main" .}}{{end}}`)}}
	for _, k := range layout.Kinds {
		fs[k+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}` + k + `:{{.Title}}|{{.Body}}{{end}}`)}
	}
	set, err := layout.Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

const labA = "---\ntitle: A\n---\n" +
	"```{attention} mix\nq: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\n```\n"

const labB = "---\ntitle: B\nafter: [a]\n---\n" +
	"See [A](a.md) and ![a figure](fig.png).\n\n" +
	"Imported at six places: {num:6}`a.mix.weights[0][2]`; in math: $w = \\num[5]{a.mix.weights[0][1]}$.\n"

// labsAB is a site of labs a and b, b after a, with b's figure.
func labsAB() *fakeSite {
	return &fakeSite{
		labs:   []Lab{{Title: "A", URL: "labs/a/", Order: 0}, {Title: "B", URL: "labs/b/", Order: 1}},
		slugs:  []string{"a", "b"},
		pages:  map[string]string{"content/labs/a.md": "labs/a/", "content/labs/b.md": "labs/b/"},
		assets: map[string]bool{"content/labs/fig.png": true},
		scopes: map[string]*directive.Scope{},
	}
}

// prepareA prepares lab a (labA) of read and gives its scope to f (read's
// fakeSite), for b to import.
func prepareA(t *testing.T, read Site, f *fakeSite, runner *directive.Runner) *Prepared {
	t.Helper()
	a := Prepare(labPage(t, "a", labA, 0), read, Options{Runner: runner})
	f.scopes["a"] = a.Scope()
	return a
}

// TestPrepareRecordsEveryRead: the inputs a page reads of the site are
// recorded by name as it reads them, preparing and rendering.
func TestPrepareRecordsEveryRead(t *testing.T) {
	site := labsAB()
	runner := &directive.Runner{}
	prepareA(t, site, site, runner)
	b := Prepare(labPage(t, "b", labB, 1), site, Options{Runner: runner})
	if ds := b.Diagnostics(); len(ds) > 0 {
		t.Fatalf("preparing b: %v", ds)
	}
	want := []string{"config", "lab:a", "next:b", "pages", "home", "refs", "scope:a", "src:content/labs/b.md"}
	slices.Sort(want)
	if got := b.Deps().Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("prepared b read %v, want %v", got, want)
	}
	out := b.Render(templates(t))
	if len(out.Diagnostics) > 0 || out.HTML == nil {
		t.Fatalf("rendering b: %v", out.Diagnostics)
	}
	want = append(want, "layouts", "order:content/labs/b.md")
	slices.Sort(want)
	if got := b.Deps().Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("rendered b read %v, want %v", got, want)
	}
	for _, s := range []string{`href="../../labs/a/"`, `src="../../labs/fig.png"`} {
		if !bytes.Contains(out.HTML, []byte(s)) {
			t.Errorf("b's page lacks %s:\n%s", s, out.HTML)
		}
	}
}

// TestRenderRunsNoEngine: every value a page quotes is certified while it
// is prepared, so that rendering, as often as it happens, only looks the
// values up.
func TestRenderRunsNoEngine(t *testing.T) {
	site := &fakeSite{
		labs:   []Lab{{Title: "A", URL: "labs/a/", Order: 0}, {Title: "B", URL: "labs/b/", Order: 1}},
		slugs:  []string{"a", "b"},
		pages:  map[string]string{"content/labs/a.md": "labs/a/"},
		assets: map[string]bool{"content/labs/fig.png": true},
		scopes: map[string]*directive.Scope{},
	}
	runner := &directive.Runner{}
	a := Prepare(labPage(t, "a", labA, 0), site, Options{Runner: runner})
	site.scopes["a"] = a.Scope()
	before := runner.EngineCalls()
	b := Prepare(labPage(t, "b", labB, 1), site, Options{Runner: runner})
	prepared := runner.EngineCalls()
	if prepared == before {
		t.Fatalf("preparing b ran no engine: its values at other places than a's were not certified")
	}
	tmpl := templates(t)
	first := b.Render(tmpl)
	second := b.Render(tmpl)
	if n := runner.EngineCalls(); n != prepared {
		t.Errorf("rendering ran the engine %d times", n-prepared)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("two renders differ:\n%s\n%s", first.HTML, second.HTML)
	}
	for _, s := range []string{`<span class="num">0.532897</span>`, `<mn>0.16794</mn>`} {
		if !bytes.Contains(first.HTML, []byte(s)) {
			t.Errorf("b's page lacks %s:\n%s", s, first.HTML)
		}
	}
}

// TestRenderWithReusedBuffers: pages rendered one after the other into
// the same Buffers give the bytes each gives in fresh memory, the longer
// page first so that the shorter one lands in memory holding the longer
// one's bytes.
func TestRenderWithReusedBuffers(t *testing.T) {
	site := labsAB()
	runner := &directive.Runner{}
	a := prepareA(t, site, site, runner)
	b := Prepare(labPage(t, "b", labB, 1), site, Options{Runner: runner})
	tmpl := templates(t)
	wantA, wantB := a.Render(tmpl).HTML, b.Render(tmpl).HTML
	if len(wantA) <= len(wantB) || wantA == nil {
		t.Fatalf("page a (%d bytes) should be the longer, b has %d", len(wantA), len(wantB))
	}
	var bufs Buffers
	for i, p := range []*Prepared{a, b, a, b} {
		want := [][]byte{wantA, wantB}[i%2]
		if got := p.RenderWith(tmpl, &bufs).HTML; !bytes.Equal(got, want) {
			t.Errorf("render %d into reused buffers:\n%s\nwant\n%s", i, got, want)
		}
	}
}

// countingSite counts the scopes a page reads.
type countingSite struct {
	*fakeSite
	scopeReads int
}

func (c *countingSite) Scope(slug string) *directive.Scope {
	c.scopeReads++
	return c.fakeSite.Scope(slug)
}

// TestImportsAreReadWhenUsed: a lab listing another in "after" reads that
// lab's scope, and records it as read, only when it looks up a value of
// it, so that labs chained by "after" alone are prepared in parallel.
func TestImportsAreReadWhenUsed(t *testing.T) {
	site := &countingSite{fakeSite: labsAB()}
	runner := &directive.Runner{}
	prepareA(t, site, site.fakeSite, runner)

	const unused = "---\ntitle: C\nafter: [a]\n---\n" +
		"```{softmax} s\nx: [1, 2]\n```\n\nNothing of a: {num}`s.y[0]`.\n"
	c := Prepare(labPage(t, "b", unused, 1), site, Options{Runner: runner})
	if ds := c.Diagnostics(); len(ds) > 0 {
		t.Fatalf("preparing c: %v", ds)
	}
	if site.scopeReads != 0 || slices.Contains(c.Deps().Names(), "scope:a") {
		t.Errorf("a lab using no value of a read its scope %d times (deps %v)", site.scopeReads, c.Deps().Names())
	}
	b := Prepare(labPage(t, "b", labB, 1), site, Options{Runner: runner})
	if ds := b.Diagnostics(); len(ds) > 0 {
		t.Fatalf("preparing b: %v", ds)
	}
	if site.scopeReads != 1 || !slices.Contains(b.Deps().Names(), "scope:a") {
		t.Errorf("a lab quoting a's values read its scope %d times (deps %v), want once", site.scopeReads, b.Deps().Names())
	}
}
