package devserver

import (
	"io/fs"
	"os"
	"path"
)

// rootFS reads the source folder through an os.Root, so that no path or
// symbolic link can lead outside it. Entries that are symbolic links
// leading out are left out of folder listings, so a build never sees them.
type rootFS struct {
	fsys fs.FS
}

// openRoot returns the source folder dir as a file system.
func openRoot(dir string) (rootFS, *os.Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return rootFS{}, nil, err
	}
	return rootFS{r.FS()}, r, nil
}

// Open implements fs.FS.
func (f rootFS) Open(name string) (fs.File, error) { return f.fsys.Open(name) }

// ReadFile implements fs.ReadFileFS.
func (f rootFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(f.fsys, name) }

// Stat implements fs.StatFS.
func (f rootFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

// ReadDir implements fs.ReadDirFS, without links that lead outside.
func (f rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.fsys, name)
	out := entries[:0]
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			if _, err := fs.Stat(f.fsys, path.Join(name, e.Name())); err != nil {
				continue
			}
		}
		out = append(out, e)
	}
	return out, err
}
