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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"paperlab/generator/diag"
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
	// sizeHints hold, by kind, the size of the last page of the kind
	// rendered, to presize the next one's buffer: a list page of 10,000
	// labs is 5 MB, a lab 25 KB.
	sizeHints map[string]*atomic.Int64

	// partials holds what Partial rendered in this generation and the
	// one before (see NextGeneration), by key.
	partialsMu            sync.Mutex
	partials, oldPartials map[string]template.HTML
	// rootFree holds, by kind and partial name, what PartialAt learnt of
	// the partial (see rootFree).
	rootFree map[string]rootFreeness
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
	set := &Set{byKind: map[string]*template.Template{}, sizeHints: map[string]*atomic.Int64{}}
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
		set.sizeHints[kind] = &atomic.Int64{}
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
		set.sizeHints[kind] = &atomic.Int64{}
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
func (s *Set) Render(kind string, data any) ([]byte, error) { return s.RenderTo(nil, kind, data) }

// RenderTo is Render writing into dst's memory (from its start; it is
// grown when too small), for a caller that reuses one buffer page after
// page: the result may be dst's array, which the next RenderTo into it
// overwrites.
func (s *Set) RenderTo(dst []byte, kind string, data any) ([]byte, error) {
	t, ok := s.byKind[kind]
	if !ok {
		return nil, fmt.Errorf("no template for page kind %q", kind)
	}
	hint := s.sizeHints[kind]
	buf := bytes.NewBuffer(dst[:0])
	buf.Grow(int(hint.Load()) + 1024)
	if err := t.ExecuteTemplate(buf, "base.html", data); err != nil {
		return nil, templateError(err)
	}
	hint.Store(int64(buf.Len()))
	return buf.Bytes(), nil
}

// Partial renders the template called name (a {{define}} of a partial, such
// as "lab-card") from kind's templates with data, as {{template name data}}
// inside a page would, and returns the HTML. key must name data wholly
// (the same key, the same data): what was rendered under a key in this
// generation or the one before is returned again without rendering. A
// list page showing every lab renders each lab's card once, and a rebuild
// after one lab changed renders only that lab's card.
func (s *Set) Partial(kind, name, key string, data any) (template.HTML, error) {
	return s.partial(kind+"\x00"+name+"\x00"+key, kind, name, data) // a page kind may define its own
}

// Execute renders the template called name from kind's templates with
// data, as {{template name data}} inside a page would, and returns the
// HTML; nothing is remembered (see Partial for that).
func (s *Set) Execute(kind, name string, data any) (template.HTML, error) {
	t, ok := s.byKind[kind]
	if !ok {
		return "", fmt.Errorf("no template for page kind %q", kind)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", templateError(err)
	}
	return template.HTML(buf.String()), nil
}

// partial is Partial under the memory's key memo.
func (s *Set) partial(memo, kind, name string, data any) (template.HTML, error) {
	s.partialsMu.Lock()
	h, ok := s.partials[memo]
	if !ok {
		if h, ok = s.oldPartials[memo]; ok {
			s.partials[memo] = h
		}
	}
	s.partialsMu.Unlock()
	if ok {
		return h, nil
	}
	h, err := s.Execute(kind, name, data)
	if err != nil {
		return "", err
	}
	s.partialsMu.Lock()
	if s.partials == nil {
		s.partials = map[string]template.HTML{}
	}
	s.partials[memo] = h
	s.partialsMu.Unlock()
	return h, nil
}

// NextGeneration starts a new generation of Partial's memory: what was
// not asked for since the previous call is forgotten at the next one.
func (s *Set) NextGeneration() {
	s.partialsMu.Lock()
	s.oldPartials, s.partials = s.partials, map[string]template.HTML{}
	s.partialsMu.Unlock()
}

// Error is a template error at a place in the layouts folder. Its text is
// "layouts/lab.html:12:5: msg", the path:line:col form every other error
// uses; Path, Line and Col carry the place as data.
type Error struct {
	// Path is the layout file, as in "layouts/lab.html", or "layouts" when
	// the template library names no file.
	Path string
	// Line and Col are the place the template library reports: Col is 0
	// when it gives only a line (parse errors), both are 0 when it gives
	// neither.
	Line, Col int
	// Msg says what is wrong, without the place.
	Msg string
	// Err is the template library's error.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteString(":" + strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Unwrap returns the template library's error.
func (e *Error) Unwrap() error { return e.Err }

// Diagnostic turns an error of loading or rendering the layouts into a
// diagnostic at the place it carries: an *Error's file, line and column,
// or a diag.Diagnostic's own; other errors are placed at the layouts
// folder.
func Diagnostic(err error) diag.Diagnostic {
	var le *Error
	if errors.As(err, &le) {
		return diag.Diagnostic{Path: le.Path, Line: le.Line, Col: le.Col, Msg: le.Msg}
	}
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return diag.Diagnostic{Path: "layouts", Msg: err.Error()}
}

// templateError turns an error of html/template or text/template into an
// *Error at the layout file and line it names. An escaping error
// (*template.Error) gives its place as data; the others give it only in
// their text, "template: lab.html:12:5: msg", which is read here, the one
// place that knows the libraries' format.
func templateError(err error) *Error {
	var te *template.Error
	if errors.As(err, &te) {
		return escapeError(te)
	}
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if name, line, col, rest, ok := cutPlace(msg); ok && strings.HasSuffix(name, ".html") {
		return &Error{Path: "layouts/" + name, Line: line, Col: col, Msg: rest, Err: err}
	}
	return &Error{Path: "layouts", Msg: msg, Err: err}
}

// escapeError places an html/template escaping error: at its node when it
// has one, else at the template and line it names.
func escapeError(te *template.Error) *Error {
	name, line, col := te.Name, te.Line, 0
	if te.Node != nil {
		loc, _ := (*parse.Tree)(nil).ErrorContext(te.Node)
		if n, l, c, _, ok := cutPlace(loc + ": "); ok {
			name, line, col = n, l, c
		}
	}
	if !strings.HasSuffix(name, ".html") {
		// A template defined inside a file ({{define "card"}}) names no
		// file: keep the library's text, which names the template.
		return &Error{Path: "layouts", Msg: te.Error(), Err: te}
	}
	return &Error{Path: "layouts/" + name, Line: line, Col: col, Msg: te.Description, Err: te}
}

// cutPlace splits "name:line:col: msg", "name:line: msg" or "name: msg"
// into its parts (line and col 0 when absent).
func cutPlace(s string) (name string, line, col int, msg string, ok bool) {
	name, rest, ok := strings.Cut(s, ":")
	if !ok || name == "" {
		return "", 0, 0, "", false
	}
	if msg, ok := strings.CutPrefix(rest, " "); ok {
		return name, 0, 0, msg, true
	}
	place, msg, ok := strings.Cut(rest, ": ")
	if !ok {
		return "", 0, 0, "", false
	}
	lineText, colText, hasCol := strings.Cut(place, ":")
	line, err := strconv.Atoi(lineText)
	if err != nil || line < 1 {
		return "", 0, 0, "", false
	}
	if hasCol {
		if col, err = strconv.Atoi(colText); err != nil || col < 0 {
			return "", 0, 0, "", false
		}
	}
	return name, line, col, msg, true
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
