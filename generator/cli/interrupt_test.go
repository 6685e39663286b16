package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asMain is the environment variable that makes the test binary run as
// paperlab itself (see TestMain), so that a test can start a real build
// and kill it.
const asMain = "PAPERLAB_TEST_AS_MAIN"

// bigSite writes a site whose output takes a while to write: labs plus many
// static files. version marks every file, so that two versions differ
// everywhere.
func bigSite(t *testing.T, src, version string) {
	t.Helper()
	write := func(name, data string) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/base.html", `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head><body>{{block "main" .}}{{end}}</body></html>`)
	for _, kind := range []string{"home", "keyword", "404"} {
		write("layouts/"+kind+".html", `{{define "main"}}`+version+`{{end}}`)
	}
	for _, kind := range []string{"lab", "page"} {
		write("layouts/"+kind+".html", `{{define "main"}}<h1>{{.Title}}</h1>{{.Body}}{{end}}`)
	}
	for i := range 40 {
		write(fmt.Sprintf("content/labs/lab-%02d.md", i), fmt.Sprintf("---\ntitle: Lab %d\n---\nText of %s.\n", i, version))
	}
	blob := strings.Repeat(version+" ", 1000)
	for i := range 500 {
		write(fmt.Sprintf("layouts/static/d%02d/f%04d.txt", i%30, i), blob)
	}
}

// readTree returns every file below dir by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// leftovers lists what interrupted builds left beside public/.
func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		// .public-spare is the site the last swap replaced, kept on
		// purpose for the next build to start from.
		if strings.HasPrefix(e.Name(), ".public-") && e.Name() != ".public-spare" {
			out = append(out, e.Name())
		}
	}
	return out
}

func paperlab(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	return cmd
}

// TestInterruptedBuild starts real builds that replace an old site with
// a new one and stops them at several points (as soon as the new folder
// appears, half-way through writing it, around the swap, at other
// moments) with SIGKILL, SIGINT and SIGTERM. Whatever the moment, public/
// must be the old complete site or the new complete one; after SIGINT or
// SIGTERM nothing may be left beside it, and after SIGKILL the next build
// must remove what was left.
func TestInterruptedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds big sites")
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	out := filepath.Join(src, "public")
	build := func() {
		t.Helper()
		if b, err := paperlab("build", "--src", src, "--no-cache").CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
	}
	bigSite(t, src, "new")
	build()
	newSite := readTree(t, out)
	bigSite(t, src, "old")
	build()
	oldSite := readTree(t, out)
	if maps.Equal(oldSite, newSite) {
		t.Fatal("the two versions are the same")
	}
	newFolder := func() (string, int) {
		for _, l := range leftovers(t, src) {
			if strings.HasPrefix(l, ".public-new-") {
				n := 0
				filepath.WalkDir(filepath.Join(src, l), func(string, fs.DirEntry, error) error { n++; return nil })
				return l, n
			}
		}
		return "", 0
	}
	type point struct {
		name string
		when func(start time.Time) bool // reached
	}
	points := []point{
		{"new folder appears", func(time.Time) bool { l, _ := newFolder(); return l != "" }},
		{"half written", func(time.Time) bool { _, n := newFolder(); return n > 250 }},
		{"nearly written", func(time.Time) bool { _, n := newFolder(); return n > 480 }},
		{"after 30 ms", func(s time.Time) bool { return time.Since(s) > 30*time.Millisecond }},
		{"after 150 ms", func(s time.Time) bool { return time.Since(s) > 150*time.Millisecond }},
	}
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT, syscall.SIGTERM} {
		for _, p := range points {
			t.Run(sig.String()+"/"+p.name, func(t *testing.T) {
				// Start from the old site, build the new one.
				bigSite(t, src, "old")
				build()
				bigSite(t, src, "new")
				cmd := paperlab("build", "--src", src, "--no-cache")
				var stderr strings.Builder
				cmd.Stderr = &stderr
				start := time.Now()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				var err error
			poll:
				for {
					select {
					case err = <-exited:
						break poll // finished before the point: still checked
					default:
					}
					if p.when(start) {
						cmd.Process.Signal(sig)
						err = <-exited
						break
					}
					time.Sleep(200 * time.Microsecond)
				}
				got := readTree(t, out)
				switch {
				case maps.Equal(got, oldSite):
				case maps.Equal(got, newSite):
				default:
					t.Fatalf("public/ is neither the old nor the new site (%d files; old %d, new %d); build: %v\n%s", len(got), len(oldSite), len(newSite), err, stderr.String())
				}
				if sig != syscall.SIGKILL {
					if l := leftovers(t, src); len(l) > 0 {
						t.Errorf("%s left %q\n%s", sig, l, stderr.String())
					}
					// Either the build caught the signal and said so, or
					// the signal came before the build began (the default
					// action then ended the process), or the build was done.
					var ee *exec.ExitError
					caught := strings.Contains(stderr.String(), "interrupted; the previous output was left as it was")
					early := errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()
					if err != nil && !caught && !early {
						t.Errorf("%s: %v\n%s", sig, err, stderr.String())
					}
				}
				build()
				if l := leftovers(t, src); len(l) > 0 {
					t.Errorf("the next build left %q", l)
				}
				if !maps.Equal(readTree(t, out), newSite) {
					t.Error("the next build did not write the new site")
				}
			})
		}
	}
}
