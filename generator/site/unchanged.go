package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"paperlab/generator/diag"
	"paperlab/generator/source"
)

// A build with nothing changed should cost little more than looking at
// the files: the way make and git do, paperlab build keeps, beside the
// manifest, a small record of the finished build (the "unchanged
// record"): the size, modification and change times and inode of every
// source file it read, the size and modification time of every output
// file, the number of pages and the diagnostics. When the next build of
// the same configuration finds every source file and every output file
// exactly as recorded, and the output folder's stamp names the recorded
// build, the output is already what a build would write: it reports the
// recorded diagnostics and reads, renders and writes nothing.
//
// A file changed in the same tick of the file system's clock as the build
// read it could keep its recorded times; so, as git does with "racily
// clean" entries, a file whose change time is not at least racyMargin
// older than the start of the build that recorded it is not trusted, and
// the next build takes the normal path (which records anew). Any doubt
// (no record, a torn or foreign one, a file added, removed or touched, a
// system without inode numbers) means the normal build, which compares
// content hashes.

// racyMargin is how much older than the build a source file's change time
// must be for its recorded state to be trusted: more than the coarsest
// timestamp granularity of common file systems (1 s; 2 s on FAT).
const racyMargin = 2 * time.Second

// unchangedVersion heads the record; the record names the pipeline, too,
// through the configuration id.
const unchangedVersion = "paperlab-unchanged/1"

// fileState is what a stat says of a file; two equal states are taken to
// mean the same bytes (see above for when they are not trusted).
type fileState struct {
	size, mtime, ctime int64
	ino, dev           uint64
}

// unchangedRecord is the record described above.
type unchangedRecord struct {
	config  string
	build   string
	started int64 // unix nanoseconds: when the recording build began
	pages   int
	diags   []diag.Diagnostic
	sources map[string]fileState
	outputs map[string]fileState // size and mtime only
}

// unchangedPath is where the record of builds into out lives.
func unchangedPath(cacheDir, out string) string {
	return strings.TrimSuffix(manifestPath(cacheDir, out), ".manifest") + ".unchanged"
}

// sourceStates states every file of the source folder that a build
// reads, by the source rule, and returns the listing too, for the build to
// read the same files without listing the folder again. The states are
// nil when a file cannot be stated, and both are nil when the listing has
// problems (the build lists again and reports them); there is then no
// record to check or make. Listing a folder states its entries (see
// source.ListStated): only a file the listing learned nothing of is
// stated again.
//
// A build takes the states once, before it reads anything, both to check
// the record and to make the next one: a file changed after its state was
// taken then differs from the record the next build finds, and so does
// one changed while the build read it, whatever the clock says.
func sourceStates(fsys fs.FS) (map[string]fileState, *source.Files) {
	files, infos, ds := source.ListStated(fsys)
	if len(ds) > 0 {
		return nil, nil
	}
	states := make(map[string]fileState, len(infos))
	for _, l := range [][]string{files.Pages, files.Assets, files.Layouts, files.Static} {
		for _, n := range l {
			info := infos[n]
			if info == nil {
				var err error
				if info, err = fs.Stat(fsys, n); err != nil {
					return nil, &files
				}
			}
			st, ok := statState(info)
			if !ok || !info.Mode().IsRegular() {
				return nil, &files
			}
			states[n] = st
		}
	}
	return states, &files
}

// allOf reports whether ok(i) holds for every i below n, asking on one
// worker per core (a build states thousands of files, each a system
// call); it stops early once one does not.
func allOf(n int, ok func(i int) bool) bool {
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if !ok(i) {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}

// outputCheck is the part of the record's check that needs no source
// state: the record read, and the output folder found as it says. It runs
// while the source folder is stated (see checkOutputs).
type outputCheck struct {
	read   chan struct{} // closed once record is set
	record *unchangedRecord
	done   chan struct{}     // closed once inodes is set
	inodes map[string]uint64 // of the output files; nil unless all are as recorded
}

// checkOutputs starts checking, on other goroutines, that the record of
// builds of cfg into out describes the output folder as it is: the
// record names the configuration and the build the folder's stamp names,
// and every output file has the recorded size and modification time.
func checkOutputs(cfg Config, out string) *outputCheck {
	c := &outputCheck{read: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		r := readUnchanged(unchangedPath(cfg.CacheDir, out))
		if r == nil || r.config != configID(cfg, out) || !stampNames(out, r.build) {
			close(c.read)
			return
		}
		c.record = r
		close(c.read)
		c.inodes, _ = outputInodes(out, slices.Collect(maps.Keys(r.outputs)), func(name string) (int64, int64, bool) {
			o := r.outputs[name]
			return o.size, o.mtime, true
		})
	}()
	return c
}

// outputsOf returns the inode numbers of the output files of the build
// named build when the check found every one of them as recorded, and
// false otherwise (the record names another build, or a file differs).
func (c *outputCheck) outputsOf(build string) (map[string]uint64, bool) {
	<-c.done
	if c.inodes == nil || c.record.build != build {
		return nil, false
	}
	return c.inodes, true
}

// unchangedBuild returns the result of building into out when the record
// that the output check c found says that nothing changed since the build
// it describes (the source files are in the states sources, taken by
// sourceStates), and false otherwise.
func unchangedBuild(sources map[string]fileState, c *outputCheck) (Result, bool) {
	<-c.read
	if r := c.record; r == nil || !sameSources(sources, r) {
		return Result{}, false // the output check goes on, for the manifest
	}
	<-c.done
	if c.inodes == nil {
		return Result{}, false
	}
	return Result{Diagnostics: c.record.diags, Pages: c.record.pages, Unchanged: true}, true
}

// sameSources reports whether the source files are in the states sources
// (nil for unknown) that the record r holds for them, and those were taken
// long enough after the files last changed to be trusted (see racyMargin).
func sameSources(sources map[string]fileState, r *unchangedRecord) bool {
	if sources == nil || len(sources) != len(r.sources) {
		return false
	}
	trusted := r.started - int64(racyMargin)
	for n, got := range sources {
		want, ok := r.sources[n]
		if !ok || want.ctime >= trusted || want.mtime >= trusted || got != want {
			return false
		}
	}
	return true
}

// recordUnchanged writes the record of the build that began at started,
// with the source files in the states sources (taken then), and left out
// holding the site the manifest m describes; a build whose files could
// not all be stated (sources is nil) leaves no record, and the next build
// takes the normal path.
func recordUnchanged(sources map[string]fileState, cfg Config, out string, started time.Time, res Result, m *manifest) {
	path := unchangedPath(cfg.CacheDir, out)
	os.Remove(path)
	if sources == nil || m == nil {
		return
	}
	r := unchangedRecord{config: configID(cfg, out), build: m.Build, started: started.UnixNano(), pages: res.Pages,
		diags: res.Diagnostics, sources: sources, outputs: make(map[string]fileState, len(m.Files))}
	for n, f := range m.Files {
		r.outputs[n] = fileState{size: f.Size, mtime: f.ModTime}
	}
	body, ok := r.encode()
	if !ok {
		return
	}
	if writeSummed(path, body) != nil {
		os.Remove(path + ".new")
	}
}

// The record is text, written with its checksum by writeSummed:
//
//	paperlab-unchanged/1
//	config ID
//	build ID
//	started NANOSECONDS
//	pages N
//	diags JSON
//	src SIZE MTIME CTIME INO DEV NAME     (one line a source file)
//	out SIZE MTIME NAME                   (one line an output file)
//
// with names last on their lines (a name holding a line break is not
// recorded: there is then no record).
func (r *unchangedRecord) encode() ([]byte, bool) {
	diags, err := json.Marshal(r.diags)
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	b.WriteString(unchangedVersion + "\n")
	b.WriteString("config " + r.config + "\n")
	b.WriteString("build " + r.build + "\n")
	b.WriteString("started " + strconv.FormatInt(r.started, 10) + "\n")
	b.WriteString("pages " + strconv.Itoa(r.pages) + "\n")
	b.WriteString("diags ")
	b.Write(diags)
	b.WriteByte('\n')
	var num []byte
	line := func(kind string, fields []int64, ufields []uint64, name string) bool {
		if strings.ContainsAny(name, "\n\r") {
			return false
		}
		num = append(num[:0], kind...)
		for _, f := range fields {
			num = strconv.AppendInt(append(num, ' '), f, 10)
		}
		for _, f := range ufields {
			num = strconv.AppendUint(append(num, ' '), f, 10)
		}
		num = append(append(append(num, ' '), name...), '\n')
		b.Write(num)
		return true
	}
	for _, n := range slices.Sorted(maps.Keys(r.sources)) {
		s := r.sources[n]
		if !line("src", []int64{s.size, s.mtime, s.ctime}, []uint64{s.ino, s.dev}, n) {
			return nil, false
		}
	}
	for _, n := range slices.Sorted(maps.Keys(r.outputs)) {
		s := r.outputs[n]
		if !line("out", []int64{s.size, s.mtime}, nil, n) {
			return nil, false
		}
	}
	return b.Bytes(), true
}

// readUnchanged reads the record at path, or returns nil when there is
// none that is whole and well formed.
func readUnchanged(path string) *unchangedRecord {
	body, ok := readSummed(path)
	if !ok {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	if len(lines) < 6 || lines[0] != unchangedVersion {
		return nil
	}
	r := &unchangedRecord{sources: make(map[string]fileState, len(lines)/4), outputs: make(map[string]fileState, len(lines))}
	var head [5]string // config, build, started, pages, diags
	for i, key := range []string{"config", "build", "started", "pages", "diags"} {
		v, ok := strings.CutPrefix(lines[1+i], key+" ")
		if !ok {
			return nil
		}
		head[i] = v
	}
	r.config, r.build = head[0], head[1]
	var err error
	if r.started, err = strconv.ParseInt(head[2], 10, 64); err != nil {
		return nil
	}
	if r.pages, err = strconv.Atoi(head[3]); err != nil {
		return nil
	}
	diags := head[4]
	if json.Unmarshal([]byte(diags), &r.diags) != nil {
		return nil
	}
	for _, l := range lines[6:] {
		kind, rest, _ := strings.Cut(l, " ")
		n := 5
		if kind == "out" {
			n = 2
		} else if kind != "src" {
			return nil
		}
		var nums [5]uint64
		for i := range n {
			var f string
			var ok bool
			if f, rest, ok = strings.Cut(rest, " "); !ok {
				return nil
			}
			v, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				return nil
			}
			nums[i] = v
		}
		if !fs.ValidPath(rest) {
			return nil
		}
		if kind == "src" {
			r.sources[rest] = fileState{size: int64(nums[0]), mtime: int64(nums[1]), ctime: int64(nums[2]), ino: nums[3], dev: nums[4]}
		} else {
			r.outputs[rest] = fileState{size: int64(nums[0]), mtime: int64(nums[1])}
		}
	}
	return r
}
