package site

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// deadPID returns the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	return cmd.Process.Pid
}

func mkdirWith(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestRecover lays out what killed builds leave beside public/ and checks
// what the next build keeps, removes and restores.
func TestRecover(t *testing.T) {
	dead := itoa(deadPID(t))
	live := itoa(os.Getppid()) // the go command: running
	stamp := map[string]string{Stamp: stampText, "index.html": "old site"}
	cases := []struct {
		name   string
		public bool
		dirs   map[string]map[string]string
		want   []string // entries of the parent afterwards
		index  string   // public/index.html afterwards
	}{
		{"new folders of dead builds go", true, map[string]map[string]string{
			".public-new-" + dead + "-1": stamp,
			".public-new-" + dead + "-2": {},
			".public-old-" + dead:        stamp,
		}, []string{"public"}, "current"},
		{"a running build's folder stays", true, map[string]map[string]string{
			".public-new-" + live + "-1": stamp,
		}, []string{".public-new-" + live + "-1", "public"}, "current"},
		{"a folder without the stamp stays", true, map[string]map[string]string{
			".public-new-" + dead + "-1": {"notes.txt": "mine"},
			".public-newer":              stamp,
		}, []string{".public-new-" + dead + "-1", ".public-newer", "public"}, "current"},
		{"a stranded old site comes back", false, map[string]map[string]string{
			".public-old-" + dead:        stamp,
			".public-new-" + dead + "-1": {Stamp: stampText, "index.html": "half"},
		}, []string{"public"}, "old site"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			if c.public {
				mkdirWith(t, out, map[string]string{Stamp: stampText, "index.html": "current"})
			}
			for name, files := range c.dirs {
				mkdirWith(t, filepath.Join(parent, name), files)
			}
			if err := Recover(out); err != nil {
				t.Fatal(err)
			}
			if got := names(t, parent); !slices.Equal(got, c.want) {
				t.Errorf("entries %q, want %q", got, c.want)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != c.index {
				t.Errorf("public/index.html = %q, want %q", b, c.index)
			}
		})
	}
}

// TestWriteAtomic replaces an output folder and checks the result, the
// stamp and that nothing is left beside it; a cancelled write leaves the
// old folder as it was.
func TestWriteAtomic(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if err := WriteAtomic(context.Background(), out, map[string][]byte{"index.html": []byte("one"), "a/b/c.txt": []byte("c")}); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(context.Background(), out, map[string][]byte{"index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); !slices.Equal(got, []string{Stamp, "index.html"}) {
		t.Errorf("public/ holds %q", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteAtomic(ctx, out, map[string][]byte{"index.html": []byte("three")}); err == nil {
		t.Error("a cancelled write succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "two" {
		t.Errorf("index.html = %q after a cancelled write", b)
	}
	// Every file was written anew: the replaced site shares nothing
	// with the new one and is not kept as the spare folder.
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("left beside public/: %q", got)
	}
}

// manifestOf describes files as the output folder holds them.
func manifestOf(files map[string][]byte) *manifest {
	m := &manifest{Files: map[string]manifestFile{}}
	for n, data := range files {
		m.Files[n] = manifestFile{Hash: sha256.Sum256(data)}
	}
	return m
}

// TestStageFromSpare builds a site, then a second that links most of the
// first's files, so that the spare folder holds the first, and then a
// third from a manifest of the second: the stage starts from the spare
// folder, and the test checks that the output folder is untouched until the swap, that
// the new output holds exactly the files built (a spare file in place of
// a folder and a folder in place of a file among them), that unchanged
// files are the second site's own (same inode) and that the second site
// becomes the spare.
func TestStageFromSpare(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	first := map[string][]byte{
		"index.html":      []byte("first home"),
		"same.html":       []byte("same"),
		"gone/page.html":  []byte("only in the first"),
		"becomes-dir":     []byte("a file first"),
		"was-dir/x.html":  []byte("a folder first"),
		"labs/a/page.txt": []byte("first a"),
	}
	second := map[string][]byte{
		"index.html":      []byte("second home"),
		"same.html":       []byte("same"),
		"labs/a/page.txt": []byte("second a"),
		"labs/b/page.txt": []byte("second b"),
		"was-dir/x.html":  []byte("a folder still"),
	}
	var shared []string
	for i := range 5 {
		n := fmt.Sprintf("labs/s%d/page.txt", i)
		first[n] = []byte(n)
		second[n] = first[n]
		shared = append(shared, n)
	}
	if err := WriteAtomic(context.Background(), out, first); err != nil {
		t.Fatal(err)
	}
	st, err := newStage(out, manifestOf(first))
	if err != nil {
		t.Fatal(err)
	}
	changed := maps.Clone(second)
	for _, n := range append(shared, "same.html") {
		delete(changed, n)
	}
	if err := st.commit(context.Background(), changed, append(shared, "same.html"), stampText); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(spareName(out), "gone", "page.html")); string(b) != "only in the first" {
		t.Fatalf("the spare folder's gone/page.html = %q, want the first site's", b)
	}
	m := manifestOf(second)
	inodes := map[string]os.FileInfo{}
	for n := range second {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		inodes[n] = info
	}
	st, err = newStage(out, m)
	if err != nil {
		t.Fatal(err)
	}
	if st.spare == nil {
		t.Fatal("the stage was made afresh, not from the spare folder")
	}
	third := map[string][]byte{
		"index.html":         []byte("third home"),
		"same.html":          []byte("same"),
		"labs/a/page.txt":    []byte("second a"),
		"becomes-dir/y.html": []byte("a folder now"),
		"was-dir":            []byte("a file now"),
	}
	for _, n := range shared {
		third[n] = second[n]
	}
	streamed := map[string][]byte{"index.html": third["index.html"], "labs/a/page.txt": third["labs/a/page.txt"]}
	if _, linked, err := st.put(streamed); err != nil {
		t.Fatal(err)
	} else if !slices.Equal(linked, []string{"labs/a/page.txt"}) {
		t.Errorf("put linked %q, want labs/a/page.txt", linked)
	}
	for n, data := range second {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(n))); err != nil || string(b) != string(data) {
			t.Errorf("before the swap, public/%s = %q, %v; want %q", n, b, err, data)
		}
	}
	rest := map[string][]byte{"becomes-dir/y.html": third["becomes-dir/y.html"], "was-dir": third["was-dir"]}
	if err := st.commit(context.Background(), rest, append(shared, "same.html"), stampText); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := os.ReadFile(p)
			got[filepath.ToSlash(p[len(out)+1:])] = string(b)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{Stamp: stampText}
	for n, data := range third {
		want[n] = string(data)
	}
	if !maps.Equal(got, want) {
		t.Errorf("public/ holds %q,\nwant %q", got, want)
	}
	for _, n := range append(shared, "same.html", "labs/a/page.txt") {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil || !os.SameFile(info, inodes[n]) {
			t.Errorf("public/%s is not the second site's file (%v)", n, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(spareName(out), "labs", "b", "page.txt")); string(b) != "second b" {
		t.Errorf("the spare folder's labs/b/page.txt = %q, want the second site's", b)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRecoverRemovesHalfWrittenStage checks that the new folder of a build
// killed while pages were streaming into it is removed by the next build:
// it is stamped before the first page is written.
func TestRecoverRemovesHalfWrittenStage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := newStage(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.put(map[string][]byte{"labs/a/index.html": []byte("<p>a</p>")}); err != nil {
		t.Fatal(err)
	}
	// The build dies here: no commit, no discard.
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the half-written folder %s is still there after Recover (%v)", st.dir, err)
	}
}

// TestFullBuildLeavesMirror replaces a site with one written anew by a
// stage kept for builds with a manifest: the replaced site becomes the
// spare folder as a mirror of the new one, every file a link of the
// output's, nothing else in it.
func TestFullBuildLeavesMirror(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	first := map[string][]byte{"index.html": []byte("one"), "gone/x.html": []byte("x"), "a": []byte("a file"), "labs/b/page.txt": []byte("b1")}
	second := map[string][]byte{"index.html": []byte("two"), "a/inside.html": []byte("a folder now"), "labs/b/page.txt": []byte("b2"), "labs/c/page.txt": []byte("c")}
	if err := WriteAtomic(context.Background(), out, first); err != nil {
		t.Fatal(err)
	}
	st, err := newStage(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.mirror = true
	if err := st.commit(context.Background(), second, nil, stampText); err != nil {
		t.Fatal(err)
	}
	spare := spareName(out)
	got := map[string]bool{}
	err = filepath.WalkDir(spare, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == Stamp {
			return err
		}
		rel := filepath.ToSlash(p[len(spare)+1:])
		got[rel] = true
		if !sameFile(p, filepath.Join(out, filepath.FromSlash(rel))) {
			t.Errorf("the spare folder's %s is not a link of the output's", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for n := range second {
		if !got[n] {
			t.Errorf("the spare folder lacks %s", n)
		}
		delete(got, n)
	}
	if len(got) > 0 {
		t.Errorf("the spare folder holds files the site does not: %v", got)
	}
}
