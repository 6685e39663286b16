package pagebuild

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"paperlab/generator/markdown"
)

// rawURLAttr finds the URL attributes in the text of one start tag.
var rawURLAttr = regexp.MustCompile(`(?i)\s(src|href|poster|srcset|data)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)

// rewriteRawHTMLRefs does for raw HTML what rewriteLink and
// rewriteAssetRefs do for Markdown: a src, href, srcset, poster or data
// attribute that names a content file or page relative to the source file
// is rewritten to its URL relative to the built page, and one that names a
// missing file is an error at the attribute. The rewritten text is added
// to the document's source and the raw HTML's segments point at it, so it
// runs after every check that reports positions in raw HTML.
func (r *Prepared) rewriteRawHTMLRefs(doc *markdown.Document) {
	// fix rewrites the text of segs (a tag may span several of them) and,
	// when anything changed, points the first at the new text and empties
	// the others.
	fix := func(segs []text.Segment) []text.Segment {
		var buf []byte
		var starts, offs []int // buffer offset -> body offset, per segment
		for _, sg := range segs {
			starts, offs = append(starts, len(buf)), append(offs, sg.Start)
			buf = append(buf, sg.Value(doc.Source)...)
		}
		at := func(o int) int {
			k := 0
			for k+1 < len(starts) && starts[k+1] <= o {
				k++
			}
			return offs[k] + o - starts[k]
		}
		out, changed := r.rewriteRawSegment(buf, at)
		if !changed {
			return segs
		}
		start := len(doc.Source)
		doc.Source = append(doc.Source[:start:start], out...)
		end := len(doc.Source)
		fixed := make([]text.Segment, len(segs))
		fixed[0] = text.NewSegment(start, end)
		for i := 1; i < len(fixed); i++ {
			fixed[i] = text.NewSegment(end, end)
		}
		return fixed
	}
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch t := n.(type) {
		case *ast.HTMLBlock:
			lines := t.Lines()
			segs := append([]text.Segment(nil), lines.Sliced(0, lines.Len())...)
			if t.HasClosure() {
				segs = append(segs, t.ClosureLine)
			}
			if len(segs) == 0 {
				break
			}
			segs = fix(segs)
			for i := 0; i < lines.Len(); i++ {
				lines.Set(i, segs[i])
			}
			if t.HasClosure() {
				t.ClosureLine = segs[len(segs)-1]
			}
		case *ast.RawHTML:
			if t.Segments.Len() == 0 {
				break
			}
			segs := fix(append([]text.Segment(nil), t.Segments.Sliced(0, t.Segments.Len())...))
			for i := range segs {
				t.Segments.Set(i, segs[i])
			}
		}
		return ast.WalkContinue
	})
}

// rewriteRawSegment rewrites the URL attributes of the start tags in src;
// bodyAt maps an offset in src to one in the page body, for errors.
func (r *Prepared) rewriteRawSegment(src []byte, bodyAt func(int) int) ([]byte, bool) {
	var out bytes.Buffer
	changed := false
	z := html.NewTokenizer(bytes.NewReader(src))
	in := 0 // offset of the current token in src
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		at := in
		in += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tag := string(raw)
		var b strings.Builder
		last := 0
		for _, m := range rawURLAttr.FindAllStringSubmatchIndex(tag, -1) {
			name := strings.ToLower(tag[m[2]:m[3]])
			vStart, vEnd := m[4], m[5]
			val := tag[vStart:vEnd]
			quoted := val[0] == '"' || val[0] == '\''
			if quoted {
				vStart, vEnd = vStart+1, vEnd-1
				val = tag[vStart:vEnd]
			}
			if strings.Contains(val, "&") {
				continue // entities: left for paperlab check
			}
			pos := bodyAt(at + vStart)
			var repl string
			var ok bool
			if name == "srcset" {
				repl, ok = r.rawSrcset(val, pos)
			} else {
				repl, ok = r.rawRef(val, pos)
			}
			if !ok {
				continue
			}
			b.WriteString(tag[last:vStart])
			b.WriteString(repl)
			last = vEnd
		}
		if last == 0 {
			out.Write(raw)
			continue
		}
		b.WriteString(tag[last:])
		out.WriteString(b.String())
		changed = true
	}
	out.Write(src[min(in, len(src)):]) // an unfinished tag at the end
	return out.Bytes(), changed
}

// rawRef resolves one URL attribute value; it reports false when the value
// is left as it is.
func (r *Prepared) rawRef(val string, pos int) (string, bool) {
	if u := strings.TrimSpace(val); strings.HasSuffix(strings.SplitN(strings.SplitN(u, "#", 2)[0], "?", 2)[0], ".md") {
		l := ast.NewLink()
		l.Destination = []byte(u)
		l.SetPos(pos)
		r.rewriteLink(l)
		return string(l.Destination), string(l.Destination) != u
	}
	d, ok := r.assetRef([]byte(strings.TrimSpace(val)), pos, "raw HTML reference")
	return string(d), ok
}

// rawSrcset rewrites each URL of a srcset attribute.
func (r *Prepared) rawSrcset(val string, pos int) (string, bool) {
	parts := strings.Split(val, ",")
	changed := false
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		if d, ok := r.rawRef(f[0], pos); ok {
			f[0] = d
			parts[i] = strings.Join(f, " ")
			changed = true
		}
	}
	return strings.Join(parts, ", "), changed
}
