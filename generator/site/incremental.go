package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"paperlab/generator/diag"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
	"paperlab/generator/source"
)

// Builder builds the same site again and again, as a watch loop does, and
// re-renders only what the changes since its previous build can affect.
// Every build's Result equals what Render returns for the same input.
//
// A page is re-rendered when its key changes. The key covers the page's own
// source, its place in reading order, the keys of the labs it names in
// "after" (so a lab that imports from another is redone with it), the
// front matter of the labs that name it in "after" (its Math Dependency
// Map lists them), the front matter of the labs before and after it (its
// previous/next links), the
// layout templates, the set of pages (links point at it), the home page's
// front matter (the site title) and the configuration. The index pages
// (home, keywords, 404) are re-rendered when any page's front matter, the
// home page or the set of pages changes. Files under layouts/static/ are
// copied again on every build; they feed no template.
//
// Builder is not safe for concurrent use.
type Builder struct {
	fsys fs.FS
	cfg  Config

	s         *site       // the last loaded site; nil until a load succeeded
	tmpl      *layout.Set // its templates
	loadDiags []diag.Diagnostic
	global    key // everything every page depends on

	pages   map[string]*cachedPage // by source path
	index   cachedFiles            // home, keyword pages and 404.html
	static  cachedFiles            // layouts/static/** and highlight.css
	statics bool                   // static holds a copy made by this builder
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

// cachedPage is one content page as last rendered.
type cachedPage struct {
	page    *page.Page // the parsed source srcHash was taken from
	srcHash key
	fmHash  key // of the front matter
	// The inputs of the last key computations, so that a page whose
	// inputs are the same is not hashed again.
	depIn []key // srcHash, then the dep keys of the "after" labs
	dep   key
	keyIn pageKeyInput
	key   key
	done  bool              // rendered with key
	out   map[string][]byte // the page and its reproduction files; nil when rendering failed
	diags []diag.Diagnostic
}

// cachedFiles is a group of output files rendered together.
type cachedFiles struct {
	key   key
	valid bool
	files map[string][]byte
	diags []diag.Diagnostic
}

// NewBuilder returns a builder for the site in fsys (which holds content/
// and layouts/). Nothing is read before the first Build.
func NewBuilder(fsys fs.FS, cfg Config) *Builder {
	return &Builder{fsys: fsys, cfg: cfg, pages: map[string]*cachedPage{}}
}

// Build builds the site. changed lists the slash-separated paths (relative
// to the source folder) that changed since the previous call, or is nil
// when that is not known; it must then name every changed file. When the
// only changes are to the Markdown body of existing pages (their front
// matter is byte for byte the same) or to files under layouts/static/,
// only those files are read again; otherwise the whole source is loaded
// again, and still only the pages whose key changed are rendered.
//
// Like Render it returns ErrFailed, with every problem in the Result's
// Diagnostics, when the input has errors. The returned files are shared
// with later builds and must not be modified.
func (b *Builder) Build(ctx context.Context, changed []string) (Result, Stats, error) {
	res, st, err := b.build(ctx, changed)
	if err != nil && ctx.Err() != nil {
		// Pages cut short may hold partial results: start afresh next time.
		*b = Builder{fsys: b.fsys, cfg: b.cfg, pages: map[string]*cachedPage{}}
		return Result{}, st, ctx.Err()
	}
	return res, st, err
}

func (b *Builder) build(ctx context.Context, changed []string) (Result, Stats, error) {
	var st Stats
	if !b.patch(changed) {
		st.Reloaded = true
		var l diag.List
		if err := b.reload(&l); err != nil {
			return Result{Diagnostics: l.Items()}, st, err
		}
	}
	b.s.ctx = ctx
	var list diag.List
	addDiags(&list, b.loadDiags)
	files := map[string][]byte{}
	rendered, err := b.renderPages(ctx)
	st.Rendered += rendered
	if err != nil {
		return Result{}, st, err
	}
	for _, p := range b.s.pages {
		c := b.pages[p.Path]
		addDiags(&list, c.diags)
		addFiles(files, c.out)
	}
	if k := b.indexKey(); !b.index.valid || b.index.key != k {
		var l diag.List
		out := map[string][]byte{}
		b.s.renderIndexes(b.tmpl, out, &l)
		b.index = cachedFiles{key: k, valid: true, files: out, diags: l.Items()}
		st.Rendered += len(out)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, st, err
	}
	addFiles(files, b.index.files)
	addDiags(&list, b.index.diags)
	if !b.statics {
		b.copyStatic()
	}
	addFiles(files, b.static.files)
	addDiags(&list, b.static.diags)
	b.s.addAssets(files, &list)

	res := Result{Diagnostics: list.Items()}
	if list.HasErrors(b.cfg.Strict) {
		return res, st, ErrFailed
	}
	res.Files = files
	for name := range files {
		if filepath.Ext(name) == ".html" {
			res.Pages++
		}
	}
	return res, st, nil
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

// reload loads templates and content from scratch, as Render does. It
// returns ErrFailed when the templates do not load.
func (b *Builder) reload(list *diag.List) error {
	b.statics = false
	s := loadSite(b.fsys, b.cfg, list)
	tmpl, err := loadLayouts(b.fsys, s.files)
	if err != nil {
		list.Add(diagFromError(err))
	}
	if tmpl == nil {
		b.s, b.tmpl = nil, nil
		return ErrFailed
	}
	b.s, b.tmpl = s, tmpl
	b.loadDiags = list.Items()
	b.global = b.globalKey()
	return nil
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
		if e.sp == nil {
			b.s.home = e.page
		} else {
			stale[fmt.Sprintf("%p", e.sp.Page)] = true
			e.sp.Page = e.page
		}
	}
	b.forget(stale)
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
	for k := range b.s.states {
		drop := stale[fmt.Sprintf("%p", k.page)]
		for _, d := range strings.Split(k.deps, ",") {
			drop = drop || stale[d]
		}
		if drop {
			delete(b.s.states, k)
		}
	}
}

// copyStatic copies layouts/static/** and writes highlight.css, as Render
// does.
func (b *Builder) copyStatic() {
	var l diag.List
	files := map[string][]byte{}
	copyStatic(b.fsys, b.s.files.Static, files, &l)
	css, err := markdown.HighlightCSS()
	if err != nil {
		l.Add(diag.Diagnostic{Path: "layouts", Msg: "highlight stylesheet: " + err.Error()})
	}
	files["highlight.css"] = []byte(css)
	b.static = cachedFiles{valid: true, files: files, diags: l.Items()}
	b.statics = true
}

// renderPages renders, on one worker per core, every page whose key
// changed, and forgets pages that are gone. It returns how many it
// rendered.
func (b *Builder) renderPages(ctx context.Context) (int, error) {
	next := map[string]*cachedPage{}
	memo := map[*sitePage]key{}
	var todo []*sitePage
	for _, p := range b.s.pages {
		c := b.pages[p.Path]
		if c == nil {
			c = &cachedPage{}
		}
		if c.page != p.Page {
			c.page, c.srcHash = p.Page, sha256.Sum256(p.Source.Text)
			c.fmHash = sha256.Sum256(p.Source.Text[:p.BodyOffset])
		}
		next[p.Path] = c
	}
	for _, p := range b.s.pages {
		c := next[p.Path]
		k := b.pageKey(p, next, memo)
		if k != c.key || !c.done {
			c.key, c.done = k, false
			todo = append(todo, p)
		}
	}
	b.pages = next
	workers := b.cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	work := make(chan *sitePage)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				var l diag.List
				out := b.s.renderPageFiles(p, b.tmpl, &l)
				c := next[p.Path]
				c.out, c.diags, c.done = out, l.Items(), true
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
		return sent, err // pages not rendered stay not done
	}
	return sent, nil
}

// pageKeyInput is everything a page's key is made of.
type pageKeyInput struct {
	global, dep    key
	namedBy        key // front matter of the labs that name the page in after
	prev, next     key // front matter of the labs before and after (prev/next links)
	kind, url, out string
	order          int
}

// pageKey is what one page's output depends on (see Builder).
func (b *Builder) pageKey(p *sitePage, pages map[string]*cachedPage, memo map[*sitePage]key) key {
	c := pages[p.Path]
	in := pageKeyInput{global: b.global, dep: b.depKey(p, pages, memo), namedBy: b.nextKey(p, pages), kind: p.Kind, url: p.URL, out: p.OutPath, order: p.Order}
	prev, next := b.s.neighbours(p)
	if prev != nil {
		in.prev = pages[prev.Path].fmHash
	}
	if next != nil {
		in.next = pages[next.Path].fmHash
	}
	if in == c.keyIn && c.done {
		return c.key
	}
	c.keyIn = in
	buf := make([]byte, 0, 4*len(key{})+len(in.kind)+len(in.url)+len(in.out)+16)
	buf = append(buf, in.global[:]...)
	buf = append(buf, in.dep[:]...)
	buf = append(buf, in.prev[:]...)
	buf = append(buf, in.namedBy[:]...)
	buf = append(buf, in.next[:]...)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(in.order))
	for _, s := range []string{in.kind, in.url, in.out} {
		buf = append(buf, s...)
		buf = append(buf, 0)
	}
	return sha256.Sum256(buf)
}

// nextKey covers the front matter of the labs that name p in "after": its
// Math Dependency Map section lists them with their titles and summaries.
func (b *Builder) nextKey(p *sitePage, pages map[string]*cachedPage) key {
	next := b.s.next[p.Slug]
	if p.Kind != "lab" || len(next) == 0 {
		return key{}
	}
	buf := make([]byte, 0, len(next)*len(key{}))
	for _, l := range next {
		fm := pages[l.Path].fmHash
		buf = append(buf, fm[:]...)
	}
	return sha256.Sum256(buf)
}

// depKey covers a page's source and, recursively, the labs it names in
// "after". A cycle (already an error) is cut at the page seen twice.
func (b *Builder) depKey(p *sitePage, pages map[string]*cachedPage, memo map[*sitePage]key) key {
	if k, ok := memo[p]; ok {
		return k
	}
	c := pages[p.Path]
	memo[p] = c.srcHash // in progress: a cycle sees the bare source
	in := make([]key, 1, 1+len(p.After))
	in[0] = c.srcHash
	var names []byte
	for _, a := range p.After {
		names = append(append(names, a...), 0)
		var d key
		if l, ok := b.s.labs[a]; ok {
			d = b.depKey(l, pages, memo)
		}
		in = append(in, d)
	}
	in = append(in, sha256.Sum256(names))
	if !slices.Equal(in, c.depIn) {
		buf := make([]byte, 0, len(in)*len(key{}))
		for _, k := range in {
			buf = append(buf, k[:]...)
		}
		c.depIn, c.dep = in, sha256.Sum256(buf)
	}
	memo[p] = c.dep
	return c.dep
}

// indexKey is what the index pages depend on: every page's front matter
// and place, the whole home page and the global key.
func (b *Builder) indexKey() key {
	h := sha256.New()
	h.Write(b.global[:])
	if hp := b.s.home; hp != nil {
		hashBytes(h, hp.Source.Text)
	}
	buf := make([]byte, 0, len(b.s.pages)*(len(key{})+48))
	for _, p := range b.s.pages {
		buf = append(append(buf, p.Path...), 0)
		buf = append(append(buf, p.Kind...), 0)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(p.Order))
		fm := b.pages[p.Path].fmHash
		buf = append(buf, fm[:]...)
	}
	h.Write(buf)
	var k key
	h.Sum(k[:0])
	return k
}

// globalKey covers what every page depends on: the configuration, the
// layout templates (everything under layouts/ but static/), any other
// file under content/ (data a page might read), the set of pages and
// drafts, and the home page's front matter.
func (b *Builder) globalKey() key {
	h := sha256.New()
	fmt.Fprintf(h, "%q\x00%t\x00%t\x00", b.cfg.BaseURL, b.cfg.Drafts, b.cfg.Strict)
	for _, n := range slices.Concat(b.s.files.Layouts, b.s.files.Assets) {
		data, err := source.ReadFile(b.fsys, n, 0)
		fmt.Fprintf(h, "%s\x00%v\x00", n, err)
		hashBytes(h, data)
	}
	for _, p := range b.s.pages {
		fmt.Fprintf(h, "page %s\x00%s\x00%s\x00", p.Path, p.URL, p.Kind)
	}
	drafts := make([]string, 0, len(b.s.drafts))
	for d := range b.s.drafts {
		drafts = append(drafts, d)
	}
	sort.Strings(drafts)
	for _, d := range drafts {
		fmt.Fprintf(h, "draft %s\x00", d)
	}
	if hp := b.s.home; hp != nil {
		h.Write([]byte("home\x00"))
		hashBytes(h, hp.Source.Text[:hp.BodyOffset])
	}
	var k key
	h.Sum(k[:0])
	return k
}

// hashBytes writes data with its length, so that neighbours cannot run
// together.
func hashBytes(h interface{ Write([]byte) (int, error) }, data []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}
