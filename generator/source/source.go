// Package source reads a paperlab source folder, for both "paperlab build"
// and "paperlab serve", with one rule for which files exist:
//
//   - Only regular files are read. Named pipes, sockets and devices are
//     errors at their path (a build never blocks on one), and so are
//     symbolic links that lead outside the source folder, links given as
//     absolute paths, dangling links and links to folders. A link that
//     leads, by a relative path, to a regular file inside the source
//     folder is read as that file.
//   - Names that editors and file managers leave behind are ignored
//     everywhere: lock files (".#x.md"), auto-save files ("#x.md#"),
//     backups ("x.md~"), swap files (".x.md.swp", ".swo", ".swx",
//     ".kate-swp"), vim's "4913" probe, "*.tmp", JetBrains' safe-write
//     files, ".DS_Store", "Thumbs.db" and "desktop.ini".
//   - Hidden names (starting with ".") are ignored, files and folders,
//     except under layouts/static/, whose dotfiles (".nojekyll",
//     ".well-known/") are part of the published site.
//   - A page (a Markdown file under content/) is at most MaxPageSize
//     bytes, checked before it is read; it must be UTF-8, may start with a
//     byte-order mark (dropped) and may use CRLF line endings (read as LF,
//     which keeps every line and column).
//
// Dir opens the folder through an os.Root, so that no path, ".." or
// symbolic link can lead outside it; List, ReadFile and ReadPage apply the
// rest of the rule to any fs.FS (tests use in-memory ones).
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// DefaultMaxPageSize is the largest page read when no other limit is set:
// 2 MiB.
const DefaultMaxPageSize = 2 << 20

// ErrNotRegular is returned for a path that is neither a regular file nor
// a folder.
var ErrNotRegular = errors.New("not a regular file")

// Dir is a source folder read through an os.Root. It implements fs.FS,
// fs.StatFS, fs.ReadDirFS, fs.ReadFileFS and fs.ReadLinkFS. Opening a
// special file fails with ErrNotRegular without blocking, and folder
// listings leave out ignored names (see Ignored), so that anything that
// reads the folder through Dir (templates included) follows the rule.
type Dir struct {
	root *os.Root
	// folders, when not nil, keeps each folder that a file was opened
	// or stated in open (see OpenForBuild).
	folders *folderRoots
}

// folderRoots holds an os.Root for each folder of a Dir, by slash path, so
// that a file in it is opened or stated with one system call instead of
// one per path element.
type folderRoots struct {
	mu    sync.Mutex
	roots map[string]*os.Root
}

// OpenForBuild opens the source folder dir for one build: like Open, but
// each folder, once a file in it was opened or stated, stays open until
// Close, which makes reading thousands of pages cheaper. Not for a
// long-lived reader (a dev server): a folder replaced meanwhile would
// still be read through the folder first opened.
func OpenForBuild(dir string) (*Dir, error) {
	d, err := Open(dir)
	if err == nil {
		d.folders = &folderRoots{roots: map[string]*os.Root{}}
	}
	return d, err
}

// folder returns the open root of name's folder and name's base name, or
// nil when folders are not kept or the folder cannot be opened.
func (d *Dir) folder(name string) (*os.Root, string) {
	if d.folders == nil {
		return nil, ""
	}
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		return nil, ""
	}
	f := d.folders
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.roots[dir]
	if !ok {
		r, _ = d.root.OpenRoot(dir) // nil on error: the whole root is asked instead
		f.roots[dir] = r
	}
	return r, base
}

// Open opens the source folder dir.
func Open(dir string) (*Dir, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Dir{root: r}, nil
}

// Close releases the folder (and the folders kept open in it).
func (d *Dir) Close() error {
	if f := d.folders; f != nil {
		f.mu.Lock()
		for _, r := range f.roots {
			if r != nil {
				r.Close()
			}
		}
		f.roots = nil
		f.mu.Unlock()
	}
	return d.root.Close()
}

// Open implements fs.FS. Only regular files and folders open; a named
// pipe is opened without waiting for a writer and then refused.
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var f *os.File
	var err error
	// Through the file's folder first; on any failure (a link that
	// leaves that folder but not the source folder, among others) the
	// whole root decides, so the answer is the same either way.
	if r, base := d.folder(name); r != nil {
		f, err = r.OpenFile(base, os.O_RDONLY|openFlags, 0)
	}
	if f == nil {
		f, err = d.root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return f, nil
}

// Stat implements fs.StatFS, following links inside the folder.
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if r, base := d.folder(name); r != nil {
		if info, err := r.Stat(base); err == nil {
			return info, nil
		}
	}
	return d.root.Stat(name)
}

// Lstat implements fs.ReadLinkFS.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	return d.root.Lstat(name)
}

// ReadLink implements fs.ReadLinkFS.
func (d *Dir) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return d.root.Readlink(name)
}

// ReadFile implements fs.ReadFileFS: a regular file's bytes.
func (d *Dir) ReadFile(name string) ([]byte, error) {
	return ReadFile(d, name, 0)
}

// ReadDir implements fs.ReadDirFS: the folder's entries sorted by name,
// without ignored names.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := dir.ReadDir(-1)
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return Ignored(path.Join(name, e.Name())) })
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}
