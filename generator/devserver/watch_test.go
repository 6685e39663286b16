package devserver

import (
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

// TestWatcher performs each save pattern and checks that it yields exactly
// one batch naming the file: the batch after it, caused by writing a
// sentinel file, must name only the sentinel.
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
		{"outside the inputs", func() {
			write(t, filepath.Join(root, "public", "index.html"), "x")
			write(t, filepath.Join(root, "README.md"), "x")
			write(t, lab, "seven")
		}, []string{"content/labs/a.md"}},
	}
	for _, c := range cases {
		c.save()
		b := waitBatch(t, w)
		if !slices.Equal(b.Paths, c.want) {
			t.Fatalf("%s: batch %q, want %q", c.name, b.Paths, c.want)
		}
		n++
		write(t, sentinel, "s"+string(rune('a'+n)))
		if b := waitBatch(t, w); !slices.Equal(b.Paths, []string{"layouts/sentinel.html"}) {
			t.Fatalf("%s: second batch %q: one save must make one batch", c.name, b.Paths)
		}
	}
	// An input folder removed, then created again, is watched again.
	if err := os.RemoveAll(filepath.Join(root, "layouts")); err != nil {
		t.Fatal(err)
	}
	if b := waitBatch(t, w); !slices.Equal(b.Paths, []string{"layouts", "layouts/sentinel.html"}) {
		t.Fatalf("batch %q, want the removed layouts folder", b.Paths)
	}
	if err := os.MkdirAll(filepath.Join(root, "layouts", "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := waitBatch(t, w)
	if !slices.Equal(b.Paths, []string{"layouts", "layouts/static"}) {
		t.Fatalf("batch %q, want the new layouts folder", b.Paths)
	}
	write(t, filepath.Join(root, "layouts", "static", "style.css"), "p{}")
	if b := waitBatch(t, w); !slices.Equal(b.Paths, []string{"layouts/static/style.css"}) {
		t.Fatalf("batch %q, want the stylesheet in the new folder", b.Paths)
	}
}
