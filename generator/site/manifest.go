package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"paperlab/generator/diag"
	"paperlab/generator/digest"
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
//
// It is stored in the binary form of manifestcodec.go.
type manifest struct {
	Version string
	Config  string
	Build   string
	Files   map[string]manifestFile
	Pages   map[string]manifestGroup
	Index   manifestGroup

	// inodes holds the inode number of each file as loadManifest found
	// it in the output folder (none off Linux).
	inodes map[string]uint64
}

// inode is the inode number of output file name as loadManifest found
// it, or 0 when not known.
func (m *manifest) inode(name string) uint64 {
	if m == nil {
		return 0
	}
	return m.inodes[name]
}

type manifestFile struct {
	Hash    key
	Size    int64
	ModTime int64 // nanoseconds since 1970
}

type manifestGroup struct {
	Deps  map[string]key
	Files []string
	Scope key
	Diags []diag.Diagnostic
}

// manifestDir is the folder of the cache that holds the manifests.
const manifestDir = "manifests"

// manifestPath is where the manifest of builds into out lives.
func manifestPath(cacheDir, out string) string {
	abs, _ := filepath.Abs(out)
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, manifestDir, hex.EncodeToString(h[:8])+".manifest")
}

// configID names what a manifest is valid for.
func configID(cfg Config, out string) string {
	src, _ := filepath.Abs(cfg.Src)
	abs, _ := filepath.Abs(out)
	w := &digest.Hasher{}
	hashConfig(w, cfg).Str(src).Str(abs)
	k := w.Sum()
	return hex.EncodeToString(k[:])
}

// A manifest file is the hex SHA-256 of its JSON, a newline, then the
// JSON: it is checked by hashing the bytes read, not by encoding the
// decoded manifest again.
const sumSize = 2 * sha256.Size

// loadManifest reads the manifest of builds of cfg into out, or returns nil
// when there is none that can be trusted (see manifest). The output check
// c (nil for none), when it found the files of the manifest's build as
// recorded, spares stating them again.
func loadManifest(cfg Config, out string, c *outputCheck) *manifest {
	body, ok := readSummed(manifestPath(cfg.CacheDir, out))
	if !ok {
		return nil
	}
	m, ok := decodeManifest(body)
	if !ok || m.Version != pipelineVersion || m.Config != configID(cfg, out) {
		return nil
	}
	if !stampNames(out, m.Build) {
		return nil
	}
	if c != nil {
		// The record of the same build lists the manifest's files, with
		// the same sizes and times (see recordUnchanged).
		if inodes, ok := c.outputsOf(m.Build); ok && sameFiles(m, c.record) {
			m.inodes = inodes
			return m
		}
	}
	inodes, ok := outputInodes(out, slices.Collect(maps.Keys(m.Files)), func(name string) (int64, int64, bool) {
		f := m.Files[name]
		return f.Size, f.ModTime, fs.ValidPath(name) && name != Stamp
	})
	if !ok {
		return nil // the output folder was changed by hand
	}
	m.inodes = inodes
	return m
}

// outputInodes states the output files names of out, on one worker per
// core, and returns their inode numbers (0 where the system has none)
// when each is a regular file of the size and modification time that
// recorded gives for it (false: the name is not to be trusted); it stops
// at the first that is not, and returns false.
func outputInodes(out string, names []string, recorded func(name string) (size, mtime int64, ok bool)) (map[string]uint64, bool) {
	inodes := make([]uint64, len(names))
	if !allOf(len(names), func(i int) bool {
		size, mtime, ok := recorded(names[i])
		if !ok {
			return false
		}
		info, ok := outputFileInfo(out, names[i], size, mtime)
		if !ok {
			return false
		}
		if st, known := statState(info); known {
			inodes[i] = st.ino
		}
		return true
	}) {
		return nil, false
	}
	byName := make(map[string]uint64, len(names))
	for i, n := range names {
		byName[n] = inodes[i]
	}
	return byName, true
}

// sameFiles reports whether the record r lists the files of the manifest
// m, with their sizes and times, and nothing else.
func sameFiles(m *manifest, r *unchangedRecord) bool {
	if len(m.Files) != len(r.outputs) {
		return false
	}
	for name, f := range m.Files {
		o, ok := r.outputs[name]
		if !ok || !fs.ValidPath(name) || name == Stamp || o.size != f.Size || o.mtime != f.ModTime {
			return false
		}
	}
	return true
}

// readSummed returns the body of a file written by writeSummed, or false
// when there is none or it is not whole (or was edited).
func readSummed(path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil || len(data) < sumSize+1 || data[sumSize] != '\n' {
		return nil, false
	}
	body := data[sumSize+1:]
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != string(data[:sumSize]) {
		return nil, false
	}
	return body, true
}

// writeSummed writes body, after its hex SHA-256 and a newline, to path
// atomically (a new file renamed over the old).
func writeSummed(path string, body []byte) error {
	sum := sha256.Sum256(body)
	data := make([]byte, 0, sumSize+1+len(body))
	data = append(hex.AppendEncode(data, sum[:]), '\n')
	data = append(data, body...)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".new"
	if err := writeFile(tmp, data); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// stampNames reports whether the output folder's stamp names the build id.
func stampNames(out, id string) bool {
	stamp, err := os.ReadFile(filepath.Join(out, Stamp))
	return err == nil && string(stamp) == stampFor(id)
}

// outputFileInfo reports whether output file name is a regular file of
// this size and modification time (nanoseconds), as a build left it, and
// returns what the stat said.
func outputFileInfo(out, name string, size, mtime int64) (fs.FileInfo, bool) {
	info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
	ok := err == nil && info.Mode().IsRegular() && info.Size() == size && info.ModTime().UnixNano() == mtime
	return info, ok
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
		c := &cachedGroup{deps: g.Deps, kept: make(map[string]key, len(g.Files)), diags: g.Diags, scope: g.Scope}
		for _, f := range g.Files {
			c.kept[f] = m.Files[f].Hash
		}
		return c
	}
	for p, g := range m.Pages {
		b.pages[p] = group(g)
	}
	b.index = *group(m.Index)
}

// newManifest describes the build b just made into out, whose files are
// now on disk as w says; old is the manifest the build started from (nil
// for none), whose entries still describe the files linked from it.
func (b *Builder) newManifest(cfg Config, out string, w written, old *manifest) (*manifest, error) {
	m := &manifest{Version: pipelineVersion, Config: configID(cfg, out), Build: w.id, Files: make(map[string]manifestFile, len(w.hashes)), Pages: make(map[string]manifestGroup, len(b.pages))}
	group := func(c *cachedGroup) manifestGroup {
		g := manifestGroup{Deps: c.deps, Diags: c.diags, Scope: c.scope}
		for n := range c.out {
			g.Files = append(g.Files, n)
		}
		for n := range c.kept {
			g.Files = append(g.Files, n)
		}
		for n := range c.staged {
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
	for n, k := range w.hashes {
		if f, ok := old.file(n); ok && w.linked[n] {
			m.Files[n] = f // the same file, linked
			continue
		}
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		m.Files[n] = manifestFile{Hash: k, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	}
	return m, nil
}

// save writes the manifest atomically (a new file renamed over the old).
func (m *manifest) save(path string) error {
	body, err := m.encode()
	if err != nil {
		return err
	}
	return writeSummed(path, body)
}

// written describes the site a build put into the output folder.
type written struct {
	// id names the build (see buildID); the stamp file carries it.
	id string
	// hashes holds the content hash of every file of the site.
	hashes map[string]key
	// linked names the files carried over from the previous output
	// unchanged (hard links: same size and modification time).
	linked map[string]bool
	// wrote is false when the output folder was left untouched.
	wrote bool
}

// buildID names a finished site by its files' names and hashes: the same
// site has the same id, so that the stamp file, too, is byte-identical
// between builds of the same input.
func buildID(hashes map[string]key) string {
	w := &digest.Hasher{}
	for _, n := range slices.Sorted(maps.Keys(hashes)) {
		k := hashes[n]
		w.Str(n).Bytes(k[:])
	}
	k := w.Sum()
	return hex.EncodeToString(k[:16])
}

// writeOutput puts the built site res into the output folder through the
// stage, which already holds the pages streamed into it: nothing at all
// when the output folder already holds exactly these files (as the
// manifest m says), else the remaining changed files are written and the
// unchanged ones linked from the output folder, and the stage is swapped
// in atomically. Each file's content is hashed once.
func writeOutput(ctx context.Context, st *stage, res Result, m *manifest) (written, error) {
	all := len(res.Kept) + len(res.staged) + len(res.Files)
	w := written{hashes: make(map[string]key, all), linked: make(map[string]bool, all)}
	maps.Copy(w.hashes, res.Kept)
	var keep []string
	for n := range res.Kept {
		w.linked[n] = true
		keep = append(keep, n)
	}
	maps.Copy(w.hashes, res.staged)
	for _, n := range res.stageLinked {
		w.linked[n] = true
	}
	files := map[string][]byte{}
	for n, data := range res.Files {
		k := sha256.Sum256(data)
		w.hashes[n] = k
		if f, ok := m.file(n); ok && f.Hash == k {
			w.linked[n] = true // rendered again with the same bytes
			keep = append(keep, n)
			continue
		}
		files[n] = data
	}
	w.id = buildID(w.hashes)
	if m != nil && st.wrote.Load() == 0 && len(files) == 0 && len(w.linked) == len(m.Files) && w.id == m.Build {
		st.discard()
		return w, nil
	}
	w.wrote = true
	return w, st.commit(ctx, files, keep, stampFor(w.id))
}

// file returns the manifest's entry for output file name; a nil manifest
// has none.
func (m *manifest) file(name string) (manifestFile, bool) {
	if m == nil {
		return manifestFile{}, false
	}
	f, ok := m.Files[name]
	return f, ok
}
