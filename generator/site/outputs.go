package site

import (
	"maps"

	"paperlab/generator/diag"
)

// Outputs sorts the files of the Builder's last build by whether they
// built, so that a preview can serve every page that did even when the
// build as a whole failed.
type Outputs struct {
	// Loaded is false when the build produced no pages at all (the
	// templates did not load); the other fields are then empty and only
	// the build's own diagnostics tell what went wrong.
	Loaded bool
	// Files are the output files that built: every page whose own
	// problems include no error (no warning either, under Strict), the
	// index pages that rendered (the home page if its own problems
	// include no error), the static files and the content assets. They
	// are shared with later builds and must not be modified.
	Files map[string][]byte
	// Failed maps each output file that did not build to its source file
	// and the problems of that source (errors and warnings).
	Failed map[string]Failure
	// Global are the problems that belong to no output file: layouts and
	// templates, static files, content assets, drafts and files left out
	// of the site. With an error among them the build fails although every
	// file in Files is good, and files a template failed to render are in
	// neither map.
	Global []diag.Diagnostic
}

// Failure is why one output file did not build.
type Failure struct {
	// Source is the content file the output is made from, e.g.
	// "content/labs/x.md" ("" for index pages made from every lab).
	Source string
	// Diagnostics are the problems that failed it, sorted by position.
	Diagnostics []diag.Diagnostic
}

// Outputs describes the last Build that returned nil or ErrFailed: a page
// fails on its own problems (its front matter, its Markdown, math and
// directives, including names it imports that did not compute), never on
// another page's, exactly as Build counts them.
func (b *Builder) Outputs() Outputs {
	out := Outputs{Files: map[string][]byte{}, Failed: map[string]Failure{}}
	if b.s == nil || b.tmpl == nil {
		return out
	}
	out.Loaded = true
	byPath := map[string]*diag.List{}
	var global diag.List
	for _, d := range b.loadDiags {
		if _, ok := b.s.bySrc[d.Path]; ok || d.Path == homeSource {
			l := byPath[d.Path]
			if l == nil {
				l = &diag.List{}
				byPath[d.Path] = l
			}
			l.Add(d)
			continue
		}
		global.Add(d)
	}
	for _, p := range b.s.pages {
		c := b.pages[p.Path]
		var l diag.List
		if own := byPath[p.Path]; own != nil {
			l.Merge(*own)
		}
		addDiags(&l, c.diags)
		if l.HasErrors(b.cfg.Strict) || c.out == nil {
			out.Failed[p.OutPath] = Failure{Source: p.Path, Diagnostics: l.Items()}
			continue
		}
		maps.Copy(out.Files, c.out)
	}
	// The index pages are rendered together: the home page's own problems
	// fail it; the others (templates) are global.
	var home diag.List
	if own := byPath[homeSource]; own != nil {
		home.Merge(*own)
	}
	for _, d := range b.index.diags {
		if d.Path == homeSource {
			home.Add(d)
		} else {
			global.Add(d)
		}
	}
	for name, data := range b.index.out {
		out.Files[name] = data
	}
	if home.HasErrors(b.cfg.Strict) {
		delete(out.Files, "index.html")
		out.Failed["index.html"] = Failure{Source: homeSource, Diagnostics: home.Items()}
	}
	maps.Copy(out.Files, b.static.files)
	addDiags(&global, b.static.diags)
	// Content assets go where no output is, failed ones included, as Build
	// copies them.
	all := maps.Clone(out.Files)
	for name := range out.Failed {
		all[name] = nil
	}
	b.s.addAssets(all, &global)
	for name, data := range all {
		if _, failed := out.Failed[name]; !failed {
			out.Files[name] = data
		}
	}
	out.Global = global.Items()
	return out
}

// homeSource is the home page's source file.
const homeSource = "content/_index.md"
