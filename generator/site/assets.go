package site

import (
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/diag"
	"paperlab/generator/htmlsafe"
	"paperlab/generator/markdown"
	"paperlab/generator/source"
)

// Content assets are the files under content/ that are not Markdown pages:
// images, PDFs, data files, a lab's folder of figures. Each is copied to
// the same place below the output root (content/labs/fig/a.png becomes
// labs/fig/a.png), and Markdown links and images that name one relative to
// the page's source file are rewritten to the copied file's URL relative
// to the built page.

// loadAssets reads every content file that is not Markdown, keyed by its
// source path ("content/labs/fig/a.png"). The site's bibliography,
// content/references.yaml, is read by the build and not copied.
func loadAssets(fsys fs.FS, names []string, list *diag.List) map[string][]byte {
	assets := map[string][]byte{}
	for _, n := range names {
		if n == referencesFile {
			continue
		}
		b, err := source.ReadFile(fsys, n, 0)
		if err != nil {
			list.Add(diag.Diagnostic{Path: n, Msg: "cannot read: " + err.Error()})
			continue
		}
		assets[n] = b
	}
	return assets
}

// assetOut is where a content asset goes in the output.
func assetOut(src string) string { return strings.TrimPrefix(src, "content/") }

// overridable lists generated files a content file of the same name may
// replace (a hand-written robots.txt).
var overridable = map[string]bool{"robots.txt": true}

// addAssets copies the content assets into files. An asset that would
// replace a page, a static file or another generated file is an error at
// the asset.
func (s *site) addAssets(files map[string][]byte, list *diag.List) {
	names := make([]string, 0, len(s.assets))
	for n := range s.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out := assetOut(n)
		if _, taken := files[out]; taken && !overridable[out] {
			list.Errorf(n, 0, 0, "this file would be copied to %s, which the build already writes (a page, a file from layouts/static/ or a generated file); rename or move it", out)
			continue
		}
		files[out] = s.assets[n]
	}
}

// rewriteAssetRefs rewrites every Markdown link and image that names a
// local file other than a Markdown page (those are rewriteLink's) to the
// URL of the copied file, relative to the built page. A reference to a
// file that does not exist is an error at the reference.
func (r *pageRenderer) rewriteAssetRefs(doc *markdown.Document) {
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch n := n.(type) {
		case *ast.Link:
			if d, ok := r.assetRef(n.Destination, n.Pos(), "link"); ok {
				n.Destination = d
			}
		case *ast.Image:
			if d, ok := r.assetRef(n.Destination, n.Pos(), "image"); ok {
				n.Destination = d
			}
		}
		return ast.WalkContinue
	})
}

// assetRef resolves one destination. It reports false when dest is not a
// reference to a local file (a URL with a scheme or host, a fragment, a
// folder, a Markdown page) or names a missing file (then with an error).
func (r *pageRenderer) assetRef(destBytes []byte, pos int, what string) ([]byte, bool) {
	dest := string(destBytes)
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") {
		return nil, false
	}
	if htmlsafe.LinkProblem(dest, what == "image") != "" {
		return nil, false // not a file: checkSafety reports it
	}
	u, err := url.Parse(dest)
	if err != nil {
		r.errorAt(pos, "%s to %q: not a valid URL: %v", what, dest, err)
		return nil, false
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.Path == "" || strings.HasSuffix(u.Path, "/") || strings.HasSuffix(u.Path, ".md") {
		return nil, false
	}
	target := path.Join(path.Dir(r.page.Path), u.Path)
	if strings.HasPrefix(u.Path, "/") {
		target = path.Join("content", u.Path)
	}
	out, ok := r.read.Asset(target)
	switch {
	case ok:
	case strings.HasPrefix(u.Path, "/") && r.read.Static(strings.TrimPrefix(u.Path, "/")):
		out = strings.TrimPrefix(path.Clean(u.Path), "/")
	default:
		why := "no such file " + target
		switch {
		case !strings.HasPrefix(target, "content/"):
			why = target + " is outside the content folder"
		case source.Ignored(target):
			why = target + " is a hidden or editor file, which is never copied to the site"
		}
		r.errorAt(pos, "%s to %s: %s (a relative path starts at the folder of %s; one starting with / at content/)", what, dest, why, r.page.Path)
		return nil, false
	}
	ref := rootFor(r.page.URL) + (&url.URL{Path: out}).EscapedPath()
	if u.RawQuery != "" {
		ref += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		ref += "#" + u.EscapedFragment()
	}
	return []byte(ref), true
}

// isStatic reports whether layouts/static holds name.
func (s *site) isStatic(name string) bool {
	name = path.Clean(name)
	if name == "highlight.css" {
		return true
	}
	return slices.Contains(s.files.Static, "layouts/static/"+name)
}
