// Package hlhtml writes highlighted tokens as HTML, byte for byte as
// chroma's HTML formatter writes them with the options
//
//	html.WithClasses(true), html.ClassPrefix(prefix), html.PreventSurroundingPre(true)
//
// (and no other option), for any style, but without its allocations: no
// line slices, no fmt, one table lookup per token.
//
// For these options chroma's formatter (v2.27.0, formatters/html/html.go,
// writeHTML) writes
//   - no pre wrapper and no line wrappers (<span class="line"> and
//     <span class="cl"> are written only without PreventSurroundingPre);
//   - each token, after SplitTokensIntoLines has cut its value after every
//     newline, as html.EscapeString of the piece, inside
//     <span class="PREFIXcls"> when the token type has a class and bare
//     when it has none. A type's class is its own in chroma.StandardTypes,
//     else its parent's (TokenType.Parent), up to type 0; a type whose
//     first entry found is "" (Text) has none;
//   - nothing for the style: with classes, styleAttr never reads the
//     style's CSS, so the output does not depend on the style.
//
// SplitTokensIntoLines also drops the empty piece after a value's last
// newline, and a last line that is one empty token. Format reads the
// tokens with Iterator.Tokens, which stops at the first token equal to
// chroma.EOF. The package's tests compare it with chroma's formatter.
package hlhtml

import (
	"bytes"
	"math"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// closeTag ends a token's span.
const closeTag = "</span>"

// Formatter holds the opening tag of every token type for one class
// prefix. It is read-only once made, so safe for concurrent use.
type Formatter struct {
	// lo is the token type of index[0]. The range covers every type in
	// chroma.StandardTypes and type 0, where every parent chain ends.
	lo chroma.TokenType
	// index maps a type t in range to tags[index[t-lo]].
	index []uint16
	// tags are the distinct opening tags; tags[0] is "", for no span.
	tags []string
}

// New returns the formatter for chroma's HTML formatter with classes,
// the class prefix and no surrounding pre.
func New(prefix string) *Formatter {
	var lo, hi chroma.TokenType
	for t := range chroma.StandardTypes {
		lo, hi = min(lo, t), max(hi, t)
	}
	f := &Formatter{lo: lo, index: make([]uint16, hi-lo+1), tags: []string{""}}
	// As chroma's Formatter.class: a type in StandardTypes has its own
	// class, "" for none; type 0 has none unless listed; any other type
	// has its parent's.
	const unset = math.MaxUint16
	for i := range f.index {
		f.index[i] = unset
	}
	for t, cls := range chroma.StandardTypes {
		i := uint16(0)
		if cls != "" {
			i = uint16(len(f.tags))
			f.tags = append(f.tags, `<span class="`+prefix+cls+`">`)
		}
		f.index[t-lo] = i
	}
	if f.index[-lo] == unset {
		f.index[-lo] = 0
	}
	var resolve func(t chroma.TokenType) uint16
	resolve = func(t chroma.TokenType) uint16 {
		if i := f.index[t-lo]; i != unset {
			return i
		}
		i := resolve(t.Parent())
		f.index[t-lo] = i
		return i
	}
	for t := lo; t <= hi; t++ {
		resolve(t)
	}
	return f
}

// tag returns the opening tag for t, "" when t has no class. A type out of
// the table's range is in no StandardTypes entry, so it takes its parent's
// tag; every parent chain reaches type 0, which is in range.
func (f *Formatter) tag(t chroma.TokenType) string {
	for {
		if i := uint(t - f.lo); i < uint(len(f.index)) {
			return f.tags[f.index[i]]
		}
		t = t.Parent()
	}
}

// Append appends the HTML for tokens to dst and returns it.
func (f *Formatter) Append(dst []byte, tokens []chroma.Token) []byte {
	tokens = trim(tokens)
	for _, tok := range tokens {
		open := f.tag(tok.Type)
		v := tok.Value
		if open == "" {
			dst = appendEscaped(dst, v)
			continue
		}
		// One span per line piece; the piece after the last newline only
		// when it is not empty (or the value is empty).
		for {
			i := strings.IndexByte(v, '\n')
			if i < 0 || i == len(v)-1 {
				break
			}
			dst = append(dst, open...)
			dst = appendEscaped(dst, v[:i+1])
			dst = append(dst, closeTag...)
			v = v[i+1:]
		}
		dst = append(dst, open...)
		dst = appendEscaped(dst, v)
		dst = append(dst, closeTag...)
	}
	return dst
}

// Write writes the HTML for tokens into b.
func (f *Formatter) Write(b *bytes.Buffer, tokens []chroma.Token) {
	n := 0
	for _, tok := range tokens {
		n += len(tok.Value) + 32
	}
	b.Grow(n + n/8)
	b.Write(f.Append(b.AvailableBuffer(), tokens))
}

// trim returns the tokens chroma's formatter writes: those before the
// first chroma.EOF (where Iterator.Tokens stops), less a last token with
// an empty value that SplitTokensIntoLines drops as a line of its own.
func trim(tokens []chroma.Token) []chroma.Token {
	for i, tok := range tokens {
		if tok.Type == chroma.EOFType && tok.Value == "" {
			tokens = tokens[:i]
			break
		}
	}
	if n := len(tokens); n > 0 && tokens[n-1].Value == "" && (n == 1 || strings.HasSuffix(tokens[n-2].Value, "\n")) {
		tokens = tokens[:n-1]
	}
	return tokens
}

// appendEscaped appends html.EscapeString(s) to dst: & ' < > " become
// &amp; &#39; &lt; &gt; &#34;, every other byte is kept.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}
