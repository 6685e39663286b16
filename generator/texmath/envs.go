package texmath

import (
	"strings"

	"paperlab/generator/diag"
)

// delimiter returns the character a delimiter token stands for after
// \left, \middle, \right or \big ("" for the empty delimiter ".").
func delimiter(t token) (string, bool) {
	switch t.kind {
	case tokChar:
		switch t.text {
		case "(", ")", "[", "]", "|", "/":
			return t.text, true
		case ".":
			return "", true
		case "<":
			return "⟨", true
		case ">":
			return "⟩", true
		}
	case tokCommand:
		switch t.text {
		case "{", "lbrace":
			return "{", true
		case "}", "rbrace":
			return "}", true
		case "|", "Vert", "lVert", "rVert":
			return "‖", true
		case "vert", "lvert", "rvert", "mid":
			return "|", true
		case "backslash":
			return `\`, true
		case "lbrack":
			return "[", true
		case "rbrack":
			return "]", true
		}
		if s, ok := symbols[t.text]; ok && (s.class == symOpen || s.class == symClose) {
			return s.text, true
		}
		switch t.text {
		case "uparrow", "downarrow", "updownarrow", "Uparrow", "Downarrow", "Updownarrow":
			return symbols[t.text].text, true
		}
	}
	return "", false
}

// parseDelim reads the delimiter after cmd (\left, \right, ...).
func (p *parser) parseDelim(cmd token) (string, token) {
	p.skipSpaces()
	t := p.peek()
	d, ok := delimiter(t)
	if !ok {
		if t.kind == tokEOF {
			p.fail(cmd, `missing delimiter after \%s`, cmd.text)
		}
		p.fail(t, `invalid delimiter %s after \%s`, describe(t), cmd.text)
	}
	p.i++
	return d, t
}

// leftRight parses \left ... \middle ... \right (\left consumed).
func (p *parser) leftRight(t token) *node {
	p.enter(t)
	open, _ := p.parseDelim(t)
	n := &node{kind: nFenced, pos: t.pos}
	n.kids = append(n.kids, &node{kind: nOp, pos: t.pos, end: t.end, text: open, class: symOpen, flags: fStretchy | fFence})
	for {
		n.kids = append(n.kids, p.parseList(false)...)
		u := p.peek()
		if u.kind == tokCommand && u.text == "middle" {
			p.i++
			d, _ := p.parseDelim(u)
			n.kids = append(n.kids, &node{kind: nOp, pos: u.pos, end: u.end, text: d, class: symRel, flags: fStretchy | fFence})
			continue
		}
		if u.kind == tokCommand && u.text == "right" {
			p.i++
			d, dt := p.parseDelim(u)
			n.kids = append(n.kids, &node{kind: nOp, pos: u.pos, end: dt.end, text: d, class: symClose, flags: fStretchy | fFence})
			n.end = dt.end
			p.leave()
			return n
		}
		if u.kind == tokEOF {
			p.fail(t, `\left without a matching \right`)
		}
		what := describe(u)
		if u.kind == tokAlign {
			what = `"&"`
		}
		p.failWith(u, t, `the \left is here`, `unexpected %s inside \left … \right`, what)
	}
}

// bigDelim parses \big( and friends (t consumed).
func (p *parser) bigDelim(t token) *node {
	d, dt := p.parseDelim(t)
	size := map[byte]string{'b': "1.2em", 'B': "1.623em"}[t.text[0]]
	if strings.HasPrefix(strings.ToLower(t.text), "bigg") {
		size = map[byte]string{'b': "2.047em", 'B': "2.470em"}[t.text[0]]
	}
	n := &node{kind: nOp, pos: t.pos, end: dt.end, text: d, size: size, flags: fStretchy}
	switch t.text[len(t.text)-1] {
	case 'l':
		n.class = symOpen
	case 'r':
		n.class = symClose
	case 'm':
		n.class = symRel
	default:
		n.class = symOrd
	}
	return n
}

// envSpec describes an environment: its delimiters, column alignment and
// whether its cells are in display style.
type envSpec struct {
	open, close string
	align       string // per column, repeated; "" means centered
	display     bool
	pad         string // "align", "cases", "matrix", "array", "lines"
	small       bool
	maxCols     int // 0 for no limit
}

// environments lists the supported environments.
var environments = map[string]envSpec{
	"matrix":      {pad: "matrix"},
	"pmatrix":     {open: "(", close: ")", pad: "matrix"},
	"bmatrix":     {open: "[", close: "]", pad: "matrix"},
	"Bmatrix":     {open: "{", close: "}", pad: "matrix"},
	"vmatrix":     {open: "|", close: "|", pad: "matrix"},
	"Vmatrix":     {open: "‖", close: "‖", pad: "matrix"},
	"smallmatrix": {pad: "matrix", small: true},
	"cases":       {open: "{", align: "l", pad: "cases", maxCols: 2},
	"dcases":      {open: "{", align: "l", pad: "cases", display: true, maxCols: 2},
	"rcases":      {close: "}", align: "l", pad: "cases", maxCols: 2},
	"aligned":     {align: "rl", display: true, pad: "align"},
	"align":       {align: "rl", display: true, pad: "align"},
	"align*":      {align: "rl", display: true, pad: "align"},
	"alignat":     {align: "rl", display: true, pad: "align"},
	"alignat*":    {align: "rl", display: true, pad: "align"},
	"alignedat":   {align: "rl", display: true, pad: "align"},
	"split":       {align: "rl", display: true, pad: "align", maxCols: 2},
	"gather":      {display: true, pad: "lines", maxCols: 1},
	"gather*":     {display: true, pad: "lines", maxCols: 1},
	"gathered":    {display: true, pad: "lines", maxCols: 1},
	"equation":    {display: true, pad: "lines", maxCols: 1},
	"equation*":   {display: true, pad: "lines", maxCols: 1},
	"multline":    {display: true, pad: "lines", maxCols: 1},
	"multline*":   {display: true, pad: "lines", maxCols: 1},
	"array":       {pad: "array"},
	"subarray":    {pad: "array", small: true},
}

// environment parses \begin{name} ... \end{name} (\begin consumed).
func (p *parser) environment(t token) *node {
	name := p.rawArg(t)
	spec, ok := environments[name]
	if !ok {
		p.fail(t, "unknown environment %q%s", name, diag.DidYouMean(name, environmentNames()))
	}
	p.enter(t)
	var colAlign []byte
	switch name {
	case "array", "subarray":
		colAlign = p.columnSpec(t)
	case "alignat", "alignat*", "alignedat":
		p.rawArg(t) // the number of column pairs
	}
	if spec.align != "" {
		colAlign = []byte(spec.align)
	}
	tbl := &node{kind: nTable, pos: t.pos, align: colAlign, pad: spec.pad}
	if spec.display {
		tbl.flags |= fDisplayTable
	}
	if spec.small {
		tbl.flags |= fSmall
	}
	savedFont := p.font
	var row []*node
	for {
		start := p.peek()
		items := p.parseList(false)
		cell := &node{kind: nRow, pos: start.pos, end: p.peek().pos, kids: items}
		row = append(row, cell)
		p.font = savedFont
		u := p.peek()
		switch {
		case u.kind == tokAlign:
			if spec.maxCols > 0 && len(row) >= spec.maxCols {
				p.fail(u, "too many columns in %s (at most %d)", name, spec.maxCols)
			}
			p.i++
			continue
		case u.kind == tokCommand && (u.text == `\` || u.text == "cr"):
			p.i++
			p.skipRowSpacing()
			tbl.rows = append(tbl.rows, row)
			row = nil
			continue
		case u.kind == tokCommand && u.text == "end":
			p.i++
			endName := p.rawArg(u)
			if endName != name {
				p.failWith(u, t, `the \begin{`+name+`} is here`, `\begin{%s} ended by \end{%s}`, name, endName)
			}
			// A trailing \\ leaves an empty last row: drop it.
			if !(len(row) == 1 && len(row[0].kids) == 0 && len(tbl.rows) > 0) {
				tbl.rows = append(tbl.rows, row)
			}
			tbl.end = p.toks[p.i-1].end
			p.leave()
			return p.wrapEnv(tbl, spec, name)
		case u.kind == tokEOF:
			p.fail(t, `\begin{%s} without a matching \end{%s}`, name, name)
		default:
			p.fail(u, "unexpected %s inside %s", describe(u), name)
		}
	}
}

// skipRowSpacing skips an optional [length] after \\.
func (p *parser) skipRowSpacing() {
	j := p.i
	for j < len(p.toks) && p.toks[j].kind == tokSpace {
		j++
	}
	if j < len(p.toks) && p.toks[j].kind == tokChar && p.toks[j].text == "[" {
		for k := j + 1; k < len(p.toks); k++ {
			if p.toks[k].kind == tokChar && p.toks[k].text == "]" {
				p.i = k + 1
				return
			}
		}
	}
}

// columnSpec reads the {lcr|} argument of array.
func (p *parser) columnSpec(t token) []byte {
	spec := p.rawArg(t)
	var cols []byte
	for i := 0; i < len(spec); i++ {
		switch c := spec[i]; c {
		case 'l', 'c', 'r':
			cols = append(cols, c)
		case '|', ' ', ':':
		default:
			p.fail(t, "invalid column specification %q", spec)
		}
	}
	if len(cols) == 0 {
		p.fail(t, "empty column specification")
	}
	return cols
}

// wrapEnv puts the delimiters of an environment around its table.
func (p *parser) wrapEnv(tbl *node, spec envSpec, name string) *node {
	if strings.HasPrefix(name, "equation") {
		// One line: the content itself.
		if len(tbl.rows) == 1 && len(tbl.rows[0]) == 1 {
			return tbl.rows[0][0]
		}
	}
	if spec.open == "" && spec.close == "" {
		return tbl
	}
	return &node{kind: nFenced, pos: tbl.pos, end: tbl.end, kids: []*node{
		{kind: nOp, pos: tbl.pos, end: tbl.pos, text: spec.open, class: symOpen, flags: fStretchy | fFence},
		tbl,
		{kind: nOp, pos: tbl.end, end: tbl.end, text: spec.close, class: symClose, flags: fStretchy | fFence},
	}}
}

// substack parses \substack{a \\ b} (t consumed) into a small table.
func (p *parser) substack(t token) *node {
	p.skipSpaces()
	open := p.peek()
	if open.kind != tokOpen {
		p.fail(t, `missing argument of \substack`)
	}
	p.i++
	p.enter(open)
	tbl := &node{kind: nTable, pos: t.pos, pad: "lines", flags: fSmall}
	for {
		start := p.peek()
		items := p.parseList(false)
		tbl.rows = append(tbl.rows, []*node{{kind: nRow, pos: start.pos, end: p.peek().pos, kids: items}})
		u := p.peek()
		switch {
		case u.kind == tokCommand && (u.text == `\` || u.text == "cr"):
			p.i++
			continue
		case u.kind == tokClose:
			p.i++
			tbl.end = u.end
			p.leave()
			return tbl
		case u.kind == tokEOF:
			panic(p.unclosed(open))
		}
		p.fail(u, "unexpected %s inside \\substack", describe(u))
	}
}
