// Package site builds a whole paperlab site: it reads content/ and layouts/
// from the source folder, renders every page in parallel, and swaps the
// finished output into place only when the build succeeded.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/source"
)

// Config says what to build and where.
type Config struct {
	// Src is the source folder holding content/ and layouts/.
	Src string
	// Out is the output folder; empty means Src/public.
	Out string
	// BaseURL is where the site will be served, e.g. "/labs/" or
	// "https://example.org/labs/" (see NormalizeBaseURL); empty means
	// unknown. Pages link to each other relatively either way; the base
	// URL's path is used by the 404 page (without one it is
	// self-contained), and an absolute base URL adds canonical links, Open
	// Graph meta, a sitemap, an Atom feed and robots.txt.
	BaseURL string
	// Drafts includes pages whose front matter says draft: true.
	Drafts bool
	// Strict turns warnings into errors.
	Strict bool
	// Workers is how many pages render at once; 0 means one per core.
	Workers int
	// CacheDir holds cached directive results; empty means no cache.
	// Build defaults it to Src/.paperlab-cache unless NoCache is set.
	CacheDir string
	// MaxPageSize is the largest page read, in bytes; 0 means
	// source.DefaultMaxPageSize (2 MiB).
	MaxPageSize int64
	// NoCache bypasses the directive cache.
	NoCache bool
	// Runner evaluates directives; nil means a new one per build (with
	// CacheDir). A dev server keeps one across builds.
	Runner *directive.Runner
	// faultAt, in tests, is called as each page is prepared and rendered,
	// to check that a panic stays an error of that page.
	faultAt func(stage, path string)
}

// Result describes a finished build.
type Result struct {
	// Files maps each output path (slash-separated, relative to Out) to
	// its content.
	Files map[string][]byte
	// Diagnostics holds every error and warning, sorted by position.
	Diagnostics []diag.Diagnostic
	// Pages is the number of HTML pages written.
	Pages int
}

// ErrFailed is returned when the build found errors in its input; the
// diagnostics are in the Result.
var ErrFailed = fmt.Errorf("build failed")

// Build reads the source folder and writes the site. On any error in the
// input it returns ErrFailed, with every problem in Result.Diagnostics, and
// leaves Out as it was; so it does when ctx is done before the new site
// was swapped in (it then returns ctx's error). Out must pass CheckOut;
// what earlier interrupted builds left beside it is cleaned up first (see
// Recover).
func Build(ctx context.Context, cfg Config) (Result, error) {
	if cfg.CacheDir == "" && !cfg.NoCache {
		cfg.CacheDir = filepath.Join(cfg.Src, ".paperlab-cache")
	}
	if cfg.NoCache {
		cfg.CacheDir = ""
	}
	out := cfg.Out
	if out == "" {
		out = filepath.Join(cfg.Src, "public")
	}
	src, err := source.Open(cfg.Src)
	if err != nil {
		return Result{}, err
	}
	defer src.Close()
	if err := Recover(out); err != nil {
		return Result{}, err
	}
	if err := CheckOut(cfg.Src, out); err != nil {
		return Result{}, err
	}
	res, err := Render(ctx, src, cfg)
	if err != nil {
		return res, err
	}
	return res, WriteAtomic(ctx, out, res.Files)
}

// Render builds the site in memory from fsys, which holds content/ and
// layouts/. It returns ErrFailed when the input has errors.
func Render(ctx context.Context, fsys fs.FS, cfg Config) (Result, error) {
	var list diag.List
	var res Result
	s := loadSite(fsys, cfg, &list)
	s.ctx = ctx
	tmpl, err := loadLayouts(fsys, s.files)
	if err != nil {
		list.Add(diagFromError(err))
	}
	if tmpl == nil {
		res.Diagnostics = list.Items()
		return res, ErrFailed
	}
	files := map[string][]byte{}
	pageLists := s.renderPages(ctx, tmpl, files, cfg.Workers)
	for _, l := range pageLists {
		list.Merge(l)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	s.renderIndexes(tmpl, files, &list)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	copyStatic(fsys, s.files.Static, files, &list)
	css, err := markdown.HighlightCSS()
	if err != nil {
		list.Add(diag.Diagnostic{Path: "layouts", Msg: "highlight stylesheet: " + err.Error()})
	}
	files["highlight.css"] = []byte(css)
	s.addAssets(files, &list)
	res.Diagnostics = list.Items()
	if list.HasErrors(cfg.Strict) {
		return res, ErrFailed
	}
	res.Files = files
	for name := range files {
		if filepath.Ext(name) == ".html" {
			res.Pages++
		}
	}
	return res, nil
}

// loadLayouts loads the templates from the files of layouts/ that the
// source rule admits.
func loadLayouts(fsys fs.FS, files source.Files) (*layout.Set, error) {
	layouts, err := fs.Sub(source.Only(fsys, files.Layouts), "layouts")
	if err != nil {
		return nil, err
	}
	return layout.Load(layouts)
}

// renderPages renders every content page on a pool of workers. Each page
// gets its own diagnostics list; lists come back in page order so that the
// output does not depend on scheduling.
func (s *site) renderPages(ctx context.Context, tmpl *layout.Set, files map[string][]byte, workers int) []diag.List {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	lists := make([]diag.List, len(s.pages))
	outputs := make([]map[string][]byte, len(s.pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outputs[i] = s.renderPageFiles(s.pages[i], tmpl, &lists[i])
			}
		}()
	}
	for i := range s.pages {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for _, out := range outputs {
		for name, b := range out {
			files[name] = b
		}
	}
	return lists
}

// copyStatic copies the files of layouts/static/ (names, as listed by
// package source) to the output root.
func copyStatic(fsys fs.FS, names []string, files map[string][]byte, list *diag.List) {
	for _, p := range names {
		b, err := source.ReadFile(fsys, p, 0)
		if err != nil {
			list.Errorf(p, 0, 0, "cannot read the static file: %v", err)
			continue
		}
		files[strings.TrimPrefix(p, "layouts/static/")] = b
	}
}
