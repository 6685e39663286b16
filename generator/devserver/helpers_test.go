package devserver

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// testSite is a small site for the server's tests; it uses the
// repository's layouts.
const testSite = `
-- content/_index.md --
---
title: Test Labs
---
Welcome.
-- content/labs/one.md --
---
title: Lab One
keywords: [vectors]
---
## First Part

The first text.

## Second Part

See [two](two.md).
-- content/labs/two.md --
---
title: Lab Two
after: [one]
---
The second text.
-- layouts/static/pic.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- layouts/static/feed.xml --
<feed/>
-- layouts/static/data.json --
{}
`

// writeTestSite lays out archive as a source folder with the
// repository's layouts and returns the folder.
func writeTestSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	copyLayouts(t, dir)
	for _, f := range txtar.Parse([]byte(archive)).Files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	return dir
}

func copyLayouts(t testing.TB, dir string) {
	t.Helper()
	from := filepath.Join("..", "..", "layouts")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		writeFile(t, filepath.Join(dir, "layouts", rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t testing.TB, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editFile replaces old by new in the file, failing when old is absent.
func editFile(t testing.TB, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", p, old)
	}
	writeFile(t, p, strings.Replace(string(b), old, new, 1))
}

// newTestServer builds the site in dir and returns its server, closed at
// the end of the test.
func newTestServer(t testing.TB, dir string, log *strings.Builder) *Server {
	t.Helper()
	cfg := Config{Src: dir}
	if log != nil {
		cfg.Log = log
	}
	s, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
