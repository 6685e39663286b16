package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"paperlab/generator/diag"
)

// The manifest is what lets paperlab build start where the previous build
// of the same output folder ended: it lists every output file with its
// content hash, size and modification time, and every output group's
// recorded inputs (see deps.go) with their hashes and diagnostics. It is
// kept in the cache folder, one per output folder, and written after the
// new output is in place.
//
// A manifest is used only when it is whole (its own checksum matches),
// made by this version of the pipeline for the same source folder, output
// folder and configuration, when the output folder's stamp names the
// build that wrote it, and when every file it lists is still in the
// output folder with its size and modification time. Anything else is
// ignored and the build is a full one.
type manifest struct {
	Version string                   `json:"version"`
	Config  string                   `json:"config"`
	Build   string                   `json:"build"`
	Files   map[string]manifestFile  `json:"files"`
	Pages   map[string]manifestGroup `json:"pages"`
	Index   manifestGroup            `json:"index"`
	Sum     string                   `json:"sum"`
}

type manifestFile struct {
	Hash    string `json:"hash"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"` // nanoseconds since 1970
}

type manifestGroup struct {
	Deps  map[string]string `json:"deps"`
	Files []string          `json:"files"`
	Scope string            `json:"scope"`
	Diags []diag.Diagnostic `json:"diags,omitempty"`
}

// manifestDir is the folder of the cache that holds the manifests.
const manifestDir = "manifests"

// manifestPath is where the manifest of builds into out lives.
func manifestPath(cacheDir, out string) string {
	abs, _ := filepath.Abs(out)
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, manifestDir, hex.EncodeToString(h[:8])+".json")
}

// configID names what a manifest is valid for.
func configID(cfg Config, out string) string {
	src, _ := filepath.Abs(cfg.Src)
	abs, _ := filepath.Abs(out)
	w := &hasher{}
	w.str(pipelineVersion).str(src).str(abs).str(cfg.BaseURL).str(fmt.Sprint(cfg.Drafts, cfg.Strict, cfg.MaxPageSize))
	k := w.sum()
	return hex.EncodeToString(k[:])
}

// checksum is the hash of the manifest with its Sum left empty.
func (m *manifest) checksum() string {
	c := *m
	c.Sum = ""
	data, _ := json.Marshal(&c)
	k := sha256.Sum256(data)
	return hex.EncodeToString(k[:])
}

// loadManifest reads the manifest of builds of cfg into out, or returns nil
// when there is none that can be trusted (see manifest).
func loadManifest(cfg Config, out string) *manifest {
	data, err := os.ReadFile(manifestPath(cfg.CacheDir, out))
	if err != nil {
		return nil
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&m) != nil || m.Version != pipelineVersion || m.Config != configID(cfg, out) || m.Sum != m.checksum() {
		return nil
	}
	if stamp, err := os.ReadFile(filepath.Join(out, Stamp)); err != nil || string(stamp) != stampFor(m.Build) {
		return nil
	}
	for name, f := range m.Files {
		if !fs.ValidPath(name) || name == Stamp {
			return nil
		}
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !info.Mode().IsRegular() || info.Size() != f.Size || info.ModTime().UnixNano() != f.ModTime {
			return nil // the output folder was changed by hand
		}
	}
	return &m
}

// stampFor is the stamp file's text for the build named id.
func stampFor(id string) string {
	return stampText + "build " + id + "\n"
}

// seed gives b the groups a manifest lists as already rendered: their
// files are in the output folder, so the build keeps them unless an input
// they read changed.
func (b *Builder) seed(m *manifest) {
	group := func(g manifestGroup) *cachedGroup {
		c := &cachedGroup{deps: map[string]key{}, kept: map[string]key{}, diags: g.Diags, scope: parseKey(g.Scope)}
		for n, h := range g.Deps {
			c.deps[n] = parseKey(h)
		}
		for _, f := range g.Files {
			c.kept[f] = parseKey(m.Files[f].Hash)
		}
		return c
	}
	for p, g := range m.Pages {
		b.pages[p] = group(g)
	}
	b.index = *group(m.Index)
}

func parseKey(s string) key {
	var k key
	hex.Decode(k[:], []byte(s))
	return k
}

// newManifest describes the build b just made into out, whose files are
// now on disk; build is the id its stamp names.
func (b *Builder) newManifest(cfg Config, out, build string, res Result) (*manifest, error) {
	m := &manifest{Version: pipelineVersion, Config: configID(cfg, out), Build: build, Files: map[string]manifestFile{}, Pages: map[string]manifestGroup{}}
	hashes := map[string]string{}
	for n, data := range res.Files { // static files and content assets too
		k := sha256.Sum256(data)
		hashes[n] = hex.EncodeToString(k[:])
	}
	for n, k := range res.Kept {
		hashes[n] = hex.EncodeToString(k[:])
	}
	group := func(c *cachedGroup) manifestGroup {
		g := manifestGroup{Deps: map[string]string{}, Diags: c.diags, Scope: hex.EncodeToString(c.scope[:])}
		for n, k := range c.deps {
			g.Deps[n] = hex.EncodeToString(k[:])
		}
		for n := range c.out {
			g.Files = append(g.Files, n)
		}
		for n := range c.kept {
			g.Files = append(g.Files, n)
		}
		slices.Sort(g.Files)
		return g
	}
	for _, p := range b.s.pages {
		if c := b.pages[p.Path]; c != nil && c.deps != nil {
			m.Pages[p.Path] = group(c)
		}
	}
	m.Index = group(&b.index)
	for n, h := range hashes {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		m.Files[n] = manifestFile{Hash: h, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	}
	m.Sum = m.checksum()
	return m, nil
}

// save writes the manifest atomically (a new file renamed over the old).
func (m *manifest) save(path string) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// buildID names a finished site by its files: the same site has the same
// id, so that the stamp file, too, is byte-identical between builds of the
// same input.
func buildID(files map[string][]byte, kept map[string]key) string {
	names := slices.Sorted(maps.Keys(files))
	names = append(names, slices.Collect(maps.Keys(kept))...)
	slices.Sort(names)
	w := &hasher{}
	for _, n := range names {
		w.str(n)
		if data, ok := files[n]; ok {
			k := sha256.Sum256(data)
			w.bytes(k[:])
		} else {
			k := kept[n]
			w.bytes(k[:])
		}
	}
	k := w.sum()
	return hex.EncodeToString(k[:16])
}

// writeOutput puts the built site res into out: nothing at all when out
// already holds exactly these files (as the manifest m says), else a new
// folder with the changed files written and the unchanged ones linked
// from out, swapped in atomically. It returns the id of the build now in
// out and whether it wrote anything.
func writeOutput(ctx context.Context, out string, res Result, m *manifest) (string, bool, error) {
	files := res.Files
	kept := maps.Clone(res.Kept)
	if kept == nil {
		kept = map[string]key{}
	}
	if m != nil {
		// A file rendered again with the same bytes is kept too.
		files = map[string][]byte{}
		for n, data := range res.Files {
			k := sha256.Sum256(data)
			if f, ok := m.Files[n]; ok && f.Hash == hex.EncodeToString(k[:]) {
				kept[n] = k
				continue
			}
			files[n] = data
		}
	}
	id := buildID(files, kept)
	if m != nil && len(files) == 0 && len(kept) == len(m.Files) && id == m.Build {
		return id, false, nil
	}
	err := writeAtomic(ctx, out, files, slices.Sorted(maps.Keys(kept)), stampFor(id))
	return id, true, err
}
