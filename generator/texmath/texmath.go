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
	// Labels lists the labels Ref knows, for a "did you mean" when a
	// reference names none of them.
	Labels []string
	// Num resolves \num{ref} and \num[digits]{ref} (digits is -1 when
	// not given) to the TeX of a value, such as "0.5329" or
	// "(1.1312, 0.8688)", which is converted in place; an error is
	// reported at the argument. If Num is nil, \num is an unknown command.
	Num func(ref string, digits int) (tex string, err error)
}

// Label is one \label{...} found by Labels.
type Label struct {
	Name   string // the label as written, for example "eq:attention"
	Offset int    // byte offset of the \label command in the source
}

// Error is returned by Convert and Labels for invalid input.
type Error struct {
	Offset  int    // byte offset into the TeX source of the offending token
	End     int    // byte offset just after it (Offset when it is a point)
	Msg     string // what is wrong, for example `unknown command \foo`
	Snippet string // the offending token or a short excerpt around it
	// Related lists other tokens involved, such as the "{" that a missing
	// "}" should close.
	Related []Related
	// Also holds further independent errors of the same formula (a second
	// \num that cannot be resolved), so that one does not hide another.
	Also []*Error
}

// Related is a token that an Error involves besides the offending one.
type Related struct {
	Offset, End int    // byte range in the TeX source
	Msg         string // what it is, for example `the "{" opened here`
}

// Error formats the error as "offset N: message (at snippet)", followed by
// "; offset M: note" for each related token and each further error.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "offset %d: %s", e.Offset, e.Msg)
	if e.Snippet != "" {
		fmt.Fprintf(&b, " (at %s)", e.Snippet)
	}
	for _, r := range e.Related {
		fmt.Fprintf(&b, "; offset %d: %s", r.Offset, r.Msg)
	}
	for _, a := range e.Also {
		b.WriteString("; " + a.Error())
	}
	return b.String()
}

// unclosedError is the error for an opening token (a "{" or "[") whose
// closing one is missing: at the end of the input where it was expected,
// with a note at the opener.
func unclosedError(src string, open, close string, at, openPos, openEnd int) *Error {
	return &Error{Offset: at, End: at, Msg: fmt.Sprintf(`expected %q to close %q`, close, open), Snippet: "end of input",
		Related: []Related{{Offset: openPos, End: openEnd, Msg: fmt.Sprintf(`the %q opened here`, open)}}}
}

// Convert turns one TeX expression (without its $ or \[ delimiters) into
// a <math> element. The element holds a <semantics> with the rendering and
// an annotation with the TeX source exactly as given (with each \num
// replaced by its value, so that the TeX can be copied elsewhere). \label{...} is
// dropped from the rendering: the caller shows equation numbers.
func Convert(tex string, opts Options) (string, error) {
	if err := tooLong(tex); err != nil {
		return "", err
	}
	root, subs, err := parseSubs(tex, opts)
	if err != nil {
		return "", err
	}

	var b strings.Builder
	b.Grow(len(tex)*12 + 128)
	writeMath(&b, root, withSubstitutions(tex, subs), opts.Display)
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
		return "", i, &Error{Offset: cmd.pos, End: cmd.end, Msg: fmt.Sprintf(`missing argument of \%s`, cmd.text), Snippet: `\` + cmd.text}
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
	return "", len(toks), unclosedError(src, "{", "}", len(src), open.pos, open.end)
}
