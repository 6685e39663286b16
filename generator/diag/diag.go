// Package diag holds build diagnostics: a message tied to a position in a
// source file, printed as path:line:col: message.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported; --strict turns it into an error.
	Warning
)

// Diagnostic is one problem at one place. Line and Col are 1-based; Col
// counts characters (runes), not bytes. Path is relative to the source folder.
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Msg      string
}

// String renders the diagnostic as "path:line:col: message" (warnings carry
// a "warning: " prefix before the message).
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Error implements the error interface.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics from one build. The zero value is ready to use.
// It is not safe for concurrent use; merge per-page lists instead.
type List struct {
	items []Diagnostic
}

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Errorf appends an error at a position.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at a position.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other List) { l.items = append(l.items, other.items...) }

// Items returns the diagnostics sorted by path, line, column and message,
// without repeats (a heading rendered both in the page and in its table of
// contents reports its problems once), so that output does not depend on
// the order pages were rendered in.
func (l *List) Items() []Diagnostic {
	seen := make(map[Diagnostic]bool, len(l.items))
	out := make([]Diagnostic, 0, len(l.items))
	for _, d := range l.items {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	return out
}

// Len reports how many diagnostics there are.
func (l *List) Len() int { return len(l.items) }

// HasErrors reports whether any diagnostic is an error, counting warnings as
// errors when strict is set.
func (l *List) HasErrors(strict bool) bool {
	for _, d := range l.items {
		if d.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Source maps byte offsets of one file to line and column.
type Source struct {
	Path string
	Text []byte
	// lineStarts[i] is the byte offset where line i+1 begins.
	lineStarts []int
}

// NewSource indexes text for position look-ups.
func NewSource(path string, text []byte) *Source {
	s := &Source{Path: path, Text: text, lineStarts: []int{0}}
	for i, c := range text {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

// Position returns the 1-based line and column (in runes) of a byte offset.
func (s *Source) Position(offset int) (line, col int) {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.Text) {
		offset = len(s.Text)
	}
	i := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > offset }) - 1
	start := s.lineStarts[i]
	return i + 1, utf8.RuneCount(s.Text[start:offset]) + 1
}

// At builds a diagnostic at a byte offset of the source.
func (s *Source) At(offset int, sev Severity, format string, args ...any) Diagnostic {
	line, col := s.Position(offset)
	return Diagnostic{Path: s.Path, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...)}
}
