package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"paperlab/generator/diag"
	"paperlab/generator/page"
	"paperlab/generator/pagebuild"
)

// Stamp is the file every build writes at the top of its output folder, so
// that a later build knows the folder is its own to replace (see
// CheckOut).
const Stamp = ".paperlab-output"

// stampText is the stamp file's content.
const stampText = "This folder was written by paperlab build and is replaced, whole, by the next build.\n"

// producer is one source of an output file.
type producer struct {
	out  string
	rank int // who keeps a contested output: lower first
	// where the producer is, for the error (empty path: built in).
	path      string
	line, col int
	what      string    // describes the producer in a message
	page      *sitePage // a content page, else nil
	exact     bool      // a page whose file name is its URL segment as is
	asset     bool      // a content file that is not a page
}

const (
	rankBuiltIn = iota // home, keyword pages, 404.html, stylesheet, sitemap, stamp
	rankStatic         // layouts/static/**
	rankLab            // content/labs/*.md
	rankPage           // other content pages
	rankAsset          // other files under content/
)

// claimOutputs gives every output file exactly one producer before
// anything is rendered: the home page, keyword pages, 404.html, the
// highlighting stylesheet, the sitemap, feed and robots.txt and the stamp
// that paperlab writes itself, the files of layouts/static/, the content
// pages and the other content files (assets; a content/robots.txt
// replaces the generated one). Output
// paths are compared ignoring case (they are the same file on macOS and
// Windows). Each extra producer of a path is an error at its own position
// naming the producer that keeps it; built-in outputs keep theirs over
// static files, static files over content pages, labs over other pages,
// pages over assets,
// and among labs the one whose file name is its URL as is ("a-b.md" over
// "A_b.md"). Pages that lose are left out of the build, which fails. It
// returns the labs and other pages that keep their output, and fills
// s.labs with the labs.
func (s *site) claimOutputs(labs, others []*sitePage, list *diag.List) ([]*sitePage, []*sitePage) {
	var ps []producer
	builtIn := func(out, what string) {
		ps = append(ps, producer{out: out, rank: rankBuiltIn, what: what})
	}
	home := producer{out: "index.html", rank: rankBuiltIn, what: "the home page"}
	if s.home != nil {
		home.path, home.line, home.col = s.home.Path, 1, 1
		home.what = "the home page " + s.home.Path + ":1:1"
	}
	ps = append(ps, home)
	builtIn("404.html", "the not-found page paperlab writes from layouts/404.html")
	builtIn("highlight.css", "the code highlighting stylesheet paperlab writes")
	builtIn(Stamp, "the stamp paperlab writes into its output folder")
	if s.absolute() {
		builtIn("sitemap.xml", "the sitemap paperlab writes for an absolute --base-url")
		builtIn("feed.xml", "the Atom feed paperlab writes for an absolute --base-url")
		if s.assets["content/"+"robots.txt"] == nil { // a hand-written one replaces it
			builtIn("robots.txt", "the robots.txt paperlab writes for an absolute --base-url")
		}
	}
	keywords := map[string]bool{}
	for _, l := range labs {
		if l.Title == "" {
			continue
		}
		for i, k := range l.Keywords {
			slug := pagebuild.KeywordSlug(k)
			if keywords[slug] {
				continue
			}
			keywords[slug] = true
			p := producer{out: "keywords/" + slug + "/index.html", rank: rankBuiltIn, path: l.Path}
			p.line, p.col = keywordPos(l.Page, i)
			p.what = fmt.Sprintf("the keyword page of %q (keyword of %s:%d:%d)", k, p.path, p.line, p.col)
			ps = append(ps, p)
		}
	}
	for _, f := range s.files.Static {
		ps = append(ps, producer{out: strings.TrimPrefix(f, "layouts/static/"), rank: rankStatic, path: f, what: "the static file " + f})
	}
	for _, group := range [][]*sitePage{labs, others} {
		for _, p := range group {
			pr := producer{out: p.OutPath, rank: rankPage, path: p.Path, line: 1, col: 1, what: p.Path + ":1:1", page: p}
			if p.Kind == "lab" {
				pr.rank = rankLab
				pr.exact = path.Base(p.Path) == p.Slug+".md"
			}
			ps = append(ps, pr)
		}
	}
	for f := range s.assets {
		ps = append(ps, producer{out: assetOut(f), rank: rankAsset, path: f, what: "the content file " + f, asset: true})
	}
	slices.SortStableFunc(ps, func(a, b producer) int {
		if c := strings.Compare(strings.ToLower(a.out), strings.ToLower(b.out)); c != 0 {
			return c
		}
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.exact != b.exact {
			if a.exact {
				return -1
			}
			return 1
		}
		return strings.Compare(a.path, b.path)
	})
	lost := map[*sitePage]bool{}
	for i := 1; i < len(ps); i++ {
		keep, p := ps[i-1], ps[i]
		if !strings.EqualFold(keep.out, p.out) {
			continue
		}
		for j := i - 1; j > 0 && strings.EqualFold(ps[j-1].out, p.out); j-- {
			keep = ps[j-1]
		}
		hint := ""
		if keep.rank == rankLab && p.rank == rankLab {
			hint = " (lab file names that differ only in case or punctuation give the same URL)"
		}
		if keep.out != p.out {
			hint = " (output paths that differ only in case are the same file on macOS and Windows)"
		}
		list.Errorf(p.path, p.line, p.col, "output %s is also written by %s; every output file must come from one source%s", p.out, keep.what, hint)
		if p.page != nil {
			lost[p.page] = true
		}
		if p.asset {
			delete(s.assets, p.path)
		}
	}
	survivors := func(pages []*sitePage) []*sitePage {
		return slices.DeleteFunc(pages, func(p *sitePage) bool { return lost[p] })
	}
	labs, others = survivors(labs), survivors(others)
	for _, l := range labs {
		s.labs[l.Slug] = l
	}
	return labs, others
}

// keywordPos is where a page names its i-th keyword (the top of the file
// when not known).
func keywordPos(p *page.Page, i int) (int, int) {
	if i < len(p.KeywordsPos) {
		return p.KeywordsPos[i].Line, p.KeywordsPos[i].Col
	}
	return 1, 1
}
