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

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// Open implements fs.FS. Only regular files and folders open; a named
// pipe is opened without waiting for a writer and then refused.
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|openFlags, 0)
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
