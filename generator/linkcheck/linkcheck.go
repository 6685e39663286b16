// Package linkcheck checks a built site on disk, offline: every internal
// link, image, stylesheet and other reference names a file that exists,
// every #fragment names an id on its target page, every page can be
// reached from the home page, and the sitemap and feed point into the
// site. External links are collected, never fetched.
package linkcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Options says how the site will be served.
type Options struct {
	// BaseURL is where the site will be served ("https://host/labs/" or
	// "/labs/"). Absolute links below it and root-relative links below its
	// path are internal. Empty means unknown: it is then taken from the
	// home page's canonical link, if any, and without one a root-relative
	// link is a problem (it only works at the host root).
	BaseURL string
}

// Problem is one broken thing, at a place in a file of the site.
type Problem struct {
	Path      string // slash-separated, relative to the site folder
	Line, Col int    // 0 when not known
	Msg       string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Col, p.Msg)
	}
	return p.Path + ": " + p.Msg
}

// External is a link to another site, with the places that use it.
type External struct {
	URL   string
	Where []string // "path:line:col", in file order
}

// Report is the result of a check.
type Report struct {
	Problems []Problem  // sorted by place
	External []External // sorted by URL
	Pages    int        // HTML files
	Files    int        // all files
	Links    int        // internal references checked
	BaseURL  string     // the base URL used
	Orphans  []string   // pages no link leads to from the home page
}

// ref is one reference found in a file.
type ref struct {
	raw       string
	line, col int
	tag, attr string
	nav       bool // a link a reader follows (a, area, iframe): counts for reachability
	canonical bool // <link rel="canonical">
}

// doc is what one file holds.
type doc struct {
	path string
	refs []ref
	ids  map[string]bool
	base string // <base href>, if any
}

// Check checks the site in dir.
func Check(dir string, opt Options) (Report, error) {
	var rep Report
	files := map[string]bool{}
	dirs := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			dirs[rel] = true
		} else {
			files[rel] = true
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Files = len(files)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)

	docs := map[string]*doc{}
	for _, n := range names {
		var d *doc
		switch path.Ext(n) {
		case ".html", ".htm":
			rep.Pages++
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
			if err != nil {
				return rep, err
			}
			d = parseHTML(n, src)
		case ".css":
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
			if err != nil {
				return rep, err
			}
			d = &doc{path: n}
			d.refs = cssRefs(string(src), newLines(src), 0)
		default:
			continue
		}
		docs[n] = d
	}

	base := opt.BaseURL
	if base == "" {
		if home := docs["index.html"]; home != nil {
			base = home.canonical()
		}
	}
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	rep.BaseURL = base
	c := &checker{files: files, dirs: dirs, docs: docs, rep: &rep, ext: map[string]*External{}}
	c.setBase(base)

	edges := map[string][]string{}
	for _, n := range names {
		d := docs[n]
		if d == nil {
			continue
		}
		for _, r := range d.refs {
			if target, ok := c.resolve(d, r); ok && r.nav {
				edges[n] = append(edges[n], target)
			}
		}
	}
	for _, n := range []string{"sitemap.xml", "feed.xml"} {
		if files[n] {
			c.checkXML(dir, n)
		}
	}
	c.orphans(edges)
	sort.SliceStable(rep.Problems, func(i, j int) bool {
		a, b := rep.Problems[i], rep.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	for _, e := range c.ext {
		rep.External = append(rep.External, *e)
	}
	sort.Slice(rep.External, func(i, j int) bool { return rep.External[i].URL < rep.External[j].URL })
	return rep, nil
}

// checker holds one check's state.
type checker struct {
	files, dirs map[string]bool
	docs        map[string]*doc
	rep         *Report
	ext         map[string]*External
	baseURL     *url.URL // absolute base, or nil
	basePath    string   // path of the base URL ("/labs/"), or "" when unknown
}

func (c *checker) setBase(base string) {
	if base == "" {
		return
	}
	u, err := url.Parse(base)
	if err != nil {
		c.rep.Problems = append(c.rep.Problems, Problem{Path: ".", Msg: fmt.Sprintf("base URL %q: %v", base, err)})
		return
	}
	if u.Host != "" {
		c.baseURL = u
	}
	c.basePath = u.Path
	if c.basePath == "" {
		c.basePath = "/"
	}
}

func (c *checker) problem(d *doc, r ref, format string, args ...any) {
	c.rep.Problems = append(c.rep.Problems, Problem{Path: d.path, Line: r.line, Col: r.col, Msg: fmt.Sprintf(format, args...)})
}

// pageURL is the URL path of a file from the site root: "labs/x/" for
// labs/x/index.html.
func pageURL(file string) string {
	if file == "index.html" {
		return ""
	}
	if strings.HasSuffix(file, "/index.html") {
		return strings.TrimSuffix(file, "index.html")
	}
	return file
}

// resolve checks one reference and returns the site file it leads to
// (when it is internal and exists).
func (c *checker) resolve(d *doc, r ref) (string, bool) {
	raw := strings.TrimSpace(r.raw)
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		c.problem(d, r, "%s %s=%q is not a valid URL: %v", r.tag, r.attr, raw, err)
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "mailto", "tel", "data", "javascript", "blob", "about":
		return "", false
	case "", "http", "https":
	default:
		c.external(raw, d, r)
		return "", false
	}
	var sitePath string // from the site root, without a leading slash
	switch {
	case u.Host != "":
		rest, ok := c.underBase(u)
		if !ok {
			c.external(raw, d, r)
			return "", false
		}
		sitePath = rest
	case strings.HasPrefix(u.Path, "/"):
		if c.basePath == "" {
			c.problem(d, r, "root-relative %s %q works only when the site is served at the host root; use a relative link, or build and check with --base-url", r.attr, raw)
			return "", false
		}
		if !strings.HasPrefix(u.Path, c.basePath) && u.Path+"/" != c.basePath {
			c.problem(d, r, "%s %q is outside the site's base path %s", r.attr, raw, c.basePath)
			return "", false
		}
		sitePath = strings.TrimPrefix(strings.TrimPrefix(u.Path, c.basePath), "/")
	default:
		from := "/" + pageURL(d.path)
		if b, err := url.Parse(d.base); err == nil && d.base != "" && b.Scheme == "" && b.Host == "" {
			from = (&url.URL{Path: from}).ResolveReference(b).Path
		}
		if d.path == "404.html" && u.Path != "" {
			c.problem(d, r, "relative %s %q on the 404 page breaks when it is served for a missing address below a folder (such as /a/b/missing); build with --base-url or link to nothing", r.attr, raw)
			return "", false
		}
		joined := path.Join(path.Dir(from+"x"), u.Path)
		if u.Path == "" {
			joined = from
		}
		if escapesRoot(path.Dir(from+"x"), u.Path) {
			c.problem(d, r, "%s %q points above the site's root folder", r.attr, raw)
			return "", false
		}
		sitePath = strings.TrimPrefix(joined, "/")
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(sitePath, "/") && sitePath != "" {
			sitePath += "/"
		}
	}
	c.rep.Links++
	file, ok := c.file(sitePath)
	if !ok {
		c.problem(d, r, "%s %q: no such file %s in the site", r.attr, raw, displayPath(sitePath))
		return "", false
	}
	if u.Fragment != "" && (strings.HasSuffix(file, ".html") || strings.HasSuffix(file, ".htm")) {
		frag := u.Fragment
		target := c.docs[file]
		if target != nil && !target.ids[frag] && !strings.EqualFold(frag, "top") {
			c.problem(d, r, "%s %q: %s has no element with id %q", r.attr, raw, file, frag)
		}
	}
	return file, true
}

// escapesRoot reports whether joining rel to dir climbs above "/".
func escapesRoot(dir, rel string) bool {
	if strings.HasPrefix(rel, "/") {
		return false
	}
	depth := strings.Count(strings.Trim(dir, "/"), "/") + 1
	if strings.Trim(dir, "/") == "" {
		depth = 0
	}
	for _, seg := range strings.Split(rel, "/") {
		switch seg {
		case "..":
			depth--
			if depth < 0 {
				return true
			}
		case ".", "":
		default:
			depth++
		}
	}
	return false
}

// displayPath is the file a static host would serve for p.
func displayPath(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// underBase returns u's path below the absolute base URL, if u is below it.
// http and https count as the same site.
func (c *checker) underBase(u *url.URL) (string, bool) {
	b := c.baseURL
	if b == nil || !strings.EqualFold(u.Host, b.Host) {
		return "", false
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if !strings.HasPrefix(p, b.Path) && p+"/" != b.Path {
		return "", false
	}
	return strings.TrimPrefix(strings.TrimPrefix(p, b.Path), "/"), true
}

// file maps a path from the site root to the file a static host serves
// for it: the file itself, a folder's index.html (with or without the
// trailing slash, which hosts redirect to), or name.html for name.
func (c *checker) file(sitePath string) (string, bool) {
	p := strings.TrimSuffix(sitePath, "/")
	if sitePath == "" || strings.HasSuffix(sitePath, "/") {
		idx := "index.html"
		if p != "" {
			idx = p + "/index.html"
		}
		return idx, c.files[idx]
	}
	if c.files[p] {
		return p, true
	}
	if c.dirs[p] && c.files[p+"/index.html"] {
		return p + "/index.html", true
	}
	if c.files[p+".html"] {
		return p + ".html", true
	}
	return "", false
}

func (c *checker) external(raw string, d *doc, r ref) {
	e := c.ext[raw]
	if e == nil {
		e = &External{URL: raw}
		c.ext[raw] = e
	}
	e.Where = append(e.Where, fmt.Sprintf("%s:%d:%d", d.path, r.line, r.col))
}

// orphans reports every page (but 404.html) that no chain of links from
// index.html reaches.
func (c *checker) orphans(edges map[string][]string) {
	if !c.files["index.html"] {
		c.rep.Problems = append(c.rep.Problems, Problem{Path: "index.html", Msg: "missing: the site has no home page"})
		return
	}
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, t := range edges[n] {
			if !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	var pages []string
	for n, d := range c.docs {
		if d != nil && (strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm")) && n != "404.html" && !seen[n] {
			pages = append(pages, n)
		}
	}
	sort.Strings(pages)
	for _, n := range pages {
		c.rep.Orphans = append(c.rep.Orphans, n)
		c.rep.Problems = append(c.rep.Problems, Problem{Path: n, Msg: "orphaned: no chain of links leads here from the home page"})
	}
}

// checkXML checks that sitemap.xml or feed.xml is well-formed and that
// its entries point at pages of the site.
func (c *checker) checkXML(dir, name string) {
	src, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		c.rep.Problems = append(c.rep.Problems, Problem{Path: name, Msg: err.Error()})
		return
	}
	lines := newLines(src)
	dec := xml.NewDecoder(bytes.NewReader(src))
	d := &doc{path: name}
	var text strings.Builder
	locAt := 0
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			line, col := lines.at(off)
			c.rep.Problems = append(c.rep.Problems, Problem{Path: name, Line: line, Col: col, Msg: "not well-formed XML: " + err.Error()})
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			text.Reset()
			if t.Name.Local == "loc" {
				locAt = off
			}
			if t.Name.Local == "link" {
				for _, a := range t.Attr {
					if a.Name.Local == "href" {
						line, col := lines.at(off)
						d.refs = append(d.refs, ref{raw: a.Value, line: line, col: col, tag: "link", attr: "href"})
					}
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if t.Name.Local == "loc" {
				line, col := lines.at(locAt)
				d.refs = append(d.refs, ref{raw: strings.TrimSpace(text.String()), line: line, col: col, tag: "loc", attr: "loc"})
			}
		}
	}
	for _, r := range d.refs {
		u, err := url.Parse(r.raw)
		if err != nil || u.Host == "" {
			c.problem(d, r, "%s %q: expected an absolute URL", r.tag, r.raw)
			continue
		}
		if _, ok := c.underBase(u); !ok {
			c.problem(d, r, "%s %q is not below the site's base URL %s", r.tag, r.raw, c.rep.BaseURL)
			continue
		}
		c.resolve(d, r)
	}
}
