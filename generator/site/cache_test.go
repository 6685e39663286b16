package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/directive"
)

const cacheSite = `
-- content/labs/a.md --
---
title: A
---

` + "```{attention} one\nq: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\n```\n\n" +
	"```{attention} two\nq: [[0, 1, 0]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\n```\n\n" +
	"Weight {num}`one.weights[0][2]` and {num:6}`two.weights[0][1]`.\n"

// buildWithRunner builds src with a fresh runner over the on-disk cache and
// reports how many directives ran the engine.
func buildWithRunner(t *testing.T, src string) int64 {
	t.Helper()
	r := &directive.Runner{Cache: &directive.Cache{Dir: filepath.Join(src, ".paperlab-cache")}}
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "/", Runner: r})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	return r.EngineCalls()
}

func TestCacheSkipsUnchangedDirectives(t *testing.T) {
	src := writeSite(t, cacheSite)
	if n := buildWithRunner(t, src); n != 2 {
		t.Fatalf("first build ran the engine %d times, want 2", n)
	}
	first, _ := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))

	// Prose-only edit: nothing is recomputed, and the page is the same
	// apart from the prose.
	page := filepath.Join(src, "content/labs/a.md")
	b, _ := os.ReadFile(page)
	if err := os.WriteFile(page, []byte(strings.Replace(string(b), "Weight", "The weight", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := buildWithRunner(t, src); n != 0 {
		t.Errorf("prose-only rebuild ran the engine %d times, want 0", n)
	}
	second, _ := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))
	if got := strings.Replace(string(second), "The weight", "Weight", 1); got != string(first) {
		t.Errorf("cached results render differently from computed ones")
	}

	// Changing one number recomputes exactly that directive.
	b, _ = os.ReadFile(page)
	if err := os.WriteFile(page, []byte(strings.Replace(string(b), "q: [[0, 1, 0]]", "q: [[0, 1, 1]]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := buildWithRunner(t, src); n != 1 {
		t.Errorf("rebuild after changing one directive ran the engine %d times, want 1", n)
	}
}

func TestCorruptCacheEntriesAreRecomputed(t *testing.T) {
	src := writeSite(t, cacheSite)
	buildWithRunner(t, src)
	want, _ := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))
	var entries []string
	filepath.WalkDir(filepath.Join(src, ".paperlab-cache"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == manifestDir {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) != 2 {
		t.Fatalf("cache holds %d entries, want 2", len(entries))
	}
	// One entry truncated, the other with a tampered number (its checksum
	// no longer matches).
	if err := os.WriteFile(entries[0], []byte(`{"key":`), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(entries[1])
	tampered := strings.Replace(string(b), `0.`, `9.`, 1)
	if tampered == string(b) {
		t.Fatal("test could not tamper with the cache entry")
	}
	if err := os.WriteFile(entries[1], []byte(tampered), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without the build manifest the page renders again, and reads the
	// directive cache.
	if err := os.RemoveAll(filepath.Join(src, ".paperlab-cache", manifestDir)); err != nil {
		t.Fatal(err)
	}
	if n := buildWithRunner(t, src); n != 2 {
		t.Errorf("build over corrupt entries ran the engine %d times, want 2", n)
	}
	got, _ := os.ReadFile(filepath.Join(src, "public/labs/a/index.html"))
	if string(got) != string(want) {
		t.Errorf("page built over a corrupt cache differs from the original")
	}
	if n := buildWithRunner(t, src); n != 0 {
		t.Errorf("the rewritten cache was not used: %d engine runs", n)
	}
}
