package site

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestLayoutErrorDiagnostic checks that a broken layout file fails the
// build with a diagnostic at its file and line.
func TestLayoutErrorDiagnostic(t *testing.T) {
	src := writeSite(t, smallSite)
	if err := os.WriteFile(filepath.Join(src, "layouts", "home.html"), []byte("{{define \"main\"}}\n\n{{.Oops\n{{end}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Render(t.Context(), os.DirFS(src), Config{Src: src, BaseURL: "/"})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("Render error %v, want ErrFailed", err)
	}
	for _, d := range res.Diagnostics {
		if d.Path == "layouts/home.html" && d.Line == 4 && d.Col == 0 {
			return
		}
	}
	t.Errorf("no diagnostic at layouts/home.html:4; got:\n%s", diagnostics(res))
}

// TestBuildStreamsPages checks that Build does not hold the pages it wrote:
// each lab's files are in the output folder, equal to those of an
// in-memory Render, and not among the Result's Files.
func TestBuildStreamsPages(t *testing.T) {
	src := writeSite(t, smallSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("build failed: %v\n%s", err, diagnostics(res))
	}
	want, err := Render(context.Background(), os.DirFS(src), Config{Src: src, BaseURL: "/"})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, filepath.Join(src, "public"))
	for _, name := range []string{"labs/first/index.html", "labs/second/index.html"} {
		if _, held := res.Files[name]; held {
			t.Errorf("Build's result holds %s: pages are to be written as they render and let go", name)
		}
		if w := want.Files[name]; w == nil || !bytes.Equal(got[name], w) {
			t.Errorf("%s on disk differs from the in-memory build", name)
		}
	}
	if res.Pages != want.Pages {
		t.Errorf("Build counted %d pages, Render %d", res.Pages, want.Pages)
	}
}
