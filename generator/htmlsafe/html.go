package htmlsafe

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// Problem is one thing in a piece of HTML that may not reach a built page,
// at a byte offset of the checked text.
type Problem struct {
	Offset int
	Msg    string
}

// forbiddenElements may not appear at all, with the reason.
var forbiddenElements = map[string]string{
	"script":   "would run JavaScript; paperlab pages carry no scripts",
	"base":     "would change where every relative link of the page points",
	"applet":   "would run a plug-in",
	"frameset": "would replace the page with frames",
	"frame":    "would replace the page with frames",
	"portal":   "would embed another page",
}

// rawTextElements hold text the tokenizer does not read as HTML; an
// opened one must be closed within the same checked text, or text written
// after it (outside the check) would land inside it.
var rawTextElements = map[string]bool{
	"style": true, "xmp": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "plaintext": true, "textarea": true, "title": true,
}

// urlAttrs maps an attribute that takes a URL to how it is used; an
// element-specific entry ("img src") wins over the attribute alone.
var urlAttrs = map[string]URLKind{
	"href": Link, "action": Link, "formaction": Link, "cite": Link, "longdesc": Link,
	"src": Resource, "poster": Resource, "background": Resource, "ping": Resource,
	"lowsrc": Resource, "dynsrc": Resource, "manifest": Resource, "codebase": Resource,
	"icon": Resource, "archive": Resource, "classid": Resource, "profile": Resource,
	"xlink:href": Resource, "data": Frame,
	"link href":    Resource,
	"use href":     Resource,
	"image href":   Resource,
	"feimage href": Resource,
	"iframe src":   Frame,
	"frame src":    Frame,
	"embed src":    Frame,
	"object data":  Frame,
	"a xlink:href": Link,
}

// animationElements are SVG elements whose values, to, from and by can set
// another attribute (such as href) to a URL.
var animationElements = map[string]bool{"animate": true, "set": true, "animatemotion": true, "animatetransform": true, "animatecolor": true}

// Check reads src as a fragment of HTML and reports every element,
// attribute, URL or style that would run a script, or make the browser
// load something from another host, or escape the checked text.
//
// Most HTML is read by checkFast, a scanner that finds the same problems
// as the tokenizer for the markup it knows; at anything else it declines
// and checkTokenizer reads the whole text again.
func Check(src []byte) []Problem {
	if out, ok := checkFast(src); ok {
		return out
	}
	return checkTokenizer(src)
}

// checkTokenizer is Check with the HTML5 tokenizer, for any input: the
// reference that checkFast must agree with.
func checkTokenizer(src []byte) []Problem {
	var out []Problem
	z := xhtml.NewTokenizer(bytes.NewReader(src))
	offset := 0
	var openRaw string
	rawAt := 0
	var attrs []xhtml.Attribute // reused from tag to tag
	for {
		tt := z.Next()
		raw := z.Raw()
		start := offset
		offset += len(raw)
		if tt == xhtml.ErrorToken {
			break
		}
		switch tt {
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := lowerName(name)
			attrs = attrs[:0]
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if plainAttr(k, v) {
					continue // checkTag would find nothing in it
				}
				attrs = append(attrs, xhtml.Attribute{Key: strings.ToLower(string(k)), Val: string(v)})
			}
			if len(attrs) > 0 || forbiddenElements[tag] != "" {
				for _, p := range checkTag(tag, attrs) {
					out = append(out, Problem{Offset: start + attrOffset(raw, p.attr), Msg: p.msg})
				}
			}
			if tt == xhtml.StartTagToken && rawTextElements[tag] {
				openRaw, rawAt = tag, start
			}
		case xhtml.EndTagToken:
			if openRaw != "" {
				name, _ := z.TagName()
				if strings.EqualFold(string(name), openRaw) {
					openRaw = ""
				}
			}
		case xhtml.TextToken:
			if openRaw == "style" {
				if p := styleTextProblem(raw); p != "" {
					out = append(out, Problem{Offset: start, Msg: p})
				}
			}
		}
	}
	if openRaw != "" && openRaw != "plaintext" {
		out = append(out, Problem{Offset: rawAt, Msg: notClosed(openRaw)})
	}
	return out
}

// styleTextProblem judges the text of a <style> element.
func styleTextProblem(text []byte) string {
	if p := CSSProblem(string(text)); p != "" {
		return "raw HTML <style>: " + p
	}
	return ""
}

// notClosed is the problem of a raw-text element left open at the end of
// the checked text.
func notClosed(tag string) string {
	return fmt.Sprintf("raw HTML <%s> is not closed within its HTML block: expected </%s>", tag, tag)
}

// knownNames holds the lower-case tag names of HTML, SVG and MathML that
// built pages use, so that lowerName need not allocate for them.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`a abbr address article aside b blockquote body br button caption cite code col
		colgroup dd del details dfn div dl dt em figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr
		html i img input ins kbd label li link main mark meta nav ol p pre q s samp section small span strong
		sub summary sup table tbody td tfoot th thead time tr u ul var wbr svg g path rect circle line polyline
		polygon text tspan title desc defs use marker math mrow mi mn mo msub msup msubsup mfrac msqrt mroot
		mtext mspace mstyle mtable mtr mtd mover munder munderover semantics annotation menclose mpadded
		mphantom style`) {
		m[n] = n
	}
	return m
}()

// lowerName is strings.ToLower(string(name)), without an allocation for a
// known tag name (the tokenizer has already lowered ASCII letters).
func lowerName(name []byte) string {
	if n, ok := knownNames[string(name)]; ok {
		return n
	}
	return strings.ToLower(string(name))
}

// plainAttr reports whether checkTag would find nothing in an attribute
// whatever the tag: an ASCII name that is not an event handler, not one
// checkTag looks at by name and not a URL attribute, with a value holding
// no colon, hence no scheme. Other attributes go through checkTag.
func plainAttr(k, v []byte) bool {
	return bytes.IndexByte(v, ':') < 0 && plainKey(k)
}

// plainKey is the half of plainAttr about the (lower-case) key.
func plainKey(k []byte) bool {
	if len(k) == 0 {
		return false
	}
	for _, c := range k {
		if c >= 0x80 || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	if len(k) >= 2 && k[0] == 'o' && k[1] == 'n' {
		return false
	}
	if _, url := urlAttrs[string(k)]; url {
		return false
	}
	switch string(k) {
	case "srcdoc", "http-equiv", "style", "srcset", "imagesrcset", "values", "to", "from", "by":
		return false
	}
	return true
}

type tagProblem struct {
	attr string // "" for the tag itself
	msg  string
}

// checkTag judges one start tag with its decoded attributes.
func checkTag(tag string, attrs []xhtml.Attribute) []tagProblem {
	var out []tagProblem
	if why, bad := forbiddenElements[tag]; bad {
		out = append(out, tagProblem{"", fmt.Sprintf("raw HTML <%s> %s", tag, why)})
	}
	for _, a := range attrs {
		key := a.Key
		val := a.Val
		switch {
		case strings.HasPrefix(key, "on"):
			out = append(out, tagProblem{key, fmt.Sprintf("raw HTML attribute %s on <%s> would run JavaScript; paperlab pages carry no scripts", key, tag)})
			continue
		case key == "srcdoc":
			out = append(out, tagProblem{key, fmt.Sprintf("raw HTML attribute srcdoc on <%s> would embed a page that can run scripts", tag)})
			continue
		case key == "http-equiv" && tag == "meta":
			out = append(out, tagProblem{key, fmt.Sprintf("raw HTML <meta http-equiv=%q> is not allowed (it can redirect or reload the page)", val)})
			continue
		case key == "style":
			if p := CSSProblem(val); p != "" {
				out = append(out, tagProblem{key, fmt.Sprintf("raw HTML style attribute on <%s>: %s", tag, p)})
			}
			continue
		case key == "srcset" || key == "imagesrcset":
			for _, cand := range strings.Split(val, ",") {
				f := strings.Fields(cand)
				if len(f) == 0 {
					continue
				}
				if p := URLProblem(f[0], Resource); p != "" {
					out = append(out, tagProblem{key, fmt.Sprintf("raw HTML <%s %s=%s>: %s", tag, key, quoteURL(f[0]), p)})
				}
			}
			continue
		case animationElements[tag] && (key == "values" || key == "to" || key == "from" || key == "by"):
			for _, item := range strings.Split(val, ";") {
				if p := URLProblem(item, Link); p != "" && scheme(normalize(item)) != "" {
					out = append(out, tagProblem{key, fmt.Sprintf("raw HTML <%s %s=%s>: %s", tag, key, quoteURL(item), p)})
				}
			}
			continue
		}
		kind, isURL := urlAttrs[tag+" "+key]
		if !isURL {
			kind, isURL = urlAttrs[key]
		}
		if !isURL {
			// Any other attribute: a script URL is still refused, in case
			// some element treats it as one.
			if s := scheme(normalize(val)); s == "javascript" || s == "vbscript" || s == "livescript" {
				out = append(out, tagProblem{key, fmt.Sprintf("raw HTML <%s %s=%s>: %s", tag, key, quoteURL(val), URLProblem(val, Link))})
			}
			continue
		}
		if p := URLProblem(val, kind); p != "" {
			out = append(out, tagProblem{key, fmt.Sprintf("raw HTML <%s %s=%s>: %s", tag, key, quoteURL(val), p)})
		}
	}
	return out
}

// attrOffset finds where attribute key is written in a raw start tag (0,
// the tag itself, when key is "" or cannot be found).
func attrOffset(raw []byte, key string) int {
	if key == "" {
		return 0
	}
	lower := make([]byte, len(raw)) // ASCII lower case only: same length, same offsets
	for i, c := range raw {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	from := 1
	for {
		i := bytes.Index(lower[from:], []byte(key))
		if i < 0 {
			return 0
		}
		i += from
		before := lower[i-1]
		end := i + len(key)
		if (before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == '\f' || before == '/' || before == '"' || before == '\'') &&
			(end == len(lower) || strings.IndexByte(" \t\n\r\f=/>", lower[end]) >= 0) {
			return i
		}
		from = i + 1
	}
}

// CSSProblem says why CSS text (a style attribute or a <style> element,
// entities already decoded) may not appear on a built page: it imports a
// stylesheet or loads a url() from another host or with a script scheme,
// or uses the script hooks of old browsers. It returns "" when it may.
func CSSProblem(css string) string {
	c := strings.ToLower(decodeCSS(html.UnescapeString(css)))
	for _, hook := range []string{"expression(", "behavior:", "-moz-binding", "javascript:", "vbscript:"} {
		if strings.Contains(strings.Join(strings.Fields(c), ""), hook) {
			return fmt.Sprintf("CSS %q can run scripts in some browsers; it is not allowed", strings.TrimSuffix(hook, ":"))
		}
	}
	if p := cssStrings(c); p != "" {
		return p
	}
	rest := c
	for {
		i := strings.Index(rest, "url(")
		j := strings.Index(rest, "@import")
		if i < 0 && j < 0 {
			return ""
		}
		if j >= 0 && (i < 0 || j < i) {
			arg := strings.TrimSpace(rest[j+len("@import"):])
			if strings.HasPrefix(arg, "url(") {
				rest = arg
				continue
			}
			u := arg
			if len(u) > 0 && (u[0] == '"' || u[0] == '\'') {
				if k := strings.IndexByte(u[1:], u[0]); k >= 0 {
					u = u[1 : k+1]
				}
			}
			if p := URLProblem(u, Resource); p != "" {
				return fmt.Sprintf("@import %s: %s", quoteURL(u), p)
			}
			rest = arg
			continue
		}
		arg := rest[i+len("url("):]
		end := strings.IndexByte(arg, ')')
		if end < 0 {
			end = len(arg)
		}
		u := strings.Trim(strings.TrimSpace(arg[:end]), `"'`)
		if p := URLProblem(u, Resource); p != "" {
			return fmt.Sprintf("url(%s): %s", quoteURL(u), p)
		}
		rest = arg[end:]
	}
}

// decodeCSS removes comments and decodes escapes (\75 or \u), as the CSS
// tokenizer would before matching url( or @import.
func decodeCSS(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
		case c == '\\' && i+1 < len(s):
			j := i + 1
			for j < len(s) && j < i+7 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				if s[j] != '\n' {
					b.WriteByte(s[j])
				}
				i = j
				continue
			}
			var r rune
			fmt.Sscanf(s[i+1:j], "%x", &r)
			if r == 0 || r > 0x10FFFF {
				r = '\uFFFD'
			}
			b.WriteRune(r)
			if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
				j++
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// cssStrings checks the quoted strings of decoded CSS that name another
// host or a data: or script URL: image-set("https://…") and src() load
// them without url(). Other strings (content: "→") pass.
func cssStrings(c string) string {
	for i := 0; i < len(c); i++ {
		q := c[i]
		if q != '"' && q != '\'' {
			continue
		}
		end := strings.IndexByte(c[i+1:], q)
		if end < 0 {
			return ""
		}
		str := c[i+1 : i+1+end]
		n := normalize(str)
		if s := scheme(n); s == "http" || s == "https" || s == "data" || strings.HasPrefix(n, "//") {
			if p := URLProblem(str, Resource); p != "" {
				return fmt.Sprintf("%s: %s", quoteURL(str), p)
			}
		}
		i += end + 1
	}
	return ""
}
