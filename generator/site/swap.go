package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// WriteAtomic writes files, and the stamp file, into a new folder beside
// out (".out-new-PID-…"), then swaps it in for out. On Linux the swap is
// one renameat2(RENAME_EXCHANGE), so out is at every moment either the
// old complete site or the new one, whatever kills the process; elsewhere
// (or on a file system without the exchange) out is renamed to
// ".out-old-PID" first and the new folder then renamed to out, and a build
// that finds out missing but such a folder left over puts it back (see
// Recover). If writing fails or ctx is done before the swap, the new
// folder is removed and out is left as it was.
func WriteAtomic(ctx context.Context, out string, files map[string][]byte) error {
	st, err := newStage(out, nil)
	if err != nil {
		return err
	}
	return st.commit(ctx, files, nil, stampText)
}

// newStage makes the new folder beside out that a build fills before it
// is swapped in (see WriteAtomic); old is the manifest of what out holds
// (nil for none), whose files the stage links instead of writing them
// again when a page renders to the same bytes. When old is known and the
// spare folder is there (the site the last swap replaced), the stage is
// made from it instead of afresh.
func newStage(out string, old *manifest) (*stage, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if err := Recover(out); err != nil {
		return nil, err
	}
	if old != nil {
		if st := claimSpare(out, old); st != nil {
			return st, nil
		}
	}
	tmp, err := os.MkdirTemp(parent, leftoverPrefix(out, "new")+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	// Stamped before anything else is written into it, so that Recover
	// removes what a killed build left half-written (commit writes the
	// final stamp, naming the build).
	if err := os.WriteFile(filepath.Join(tmp, Stamp), []byte(stampText), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &stage{out: out, dir: tmp, old: old, dirs: map[string]bool{".": true}}, nil
}

// spareName is the folder beside out where a swap leaves the site it
// replaced (".public-spare"), for the next build's stage to start from.
func spareName(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"-spare")
}

// claimSpare makes the stage from the spare folder: renamed to a stage's
// name (so that of two builds only one gets it, and Recover removes it
// if this build is killed) and listed. It returns nil when there is no
// spare folder to claim or it cannot be listed.
func claimSpare(out string, old *manifest) *stage {
	spare := spareName(out)
	tmp := filepath.Join(filepath.Dir(out), leftoverPrefix(out, "new")+strconv.Itoa(os.Getpid())+"-spare")
	if info, err := os.Lstat(spare); err != nil || !info.IsDir() {
		return nil
	}
	if err := os.Rename(spare, tmp); err != nil {
		return nil
	}
	entries, err := listTree(tmp)
	if err == nil {
		// The stamp is never a link to out's, but is replaced, not
		// rewritten, all the same.
		err = replaceFile(filepath.Join(tmp, Stamp), []byte(stampText))
		delete(entries, Stamp)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil
	}
	return &stage{out: out, dir: tmp, old: old, dirs: map[string]bool{".": true}, spare: entries}
}

// keepSpare makes dir, the site a swap just replaced, the spare folder
// of out when most of the new site's files were linked from it. A site
// that shares little with the new one would only cost the next build the
// removal of its files: a stage kept for builds with a manifest (mirror)
// makes it the new site's mirror now (see mirrorOf), which costs little
// more than removing it would, so that the first rebuild after a full
// build starts from a spare folder too; otherwise it is removed. A spare
// folder left from before, which shares even less, is removed.
func (st *stage) keepSpare(dir string) error {
	spare := spareName(st.out)
	related := st.linked.Load() > st.wrote.Load()
	if related {
		if err := os.Rename(dir, spare); err == nil {
			return nil
		}
	}
	if err := os.RemoveAll(spare); err != nil {
		return err
	}
	if !related && st.mirror {
		related = mirrorOf(st.out, dir) == nil
	}
	if related && os.Rename(dir, spare) == nil {
		return nil
	}
	return os.RemoveAll(dir)
}

// mirrorOf makes dir hold exactly the files and folders of out, each file
// a hard link of out's (the stamp file aside): what dir holds that out
// does not, or as another kind, is removed, a file that is not already
// out's is replaced by a link, and missing folders are made.
func mirrorOf(out, dir string) error {
	want, err := listTree(out)
	if err != nil {
		return err
	}
	have, err := listTree(dir)
	if err != nil {
		return err
	}
	delete(want, Stamp)
	delete(have, Stamp)
	var stale, folders, files []string
	for n, h := range have {
		if w, ok := want[n]; !ok || w.dir != h.dir {
			stale = append(stale, n)
		}
	}
	for n, w := range want {
		switch h, ok := have[n]; {
		case w.dir && (!ok || !h.dir):
			folders = append(folders, n)
		case !w.dir && (!ok || h.dir || h.ino != w.ino || w.ino == 0):
			files = append(files, n)
		}
	}
	slices.SortFunc(stale, func(a, b string) int { return strings.Compare(b, a) }) // "a/b" before "a"
	for _, n := range stale {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(n))); err != nil {
			return err
		}
	}
	slices.Sort(folders) // parents first
	for _, n := range folders {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(n)), 0o755); err != nil {
			return err
		}
	}
	for _, n := range files {
		dst := filepath.Join(dir, filepath.FromSlash(n))
		if err := removeMissingOK(dst); err != nil {
			return err
		}
		if err := os.Link(filepath.Join(out, filepath.FromSlash(n)), dst); err != nil {
			return err
		}
	}
	return nil
}

// replaceFile writes data as a new file name, removing what was there.
func replaceFile(name string, data []byte) error {
	if err := removeMissingOK(name); err != nil {
		return err
	}
	return writeFile(name, data)
}

// commit writes files into the stage, hard-links the files named in keep
// from the current out (the same file: same inode, same modification
// time), writes stamp as the stamp file's text, and swaps the stage in
// for out. On any error, or when ctx is done before the swap, the stage
// is removed and out is left as it was.
func (st *stage) commit(ctx context.Context, files map[string][]byte, keep []string, stamp string) error {
	out, tmp := st.out, st.dir
	parent := filepath.Dir(out)
	fail := func(err error) error {
		st.discard()
		return err
	}
	if err := replaceFile(filepath.Join(tmp, Stamp), []byte(stamp)); err != nil {
		return fail(err)
	}
	if err := st.writeFiles(ctx, files, keep); err != nil {
		return fail(err)
	}
	if err := st.removeUnclaimed(); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fail(err)
		}
		return nil
	} else if err != nil {
		return fail(err)
	}
	switch err := exchange(tmp, out); {
	case err == nil:
		// tmp now holds the old site.
		return st.keepSpare(tmp)
	case !errors.Is(err, errNoExchange):
		return fail(err)
	}
	old := filepath.Join(parent, leftoverPrefix(out, "old")+strconv.Itoa(os.Getpid()))
	if err := os.RemoveAll(old); err != nil {
		return fail(err)
	}
	if err := os.Rename(out, old); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fail(err)
	}
	return st.keepSpare(old)
}

// errNoExchange says that the platform or file system cannot exchange two
// folders atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// leftoverPrefix is the name prefix of the folders a build of out makes
// beside it: ".public-new-" and ".public-old-".
func leftoverPrefix(out, kind string) string {
	return "." + filepath.Base(out) + "-" + kind + "-"
}

// Recover tidies up after builds of out that were killed: it removes the
// ".out-new-*" and ".out-old-*" folders they left beside out (only those
// of processes that are no longer running, and only when they are empty
// or hold the stamp file), and when out itself is missing but an old
// complete site was stranded beside it by a kill between the two renames
// of the fallback swap, it moves that site back to out first.
func Recover(out string) error {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	_, err = os.Lstat(out)
	missing := errors.Is(err, fs.ErrNotExist)
	for _, kind := range []string{"old", "new"} {
		prefix := leftoverPrefix(out, kind)
		for _, e := range entries {
			rest, ok := strings.CutPrefix(e.Name(), prefix)
			if !ok || !e.IsDir() {
				continue
			}
			pidText, _, _ := strings.Cut(rest, "-")
			pid, err := strconv.Atoi(pidText)
			if err != nil || (pid != os.Getpid() && processAlive(pid)) {
				continue // not ours, or a build still running
			}
			dir := filepath.Join(parent, e.Name())
			if !stamped(dir) && !isEmptyDir(dir) {
				continue
			}
			if kind == "old" && missing && stamped(dir) {
				if err := os.Rename(dir, out); err != nil {
					return fmt.Errorf("restoring the previous site from %s: %w", dir, err)
				}
				missing = false
				continue
			}
			if err := os.RemoveAll(dir); err != nil {
				return fmt.Errorf("removing %s left by an interrupted build: %w", dir, err)
			}
		}
	}
	return nil
}

func isEmptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	names, _ := f.Readdirnames(1)
	return len(names) == 0
}
