// Package texmath converts TeX math (the subset that research papers use)
// to MathML Core, so that pages can show formulas without JavaScript,
// remote fonts or a CDN.
//
// The conversion runs in three steps, each in a file of its own: a lexer
// (lexer.go) splits the TeX source into tokens with byte offsets, a parser
// (parser.go, with commands.go, envs.go and macros.go) builds a tree of
// nodes that keep the byte span they came from (ast.go), and a writer
// (writer.go) prints the tree as MathML. The output follows the
// conventions of Temml, a widely used TeX-to-MathML converter: styled
// letters are written as Unicode mathematical alphanumeric characters,
// since MathML Core renderers ignore most mathvariant values.
//
// Invalid input is reported as an *Error with the byte offset of the
// offending token.
package texmath

import (
	"fmt"
	"strings"
)

// DefaultMaxDepth is the nesting limit used when Options.MaxDepth is 0.
const DefaultMaxDepth = 64

// MaxBytes is the longest formula converted (128 KiB): a longer one is
// refused before it is read, since conversion costs memory in proportion.
const MaxBytes = 128 << 10

// tooLong refuses a formula over MaxBytes.
func tooLong(tex string) error {
	if len(tex) <= MaxBytes {
		return nil
	}
	return &Error{Offset: 0, Msg: fmt.Sprintf("formula of %d bytes is longer than the limit of %d bytes", len(tex), MaxBytes)}
}

// Options configures one conversion.
type Options struct {
	// Display selects display math (a block of its own, display style)
	// instead of inline math.
	Display bool
	// Macros maps a macro name without the backslash to its TeX body. The
	// body may use #1..#9; the macro takes as many arguments as the
	// highest #n used. User macros take precedence over built-in commands.
	Macros map[string]string
	// MaxDepth limits how deeply groups, fractions, roots, scripts,
	// delimiters and environments may nest; 0 means DefaultMaxDepth.
	MaxDepth int
	// Ref resolves \eqref{label} and \ref{label} to the number shown (for
	// example "3") and the link target (for example "#eq-attention"). If
	// Ref is nil or returns ok=false, the reference is an error.
	Ref func(label string) (number string, href string, ok bool)
}

// Label is one \label{...} found by Labels.
type Label struct {
	Name   string // the label as written, for example "eq:attention"
	Offset int    // byte offset of the \label command in the source
}

// Error is returned by Convert and Labels for invalid input.
type Error struct {
	Offset  int    // byte offset into the TeX source of the offending token
	Msg     string // what is wrong, for example `unknown command \foo`
	Snippet string // the offending token or a short excerpt around it
}

// Error formats the error as "offset N: message (at "snippet")".
func (e *Error) Error() string {
	if e.Snippet == "" {
		return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg)
	}
	return fmt.Sprintf("offset %d: %s (at %q)", e.Offset, e.Msg, e.Snippet)
}

// Convert turns one TeX expression (without its $ or \[ delimiters) into
// a <math> element. The element holds a <semantics> with the rendering and
// an annotation with the TeX source exactly as given. \label{...} is
// dropped from the rendering: the caller shows equation numbers.
func Convert(tex string, opts Options) (string, error) {
	if err := tooLong(tex); err != nil {
		return "", err
	}
	root, err := parse(tex, opts)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(tex)*12 + 128)
	writeMath(&b, root, tex, opts.Display)
	return b.String(), nil
}

// Labels returns the \label{...} names in tex in source order with the byte
// offsets of their \label commands, without converting tex. Macros are not
// expanded, so a label inside a macro body is not found. It returns an
// error if tex cannot be scanned or a \label has no well-formed argument.
func Labels(tex string) ([]Label, error) {
	if err := tooLong(tex); err != nil {
		return nil, err
	}
	toks, err := lex(tex)
	if err != nil {
		return nil, err
	}
	var labels []Label
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokCommand || t.text != "label" {
			continue
		}
		name, next, err := rawGroup(tex, toks, i+1, t)
		if err != nil {
			return nil, err
		}
		labels = append(labels, Label{Name: name, Offset: t.pos})
		i = next - 1
	}
	return labels, nil
}

// rawGroup reads the braced argument of the command token cmd starting at
// toks[i] (spaces before it are skipped) and returns its source text with
// surrounding space trimmed and the index after the closing brace.
func rawGroup(src string, toks []token, i int, cmd token) (string, int, error) {
	for i < len(toks) && toks[i].kind == tokSpace {
		i++
	}
	if i >= len(toks) || toks[i].kind != tokOpen {
		return "", i, &Error{Offset: cmd.pos, Msg: fmt.Sprintf(`missing argument of \%s`, cmd.text), Snippet: `\` + cmd.text}
	}
	open := toks[i]
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j].kind {
		case tokOpen:
			depth++
		case tokClose:
			depth--
			if depth == 0 {
				return strings.TrimSpace(src[open.end:toks[j].pos]), j + 1, nil
			}
		}
	}
	return "", len(toks), &Error{Offset: open.pos, Msg: fmt.Sprintf(`expected "}" to close "{" opened at offset %d`, open.pos), Snippet: snippet(src, open.pos)}
}

// snippet returns a short excerpt of src starting at byte offset pos.
func snippet(src string, pos int) string {
	if pos >= len(src) {
		return ""
	}
	end := pos + 20
	if end >= len(src) {
		return src[pos:]
	}
	for end > pos && end < len(src) && src[end]&0xC0 == 0x80 {
		end--
	}
	return src[pos:end]
}
