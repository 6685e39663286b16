package texmath

import (
	"fmt"
	"strconv"
	"strings"

	"paperlab/generator/diag"
)

// bigOp is a large operator command: its character and whether it takes
// limits (under and over) in display style.
type bigOp struct {
	text   string
	limits bool
}

// bigOps lists the large operators.
var bigOps = map[string]bigOp{
	"sum": {"∑", true}, "prod": {"∏", true}, "coprod": {"∐", true},
	"bigcup": {"⋃", true}, "bigcap": {"⋂", true}, "bigvee": {"⋁", true}, "bigwedge": {"⋀", true},
	"bigoplus": {"⨁", true}, "bigotimes": {"⨂", true}, "bigodot": {"⨀", true},
	"biguplus": {"⨄", true}, "bigsqcup": {"⨆", true}, "bigsqcap": {"⨅", true}, "bigtimes": {"⨉", true},
	"int": {"∫", false}, "intop": {"∫", false}, "iint": {"∬", false}, "iiint": {"∭", false},
	"iiiint": {"⨌", false}, "oint": {"∮", false}, "oiint": {"∯", false}, "oiiint": {"∰", false},
	"smallint": {"∫", false},
}

// functions maps the named operators to whether they take limits.
var functions = map[string]bool{
	"arcsin": false, "arccos": false, "arctan": false, "arctg": false, "arcctg": false,
	"arg": false, "ch": false, "cos": false, "cosec": false, "cosh": false, "cot": false,
	"cotg": false, "coth": false, "csc": false, "ctg": false, "cth": false, "deg": false,
	"dim": false, "exp": false, "hom": false, "ker": false, "lg": false, "ln": false,
	"log": false, "sec": false, "sin": false, "sinh": false, "sh": false, "sgn": false,
	"tan": false, "tanh": false, "tg": false, "th": false,
	"det": true, "gcd": true, "inf": true, "lim": true, "max": true, "min": true,
	"Pr": true, "sup": true,
	"limsup": true, "liminf": true, "injlim": true, "projlim": true,
}

// functionNames gives the shown name of functions whose name is not the
// command name.
var functionNames = map[string]string{
	"limsup": "lim\u2009sup", "liminf": "lim\u2009inf", "injlim": "inj\u2009lim", "projlim": "proj\u2009lim",
}

// accent is an accent command: its character, whether it stretches over
// its base and whether it goes under.
type accent struct {
	text    string
	stretch bool
	under   bool
}

// accents lists the accent commands.
var accents = map[string]accent{
	"hat": {"ˆ", false, false}, "widehat": {"ˆ", true, false},
	"check": {"ˇ", false, false}, "widecheck": {"ˇ", true, false},
	"tilde": {"~", false, false}, "widetilde": {"~", true, false},
	"bar": {"‾", false, false}, "breve": {"˘", false, false},
	"acute": {"´", false, false}, "grave": {"`", false, false},
	"dot": {"˙", false, false}, "ddot": {"¨", false, false}, "dddot": {"⃛", false, false},
	"mathring": {"˚", false, false}, "vec": {"→", false, false},
	"overrightarrow": {"→", true, false}, "overleftarrow": {"←", true, false},
	"overleftrightarrow": {"↔", true, false},
	"underrightarrow":    {"→", true, true}, "underleftarrow": {"←", true, true},
	"underleftrightarrow": {"↔", true, true},
}

// spaces maps the spacing commands to their width.
var spaces = map[string]string{
	",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em",
	"medspace": "0.2222em", ";": "0.2778em", "thickspace": "0.2778em",
	"enspace": "0.5em", "quad": "1em", "qquad": "2em", " ": "0.3333em",
	"!": "-0.1667em", "negthinspace": "-0.1667em", "negmedspace": "-0.2222em",
	"negthickspace": "-0.2778em",
}

// escapes maps the escaped characters to their symbol.
var escapes = map[string]symbol{
	"{": {"{", symOpen}, "}": {"}", symClose}, "|": {"‖", symOrd},
	"#": {"#", symOrd}, "%": {"%", symOrd}, "&": {"&", symOrd}, "$": {"$", symOrd},
	"_": {"_", symOrd},
}

// extraSymbols are symbol commands that Temml defines as macros.
var extraSymbols = map[string]symbol{
	"dots": {"…", symInner}, "dotsc": {"…", symInner}, "dotso": {"…", symInner},
	"dotsb": {"⋯", symInner}, "dotsm": {"⋯", symInner}, "dotsi": {"⋯", symInner},
	"cdots": {"⋯", symInner}, "vdots": {"⋮", symOrd}, "colon": {":", symPunct},
	"iff": {"⟺", symRel}, "implies": {"⟹", symRel}, "impliedby": {"⟸", symRel},
	"prime": {"′", symPunct}, "lbrack": {"[", symOpen}, "rbrack": {"]", symClose},
	"lparen": {"(", symOpen}, "rparen": {")", symClose},
}

// command parses the command t (already consumed) with its arguments.
func (p *parser) command(t token) *node {
	name := t.text
	if s, ok := extraSymbols[name]; ok {
		n := p.symbolNode(t, s)
		switch name {
		case "colon":
			n.flags |= fNoSpace
		case "iff", "implies", "impliedby":
			n.size = "thick"
		}
		return n
	}
	if s, ok := symbols[name]; ok {
		return p.symbolNode(t, s)
	}
	if s, ok := escapes[name]; ok {
		return p.symbolNode(t, s)
	}
	if w, ok := spaces[name]; ok {
		return &node{kind: nSpace, pos: t.pos, end: t.end, text: w}
	}
	if op, ok := bigOps[name]; ok {
		n := &node{kind: nOp, pos: t.pos, end: t.end, text: op.text, flags: fLargeOp}
		if op.limits {
			n.flags |= fLimits
		}
		return n
	}
	if limits, ok := functions[name]; ok {
		n := &node{kind: nFunc, pos: t.pos, end: t.end, text: name}
		if s, ok := functionNames[name]; ok {
			n.text = s
		}
		if limits {
			n.flags |= fLimits
		}
		p.markDelimNext(n)
		return n
	}
	if f, ok := fontCommands[name]; ok {
		return p.font1(t, f)
	}
	if a, ok := accents[name]; ok {
		return p.accent(t, a)
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom":
		return p.frac(t)
	case "sqrt":
		idx := p.parseOptArg()
		body := p.parseArg(t)
		if idx != nil {
			return &node{kind: nRoot, pos: t.pos, end: body.end, kids: []*node{body, idx}}
		}
		return &node{kind: nSqrt, pos: t.pos, end: body.end, kids: []*node{body}}
	case "text", "textrm", "textnormal", "textup", "mbox", "hbox", "textmd", "textbf", "textit", "textsf", "texttt", "emph":
		return p.text(t)
	case "operatorname", "operatorname*", "operatornamewithlimits", "mathop":
		return p.operatorName(t)
	case "left":
		return p.leftRight(t)
	case "big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl",
		"bigr", "Bigr", "biggr", "Biggr", "bigm", "Bigm", "biggm", "Biggm":
		return p.bigDelim(t)
	case "begin":
		return p.environment(t)
	case "overline", "underline":
		body := p.parseArg(t)
		notation := "top"
		if name == "underline" {
			notation = "bottom"
		}
		return &node{kind: nEnclose, pos: t.pos, end: body.end, text: notation, kids: []*node{body}}
	case "boxed", "cancel", "bcancel", "xcancel", "sout":
		body := p.parseArg(t)
		notation := map[string]string{"boxed": "box", "cancel": "updiagonalstrike", "bcancel": "downdiagonalstrike",
			"xcancel": "updiagonalstrike downdiagonalstrike", "sout": "horizontalstrike"}[name]
		return &node{kind: nEnclose, pos: t.pos, end: body.end, text: notation, kids: []*node{body}}
	case "underbrace", "overbrace":
		body := p.parseArg(t)
		n := &node{pos: t.pos, end: body.end, flags: fBrace | fStretchy}
		if name == "underbrace" {
			n.kind, n.text = nUnder, "⏟"
		} else {
			n.kind, n.text = nOver, "⏞"
		}
		n.kids = []*node{body, {kind: nOp, pos: t.pos, end: t.end, text: n.text, flags: fStretchy}}
		return n
	case "overset", "underset", "stackrel":
		script := p.parseArg(t)
		base := p.parseArg(t)
		kind := nOver
		if name == "underset" {
			kind = nUnder
		}
		return &node{kind: kind, pos: t.pos, end: base.end, kids: []*node{base, script}}
	case "phantom", "hphantom", "vphantom":
		body := p.parseArg(t)
		return &node{kind: nPhantom, pos: t.pos, end: body.end, kids: []*node{body}}
	case "substack":
		return p.substack(t)
	case "not":
		return p.not(t)
	case "label":
		p.rawArg(t)
		return nil
	case "notag", "nonumber":
		return nil
	case "eqref", "ref":
		return p.ref(t)
	case "num":
		if p.opts.Num != nil {
			return p.num(t)
		}
	case "pmod":
		arg := p.parseArg(t)
		return &node{kind: nRow, pos: t.pos, end: arg.end, kids: []*node{
			{kind: nSpace, pos: t.pos, end: t.end, text: "0.4444em"},
			{kind: nOp, pos: t.pos, end: t.end, text: "(", class: symOpen, flags: fNoStretch},
			{kind: nIdent, pos: t.pos, end: t.end, text: "mod"},
			{kind: nSpace, pos: t.pos, end: t.end, text: "0.3333em"},
			arg,
			{kind: nOp, pos: t.pos, end: t.end, text: ")", class: symClose, flags: fNoStretch},
		}}
	case "bmod":
		return &node{kind: nOp, pos: t.pos, end: t.end, text: "mod", class: symBin}
	case "hspace", "hspace*":
		raw := p.rawArg(t)
		return &node{kind: nSpace, pos: t.pos, end: t.end, text: p.length(t, raw)}
	case "color", "textcolor", "colorbox", "fcolorbox":
		p.fail(t, `\%s is not supported`, name)
	case "tag", "tag*":
		p.fail(t, `\%s is not supported: equations are numbered with \label`, name)
	case "right", "middle":
		p.fail(t, `\%s without a matching \left`, name)
	case "end":
		p.fail(t, `\end without a matching \begin`)
	}
	p.fail(t, `unknown command \%s%s`, name, didYouMeanCommand(name, p.opts.Macros))
	return nil
}

// num parses \num[digits]{ref} (t consumed) and converts the value that
// Options.Num gives for it in place of the command.
func (p *parser) num(t token) *node {
	digits := -1
	p.skipSpaces()
	if p.i < len(p.toks) && p.toks[p.i].kind == tokChar && p.toks[p.i].text == "[" {
		open := p.toks[p.i]
		var b strings.Builder
		j := p.i + 1
		for ; j < len(p.toks) && !(p.toks[j].kind == tokChar && p.toks[j].text == "]"); j++ {
			b.WriteString(p.toks[j].text)
		}
		if j == len(p.toks) {
			panic(unclosedError(p.src, "[", "]", len(p.src), open.pos, open.end))
		}
		d, err := strconv.Atoi(strings.TrimSpace(b.String()))
		if err != nil || d < 0 || d > 30 {
			panic(&Error{Offset: open.end, End: p.toks[j].pos, Msg: fmt.Sprintf(`\num[%s]: expected a number of places from 0 to 30, as in \num[6]{mix.weights[0][2]}`, b.String()), Snippet: b.String()})
		}
		digits = d
		p.i = j + 1
		p.skipSpaces()
	}
	if p.i >= len(p.toks) || p.toks[p.i].kind != tokOpen {
		p.fail(t, `missing argument of \num: expected a reference such as \num{mix.output[0]}`)
	}
	open := p.toks[p.i]
	ref := p.rawArg(t)
	closing := p.toks[p.i-1]
	tex, err := p.opts.Num(ref, digits)
	if err != nil {
		p.deferred = append(p.deferred, &Error{Offset: open.end, End: closing.pos, Msg: fmt.Sprintf(`\num{%s}: %v`, ref, err), Snippet: ref})
		return &node{kind: nRow, pos: t.pos, end: closing.end}
	}
	root, err := parse(tex, Options{MaxDepth: p.maxDepth})
	if err != nil {
		panic(&Error{Offset: t.pos, End: closing.end, Msg: fmt.Sprintf(`\num{%s}: the value %q is not valid TeX: %v`, ref, tex, err), Snippet: ref})
	}
	root.pos, root.end = t.pos, closing.end
	if strings.HasPrefix(p.src[t.pos:], `\num`) && closing.end > t.pos {
		p.subs = append(p.subs, substitution{pos: t.pos, end: closing.end, text: tex})
	}
	return root
}

// markDelimNext records on a function node whether a delimiter follows it,
// in which case no thin space is written after it.
func (p *parser) markDelimNext(n *node) {
	j := p.i
	for j < len(p.toks) && p.toks[j].kind == tokSpace {
		j++
	}
	if j >= len(p.toks) {
		return
	}
	u := p.toks[j]
	switch {
	case u.kind == tokChar && (u.text == "(" || u.text == "[" || u.text == "|"):
		n.flags |= fDelimNext
	case u.kind == tokCommand && (u.text == "left" || u.text == "{" || u.text == "langle" || u.text == "lvert" || u.text == "lVert" || u.text == "|" || strings.HasPrefix(u.text, "big") || strings.HasPrefix(u.text, "Big")):
		n.flags |= fDelimNext
	}
}

// rawArg reads a braced argument as plain text (for labels, environment
// names, lengths and column specifications).
func (p *parser) rawArg(cmd token) string {
	p.skipSpaces()
	if p.i >= len(p.toks) || p.toks[p.i].kind != tokOpen {
		p.fail(cmd, `missing argument of \%s`, cmd.text)
	}
	open := p.toks[p.i]
	var b strings.Builder
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		u := p.toks[j]
		switch u.kind {
		case tokOpen:
			depth++
			if depth == 1 {
				continue
			}
		case tokClose:
			depth--
			if depth == 0 {
				p.i = j + 1
				return strings.TrimSpace(b.String())
			}
		}
		switch u.kind {
		case tokCommand:
			b.WriteString(`\` + u.text)
		case tokParam:
			b.WriteString("#" + u.text)
		default:
			b.WriteString(u.text)
		}
	}
	panic(p.unclosed(open))
}

// length checks a TeX length such as "1em" or "-3pt" for \hspace and
// returns it as a CSS length.
func (p *parser) length(cmd token, raw string) string {
	s := strings.ReplaceAll(raw, " ", "")
	num := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz")
	unit := s[len(num):]
	ok := num != "" && num != "-" && num != "."
	for i, c := range num {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			ok = false
		}
	}
	switch unit {
	case "em", "ex", "pt", "px", "mm", "cm", "in":
	case "mu":
		unit = "em"
		num = num + "/18"
		ok = false
	default:
		ok = false
	}
	if !ok {
		p.fail(cmd, `invalid length %q for \%s`, raw, cmd.text)
	}
	return num + unit
}

// frac parses \frac and friends (t consumed).
func (p *parser) frac(t token) *node {
	p.enter(t)
	num := p.parseArg(t)
	den := p.parseArg(t)
	p.leave()
	n := &node{kind: nFrac, pos: t.pos, end: den.end, kids: []*node{num, den}}
	switch t.text {
	case "dfrac", "cfrac", "dbinom":
		n.style = styleDisplay
	case "tfrac", "tbinom":
		n.style = styleText
	}
	if strings.HasSuffix(t.text, "binom") {
		n.thick = "0"
		return &node{kind: nRow, pos: t.pos, end: den.end, kids: []*node{
			{kind: nOp, pos: t.pos, end: t.end, text: "(", class: symOpen, flags: fStretchy | fFence},
			n,
			{kind: nOp, pos: t.pos, end: t.end, text: ")", class: symClose, flags: fStretchy | fFence},
		}}
	}
	return n
}

// font1 parses a font command with its argument (t consumed).
func (p *parser) font1(t token, font string) *node {
	saved := p.font
	p.font = font
	body := p.parseArg(t)
	p.font = saved
	return body
}

// accent parses an accent command with its argument (t consumed).
func (p *parser) accent(t token, a accent) *node {
	body := p.parseArg(t)
	mark := &node{kind: nOp, pos: t.pos, end: t.end, text: a.text, flags: fNoStretch}
	if a.stretch {
		mark.flags = fStretchy
	}
	kind := nOver
	if a.under {
		kind = nUnder
	}
	return &node{kind: kind, pos: t.pos, end: body.end, flags: fAccent, kids: []*node{body, mark}}
}

// text parses \text and friends (t consumed): text mode, with $...$ for
// math inside.
func (p *parser) text(t token) *node {
	variant := map[string]string{"textbf": "bold", "textit": "italic", "emph": "italic", "textsf": "sans-serif", "texttt": "monospace"}[t.text]
	p.skipSpaces()
	open := p.peek()
	if open.kind != tokOpen {
		p.fail(t, `missing argument of \%s`, t.text)
	}
	p.i++
	p.enter(open)
	row := p.textBody(open, variant)
	p.leave()
	row.pos = t.pos
	return row
}

// textBody parses text up to the } that closes open (consumed).
func (p *parser) textBody(open token, variant string) *node {
	row := &node{kind: nRow, pos: open.pos}
	var b strings.Builder
	start := open.end
	flush := func(end int) {
		if b.Len() > 0 {
			s := b.String()
			if variant != "" && variant != "italic" {
				rs := []rune(s)
				for i, r := range rs {
					rs[i] = mathAlpha(r, variant)
				}
				s = string(rs)
			}
			row.kids = append(row.kids, &node{kind: nText, pos: start, end: end, text: s})
			b.Reset()
		}
	}
	for {
		if p.i >= len(p.toks) {
			panic(p.unclosed(open))
		}
		u := p.toks[p.i]
		if b.Len() == 0 {
			start = u.pos
		}
		switch u.kind {
		case tokClose:
			p.i++
			flush(u.pos)
			row.end = u.end
			return row
		case tokOpen:
			p.i++
			flush(u.pos)
			p.enter(u)
			inner := p.textBody(u, variant)
			p.leave()
			row.kids = append(row.kids, inner.kids...)
		case tokTilde:
			p.i++
			b.WriteString("\u00a0")
		case tokCommand:
			switch {
			case u.text == " " || u.text == "," || u.text == ";" || u.text == "quad" || u.text == "qquad" || u.text == ":":
				p.i++
				b.WriteString(map[string]string{" ": " ", ",": "\u2009", ";": "\u2005", ":": "\u205f", "quad": "\u2003", "qquad": "\u2003\u2003"}[u.text])
			case len(u.text) == 1 && strings.Contains("{}$%&#_", u.text):
				p.i++
				b.WriteString(u.text)
			case u.text == "textbackslash":
				p.i++
				b.WriteString(`\`)
			case u.text == "text" || u.text == "textrm" || u.text == "textnormal" || u.text == "textup" || u.text == "mbox" ||
				u.text == "textbf" || u.text == "textit" || u.text == "emph" || u.text == "textsf" || u.text == "texttt" || u.text == "textmd":
				p.i++
				flush(u.pos)
				p.skipSpaces()
				if p.i >= len(p.toks) || p.toks[p.i].kind != tokOpen {
					p.fail(u, `missing argument of \%s`, u.text)
				}
				o := p.toks[p.i]
				p.i++
				v := map[string]string{"textbf": "bold", "textit": "italic", "emph": "italic", "textsf": "sans-serif", "texttt": "monospace"}[u.text]
				if v == "" {
					v = variant
				}
				p.enter(o)
				inner := p.textBody(o, v)
				p.leave()
				row.kids = append(row.kids, inner.kids...)
			default:
				p.fail(u, `unknown command \%s in text`, u.text)
			}
		case tokChar:
			if u.text == "$" {
				p.i++
				flush(u.pos)
				row.kids = append(row.kids, p.inlineMath(u))
				continue
			}
			p.i++
			b.WriteString(u.text)
		case tokSpace:
			p.i++
			b.WriteString(" ")
		case tokParam:
			p.fail(u, "macro parameter #%s outside a macro body", u.text)
		default:
			p.i++
			b.WriteString(u.text)
		}
	}
}

// inlineMath parses $...$ inside text (the opening $ consumed).
func (p *parser) inlineMath(open token) *node {
	j := p.i
	for j < len(p.toks) && !(p.toks[j].kind == tokChar && p.toks[j].text == "$") {
		j++
	}
	if j >= len(p.toks) {
		p.fail(open, `unclosed "$" in text`)
	}
	rest := p.toks
	sub := *p
	sub.toks = rest[:j]
	sub.font = ""
	items := sub.parseList(false)
	if sub.i < len(sub.toks) {
		u := sub.toks[sub.i]
		p.fail(u, "unexpected %s", describe(u))
	}
	p.i = j + 1
	p.expansions = sub.expansions
	return &node{kind: nRow, pos: open.pos, end: rest[j].end, kids: items}
}

// operatorName parses \operatorname{...} and friends (t consumed).
func (p *parser) operatorName(t token) *node {
	saved := p.font
	p.font = "normal"
	body := p.parseArg(t)
	p.font = saved
	n := &node{kind: nFunc, pos: t.pos, end: body.end}
	if t.text != "operatorname" {
		n.flags |= fLimits
	}
	// A name made of letters, digits and spaces is one identifier.
	var b strings.Builder
	simple := true
	for _, k := range flatten(body) {
		switch k.kind {
		case nIdent, nNumber:
			b.WriteString(k.text)
		case nSpace:
			b.WriteString("\u2009")
		case nOp:
			if k.text == "−" || k.text == "∗" {
				b.WriteString(map[string]string{"−": "-", "∗": "*"}[k.text])
				continue
			}
			simple = false
		default:
			simple = false
		}
	}
	if simple && b.Len() > 0 {
		n.text = b.String()
	} else {
		n.kids = []*node{body}
	}
	if t.text == "mathop" {
		n.flags |= fLargeOp
	}
	p.markDelimNext(n)
	return n
}

// flatten returns the items of a row, looking into nested rows.
func flatten(n *node) []*node {
	if n.kind != nRow {
		return []*node{n}
	}
	var out []*node
	for _, k := range n.kids {
		out = append(out, flatten(k)...)
	}
	return out
}

// not parses \not before a relation (t consumed).
func (p *parser) not(t token) *node {
	p.skipSpaces()
	next := p.peek()
	if isTerminator(next, false) {
		p.fail(t, `missing argument of \not`)
	}
	n := p.parsePrimary(false)
	if n == nil || n.kind != nOp && n.kind != nIdent {
		p.fail(t, `\not must be followed by a symbol`)
	}
	negated := map[string]string{"=": "≠", "∈": "∉", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉", "≡": "≢", "∼": "≁", "≈": "≉", "∣": "∤", "|": "∤", "∥": "∦", "‖": "∦"}
	if s, ok := negated[n.text]; ok {
		n.text = s
	} else {
		n.text += "\u0338"
	}
	n.kind, n.class, n.pos = nOp, symRel, t.pos
	return n
}

// ref parses \eqref{label} or \ref{label} (t consumed).
func (p *parser) ref(t token) *node {
	label := p.rawArg(t)
	if label == "" {
		p.fail(t, `empty label in \%s`, t.text)
	}
	var num, href string
	ok := false
	if p.opts.Ref != nil {
		num, href, ok = p.opts.Ref(label)
	}
	if !ok {
		p.fail(t, "unknown equation label %q%s", label, diag.DidYouMean(label, p.opts.Labels))
	}
	if t.text == "eqref" {
		num = "(" + num + ")"
	}
	return &node{kind: nRef, pos: t.pos, end: t.end, text: num, href: href}
}
