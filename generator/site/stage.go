package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
)

// A stage is the new output folder of a build, beside the output folder
// and swapped in for it once the build succeeded (see commit). Pages are
// streamed into it as they render (put), so that a build holds no page's
// bytes after the page is done; a file the previous output already holds
// with the same bytes (as its manifest says) is hard-linked from there
// instead of written. It is safe for concurrent use by the rendering
// workers.
type stage struct {
	out string    // the output folder
	dir string    // the new folder
	old *manifest // what out holds; nil for nothing known

	mu   sync.Mutex
	dirs map[string]bool // folders made in dir, slash-separated
	// wrote counts the files put wrote (not linked).
	wrote int
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
		dst := filepath.Join(st.dir, filepath.FromSlash(n))
		if f, ok := st.old.file(n); ok && f.Hash == hex.EncodeToString(k[:]) {
			if err := linkOrCopy(filepath.Join(st.out, filepath.FromSlash(n)), dst); err != nil {
				return nil, nil, err
			}
			linked = append(linked, n)
			continue
		}
		if err := writeFile(dst, data); err != nil {
			return nil, nil, err
		}
		st.mu.Lock()
		st.wrote++
		st.mu.Unlock()
	}
	return hashes, linked, nil
}

// mkdirs makes the folders of the output file name in the stage.
func (st *stage) mkdirs(name string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	var missing []string
	for d := path.Dir(name); !st.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- { // parents first
		if err := os.Mkdir(filepath.Join(st.dir, filepath.FromSlash(missing[i])), 0o755); err != nil {
			return err
		}
		st.dirs[missing[i]] = true
	}
	return nil
}

// discard removes the stage.
func (st *stage) discard() {
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
				dst := filepath.Join(st.dir, filepath.FromSlash(n))
				var err error
				if data, ok := files[n]; ok {
					err = writeFile(dst, data)
				} else {
					err = linkOrCopy(filepath.Join(st.out, filepath.FromSlash(n)), dst)
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
