package devserver

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"paperlab/generator/site"
)

// TestBrokenLabKeepsOthersCurrent breaks one lab and adds a new one in the
// same save: the new lab is served at once, the broken one keeps its last
// good version and is the only page told it failed; a lab that never
// built is an error page; a broken template keeps every last good page.
func TestBrokenLabKeepsOthersCurrent(t *testing.T) {
	dir := writeTestSite(t, testSite)
	var log strings.Builder
	s := newTestServer(t, dir, &log)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	ctx := context.Background()
	es := openStream(t, ts.URL+"/_paperlab/events?page=labs/two/index.html&boot="+s.boot+"&v="+itoa(s.state.Load().version))
	es.next()

	one := filepath.Join(dir, "content", "labs", "one.md")
	editFile(t, one, "The first text.", `Broken math \(\frac{1}\) here.`)
	writeFile(t, filepath.Join(dir, "content", "labs", "three.md"), "---\ntitle: Lab Three\n---\nBrand new text.\n")
	s.Rebuild(ctx, []string{"content/labs/one.md", "content/labs/three.md"})

	m := es.next()
	if m.Stale || len(m.Errors) == 0 {
		t.Fatalf("after breaking one.md: %+v", m)
	}
	if !slices.Contains(m.Changed, "labs/three/index.html") || !slices.Contains(m.Changed, "index.html") {
		t.Errorf("the new lab and the home page listing it are not among the changed files: %+v", m)
	}
	if slices.Contains(m.Changed, "labs/one/index.html") {
		t.Errorf("the broken lab changed: %+v", m)
	}
	if len(m.Failed) != 1 || len(m.Failed["labs/one/index.html"]) == 0 {
		t.Fatalf("failed %v, want only labs/one/index.html", m.Failed)
	}
	if e := m.Failed["labs/one/index.html"][0]; !regexp.MustCompile(`^content/labs/one\.md:\d+:\d+: `).MatchString(e) {
		t.Errorf("the broken lab's error %q lacks its position", e)
	}
	for _, c := range []struct {
		target string
		status int
		want   []string
	}{
		{"/labs/three/", 200, []string{"Brand new text.", `data-page="labs/three/index.html"`}},
		{"/", 200, []string{"Lab Three", "Lab One"}},
		{"/labs/one/", 200, []string{"The first text.", `data-page="labs/one/index.html"`}}, // the last good version
		{"/labs/two/", 200, []string{"The second text."}},
	} {
		rec := get(s, "GET", c.target)
		body := rec.Body.String()
		if rec.Code != c.status {
			t.Errorf("GET %s: %d, want %d", c.target, rec.Code, c.status)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q", c.target, w)
			}
		}
	}
	if !strings.Contains(log.String(), "build failed with 1 error in ") || !strings.Contains(log.String(), "labs/one/ shows its last good version, every other page is current") {
		t.Errorf("log lacks the partial failure:\n%s", log.String())
	}

	// A tab opened on the broken lab learns at once that it failed.
	late := openStream(t, ts.URL+"/_paperlab/events?page=labs/one/index.html&boot="+s.boot+"&v="+itoa(s.state.Load().version))
	if h := late.next(); len(h.Failed["labs/one/index.html"]) == 0 || h.Stale {
		t.Fatalf("hello on the broken lab: %+v", h)
	}

	// A lab that never built is an error page with its problems.
	writeFile(t, filepath.Join(dir, "content", "labs", "four.md"), "---\ntitle: Lab Four\n---\nAlso broken \\(\\sqrt{\\).\n")
	s.Rebuild(ctx, []string{"content/labs/four.md"})
	es.next()
	rec := get(s, "GET", "/labs/four/")
	body := rec.Body.String()
	if rec.Code != 500 || !strings.Contains(body, "did not build") || !strings.Contains(body, "content/labs/four.md:4:") ||
		!strings.Contains(body, `id="paperlab-build-error"`) || !strings.Contains(body, `data-page="labs/four/index.html"`) {
		t.Errorf("GET /labs/four/: %d\n%s", rec.Code, body)
	}
	if rec := get(s, "GET", "/labs/four"); rec.Code != 301 {
		t.Errorf("GET /labs/four: %d, want a redirect to the error page", rec.Code)
	}

	// Fixing both clears the failures; every page is the new build's.
	editFile(t, one, `Broken math \(\frac{1}\) here.`, "The fixed text.")
	editFile(t, filepath.Join(dir, "content", "labs", "four.md"), `\(\sqrt{\)`, `\(\sqrt{2}\)`)
	s.Rebuild(ctx, []string{"content/labs/one.md", "content/labs/four.md"})
	m = es.next()
	if len(m.Errors) != 0 || len(m.Failed) != 0 || !slices.Contains(m.Changed, "labs/one/index.html") || !slices.Contains(m.Changed, "labs/four/index.html") {
		t.Fatalf("after the fixes: %+v", m)
	}
	if body := get(s, "GET", "/labs/one/").Body.String(); !strings.Contains(body, "The fixed text.") {
		t.Error("the fixed lab is not served")
	}
	if rec := get(s, "GET", "/labs/four/"); rec.Code != 200 {
		t.Errorf("GET /labs/four/ after the fix: %d", rec.Code)
	}
	late.next() // the build that added four.md
	if m := late.next(); len(m.Errors) != 0 || m.Failed != nil {
		t.Errorf("second tab after the fix: %+v", m)
	}

	// A template that does not load makes no page: everything stays as it
	// was and every tab is told.
	lab := filepath.Join(dir, "layouts", "lab.html")
	editFile(t, lab, "{{", "{{ nonsense(")
	editFile(t, one, "The fixed text.", "Text never served.")
	s.Rebuild(ctx, nil)
	m = es.next()
	if !m.Stale || len(m.Errors) == 0 || len(m.Changed) != 0 {
		t.Fatalf("after breaking a template: %+v", m)
	}
	if body := get(s, "GET", "/labs/one/").Body.String(); !strings.Contains(body, "The fixed text.") {
		t.Error("the last good page is gone after a template failed")
	}
}

// TestStrictPreview checks that the preview fails exactly where the build
// does: a hand-typed number is an error in a strict preview, with the
// build's own diagnostics, and only a warning in a lenient one.
func TestStrictPreview(t *testing.T) {
	const typed = "---\ntitle: Typed\n---\n```{softmax} s\nx: [1, 2]\n```\n\nThe first weight is 0.2689 by hand.\n"
	for _, strict := range []bool{true, false} {
		dir := writeTestSite(t, testSite)
		writeFile(t, filepath.Join(dir, "content", "labs", "typed.md"), typed)
		res, buildErr := site.Build(context.Background(), site.Config{Src: dir, Out: filepath.Join(t.TempDir(), "public"), BaseURL: "/", Strict: strict, NoCache: true})
		if strict != errors.Is(buildErr, site.ErrFailed) || (!strict && buildErr != nil) {
			t.Fatalf("strict %v: build: %v", strict, buildErr)
		}
		var want []string
		for _, d := range res.Diagnostics {
			want = append(want, d.String())
		}
		if len(want) != 1 || !strings.Contains(want[0], "content/labs/typed.md:8:") || !strings.Contains(want[0], "0.2689") {
			t.Fatalf("build diagnostics %q, want the hand-typed number", want)
		}

		var log strings.Builder
		s, err := New(context.Background(), Config{Src: dir, Strict: strict, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if !strings.Contains(log.String(), want[0]+"\n") {
			t.Errorf("strict %v: serve log lacks the build's line %q:\n%s", strict, want[0], log.String())
		}
		st := s.state.Load()
		rec := get(s, "GET", "/labs/typed/")
		if strict {
			if !slices.Equal(st.errors, want) || !slices.Equal(st.failed["labs/typed/index.html"].errors, want) {
				t.Errorf("strict preview errors %q, failed %v; build says %q", st.errors, st.failed, want)
			}
			if rec.Code != 500 || !strings.Contains(rec.Body.String(), "0.2689 is typed by hand") {
				t.Errorf("strict preview of the page: %d\n%s", rec.Code, rec.Body.String())
			}
			if !strings.Contains(log.String(), "build failed with 1 error") {
				t.Errorf("strict preview log:\n%s", log.String())
			}
		} else {
			if len(st.errors) != 0 || len(st.failed) != 0 || rec.Code != 200 {
				t.Errorf("lenient preview: errors %q, GET %d", st.errors, rec.Code)
			}
		}
		if rec := get(s, "GET", "/labs/one/"); rec.Code != 200 {
			t.Errorf("strict %v: the other labs are not served: %d", strict, rec.Code)
		}
	}
}
