package markdown

import (
	"bytes"
	_ "embed"
	"html"
	"io"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"

	"paperlab/generator/hlhtml"
	"paperlab/generator/pylex"
)

// Highlight themes: the light one applies by default, the dark one under
// prefers-color-scheme: dark.
const (
	LightTheme = "github"
	DarkTheme  = "github-dark"
)

// classPrefix begins every highlighting class.
const classPrefix = "hl-"

// newFormatter returns chroma's formatter for the highlighting classes;
// hlhtml.New(classPrefix) writes what it writes.
func newFormatter() *chtml.Formatter {
	return chtml.New(chtml.WithClasses(true), chtml.ClassPrefix(classPrefix), chtml.PreventSurroundingPre(true))
}

// Highlighter colours code with chroma. It keeps the lexer found for each
// language; it is safe for concurrent use, so one Highlighter can serve a
// whole build.
//
// Code in a language chroma lexes with its Python lexer is first offered to
// pylex, which gives the same tokens for common code without running the
// lexer's regular expressions; what pylex declines goes to chroma.
//
// The tokens are written by hlhtml, which writes the bytes chroma's HTML
// formatter (newFormatter, with the light theme) writes, without its
// allocations.
type Highlighter struct {
	html *hlhtml.Formatter
	// lexers maps a language to its lexerEntry.
	lexers sync.Map
	// chromaOnly turns off pylex and hlhtml: chroma lexes and formats
	// every block (the reference, for tests).
	chromaOnly bool
	formatter  *chtml.Formatter
	style      *chroma.Style // the light theme, set with chromaOnly
}

// lexerEntry is the coalescing lexer for a language, nil when chroma has
// none, and whether it is chroma's Python lexer.
type lexerEntry struct {
	lexer  chroma.Lexer
	python bool
}

// pythonLexer is the lexer pylex stands in for.
var pythonLexer = lexers.Get("python")

// tokenSlices holds token slices; one longer than maxPooledTokens is
// left to the collector.
var tokenSlices = sync.Pool{New: func() any { s := make([]chroma.Token, 0, 256); return &s }}

const maxPooledTokens = 1 << 14

// NewHighlighter returns a highlighter using the light theme's classes.
func NewHighlighter() *Highlighter {
	return &Highlighter{html: hlhtml.New(classPrefix), formatter: newFormatter()}
}

// lexer returns the entry for lang: lexers.Get searches the whole registry
// for a name it does not know, so each language is looked up once.
func (h *Highlighter) lexer(lang string) lexerEntry {
	if e, ok := h.lexers.Load(lang); ok {
		return e.(lexerEntry)
	}
	var e lexerEntry
	if found := lexers.Get(lang); found != nil {
		e = lexerEntry{lexer: chroma.Coalesce(found), python: found == pythonLexer}
	}
	h.lexers.Store(lang, e)
	return e
}

// tokens returns the tokens of code, pylex's for Python code it takes,
// else the lexer's, in a slice from tokenSlices for putTokens once the
// tokens are written.
func (h *Highlighter) tokens(e lexerEntry, code string) (*[]chroma.Token, error) {
	buf := tokenSlices.Get().(*[]chroma.Token)
	if e.python && !h.chromaOnly {
		if toks, ok := pylex.AppendTokens((*buf)[:0], code); ok {
			*buf = toks
			return buf, nil
		}
	}
	it, err := e.lexer.Tokenise(nil, code)
	if err != nil {
		putTokens(buf)
		return nil, err
	}
	// As Iterator.Tokens, which chroma's formatter reads.
	toks := (*buf)[:0]
	for t := it(); t != chroma.EOF; t = it() {
		toks = append(toks, t)
	}
	*buf = toks
	return buf, nil
}

// putTokens returns a slice from tokens to the pool.
func putTokens(buf *[]chroma.Token) {
	if cap(*buf) > maxPooledTokens {
		return
	}
	clear(*buf) // drop the references to the code
	*buf = (*buf)[:0]
	tokenSlices.Put(buf)
}

// highlight writes code in lang as HTML with CSS classes. An unknown or
// empty language is written as plain, escaped text.
func (h *Highlighter) highlight(w io.Writer, code, lang string) {
	e := h.lexer(lang)
	io.WriteString(w, `<pre class="code"><code`)
	if lang != "" {
		io.WriteString(w, ` class="language-`)
		io.WriteString(w, html.EscapeString(lang))
		io.WriteString(w, `"`)
	}
	io.WriteString(w, ">")
	if e.lexer == nil {
		io.WriteString(w, html.EscapeString(code))
		io.WriteString(w, "</code></pre>\n")
		return
	}
	toks, err := h.tokens(e, code)
	switch {
	case err != nil:
		io.WriteString(w, html.EscapeString(code))
	case h.chromaOnly:
		var buf bytes.Buffer
		if h.formatter.Format(&buf, h.style, chroma.Literator(*toks...)) != nil {
			buf.Reset()
			buf.WriteString(html.EscapeString(code))
		}
		w.Write(buf.Bytes())
	default:
		// Straight into a buffer.
		switch b := w.(type) {
		case *renderBuffer:
			h.html.Write(&b.Buffer, *toks)
		case *bytes.Buffer:
			h.html.Write(b, *toks)
		default:
			w.Write(h.html.Append(nil, *toks))
		}
	}
	if toks != nil {
		putTokens(toks)
	}
	io.WriteString(w, "</code></pre>\n")
}

// HighlightCSS returns the stylesheet for highlighted code: the light
// theme, then the dark theme inside a prefers-color-scheme: dark media
// query, colours only (backgrounds follow the page). It is chroma's own
// CSS for the two themes, generated once and kept in highlight.css
// (TestHighlightCSSIsChromas makes it again and compares): linking
// chroma's style registry would cost every run of paperlab 10 ms and
// 40,000 allocations to parse themes it never uses.
func HighlightCSS() string { return highlightCSS }

//go:embed highlight.css
var highlightCSS string
