package site

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestPanicBecomesPageError: a panic while preparing or rendering one
// page is an internal error at that page's first line, the other pages
// still build, and the build fails instead of crashing (serve builds
// through the same code, so a save that triggers a bug cannot kill it).
func TestPanicBecomesPageError(t *testing.T) {
	for _, stage := range []string{"prepare", "render"} {
		src := writeSite(t, `
-- content/labs/a.md --
---
title: A
---
Body.
-- content/labs/b.md --
---
title: B
---
Body.
`)
		res, err := Build(context.Background(), Config{Src: src, BaseURL: "/", faultAt: func(st, path string) {
			if st == stage && path == "content/labs/a.md" {
				panic("boom")
			}
		}})
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("%s: err = %v, want ErrFailed", stage, err)
		}
		got := diagnostics(res)
		if !strings.HasPrefix(got, "content/labs/a.md:1:1: internal error while building this page: boom") || strings.Count(got, "\n") != 1 {
			t.Errorf("%s: diagnostics:\n%s", stage, got)
		}
	}
}
