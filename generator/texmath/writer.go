package texmath

import (
	"strings"
)

// writer prints a parsed formula as MathML. display is whether the
// current part of the formula is in display style: it decides whether
// operators such as \sum and \lim take their scripts as limits.
type writer struct {
	b *strings.Builder
}

// writeMath writes the <math> element for root, with tex as annotation.
func writeMath(b *strings.Builder, root *node, tex string, display bool) {
	w := writer{b}
	if display {
		b.WriteString(`<math display="block">`)
	} else {
		b.WriteString(`<math>`)
	}
	b.WriteString(`<semantics>`)
	w.arg(root, display)
	b.WriteString(`<annotation encoding="application/x-tex">`)
	escapeText(b, tex)
	b.WriteString(`</annotation></semantics></math>`)
}

// escapeText writes s with &, < and > escaped.
func escapeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// items writes a sequence of nodes.
func (w writer) items(kids []*node, display bool) {
	for i, k := range kids {
		if i > 0 && isFunc(k) && !k.is(fLargeOp) && isOrdinary(kids[i-1]) {
			w.b.WriteString(`<mspace width="0.1667em"></mspace>`)
		}
		if k.kind == nOp && (k.class == symBin) && isPrefixPosition(kids, i) {
			w.op(k, "prefix")
			continue
		}
		w.node(k, display)
	}
}

// isFunc reports whether n is a named operator, possibly with scripts.
func isFunc(n *node) bool {
	return n.kind == nFunc || n.kind == nScripts && n.kids[0].kind == nFunc
}

// isOrdinary reports whether n is an ordinary atom, after which a named
// operator needs a thin space.
func isOrdinary(n *node) bool {
	switch n.kind {
	case nIdent, nNumber, nRow, nFenced:
		return true
	case nOp:
		return n.class == symClose
	}
	return false
}

// isPrefixPosition reports whether the binary operator kids[i] is used as
// a prefix (a sign): at the start or after another operator.
func isPrefixPosition(kids []*node, i int) bool {
	for j := i - 1; j >= 0; j-- {
		k := kids[j]
		if k.kind == nSpace {
			continue
		}
		return k.kind == nOp && k.class != symClose && !k.is(fLargeOp) && !k.is(fPrime) && k.class != symOrd
	}
	return i > 0 // the first item of a row is a prefix already
}

// arg writes n as exactly one MathML element (a child of a layout
// element that takes a fixed number of children).
func (w writer) arg(n *node, display bool) {
	if !singleElement(n) {
		w.b.WriteString(`<mrow>`)
		w.node(n, display)
		w.b.WriteString(`</mrow>`)
		return
	}
	w.node(n, display)
}

// singleElement reports whether n is written as exactly one element.
func singleElement(n *node) bool {
	switch n.kind {
	case nFunc:
		return n.is(fLargeOp)
	case nScripts:
		return n.kids[0].kind != nFunc || n.kids[0].is(fLargeOp)
	case nStyle:
		return false
	}
	return true
}

// node writes one node.
func (w writer) node(n *node, display bool) {
	b := w.b
	switch n.kind {
	case nIdent:
		b.WriteString(`<mi`)
		if n.variant != "" {
			b.WriteString(` mathvariant="`)
			b.WriteString(n.variant)
			b.WriteString(`"`)
		}
		b.WriteString(`>`)
		escapeText(b, n.text)
		b.WriteString(`</mi>`)
	case nNumber:
		b.WriteString(`<mn>`)
		escapeText(b, n.text)
		b.WriteString(`</mn>`)
	case nText:
		b.WriteString(`<mtext>`)
		escapeText(b, n.text)
		b.WriteString(`</mtext>`)
	case nOp:
		w.op(n, "")
	case nSpace:
		if strings.HasPrefix(n.text, "-") {
			b.WriteString(`<mrow style="margin-left:`)
			b.WriteString(n.text)
			b.WriteString(`;"></mrow>`)
		} else {
			b.WriteString(`<mspace width="`)
			b.WriteString(n.text)
			b.WriteString(`"></mspace>`)
		}
	case nRow:
		if len(n.kids) == 1 && singleElement(n.kids[0]) {
			// An mrow around one element renders like the element.
			w.node(n.kids[0], display)
			return
		}
		b.WriteString(`<mrow>`)
		w.items(n.kids, display)
		b.WriteString(`</mrow>`)
	case nFenced:
		b.WriteString(`<mrow>`)
		w.items(n.kids, display)
		b.WriteString(`</mrow>`)
	case nStyle:
		b.WriteString(`<mstyle`)
		sub := display
		switch n.style {
		case styleDisplay:
			b.WriteString(` displaystyle="true" scriptlevel="0"`)
			sub = true
		case styleText:
			b.WriteString(` displaystyle="false" scriptlevel="0"`)
			sub = false
		case styleScript:
			b.WriteString(` displaystyle="false" scriptlevel="1"`)
			sub = false
		case styleScript2:
			b.WriteString(` displaystyle="false" scriptlevel="2"`)
			sub = false
		}
		b.WriteString(`>`)
		w.items(n.kids, sub)
		b.WriteString(`</mstyle>`)
	case nFrac:
		sub := false
		if n.style == styleDisplay {
			b.WriteString(`<mstyle displaystyle="true" scriptlevel="0">`)
			sub = true
		} else if n.style == styleText {
			b.WriteString(`<mstyle displaystyle="false" scriptlevel="0">`)
		}
		if n.thick != "" {
			b.WriteString(`<mfrac linethickness="0">`)
		} else {
			b.WriteString(`<mfrac>`)
		}
		w.arg(n.kids[0], sub)
		w.arg(n.kids[1], sub)
		b.WriteString(`</mfrac>`)
		if n.style != styleNone {
			b.WriteString(`</mstyle>`)
		}
	case nSqrt:
		b.WriteString(`<msqrt>`)
		w.arg(n.kids[0], display)
		b.WriteString(`</msqrt>`)
	case nRoot:
		b.WriteString(`<mroot>`)
		w.arg(n.kids[0], display)
		w.arg(n.kids[1], false)
		b.WriteString(`</mroot>`)
	case nScripts:
		w.scripts(n, display)
	case nUnder, nOver:
		tag := "mover"
		if n.kind == nUnder {
			tag = "munder"
		}
		b.WriteString(`<` + tag)
		if n.is(fAccent) {
			if n.kind == nUnder {
				b.WriteString(` accentunder="true"`)
			} else {
				b.WriteString(` accent="true"`)
			}
		}
		b.WriteString(`>`)
		w.arg(n.kids[0], display)
		w.arg(n.kids[1], false)
		b.WriteString(`</` + tag + `>`)
	case nEnclose:
		if n.text == "box" {
			// menclose is not in MathML Core: draw the box with CSS.
			b.WriteString(`<mrow style="padding:3pt;border:1px solid;">`)
			w.arg(n.kids[0], display)
			b.WriteString(`</mrow>`)
			return
		}
		b.WriteString(`<menclose notation="`)
		b.WriteString(n.text)
		b.WriteString(`" class="`)
		b.WriteString(encloseClass(n.text))
		b.WriteString(`">`)
		w.arg(n.kids[0], display)
		b.WriteString(`</menclose>`)
	case nPhantom:
		b.WriteString(`<mphantom>`)
		w.arg(n.kids[0], display)
		b.WriteString(`</mphantom>`)
	case nFunc:
		w.funcName(n, display)
		w.applyFunction(n)
	case nRef:
		b.WriteString(`<mtext><a href="`)
		escapeText(b, n.href)
		b.WriteString(`">`)
		escapeText(b, n.text)
		b.WriteString(`</a></mtext>`)
	case nTable:
		w.table(n, display)
	}
}

// encloseClass is the CSS class that draws a menclose notation in
// browsers that implement only MathML Core.
func encloseClass(notation string) string {
	switch notation {
	case "top":
		return "tml-overline"
	case "bottom":
		return "tml-underline"
	case "box":
		return "tml-box"
	case "horizontalstrike":
		return "tml-sout"
	}
	return "tml-cancel"
}

// op writes an <mo>. form is "prefix" to force a prefix form.
func (w writer) op(n *node, form string) {
	b := w.b
	b.WriteString(`<mo`)
	if n.is(fFence) {
		b.WriteString(` fence="true"`)
		switch n.class {
		case symOpen:
			form = "prefix"
		case symClose:
			form = "postfix"
		}
	}
	if form != "" {
		b.WriteString(` form="`)
		b.WriteString(form)
		b.WriteString(`"`)
	}
	switch {
	case n.is(fStretchy):
		b.WriteString(` stretchy="true"`)
	case n.is(fNoStretch) || form == "prefix" && n.class == symBin:
		b.WriteString(` stretchy="false"`)
	}
	if n.size != "" && n.size != "thick" {
		b.WriteString(` symmetric="true" minsize="`)
		b.WriteString(n.size)
		b.WriteString(`" maxsize="`)
		b.WriteString(n.size)
		b.WriteString(`"`)
	}
	switch {
	case n.is(fLargeOp):
		b.WriteString(` movablelimits="false"`)
	case n.is(fSeparator):
		b.WriteString(` separator="true"`)
	}
	switch {
	case n.is(fNoSpace) && n.text == ":":
		b.WriteString(` lspace="0em" rspace="0.1667em"`)
	case n.is(fNoSpace):
		b.WriteString(` lspace="0em" rspace="0em"`)
	case n.text == ":" && n.class == symRel:
		b.WriteString(` lspace="0.2222em" rspace="0.2222em"`)
	case n.text == "|" && n.class == symRel:
		b.WriteString(` lspace="0.2778em" rspace="0.2778em"`)
	case n.size == "thick":
		b.WriteString(` lspace="0.2778em" rspace="0.2778em"`)
	case n.text == "mod" && n.class == symBin:
		b.WriteString(` lspace="0.2222em" rspace="0.2222em"`)
	}
	b.WriteString(`>`)
	escapeText(b, n.text)
	b.WriteString(`</mo>`)
}

// funcName writes the name of a named operator, without the function
// application that follows it.
func (w writer) funcName(n *node, display bool) {
	b := w.b
	if n.text == "" {
		w.arg(n.kids[0], display)
		return
	}
	if len([]rune(n.text)) == 1 {
		b.WriteString(`<mi mathvariant="normal">`)
	} else {
		b.WriteString(`<mi>`)
	}
	escapeText(b, n.text)
	b.WriteString(`</mi>`)
}

// applyFunction writes the invisible function application after a named
// operator, and a thin space unless a delimiter follows.
func (w writer) applyFunction(n *node) {
	if n.is(fLargeOp) {
		return
	}
	w.b.WriteString("<mo>\u2061</mo>")
	if !n.is(fDelimNext) {
		w.b.WriteString(`<mspace width="0.1667em"></mspace>`)
	}
}

// scripts writes sub- and superscripts, or limits under and over.
func (w writer) scripts(n *node, display bool) {
	b := w.b
	base, sub, sup := n.kids[0], n.kids[1], n.kids[2]
	asLimits := false
	if takesLimits(base) {
		switch {
		case n.limits > 0:
			asLimits = true
		case n.limits < 0:
			asLimits = false
		case base.is(fBrace):
			asLimits = true
		default:
			asLimits = display && base.is(fLimits)
		}
	}
	var tag string
	switch {
	case sub != nil && sup != nil && asLimits:
		tag = "munderover"
	case sub != nil && sup != nil:
		tag = "msubsup"
	case sub != nil && asLimits:
		tag = "munder"
	case sub != nil:
		tag = "msub"
	case asLimits:
		tag = "mover"
	default:
		tag = "msup"
	}
	b.WriteString(`<` + tag + `>`)
	if base.kind == nFunc {
		w.funcName(base, display)
	} else {
		w.arg(base, display)
	}
	if sub != nil {
		w.arg(sub, false)
	}
	if sup != nil {
		w.arg(sup, false)
	}
	b.WriteString(`</` + tag + `>`)
	if base.kind == nFunc {
		w.applyFunction(base)
	}
}

// table writes an environment's table.
func (w writer) table(n *node, display bool) {
	b := w.b
	cellDisplay := n.is(fDisplayTable)
	if n.is(fSmall) {
		b.WriteString(`<mstyle scriptlevel="1">`)
		cellDisplay = false
	}
	b.WriteString(`<mtable`)
	if cellDisplay {
		b.WriteString(` displaystyle="true"`)
	}
	tagged := len(n.tags) > 0
	if tagged {
		// As Temml does: a glue column at each side, the right one holding
		// the row's number, so that the rows stay centred.
		b.WriteString(` class="tml-tagged" style="width:100%"`)
	}
	cols := 0
	for _, r := range n.rows {
		if len(r) > cols {
			cols = len(r)
		}
	}
	if len(n.align) > 0 {
		b.WriteString(` columnalign="`)
		if tagged {
			b.WriteString(`center `)
		}
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(alignName(columnAlign(n, c)))
		}
		if tagged {
			b.WriteString(` right`)
		}
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	for i, r := range n.rows {
		var tag RowTag
		if i < len(n.tags) {
			tag = n.tags[i]
		}
		b.WriteString(`<mtr`)
		if tag.ID != "" {
			b.WriteString(` id="`)
			escapeText(b, tag.ID)
			b.WriteString(`"`)
		}
		b.WriteString(`>`)
		if tagged {
			b.WriteString(`<mtd class="tml-glue" style="padding:0;width:50%"></mtd>`)
		}
		for c := 0; c < cols; c++ {
			a := columnAlign(n, c)
			b.WriteString(`<mtd`)
			if a != 'c' {
				b.WriteString(` class="tml-`)
				b.WriteString(alignName(a))
				b.WriteString(`"`)
			}
			if style := cellStyle(n, c, cols); style != "" {
				b.WriteString(` style="`)
				b.WriteString(style)
				b.WriteString(`"`)
			}
			b.WriteString(`>`)
			if c < len(r) {
				w.items(r[c].kids, cellDisplay)
			}
			b.WriteString(`</mtd>`)
		}
		if tagged {
			b.WriteString(`<mtd class="tml-right tml-tag" style="padding:0 0 0 2em;width:50%">`)
			if tag.Text != "" {
				b.WriteString(`<mtext>`)
				escapeText(b, tag.Text)
				b.WriteString(`</mtext>`)
			}
			b.WriteString(`</mtd>`)
		}
		b.WriteString(`</mtr>`)
	}
	b.WriteString(`</mtable>`)
	if n.is(fSmall) {
		b.WriteString(`</mstyle>`)
	}
}

// columnAlign returns 'l', 'c' or 'r' for column c.
func columnAlign(n *node, c int) byte {
	if len(n.align) == 0 {
		return 'c'
	}
	if n.pad == "array" {
		if c < len(n.align) {
			return n.align[c]
		}
		return 'c'
	}
	return n.align[c%len(n.align)]
}

func alignName(a byte) string {
	switch a {
	case 'l':
		return "left"
	case 'r':
		return "right"
	}
	return "center"
}

// cellStyle is the inline CSS padding of a cell, following TeX's spacing
// of each kind of environment.
func cellStyle(n *node, c, cols int) string {
	switch n.pad {
	case "align":
		if c > 0 && c%2 == 0 {
			return "padding-left:1em;padding-right:0em;"
		}
		return "padding-left:0em;padding-right:0em;"
	case "cases":
		if c > 0 {
			return "padding-left:1em;padding-right:0em;"
		}
		return "padding-left:0em;padding-right:0em;"
	case "matrix", "array":
		left, right := "5.9776pt", "5.9776pt"
		if n.is(fSmall) {
			left, right = "0.1389em", "0.1389em"
		}
		if c == 0 {
			left = "0em"
		}
		if c == cols-1 {
			right = "0em"
		}
		return "padding-left:" + left + ";padding-right:" + right + ";"
	}
	return "padding-left:0em;padding-right:0em;"
}
