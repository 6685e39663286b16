package devserver

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"paperlab/generator/diag"
	"paperlab/generator/site"
)

// state is one published build: the files served (those of the last build
// that succeeded) and the errors of the latest build.
type state struct {
	version uint64
	files   map[string][]byte
	errors  []string
	// changedAt is the version at which each file last changed.
	changedAt map[string]uint64
}

// Rebuild builds the site again after the given source paths changed (nil:
// unknown), publishes the result, prints one line about it and tells every
// open tab. A failed build keeps the previous files and publishes its
// errors instead. When ctx is done the build stops at the next page or
// directive and nothing is published.
func (s *Server) Rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	res, st, err := s.builder.Build(ctx, changed)
	if ctx.Err() != nil {
		return // shutting down: the half-done build is dropped
	}
	took := time.Since(start)
	old := s.state.Load()
	next := &state{version: old.version + 1, files: old.files, changedAt: old.changedAt}
	m := message{Boot: s.boot, Version: next.version}
	if err != nil {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(s.cfg.Log, d.String())
			next.errors = append(next.errors, d.String())
		}
		if !errors.Is(err, site.ErrFailed) {
			next.errors = append(next.errors, err.Error())
			fmt.Fprintln(s.cfg.Log, err)
		}
		fmt.Fprintf(s.cfg.Log, "%sbuild failed with %s in %s; serving the last good build\n", what(changed, old.version), countErrors(res.Diagnostics), ms(took))
		m.Errors = next.errors
	} else {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(s.cfg.Log, d.String())
		}
		diff := changedFiles(old.files, res.Files)
		next.files = res.Files
		next.changedAt = maps.Clone(old.changedAt)
		for _, f := range diff {
			next.changedAt[f] = next.version
			switch {
			case isCSS(f):
				m.CSS = append(m.CSS, f)
			case path.Ext(f) == ".html":
				m.Changed = append(m.Changed, f)
			default:
				m.All = true
			}
		}
		verb := "rebuilt"
		if old.version == 0 {
			verb = "built"
		}
		done := verb + " " + plural(st.Rendered, "page")
		if st.Rendered == 0 && len(diff) > 0 {
			done = "updated " + diff[0]
			if len(diff) > 1 {
				done += fmt.Sprintf(" and %d more", len(diff)-1)
			}
		}
		fmt.Fprintf(s.cfg.Log, "%s%s in %s\n", what(changed, old.version), done, ms(took))
	}
	s.state.Store(next)
	s.hub.broadcast(m)
}

// changedFiles lists the files that differ between two builds, including
// files added or removed, sorted.
func changedFiles(old, cur map[string][]byte) []string {
	var out []string
	for name, b := range cur {
		if o, ok := old[name]; !ok || string(o) != string(b) {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func isCSS(name string) bool { return path.Ext(name) == ".css" }

// what names the changed sources for the log line: "content/labs/x.md: ",
// "content/labs/x.md and 2 more: ", or nothing for the first build.
func what(changed []string, version uint64) string {
	switch {
	case version == 0:
		return ""
	case changed == nil:
		return "sources changed: "
	case len(changed) == 1:
		return changed[0] + ": "
	}
	return fmt.Sprintf("%s and %d more: ", changed[0], len(changed)-1)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
}

func countErrors(ds []diag.Diagnostic) string {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return strings.TrimSpace(plural(max(n, 1), "error"))
}
