package diag

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxShown is how many characters of a long source line Print shows around
// the column of a diagnostic.
const maxShown = 100

// LineReader returns line n (1-based) of the file at path, for diagnostics
// that were made without their source line; ok=false when it cannot.
type LineReader func(path string, n int) (text string, ok bool)

// Print writes each diagnostic as its "path:line:col: message" line
// followed by the source line with a caret (and tildes) under the
// problem, then each of its notes the same way:
//
//	content/labs/a.md:12:30: TeX: expected "}" to close "{"
//	   12 | \[ \frac{a}{\sqrt{d_k} \]
//	      |                       ^
//	content/labs/a.md:12:14: note: the "{" opened here
//	   12 | \[ \frac{a}{\sqrt{d_k} \]
//	      |            ^
//
// The first line of each stays machine-readable. read may be nil.
func Print(w io.Writer, ds []Diagnostic, read LineReader) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
		text, ok := d.LineText, d.LineText != ""
		if !ok && read != nil && d.Line > 0 {
			text, ok = read(d.Path, d.Line)
		}
		if ok && d.Line > 0 && d.Col > 0 {
			writeExcerpt(w, d.Line, d.Col, d.Width, text)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(w, "%s:%d:%d: note: %s\n", d.Path, n.Line, n.Col, n.Msg)
			text, ok := n.LineText, n.LineText != ""
			if !ok && read != nil {
				text, ok = read(d.Path, n.Line)
			}
			if ok && n.Col > 0 {
				writeExcerpt(w, n.Line, n.Col, n.Width, text)
			}
		}
	}
}

// writeExcerpt writes a source line and the marker line under it. Tabs
// before the column are repeated in the marker line so that it lines up
// in any terminal; a long line is cut to a window around the column.
func writeExcerpt(w io.Writer, line, col, width int, text string) {
	runes := []rune(text)
	if col > len(runes)+1 {
		col = len(runes) + 1
	}
	start, end := 0, len(runes)
	prefix, suffix := "", ""
	if len(runes) > maxShown {
		start = max(0, col-1-maxShown/2)
		end = min(len(runes), start+maxShown)
		start = max(0, end-maxShown)
		if start > 0 {
			prefix = "…"
		}
		if end < len(runes) {
			suffix = "…"
		}
	}
	num := strconv.Itoa(line)
	pad := strings.Repeat(" ", len(num))
	var b strings.Builder
	fmt.Fprintf(&b, " %s | %s%s%s\n", num, prefix, string(runes[start:end]), suffix)
	fmt.Fprintf(&b, " %s | %s", pad, strings.Repeat(" ", len([]rune(prefix))))
	for _, r := range runes[start : col-1] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	if width > 1 {
		b.WriteString(strings.Repeat("~", min(width, end-(col-1))-1))
	}
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}

// Counts returns how many diagnostics are errors and how many warnings.
func Counts(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Summary writes the counts of ds for a build's last line, such as
// "2 errors, 3 warnings", "1 error" or "1 warning"; "no problems" when ds
// is empty.
func Summary(ds []Diagnostic) string {
	e, w := Counts(ds)
	var parts []string
	if e > 0 {
		parts = append(parts, countNoun(e, "error"))
	}
	if w > 0 {
		parts = append(parts, countNoun(w, "warning"))
	}
	if len(parts) == 0 {
		return "no problems"
	}
	return strings.Join(parts, ", ")
}

func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
