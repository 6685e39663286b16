package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CheckOut refuses output folders that a build must never replace: the
// source folder itself, any folder holding a content/ folder, the file
// system root and the home folder.
func CheckOut(src, out string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	home, _ := os.UserHomeDir()
	switch {
	case absOut == string(filepath.Separator) || filepath.Dir(absOut) == absOut:
		return fmt.Errorf("refusing to write the site to %s: it is the file system root", out)
	case home != "" && absOut == filepath.Clean(home):
		return fmt.Errorf("refusing to write the site to %s: it is your home folder", out)
	case absOut == absSrc:
		return fmt.Errorf("refusing to write the site to %s: it is the source folder", out)
	case isWithin(absSrc, absOut):
		return fmt.Errorf("refusing to write the site to %s: it contains the source folder", out)
	case isWithin(absOut, filepath.Join(absSrc, "content")) || isWithin(absOut, filepath.Join(absSrc, "layouts")):
		return fmt.Errorf("refusing to write the site to %s: it is inside the sources", out)
	}
	if _, err := os.Stat(filepath.Join(absOut, "content")); err == nil {
		return fmt.Errorf("refusing to write the site to %s: it contains a content/ folder", out)
	}
	return checkOwned(out)
}

// checkOwned refuses an output folder that a build did not write: a build
// replaces only a folder that does not exist, an empty one, or one holding
// the stamp file that every build writes.
func checkOwned(out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("refusing to write the site to %s: %v", out, err)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("refusing to write the site to %s: it is a symbolic link (give the folder it points to as --out)", out)
	case !info.IsDir():
		return fmt.Errorf("refusing to write the site to %s: it is a file, not a folder", out)
	}
	if stamped(out) {
		return nil
	}
	f, err := os.Open(out)
	if err != nil {
		return fmt.Errorf("refusing to write the site to %s: %v", out, err)
	}
	defer f.Close()
	if names, _ := f.Readdirnames(1); len(names) > 0 {
		return fmt.Errorf("refusing to write the site to %s: the folder is not empty and was not written by paperlab build (it has no %s file); give an empty or new folder as --out, or remove this one", out, Stamp)
	}
	return nil
}

// stamped reports whether dir holds the stamp file as a regular file.
func stamped(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, Stamp))
	return err == nil && info.Mode().IsRegular()
}

// isWithin reports whether p is dir or below it.
func isWithin(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !filepath.IsAbs(rel) && (rel == "." || len(rel) < 3 || rel[:3] != "../")
}

// linkOrCopy makes dst the same file as src (a hard link), or a copy of
// it where the file system cannot link.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeFile(dst, data)
}
