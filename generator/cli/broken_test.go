package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"text/template"

	"github.com/rogpeppe/go-internal/txtar"
)

// brokenChildEnv makes the test binary run the paperlab command line
// instead of the tests (see TestMain), so that each broken build runs in
// a process of its own whose peak memory can be measured.
const brokenChildEnv = "PAPERLAB_BROKEN_CHILD"

// maxBrokenRSS is the peak resident memory a refused input may cost.
const maxBrokenRSS = 200 << 20

// TestBrokenInputs runs every case of testdata/broken/cases. A case is a
// txtar archive; its comment describes the case and may hold header lines:
//
//	args: --strict            extra arguments of paperlab build
//	template: true            expand {{repeat "x" 1000}} and {{randrows 40 40 1}} in the files (for big inputs)
//
// and its files are laid over a good site (testdata/broken/base.txtar plus
// the repository's layouts), except the file "want", which holds the
// exact expected standard error of the build. For every case the harness
// first builds the good site, then builds the broken one and checks that
// the build fails (exit status 1) with exactly the wanted messages, that
// the previous output is byte for byte what it was, that no file outside
// the output folder (and the directive cache) changed, and that the
// build's peak memory (its rusage maxrss) stayed under 200 MiB.
//
// To add a case, drop a new .txtar file in testdata/broken/cases.
func TestBrokenInputs(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "broken", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "broken", "cases", "*.txtar"))
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/broken/cases")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			hdr := header(ar.Comment)
			src := t.TempDir()
			writeArchive(t, src, base, nil)
			copyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(src, "layouts"))
			if status, _, stderr, _ := runChild(t, exe, src, nil); status != 0 {
				t.Fatalf("the good site does not build (status %d):\n%s", status, stderr)
			}
			before := snapshot(t, filepath.Join(src, "public"))
			want := writeArchive(t, src, ar, hdr)
			if want == nil {
				t.Fatal("the case has no \"want\" file")
			}
			outside := snapshot(t, src, "public", ".paperlab-cache")
			status, _, stderr, rss := runChild(t, exe, src, strings.Fields(hdr["args"]))
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			// The source excerpts under each diagnostic are left out: their
			// format is tested by testdata/script/errors_format.txtar.
			if got := withoutExcerpts(stderr); got != string(want) {
				t.Errorf("standard error:\n%s\nwant:\n%s", got, want)
			}
			if after := snapshot(t, filepath.Join(src, "public")); !equalSnapshots(before, after) {
				t.Errorf("the previous output changed: %s", diffSnapshots(before, after))
			}
			if after := snapshot(t, src, "public", ".paperlab-cache"); !equalSnapshots(outside, after) {
				t.Errorf("files outside the output folder changed: %s", diffSnapshots(outside, after))
			}
			if rss > maxBrokenRSS {
				t.Errorf("peak memory %d MiB, limit %d MiB", rss>>20, maxBrokenRSS>>20)
			}
		})
	}
}

// excerptLine matches the lines diag.Print writes under a diagnostic: the
// source line (" 12 | text") and the caret line ("    |    ^~~").
var excerptLine = regexp.MustCompile(`^ +\d* \| `)

// withoutExcerpts drops the source excerpt lines from a build's output.
func withoutExcerpts(s string) string {
	lines := strings.SplitAfter(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !excerptLine.MatchString(l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// header reads the "args:" and "template:" lines of a case's comment;
// the other lines describe the case.
func header(comment []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && (k == "args" || k == "template") {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// writeArchive writes the files of ar under dir and returns the content of
// its "want" file (nil if none).
func writeArchive(t *testing.T, dir string, ar *txtar.Archive, hdr map[string]string) []byte {
	want := []byte(nil)
	funcs := template.FuncMap{"repeat": strings.Repeat, "randrows": randRows, "randvec": func(d int, seed int64) string { r := randRows(1, d, seed); return r[1 : len(r)-1] }}
	for _, f := range ar.Files {
		data := f.Data
		if hdr["template"] == "true" {
			tmpl, err := template.New(f.Name).Delims("{{", "}}").Funcs(funcs).Parse(string(data))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, nil); err != nil {
				t.Fatal(err)
			}
			data = b.Bytes()
		}
		if f.Name == "want" {
			want = append([]byte{}, data...)
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return want
}

func copyTree(t *testing.T, from, to string) {
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// runChild runs paperlab build on src in a child process and returns its
// exit status, output and peak resident memory in bytes.
func runChild(t *testing.T, exe, src string, args []string) (int, string, string, int64) {
	cmd := exec.Command(exe, append([]string{"build", "--src", "."}, args...)...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), brokenChildEnv+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String(), rss
}

// snapshot hashes every file and records every folder and link under
// root, except the top-level entries named in skip.
func snapshot(t *testing.T, root string, skip ...string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, s := range skip {
			if rel == s {
				return filepath.SkipDir
			}
		}
		switch {
		case d.IsDir():
			out[rel] = "dir"
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		default:
			target, _ := os.Readlink(p)
			out[rel] = d.Type().String() + " " + target
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalSnapshots(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func diffSnapshots(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "removed "+k)
		} else if w != v {
			d = append(d, "changed "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added "+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// randRows writes a YAML flow matrix of k rows of d random decimals with 4
// places, the same for the same seed.
func randRows(k, d int, seed int64) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	b.WriteString("[")
	for i := range k {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("[")
		for j := range d {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%.4f", r.Float64()*2-1)
		}
		b.WriteString("]")
	}
	b.WriteString("]")
	return b.String()
}
