package htmlsafe

import (
	"bytes"
	"strings"

	xhtml "golang.org/x/net/html"
)

// checkFast is Check in one pass over src, without the tokenizer, for the
// markup built pages are made of: text, comments, start, end and
// self-closing tags with quoted or unquoted attributes, and the raw-text
// elements other than <script> and <plaintext> (an SVG <title>, a
// <style>). It reads tags exactly as golang.org/x/net/html's tokenizer
// does (the same end of a tag, the same attributes, the first of two with
// one name kept), finds the same text tokens where that matters, and
// passes what it read to the same checks (plainAttr, checkTag,
// attrOffset, CSSProblem) with the same offsets, so its problems are
// checkTokenizer's, in the same order.
//
// A tag whose attribute values hold a character reference, a carriage
// return or a NUL (or a NUL in a name) is read again by the tokenizer
// alone, for its decoded values. ok is false, and checkFast declines,
// at what it does not read itself: a tag or comment left open at the end
// of src, <!DOCTYPE, CDATA and other <!…>, <?…>, </ followed by neither
// a letter nor >, a tag name with a NUL or a byte outside ASCII, and the
// <script> and <plaintext> elements.
func checkFast(src []byte) (out []Problem, ok bool) {
	s := fastScanner{src: src}
	n := len(src)
	i := 0
	for {
		if i < n && src[i] != '<' { // markup is dense: often a tag follows a tag
			j := bytes.IndexByte(src[i:], '<')
			if j < 0 {
				return out, true // text to the end
			}
			i += j
		}
		if i+1 >= n {
			return out, true // text to the end
		}
		c := src[i+1]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			nameEnd, end, ok := s.readTag(i+1, true)
			if !ok {
				return nil, false
			}
			tag, forbidden, raw, ok := s.tagName(i+1, nameEnd)
			if !ok {
				return nil, false
			}
			if out, ok = s.startTag(out, i, end, tag, forbidden); !ok {
				return nil, false
			}
			if !raw {
				i = end
				continue
			}
			// Raw text up to "</tag" and a space, / or >; the end tag is
			// then read as any other. Check's openRaw is set by a start
			// tag, not a self-closing one.
			open := !s.selfClosing(end)
			k := rawTextEnd(src, end, tag)
			if k < 0 {
				if open && tag == "style" && end < n {
					if p := styleTextProblem(src[end:]); p != "" {
						out = append(out, Problem{Offset: end, Msg: p})
					}
				}
				if open {
					out = append(out, Problem{Offset: i, Msg: notClosed(tag)})
				}
				return out, true
			}
			if open && tag == "style" && k > end {
				if p := styleTextProblem(src[end:k]); p != "" {
					out = append(out, Problem{Offset: end, Msg: p})
				}
			}
			if _, end, ok = s.readTag(k+2, false); !ok {
				return nil, false
			}
			i = end
		case c == '/':
			if i+2 >= n {
				return out, true // "</" is text
			}
			c = src[i+2]
			switch {
			case c == '>':
				i += 3 // "</>" is dropped
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
				_, end, ok := s.readTag(i+2, false)
				if !ok {
					return nil, false
				}
				i = end
			default:
				return nil, false // a bogus comment
			}
		case c == '!':
			if i+3 >= n || src[i+2] != '-' || src[i+3] != '-' {
				return nil, false // doctype, CDATA, bogus comment
			}
			end := commentEnd(src, i+4)
			if end < 0 {
				return nil, false
			}
			i = end
		case c == '?':
			return nil, false
		default:
			i++ // "<" is text; what follows is read again
		}
	}
}

// commentEnd returns the offset just past the comment whose text starts
// at from (after "<!--"), ended as the tokenizer's readComment ends it, or
// -1 when it runs to the end of src.
func commentEnd(src []byte, from int) int {
	dashes := 0
	beginning := true
	for k := from; k < len(src); k++ {
		switch src[k] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return k + 1
			}
		case '!':
			if dashes >= 2 {
				k++
				if k >= len(src) {
					return -1
				}
				switch src[k] {
				case '>':
					return k + 1
				case '-':
					dashes = 1
					beginning = false
					continue
				}
			}
		}
		dashes = 0
		beginning = false
	}
	return -1
}

// rawTextEnd returns the offset of the "</" that ends the raw text of tag
// starting at from, as the tokenizer's readRawOrRCDATA finds it: "</",
// the name in any ASCII case, then a space, / or >. It returns -1 when the
// text runs to the end of src.
func rawTextEnd(src []byte, from int, tag string) int {
	for j := from; ; j++ {
		x := bytes.Index(src[j:], []byte("</"))
		if x < 0 {
			return -1
		}
		j += x
		m := j + 2
		if m+len(tag) >= len(src) {
			return -1
		}
		if asciiLowerEqual(src[m:m+len(tag)], tag) {
			switch src[m+len(tag)] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				return j
			}
		}
	}
}

// asciiLowerEqual reports whether b, with ASCII letters lowered, is s.
func asciiLowerEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

type span struct{ start, end int }

// fastScanner holds what checkFast reuses from tag to tag.
type fastScanner struct {
	src []byte
	// attrs are the attributes of the last tag read with save: their key
	// and value spans, as the tokenizer's z.attr.
	attrs   [][2]span
	checked []xhtml.Attribute // the attributes checkTag is given
	lower   []byte            // a lowered name
}

// Byte classes for reading tags as the tokenizer does.
const (
	cSpace   = 1 << iota // ' ', \n, \r, \t, \f
	cNameEnd             // a space, / or >: the end of a tag name
	cKeyEnd              // a space, /, > or =: the end of a key
	cValEnd              // a space or >: the end of an unquoted value
	cColon               // ':' in a value: plainAttr's test
	cDecoded             // '&', \r or NUL: the tokenizer changes the value
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \n\r\t\f") {
		t[c] |= cSpace | cNameEnd | cKeyEnd | cValEnd
	}
	t['/'] |= cNameEnd | cKeyEnd
	t['>'] |= cNameEnd | cKeyEnd | cValEnd
	t['='] |= cKeyEnd
	t[':'] |= cColon
	t['&'] |= cDecoded
	t['\r'] |= cDecoded
	t[0] |= cDecoded
	return t
}()

// skipSpace returns the offset of the first byte from k on that is not
// white space.
func skipSpace(src []byte, k int) int {
	for k < len(src) && byteClass[src[k]]&cSpace != 0 {
		k++
	}
	return k
}

// readTag reads a tag whose name starts at p, a letter after "<" or
// "</", as the tokenizer's readTag does, and returns the end of its name
// and the offset just past its ">". With save it keeps in s.attrs the
// attributes the tokenizer keeps: those with a key, the first of those
// with one key in any ASCII case. ok is false when the tag runs to the end
// of src.
func (s *fastScanner) readTag(p int, save bool) (nameEnd, end int, ok bool) {
	src := s.src
	n := len(src)
	s.attrs = s.attrs[:0]
	k := p + 1
	for k < n && byteClass[src[k]]&cNameEnd == 0 {
		k++
	}
	if k >= n {
		return 0, 0, false
	}
	nameEnd = k
	if byteClass[src[k]]&cSpace != 0 {
		k++
	}
	for {
		if k = skipSpace(src, k); k >= n {
			return 0, 0, false
		}
		if src[k] == '>' {
			return nameEnd, k + 1, true
		}
		// The key: up to a space, /, > or an = that is not its first byte.
		ks := k
		if src[k] == '=' {
			k++
		}
		for k < n && byteClass[src[k]]&cKeyEnd == 0 {
			k++
		}
		if k >= n {
			return 0, 0, false
		}
		key := span{ks, k}
		val := span{k, k}
		if k = skipSpace(src, k); k >= n {
			return 0, 0, false
		}
		c := src[k]
		k++
		switch c {
		case '/':
		case '=':
			if k = skipSpace(src, k); k >= n {
				return 0, 0, false
			}
			q := src[k]
			k++
			switch q {
			case '>':
				k--
			case '"', '\'':
				x := bytes.IndexByte(src[k:], q)
				if x < 0 {
					return 0, 0, false
				}
				val = span{k, k + x}
				k += x + 1
			default:
				val.start = k - 1
				for k < n && byteClass[src[k]]&cValEnd == 0 {
					k++
				}
				if k >= n {
					return 0, 0, false
				}
				val.end = k
				if src[k] != '>' {
					k++
				}
			}
		default:
			k--
		}
		if save && key.end > key.start && !s.seen(key) {
			s.attrs = append(s.attrs, [2]span{key, val})
		}
	}
}

// seen reports whether s.attrs holds key already, in any ASCII case.
func (s *fastScanner) seen(key span) bool {
	k := s.src[key.start:key.end]
	for _, a := range s.attrs {
		if a[0].end-a[0].start != len(k) {
			continue
		}
		b := s.src[a[0].start:a[0].end]
		same := true
		for i := range k {
			if lowerASCII(k[i]) != lowerASCII(b[i]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// selfClosing reports whether the start tag just read, ending at end, is
// self-closing for the tokenizer: its last byte before ">" is a / that is
// not the last byte of the value of its last kept attribute.
func (s *fastScanner) selfClosing(end int) bool {
	return s.src[end-2] == '/' && (len(s.attrs) == 0 || end-2 != s.attrs[len(s.attrs)-1][1].end-1)
}

// tagName returns the lower-case name of the start tag src[p:nameEnd],
// whether it is a forbidden element and whether the tokenizer reads raw
// text after it. ok is false for <script> and <plaintext>, and for a name
// with a NUL or a byte outside ASCII.
func (s *fastScanner) tagName(p, nameEnd int) (tag string, forbidden, raw, ok bool) {
	name := s.src[p:nameEnd]
	for i, c := range name {
		if c >= 'A' && c <= 'Z' || c == 0 || c >= 0x80 {
			for _, c := range name[i:] {
				if c == 0 || c >= 0x80 {
					return "", false, false, false
				}
			}
			name = s.lowerKey(name)
			break
		}
	}
	if w := tagWords.find(name); w != nil && !w.special {
		return w.s, false, false, true
	}
	tag = lowerName(name)
	switch tag {
	case "script", "plaintext":
		return "", false, false, false
	case "iframe", "noembed", "noframes", "noscript", "style", "textarea", "title", "xmp":
		raw = true
	}
	return tag, forbiddenElements[tag] != "", raw, true
}

// startTag checks the start tag src[start:end], just read by readTag, as
// checkTokenizer checks a start or self-closing tag token.
func (s *fastScanner) startTag(out []Problem, start, end int, tag string, forbidden bool) ([]Problem, bool) {
	raw := s.src[start:end]
	attrs := s.checked[:0]
	decoded := false
	for _, a := range s.attrs {
		k := s.src[a[0].start:a[0].end]
		v := s.src[a[1].start:a[1].end]
		var class uint8
		for _, c := range v {
			class |= byteClass[c]
		}
		if class&cDecoded != 0 || bytes.IndexByte(k, 0) >= 0 {
			decoded = true
			break
		}
		k = s.lowerKey(k)
		var key string
		w := keyWords.find(k)
		if class&cColon == 0 {
			// plainAttr(k, v) is plainKey(k)
			if w != nil && w.plain || w == nil && plainKey(k) {
				continue
			}
		}
		if w != nil {
			key = w.s
		} else {
			key = strings.ToLower(string(k))
		}
		attrs = append(attrs, xhtml.Attribute{Key: key, Val: string(v)})
	}
	if decoded {
		// The tokenizer alone decodes the values of this one tag: a tag
		// is read the same wherever it is.
		attrs = attrs[:0]
		z := xhtml.NewTokenizer(bytes.NewReader(raw))
		if tt := z.Next(); tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken || len(z.Raw()) != len(raw) {
			return out, false
		}
		read := 0
		for _, more := z.TagName(); more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			read++
			if plainAttr(k, v) {
				continue
			}
			attrs = append(attrs, xhtml.Attribute{Key: strings.ToLower(string(k)), Val: string(v)})
		}
		if read != len(s.attrs) {
			return out, false
		}
	}
	s.checked = attrs
	if len(attrs) > 0 || forbidden {
		for _, p := range checkTag(tag, attrs) {
			out = append(out, Problem{Offset: start + attrOffset(raw, p.attr), Msg: p.msg})
		}
	}
	return out, true
}

// lowerKey returns k with its ASCII letters lowered, as the tokenizer's
// TagName and TagAttr return a name or key.
func (s *fastScanner) lowerKey(k []byte) []byte {
	for i, c := range k {
		if 'A' <= c && c <= 'Z' {
			s.lower = append(s.lower[:0], k...)
			for j := i; j < len(k); j++ {
				s.lower[j] = lowerASCII(k[j])
			}
			return s.lower
		}
	}
	return k
}

// A word is a tag name or attribute key in lower case, with what the
// checks decide of it.
type word struct {
	s       string
	special bool // a tag: forbidden, or raw text for the tokenizer
	plain   bool // a key: plainKey
}

// words is a hash table of words, looked up without an allocation and
// with a cheaper hash than a map's: a table of the names built pages use.
type words []word

func wordHash(b []byte) uint {
	n := len(b)
	h := uint(n)
	h = h*31 + uint(b[0])
	h = h*31 + uint(b[n/2])
	h = h*31 + uint(b[n-1])
	return h ^ h>>6
}

func newWords(list []string, decide func(string) word) words {
	t := make(words, 512)
	for _, s := range list {
		if t.find([]byte(s)) != nil {
			continue
		}
		i := wordHash([]byte(s))
		for t[i&511].s != "" {
			i++
		}
		t[i&511] = decide(s)
	}
	return t
}

// find returns the entry of b, or nil.
func (t words) find(b []byte) *word {
	if len(b) == 0 {
		return nil
	}
	mask := uint(len(t) - 1)
	for i := wordHash(b); ; i++ {
		w := &t[i&mask]
		if w.s == string(b) {
			return w
		}
		if w.s == "" {
			return nil
		}
	}
}

// tagWords holds knownNames and the names Check treats apart; keyWords
// the attribute keys of built pages and those checkTag looks at.
var (
	tagWords = func() words {
		var list []string
		for n := range knownNames {
			list = append(list, n)
		}
		for n := range forbiddenElements {
			list = append(list, n)
		}
		list = append(list, strings.Fields("iframe noembed noframes noscript plaintext script style textarea title xmp")...)
		return newWords(list, func(n string) word {
			special := forbiddenElements[n] != ""
			switch n {
			case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
				special = true
			}
			return word{s: n, special: special}
		})
	}()
	keyWords = func() words {
		list := strings.Fields(`class id style href src alt title name lang dir role width height
			encoding stretchy scope data-check aria-label aria-labelledby aria-hidden aria-describedby
			movablelimits separator fence form display displaystyle columnalign rowalign columnspacing
			rowspacing lspace rspace mathvariant accent accentunder linethickness largeop symmetric
			minsize maxsize x y x1 y1 x2 y2 cx cy r rx ry d points viewbox xmlns xmlns:xlink xlink:href
			text-anchor dominant-baseline fill fill-opacity stroke stroke-width stroke-opacity
			stroke-dasharray stroke-linecap transform marker-end marker-start refx refy orient
			markerwidth markerheight markerunits font-size font-family font-weight opacity
			colspan rowspan align valign open start reversed type value datetime loading decoding
			target rel tabindex hidden content srcset srcdoc http-equiv values to from by`)
		for k := range urlAttrs {
			if !strings.Contains(k, " ") {
				list = append(list, k)
			}
		}
		return newWords(list, func(k string) word {
			return word{s: k, plain: plainKey([]byte(k))}
		})
	}()
)
