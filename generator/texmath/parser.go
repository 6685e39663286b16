package texmath

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parser turns the token stream of one formula into a tree of nodes. It
// reports the first error by panicking with a *Error, which parse recovers;
// no other panic is recovered.
type parser struct {
	src        string
	toks       []token
	i          int
	opts       Options
	maxDepth   int
	depth      int
	expansions int
	macroCache map[string]macro
	font       string // current font: "" or a mathvariant name
	// subs records each \num written in the source with the value it
	// stands for, so that the annotation can show the value.
	subs []substitution
	// deferred holds errors that do not stop parsing (a \num that cannot
	// be resolved): parsing goes on to find the others.
	deferred []*Error
}

// substitution replaces src[pos:end] (a \num command) by text.
type substitution struct {
	pos, end int
	text     string
}

// withSubstitutions returns src with each substitution applied.
func withSubstitutions(src string, subs []substitution) string {
	var b strings.Builder
	last := 0
	for _, s := range subs {
		if s.pos < last || s.end > len(src) {
			continue
		}
		b.WriteString(src[last:s.pos])
		b.WriteString(s.text)
		last = s.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// parse parses a whole formula into an nRow (or an nTable when the top
// level has \\ line breaks).
func parse(src string, opts Options) (root *node, err error) {
	root, _, err = parseSubs(src, opts)
	return root, err
}

// parseSubs is parse that also returns the \num substitutions made, in
// source order.
func parseSubs(src string, opts Options) (root *node, subs []substitution, err error) {
	toks, err := lex(src)
	if err != nil {
		return nil, nil, err
	}
	p := &parser{src: src, toks: toks, opts: opts, maxDepth: opts.MaxDepth}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			root, subs, err = nil, nil, e
		}
	}()
	root = p.parseTop()
	if len(p.deferred) > 0 {
		first := p.deferred[0]
		first.Also = p.deferred[1:]
		return nil, nil, first
	}
	return root, p.subs, nil
}

// fail stops parsing with an error at token t.
func (p *parser) fail(t token, format string, args ...any) {
	snip := ""
	if t.kind == tokEOF {
		snip = "end of input"
	} else if t.pos < t.end && t.end <= len(p.src) {
		snip = p.src[t.pos:t.end]
	}
	panic(&Error{Offset: t.pos, End: t.end, Msg: fmt.Sprintf(format, args...), Snippet: snip})
}

// failWith stops parsing with an error at token t that also points at the
// token other (such as the "{" a wrong token appears inside).
func (p *parser) failWith(t, other token, note, format string, args ...any) {
	defer func() {
		e := recover().(*Error)
		e.Related = append(e.Related, Related{Offset: other.pos, End: other.end, Msg: note})
		panic(e)
	}()
	p.fail(t, format, args...)
}

// unclosed is the error for a { without its }.
func (p *parser) unclosed(open token) *Error {
	return unclosedError(p.src, "{", "}", len(p.src), open.pos, open.end)
}

// peek returns the next token without consuming it, expanding user macros
// first.
func (p *parser) peek() token {
	for {
		if p.i >= len(p.toks) {
			return token{kind: tokEOF, pos: len(p.src), end: len(p.src)}
		}
		t := p.toks[p.i]
		if t.kind != tokCommand || p.opts.Macros == nil {
			return t
		}
		m, ok, err := p.lookupMacro(t.text, t)
		if err != nil {
			panic(err)
		}
		if !ok {
			return t
		}
		if err := p.expand(m, t); err != nil {
			panic(err)
		}
	}
}

// next consumes and returns the next token.
func (p *parser) next() token {
	t := p.peek()
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// skipSpaces consumes white space tokens.
func (p *parser) skipSpaces() {
	for p.i < len(p.toks) && p.toks[p.i].kind == tokSpace {
		p.i++
	}
}

// enter counts one level of nesting and fails beyond the limit.
func (p *parser) enter(t token) {
	p.depth++
	if p.depth > p.maxDepth {
		p.fail(t, "nesting deeper than %d levels", p.maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// isTerminator reports whether t ends a list: the end of input, a closing
// brace, a cell or row separator, \end, \right or \middle, or with bracket
// set a closing square bracket (the end of an optional argument).
func isTerminator(t token, bracket bool) bool {
	switch t.kind {
	case tokEOF, tokClose, tokAlign:
		return true
	case tokCommand:
		switch t.text {
		case `\`, "cr", "end", "right", "middle":
			return true
		}
	case tokChar:
		return bracket && t.text == "]"
	}
	return false
}

// parseTop parses the whole input. A \\ at the top level makes a
// one-column table of lines.
func (p *parser) parseTop() *node {
	var rows [][]*node
	for {
		items := p.parseList(false)
		t := p.peek()
		row := &node{kind: nRow, pos: 0, end: t.pos, kids: items}
		switch {
		case t.kind == tokEOF:
			if rows == nil {
				return row
			}
			rows = append(rows, []*node{row})
			return &node{kind: nTable, end: len(p.src), rows: rows, align: []byte{'l'}, pad: "lines"}
		case t.kind == tokCommand && (t.text == `\` || t.text == "cr"):
			p.i++
			rows = append(rows, []*node{row})
		case t.kind == tokClose:
			p.fail(t, `unexpected "}" without a matching "{"`)
		case t.kind == tokAlign:
			p.fail(t, `"&" outside an environment`)
		case t.text == "end":
			p.fail(t, `\end without a matching \begin`)
		default:
			p.fail(t, `\%s without a matching \left`, t.text)
		}
	}
}

// parseList parses atoms up to a terminator (see isTerminator), which it
// does not consume.
func (p *parser) parseList(bracket bool) []*node {
	var items []*node
	for {
		t := p.peek()
		if t.kind == tokSpace {
			p.i++
			continue
		}
		if isTerminator(t, bracket) {
			return items
		}
		if t.kind == tokCommand {
			if st, ok := styleCommands[t.text]; ok {
				p.i++
				rest := p.parseList(bracket)
				end := t.end
				if len(rest) > 0 {
					end = rest[len(rest)-1].end
				}
				return append(items, &node{kind: nStyle, pos: t.pos, end: end, style: st, kids: rest})
			}
			if t.text == "over" || t.text == "choose" || t.text == "atop" {
				p.i++
				p.enter(t)
				den := p.parseList(bracket)
				p.leave()
				num := &node{kind: nRow, pos: t.pos, end: t.pos, kids: items}
				if len(items) > 0 {
					num.pos = items[0].pos
				}
				end := t.end
				if len(den) > 0 {
					end = den[len(den)-1].end
				}
				frac := &node{kind: nFrac, pos: num.pos, end: end, kids: []*node{num, {kind: nRow, pos: t.end, end: end, kids: den}}}
				if t.text == "over" {
					return []*node{frac}
				}
				frac.thick = "0"
				if t.text == "atop" {
					return []*node{frac}
				}
				return []*node{{kind: nRow, pos: frac.pos, end: end, kids: []*node{
					{kind: nOp, pos: t.pos, end: t.end, text: "(", class: symOpen, flags: fStretchy | fFence},
					frac,
					{kind: nOp, pos: t.pos, end: t.end, text: ")", class: symClose, flags: fStretchy | fFence},
				}}}
			}
			if f, ok := fontSwitches[t.text]; ok {
				p.i++
				p.font = f
				continue
			}
		}
		if n := p.parseAtom(); n != nil {
			items = append(items, n)
		}
	}
}

// styleCommands maps the style switches to the style they select.
var styleCommands = map[string]int8{
	"displaystyle": styleDisplay, "textstyle": styleText,
	"scriptstyle": styleScript, "scriptscriptstyle": styleScript2,
}

// fontSwitches maps the old-style font switches to the font they select
// for the rest of the group.
var fontSwitches = map[string]string{
	"rm": "normal", "bf": "bold", "it": "italic", "sf": "sans-serif",
	"tt": "monospace", "cal": "script",
}

// parseGroup parses { ... } (the { is next) into an nRow.
func (p *parser) parseGroup() *node {
	open := p.next()
	p.enter(open)
	font := p.font
	items := p.parseList(false)
	p.font = font
	t := p.peek()
	if t.kind != tokClose {
		if t.kind == tokEOF {
			panic(p.unclosed(open))
		}
		p.failWith(t, open, `the "{" opened here`, `unexpected %s inside a "{" group`, describe(t))
	}
	p.i++
	p.leave()
	return &node{kind: nRow, pos: open.pos, end: t.end, kids: items}
}

// describe names a token for an error message.
func describe(t token) string {
	switch t.kind {
	case tokAlign:
		return `"&" outside an environment`
	case tokCommand:
		return `\` + t.text
	case tokEOF:
		return "end of input"
	}
	return fmt.Sprintf("%q", t.text)
}

// parseArg parses a mandatory argument of command cmd: a braced group or
// a single token.
func (p *parser) parseArg(cmd token) *node {
	p.skipSpaces()
	t := p.peek()
	if t.kind == tokOpen {
		return p.parseGroup()
	}
	if isTerminator(t, false) || t.kind == tokSup || t.kind == tokSub || t.kind == tokPrime {
		p.fail(cmd, `missing argument of \%s`, cmd.text)
	}
	p.enter(t)
	n := p.parsePrimary(false)
	p.leave()
	if n == nil {
		p.fail(t, `missing argument of \%s`, cmd.text)
	}
	return n
}

// parseOptArg parses an optional [ ... ] argument if one follows.
func (p *parser) parseOptArg() *node {
	p.skipSpaces()
	t := p.peek()
	if t.kind != tokChar || t.text != "[" {
		return nil
	}
	p.i++
	p.enter(t)
	items := p.parseList(true)
	end := p.peek()
	if end.kind != tokChar || end.text != "]" {
		if end.kind == tokEOF {
			panic(unclosedError(p.src, "[", "]", end.pos, t.pos, t.end))
		}
		p.failWith(end, t, `the "[" opened here`, `expected "]" to close "[", found %s`, describe(end))
	}
	p.i++
	p.leave()
	return &node{kind: nRow, pos: t.pos, end: end.end, kids: items}
}

// parseAtom parses one base with its scripts and primes. It returns nil
// for commands that produce nothing (\label, \notag).
func (p *parser) parseAtom() *node {
	start := p.peek()
	base := p.parsePrimary(true)
	var sub, sup *node
	var limits int8
	for {
		t := p.peek()
		switch {
		case t.kind == tokSpace:
			p.i++
			continue
		case t.kind == tokSup:
			p.i++
			if sup != nil {
				p.fail(t, "double superscript")
			}
			sup = p.parseScriptArg(t, "superscript")
			continue
		case t.kind == tokSub:
			p.i++
			if sub != nil {
				p.fail(t, "double subscript")
			}
			sub = p.parseScriptArg(t, "subscript")
			continue
		case t.kind == tokPrime:
			if sup != nil {
				p.fail(t, "double superscript")
			}
			primes := &node{kind: nRow, pos: t.pos}
			for p.peek().kind == tokPrime {
				q := p.next()
				primes.kids = append(primes.kids, &node{kind: nOp, pos: q.pos, end: q.end, text: "′", class: symOrd, flags: fPrime | fNoSpace})
				primes.end = q.end
			}
			if u := p.peek(); u.kind == tokSup {
				p.i++
				arg := p.parseScriptArg(u, "superscript")
				primes.kids = append(primes.kids, arg)
				primes.end = arg.end
			}
			sup = primes
			continue
		case t.kind == tokCommand && (t.text == "limits" || t.text == "nolimits"):
			p.i++
			if base == nil || !takesLimits(base) {
				p.fail(t, `\%s is allowed only after an operator`, t.text)
			}
			limits = 1
			if t.text == "nolimits" {
				limits = -1
			}
			continue
		}
		break
	}
	if sub == nil && sup == nil {
		return base
	}
	if base == nil {
		base = &node{kind: nRow, pos: start.pos, end: start.pos}
	}
	n := &node{kind: nScripts, pos: base.pos, limits: limits, kids: []*node{base, sub, sup}}
	n.end = base.end
	for _, k := range []*node{sub, sup} {
		if k != nil && k.end > n.end {
			n.end = k.end
		}
	}
	return n
}

// takesLimits reports whether scripts on n can be set as limits.
func takesLimits(n *node) bool {
	switch n.kind {
	case nOp:
		return n.is(fLargeOp)
	case nFunc:
		return true
	case nUnder, nOver:
		return n.is(fBrace)
	}
	return false
}

// parseScriptArg parses the argument of ^ or _ (op): one token or a group.
func (p *parser) parseScriptArg(op token, what string) *node {
	p.skipSpaces()
	t := p.peek()
	if t.kind == tokOpen {
		return p.parseGroup()
	}
	if isTerminator(t, false) || t.kind == tokSup || t.kind == tokSub || t.kind == tokPrime {
		p.fail(op, "missing %s", what)
	}
	p.enter(t)
	n := p.parsePrimary(false)
	p.leave()
	if n == nil {
		p.fail(op, "missing %s", what)
	}
	return n
}

// parsePrimary parses one base: a character, a group or a command with its
// arguments. With numbers set, a digit starts a number that takes the
// digits after it; otherwise a digit stands alone (as in x^23).
func (p *parser) parsePrimary(numbers bool) *node {
	t := p.peek()
	switch t.kind {
	case tokOpen:
		return p.parseGroup()
	case tokCommand:
		p.i++
		return p.command(t)
	case tokChar:
		p.i++
		return p.char(t, numbers)
	case tokTilde:
		p.i++
		return &node{kind: nText, pos: t.pos, end: t.end, text: "\u00a0"}
	case tokParam:
		p.fail(t, "macro parameter #%s outside a macro body", t.text)
	case tokSup, tokSub, tokPrime:
		return nil // a script with an empty base
	}
	p.fail(t, "unexpected %s", describe(t))
	return nil
}

// char turns one character token into a node.
func (p *parser) char(t token, numbers bool) *node {
	c := t.text
	n := &node{pos: t.pos, end: t.end}
	switch {
	case len(c) == 1 && isDigit(c[0]):
		n.kind = nNumber
		text := c
		if numbers {
			for p.i < len(p.toks) {
				u := p.toks[p.i]
				if u.kind != tokChar && u.kind != tokOpen {
					break
				}
				if u.kind == tokChar && isDigit(u.text[0]) {
					text += u.text
				} else if u.kind == tokOpen && p.i+3 < len(p.toks) && p.toks[p.i+1].kind == tokChar && p.toks[p.i+1].text == "," &&
					p.toks[p.i+2].kind == tokClose && p.toks[p.i+3].kind == tokChar && isDigit(p.toks[p.i+3].text[0]) {
					// 1{,}000: a thousands separator.
					text += ","
					p.i += 2
					u = p.toks[p.i]
				} else if u.kind == tokChar && (u.text == "." || u.text == ",") && p.i+1 < len(p.toks) &&
					p.toks[p.i+1].kind == tokChar && isDigit(p.toks[p.i+1].text[0]) {
					text += u.text
				} else {
					break
				}
				n.end = u.end
				p.i++
			}
		}
		n.text = p.styled(text)
		return n
	case len(c) == 1 && isLetter(c[0]):
		n.kind = nIdent
		text := c
		if p.font != "" && p.font != "italic-default" {
			// In a font, a run of letters is one identifier (\mathrm{softmax}).
			for p.i < len(p.toks) && p.toks[p.i].kind == tokChar && isLetter(p.toks[p.i].text[0]) {
				text += p.toks[p.i].text
				n.end = p.toks[p.i].end
				p.i++
			}
		}
		n.text = p.styled(text)
		if p.font == "normal" && len(text) == 1 {
			n.variant = "normal"
		}
		return n
	}
	if s, ok := charSymbol(c); ok {
		return p.symbolNode(t, s)
	}
	r, _ := utf8.DecodeRuneInString(c)
	switch {
	case unicode.IsDigit(r):
		n.kind = nNumber
		n.text = c
	case unicode.IsLetter(r):
		n.kind = nIdent
		n.text = p.styled(c)
		if p.font == "" && isUpperGreek(r) {
			n.variant = "normal"
		}
	case bigOpChar(r):
		n.kind = nOp
		n.text = c
		n.flags = fLargeOp | fLimits
		if isIntegral(r) {
			n.flags = fLargeOp
		}
	case unicode.Is(unicode.Sm, r):
		n.kind = nOp
		n.text = c
		n.class = symRel
	default:
		n.kind = nIdent
		n.text = c
	}
	return n
}

// charSymbol returns the symbol an ASCII character stands for in math.
func charSymbol(c string) (symbol, bool) {
	switch c {
	case "+":
		return symbol{"+", symBin}, true
	case "-":
		return symbol{"−", symBin}, true
	case "*":
		return symbol{"∗", symBin}, true
	case "=", "<", ">":
		return symbol{c, symRel}, true
	case ":":
		return symbol{":", symRel}, true
	case ",", ";":
		return symbol{c, symPunct}, true
	case "!", "?":
		return symbol{c, symClose}, true
	case "(", "[":
		return symbol{c, symOpen}, true
	case ")", "]":
		return symbol{c, symClose}, true
	case ".", "/", "|", "@", "\"", "`":
		return symbol{c, symOrd}, true
	}
	return symbol{}, false
}

// symbolNode makes the node for a symbol produced by token t.
func (p *parser) symbolNode(t token, s symbol) *node {
	n := &node{pos: t.pos, end: t.end, text: s.text, class: s.class}
	if s.class == symOrd {
		n.kind = nIdent
		r, size := utf8.DecodeRuneInString(s.text)
		if size == len(s.text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if p.font != "" {
				n.text = p.styledGreek(r)
			}
			if isUpperGreek(r) && (p.font == "" || p.font == "normal") || p.font == "normal" && r != 'ı' && r != 'ȷ' && !isLowerGreek(r) {
				n.variant = "normal"
			}
		}
		return n
	}
	n.kind = nOp
	switch s.class {
	case symOpen, symClose:
		n.flags |= fNoStretch
	case symPunct:
		if s.text == "," {
			n.flags |= fSeparator
		}
	}
	if s.text == "|" || s.text == "‖" {
		n.flags |= fNoStretch
	}
	return n
}

func isUpperGreek(r rune) bool { return r >= 0x391 && r <= 0x3a9 }
func isLowerGreek(r rune) bool { return r >= 0x3b1 && r <= 0x3d6 || r == 0x3f5 || r == 0x3f1 }

// bigOpChar reports whether r is a large operator character typed directly.
func bigOpChar(r rune) bool {
	return r >= 0x220f && r <= 0x2211 || r >= 0x22c0 && r <= 0x22c3 || r >= 0x2a00 && r <= 0x2a09 || isIntegral(r)
}

func isIntegral(r rune) bool {
	return r >= 0x222b && r <= 0x2233 || r >= 0x2a0b && r <= 0x2a1c
}

// styled maps the letters and digits of text into the current font.
func (p *parser) styled(text string) string {
	if p.font == "" || p.font == "normal" {
		return text
	}
	out := make([]rune, 0, len(text))
	for _, r := range text {
		out = append(out, mathAlpha(r, p.font))
	}
	return string(out)
}

// styledGreek maps a Greek letter into the current font.
func (p *parser) styledGreek(r rune) string {
	switch {
	case p.font == "bold" || p.font == "bold-italic" && isUpperGreek(r):
		return string(mathAlpha(r, "bold"))
	case p.font == "bold-italic":
		return string(mathAlpha(r, p.font))
	}
	return string(r)
}
