package devserver

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// waitBatch returns the next batch, failing the test when none comes
// (the timeout only guards against hanging; it measures nothing).
func waitBatch(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case err := <-w.Errors():
		t.Fatalf("watch error: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no batch of changes arrived")
	}
	return Batch{}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// until collects batches until one names the sentinel path and returns
// every path they named but the sentinel, sorted. A loaded machine may
// split one save over several batches or merge it with the sentinel's;
// what matters is that the save's paths, and only those, were reported
// before the sentinel.
func until(t *testing.T, w *Watcher, sentinel string) []string {
	t.Helper()
	seen := map[string]bool{}
	for {
		b := waitBatch(t, w)
		if b.Paths == nil {
			t.Fatal("the watcher lost track of events (overflow)")
		}
		done := false
		for _, p := range b.Paths {
			if p == sentinel {
				done = true
			} else {
				seen[p] = true
			}
		}
		if done {
			out := slices.Collect(maps.Keys(seen))
			slices.Sort(out)
			return out
		}
	}
}

// TestWatcher performs each save pattern and checks that the batches
// before a sentinel file, written after the save, name exactly the saved
// file: nothing ignored (editor files, temporary names, other folders)
// leaks in and nothing is missed.
func TestWatcher(t *testing.T) {
	root := t.TempDir()
	labs := filepath.Join(root, "content", "labs")
	for _, d := range []string{labs, filepath.Join(root, "layouts"), filepath.Join(root, "public")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lab := filepath.Join(labs, "a.md")
	write(t, lab, "one")
	w, err := NewWatcher(WatchConfig{Root: root, Inputs: []string{"content", "layouts"}, Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	sentinel := filepath.Join(root, "layouts", "sentinel.html")
	n := 0
	cases := []struct {
		name string
		save func()
		want []string
	}{
		{"create", func() { write(t, filepath.Join(labs, "b.md"), "new") }, []string{"content/labs/b.md"}},
		{"edit", func() { write(t, lab, "two"); write(t, lab, "three") }, []string{"content/labs/a.md"}},
		{"write temp then rename", func() {
			tmp := filepath.Join(labs, ".a.md.tmp")
			write(t, tmp, "four")
			if err := os.Rename(tmp, lab); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/labs/a.md"}},
		{"backup then write", func() {
			if err := os.Rename(lab, lab+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, lab, "five")
			os.Remove(lab + "~")
		}, []string{"content/labs/a.md"}},
		{"delete then create", func() {
			if err := os.Remove(lab); err != nil {
				t.Fatal(err)
			}
			write(t, lab, "six")
		}, []string{"content/labs/a.md"}},
		{"delete", func() {
			if err := os.Remove(filepath.Join(labs, "b.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/labs/b.md"}},
		{"new sub-folder with a file", func() {
			sub := filepath.Join(root, "content", "notes", "deep")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(sub, "n.md"), "note")
		}, []string{"content/notes", "content/notes/deep", "content/notes/deep/n.md"}},
		{"edit in the new sub-folder", func() {
			write(t, filepath.Join(root, "content", "notes", "deep", "n.md"), "note 2")
		}, []string{"content/notes/deep/n.md"}},
		{"editor files", func() {
			for _, name := range []string{".#a.md", "#a.md#", "a.md~", ".a.md.swp", "4913", ".hidden.md", "a.md.tmp"} {
				write(t, filepath.Join(labs, name), "x")
				os.Remove(filepath.Join(labs, name))
			}
			write(t, lab, "6b")
		}, []string{"content/labs/a.md"}},
		{"outside the inputs", func() {
			write(t, filepath.Join(root, "public", "index.html"), "x")
			write(t, filepath.Join(root, "README.md"), "x")
			write(t, lab, "seven")
		}, []string{"content/labs/a.md"}},
	}
	const mark = "layouts/sentinel.html"
	for _, c := range cases {
		c.save()
		n++
		write(t, sentinel, "s"+string(rune('a'+n)))
		if got := until(t, w, mark); !slices.Equal(got, c.want) {
			t.Fatalf("%s: batches named %q, want %q", c.name, got, c.want)
		}
	}
	// An input folder removed, then created again, is watched again.
	contentMark := filepath.Join(labs, "mark.txt")
	if err := os.RemoveAll(filepath.Join(root, "layouts")); err != nil {
		t.Fatal(err)
	}
	write(t, contentMark, "1")
	if got := until(t, w, "content/labs/mark.txt"); !slices.Equal(got, []string{"layouts", "layouts/sentinel.html"}) {
		t.Fatalf("batches named %q, want the removed layouts folder", got)
	}
	if err := os.MkdirAll(filepath.Join(root, "layouts", "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, contentMark, "2")
	if got := until(t, w, "content/labs/mark.txt"); !slices.Equal(got, []string{"layouts", "layouts/static"}) {
		t.Fatalf("batches named %q, want the new layouts folder", got)
	}
	write(t, filepath.Join(root, "layouts", "static", "style.css"), "p{}")
	write(t, contentMark, "3")
	if got := until(t, w, "content/labs/mark.txt"); !slices.Equal(got, []string{"layouts/static/style.css"}) {
		t.Fatalf("batches named %q, want the stylesheet in the new folder", got)
	}
}
