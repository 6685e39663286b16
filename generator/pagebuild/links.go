package pagebuild

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"

	"paperlab/generator/htmlsafe"
	"paperlab/generator/layout"
	"paperlab/generator/markdown"
	"paperlab/generator/source"
)

// Links and images that name another page's Markdown source, or a content
// file (an image, a PDF, a data file) relative to the page's source file,
// are rewritten to the URL of that page or of the copied file, relative
// to the built page; one naming a file that is not there is an error at
// the reference.

// rewriteLink turns a link to another page's Markdown source into that
// page's URL, keeping the fragment; a link to a missing .md file is an error.
func (r *Prepared) rewriteLink(l *ast.Link) {
	dest := string(l.Destination)
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return
	}
	target := path.Join(path.Dir(r.page.Path), u.Path)
	if strings.HasPrefix(u.Path, "/") {
		target = path.Join("content", u.Path)
	}
	targetURL, ok := r.read.PageURL(target)
	if !ok {
		why := "no such page"
		if r.read.Draft(target) {
			why = "it is a draft (build with --drafts to include it)"
		} else if meant := r.read.NearPage(target); meant != "" {
			why += fmt.Sprintf(" (did you mean %s?)", path.Join(path.Dir(u.Path), meant))
		}
		r.errorAt(l.Pos(), "link to %s: %s", dest, why)
		return
	}
	out := RootFor(r.page.URL) + targetURL
	if target == r.page.Path && r.page.Kind != layout.Home {
		out = "" // the page itself
	}
	if u.Fragment != "" {
		out += "#" + u.Fragment
	}
	if out == "" {
		out = "./"
	}
	l.Destination = []byte(out)
}

// rewriteAssetRefs rewrites every Markdown link and image that names a
// local file other than a Markdown page (those are rewriteLink's) to the
// URL of the copied file, relative to the built page. A reference to a
// file that does not exist is an error at the reference.
func (r *Prepared) rewriteAssetRefs(doc *markdown.Document) {
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
func (r *Prepared) assetRef(destBytes []byte, pos int, what string) ([]byte, bool) {
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
	ref := RootFor(r.page.URL) + (&url.URL{Path: out}).EscapedPath()
	if u.RawQuery != "" {
		ref += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		ref += "#" + u.EscapedFragment()
	}
	return []byte(ref), true
}
