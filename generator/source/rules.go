package source

import (
	"errors"
	"io/fs"
	"strings"

	"paperlab/generator/diag"
)

// Ignored reports whether the slash-separated path rel (relative to the
// source folder) is left out by the rule in the package comment: any of
// its parts is an editor's or file manager's leftover, or hidden outside
// layouts/static/.
func Ignored(rel string) bool {
	static := rel == "layouts/static" || strings.HasPrefix(rel, "layouts/static/")
	for i, part := range strings.Split(rel, "/") {
		if leftover(part) {
			return true
		}
		// Under layouts/static, parts after "layouts" and "static" may be
		// hidden.
		if strings.HasPrefix(part, ".") && part != "." && !(static && i >= 2) {
			return true
		}
	}
	return false
}

// leftover reports names of editors' lock, swap, backup and temporary
// files and of file managers' folder data.
func leftover(name string) bool {
	switch name {
	case "4913", ".DS_Store", "Thumbs.db", "desktop.ini":
		return true
	}
	for _, p := range []string{".#", "#"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, s := range []string{"~", ".swp", ".swo", ".swx", ".tmp", ".kate-swp", "___jb_tmp___", "___jb_old___"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// Files are the files of a site, by role; every path is slash-separated,
// relative to the source folder, sorted.
type Files struct {
	// Pages are the Markdown files under content/.
	Pages []string
	// Assets are the other files under content/ (images, data).
	Assets []string
	// Layouts are the files under layouts/ outside layouts/static/.
	Layouts []string
	// Static are the files under layouts/static/.
	Static []string
}

// List finds the files of the site in fsys by the rule. Every path that
// breaks it (a special file, a link leading outside, a link to a folder, a
// folder that cannot be read) is a diagnostic at its path; a missing
// content/ folder is one too. Missing layouts/ and layouts/static/ folders
// are not (the templates report what they miss).
func List(fsys fs.FS) (Files, []diag.Diagnostic) {
	return list(fsys, nil)
}

// ListStated is List that also says what the listing learned of each file
// it lists: the file's information as a Stat of it would have said then
// (for a link, its target's). A file the listing learned nothing of (it
// vanished meanwhile) has no entry. Listing a folder of an os.Root states
// every entry anyway, so this spares a caller that needs the states a
// second system call per file.
func ListStated(fsys fs.FS) (Files, map[string]fs.FileInfo, []diag.Diagnostic) {
	infos := map[string]fs.FileInfo{}
	f, ds := list(fsys, infos)
	return f, infos, ds
}

func list(fsys fs.FS, infos map[string]fs.FileInfo) (Files, []diag.Diagnostic) {
	var f Files
	var list diag.List
	content, _ := walk(fsys, "content", &list, infos)
	for _, p := range content {
		if strings.HasSuffix(p, ".md") {
			f.Pages = append(f.Pages, p)
		} else {
			f.Assets = append(f.Assets, p)
		}
	}
	if _, err := fs.Stat(fsys, "layouts"); err == nil {
		layouts, _ := walk(fsys, "layouts", &list, infos)
		for _, p := range layouts {
			if strings.HasPrefix(p, "layouts/static/") {
				f.Static = append(f.Static, p)
			} else {
				f.Layouts = append(f.Layouts, p)
			}
		}
	}
	return f, list.Items()
}

// Walk lists the regular files below the folder dir of fsys by the rule,
// sorted, adding a diagnostic to list for every path that breaks it. It
// reports false when dir itself could not be read.
func Walk(fsys fs.FS, dir string, list *diag.List) ([]string, bool) {
	return walk(fsys, dir, list, nil)
}

// walk is Walk that, when infos is not nil, records in it what it
// learned of each file it lists (see ListStated).
func walk(fsys fs.FS, dir string, list *diag.List, infos map[string]fs.FileInfo) ([]string, bool) {
	var files []string
	ok := true
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if p != dir && Ignored(p) {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err != nil {
			if p == dir {
				ok = false
				if errors.Is(err, fs.ErrNotExist) {
					list.Errorf(p, 0, 0, "missing folder: the source folder must hold %s/", dir)
				} else {
					list.Errorf(p, 0, 0, "cannot read the folder: %s", reason(err))
				}
			} else {
				list.Errorf(p, 0, 0, "cannot read: %s", reason(err))
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, msg := check(fsys, p, d)
		if msg != "" {
			list.Errorf(p, 0, 0, "%s", msg)
			return nil
		}
		files = append(files, p)
		if infos != nil {
			if info == nil {
				info, _ = d.Info()
			}
			if info != nil {
				infos[p] = info
			}
		}
		return nil
	})
	return files, ok
}

// check says why the entry p breaks the rule, or "" for a regular file or
// a link to one inside the folder; for a link, it returns what it learned
// of the link's target.
func check(fsys fs.FS, p string, d fs.DirEntry) (fs.FileInfo, string) {
	mode := d.Type()
	var info fs.FileInfo
	if mode&fs.ModeSymlink != 0 {
		target, _ := fs.ReadLink(fsys, p)
		var err error
		info, err = fs.Stat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, "symbolic link to " + quote(target) + ", which does not exist"
		case err != nil && strings.HasPrefix(target, "/"):
			return nil, "symbolic link to the absolute path " + quote(target) + ": only relative links to files inside the source folder are read"
		case err != nil && strings.Contains(err.Error(), "escapes"):
			return nil, "symbolic link to " + quote(target) + " leads outside the source folder: only relative links to files inside it are read"
		case err != nil:
			return nil, "cannot follow the symbolic link to " + quote(target) + ": " + reason(err)
		case info.IsDir():
			return nil, "symbolic link to the folder " + quote(target) + ": links to folders are not followed (move or copy the folder instead)"
		}
		mode = info.Mode().Type()
	}
	if mode.IsRegular() {
		return info, ""
	}
	return nil, "is " + kind(mode) + ", not a regular file; only regular files are read"
}

// kind names a special file's type.
func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func quote(target string) string {
	if target == "" {
		return "an unknown target"
	}
	return target
}

// reason is an error's message without the operation and path that
// os errors start with ("open content/x: permission denied").
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, ErrNotRegular) {
			return "not a regular file; only regular files are read"
		}
		return pe.Err.Error()
	}
	return err.Error()
}
