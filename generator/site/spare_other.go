//go:build !linux

package site

import (
	"io/fs"
	"path/filepath"
)

// listTree lists every file and folder below dir by slash path (no inode
// numbers here: a kept file is compared by stating both).
func listTree(dir string) (map[string]spareEntry, error) {
	entries := map[string]spareEntry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			entries[filepath.ToSlash(p[len(dir)+1:])] = spareEntry{dir: d.IsDir()}
		}
		return nil
	})
	return entries, err
}
