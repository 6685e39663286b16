// Package pylex tokenises common Python exactly as chroma's Python lexer
// does, or declines.
//
// Its one job is to give the highlighter the token stream that
// chroma.Coalesce(lexers.Get("python")) would give, without running the
// lexer's regular expressions. It mirrors the lexer's states rule by rule
// (root, funcname, classname, import, fromimport, the string states with
// their %- and {}-interpolation, and the f-string states with the
// expression of a replacement field), and declines every input in which
// it would have to know more: triple-quoted strings, raw f-strings (rf,
// fr), the escapes \N{...}, \u, \U, \x and octal, a backslash before a
// newline, line continuations, a hashbang, non-ASCII text outside comments
// and strings, control characters and carriage returns, unterminated
// strings, numbers with underscores, a base prefix or a suffix, an
// attribute, index, fill or alignment in a str.format field, and what
// chroma would make an error token of. Inputs over 8 KiB are declined too. A declined input is
// for chroma to tokenise.
//
// The rules it follows are those of chroma v2.27.0's
// lexers/embedded/python.xml; the tests compare it with chroma itself.
package pylex

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// maxLen is the longest input taken. The coalescer stops growing a token
// once it holds 8192 bytes; no token of a shorter input can reach that.
const maxLen = 8192

// Tokens returns the coalesced tokens chroma's Python lexer gives for
// code, or false when it declines code.
func Tokens(code string) ([]chroma.Token, bool) {
	return AppendTokens(nil, code)
}

// AppendTokens appends the tokens of code to dst, as Tokens. When it
// declines, it returns dst[:len(dst)] and false. The tokens' values are
// substrings of code.
func AppendTokens(dst []chroma.Token, code string) ([]chroma.Token, bool) {
	if !plain(code) {
		return dst, false
	}
	l := lexer{src: code, toks: dst, base: len(dst)}
	if !l.root() {
		return dst[:l.base], false
	}
	return l.toks, true
}

// plain reports whether code is short enough and free of what the lexer
// declines wherever it stands: control characters other than tab and
// newline (chroma turns a carriage return into a newline before lexing),
// invalid UTF-8 and a hashbang.
func plain(code string) bool {
	if len(code) > maxLen || strings.HasPrefix(code, "#!") {
		return false
	}
	ascii := true
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	return ascii || utf8.ValidString(code)
}

type lexer struct {
	src  string
	pos  int
	toks []chroma.Token
	base int // len(toks) on entry: tokens before it are the caller's
}

// emit makes src[pos:end] a token of type t, joining it to the last token
// when that has the same type, as chroma.Coalesce does.
func (l *lexer) emit(t chroma.TokenType, end int) {
	if end == l.pos {
		return
	}
	if n := len(l.toks); n > l.base && l.toks[n-1].Type == t {
		last := &l.toks[n-1]
		// Tokens are adjacent substrings of src: extend the last one.
		start := l.pos - len(last.Value)
		last.Value = l.src[start:end]
	} else {
		l.toks = append(l.toks, chroma.Token{Type: t, Value: l.src[l.pos:end]})
	}
	l.pos = end
}

func (l *lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSpace is \s for the bytes plain lets through.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// word returns the end of the run of ASCII word characters from i, and
// false when a non-ASCII character follows it: that may be a letter (of
// the name, or deciding a \b), which the lexer does not judge.
func (l *lexer) word(i int) (int, bool) {
	for i < len(l.src) && isWordByte(l.src[i]) {
		i++
	}
	return i, l.at(i) < 0x80
}

// spaces returns the end of the run of \s from i.
func (l *lexer) spaces(i int) int {
	for i < len(l.src) && isSpace(l.src[i]) {
		i++
	}
	return i
}

// blanks returns the end of the run of [^\S\n] from i.
func (l *lexer) blanks(i int) int {
	for i < len(l.src) && (l.src[i] == ' ' || l.src[i] == '\t') {
		i++
	}
	return i
}

// root lexes the whole input in the root state, entering the other states
// where the lexer's rules push them. It returns false to decline.
func (l *lexer) root() bool {
	src := l.src
	for l.pos < len(src) {
		c := src[l.pos]
		switch {
		case c == '\n':
			l.emit(chroma.Text, l.pos+1)
		case c == ' ' || c == '\t':
			l.emit(chroma.Text, l.blanks(l.pos))
		case c == '#':
			end := strings.IndexByte(src[l.pos:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += l.pos
			}
			l.emit(chroma.CommentSingle, end)
		case isIdentStart(c):
			if !l.name() {
				return false
			}
		case isDigit(c):
			if !l.number() {
				return false
			}
		case c == '.':
			if isDigit(l.at(l.pos + 1)) {
				if !l.number() {
					return false
				}
			} else {
				l.emit(chroma.Operator, l.pos+1)
			}
		case c == '"' || c == '\'':
			if !l.str(c, false) {
				return false
			}
		case c == '!':
			if l.at(l.pos+1) != '=' {
				return false
			}
			l.emit(chroma.Operator, l.pos+2)
		case c == ':':
			if l.at(l.pos+1) == '=' {
				l.emit(chroma.Operator, l.pos+2)
			} else {
				l.emit(chroma.Punctuation, l.pos+1)
			}
		case strings.IndexByte("-~+/*%=<>&^|", c) >= 0:
			l.emit(chroma.Operator, l.pos+1)
		case strings.IndexByte("[]{}(),;", c) >= 0:
			l.emit(chroma.Punctuation, l.pos+1)
		case c == '@':
			if !l.at_() {
				return false
			}
		default:
			// A backslash, one of $ ? `, or a non-ASCII character.
			return false
		}
	}
	return true
}

// name lexes a word in the root state: keywords, def, class, from and
// import, then the expression rules.
func (l *lexer) name() bool {
	src := l.src
	end, ok := l.word(l.pos)
	if !ok {
		return false
	}
	w := src[l.pos:end]
	k := words[w]
	switch {
	case k == kwYield:
		// (yield from|...|yield|...)\b
		e, ok := l.twoWords(end, "yield", " from")
		if !ok {
			return false
		}
		l.emit(chroma.Keyword, e)
		return true
	case k == kwKeyword:
		l.emit(chroma.Keyword, end)
		return true
	case k == kwConstant:
		l.emit(chroma.KeywordConstant, end)
		return true
	case k >= kwDef && k <= kwImport && isSpace(l.at(end)):
		// (def)((?:\s|\\\s)+) and the like; a backslash never gets here.
		typ := chroma.Keyword
		if k == kwFrom || k == kwImport {
			typ = chroma.KeywordNamespace
		}
		l.emit(typ, end)
		l.emit(chroma.Text, l.spaces(l.pos))
		switch k {
		case kwDef:
			return l.funcname()
		case kwClass:
			return l.classname()
		case kwFrom:
			return l.fromimport()
		default:
			return l.imports()
		}
	}
	return l.exprName(end, k, false)
}

// exprName lexes the word src[pos:end], of kind k, by the expression
// rules: a string's prefix, an operator word, then (inside an f-string's
// replacement field, where the root state's rules do not apply) the
// expression keywords, builtins, magic names and plain names.
func (l *lexer) exprName(end int, k kind, inField bool) bool {
	src := l.src
	w := src[l.pos:end]
	if q := l.at(end); q == '"' || q == '\'' {
		if handled, ok := l.prefixed(w, end, q); handled {
			return ok
		}
	}
	if inField {
		switch k {
		case kwYield, kwKeyword:
			// (yield from|async for|lambda|yield|await|else|for|if)\b
			e, ok := l.twoWords(end, "yield", " from")
			if !ok {
				return false
			}
			if e == end {
				if e, ok = l.twoWords(end, "async", " for"); !ok {
					return false
				}
			}
			if e != end {
				l.emit(chroma.Keyword, e)
				return true
			}
			switch w {
			case "lambda", "yield", "await", "else", "for", "if":
				l.emit(chroma.Keyword, end)
				return true
			}
			k = kwNone
		case kwConstant:
			l.emit(chroma.KeywordConstant, end)
			return true
		case kwDef, kwClass, kwFrom, kwImport:
			k = kwNone
		}
	}
	typ := chroma.Name
	afterDot := l.pos > 0 && src[l.pos-1] == '.'
	switch k {
	case kwOperator:
		typ = chroma.OperatorWord
	case kwBuiltin:
		if !afterDot { // (?<!\.)
			typ = chroma.NameBuiltin
		}
	case kwPseudo:
		if !afterDot {
			typ = chroma.NameBuiltinPseudo
		}
	case kwException:
		if !afterDot {
			typ = chroma.NameException
		}
	case kwMagicFunc:
		typ = chroma.NameFunctionMagic
	case kwMagicVar:
		typ = chroma.NameVariableMagic
	}
	l.emit(typ, end)
	return true
}

// twoWords returns the end of first+second (as "yield from") when the word
// src[pos:end] is first and second follows it as a whole word, else end.
// It returns false when a non-ASCII character decides.
func (l *lexer) twoWords(end int, first, second string) (int, bool) {
	if l.src[l.pos:end] != first || !strings.HasPrefix(l.src[end:], second) {
		return end, true
	}
	e := end + len(second)
	if c := l.at(e); c >= 0x80 {
		return end, false
	} else if isWordByte(c) {
		return end, true
	}
	return e, true
}

// prefixed lexes a string whose prefix w (ending at end, before quote q)
// is one of the lexer's: it reports whether w is a prefix, and whether the
// string was lexed. Raw f-strings are declined.
func (l *lexer) prefixed(w string, end int, q byte) (handled, ok bool) {
	// lower folds an ASCII letter's case; w holds only word characters.
	lower := func(i int) byte { return w[i] | 0x20 }
	switch {
	case len(w) == 2 && (lower(0) == 'r' && lower(1) == 'f' || lower(0) == 'f' && lower(1) == 'r'):
		return true, false
	case len(w) == 1 && lower(0) == 'f':
		l.emit(chroma.LiteralStringAffix, end)
		return true, l.fstr(q)
	case len(w) == 1 && lower(0) == 'r',
		len(w) == 2 && (lower(0) == 'r' && lower(1) == 'b' || lower(0) == 'b' && lower(1) == 'r'):
		// (?i)(rb|br|r)(") then the dqs state, without stringescape.
		l.emit(chroma.LiteralStringAffix, end)
		return true, l.str(q, true)
	}
	switch w {
	case "u", "U", "b", "B":
		l.emit(chroma.LiteralStringAffix, end)
		return true, l.str(q, false)
	}
	return false, false
}

// funcname is the state after "def": a magic method's name or a name, or
// nothing.
func (l *lexer) funcname() bool {
	if l.pos == len(l.src) || !isIdentStart(l.src[l.pos]) {
		return l.at(l.pos) < 0x80
	}
	end, ok := l.word(l.pos)
	if !ok {
		return false
	}
	if words[l.src[l.pos:end]] == kwMagicFunc {
		l.emit(chroma.NameFunctionMagic, end)
	} else {
		l.emit(chroma.NameFunction, end)
	}
	return true
}

// classname is the state after "class": a name. Anything else is an
// error token in chroma, which this package does not produce.
func (l *lexer) classname() bool {
	if l.pos == len(l.src) {
		return true
	}
	if !isIdentStart(l.src[l.pos]) {
		return false
	}
	end, ok := l.word(l.pos)
	if !ok {
		return false
	}
	l.emit(chroma.NameClass, end)
	return true
}

// fromimport is the state after "from": dotted module names up to the
// "import" keyword.
func (l *lexer) fromimport() bool {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case isSpace(c):
			// (\s+)(import)\b
			sp := l.spaces(l.pos)
			if !strings.HasPrefix(l.src[sp:], "import") {
				return l.at(sp) < 0x80
			}
			e := sp + len("import")
			if n := l.at(e); n >= 0x80 {
				return false
			} else if isWordByte(n) {
				return true
			}
			l.emit(chroma.Text, sp)
			l.emit(chroma.KeywordNamespace, e)
			return true
		case c == '.':
			l.emit(chroma.NameNamespace, l.pos+1)
		case isIdentStart(c):
			end, ok := l.word(l.pos)
			if !ok {
				return false
			}
			if l.src[l.pos:end] == "None" {
				l.emit(chroma.NameBuiltinPseudo, end)
				return true
			}
			l.emit(chroma.NameNamespace, end)
		default:
			return c < 0x80
		}
	}
	return true
}

// imports is the state after "import": dotted names, "as" and commas.
func (l *lexer) imports() bool {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case isSpace(c):
			sp := l.spaces(l.pos)
			// (\s+)(as)(\s+)
			if strings.HasPrefix(l.src[sp:], "as") && isSpace(l.at(sp+2)) {
				l.emit(chroma.Text, sp)
				l.emit(chroma.Keyword, sp+2)
				l.emit(chroma.Text, l.spaces(l.pos))
				continue
			}
			// (\s*)(,)(\s*)
			if l.at(sp) == ',' {
				l.emit(chroma.Text, sp)
				l.emit(chroma.Operator, sp+1)
				l.emit(chroma.Text, l.spaces(l.pos))
				continue
			}
			return l.at(sp) < 0x80
		case c == ',':
			l.emit(chroma.Operator, l.pos+1)
			l.emit(chroma.Text, l.spaces(l.pos))
		case c == '.':
			l.emit(chroma.NameNamespace, l.pos+1)
		case isIdentStart(c):
			end, ok := l.word(l.pos)
			if !ok {
				return false
			}
			l.emit(chroma.NameNamespace, end)
		default:
			return c < 0x80
		}
	}
	return true
}

// number lexes a number from a digit, or from a dot before a digit. It
// takes decimal integers and floats (with an exponent) and declines
// underscores, base prefixes, the imaginary suffix and a number followed
// by a word character or a dot.
func (l *lexer) number() bool {
	src := l.src
	digits := func(i int) int {
		for i < len(src) && isDigit(src[i]) {
			i++
		}
		return i
	}
	// exponent returns the end of [eE][+-]?\d+ at i, or i.
	exponent := func(i int) int {
		if c := l.at(i); c != 'e' && c != 'E' {
			return i
		}
		j := i + 1
		if c := l.at(j); c == '+' || c == '-' {
			j++
		}
		if !isDigit(l.at(j)) {
			return i
		}
		return digits(j)
	}
	end := digits(l.pos)
	typ := chroma.LiteralNumberInteger
	if l.at(end) == '.' {
		end = exponent(digits(end + 1))
		typ = chroma.LiteralNumberFloat
	} else if e := exponent(end); e != end {
		end = e
		typ = chroma.LiteralNumberFloat
	}
	if c := l.at(end); isWordByte(c) || c == '.' || c >= 0x80 {
		return false
	}
	l.emit(typ, end)
	return true
}

// at_ lexes "@": a decorator name when a name follows, else the operator.
func (l *lexer) at_() bool {
	// @[_\p{L}][_\p{L}\p{N}]*(\s*\.\s*[_\p{L}][_\p{L}\p{N}]*)*
	c := l.at(l.pos + 1)
	if c >= 0x80 {
		return false
	}
	if !isIdentStart(c) {
		l.emit(chroma.Operator, l.pos+1)
		return true
	}
	end, ok := l.word(l.pos + 1)
	if !ok {
		return false
	}
	for {
		i := l.spaces(end)
		if l.at(i) != '.' {
			if l.at(i) >= 0x80 {
				return false
			}
			break
		}
		i = l.spaces(i + 1)
		if c := l.at(i); c >= 0x80 {
			return false
		} else if !isIdentStart(c) {
			break
		}
		e, ok := l.word(i)
		if !ok {
			return false
		}
		end = e
	}
	l.emit(chroma.NameDecorator, end)
	return true
}

// str lexes a string's quotes and body, from its opening quote q (after
// any prefix), in the state dqs or sqs: combined with stringescape, or for
// a raw string (raw) alone.
func (l *lexer) str(q byte, raw bool) bool {
	src := l.src
	if l.at(l.pos+1) == q && l.at(l.pos+2) == q {
		return false // triple-quoted
	}
	typ := chroma.LiteralStringDouble
	if q == '\'' {
		typ = chroma.LiteralStringSingle
	}
	l.emit(typ, l.pos+1)
	for {
		i := l.pos
		// [^\\'"%{\n]+ and the other quote
		for i < len(src) {
			c := src[i]
			if c == q || c == '\\' || c == '%' || c == '{' || c == '\n' {
				break
			}
			i++
		}
		l.emit(typ, i)
		if i == len(src) || src[i] == '\n' {
			return false // unterminated: chroma recovers at the newline
		}
		switch src[i] {
		case q:
			l.emit(typ, i+1)
			return true
		case '\\':
			if !l.backslash(typ, q, raw) {
				return false
			}
		case '%':
			e, ok, sure := l.percent(i)
			if !sure {
				return false
			}
			if ok {
				l.emit(chroma.LiteralStringInterpol, e)
			} else {
				l.emit(typ, i+1)
			}
		case '{':
			e, ok, sure := l.brace(i)
			if !sure {
				return false
			}
			if ok {
				l.emit(chroma.LiteralStringInterpol, e)
			} else if l.at(i+1) == '{' {
				l.emit(typ, i+2) // \{{1,2}
			} else {
				l.emit(typ, i+1)
			}
		}
	}
}

// backslash lexes a backslash in a string of type typ closed by q. With
// stringescape (not raw), \\([\\abfnrtv"\']|...) is an escape; in a raw
// string only \\\\ and a backslash before q are. Any other backslash is
// a character of the string, except before the escapes the lexer does not
// take (\N{...}, \u, \U, \x, octal, a newline), which it declines.
func (l *lexer) backslash(typ chroma.TokenType, q byte, raw bool) bool {
	c := l.at(l.pos + 1)
	switch {
	case c == '\n' || c == 0:
		return false
	case c == '\\' || c == q:
		l.emit(chroma.LiteralStringEscape, l.pos+2)
	case raw:
		l.emit(typ, l.pos+1)
	case strings.IndexByte(`abfnrtv"'`, c) >= 0:
		l.emit(chroma.LiteralStringEscape, l.pos+2)
	case strings.IndexByte("NuUx01234567", c) >= 0:
		return false
	default:
		l.emit(typ, l.pos+1)
	}
	return true
}

// fstr lexes an f-string from its opening quote q (after the prefix), in
// the state dqf or sqf combined with fstringescape.
func (l *lexer) fstr(q byte) bool {
	src := l.src
	if l.at(l.pos+1) == q && l.at(l.pos+2) == q {
		return false
	}
	typ := chroma.LiteralStringDouble
	if q == '\'' {
		typ = chroma.LiteralStringSingle
	}
	l.emit(typ, l.pos+1)
	for {
		i := l.pos
		// [^\\'"{}\n]+ and the other quote
		for i < len(src) {
			c := src[i]
			if c == q || c == '\\' || c == '{' || c == '}' || c == '\n' {
				break
			}
			i++
		}
		l.emit(typ, i)
		if i == len(src) || src[i] == '\n' {
			return false
		}
		switch c := src[i]; c {
		case q:
			l.emit(typ, i+1)
			return true
		case '\\':
			if !l.backslash(typ, q, false) {
				return false
			}
		case '{', '}':
			if l.at(i+1) == c {
				l.emit(chroma.LiteralStringEscape, i+2) // \{\{ and \}\}
			} else {
				l.emit(chroma.LiteralStringInterpol, i+1)
				if c == '{' && !l.field() {
					return false
				}
			}
		}
	}
}

// field lexes the expression of an f-string's replacement field, after its
// '{', in the states expr-inside-fstring and (within brackets)
// expr-inside-fstring-inner, through the Interpol token ('}', or ':'
// before a format spec, with any "=" and conversion) that pops back to the
// f-string.
func (l *lexer) field() bool {
	src := l.src
	depth := 0 // inner states on the stack
	for l.pos < len(src) {
		c := src[l.pos]
		if c == '{' || c == '(' || c == '[' {
			l.emit(chroma.Punctuation, l.pos+1)
			depth++
			continue
		}
		if depth > 0 && (c == '}' || c == ')' || c == ']') {
			l.emit(chroma.Punctuation, l.pos+1)
			depth--
			continue
		}
		if depth == 0 {
			// (=\s*)?(\![sraf])?\} and (=\s*)?(\![sraf])?:  A newline
			// stops the spaces here, and is declined below.
			p := l.pos
			if c == '=' {
				p = l.blanks(p + 1)
			}
			if l.at(p) == '!' && strings.IndexByte("sraf", l.at(p+1)) >= 0 {
				p += 2
			}
			if t := l.at(p); t == '}' || t == ':' {
				l.emit(chroma.LiteralStringInterpol, p+1)
				return true
			}
		}
		// \s+, then the expression rules.
		switch {
		case c == ' ' || c == '\t':
			l.emit(chroma.Text, l.blanks(l.pos))
		case c == '"' || c == '\'':
			if !l.str(c, false) {
				return false
			}
		case isIdentStart(c):
			end, ok := l.word(l.pos)
			if !ok || !l.exprName(end, words[src[l.pos:end]], true) {
				return false
			}
		case isDigit(c) || c == '.' && isDigit(l.at(l.pos+1)):
			if !l.number() {
				return false
			}
		case c == '!':
			if l.at(l.pos+1) != '=' {
				return false
			}
			l.emit(chroma.Operator, l.pos+2)
		case c == '=':
			// == is one match: its second '=' is not tried by the
			// rules above.
			if l.at(l.pos+1) == '=' {
				l.emit(chroma.Operator, l.pos+2)
			} else {
				l.emit(chroma.Operator, l.pos+1)
			}
		case c == ':':
			// Only in brackets: the Interpol rule takes it outside.
			if l.at(l.pos+1) == '=' {
				l.emit(chroma.Operator, l.pos+2)
			} else {
				l.emit(chroma.Punctuation, l.pos+1)
			}
		case strings.IndexByte("-~+/*%<>&^|.", c) >= 0:
			l.emit(chroma.Operator, l.pos+1)
		case strings.IndexByte(")],;", c) >= 0:
			l.emit(chroma.Punctuation, l.pos+1)
		case c == '@':
			if !l.at_() {
				return false
			}
		default:
			// A newline (chroma starts again from the root state), a
			// comment sign or backslash (error tokens), non-ASCII text.
			return false
		}
	}
	return false
}

// percent matches a printf-style conversion at i (a '%'):
//
//	%(\(\w+\))?[-#0 +]*([0-9]+|[*])?(\.([0-9]+|[*]))?[hlL]?[E-GXc-giorsaux%]
//
// Each part starts with characters no later part starts with, so the
// greedy reading below is the regular expression's only match. It is not
// sure (and the lexer declines) when a key holds non-ASCII text.
func (l *lexer) percent(i int) (end int, ok, sure bool) {
	src := l.src
	p := i + 1
	if l.at(p) == '(' {
		e := p + 1
		for e < len(src) && isWordByte(src[e]) {
			e++
		}
		if l.at(e) >= 0x80 {
			return 0, false, false
		}
		if e == p+1 || l.at(e) != ')' {
			return 0, false, true
		}
		p = e + 1
	}
	for p < len(src) && strings.IndexByte("-#0 +", src[p]) >= 0 {
		p++
	}
	if l.at(p) == '*' {
		p++
	} else {
		for p < len(src) && isDigit(src[p]) {
			p++
		}
	}
	if l.at(p) == '.' {
		if l.at(p+1) == '*' {
			p += 2
		} else if isDigit(l.at(p + 1)) {
			p++
			for p < len(src) && isDigit(src[p]) {
				p++
			}
		}
	}
	if c := l.at(p); c == 'h' || c == 'l' || c == 'L' {
		p++
	}
	if c := l.at(p); c != 0 && strings.IndexByte("EFGXcdefgiorsaux%", c) >= 0 {
		return p + 1, true, true
	}
	return 0, false, true
}

// brace matches a format field at i (a '{'):
//
//	\{((\w+)((\.\w+)|(\[[^\]]+\]))*)?(\![sra])?(\:(.?[<>=\^])?[-+ ]?#?0?(\d+)?,?(\.\d+)?[E-GXb-gnosx%]?)?\}
//
// It is not sure (and the lexer declines) for an attribute or index in the
// field, a fill or alignment, and non-ASCII text; otherwise the parts are
// read greedily, as for percent.
func (l *lexer) brace(i int) (end int, ok, sure bool) {
	src := l.src
	p := i + 1
	for p < len(src) && isWordByte(src[p]) {
		p++
	}
	switch l.at(p) {
	case '.', '[':
		if p > i+1 {
			return 0, false, false
		}
	}
	if l.at(p) == '!' && strings.IndexByte("sra", l.at(p+1)) >= 0 {
		p += 2
	}
	if l.at(p) == ':' {
		p++
		for _, c := range []byte{l.at(p), l.at(p + 1)} {
			if c >= 0x80 || c == '<' || c == '>' || c == '=' || c == '^' {
				return 0, false, false
			}
		}
		if c := l.at(p); c == '-' || c == '+' || c == ' ' {
			p++
		}
		if l.at(p) == '#' {
			p++
		}
		if l.at(p) == '0' {
			p++
		}
		for p < len(src) && isDigit(src[p]) {
			p++
		}
		if l.at(p) == ',' {
			p++
		}
		if l.at(p) == '.' && isDigit(l.at(p+1)) {
			p++
			for p < len(src) && isDigit(src[p]) {
				p++
			}
		}
		if c := l.at(p); c != 0 && strings.IndexByte("EFGXbcdefgnosx%", c) >= 0 {
			p++
		}
	}
	if c := l.at(p); c >= 0x80 {
		return 0, false, false
	} else if c == '}' {
		return p + 1, true, true
	}
	return 0, false, true
}
