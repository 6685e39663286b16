// Package site builds a whole paperlab site: it reads content/ and layouts/
// from the source folder, renders every page in parallel, and swaps the
// finished output into place only when the build succeeded.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/layout"
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
	// Workers is how many pages render at once; 0 means one more than
	// the cores.
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
	// its content. Build streams each page's files to the output folder
	// as the page is rendered and does not keep them: after Build, Files
	// holds only the others (index pages, static files, assets), and the
	// site is in Out.
	Files map[string][]byte
	// Diagnostics holds every error and warning, sorted by position.
	Diagnostics []diag.Diagnostic
	// Kept names the output files that are already in the output folder,
	// unchanged, with their content hashes: a build from a manifest (see
	// Build) does not render them again and they are not in Files.
	Kept map[string]key
	// Pages is the number of HTML pages in the site.
	Pages int
	// Rendered is how many HTML files Build rendered; the others were
	// unchanged since the build the manifest describes.
	Rendered int
	// Wrote is false when Build found the output folder already holding
	// exactly this site and left it untouched.
	Wrote bool
	// Unchanged is true when Build found every source and output file as
	// the previous build of the same configuration recorded them, and so
	// read no page (see unchanged.go); Wrote is then false.
	Unchanged bool
	// staged names the files Build wrote to the new output folder as
	// their pages rendered (they are not in Files), with their hashes;
	// stageLinked are those of them linked from the previous output.
	staged      map[string]key
	stageLinked []string
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
	src, err := source.OpenForBuild(cfg.Src)
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
	if cfg.CacheDir == "" {
		res, _, err := buildWith(ctx, src, cfg, out, nil, nil)
		return res, err
	}
	started := time.Now()
	outputs := checkOutputs(cfg, out)
	sources, listed := sourceStates(src)
	if res, ok := unchangedBuild(sources, outputs); ok {
		return res, nil
	}
	m := loadManifest(cfg, out, outputs)
	res, now, err := buildWith(ctx, src, cfg, out, m, listed)
	if err != nil && m != nil && ctx.Err() == nil && !errors.Is(err, ErrFailed) {
		// The output folder no longer held what the manifest listed
		// (changed while we built): build it whole.
		res, now, err = buildWith(ctx, src, cfg, out, nil, nil)
	}
	if err == nil {
		recordUnchanged(sources, cfg, out, started, res, now)
	}
	return res, err
}

// buildWith builds the site from src into out, starting from what the
// manifest m (nil for none) says out holds, and records the new manifest;
// it returns the manifest that describes out after the build (nil when
// none could be recorded). listed, when not nil, is the source folder's
// listing taken just before, which the build reads instead of listing
// the folder again.
func buildWith(ctx context.Context, src fs.FS, cfg Config, out string, m *manifest, listed *source.Files) (Result, *manifest, error) {
	b := NewBuilder(src, cfg)
	b.listed = listed
	b.releaseTrees = true
	b.unrecorded = cfg.CacheDir == ""
	if m != nil {
		b.seed(m)
	}
	// The new output folder is made while the site loads: made from the
	// spare folder, it is listed whole (a rebuild after one edit of 1,000
	// labs: 15 ms of system calls).
	type made struct {
		st  *stage
		err error
	}
	ready := make(chan made, 1)
	go func() {
		st, err := newStage(out, m)
		if st != nil {
			st.mirror = cfg.CacheDir != ""
		}
		ready <- made{st, err}
	}()
	waitStage := sync.OnceValues(func() (*stage, error) {
		r := <-ready
		return r.st, r.err
	})
	b.stageReady = waitStage
	res, st, err := b.Build(ctx, nil)
	stage, stageErr := waitStage()
	if stageErr != nil {
		return Result{}, nil, stageErr
	}
	if err != nil {
		stage.discard()
		return res, nil, err
	}
	res.Rendered = st.Rendered
	w, err := writeOutput(ctx, stage, res, m)
	if err != nil {
		return res, nil, err
	}
	res.Wrote = w.wrote
	if cfg.CacheDir == "" || (!w.wrote && m != nil) {
		return res, m, nil
	}
	nm, err := b.newManifest(cfg, out, w, m)
	if err == nil {
		err = nm.save(manifestPath(cfg.CacheDir, out))
	}
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{Path: cfg.CacheDir, Severity: diag.Warning, Msg: "cannot record the build manifest (the next build will be a full one): " + err.Error()})
		return res, nil, nil
	}
	return res, nm, nil
}

// Render builds the site in memory from fsys, which holds content/ and
// layouts/: it is a Builder's first build, with nothing cached. It returns
// ErrFailed when the input has errors.
func Render(ctx context.Context, fsys fs.FS, cfg Config) (Result, error) {
	res, _, err := NewBuilder(fsys, cfg).Build(ctx, nil)
	return res, err
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
