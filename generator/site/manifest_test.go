package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"paperlab/generator/diag"
)

// syncDir makes dir hold exactly the files of m.
func syncDir(t *testing.T, dir string, m fstest.MapFS) {
	t.Helper()
	for _, sub := range []string{"content", "layouts"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			t.Fatal(err)
		}
	}
	for name, f := range m {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file below dir by slash path.
func readTreeText(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, step int, want, got map[string]string) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Fatalf("step %d: incremental output lacks %s", step, name)
		}
		if g != w {
			t.Fatalf("step %d: %s differs from a clean build:\n%s", step, name, firstDifference(w, g))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Fatalf("step %d: incremental output has %s, which a clean build does not", step, name)
		}
	}
}

// TestIncrementalOnDiskEqualsClean applies random edits (bodies, front
// matter, drafts, new and deleted labs, layouts, static files, content
// assets, broken input) to a site on disk and checks after each that
// paperlab build with its manifest leaves exactly the output folder a
// clean --no-cache build makes, and fails exactly when it does, leaving
// the previous output in place; after each build that succeeded, a build
// from the unchanged record leaves it the same.
func TestIncrementalOnDiskEqualsClean(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			m := memSite(t)
			src := t.TempDir()
			out := filepath.Join(t.TempDir(), "public")
			cfg := Config{Src: src, Out: out, BaseURL: "/", Workers: 2}
			if seed == 2 {
				cfg.BaseURL = "https://example.org/labs/"
			}
			var good goodSteps
			for step := 0; step < 30; step++ {
				syncDir(t, src, m)
				before := readTreeText(t, out)
				_, gotErr := Build(ctx, cfg)
				clean := cfg
				clean.Out = filepath.Join(t.TempDir(), "public")
				clean.NoCache = true
				_, wantErr := Build(ctx, clean)
				if (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("step %d: incremental build error %v, clean build error %v", step, gotErr, wantErr)
				}
				if gotErr != nil {
					sameTree(t, step, before, readTreeText(t, out))
				} else {
					want := readTreeText(t, clean.Out)
					sameTree(t, step, want, readTreeText(t, out))
					// Built again with nothing changed and the files old
					// enough, the build comes from the unchanged record.
					// (The clean build has let the file system's clock
					// move on since the record was made.)
					ageRecord(t, cfg)
					res, err := Build(ctx, cfg)
					if err != nil || !res.Unchanged {
						t.Fatalf("step %d: a rebuild with nothing changed: %v, from the record %t", step, err, res.Unchanged)
					}
					sameTree(t, step, want, readTreeText(t, out))
				}
				good.next(m, wantErr == nil, r)
				edits[r.IntN(len(edits))](m, r)
				if r.IntN(3) == 0 {
					edits[r.IntN(len(edits))](m, r)
				}
			}
			good.check(t, 30)
		})
	}
}

// fileIDs returns every file's inode and modification time below dir.
func fileIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st, ok := info.Sys().(*syscall.Stat_t)
		if !ok {
			t.Skip("no inode numbers on this platform")
		}
		ids[p] = fmt.Sprintf("inode %d mtime %d", st.Ino, info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestNoChangeRebuildWritesNothing checks that a rebuild with nothing
// changed leaves every file and folder of the output as it was (inode and
// modification time), and that a body edit of one lab writes that lab's
// files and leaves the others the same files.
func TestNoChangeRebuildWritesNothing(t *testing.T) {
	ctx := context.Background()
	m := memSite(t)
	src := t.TempDir()
	syncDir(t, src, m)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Src: src, Out: out, BaseURL: "/"}
	if res, err := Build(ctx, cfg); err != nil || !res.Wrote {
		t.Fatalf("first build: %v (wrote %t)\n%s", err, res.Wrote, diagnostics(res))
	}
	first := fileIDs(t, out)
	res, err := Build(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Wrote {
		t.Errorf("a rebuild with nothing changed wrote the output")
	}
	if res.Pages == 0 {
		t.Errorf("a rebuild with nothing changed counts no pages")
	}
	again := fileIDs(t, out)
	for p, id := range first {
		if again[p] != id {
			t.Errorf("%s: %s, was %s", p, again[p], id)
		}
	}
	if len(again) != len(first) {
		t.Errorf("%d files and folders, were %d", len(again), len(first))
	}

	change(m, "content/labs/d.md", func(s string) string { return s + "\nMore prose.\n" })
	syncDir(t, src, m)
	if _, err := Build(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	edited := fileIDs(t, out)
	changedFiles := 0
	for p, id := range first {
		info, err := os.Lstat(p)
		if err != nil || info.IsDir() || strings.HasSuffix(p, Stamp) {
			continue
		}
		if edited[p] != id {
			changedFiles++
			if filepath.Base(filepath.Dir(p)) != "d" {
				t.Errorf("%s was written again after an edit of lab d's body", p)
			}
		}
	}
	if changedFiles == 0 {
		t.Errorf("the edit of lab d wrote no file")
	}
}

// TestUntrustedManifestMeansFullBuild spoils the manifest or the output
// folder in several ways and checks that the next build ignores the
// manifest and makes the same output as a clean build.
func TestUntrustedManifestMeansFullBuild(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		spoil func(t *testing.T, manifest, out string)
	}{
		{"truncated", func(t *testing.T, manifest, out string) {
			b, _ := os.ReadFile(manifest)
			os.WriteFile(manifest, b[:len(b)/2], 0o644)
		}},
		{"edited without its checksum", func(t *testing.T, manifest, out string) {
			b, _ := os.ReadFile(manifest)
			// Claim that lab a's page has a hash it does not have.
			m, ok := decodeManifest(b[sumSize+1:])
			if !ok {
				t.Fatal("the manifest does not decode")
			}
			f := m.Files["labs/a/index.html"]
			i := bytes.Index(b, f.Hash[:])
			if i < 0 {
				t.Fatal("lab a's page's hash is not in the manifest")
			}
			b[i] ^= 1
			os.WriteFile(manifest, b, 0o644)
		}},
		{"not a manifest", func(t *testing.T, manifest, out string) {
			os.WriteFile(manifest, []byte("\x00\x01garbage"), 0o644)
		}},
		{"output page edited by hand", func(t *testing.T, manifest, out string) {
			os.WriteFile(filepath.Join(out, "labs", "a", "index.html"), []byte("hand-made"), 0o644)
		}},
		{"output page deleted", func(t *testing.T, manifest, out string) {
			os.Remove(filepath.Join(out, "labs", "b", "index.html"))
		}},
		{"stamp of another build", func(t *testing.T, manifest, out string) {
			os.WriteFile(filepath.Join(out, Stamp), []byte(stampFor("0123")), 0o644)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := memSite(t)
			src := t.TempDir()
			syncDir(t, src, m)
			out := filepath.Join(t.TempDir(), "public")
			cfg := Config{Src: src, Out: out, BaseURL: "/"}
			if _, err := Build(ctx, cfg); err != nil {
				t.Fatal(err)
			}
			// The site changes, and so does what the manifest says.
			change(m, "content/labs/a.md", func(s string) string { return setField(s, "title", "Alpha Changed") })
			syncDir(t, src, m)
			manifest := manifestPath(filepath.Join(src, ".paperlab-cache"), out)
			if _, err := os.Stat(manifest); err != nil {
				t.Fatalf("no manifest after a build: %v", err)
			}
			c.spoil(t, manifest, out)
			if _, err := Build(ctx, cfg); err != nil {
				t.Fatal(err)
			}
			clean := cfg
			clean.Out = filepath.Join(t.TempDir(), "public")
			clean.NoCache = true
			if _, err := Build(ctx, clean); err != nil {
				t.Fatal(err)
			}
			sameTree(t, 0, readTreeText(t, clean.Out), readTreeText(t, out))
		})
	}
}

// TestManifestCodec encodes a manifest, decodes it to the same manifest
// and the same bytes, and checks that every truncation and many single
// byte changes are refused or decode without a panic.
func TestManifestCodec(t *testing.T) {
	k := func(s string) key { return sha256.Sum256([]byte(s)) }
	m := &manifest{Version: pipelineVersion, Config: "cfg", Build: "b1",
		Files: map[string]manifestFile{
			"index.html":        {Hash: k("home"), Size: 1234, ModTime: 1796247753294974256},
			"labs/a/index.html": {Hash: k("a"), Size: 0, ModTime: -1},
		},
		Pages: map[string]manifestGroup{
			"content/labs/a.md": {Deps: map[string]key{"src:content/labs/a.md": k("src"), "layouts": k("l")}, Scope: k("scope"),
				Files: []string{"labs/a/index.html"}, Diags: []diag.Diagnostic{{Path: "content/labs/a.md", Line: 3, Col: 1, Msg: "a warning", Notes: []diag.Note{{Line: 1, Msg: "here"}}}}},
			"content/labs/b.md": {Deps: map[string]key{}, Files: []string{}},
		},
		Index: manifestGroup{Deps: map[string]key{"pages": k("p")}, Files: []string{"index.html"}},
	}
	body, err := m.encode()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := decodeManifest(body)
	if !ok {
		t.Fatal("a manifest just encoded does not decode")
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("decoded %+v\nwant %+v", got, m)
	}
	again, err := got.encode()
	if err != nil || !bytes.Equal(again, body) {
		t.Errorf("encoding the decoded manifest gives other bytes (%v)", err)
	}
	for n := range len(body) {
		if _, ok := decodeManifest(body[:n]); ok {
			t.Errorf("the first %d of %d bytes decode", n, len(body))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := bytes.Clone(body)
		b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		decodeManifest(b) // must not panic
	}
}
