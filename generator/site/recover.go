package site

import (
	"fmt"
	"runtime/debug"
	"strings"

	"paperlab/generator/diag"
	"paperlab/generator/pagebuild"
)

// internalError turns a panic while building one page into an error at
// the page's first line, so that one page's bug fails that page (and the
// build) with a message instead of killing the build or the dev server.
// The stack's innermost paperlab frame is named to help a bug report.
func internalError(path string, v any) diag.Diagnostic {
	where := ""
	afterPanic := false
	for _, line := range strings.Split(string(debug.Stack()), "\n") {
		switch {
		case strings.HasPrefix(line, "panic("):
			afterPanic = true
		case afterPanic && strings.HasPrefix(line, "paperlab/"):
			if i := strings.LastIndexByte(line, '('); i > 0 {
				line = line[:i]
			}
			where = " in " + line
		}
		if where != "" {
			break
		}
	}
	return diag.Diagnostic{Path: path, Line: 1, Col: 1, Severity: diag.Error,
		Msg: fmt.Sprintf("internal error while building this page: %v%s (this is a paperlab bug; please report it with the page)", v, where)}
}

// failedRenderer stands for a page whose preparation panicked: it renders
// nothing, imports nothing, and carries the internal error.
func (s *site) failedRenderer(p *sitePage, v any) *pageRenderer {
	return newPageRenderer(pagebuild.Failed(buildPage(p), internalError(p.Path, v)))
}
