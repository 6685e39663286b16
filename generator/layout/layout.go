// Package layout loads the site's html/template files from layouts/ and
// renders pages with them. A page template fills the blocks of base.html.
package layout

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Kinds of page, each with a template file of the same name in layouts/.
const (
	Home     = "home"
	Lab      = "lab"
	Keyword  = "keyword"
	Page     = "page"
	NotFound = "404"
)

// Kinds lists every page kind that needs a template.
var Kinds = []string{Home, Lab, Keyword, Page, NotFound}

// Index pages of the whole site, built only when the layouts folder has
// their template: /labs/ lists every lab in reading order, /keywords/
// every keyword with its count.
const (
	LabIndex     = "labs"
	KeywordIndex = "keywords"
)

// OptionalKinds lists the page kinds whose template may be missing.
var OptionalKinds = []string{LabIndex, KeywordIndex}

// Set is the parsed templates, one per page kind.
type Set struct {
	byKind map[string]*template.Template
	// sizeHint is the size of the last page rendered, to presize the
	// next page's buffer.
	sizeHint atomic.Int64
}

// Funcs are the helpers templates may call.
func Funcs() template.FuncMap {
	return template.FuncMap{
		// date formats a date for readers: "April 26, 2026".
		"date": func(t time.Time) string { return t.Format("January 2, 2006") },
		// isoDate formats a date for <time datetime>: "2026-04-26".
		"isoDate": func(t time.Time) string { return t.Format("2006-01-02") },
		"join":    strings.Join,
		// safe marks HTML the generator rendered itself (such as a
		// heading's content for the table of contents) as trusted.
		"safe": func(s string) template.HTML { return template.HTML(s) },
		// dict builds a map from key, value pairs, to pass several values
		// to a template: {{template "card" (dict "Lab" . "Root" $.Root)}}.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: expected key, value pairs, got %d arguments", len(kv))
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

// Load parses base.html and one template per page kind from fsys (the
// layouts folder). Errors name the file and line.
func Load(fsys fs.FS) (*Set, error) {
	baseSrc, err := fs.ReadFile(fsys, "base.html")
	if err != nil {
		return nil, fmt.Errorf("layouts/base.html: %w", err)
	}
	base, err := template.New("base.html").Funcs(Funcs()).Parse(string(baseSrc))
	if err != nil {
		return nil, templateError(err)
	}
	if err := parsePartials(fsys, base); err != nil {
		return nil, err
	}
	set := &Set{byKind: map[string]*template.Template{}}
	for _, kind := range Kinds {
		name := kind + ".html"
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("layouts/%s: %w", name, err)
		}
		t, err := template.Must(base.Clone()).New(name).Parse(string(src))
		if err != nil {
			return nil, templateError(err)
		}
		set.byKind[kind] = t
	}
	for _, kind := range OptionalKinds {
		name := kind + ".html"
		src, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("layouts/%s: %w", name, err)
		}
		t, err := template.Must(base.Clone()).New(name).Parse(string(src))
		if err != nil {
			return nil, templateError(err)
		}
		set.byKind[kind] = t
	}
	return set, nil
}

// Has reports whether the set has a template for kind (always true for
// Kinds, true for OptionalKinds whose file exists).
func (s *Set) Has(kind string) bool {
	_, ok := s.byKind[kind]
	return ok
}

// Render executes the base template with the blocks of kind's template.
func (s *Set) Render(kind string, data any) ([]byte, error) {
	t, ok := s.byKind[kind]
	if !ok {
		return nil, fmt.Errorf("no template for page kind %q", kind)
	}
	var buf bytes.Buffer
	buf.Grow(int(s.sizeHint.Load()) + 1024)
	if err := t.ExecuteTemplate(&buf, "base.html", data); err != nil {
		return nil, templateError(err)
	}
	s.sizeHint.Store(int64(buf.Len()))
	return buf.Bytes(), nil
}

// templateError rewrites html/template's "template: lab.html:12: msg" as
// "layouts/lab.html:12: msg", the path:line form every other error uses.
func templateError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if name, rest, ok := strings.Cut(msg, ":"); ok && strings.HasSuffix(name, ".html") {
		return fmt.Errorf("layouts/%s:%s", name, rest)
	}
	return fmt.Errorf("layouts: %s", msg)
}

// parsePartials adds every other *.html file in the layouts folder (such
// as partials.html) to base, so that all page kinds can use its templates.
func parsePartials(fsys fs.FS, base *template.Template) error {
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		kind := strings.TrimSuffix(name, ".html")
		if name == "base.html" || slices.Contains(Kinds, kind) || slices.Contains(OptionalKinds, kind) {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("layouts/%s: %w", name, err)
		}
		if _, err := base.New(name).Parse(string(src)); err != nil {
			return templateError(err)
		}
	}
	return nil
}
