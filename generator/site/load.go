package site

import (
	"bytes"
	"container/heap"
	"context"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"paperlab/generator/cite"
	"paperlab/generator/diag"
	"paperlab/generator/directive"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
	"paperlab/generator/source"
)

// sitePage is one page of the site with where it goes.
type sitePage struct {
	*page.Page
	// Kind is the layout kind: layout.Lab or layout.Page.
	Kind string
	// URL is the page's path from the site root, e.g. "labs/attention/".
	URL string
	// OutPath is the file written, e.g. "labs/attention/index.html".
	OutPath string
	// Order is the page's place in reading order (labs only).
	Order int
}

// site is everything loaded from the source folder.
type site struct {
	cfg    Config
	fsys   fs.FS
	pages  []*sitePage            // labs in reading order, then other pages by path
	home   *page.Page             // content/_index.md, if any
	bySrc  map[string]*sitePage   // by source path, e.g. "content/labs/x.md"
	drafts map[string]bool        // source paths of drafts left out
	labs   map[string]*sitePage   // by slug
	files  source.Files           // the files of the source folder
	ctx    context.Context        // of the build under way; nil: never cancelled
	assets map[string][]byte      // content files other than Markdown, by source path
	next   map[string][]*sitePage // by slug: the labs naming it in "after", in reading order
	refs   *cite.Library          // content/references.yaml; nil when there is none
	// refsSource is the text refs was read from.
	refsSource []byte

	runner      *directive.Runner
	highlighter *markdown.Highlighter
	markdown    *markdown.Converter // every page's
	// formulas remembers the MathML of the formulas directives write.
	formulas *pagebuild.Formulas
	statesMu sync.Mutex
	states   map[stateKey]*pageState
}

// parsedPages keeps parsed pages by source path from one load of a site to
// the next, so that a reload parses only the files whose bytes changed.
// A parsed page is never modified.
type parsedPages map[string]parsedPage

type parsedPage struct {
	page  *page.Page
	diags []diag.Diagnostic
}

// parse returns page p with source src parsed, from the cache when the
// same bytes were parsed before; it does not change the cache (see add),
// so that pages parse in parallel.
func (c parsedPages) parse(p string, src []byte) parsedPage {
	if old, ok := c[p]; ok && bytes.Equal(old.page.Source.Text, src) {
		return old
	}
	var l diag.List
	pg := page.Parse(p, src, &l)
	return parsedPage{page: pg, diags: l.Items()}
}

// add keeps page p as parsed (when c keeps pages at all), reports its
// problems to list and returns it.
func (c parsedPages) add(p string, pp parsedPage, list *diag.List) *page.Page {
	if c != nil {
		c[p] = pp
	}
	addDiags(list, pp.diags)
	return pp.page
}

// pageRead is one page read and parsed, or the problem reading it.
type pageRead struct {
	parsed  parsedPage
	problem *diag.Diagnostic
}

// readPages reads and parses, in parallel, the pages that are not known
// to be unchanged (see loadSite); the rest of the result is zero.
func readPages(fsys fs.FS, cfg Config, pages []string, parsed parsedPages, same func(string) bool) []pageRead {
	out := make([]pageRead, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	for range min(workers, len(pages)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				p := pages[i]
				if parsed.known(p, same) {
					continue // taken as it was (see parsedPages.unchanged)
				}
				src, problem := source.ReadPage(fsys, p, cfg.MaxPageSize)
				if problem != nil {
					out[i].problem = problem
					continue
				}
				out[i].parsed = parsed.parse(p, src)
			}
		}()
	}
	wg.Wait()
	return out
}

// unchanged returns page p as parsed before, when same says the file has
// not changed since, and reports its problems to list.
func (c parsedPages) unchanged(p string, same func(string) bool, list *diag.List) (*page.Page, bool) {
	if !c.known(p, same) {
		return nil, false
	}
	old := c[p]
	addDiags(list, old.diags)
	return old.page, true
}

// known reports whether page p was parsed before and same says the file
// has not changed since.
func (c parsedPages) known(p string, same func(string) bool) bool {
	_, ok := c[p]
	return ok && same != nil && same(p)
}

// loadSite reads and checks every Markdown file under content/; parsed
// (nil for none) keeps the pages parsed by earlier loads, and a page for
// which same (nil for none) reports true is known to be as it was then: it
// is not read again. listed, when not nil, is a listing of the folder
// without problems, taken before: it is used instead of listing again.
func loadSite(fsys fs.FS, cfg Config, list *diag.List, parsed parsedPages, same func(path string) bool, listed *source.Files) *site {
	s := &site{cfg: cfg, fsys: fsys, bySrc: map[string]*sitePage{}, drafts: map[string]bool{}, labs: map[string]*sitePage{},
		runner: cfg.Runner, highlighter: markdown.NewHighlighter(), markdown: markdown.NewConverter(), formulas: &pagebuild.Formulas{}, states: map[stateKey]*pageState{}}
	if s.runner == nil {
		s.runner = &directive.Runner{}
		if cfg.CacheDir != "" {
			s.runner.Cache = &directive.Cache{Dir: cfg.CacheDir}
		}
	}
	var files source.Files
	if listed != nil {
		files = *listed
	} else {
		var problems []diag.Diagnostic
		files, problems = source.List(fsys)
		addDiags(list, problems)
	}
	s.files = files
	s.assets = loadAssets(fsys, files.Assets, list)
	read := readPages(fsys, cfg, files.Pages, parsed, same)
	var labs, others []*sitePage
	for i, p := range files.Pages {
		pg, ok := parsed.unchanged(p, same, list)
		if !ok {
			r := read[i]
			if r.problem != nil {
				list.Add(*r.problem)
				continue
			}
			pg = parsed.add(p, r.parsed, list)
		}
		if p == "content/_index.md" {
			s.home = pg
			continue
		}
		if pg.Draft && !cfg.Drafts {
			s.drafts[p] = true
			continue
		}
		sp := &sitePage{Page: pg}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md")
		if path.Dir(p) == "content/labs" {
			sp.Kind = "lab"
			if pg.Slug == "" {
				list.Errorf(p, 1, 1, "lab file name %q has no letters or digits to make a URL from", path.Base(p))
				continue
			}
			rel = "labs/" + pg.Slug
			labs = append(labs, sp)
		} else {
			sp.Kind = "page"
			if path.Base(rel) == "index" || path.Base(rel) == "_index" {
				rel = path.Dir(rel)
			}
			others = append(others, sp)
		}
		sp.URL = strings.TrimPrefix(rel+"/", "./")
		sp.OutPath = sp.URL + "index.html"
		s.bySrc[p] = sp
	}
	s.loadReferences(list)
	labs, others = s.claimOutputs(labs, others, list)
	s.checkAfter(labs, list)
	checkFacts(labs, list)
	labs = readingOrder(labs, list)
	for i, l := range labs {
		l.Order = i
	}
	s.next = readNext(labs)
	s.pages = append(labs, others...)
	return s
}

// cancelled reports whether the build under way was cancelled; long work
// (directives) checks it between steps.
func (s *site) cancelled() bool { return s.ctx != nil && s.ctx.Err() != nil }

// checkAfter reports "after" entries that name no lab.
func (s *site) checkAfter(labs []*sitePage, list *diag.List) {
	for _, l := range labs {
		for i, slug := range l.After {
			if _, ok := s.labs[slug]; ok {
				continue
			}
			pos := l.AfterPos[i]
			why := "no lab content/labs/" + slug + ".md"
			if s.drafts["content/labs/"+slug+".md"] {
				why = "content/labs/" + slug + ".md is a draft (build with --drafts to include it)"
			}
			slugs := make([]string, 0, len(s.labs))
			for known := range s.labs {
				slugs = append(slugs, known)
			}
			if meant := diag.Suggest(slug, slugs); meant != "" && !s.drafts["content/labs/"+slug+".md"] {
				why += ` (did you mean "` + meant + `"?)`
			}
			list.ErrorSpan(l.Path, pos.Line, pos.Col, len(slug), "front matter: after: unknown lab %q: %s", slug, why)
		}
	}
}

// readingOrder sorts labs so that every lab comes after the labs it names
// in "after"; labs free to go next are taken by title (Kahn's algorithm
// over a heap of title ranks). A cycle is an error; its labs then follow
// in title order.
func readingOrder(labs []*sitePage, list *diag.List) []*sitePage {
	byTitle := append([]*sitePage(nil), labs...)
	sort.SliceStable(byTitle, func(i, j int) bool {
		a, b := strings.ToLower(byTitle[i].Title), strings.ToLower(byTitle[j].Title)
		if a != b {
			return a < b
		}
		return byTitle[i].Slug < byTitle[j].Slug
	})
	rank := make(map[string]int, len(byTitle))
	for i, l := range byTitle {
		rank[l.Slug] = i
	}
	waiting := make([]int, len(byTitle))      // unmet "after" labs of each lab, by rank
	dependents := make([][]int, len(byTitle)) // labs waiting for each lab, by rank
	for i, l := range byTitle {
		seen := map[string]bool{}
		for _, a := range l.After {
			if r, ok := rank[a]; ok && !seen[a] {
				seen[a] = true
				waiting[i]++
				dependents[r] = append(dependents[r], i)
			}
		}
	}
	ready := &rankHeap{}
	for i := range byTitle {
		if waiting[i] == 0 {
			heap.Push(ready, i)
		}
	}
	done := make(map[string]bool, len(byTitle))
	out := make([]*sitePage, 0, len(byTitle))
	take := func(i int) {
		done[byTitle[i].Slug] = true
		out = append(out, byTitle[i])
		for _, d := range dependents[i] {
			if waiting[d]--; waiting[d] == 0 {
				heap.Push(ready, d)
			}
		}
	}
	next := 0 // lowest rank that may not be done, for breaking cycles
	for len(out) < len(byTitle) {
		if ready.Len() > 0 {
			take(heap.Pop(ready).(int))
			continue
		}
		for done[byTitle[next].Slug] {
			next++
		}
		l := byTitle[next]
		list.Errorf(l.Path, l.AfterPos[0].Line, l.AfterPos[0].Col, "front matter: after: reading order has a cycle through %s", cycleNames(byTitle, done))
		waiting[next] = -1 // taken now; never pushed again
		take(next)
	}
	return out
}

// readNext lists, for each lab slug, the labs that name it in "after", in
// reading order.
func readNext(labs []*sitePage) map[string][]*sitePage {
	out := map[string][]*sitePage{}
	for _, l := range labs {
		seen := map[string]bool{}
		for _, a := range l.After {
			if !seen[a] {
				seen[a] = true
				out[a] = append(out[a], l)
			}
		}
	}
	return out
}

// rankHeap is a min-heap of title ranks.
type rankHeap []int

func (h rankHeap) Len() int           { return len(h) }
func (h rankHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h rankHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rankHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *rankHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func cycleNames(labs []*sitePage, done map[string]bool) string {
	var names []string
	for _, l := range labs {
		if !done[l.Slug] {
			names = append(names, l.Slug)
		}
	}
	return strings.Join(names, ", ")
}
