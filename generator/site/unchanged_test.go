package site

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// ageRecord moves the start of the build recorded for cfg's output an
// hour ahead, as if its source files had been written long before: the
// files a test has just written are otherwise too recent to be trusted
// (see racyMargin).
func ageRecord(t *testing.T, cfg Config) {
	t.Helper()
	path := unchangedPath(filepath.Join(cfg.Src, ".paperlab-cache"), cfg.Out)
	r := readUnchanged(path)
	if r == nil {
		t.Fatalf("no unchanged record at %s after a build", path)
	}
	r.started += int64(time.Hour)
	body, ok := r.encode()
	if !ok {
		t.Fatal("the record cannot be encoded")
	}
	if err := writeSummed(path, body); err != nil {
		t.Fatal(err)
	}
}

func diagJSON(t *testing.T, res Result) string {
	t.Helper()
	b, err := json.Marshal(res.Diagnostics)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUnchangedRecord checks when a build trusts the record of the
// previous one and reads nothing: only when every source and output file
// is as recorded and the files are older than the margin; every other
// case takes the normal path and makes the same output as a clean build.
func TestUnchangedRecord(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the unchanged record needs Linux's stat fields")
	}
	ctx := context.Background()
	cases := []struct {
		name string
		age  bool
		// change changes the site after the recorded build (nil: nothing).
		change func(t *testing.T, src, out string)
		// trusted says whether the next build may use the record.
		trusted bool
	}{
		{"nothing changed", true, nil, true},
		{"files too recent", false, nil, false},
		{"same size, modification time put back", true, func(t *testing.T, src, out string) {
			p := filepath.Join(src, "content", "labs", "a.md")
			info, _ := os.Stat(p)
			b, _ := os.ReadFile(p)
			b = []byte(strings.Replace(string(b), "Alpha text.", "Alpha TEXT.", 1))
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"asset added", true, func(t *testing.T, src, out string) {
			os.WriteFile(filepath.Join(src, "content", "labs", "fig", "new.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
		}, false},
		{"lab removed", true, func(t *testing.T, src, out string) {
			os.Remove(filepath.Join(src, "content", "labs", "d.md"))
		}, false},
		{"layout edited", true, func(t *testing.T, src, out string) {
			p := filepath.Join(src, "layouts", "static", "style.css")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "\n/* edited */\n"...), 0o644)
		}, false},
		{"output page edited by hand", true, func(t *testing.T, src, out string) {
			os.WriteFile(filepath.Join(out, "labs", "a", "index.html"), []byte("hand-made"), 0o644)
		}, false},
		{"output page deleted", true, func(t *testing.T, src, out string) {
			os.Remove(filepath.Join(out, "labs", "b", "index.html"))
		}, false},
		{"stamp of another build", true, func(t *testing.T, src, out string) {
			os.WriteFile(filepath.Join(out, Stamp), []byte(stampFor("0123")), 0o644)
		}, false},
		{"record edited without its checksum", true, func(t *testing.T, src, out string) {
			path := unchangedPath(filepath.Join(src, ".paperlab-cache"), out)
			b, _ := os.ReadFile(path)
			os.WriteFile(path, []byte(strings.Replace(string(b), "pages ", "pages 1", 1)), 0o644)
		}, false},
		{"record truncated", true, func(t *testing.T, src, out string) {
			path := unchangedPath(filepath.Join(src, ".paperlab-cache"), out)
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o644)
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := memSite(t)
			// A hand-typed number: the site builds with a warning, which
			// a build from the record must report too.
			change(m, "content/labs/a.md", func(s string) string { return s + "\nAbout 0.731 of it.\n" })
			src := t.TempDir()
			syncDir(t, src, m)
			out := filepath.Join(t.TempDir(), "public")
			cfg := Config{Src: src, Out: out, BaseURL: "/"}
			first, err := Build(ctx, cfg)
			if err != nil {
				t.Fatalf("%v\n%s", err, diagnostics(first))
			}
			if len(first.Diagnostics) == 0 {
				t.Fatal("the site has no warning to carry over")
			}
			if first.Unchanged {
				t.Fatal("a first build claims nothing changed")
			}
			if c.age {
				ageRecord(t, cfg)
			}
			before := fileIDs(t, out)
			if c.change != nil {
				c.change(t, src, out)
			}
			res, err := Build(ctx, cfg)
			if err != nil {
				t.Fatalf("%v\n%s", err, diagnostics(res))
			}
			if res.Unchanged != c.trusted {
				t.Fatalf("Unchanged = %t, want %t", res.Unchanged, c.trusted)
			}
			clean := cfg
			clean.Out = filepath.Join(t.TempDir(), "public")
			clean.NoCache = true
			want, err := Build(ctx, clean)
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, 0, readTreeText(t, clean.Out), readTreeText(t, out))
			if got, want := diagJSON(t, res), diagJSON(t, want); got != want {
				t.Errorf("diagnostics\n%s\nwant those of a clean build\n%s", got, want)
			}
			if res.Pages != want.Pages {
				t.Errorf("%d pages, a clean build has %d", res.Pages, want.Pages)
			}
			if c.trusted {
				if res.Wrote {
					t.Error("a build from the record wrote the output")
				}
				after := fileIDs(t, out)
				for p, id := range before {
					if after[p] != id {
						t.Errorf("%s: %s, was %s", p, after[p], id)
					}
				}
			}
		})
	}
}
