package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"paperlab/generator/diag"
	"paperlab/generator/layout"
)

// TestDiagFromError checks that a layouts error is placed by the data it
// carries, never by what its text looks like.
func TestDiagFromError(t *testing.T) {
	le := &layout.Error{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: "executing \"main\" at <.X>: oops", Err: errors.New("template: lab.html:3:5: …")}
	tests := []struct {
		name string
		err  error
		want diag.Diagnostic
	}{
		{"layout error", le, diag.Diagnostic{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: le.Msg}},
		{"wrapped layout error", fmt.Errorf("rendering: %w", le), diag.Diagnostic{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: le.Msg}},
		{"layout error without a line", &layout.Error{Path: "layouts/base.html", Msg: "ends in a non-text context"},
			diag.Diagnostic{Path: "layouts/base.html", Msg: "ends in a non-text context"}},
		{"diagnostic", diag.Diagnostic{Path: "layouts/x.html", Line: 2, Msg: "m"}, diag.Diagnostic{Path: "layouts/x.html", Line: 2, Msg: "m"}},
		{"text that only looks placed", errors.New("layouts/lab.html:3:5: oops"), diag.Diagnostic{Path: "layouts", Msg: "layouts/lab.html:3:5: oops"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diagFromError(tt.err); got.String() != tt.want.String() || got.Line != tt.want.Line || got.Col != tt.want.Col {
				t.Errorf("diagFromError = %+v, want %+v", got, tt.want)
			}
		})
	}
}

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
