package yamltree

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// parseFast reads the plain YAML that front matter and directive bodies
// are made of without the general parser: block mappings with plain or
// quoted keys, block sequences, one-line flow sequences and mappings, and
// one-line plain and quoted scalars, with comments and blank lines. It
// builds exactly the tree that the general parser and convert build, or
// returns ok=false for anything it is not sure of: anchors, aliases,
// tags, "?" keys, block scalars, multi-line scalars and flow collections,
// document markers, tabs, trailing spaces, escapes other than \\ \" \/ \n
// \t, empty sequence entries, duplicate keys, and every input with an
// error (the general parser then reports it, at its position).
//
// src has passed precheck and newlinesOnly: "\n" is its only line break.
func parseFast(src []byte) (*Node, bool) {
	if len(src) == 0 {
		return &Node{Kind: Null, Line: 1, Col: 1}, true
	}
	ascii, ok := fastScan(src)
	if !ok {
		return nil, false
	}
	f := fastPool.Get().(*fast)
	defer f.release()
	f.s, f.ascii, f.line = string(src), ascii, 1
	f.nextContent()
	if f.eof {
		return &Node{Kind: Null, Line: 1, Col: 1}, true
	}
	root := f.block(f.ind)
	if f.bad || !f.eof {
		return nil, false
	}
	return f.tree(root), true
}

var fastPool = sync.Pool{New: func() any { return new(fast) }}

// release clears f for the next document and puts it back in the pool,
// unless it grew large.
func (f *fast) release() {
	clear(f.fn) // the texts, which point into the document
	*f = fast{fn: f.fn[:0], idx: f.idx[:0], stack: f.stack[:0]}
	if cap(f.fn) <= 1<<14 {
		fastPool.Put(f)
	}
}

// tree makes the Nodes of the document, with root at the top, in two
// allocations: the nodes and the slices of children.
func (f *fast) tree(root ref) *Node {
	out := make([]Node, len(f.fn))
	ptrs := make([]*Node, len(f.idx))
	for j, r := range f.idx {
		ptrs[j] = &out[r]
	}
	for i := range f.fn {
		fn := &f.fn[i]
		n := &out[i]
		n.Kind, n.Type, n.Line, n.Col, n.Text = Kind(fn.kind), ScalarType(fn.typ), int(fn.line), int(fn.col), fn.text
		if fn.n == 0 {
			continue // nil, as convert leaves an empty collection
		}
		a, k := fn.first, fn.n
		if n.Kind == List {
			n.Items = ptrs[a : a+k : a+k]
		} else {
			n.Keys = ptrs[a : a+k : a+k]
			n.Vals = ptrs[a+k : a+2*k : a+2*k]
		}
	}
	return &out[root]
}

// fastScan refuses, in one pass over src, what parseFast never reads:
// control characters and tabs, a space or a backslash at the end of a
// line (the scanner's positions of a plain scalar before trailing spaces
// are off, and a comment ending in a backslash goes on), lines starting
// with --- or ..., merge keys (<<), invalid UTF-8 and a byte order mark.
// It tells whether src is ASCII.
func fastScan(src []byte) (ascii bool, ok bool) {
	ascii = true
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if lineStart {
			lineStart = false
			if i+3 <= len(src) && (c == '-' || c == '.') && src[i+1] == c && src[i+2] == c {
				return false, false
			}
		}
		switch {
		case c == '\n':
			if i > 0 && (src[i-1] == ' ' || src[i-1] == '\\') {
				return false, false
			}
			lineStart = true
		case c == '<':
			if i+1 < len(src) && src[i+1] == '<' {
				return false, false
			}
		case c < 0x20 || c == 0x7f:
			return false, false
		case c >= 0x80:
			ascii = false
		}
	}
	if last := src[len(src)-1]; last == ' ' || last == '\\' {
		return false, false
	}
	if !ascii && (!utf8.Valid(src) || bytes.Contains(src, []byte("\uFEFF"))) {
		return false, false
	}
	return ascii, true
}

// fast is the state of parseFast. The cursor i stands on line `line`,
// which starts at byte ls; nothing the parser accepts spans two lines
// except through block structure.
type fast struct {
	s     string
	i     int
	line  int
	ls    int
	ascii bool
	bad   bool // declined: the result is thrown away

	// after nextContent: the indentation of the content line the cursor
	// stands on, or eof.
	ind int
	eof bool

	// the column of byte ccPos of the current line, for non-ASCII lines
	ccPos, ccCol int

	fn    []fnode
	idx   []ref // the children of the collections, in runs
	stack []ref // children of the collections being read
}

// ref is the index of a node in fast.fn.
type ref = int32

// fnode is a Node while the document is read: its children are the run
// idx[first:first+n] (a mapping's n keys, then its n values).
type fnode struct {
	text      string
	line, col int32
	first, n  int32
	kind, typ uint8
}

func (f *fast) fail() { f.bad = true }

// col is the 1-based column, in runes, of byte p of the current line.
func (f *fast) col(p int) int {
	if f.ascii {
		return p - f.ls + 1
	}
	if f.ccCol == 0 || f.ccPos < f.ls || f.ccPos > p {
		f.ccPos, f.ccCol = f.ls, 1
	}
	for q := f.ccPos; q < p; q++ {
		if c := f.s[q]; c < 0x80 || c >= 0xC0 {
			f.ccCol++
		}
	}
	f.ccPos = p
	return f.ccCol
}

func (f *fast) node(kind Kind, line, col int) ref {
	f.fn = append(f.fn, fnode{kind: uint8(kind), line: int32(line), col: int32(col)})
	return ref(len(f.fn) - 1)
}

// children moves the stack's entries from `from` on into the children of
// node r.
func (f *fast) children(r ref, from int) {
	n := len(f.stack) - from
	f.fn[r].first, f.fn[r].n = int32(len(f.idx)), int32(n)
	f.idx = append(f.idx, f.stack[from:]...)
	f.stack = f.stack[:from]
}

// pairs moves the stack's entries from `from` on, keys and values in
// turn, into the keys and values of mapping m.
func (f *fast) pairs(m ref, from int) {
	n := (len(f.stack) - from) / 2
	f.fn[m].first, f.fn[m].n = int32(len(f.idx)), int32(n)
	for j := from; j < len(f.stack); j += 2 {
		f.idx = append(f.idx, f.stack[j])
	}
	for j := from + 1; j < len(f.stack); j += 2 {
		f.idx = append(f.idx, f.stack[j])
	}
	f.stack = f.stack[:from]
}

// addPair pushes a key and its value, declining a key that convert would
// refuse: one that is not a scalar, or one given twice.
func (f *fast) addPair(from int, k, v ref) {
	if Kind(f.fn[k].kind) != Scalar {
		f.fail()
		return
	}
	text := f.fn[k].text
	for j := from; j < len(f.stack); j += 2 {
		if f.fn[f.stack[j]].text == text {
			f.fail()
			return
		}
	}
	f.stack = append(f.stack, k, v)
}

// nextContent moves the cursor from the start of a line to the first
// character of the next line that holds more than spaces or a comment,
// setting ind, or sets eof.
func (f *fast) nextContent() {
	s := f.s
	for {
		j := f.i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] != '\n' && s[j] != '#' {
			f.i, f.ind = j, j-f.ls
			return
		}
		for j < len(s) && s[j] != '\n' {
			j++
		}
		if j >= len(s) {
			f.i, f.eof = len(s), true
			return
		}
		f.i = j + 1
		f.line++
		f.ls = f.i
	}
}

// endLine accepts only spaces and a comment after a value, then moves to
// the next content line.
func (f *fast) endLine() {
	s := f.s
	j := f.i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && s[j] == '#' {
		if j == f.i && j > f.ls {
			f.fail() // "x"#c: a comment right after a value
			return
		}
		for j < len(s) && s[j] != '\n' {
			j++
		}
	}
	if j < len(s) && s[j] != '\n' {
		f.fail()
		return
	}
	if j >= len(s) {
		f.i, f.eof = len(s), true
		return
	}
	f.i = j + 1
	f.line++
	f.ls = f.i
	f.nextContent()
}

// isSeqEntry tells whether a block sequence entry "- " starts at p.
func (f *fast) isSeqEntry(p int) bool {
	s := f.s
	return s[p] == '-' && (p+1 == len(s) || s[p+1] == ' ' || s[p+1] == '\n')
}

// block reads the node that starts on the current content line, indented
// by ind spaces: a block sequence, a block mapping or a one-line value.
func (f *fast) block(ind int) ref {
	if f.bad {
		return -1
	}
	if f.isSeqEntry(f.i) {
		return f.sequence(ind)
	}
	if colon := f.keyColon(f.i); colon > 0 {
		return f.mapping(ind, colon)
	}
	n := f.inline()
	if !f.bad {
		f.endLine()
	}
	return n
}

// keyColon returns the position of the ':' that ends a mapping key
// starting at p, or 0 if no key starts there.
func (f *fast) keyColon(p int) int {
	s := f.s
	c := s[p]
	if c == '"' || c == '\'' {
		q, ok := f.quoteEnd(p)
		if !ok || q >= len(s) || s[q] != ':' || !f.delimAfter(q+1) {
			return 0
		}
		return q
	}
	if !plainStart(s, p) {
		return 0
	}
	for j := p + 1; j < len(s); j++ {
		switch s[j] {
		case '\n':
			return 0
		case '#':
			if s[j-1] == ' ' {
				return 0
			}
		case ':':
			if f.delimAfter(j + 1) {
				if s[j-1] == ' ' {
					f.fail() // a space before the colon
					return 0
				}
				return j
			}
		}
	}
	return 0
}

// delimAfter tells whether a ':' before p ends a key in block context.
func (f *fast) delimAfter(p int) bool {
	return p == len(f.s) || f.s[p] == ' ' || f.s[p] == '\n'
}

// plainStart tells whether a plain scalar may start at p: not with an
// indicator, and '-' only before a digit, a letter or a dot.
func plainStart(s string, p int) bool {
	switch s[p] {
	case '-':
		if p+1 < len(s) {
			c := s[p+1]
			return c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		}
		return false
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	}
	return true
}

// mapping reads a block mapping whose keys are indented by ind spaces;
// the first key starts at the cursor and ends at colon.
func (f *fast) mapping(ind, colon int) ref {
	m := f.node(Map, f.line, f.col(colon))
	from := len(f.stack)
	for {
		k := f.key(colon)
		if f.bad {
			return -1
		}
		cline, ccol := f.line, f.col(colon)
		f.i = colon + 1
		var v ref
		j := f.i
		for j < len(f.s) && f.s[j] == ' ' {
			j++
		}
		if j == len(f.s) || f.s[j] == '\n' || f.s[j] == '#' {
			f.endLine()
			switch {
			case f.bad:
				return -1
			case f.eof:
				v = f.node(Null, cline, ccol+2)
			case f.ind > ind:
				v = f.block(f.ind)
			case f.ind == ind && f.isSeqEntry(f.i):
				v = f.sequence(ind)
			default:
				v = f.node(Null, cline, ccol+1)
			}
		} else {
			f.i = j
			v = f.inline()
			if !f.bad {
				f.endLine()
			}
		}
		if f.bad {
			return -1
		}
		f.addPair(from, k, v)
		if f.bad || f.eof || f.ind < ind {
			break
		}
		if f.ind > ind {
			f.fail()
			return -1
		}
		if colon = f.keyColon(f.i); colon == 0 {
			f.fail()
			return -1
		}
	}
	if f.bad {
		return -1
	}
	f.pairs(m, from)
	return m
}

// key reads the mapping key at the cursor, which ends at colon.
func (f *fast) key(colon int) ref {
	if c := f.s[f.i]; c == '"' || c == '\'' {
		return f.quoted()
	}
	return f.scalar(f.i, colon)
}

// sequence reads a block sequence whose entries are indented by ind
// spaces, starting at the cursor.
func (f *fast) sequence(ind int) ref {
	l := f.node(List, f.line, f.col(f.i))
	from := len(f.stack)
	for {
		j := f.i + 1
		for j < len(f.s) && f.s[j] == ' ' {
			j++
		}
		if j == len(f.s) || f.s[j] == '\n' || f.s[j] == '#' || f.isSeqEntry(j) {
			f.fail() // an empty entry, or a sequence in an entry
			return -1
		}
		f.i = j
		var item ref
		if colon := f.keyColon(j); colon > 0 {
			item = f.mapping(j-f.ls, colon)
		} else if !f.bad {
			item = f.inline()
			if !f.bad {
				f.endLine()
			}
		}
		if f.bad {
			return -1
		}
		f.stack = append(f.stack, item)
		if f.eof || f.ind < ind {
			break
		}
		if f.ind > ind {
			f.fail()
			return -1
		}
		if !f.isSeqEntry(f.i) {
			break
		}
	}
	f.children(l, from)
	return l
}

// inline reads a one-line value at the cursor in block context: a flow
// collection, a quoted scalar or a plain scalar up to the end of the line
// or a comment.
func (f *fast) inline() ref {
	s := f.s
	switch s[f.i] {
	case '[', '{':
		return f.flow()
	case '"', '\'':
		return f.quoted()
	}
	p := f.i
	if !plainStart(s, p) {
		f.fail()
		return -1
	}
	end := p + 1
	for ; end < len(s); end++ {
		c := s[end]
		if c == '\n' {
			break
		}
		if c == '#' && s[end-1] == ' ' {
			break
		}
		if c == ':' && f.delimAfter(end+1) {
			f.fail() // "a: b: c", or a key where a value belongs
			return -1
		}
	}
	e := end
	for s[e-1] == ' ' {
		e--
	}
	return f.scalar(p, e)
}

// scalar makes the plain scalar s[p:e] of the current line, typed as the
// YAML scanner types it (see typePlain).
func (f *fast) scalar(p, e int) ref {
	text := f.s[p:e]
	kind, typ, text := typePlain(text)
	n := f.node(kind, f.line, f.col(p))
	f.i = e
	if kind == Scalar {
		f.fn[n].typ, f.fn[n].text = uint8(typ), text
	}
	return n
}

// flow reads a flow sequence or mapping that closes on its line.
func (f *fast) flow() ref {
	s := f.s
	open := s[f.i]
	kind := List
	if open == '{' {
		kind = Map
	}
	n := f.node(kind, f.line, f.col(f.i))
	f.i++
	from := len(f.stack)
	f.spaces()
	closer := byte(']')
	if open == '{' {
		closer = '}'
	}
	if f.i < len(s) && s[f.i] == closer {
		f.i++
		return n
	}
	for {
		var v ref
		if open == '{' {
			k := f.flowValue(true)
			if f.bad {
				return -1
			}
			if f.i+1 >= len(s) || s[f.i] != ':' || s[f.i+1] != ' ' {
				f.fail()
				return -1
			}
			f.i += 2
			f.spaces()
			v = f.flowValue(false)
			if f.bad {
				return -1
			}
			f.addPair(from, k, v)
			if f.bad {
				return -1
			}
		} else {
			v = f.flowValue(false)
			if f.bad {
				return -1
			}
			f.stack = append(f.stack, v)
		}
		f.spaces()
		if f.i >= len(s) {
			f.fail()
			return -1
		}
		if s[f.i] == closer {
			f.i++
			break
		}
		if s[f.i] != ',' {
			f.fail()
			return -1
		}
		f.i++
		f.spaces()
		if f.i >= len(s) || s[f.i] == closer {
			f.fail() // a trailing comma
			return -1
		}
	}
	if open == '{' {
		f.pairs(n, from)
	} else {
		f.children(n, from)
	}
	return n
}

func (f *fast) spaces() {
	for f.i < len(f.s) && f.s[f.i] == ' ' {
		f.i++
	}
}

// flowValue reads one entry of a flow collection: a nested collection, a
// quoted scalar, or a plain scalar without ':' and '#' up to ',', ']' or
// '}'. A key (isKey) must be a scalar.
func (f *fast) flowValue(isKey bool) ref {
	s := f.s
	if f.i >= len(s) {
		f.fail()
		return -1
	}
	switch s[f.i] {
	case '[', '{':
		if isKey {
			f.fail()
			return -1
		}
		return f.flow()
	case '"', '\'':
		return f.quoted()
	}
	p := f.i
	if !plainStart(s, p) {
		f.fail()
		return -1
	}
	end := p + 1
loop:
	for ; end < len(s); end++ {
		switch s[end] {
		case ',', ']', '}':
			break loop
		case ':':
			if isKey {
				break loop
			}
			f.fail()
			return -1
		case '#', '[', '{', '\n':
			f.fail()
			return -1
		}
	}
	e := end
	for s[e-1] == ' ' {
		e--
	}
	return f.scalar(p, e)
}

// quoteEnd returns the position after the closing quote of the quoted
// scalar at p, or ok=false if it does not close on its line or holds an
// escape parseFast does not read.
func (f *fast) quoteEnd(p int) (int, bool) {
	s := f.s
	q := s[p]
	for j := p + 1; j < len(s); j++ {
		switch s[j] {
		case '\n':
			return 0, false
		case q:
			if q == '\'' && j+1 < len(s) && s[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, true
		case '\\':
			if q == '"' {
				if j+1 >= len(s) {
					return 0, false
				}
				switch s[j+1] {
				case '\\', '"', '/', 'n', 't':
					j++
				default:
					return 0, false
				}
			}
		}
	}
	return 0, false
}

// quoted reads the quoted scalar at the cursor: always a string.
func (f *fast) quoted() ref {
	s := f.s
	p := f.i
	end, ok := f.quoteEnd(p)
	if !ok {
		f.fail()
		return -1
	}
	n := f.node(Scalar, f.line, f.col(p))
	body := s[p+1 : end-1]
	switch {
	case s[p] == '\'' && strings.Contains(body, "''"):
		f.fn[n].text = strings.ReplaceAll(body, "''", "'")
	case s[p] == '"' && strings.IndexByte(body, '\\') >= 0:
		var b strings.Builder
		for j := 0; j < len(body); j++ {
			c := body[j]
			if c == '\\' {
				j++
				switch c = body[j]; c {
				case 'n':
					c = '\n'
				case 't':
					c = '\t'
				}
			}
			b.WriteByte(c)
		}
		f.fn[n].text = b.String()
	default:
		f.fn[n].text = body
	}
	f.i = end
	return n
}

// typePlain types a plain scalar as the YAML scanner does (token.New):
// the null and boolean keywords, .inf and .nan, then numbers as
// token.ToNumber reads them, else a string. A boolean's text is "true" or
// "false", as convert writes it.
func typePlain(v string) (Kind, ScalarType, string) {
	switch v {
	case "null", "Null", "NULL", "~":
		return Null, String, ""
	case "true", "True", "TRUE":
		return Scalar, Bool, "true"
	case "false", "False", "FALSE":
		return Scalar, Bool, "false"
	case ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
		return Scalar, Float, v
	}
	switch number(v) {
	case Int:
		return Scalar, Int, v
	case Float:
		return Scalar, Float, v
	}
	return Scalar, String, v
}

// number is token.ToNumber without its allocations: Int or Float if the
// YAML scanner makes v a number of that type, else String.
func number(value string) ScalarType {
	if len(value) == 0 || value[0] == '_' {
		return String
	}
	dots := strings.Count(value, ".")
	if dots > 1 {
		return String
	}
	negative := value[0] == '-'
	normalized := strings.TrimPrefix(strings.TrimPrefix(value, "+"), "-")
	if strings.IndexByte(normalized, '_') >= 0 {
		normalized = strings.ReplaceAll(normalized, "_", "")
	}
	base := 10
	isFloat := false
	switch {
	case strings.HasPrefix(normalized, "0x"):
		normalized, base = normalized[2:], 16
	case strings.HasPrefix(normalized, "0o"):
		normalized, base = normalized[2:], 8
	case strings.HasPrefix(normalized, "0b"):
		normalized, base = normalized[2:], 2
	case strings.HasPrefix(normalized, "0") && len(normalized) > 1 && dots == 0:
		base = 8
	case dots == 1:
		isFloat = true
	}
	if isFloat {
		// strconv.ParseFloat reads only digits, '.', exponents and signs,
		// but for hexadecimal ("0X1.8p1": "0x" was taken above).
		if !strings.HasPrefix(normalized, "0X") {
			for j := 0; j < len(normalized); j++ {
				switch c := normalized[j]; {
				case '0' <= c && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-':
				default:
					return String
				}
			}
		}
		if _, err := strconv.ParseFloat(signed(value, normalized, negative), 64); err != nil {
			return String
		}
		return Float
	}
	if normalized == "" {
		return String
	}
	for j := 0; j < len(normalized); j++ {
		c := normalized[j]
		d := 99
		switch {
		case '0' <= c && c <= '9':
			d = int(c - '0')
		case 'a' <= c && c <= 'f':
			d = int(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = int(c-'A') + 10
		}
		if d >= base {
			return String
		}
	}
	var err error
	if negative {
		_, err = strconv.ParseInt(signed(value, normalized, negative), base, 64)
	} else {
		_, err = strconv.ParseUint(normalized, base, 64)
	}
	if err != nil {
		return String
	}
	return Int
}

// signed is normalized with the minus sign of a negative value, which is
// value itself unless normalizing changed it.
func signed(value, normalized string, negative bool) string {
	switch {
	case !negative:
		return normalized
	case value[1:] == normalized:
		return value
	}
	return "-" + normalized
}
