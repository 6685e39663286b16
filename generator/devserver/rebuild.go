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

// state is one published build: the files served and the errors of the
// latest build. A page that failed keeps the bytes of its last good build
// and is listed in failed; every other file is the latest build's.
type state struct {
	version uint64
	files   map[string][]byte
	// errors are every problem of the latest build when it failed.
	errors []string
	// failed are the output files the latest build could not make.
	failed map[string]failure
	// stale says the latest build made no pages at all (its templates
	// did not load): every file served is from an earlier build.
	stale bool
	// changedAt is the version at which each file last changed.
	changedAt map[string]uint64
}

// failure is why one output file did not build.
type failure struct {
	source string   // the content file it is made from, or ""
	errors []string // its problems, path:line:col: message
}

// Rebuild builds the site again after the given source paths changed (nil:
// unknown), publishes the result, prints one line about it and tells every
// open tab. A page that failed keeps its last good version; every other
// page is the new build's, so that one broken lab never holds back the
// others. A build that made no pages at all keeps every previous file. When ctx is done the build stops at the next
// page or directive and nothing is published.
func (s *Server) Rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	res, st, err := s.builder.Build(ctx, changed)
	if ctx.Err() != nil {
		return // shutting down: the half-done build is dropped
	}
	took := time.Since(start)
	old := s.state.Load()
	next := &state{version: old.version + 1, files: old.files, changedAt: old.changedAt, stale: true}
	m := message{Boot: s.boot, Version: next.version}
	printed := make(map[string]bool, len(res.Diagnostics))
	same := 0
	for _, d := range res.Diagnostics {
		text := d.String()
		printed[text] = true
		if s.printed[text] {
			same++
			continue
		}
		fmt.Fprintln(s.cfg.Log, text)
	}
	if same > 0 {
		fmt.Fprintf(s.cfg.Log, "(%s printed before still stand)\n", plural(same, "problem"))
	}
	s.printed = printed
	switch {
	case err == nil:
		next.files, next.stale = res.Files, false
	case errors.Is(err, site.ErrFailed):
		for _, d := range res.Diagnostics {
			next.errors = append(next.errors, d.String())
		}
		if out := s.builder.Outputs(); out.Loaded {
			next.files, next.failed = keepLastGood(old.files, out, s.cfg.Strict)
			next.stale = false
		}
	default:
		next.errors = append(next.errors, err.Error())
		fmt.Fprintln(s.cfg.Log, err)
	}
	var diff []string
	if !next.stale {
		diff = changedFiles(old.files, next.files)
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
	switch {
	case next.stale:
		fmt.Fprintf(s.cfg.Log, "%sbuild failed with %s in %s; serving the last good build\n", what(changed, old.version), countErrors(res.Diagnostics, s.cfg.Strict), ms(took))
	case err != nil:
		fmt.Fprintf(s.cfg.Log, "%sbuild failed with %s in %s; %s; %s\n", what(changed, old.version), countErrors(res.Diagnostics, s.cfg.Strict), ms(took), done, failedLine(next))
	default:
		fmt.Fprintf(s.cfg.Log, "%s%s in %s\n", what(changed, old.version), done, ms(took))
	}
	next.describe(&m)
	s.state.Store(next)
	s.hub.broadcast(m)
}

// keepLastGood is what a failed build serves: every file that built, the
// last good version of each page that failed, and, when a problem outside
// any page failed the build (a template), the previous version of every
// file the build could not make.
func keepLastGood(last map[string][]byte, out site.Outputs, strict bool) (map[string][]byte, map[string]failure) {
	files := maps.Clone(out.Files)
	failed := make(map[string]failure, len(out.Failed))
	for name, f := range out.Failed {
		fl := failure{source: f.Source}
		for _, d := range f.Diagnostics {
			fl.errors = append(fl.errors, d.String())
		}
		failed[name] = fl
		if b, ok := last[name]; ok {
			files[name] = b
		}
	}
	var global diag.List
	for _, d := range out.Global {
		global.Add(d)
	}
	if global.HasErrors(strict) {
		for name, b := range last {
			if _, ok := files[name]; !ok {
				if _, ok := failed[name]; !ok {
					files[name] = b
				}
			}
		}
	}
	return files, failed
}

// failedLine names the pages that failed for the log: "labs/x/ shows its
// last good version, labs/y/ has not built yet".
func failedLine(st *state) string {
	names := slices.Sorted(maps.Keys(st.failed))
	var parts []string
	for i, name := range names {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more failed", len(names)-i))
			break
		}
		u := strings.TrimSuffix(name, "index.html")
		if u == "" {
			u = "/"
		}
		if _, ok := st.files[name]; ok {
			parts = append(parts, u+" shows its last good version")
		} else {
			parts = append(parts, u+" has not built yet")
		}
	}
	if len(parts) == 0 {
		return "every page is current"
	}
	return strings.Join(parts, ", ") + ", every other page is current"
}

// describe sets the error fields of a message about this state.
func (st *state) describe(m *message) {
	m.Errors = st.errors
	m.Stale = st.stale && len(st.errors) > 0
	if len(st.failed) > 0 {
		m.Failed = make(map[string][]string, len(st.failed))
		for name, f := range st.failed {
			m.Failed[name] = f.errors
		}
	}
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

func countErrors(ds []diag.Diagnostic, strict bool) string {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error || strict {
			n++
		}
	}
	return strings.TrimSpace(plural(max(n, 1), "error"))
}
