package texmath

import (
	"fmt"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tokEOF     tokKind = iota
	tokChar            // one character that is not special: text holds it
	tokCommand         // a control sequence: text holds its name without the backslash
	tokOpen            // {
	tokClose           // }
	tokSup             // ^
	tokSub             // _
	tokAlign           // &
	tokSpace           // a run of white space (kept for text mode)
	tokParam           // #1 .. #9 in a macro body: text holds the digit
	tokTilde           // ~ (a non-breaking space)
	tokPrime           // ' (a prime)
)

// token is one lexical token with its byte span in the source it was read
// from. Tokens that come from expanding a macro carry the span of the macro
// call, so that errors point at what the author wrote.
type token struct {
	kind     tokKind
	text     string
	pos, end int
}

// lex splits src into tokens. Comments (% to the end of the line) are
// dropped. The only lexical error is a lone backslash at the very end.
func lex(src string) ([]token, error) {
	for i, r := range src {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(src[i:]); size == 1 {
				return nil, &Error{Offset: i, Msg: "invalid UTF-8", Snippet: fmt.Sprintf("%q", src[i:i+1])}
			}
		}
		if !allowedRune(r) && r != '\t' && r != '\n' && r != '\r' {
			return nil, &Error{Offset: i, Msg: fmt.Sprintf("invalid character %U", r), Snippet: fmt.Sprintf("%q", string(r))}
		}
	}
	toks := make([]token, 0, len(src)+1) // a token takes at least a byte: it never grows
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			j := i + 1
			for j < len(src) && isSpace(src[j]) {
				j++
			}
			toks = append(toks, token{tokSpace, " ", i, j})
			i = j
		case '%':
			j := i
			for j < len(src) && src[j] != '\n' {
				j++
			}
			i = j
		case '\\':
			if i+1 >= len(src) {
				return nil, &Error{Offset: i, Msg: "lone backslash at end of input", Snippet: `\`}
			}
			j := i + 1
			if isLetter(src[j]) {
				for j < len(src) && isLetter(src[j]) {
					j++
				}
				// \operatorname* and friends: a star belongs to the name.
				if j < len(src) && src[j] == '*' && starred(src[i+1:j]) {
					j++
				}
			} else {
				r, size := utf8.DecodeRuneInString(src[j:])
				if r == utf8.RuneError && size == 1 || !allowedRune(r) && !isSpace(src[j]) {
					return nil, &Error{Offset: j, Msg: "invalid character after backslash", Snippet: fmt.Sprintf("%q", src[j:j+size])}
				}
				j += size
			}
			toks = append(toks, token{tokCommand, src[i+1 : j], i, j})
			i = j
		case '{', '}', '^', '_', '&', '~', '\'':
			toks = append(toks, token{specialKind(c), src[i : i+1], i, i + 1})
			i++
		case '#':
			if i+1 < len(src) && src[i+1] >= '1' && src[i+1] <= '9' {
				toks = append(toks, token{tokParam, src[i+1 : i+2], i, i + 2})
				i += 2
				continue
			}
			toks = append(toks, token{tokChar, "#", i, i + 1})
			i++
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, &Error{Offset: i, Msg: "invalid UTF-8", Snippet: fmt.Sprintf("%q", src[i:i+1])}
			}
			if !allowedRune(r) {
				return nil, &Error{Offset: i, Msg: fmt.Sprintf("invalid character %U", r), Snippet: fmt.Sprintf("%q", src[i:i+size])}
			}
			toks = append(toks, token{tokChar, src[i : i+size], i, i + size})
			i += size
		}
	}
	return toks, nil
}

// allowedRune reports whether r may appear in the source: control
// characters and noncharacters cannot be written to an HTML page.
func allowedRune(r rune) bool {
	switch {
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return false
	case r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe:
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	}
	return true
}

// specialKind is the token kind of a one-byte special character.
func specialKind(c byte) tokKind {
	switch c {
	case '{':
		return tokOpen
	case '}':
		return tokClose
	case '^':
		return tokSup
	case '_':
		return tokSub
	case '&':
		return tokAlign
	case '~':
		return tokTilde
	}
	return tokPrime
}

// starred reports whether a command name takes a star as part of its name.
func starred(name string) bool {
	switch name {
	case "operatorname", "tag":
		return true
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool {
	return c >= '0' && c <= '9'
}
