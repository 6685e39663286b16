// Package diag holds build diagnostics: a message tied to a position in a
// source file, printed as path:line:col: message.
package diag

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
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
	// Width is how many characters of the line the problem covers, for
	// the tildes under it; 0 or 1 shows a single caret.
	Width int
	// LineText is the source line at Line (without its newline), when the
	// diagnostic was made from a Source; Print reads the file otherwise.
	LineText string
	// Notes point at other places involved, such as the "{" that an
	// unclosed group opened with.
	Notes []Note
}

// Note is a secondary position of a diagnostic, printed after it as
// "path:line:col: note: message" with its own source line.
type Note struct {
	Line, Col, Width int
	LineText         string
	Msg              string
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

// WithNote returns d with a note at a byte range of src (which should be
// the file of d).
func (d Diagnostic) WithNote(src *Source, start, end int, format string, args ...any) Diagnostic {
	line, col := src.Position(start)
	n := Note{Line: line, Col: col, Width: src.width(start, end), LineText: src.LineText(line), Msg: fmt.Sprintf(format, args...)}
	d.Notes = append(append([]Note(nil), d.Notes...), n)
	return d
}

// key identifies a diagnostic for removing repeats.
func (d Diagnostic) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%d\x00%d\x00%d\x00%s\x00%d", d.Path, d.Line, d.Col, d.Severity, d.Msg, d.Width)
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "\x00%d:%d:%s", n.Line, n.Col, n.Msg)
	}
	return b.String()
}

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

// ErrorSpan appends an error covering width characters from a position
// (the printed caret line underlines them).
func (l *List) ErrorSpan(path string, line, col, width int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Col: col, Width: width, Msg: fmt.Sprintf(format, args...)})
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
	seen := make(map[string]bool, len(l.items))
	out := make([]Diagnostic, 0, len(l.items))
	for _, d := range l.items {
		if k := d.key(); !seen[k] {
			seen[k] = true
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

// Source maps byte offsets of one file to line and column. Its index of
// lines is made when a position is first asked for: most sources of a
// build never are, and a site of 10,000 labs kept 9.6 MB of indexes.
type Source struct {
	Path string
	Text []byte
	// lineStarts[i] is the byte offset where line i+1 begins.
	lineStarts []int
	indexed    sync.Once
}

// NewSource returns text as a source, for position look-ups.
func NewSource(path string, text []byte) *Source {
	return &Source{Path: path, Text: text}
}

// Drop forgets the text of a source that no diagnostic will point into
// any more, so that its bytes can be freed.
func (s *Source) Drop() { s.Text = nil }

// lines returns the index of line starts, made on first use.
func (s *Source) lines() []int {
	s.indexed.Do(func() {
		starts := make([]int, 1, bytes.Count(s.Text, []byte("\n"))+1)
		for i, c := range s.Text {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		s.lineStarts = starts
	})
	return s.lineStarts
}

// Position returns the 1-based line and column (in runes) of a byte offset.
func (s *Source) Position(offset int) (line, col int) {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.Text) {
		offset = len(s.Text)
	}
	starts := s.lines()
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > offset }) - 1
	start := starts[i]
	return i + 1, utf8.RuneCount(s.Text[start:offset]) + 1
}

// At builds a diagnostic at a byte offset of the source.
func (s *Source) At(offset int, sev Severity, format string, args ...any) Diagnostic {
	return s.Span(offset, offset, sev, format, args...)
}

// Span builds a diagnostic for the bytes start..end of the source; the
// printed caret line underlines them (up to the end of start's line).
func (s *Source) Span(start, end int, sev Severity, format string, args ...any) Diagnostic {
	line, col := s.Position(start)
	return Diagnostic{Path: s.Path, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...),
		Width: s.width(start, end), LineText: s.LineText(line)}
}

// LineText returns line n (1-based) without its line ending, or "".
func (s *Source) LineText(n int) string {
	starts := s.lines()
	if n < 1 || n > len(starts) {
		return ""
	}
	start := starts[n-1]
	end := len(s.Text)
	if n < len(starts) {
		end = starts[n] - 1
	}
	return strings.TrimSuffix(string(s.Text[start:end]), "\r")
}

// width counts the runes from start to end, stopping at the end of
// start's line.
func (s *Source) width(start, end int) int {
	start = min(max(start, 0), len(s.Text))
	end = min(max(end, start), len(s.Text))
	seg := s.Text[start:end]
	if i := strings.IndexAny(string(seg), "\r\n"); i >= 0 {
		seg = seg[:i]
	}
	return utf8.RuneCount(seg)
}
