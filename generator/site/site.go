// Package site builds a whole paperlab site: it reads content/ and layouts/
// from the source folder, renders every page in parallel, and swaps the
// finished output into place only when the build succeeded.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
)

// Config says what to build and where.
type Config struct {
	// Src is the source folder holding content/ and layouts/.
	Src string
	// Out is the output folder; empty means Src/public.
	Out string
	// BaseURL is where the site will be served, e.g. "/" or
	// "https://example.org/labs/". Pages link to each other relatively; the
	// base URL's path is used by the 404 page, and an absolute base URL adds
	// canonical links and a sitemap.
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
	// NoCache bypasses the directive cache.
	NoCache bool
	// Runner evaluates directives; nil means a new one per build (with
	// CacheDir). A dev server keeps one across builds.
	Runner *directive.Runner
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
// leaves Out as it was.
func Build(ctx context.Context, cfg Config) (Result, error) {
	if cfg.CacheDir == "" && !cfg.NoCache {
		cfg.CacheDir = filepath.Join(cfg.Src, ".paperlab-cache")
	}
	if cfg.NoCache {
		cfg.CacheDir = ""
	}
	res, err := Render(ctx, os.DirFS(cfg.Src), cfg)
	if err != nil {
		return res, err
	}
	out := cfg.Out
	if out == "" {
		out = filepath.Join(cfg.Src, "public")
	}
	if err := CheckOut(cfg.Src, out); err != nil {
		return res, err
	}
	return res, WriteAtomic(out, res.Files)
}

// Render builds the site in memory from fsys, which holds content/ and
// layouts/. It returns ErrFailed when the input has errors.
func Render(ctx context.Context, fsys fs.FS, cfg Config) (Result, error) {
	var list diag.List
	var res Result
	layouts, err := fs.Sub(fsys, "layouts")
	if err != nil {
		return res, err
	}
	tmpl, err := layout.Load(layouts)
	if err != nil {
		list.Add(diagFromError(err))
	}
	s := loadSite(fsys, cfg, &list)
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
	if err := copyStatic(fsys, files); err != nil {
		list.Add(diag.Diagnostic{Path: "layouts/static", Msg: err.Error()})
	}
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

// copyStatic copies layouts/static/** to the output root.
func copyStatic(fsys fs.FS, files map[string][]byte) error {
	if _, err := fs.Stat(fsys, "layouts/static"); err != nil {
		return nil
	}
	var names []string
	err := fs.WalkDir(fsys, "layouts/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, p := range names {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[p[len("layouts/static/"):]] = b
	}
	return nil
}
