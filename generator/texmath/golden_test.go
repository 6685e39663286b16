package texmath

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden with the current output")

// A golden file is a txtar archive of cases. Each case is a section
// "-- NAME.tex --" holding the TeX (display math if NAME starts with
// "display-") followed by a section "-- NAME.mathml --" holding the
// expected MathML inside <semantics>, without the annotation.

// section is one "-- name --" part of a txtar archive.
type section struct {
	name string
	data string
}

// parseTxtar splits a txtar archive into its sections (the comment before
// the first section is dropped).
func parseTxtar(data string) []section {
	var out []section
	lines := strings.SplitAfter(data, "\n")
	cur := -1
	for _, l := range lines {
		t := strings.TrimRight(l, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			out = append(out, section{name: strings.TrimSpace(t[3 : len(t)-3])})
			cur = len(out) - 1
			continue
		}
		if cur >= 0 {
			out[cur].data += l
		}
	}
	return out
}

// formatTxtar is the inverse of parseTxtar, with comment in front.
func formatTxtar(comment string, secs []section) string {
	var b strings.Builder
	b.WriteString(comment)
	for _, s := range secs {
		b.WriteString("-- " + s.name + " --\n")
		b.WriteString(s.data)
		if !strings.HasSuffix(s.data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// inner returns the MathML between <semantics> and the annotation.
func inner(t *testing.T, mathml string) string {
	t.Helper()
	i := strings.Index(mathml, "<semantics>")
	j := strings.Index(mathml, `<annotation encoding="application/x-tex">`)
	if i < 0 || j < i {
		t.Fatalf("no <semantics> with annotation in %s", mathml)
	}
	return mathml[i+len("<semantics>") : j]
}

// TestGolden converts every case of testdata/golden/*.txtar and compares
// with the expected MathML. Run with -update to rewrite the expectations
// (then read the diff: the files are the specification).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		comment := text
		if k := strings.Index(text, "\n-- "); k >= 0 {
			comment = text[:k+1]
		} else if strings.HasPrefix(text, "-- ") {
			comment = ""
		}
		secs := parseTxtar(text)
		var out []section
		for i := 0; i < len(secs); i++ {
			s := secs[i]
			name, ok := strings.CutSuffix(s.name, ".tex")
			if !ok {
				t.Fatalf("%s: section %q: want NAME.tex", file, s.name)
			}
			tex := strings.TrimSuffix(s.data, "\n")
			want := ""
			if i+1 < len(secs) && secs[i+1].name == name+".mathml" {
				want = strings.TrimSuffix(secs[i+1].data, "\n")
				i++
			}
			display := strings.HasPrefix(name, "display-")
			got, err := Convert(tex, Options{Display: display})
			if err != nil {
				t.Errorf("%s: %s: Convert(%q): %v", file, name, tex, err)
				continue
			}
			if !strings.HasSuffix(got, `<annotation encoding="application/x-tex">`+escape(tex)+`</annotation></semantics></math>`) {
				t.Errorf("%s: %s: annotation is not the escaped source: %s", file, name, got)
			}
			body := inner(t, got)
			if !*update && body != want {
				t.Errorf("%s: %s: Convert(%q)\n got: %s\nwant: %s", file, name, tex, body, want)
			}
			out = append(out, section{s.name, tex + "\n"}, section{name + ".mathml", body + "\n"})
		}
		if *update {
			if err := os.WriteFile(file, []byte(formatTxtar(comment, out)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func escape(s string) string {
	var b strings.Builder
	escapeText(&b, s)
	return b.String()
}

// TestTxtarRoundTrip checks the golden file helpers themselves.
func TestTxtarRoundTrip(t *testing.T) {
	in := "comment\n-- a.tex --\nx^2\n-- a.mathml --\n<msup></msup>\n"
	secs := parseTxtar(in)
	if len(secs) != 2 || secs[0].name != "a.tex" || secs[1].data != "<msup></msup>\n" {
		t.Fatalf("parseTxtar: %+v", secs)
	}
	if got := formatTxtar("comment\n", secs); !bytes.Equal([]byte(got), []byte(in)) {
		t.Fatalf("formatTxtar: %q", got)
	}
}
