package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildWithin runs Build, failing the test when it does not return
// within a minute (a special file that blocks would hang it forever).
func buildWithin(t *testing.T, cfg Config) (Result, error) {
	t.Helper()
	type result struct {
		res Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := Build(context.Background(), cfg)
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-time.After(time.Minute):
		t.Fatal("the build blocked")
	}
	return Result{}, nil
}

// TestEncodings checks that a page with a byte-order mark and CRLF line
// endings builds like its plain twin, and that errors in it are at the
// line and column an editor shows.
func TestEncodings(t *testing.T) {
	plain := "---\ntitle: Crlf\nkeywords: [a]\n---\n## Part\n\nText with $x^2$.\n\n```{attention} mix\nq: [[1, 0]]\nk: [[1, 0], [0, 1]]\nv: [[1, 2], [3, 4]]\n```\n"
	src := writeSite(t, "-- content/labs/a.md --\n"+plain)
	if res, err := build(t, src); err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	want, err := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(plain, "\n", "\r\n")
	if err := os.WriteFile(filepath.Join(src, "content/labs/a.md"), []byte(crlf), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("BOM and CRLF: %v\n%s", err, diagnostics(res))
	}
	got, _ := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))
	if string(got) != string(want) {
		t.Errorf("BOM and CRLF page differs from the plain one:\n%s", firstDifference(string(want), string(got)))
	}
	// Errors keep their positions.
	bad := strings.Replace(crlf, "keywords: [a]", "keywords: {a: 1}", 1)
	bad = strings.Replace(bad, "Text with", "Text {nope}`x` with", 1)
	if err := os.WriteFile(filepath.Join(src, "content/labs/a.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ = build(t, src)
	d := diagnostics(res)
	for _, w := range []string{
		"content/labs/a.md:3:11: front matter: keywords: expected a list of text, found a mapping",
		"content/labs/a.md:7:6: unknown role {nope}",
	} {
		if !strings.Contains(d, w) {
			t.Errorf("missing %q in\n%s", w, d)
		}
	}
}

// TestSourceRule builds a site holding every kind of file the source
// reader must refuse or ignore, and checks each message, that the build
// fails without hanging, and that hidden and editor files never become
// pages.
func TestSourceRule(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: TOP SECRET\n---\n"), 0o644)
	src := writeSite(t, `
-- content/labs/good.md --
---
title: Good
---
Fine.
-- content/labs/.hidden.md --
---
title: Hidden
---
-- content/labs/good.md~ --
not a page
-- content/labs/#good.md# --
not a page
-- content/labs/latin.md --
---
title: Caf`+"\xe9"+`
---
-- content/labs/big.md --
---
title: Big
---
`+strings.Repeat("word ", 300)+`
`)
	for name, target := range map[string]string{
		"content/labs/.#good.md":    "user@host.123:456",
		"content/labs/secret.md":    filepath.Join(outside, "secret.md"),
		"layouts/static/env.txt":    "/proc/self/environ",
		"layouts/static/zero.bin":   "/dev/zero",
		"content/labs/inside.md":    "good.md",
		"layouts/static/shadow.txt": "../../../../../../../../../etc/shadow",
	} {
		if err := os.Symlink(target, filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"content/labs/fifo.md", "layouts/static/fifo.css", "layouts/fifo.html"} {
		if err := syscall.Mkfifo(filepath.Join(src, filepath.FromSlash(name)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := buildWithin(t, Config{Src: src, BaseURL: "/", NoCache: true, MaxPageSize: 1000})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	d := diagnostics(res)
	for _, w := range []string{
		"content/labs/big.md:1:1: the page is 1.5 KiB, more than the limit of 1000 bytes for one page",
		"content/labs/fifo.md: is a named pipe (FIFO), not a regular file; only regular files are read",
		"content/labs/latin.md:2:11: invalid UTF-8 (byte 0xe9): save the file as UTF-8",
		"content/labs/secret.md: symbolic link to the absolute path " + filepath.Join(outside, "secret.md"),
		"layouts/fifo.html: is a named pipe (FIFO), not a regular file",
		"layouts/static/env.txt: symbolic link to the absolute path /proc/self/environ",
		"layouts/static/fifo.css: is a named pipe (FIFO), not a regular file",
		"layouts/static/shadow.txt: symbolic link to ../../../../../../../../../etc/shadow leads outside the source folder",
		"layouts/static/zero.bin: symbolic link to the absolute path /dev/zero",
	} {
		if !strings.Contains(d, w) {
			t.Errorf("missing %q in\n%s", w, d)
		}
	}
	for _, no := range []string{"hidden", "good.md~", "#good", ".#good", "labs/inside"} {
		if strings.Contains(d, no) {
			t.Errorf("diagnostics mention %q:\n%s", no, d)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("a failed build wrote public/")
	}
	// Without the bad files the site builds; hidden and editor files are
	// no pages, and a link inside the folder is read as its target.
	for _, name := range []string{"content/labs/fifo.md", "layouts/static/fifo.css", "layouts/fifo.html", "content/labs/secret.md", "layouts/static/env.txt", "layouts/static/zero.bin", "layouts/static/shadow.txt", "content/labs/latin.md", "content/labs/big.md"} {
		if err := os.Remove(filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	res, err = buildWithin(t, Config{Src: src, BaseURL: "/", NoCache: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	var pages []string
	built := readTree(t, filepath.Join(src, "public"))
	for name := range built {
		if strings.HasPrefix(name, "labs/") && name != "labs/index.html" { // the index of all labs
			pages = append(pages, name)
		}
	}
	if len(pages) != 2 || built["labs/good/index.html"] == nil || built["labs/inside/index.html"] == nil {
		t.Errorf("lab pages %q, want labs/good and labs/inside", pages)
	}
}
