package site

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"paperlab/generator/diag"
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
	return nil
}

// isWithin reports whether p is dir or below it.
func isWithin(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !filepath.IsAbs(rel) && (rel == "." || len(rel) < 3 || rel[:3] != "../")
}

// WriteAtomic writes files into a new folder beside out, then swaps it in
// for out. If anything fails, out is left as it was.
func WriteAtomic(out string, files map[string][]byte) error {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+"-new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeFiles(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = filepath.Join(parent, "."+filepath.Base(out)+"-old-"+strconv.Itoa(os.Getpid()))
		os.RemoveAll(old)
		if err := os.Rename(out, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// writeFiles writes files below dir: each folder is made once, then the
// files are written by one worker per core.
func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	dirs := map[string]bool{}
	for n := range files {
		names = append(names, n)
		for d := path.Dir(n); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sort.Strings(names)
	folders := make([]string, 0, len(dirs))
	for d := range dirs {
		folders = append(folders, d)
	}
	sort.Strings(folders) // parents sort before their children
	for _, d := range folders {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(n)), files[n], 0o644); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, n := range names {
		work <- n
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

var positionedError = regexp.MustCompile(`^([^:\s]+):(\d+):(?:(\d+):)? ?(.*)$`)

// diagFromError turns an error whose text starts with path:line[:col] into
// a diagnostic with that position.
func diagFromError(err error) diag.Diagnostic {
	msg := err.Error()
	if m := positionedError.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return diag.Diagnostic{Path: m[1], Line: line, Col: col, Msg: m[4]}
	}
	return diag.Diagnostic{Path: "layouts", Msg: msg}
}
