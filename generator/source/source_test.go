package source

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"paperlab/generator/diag"
)

// tree lays out a source folder: files (name → content) and symbolic
// links (name → target), in a fresh temporary folder.
func tree(t *testing.T, files, links map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openers are the two ways to open a source folder: the rule must hold
// for both.
var openers = []struct {
	name string
	open func(string) (*Dir, error)
}{{"Open", Open}, {"OpenForBuild", OpenForBuild}}

func openWith(t *testing.T, opener func(string) (*Dir, error), dir string) *Dir {
	t.Helper()
	d, err := opener(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// listWithin runs List, failing the test when it does not return within
// 10 s (a special file that blocks would hang it forever).
func listWithin(t *testing.T, d *Dir) (Files, []diag.Diagnostic) {
	t.Helper()
	type result struct {
		f  Files
		ds []diag.Diagnostic
	}
	done := make(chan result, 1)
	go func() {
		f, ds := List(d)
		done <- result{f, ds}
	}()
	select {
	case r := <-done:
		return r.f, r.ds
	case <-time.After(10 * time.Second):
		t.Fatal("List blocked")
	}
	return Files{}, nil
}

// TestList checks which files exist by the rule: every kind of file,
// link and name, with the diagnostic each must give.
func TestList(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) { testList(t, o.open) })
	}
}

func testList(t *testing.T, opener func(string) (*Dir, error)) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := tree(t, map[string]string{
		"content/_index.md":             "home",
		"content/labs/a.md":             "a",
		"content/labs/fig.png":          "png",
		"content/labs/.hidden.md":       "hidden",
		"content/.drafts/x.md":          "hidden folder",
		"content/labs/a.md~":            "backup",
		"content/labs/#a.md#":           "auto-save",
		"content/labs/.a.md.swp":        "swap",
		"content/labs/a.md.swo":         "swap",
		"content/labs/4913":             "vim probe",
		"content/labs/a.md.tmp":         "temporary",
		"content/labs/.DS_Store":        "finder",
		"content/labs/a.md___jb_tmp___": "jetbrains",
		"layouts/base.html":             "base",
		"layouts/.base.html.swp":        "swap",
		"layouts/static/style.css":      "css",
		"layouts/static/.nojekyll":      "",
		"layouts/static/.well-known/x":  "x",
		"layouts/static/.style.css.swp": "swap",
		"layouts/static/Thumbs.db":      "windows",
		"README.md":                     "outside content",
		"notes/inside.md":               "inside the source folder",
	}, map[string]string{
		"content/labs/.#a.md":    "user@host.1234:5678", // Emacs lock: dangling
		"content/labs/env.md":    "/proc/self/environ",
		"content/labs/shadow.md": "/etc/shadow",
		"content/labs/secret.md": secret,
		"content/labs/up.md":     "../../../" + filepath.Base(outside) + "/secret.md",
		"content/labs/zero.md":   "/dev/zero",
		"content/labs/gone.md":   "nothere.md",
		"content/labs/same.md":   "a.md",
		"content/labs/notes.md":  "../../notes/inside.md",
		"content/more":           "../notes",
		"layouts/static/env.txt": "/proc/self/environ",
		"layouts/static/passwd":  "../../../../../../../../etc/passwd",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "content/labs/fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "layouts/static/pipe.css"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo.md", filepath.Join(dir, "content/labs/to-fifo.md")); err != nil {
		t.Fatal(err)
	}
	// A socket (its path must stay short).
	sockDir, err := os.MkdirTemp("", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sockDir)
	ln, err := net.Listen("unix", filepath.Join(sockDir, "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := os.Rename(filepath.Join(sockDir, "s"), filepath.Join(dir, "content/labs/sock.md")); err != nil {
		t.Fatal(err)
	}

	d := openWith(t, opener, dir)
	files, ds := listWithin(t, d)
	// Links inside the source folder read as their files, also those
	// that leave their own folder.
	for name, want := range map[string]string{"content/labs/same.md": "a", "content/labs/notes.md": "inside the source folder"} {
		if b, err := d.ReadFile(name); err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
		if info, err := d.Stat(name); err != nil || info.Size() != int64(len(want)) {
			t.Errorf("Stat(%s) = %v, %v; want the size of its file", name, info, err)
		}
	}
	want := Files{
		Pages:   []string{"content/_index.md", "content/labs/a.md", "content/labs/notes.md", "content/labs/same.md"},
		Assets:  []string{"content/labs/fig.png"},
		Layouts: []string{"layouts/base.html"},
		Static:  []string{"layouts/static/.nojekyll", "layouts/static/.well-known/x", "layouts/static/style.css"},
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"Pages", files.Pages, want.Pages}, {"Assets", files.Assets, want.Assets}, {"Layouts", files.Layouts, want.Layouts}, {"Static", files.Static, want.Static}} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	wantDiags := []string{
		"content/labs/env.md: symbolic link to the absolute path /proc/self/environ: only relative links to files inside the source folder are read",
		"content/labs/fifo.md: is a named pipe (FIFO), not a regular file; only regular files are read",
		"content/labs/gone.md: symbolic link to nothere.md, which does not exist",
		"content/labs/secret.md: symbolic link to the absolute path " + secret + ": only relative links to files inside the source folder are read",
		"content/labs/shadow.md: symbolic link to the absolute path /etc/shadow: only relative links to files inside the source folder are read",
		"content/labs/sock.md: is a socket, not a regular file; only regular files are read",
		"content/labs/to-fifo.md: is a named pipe (FIFO), not a regular file; only regular files are read",
		"content/labs/up.md: symbolic link to ../../../" + filepath.Base(outside) + "/secret.md leads outside the source folder: only relative links to files inside it are read",
		"content/labs/zero.md: symbolic link to the absolute path /dev/zero: only relative links to files inside the source folder are read",
		"content/more: symbolic link to the folder ../notes: links to folders are not followed (move or copy the folder instead)",
		"layouts/static/env.txt: symbolic link to the absolute path /proc/self/environ: only relative links to files inside the source folder are read",
		"layouts/static/passwd: symbolic link to ../../../../../../../../etc/passwd leads outside the source folder: only relative links to files inside it are read",
		"layouts/static/pipe.css: is a named pipe (FIFO), not a regular file; only regular files are read",
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if !slices.Equal(got, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
}

// TestListStated checks that ListStated lists what List does and that
// what it says of each file is what a Stat says (of a link's target, for
// a link), for both ways to open a folder and for an fs.FS that is not
// one.
func TestListStated(t *testing.T) {
	dir := tree(t, map[string]string{
		"content/_index.md":        "home",
		"content/labs/a.md":        "lab a",
		"content/labs/fig.png":     "png bytes",
		"content/notes/inside.md":  "a longer file inside",
		"layouts/base.html":        "base",
		"layouts/static/style.css": "css",
	}, map[string]string{
		"content/labs/same.md":  "a.md",
		"content/labs/notes.md": "../notes/inside.md",
		"content/labs/gone.md":  "nothere.md",
	})
	check := func(t *testing.T, fsys fs.FS) {
		files, ds := List(fsys)
		stated, infos, sds := ListStated(fsys)
		if !reflect.DeepEqual(stated, files) || !reflect.DeepEqual(sds, ds) {
			t.Fatalf("ListStated = %+v, %v; List = %+v, %v", stated, sds, files, ds)
		}
		n := 0
		for _, l := range [][]string{files.Pages, files.Assets, files.Layouts, files.Static} {
			for _, name := range l {
				n++
				got, ok := infos[name]
				if !ok {
					t.Errorf("%s: no information", name)
					continue
				}
				want, err := fs.Stat(fsys, name)
				if err != nil {
					t.Fatal(err)
				}
				if got.Size() != want.Size() || got.Mode() != want.Mode() || !got.ModTime().Equal(want.ModTime()) || !os.SameFile(got, want) && got.Sys() != nil {
					t.Errorf("%s: %v %v %v, a Stat says %v %v %v", name, got.Size(), got.Mode(), got.ModTime(), want.Size(), want.Mode(), want.ModTime())
				}
			}
		}
		if len(infos) != n {
			t.Errorf("%d files have information, %d are listed", len(infos), n)
		}
	}
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) { check(t, openWith(t, o.open, dir)) })
	}
	t.Run("MapFS", func(t *testing.T) {
		check(t, fstest.MapFS{
			"content/_index.md":   {Data: []byte("home")},
			"content/labs/a.md":   {Data: []byte("lab a"), ModTime: time.Unix(1e9, 0)},
			"layouts/static/x.js": {Data: []byte("x")},
		})
	})
}

// TestOpenSpecialFiles checks that reading a named pipe, directly or
// through a link, fails at once instead of waiting for a writer, and that
// links leading out are refused.
func TestOpenSpecialFiles(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) { testOpenSpecialFiles(t, o.open) })
	}
}

func testOpenSpecialFiles(t *testing.T, opener func(string) (*Dir, error)) {
	outside := t.TempDir()
	dir := tree(t, map[string]string{"content/a.md": "a"}, map[string]string{
		"content/out.md":  "../../" + filepath.Base(outside) + "/x",
		"content/abs.md":  "/etc/hostname",
		"content/zero.md": "/dev/zero",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "content/fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo.md", filepath.Join(dir, "content/link.md")); err != nil {
		t.Fatal(err)
	}
	d := openWith(t, opener, dir)
	for _, name := range []string{"content/fifo.md", "content/link.md", "content/out.md", "content/abs.md", "content/zero.md", "../x", "/etc/passwd"} {
		done := make(chan error, 1)
		go func() {
			_, err := d.ReadFile(name)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("ReadFile(%s) succeeded", name)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadFile(%s) blocked", name)
		}
	}
	if b, err := d.ReadFile("content/a.md"); err != nil || string(b) != "a" {
		t.Errorf("ReadFile(content/a.md) = %q, %v", b, err)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/labs/a.md":             false,
		"content/_index.md":             false,
		"content/labs/.hidden.md":       true,
		"content/.git/x.md":             true,
		"content/labs/.#a.md":           true,
		"content/labs/#a.md#":           true,
		"content/labs/a.md~":            true,
		"content/labs/.a.md.swp":        true,
		"content/labs/4913":             true,
		"content/labs/a.md.kate-swp":    true,
		"content/labs/a.md___jb_old___": true,
		"content/labs/desktop.ini":      true,
		"layouts/.lab.html.swp":         true,
		"layouts/.cache/x.html":         true,
		"layouts/static/.nojekyll":      false,
		"layouts/static/.well-known/a":  false,
		"layouts/static/.#style.css":    true,
		"layouts/static/style.css~":     true,
		"layouts/static/.DS_Store":      true,
		"layouts/static/4913":           true,
		"layouts/.static/x":             true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestReadPage checks encodings and the size limit, with the position of
// every error.
func TestReadPage(t *testing.T) {
	big := strings.Repeat("x", 100)
	cases := []struct {
		name  string
		data  string
		limit int64
		want  string // the text read, or the diagnostic
	}{
		{"plain", "---\ntitle: A\n---\nbody\n", 0, "---\ntitle: A\n---\nbody\n"},
		{"bom", "\xef\xbb\xbf---\ntitle: A\n---\n", 0, "---\ntitle: A\n---\n"},
		{"crlf", "---\r\ntitle: A\r\n---\r\nbody\r\n", 0, "---\ntitle: A\n---\nbody\n"},
		{"bom and crlf", "\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n", 0, "---\ntitle: A\n---\n"},
		{"lone cr kept", "a\rb\n", 0, "a\rb\n"},
		{"invalid utf-8", "---\ntitle: A\n---\nsome é text \xff here\n", 0, "p.md:4:13: invalid UTF-8 (byte 0xff): save the file as UTF-8"},
		{"invalid utf-8 after crlf", "---\r\ntitle: A\r\n---\r\nab\xc3(\r\n", 0, "p.md:4:3: invalid UTF-8 (byte 0xc3): save the file as UTF-8"},
		{"latin-1 on the first line", "caf\xe9\n", 0, "p.md:1:4: invalid UTF-8 (byte 0xe9): save the file as UTF-8"},
		{"invalid after bom", "\xef\xbb\xbf\xff", 0, "p.md:1:1: invalid UTF-8 (byte 0xff): save the file as UTF-8"},
		{"at the limit", big, 100, big},
		{"far over the limit", strings.Repeat("x", 5<<20), 0, "p.md:1:1: the page is 5 MiB, more than the limit of 2 MiB for one page (split it, or raise the limit with --max-page-size)"},
		{"over the limit", big + "y", 100, "p.md:1:1: the page is 101 bytes, more than the limit of 100 bytes for one page (split it, or raise the limit with --max-page-size)"},
		{"over the default limit", strings.Repeat("x", DefaultMaxPageSize+1), 0, "p.md:1:1: the page is 2097153 bytes, more than the limit of 2097152 bytes for one page (split it, or raise the limit with --max-page-size)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"p.md": &fstest.MapFile{Data: []byte(c.data)}}
			b, d := ReadPage(fsys, "p.md", c.limit)
			got := string(b)
			if d != nil {
				got = d.String()
			}
			if got != c.want {
				if len(got) > 200 {
					got = got[:200]
				}
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 2 << 20: "2 MiB", 5<<20 + 1<<19: "5.5 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
