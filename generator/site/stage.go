package site

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// A stage is the new output folder of a build, beside the output folder
// and swapped in for it once the build succeeded (see commit). Pages are
// streamed into it as they render (put), so that a build holds no page's
// bytes after the page is done; a file the previous output already holds
// with the same bytes (as its manifest says) is hard-linked from there
// instead of written. It is safe for concurrent use by the rendering
// workers.
//
// A stage may start from the spare folder, the site the last swap
// replaced (see spareName): its folders are reused and its files that are
// already the output folder's (the same inode) are kept, so that a
// rebuild that changed one page makes no folder and links few files. Its
// content is never trusted: every other file in it is written or linked
// again, and whatever the build does not produce is removed before the
// swap.
type stage struct {
	out string    // the output folder
	dir string    // the new folder
	old *manifest // what out holds; nil for nothing known

	mu   sync.Mutex
	dirs map[string]bool // folders made in dir, slash-separated
	// spare holds what the spare folder held and the build has not yet
	// claimed, by slash-separated name. It is nil for a stage made
	// afresh.
	spare map[string]spareEntry
	// wrote counts the files put wrote (not linked), linked those it
	// linked from the output folder or found already linked in the spare.
	wrote, linked atomic.Int64
	// mirror is set for a build that keeps a manifest: the site it
	// replaces becomes a spare folder even when it shares little with the
	// new one (see keepSpare).
	mirror bool
}

// A spareEntry is a file or folder of the spare folder.
type spareEntry struct {
	dir bool
	ino uint64 // 0 where the platform gives none
}

// put writes files into the stage and returns their content hashes, and
// the names of those it linked from the output folder because their bytes
// are the ones already there.
func (st *stage) put(files map[string][]byte) (map[string]key, []string, error) {
	hashes := make(map[string]key, len(files))
	var linked []string
	for n, data := range files {
		k := sha256.Sum256(data)
		hashes[n] = k
		if err := st.mkdirs(n); err != nil {
			return nil, nil, err
		}
		if f, ok := st.old.file(n); ok && f.Hash == k {
			if err := st.link(n); err != nil {
				return nil, nil, err
			}
			linked = append(linked, n)
			continue
		}
		if err := st.write(n, data); err != nil {
			return nil, nil, err
		}
	}
	return hashes, linked, nil
}

// write writes data as the stage's file name, whose folder exists.
func (st *stage) write(name string, data []byte) error {
	dst := filepath.Join(st.dir, filepath.FromSlash(name))
	if err := st.claim(name, dst); err != nil {
		return err
	}
	if err := writeFile(dst, data); err != nil {
		return err
	}
	st.wrote.Add(1)
	return nil
}

// link makes the stage's file name the output folder's (a hard link, or
// a copy where the file system cannot link); its folder exists.
func (st *stage) link(name string) error {
	src := filepath.Join(st.out, filepath.FromSlash(name))
	dst := filepath.Join(st.dir, filepath.FromSlash(name))
	st.mu.Lock()
	e, had := st.spare[name]
	st.mu.Unlock()
	if had && !e.dir && st.isOutputFile(e, name, src, dst) {
		st.mu.Lock()
		delete(st.spare, name)
		st.mu.Unlock()
	} else if err := st.claim(name, dst); err != nil {
		return err
	} else if err := linkOrCopy(src, dst); err != nil {
		return err
	}
	st.linked.Add(1)
	return nil
}

// claim clears the way for a new file at name (dst in the stage): what
// the spare folder held there is removed, never written through, since a
// spare file may be a link to the output folder's.
func (st *stage) claim(name, dst string) error {
	st.mu.Lock()
	e, had := st.spare[name]
	isDir := e.dir
	delete(st.spare, name)
	if isDir { // rare: what was in the folder goes with it
		for n := range st.spare {
			if strings.HasPrefix(n, name+"/") {
				delete(st.spare, n)
			}
		}
	}
	st.mu.Unlock()
	switch {
	case !had:
		return nil
	case isDir:
		return os.RemoveAll(dst)
	default:
		return removeMissingOK(dst)
	}
}

// isOutputFile says whether the spare file e, at dst, is the output
// folder's file name (at src): by inode number where the manifest's check of the
// output folder noted it, else by stating both.
func (st *stage) isOutputFile(e spareEntry, name, src, dst string) bool {
	if ino := st.old.inode(name); ino != 0 && e.ino != 0 {
		return ino == e.ino
	}
	return sameFile(src, dst)
}

// sameFile says whether a and b name the same file.
func sameFile(a, b string) bool {
	ia, err := os.Lstat(a)
	if err != nil {
		return false
	}
	ib, err := os.Lstat(b)
	return err == nil && os.SameFile(ia, ib)
}

func removeMissingOK(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// mkdirs makes the folders of the output file name in the stage, reusing
// those of the spare folder.
func (st *stage) mkdirs(name string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	var missing []string
	for d := path.Dir(name); !st.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- { // parents first
		d := missing[i]
		dir := filepath.Join(st.dir, filepath.FromSlash(d))
		e, had := st.spare[d]
		isDir := e.dir
		delete(st.spare, d)
		if had && !isDir {
			if err := removeMissingOK(dir); err != nil {
				return err
			}
		}
		if !had || !isDir {
			if err := os.Mkdir(dir, 0o755); err != nil {
				return err
			}
		}
		st.dirs[d] = true
	}
	return nil
}

// removeUnclaimed removes what the spare folder held that the build did
// not produce, deepest first.
func (st *stage) removeUnclaimed() error {
	st.mu.Lock()
	names := make([]string, 0, len(st.spare))
	for n := range st.spare {
		if n != Stamp {
			names = append(names, n)
		}
	}
	st.spare = nil
	st.mu.Unlock()
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(b, a) }) // "a/b" before "a"
	for _, n := range names {
		if err := removeMissingOK(filepath.Join(st.dir, filepath.FromSlash(n))); err != nil {
			return err
		}
	}
	return nil
}

// discard removes the stage; one made from the spare folder goes back
// to being the spare.
func (st *stage) discard() {
	if st.spare != nil && os.Rename(st.dir, spareName(st.out)) == nil {
		return
	}
	os.RemoveAll(st.dir)
}

// writeFiles writes files into the stage, and hard-links each file named in
// keep from the output folder (copying it where a link cannot be made),
// on one worker per core. It stops early when ctx is done.
func (st *stage) writeFiles(ctx context.Context, files map[string][]byte, keep []string) error {
	names := make([]string, 0, len(files)+len(keep))
	for n := range files {
		names = append(names, n)
	}
	names = append(names, keep...)
	sort.Strings(names) // parents' folders are made first
	for _, n := range names {
		if err := st.mkdirs(n); err != nil {
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
				var err error
				if data, ok := files[n]; ok {
					err = st.write(n, data)
				} else {
					err = st.link(n)
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, n := range names {
		if ctx.Err() != nil {
			break
		}
		work <- n
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}
