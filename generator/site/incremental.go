package site

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"paperlab/generator/diag"
	"paperlab/generator/digest"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
	"paperlab/generator/source"
)

// Builder is the site's one build pipeline: paperlab build (through
// Build) and paperlab serve both go through it, and a clean build is a
// Builder with nothing cached. It re-renders only what the changes since
// its previous build can affect: every output group (a page with its
// reproduction files; the index pages) records the inputs it read as it
// rendered (see deps.go), and is reused while each of them hashes the
// same. Files under layouts/static/ and content assets are copied again on
// every build; they feed no page.
//
// Builder is not safe for concurrent use.
type Builder struct {
	fsys fs.FS
	cfg  Config

	s         *site       // the last loaded site; nil until a load succeeded
	tmpl      *layout.Set // its templates
	tmplKey   key         // the hash of the files tmpl was parsed from
	loadDiags []diag.Diagnostic
	inputs    *inputHashes // hashes of the loaded site's inputs, by name

	pages  map[string]*cachedGroup // by source path
	parsed parsedPages             // every page's last parse, by source path
	// listed, when not nil, is the source folder's listing for the next
	// load to read instead of listing the folder (see buildWith).
	listed *source.Files
	// releaseTrees drops each page's syntax tree once it is rendered,
	// keeping only what importing labs read (its directive scope), for a
	// builder that builds once (paperlab build).
	releaseTrees bool
	// unrecorded is set for a builder that builds once and records no
	// manifest (paperlab build --no-cache): what each page read is not
	// hashed, since no later build compares it.
	unrecorded bool
	// stage, when set, receives every page's files as soon as the page
	// is rendered (paperlab build): the builder then keeps only their
	// hashes, not their bytes. A builder with stageReady set gets it from
	// there once the site is loaded, the stage being made meanwhile.
	stage      *stage
	stageReady func() (*stage, error)
	// clean holds, while pages render, the groups reused unchanged.
	clean   map[string]*cachedGroup
	index   cachedGroup // home, keyword, map, list pages, feeds, 404.html
	static  cachedFiles // layouts/static/** and highlight.css
	statics bool        // static holds a copy made by this builder
}

// Stats says how much work one build did.
type Stats struct {
	// Rendered is the number of HTML files rendered again; the others were
	// reused from the previous build.
	Rendered int
	// Reloaded is true when the build read the whole source folder again
	// rather than only the changed files.
	Reloaded bool
}

type key [sha256.Size]byte

// cachedGroup is one group of output files as last rendered: a page with
// its reproduction files, or the index pages.
type cachedGroup struct {
	// deps are the inputs the group read, with their hashes then; nil
	// when it was never rendered.
	deps  map[string]key
	out   map[string][]byte // nil when rendering failed, or when kept
	diags []diag.Diagnostic
	// scope is the digest of the directive scope of the page (a lab
	// others import from), set with deps.
	scope key
	// kept names the group's files that are not in out because they are
	// already in the output folder (a Builder made from a manifest), with
	// their hashes.
	kept map[string]key
	// staged names the group's files that are not in out because they
	// were written to the Builder's stage, with their hashes; linked are
	// those of them the stage linked from the output folder.
	staged map[string]key
	linked []string
}

// cachedFiles is a group of output files made on every build.
type cachedFiles struct {
	files map[string][]byte
	diags []diag.Diagnostic
}

// NewBuilder returns a builder for the site in fsys (which holds content/
// and layouts/). Nothing is read before the first Build.
func NewBuilder(fsys fs.FS, cfg Config) *Builder {
	return &Builder{fsys: fsys, cfg: cfg, pages: map[string]*cachedGroup{}}
}

// Build builds the site. changed lists the slash-separated paths (relative
// to the source folder) that changed since the previous call, or is nil
// when that is not known; it must then name every changed file. When the
// only changes are to the Markdown body of existing pages (their front
// matter is byte for byte the same) or to files under layouts/static/,
// only those files are read again; otherwise the whole source is loaded
// again, and still only the groups whose inputs changed are rendered.
//
// It returns ErrFailed, with every problem in the Result's Diagnostics,
// when the input has errors. The returned files are shared with later
// builds and must not be modified.
func (b *Builder) Build(ctx context.Context, changed []string) (Result, Stats, error) {
	res, st, err := b.build(ctx, changed)
	if err != nil && ctx.Err() != nil {
		// Pages cut short may hold partial results: start afresh next time.
		*b = Builder{fsys: b.fsys, cfg: b.cfg, pages: map[string]*cachedGroup{}}
		return Result{}, st, ctx.Err()
	}
	return res, st, err
}

func (b *Builder) build(ctx context.Context, changed []string) (Result, Stats, error) {
	var st Stats
	if !b.patch(changed) {
		st.Reloaded = true
		var l diag.List
		if err := b.reload(&l, changed); err != nil {
			return Result{Diagnostics: l.Items()}, st, err
		}
	}
	if b.stageReady != nil {
		var err error
		if b.stage, err = b.stageReady(); err != nil {
			return Result{}, st, err
		}
	}
	b.s.ctx = ctx
	var list diag.List
	addDiags(&list, b.loadDiags)
	files := map[string][]byte{}
	kept := map[string]key{}
	staged := map[string]key{}
	var stageLinked []string
	// The index pages read only the pages' front matter and places, so
	// they render beside the pages (on a cold build of 1,000 labs they
	// are about a sixth of the work, on one core).
	waitIndexes := func() error { return nil }
	if b.index.deps == nil || !b.inputs.same(b.index.deps) {
		var l diag.List
		out := map[string][]byte{}
		d := newDepSet()
		idx := cachedGroup{staged: map[string]key{}}
		var flush func(map[string][]byte)
		var stageErr error
		if b.stage != nil {
			// Written to the new output folder as they render, as the
			// pages are (the list pages of a large site are large). Only
			// HTML: a content file may take the name of another output
			// (robots.txt), which the build settles later.
			flush = func(files map[string][]byte) {
				html := map[string][]byte{}
				for n, data := range files {
					if strings.HasSuffix(n, ".html") {
						html[n] = data
						delete(files, n)
					}
				}
				hashes, linked, err := b.stage.put(html)
				stageErr = cmp.Or(stageErr, err)
				maps.Copy(idx.staged, hashes)
				idx.linked = append(idx.linked, linked...)
			}
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() {
				if v := recover(); v != nil {
					l.Add(internalError("layouts", v))
				}
			}()
			b.s.renderIndexes(b.tmpl, out, &l, d, flush)
		}()
		waitIndexes = func() error {
			<-done
			idx.deps, idx.out, idx.diags = b.resolve(d), out, l.Items()
			b.index = idx
			st.Rendered += len(out) + len(idx.staged)
			return stageErr
		}
	}
	rendered, err := b.renderPages(ctx)
	st.Rendered += rendered
	err = cmp.Or(err, waitIndexes())
	if err != nil {
		return Result{}, st, err
	}
	for _, p := range b.s.pages {
		c := b.pages[p.Path]
		addDiags(&list, c.diags)
		addFiles(files, c.out)
		maps.Copy(kept, c.kept)
		maps.Copy(staged, c.staged)
		stageLinked = append(stageLinked, c.linked...)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, st, err
	}
	addFiles(files, b.index.out)
	maps.Copy(kept, b.index.kept)
	maps.Copy(staged, b.index.staged)
	stageLinked = append(stageLinked, b.index.linked...)
	addDiags(&list, b.index.diags)
	if !b.statics {
		b.copyStatic()
	}
	addFiles(files, b.static.files)
	addDiags(&list, b.static.diags)
	all := maps.Clone(files)
	for name := range kept {
		all[name] = nil // taken by a kept file: assets must not collide
	}
	for name := range staged {
		all[name] = nil
	}
	b.s.addAssets(all, &list)
	for name, data := range all {
		if _, ok := kept[name]; ok {
			if data == nil {
				continue
			}
			delete(kept, name) // a content file replaces it (robots.txt)
		}
		if _, ok := staged[name]; ok && data == nil {
			continue
		}
		files[name] = data
	}

	res := Result{Diagnostics: list.Items()}
	if list.HasErrors(b.cfg.Strict) {
		return res, st, ErrFailed
	}
	res.Files = files
	res.Kept = kept
	res.staged, res.stageLinked = staged, stageLinked
	res.Pages = countHTML(maps.Keys(files)) + countHTML(maps.Keys(kept)) + countHTML(maps.Keys(staged))
	return res, st, nil
}

// countHTML counts the HTML files among names.
func countHTML(names iter.Seq[string]) int {
	n := 0
	for name := range names {
		if filepath.Ext(name) == ".html" {
			n++
		}
	}
	return n
}

func addDiags(list *diag.List, ds []diag.Diagnostic) {
	for _, d := range ds {
		list.Add(d)
	}
}

func addFiles(dst, src map[string][]byte) {
	for n, b := range src {
		dst[n] = b
	}
}

// reload loads templates and content again; changed, when not nil, names
// every file (or folder) changed since the last load, and the pages it does
// not name are taken as they were parsed then, without reading them. It
// returns ErrFailed when the templates do not load.
func (b *Builder) reload(list *diag.List, changed []string) error {
	b.statics = false
	if b.parsed == nil {
		b.parsed = parsedPages{}
	}
	var same func(string) bool
	if changed != nil {
		names := map[string]bool{}
		for _, c := range changed {
			names[path.Clean(c)] = true
		}
		same = func(p string) bool {
			for ; p != "."; p = path.Dir(p) {
				if names[p] {
					return false
				}
			}
			return true
		}
	}
	s := loadSite(b.fsys, b.cfg, list, b.parsed, same, b.listed)
	// A later load lists the folder anew.
	b.listed = nil
	if len(b.parsed) > len(s.files.Pages) { // forget pages that are gone
		live := map[string]bool{}
		for _, p := range s.files.Pages {
			live[p] = true
		}
		for p := range b.parsed {
			if !live[p] {
				delete(b.parsed, p)
			}
		}
	}
	templatesKey := layoutsKey(b.fsys, s.files.Layouts)
	tmpl := b.tmpl
	if tmpl == nil || templatesKey != b.tmplKey {
		// The templates changed (or never loaded): parse them again.
		var err error
		tmpl, err = loadLayouts(b.fsys, s.files)
		if err != nil {
			list.Add(layout.Diagnostic(err))
		}
	}
	if tmpl == nil {
		b.s, b.tmpl = nil, nil
		return ErrFailed
	}
	b.s, b.tmpl, b.tmplKey = s, tmpl, templatesKey
	b.loadDiags = list.Items()
	b.inputs = newInputHashes(s, templatesKey, b.scopeDigest)
	return nil
}

// scopeDigest is the digest of lab l's directive scope: the one recorded
// when the lab was last rendered if none of its inputs changed since,
// else that of the scope evaluated now.
func (b *Builder) scopeDigest(l *sitePage) key {
	if c, ok := b.clean[l.Path]; ok {
		return c.scope
	}
	return b.s.prepare(l).scopeDigest()
}

// layoutsKey hashes the template files named (those under layouts/ but
// static/).
func layoutsKey(fsys fs.FS, names []string) key {
	w := &digest.Hasher{}
	for _, n := range names {
		data, err := source.ReadFile(fsys, n, 0)
		w.Str(n).Str(fmt.Sprint(err)).Bytes(data)
	}
	return w.Sum()
}

// patch applies changes that leave the loaded site's shape alone: new
// bodies of existing pages with unchanged front matter, and static files.
// It reports false when the site must be loaded again instead.
func (b *Builder) patch(changed []string) bool {
	if b.s == nil || changed == nil {
		return false
	}
	type edit struct {
		sp   *sitePage // nil for the home page
		page *page.Page
	}
	var edits []edit
	static := false
	for _, c := range changed {
		c = path.Clean(c)
		if strings.HasPrefix(c, "layouts/static/") {
			static = true
			continue
		}
		if !strings.HasPrefix(c, "content/") || !strings.HasSuffix(c, ".md") {
			return false
		}
		sp := b.s.bySrc[c]
		old := b.s.home
		if sp != nil {
			old = sp.Page
		} else if c != "content/_index.md" || old == nil {
			return false
		}
		src, problem := source.ReadPage(b.fsys, c, b.cfg.MaxPageSize)
		if problem != nil {
			return false
		}
		if bytes.Equal(src, old.Source.Text) {
			continue
		}
		var scratch diag.List // front matter problems are the same as before
		pg := page.Parse(c, src, &scratch)
		if pg.BodyOffset == 0 || pg.BodyOffset != old.BodyOffset || !bytes.Equal(src[:pg.BodyOffset], old.Source.Text[:old.BodyOffset]) {
			return false
		}
		edits = append(edits, edit{sp, pg})
	}
	stale := map[string]bool{}
	for _, e := range edits {
		// Its front matter, and so its front matter's problems, are as
		// they were parsed.
		b.parsed[e.page.Path] = parsedPage{page: e.page, diags: b.parsed[e.page.Path].diags}
		if e.sp == nil {
			b.s.home = e.page
		} else {
			stale[fmt.Sprintf("%p", e.sp.Page)] = true
			e.sp.Page = e.page
		}
	}
	b.forget(stale)
	// A new body changes the page's whole source and possibly the values
	// its directives compute (and so those of the labs importing them);
	// its front matter, and so every other input, is the same.
	for _, e := range edits {
		b.inputs.forget(func(name string) bool {
			return name == "src:"+e.page.Path || strings.HasPrefix(name, "scope:") || (e.sp == nil && name == depHomeSrc)
		})
	}
	if static {
		var l diag.List
		names, _ := source.Walk(b.fsys, "layouts/static", &l)
		if !slices.Equal(names, b.s.files.Static) || l.Len() > 0 {
			return false // the set of static files changed: outputs may collide
		}
		b.statics = false
	}
	return true
}

// forget drops the prepared states of replaced pages and of the pages
// that imported from them; they would never be used again.
func (b *Builder) forget(stale map[string]bool) {
	if len(stale) == 0 {
		return
	}
	b.s.statesMu.Lock()
	defer b.s.statesMu.Unlock()
	// Until nothing more is dropped: a page importing from a dropped page
	// holds its old values, and so does one importing from that page.
	for dropped := true; dropped; {
		dropped = false
		for k := range b.s.states {
			drop := stale[fmt.Sprintf("%p", k.page)]
			for _, d := range strings.Split(k.deps, ",") {
				drop = drop || stale[d]
			}
			if drop {
				delete(b.s.states, k)
				stale[fmt.Sprintf("%p", k.page)] = true
				dropped = true
			}
		}
	}
}

// copyStatic copies layouts/static/** and writes highlight.css, as Render
// does.
func (b *Builder) copyStatic() {
	var l diag.List
	files := map[string][]byte{}
	copyStatic(b.fsys, b.s.files.Static, files, &l)
	files["highlight.css"] = []byte(markdown.HighlightCSS())
	b.static = cachedFiles{files: files, diags: l.Items()}
	b.statics = true
}

// resolve returns the hashes of the inputs deps lists, for the next build
// to compare; nil for a builder that records nothing (see unrecorded).
func (b *Builder) resolve(deps *depSet) map[string]key {
	if b.unrecorded {
		return nil
	}
	return b.inputs.resolve(deps.list())
}

// renderPages renders, on one worker per core, every page whose recorded
// inputs changed (or that was never rendered), and forgets pages that are
// gone. It returns how many it rendered.
func (b *Builder) renderPages(ctx context.Context) (int, error) {
	next := make(map[string]*cachedGroup, len(b.s.pages))
	var todo []*sitePage
	// In reading order, so that the labs a page imports from are decided
	// first (their scope digests are inputs of the page).
	b.clean = make(map[string]*cachedGroup, len(b.s.pages))
	for _, p := range b.s.pages {
		c := b.pages[p.Path]
		if c == nil || c.deps == nil || !b.inputs.same(c.deps) {
			c = &cachedGroup{}
			todo = append(todo, p)
		} else {
			b.clean[p.Path] = c
		}
		next[p.Path] = c
	}
	b.pages = next
	workers := b.cfg.Workers
	if workers <= 0 {
		// One more than the cores: a worker writes its page's files as
		// it finishes it, and while those writes wait on the disk the
		// spare one renders (a cold 1,000-lab build on this VM's ext4:
		// 734 -> 669 ms, medians of 13; the same on tmpfs).
		workers = runtime.NumCPU() + 1
	}
	var done *releaser
	if b.releaseTrees {
		done = newReleaser(b.s, todo, !b.unrecorded)
	}
	work := make(chan *sitePage)
	var wg sync.WaitGroup
	var stageErr error
	var stageMu sync.Mutex
	for w := 0; w < min(workers, len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Pages written to the stage as they render leave nothing
			// of their bytes behind: the worker renders every page into
			// the same memory.
			var bufs *pagebuild.Buffers
			if b.stage != nil {
				bufs = &pagebuild.Buffers{}
			}
			for p := range work {
				var l diag.List
				out := b.s.renderPageFiles(p, b.tmpl, &l, bufs)
				c := next[p.Path]
				c.out, c.diags = out, l.Items()
				if b.stage != nil && out != nil {
					hashes, linked, err := b.stage.put(out)
					if err != nil {
						stageMu.Lock()
						stageErr = cmp.Or(stageErr, err)
						stageMu.Unlock()
					}
					c.out, c.staged, c.linked = nil, hashes, linked
				}
				pr := b.s.prepare(p)
				c.deps = b.resolve(pr.deps)
				if !b.unrecorded {
					c.scope = pr.scopeDigest()
				}
				if done != nil {
					done.rendered(p, pr)
				}
			}
		}()
	}
	sent := 0
	for _, p := range todo {
		if ctx.Err() != nil {
			break
		}
		work <- p
		sent++
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return sent, err // pages not rendered stay not rendered
	}
	return sent, stageErr
}

// A releaser frees, in a builder that builds once, what no page still to
// render will read: a page's syntax tree once the page is rendered, and
// its directive scope (the values labs import from it) once it is
// rendered and every page to render that imports from it is too. A lab
// that is not rendered itself but prepared for an importer is freed
// whole when its last importer is done. In a build that records its
// inputs for the next (recorded), a scope's digest, which that build
// compares, is kept; otherwise, as nothing will hash a page's inputs, a
// rendered page's source text is dropped too (at 10,000 labs the sources
// are a third of the live heap, which the collector marks again and
// again).
type releaser struct {
	s         *site
	recorded  bool
	mu        sync.Mutex
	importers map[*sitePage]int  // pages importing from it not yet rendered
	finished  map[*sitePage]bool // rendered, or not to be rendered
}

func newReleaser(s *site, todo []*sitePage, recorded bool) *releaser {
	r := &releaser{s: s, recorded: recorded, importers: map[*sitePage]int{}, finished: map[*sitePage]bool{}}
	for _, p := range s.pages {
		r.finished[p] = true
	}
	for _, p := range todo {
		r.finished[p] = false
		for _, dep := range s.importedLabs(p) {
			r.importers[dep]++
		}
	}
	return r
}

// rendered records that page p, prepared as pr, is rendered.
func (r *releaser) rendered(p *sitePage, pr *pageRenderer) {
	pr.release()
	if !r.recorded {
		p.Body = nil
		p.Source.Drop()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished[p] = true
	if r.importers[p] == 0 {
		pr.dropScope(r.recorded)
	}
	for _, dep := range r.s.importedLabs(p) {
		r.importers[dep]--
		if r.importers[dep] == 0 && r.finished[dep] {
			if dp := r.s.prepared(dep); dp != nil { // by p, or by itself
				dp.release()
				dp.dropScope(r.recorded)
			}
		}
	}
}
