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
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 || i+j+1 >= n {
			return out, true // text to the end
		}
		i += j
		c := src[i+1]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			nameEnd, end, ok := s.readTag(i+1, true)
			if !ok {
				return nil, false
			}
			tag, raw, ok := s.tagName(i+1, nameEnd)
			if !ok {
				return nil, false
			}
			if out, ok = s.startTag(out, i, end, tag); !ok {
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

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// skipSpace returns the offset of the first byte from k on that is not
// white space.
func skipSpace(src []byte, k int) int {
	for k < len(src) && isSpace(src[k]) {
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
	for {
		if k >= n {
			return 0, 0, false
		}
		c := src[k]
		if isSpace(c) {
			nameEnd = k
			k++
			break
		}
		if c == '/' || c == '>' {
			nameEnd = k
			break
		}
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
		for {
			if k >= n {
				return 0, 0, false
			}
			c := src[k]
			k++
			if c == '=' && k == ks+1 {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isSpace(c) {
				k--
				break
			}
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
				for {
					if k >= n {
						return 0, 0, false
					}
					c := src[k]
					k++
					if isSpace(c) {
						val.end = k - 1
						break
					}
					if c == '>' {
						k--
						val.end = k
						break
					}
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
// and whether the tokenizer reads raw text after it (for a tag other than
// <script> and <plaintext>). ok is false for <script> and <plaintext>,
// and for a name with a NUL or a byte outside ASCII.
func (s *fastScanner) tagName(p, nameEnd int) (tag string, raw, ok bool) {
	name := s.src[p:nameEnd]
	for _, c := range name {
		if c == 0 || c >= 0x80 {
			return "", false, false
		}
	}
	tag = lowerName(s.lowerKey(name))
	switch tag {
	case "script", "plaintext":
		return "", false, false
	case "iframe", "noembed", "noframes", "noscript", "style", "textarea", "title", "xmp":
		return tag, true, true
	}
	return tag, false, true
}

// startTag checks the start tag src[start:end], just read by readTag, as
// checkTokenizer checks a start or self-closing tag token.
func (s *fastScanner) startTag(out []Problem, start, end int, tag string) ([]Problem, bool) {
	raw := s.src[start:end]
	attrs := s.checked[:0]
	if s.needsTokenizer() {
		// The tokenizer alone decodes the values of this one tag: a tag
		// is read the same wherever it is.
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
	} else {
		for _, a := range s.attrs {
			k := s.src[a[0].start:a[0].end]
			v := s.src[a[1].start:a[1].end]
			k = s.lowerKey(k)
			if plainAttr(k, v) {
				continue
			}
			attrs = append(attrs, xhtml.Attribute{Key: attrKey(k), Val: string(v)})
		}
	}
	s.checked = attrs
	if len(attrs) > 0 || forbiddenElements[tag] != "" {
		for _, p := range checkTag(tag, attrs) {
			out = append(out, Problem{Offset: start + attrOffset(raw, p.attr), Msg: p.msg})
		}
	}
	return out, true
}

// needsTokenizer reports whether an attribute of the tag just read has a
// value the tokenizer changes (a character reference, a carriage return,
// a NUL) or a NUL in its key.
func (s *fastScanner) needsTokenizer() bool {
	for _, a := range s.attrs {
		for _, c := range s.src[a[1].start:a[1].end] {
			if c == '&' || c == '\r' || c == 0 {
				return true
			}
		}
		if bytes.IndexByte(s.src[a[0].start:a[0].end], 0) >= 0 {
			return true
		}
	}
	return false
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

// knownAttrs holds the keys of attributes that built pages check, so that
// attrKey need not allocate for them.
var knownAttrs = func() map[string]string {
	m := map[string]string{}
	for _, k := range strings.Fields(`href src style xmlns xlink:href xmlns:xlink action cite data srcset
		poster title alt content`) {
		m[k] = k
	}
	return m
}()

// attrKey is strings.ToLower(string(k)), without an allocation for a
// known key.
func attrKey(k []byte) string {
	if s, ok := knownAttrs[string(k)]; ok {
		return s
	}
	return strings.ToLower(string(k))
}
