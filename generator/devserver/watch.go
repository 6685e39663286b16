package devserver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"paperlab/generator/source"
)

// WatchConfig says which folders a Watcher follows.
type WatchConfig struct {
	// Root is the source folder.
	Root string
	// Inputs are the folders under Root to watch recursively, e.g.
	// "content" and "layouts"; ones created later are picked up.
	Inputs []string
	// Debounce is how long the tree must stay quiet before a batch of
	// changes is delivered when the burst removed or renamed a file (as
	// saves that write a temporary file, or delete and create, do); 0
	// means 30 ms. A burst of plain writes and creations, complete as soon
	// as it is quiet, waits a third of it.
	Debounce time.Duration
}

// Batch is one burst of changes, delivered once the tree was quiet for the
// debounce window.
type Batch struct {
	// Paths are the changed files and folders, slash-separated and
	// relative to Root, sorted. Nil when the changes are not known (the
	// event queue overflowed): everything may have changed.
	Paths []string
}

// Watcher reports changes under a site's input folders, recursively,
// including folders created after it started. Editors' temporary and backup
// files are ignored, and the several events of one save (write to a
// temporary file then rename, delete then create, truncate then write)
// are coalesced into one Batch.
type Watcher struct {
	cfg     WatchConfig
	fsw     *fsnotify.Watcher
	batches chan Batch
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
}

// NewWatcher starts watching. Close stops it.
func NewWatcher(cfg WatchConfig) (*Watcher, error) {
	if cfg.Debounce <= 0 {
		cfg.Debounce = 30 * time.Millisecond
	}
	fsw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{cfg: cfg, fsw: fsw, batches: make(chan Batch), errs: make(chan error, 1), done: make(chan struct{}), stopped: make(chan struct{})}
	if err := fsw.Add(cfg.Root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, in := range cfg.Inputs {
		if _, err := w.addTree(filepath.Join(cfg.Root, filepath.FromSlash(in))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Batches delivers one Batch per burst of changes.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers watch errors other than an overflow (which becomes a
// Batch with nil Paths). It is buffered; errors are dropped when it is full.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	err := w.fsw.Close()
	<-w.stopped
	return err
}

// addTree watches dir and every folder below it, skipping hidden ones. It
// returns what it found below dir, relative to Root, so that files created
// in a new folder before its watch was in place are not missed.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if r, err := filepath.Rel(w.cfg.Root, p); err == nil && p != dir && source.Ignored(filepath.ToSlash(r)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if rel, ok := w.rel(p); ok && p != dir {
			found = append(found, rel)
		}
		return nil
	})
	return found, err
}

// rel turns an event path into a slash path relative to Root, reporting
// false for paths outside the inputs.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.cfg.Root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if !slices.Contains(w.cfg.Inputs, top) {
		return "", false
	}
	if source.Ignored(r) {
		return "", false
	}
	return r, true
}

// loop collects events until the tree has been quiet for the debounce
// window (or, under a steady stream, for at most 10 windows), then
// delivers them as one batch.
func (w *Watcher) loop() {
	defer close(w.stopped)
	pending := map[string]bool{}
	unknown := false
	slow := false // the burst removed or renamed something
	var quiet, deadline <-chan time.Time
	var quietTimer *time.Timer
	flush := func() bool {
		b := Batch{}
		if !unknown {
			for p := range pending {
				b.Paths = append(b.Paths, p)
			}
			slices.Sort(b.Paths)
		}
		clear(pending)
		unknown, slow = false, false
		quiet, deadline = nil, nil
		select {
		case w.batches <- b:
			return true
		case <-w.done:
			return false
		}
	}
	touch := func() {
		wait := w.cfg.Debounce
		if !slow {
			wait /= 3
		}
		if quietTimer == nil {
			quietTimer = time.NewTimer(wait)
		} else {
			quietTimer.Reset(wait)
		}
		quiet = quietTimer.C
		if deadline == nil {
			deadline = time.After(10 * w.cfg.Debounce)
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.event(ev, pending) {
				slow = slow || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
				touch()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				unknown, slow = true, true
				touch()
				continue
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet:
			if !flush() {
				return
			}
		case <-deadline:
			if !flush() {
				return
			}
		}
	}
}

// event records one fsnotify event in pending and reports whether it
// concerns the inputs. A new folder is watched with everything inside it;
// a folder renamed away stops being watched under its old name.
func (w *Watcher) event(ev fsnotify.Event, pending map[string]bool) bool {
	rel, ok := w.rel(ev.Name)
	if !ok || ev.Op == fsnotify.Chmod {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			found, _ := w.addTree(ev.Name)
			for _, f := range found {
				pending[f] = true
			}
		}
	}
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		w.fsw.Remove(ev.Name) // only does something for a watched folder
	}
	pending[rel] = true
	return true
}
