package site

import (
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"paperlab/generator/diag"
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

// isStatic reports whether layouts/static holds name.
func (s *site) isStatic(name string) bool {
	name = path.Clean(name)
	if name == "highlight.css" {
		return true
	}
	return slices.Contains(s.files.Static, "layouts/static/"+name)
}
