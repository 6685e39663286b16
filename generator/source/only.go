package source

import (
	"io/fs"
	"path"
	"slices"
)

// Only returns a view of fsys in which exactly the given files (slash
// paths) and the folders above them exist, so that code that reads
// folders on its own (templates found by pattern) sees the files the rule
// admits and nothing else.
func Only(fsys fs.FS, files ...[]string) fs.FS {
	o := only{fsys: fsys, files: map[string]bool{}, dirs: map[string][]string{}}
	for _, list := range files {
		for _, f := range list {
			o.files[f] = true
			for child, dir := f, path.Dir(f); ; child, dir = dir, path.Dir(dir) {
				if !slices.Contains(o.dirs[dir], path.Base(child)) {
					o.dirs[dir] = append(o.dirs[dir], path.Base(child))
				}
				if dir == "." {
					break
				}
			}
		}
	}
	return o
}

type only struct {
	fsys  fs.FS
	files map[string]bool
	dirs  map[string][]string // folder → names of the entries it keeps
}

func (o only) known(name string) bool {
	_, dir := o.dirs[name]
	return o.files[name] || dir
}

func (o only) Open(name string) (fs.File, error) {
	if !o.known(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.fsys.Open(name)
}

func (o only) Stat(name string) (fs.FileInfo, error) {
	if !o.known(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(o.fsys, name)
}

func (o only) ReadFile(name string) ([]byte, error) {
	if !o.files[name] {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return ReadFile(o.fsys, name, 0)
}

func (o only) ReadDir(name string) ([]fs.DirEntry, error) {
	keep, ok := o.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(o.fsys, name)
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return !slices.Contains(keep, e.Name()) })
	return entries, err
}
