package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMath is the node kind of inline math.
var KindMath = ast.NewNodeKind("Math")

// KindMathBlock is the node kind of display math standing as a block.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// MathSource is the TeX of one math span, exactly as written, with the
// source segments it was read from so that a byte offset into TeX can be
// mapped back to the Markdown source.
type MathSource struct {
	TeX     string
	Display bool
	// Open is the opening delimiter as written: `\(`, `$`, `\[` or `$$`.
	Open string
	// pieces maps TeX offsets to source offsets, one per source line.
	pieces []piece
}

type piece struct{ tex, src, len int }

// SourceOffset maps a byte offset within TeX to a byte offset of the source
// the page was parsed from.
func (m *MathSource) SourceOffset(texOffset int) int {
	if len(m.pieces) == 0 {
		return 0
	}
	p := m.pieces[0]
	if texOffset < p.tex {
		return p.src // a leading newline: the first source line that holds TeX
	}
	for _, q := range m.pieces {
		if q.tex <= texOffset {
			p = q
		}
	}
	return p.src + texOffset - p.tex
}

// Math is inline math: `\( … \)`, `$ … $`, or display math written inside a
// paragraph.
type Math struct {
	ast.BaseInline
	MathSource
	// Unclosed marks a display opener (`\[` or `$$`) inside a paragraph
	// whose closer never comes: the node holds only the opener, at
	// Offset, so that the page can report it.
	Unclosed bool
	// Offset is the source offset of an unclosed opener.
	Offset int
}

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// Dump implements ast.Node.
func (n *Math) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.TeX}, nil)
}

// MathBlock is display math that stands on lines of its own: `\[ … \]` or
// `$$ … $$`.
type MathBlock struct {
	ast.BaseBlock
	MathSource
	closed bool
	close  string
}

// Kind implements ast.Node.
func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// IsRaw implements ast.Node: the content is not Markdown.
func (n *MathBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *MathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.TeX}, nil)
}

// texBuilder accumulates TeX from source segments.
type texBuilder struct {
	buf    bytes.Buffer
	pieces []piece
}

func (b *texBuilder) add(source []byte, start, stop int) {
	if stop <= start {
		return
	}
	b.pieces = append(b.pieces, piece{tex: b.buf.Len(), src: start, len: stop - start})
	b.buf.Write(source[start:stop])
}

func (b *texBuilder) newline() { b.buf.WriteByte('\n') }

func (b *texBuilder) source(display bool, open string) MathSource {
	return MathSource{TeX: b.buf.String(), Display: display, Open: open, pieces: b.pieces}
}

// findClose returns the index in line of the closing delimiter, or -1. It
// skips TeX's two-character control symbols such as `\\` and `\$`.
func findClose(line []byte, close string) int {
	for i := 0; i < len(line); i++ {
		if bytes.HasPrefix(line[i:], []byte(close)) {
			if close == "$" && !validDollarClose(line, i) {
				continue
			}
			return i
		}
		if line[i] == '\\' {
			i++
		}
	}
	return -1
}

// validDollarClose applies the rule that a closing $ follows a non-space
// character and is not followed by a digit (so "$5 and $10" is not math).
func validDollarClose(line []byte, i int) bool {
	if i == 0 || util.IsSpace(line[i-1]) {
		return false
	}
	if i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
		return false
	}
	return true
}

type mathInlineParser struct{}

func (mathInlineParser) Trigger() []byte { return []byte{'\\', '$'} }

// Parse reads one inline math span, possibly across the lines of a
// paragraph.
func (mathInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	open, close, display := opener(line)
	if open == "" {
		return nil
	}
	if open == "$" && (len(line) < 2 || util.IsSpace(line[1]) || (line[1] >= '0' && line[1] <= '9')) {
		return nil
	}
	source := block.Source()
	var b texBuilder
	startLine, startSeg := block.Position()
	unclosed := func() ast.Node {
		if !display {
			return nil
		}
		block.SetPosition(startLine, startSeg)
		block.Advance(len(open))
		return &Math{MathSource: MathSource{Display: true, Open: open}, Unclosed: true, Offset: seg.Start}
	}
	start := seg.Start + len(open)
	rest := line[len(open):]
	for lines := 0; ; lines++ {
		if i := findClose(rest, close); i >= 0 && !(lines == 0 && i == 0) {
			b.add(source, start, start+i)
			block.Advance(start + i + len(close) - seg.Start)
			return &Math{MathSource: b.source(display, open)}
		}
		if open == "$" && lines > 0 {
			return nil
		}
		end := start + len(rest)
		for end > start && (source[end-1] == '\n' || source[end-1] == '\r') {
			end--
		}
		b.add(source, start, end)
		b.newline()
		block.AdvanceLine()
		next, nextSeg := block.PeekLine()
		if next == nil {
			return unclosed()
		}
		start, rest = nextSeg.Start, next
	}
}

// opener recognises an opening delimiter at the start of line.
func opener(line []byte) (open, close string, display bool) {
	switch {
	case bytes.HasPrefix(line, []byte(`\(`)):
		return `\(`, `\)`, false
	case bytes.HasPrefix(line, []byte(`\[`)):
		return `\[`, `\]`, true
	case bytes.HasPrefix(line, []byte(`$$`)):
		return `$$`, `$$`, true
	case bytes.HasPrefix(line, []byte(`$`)):
		return `$`, `$`, false
	}
	return "", "", false
}

type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'\\', '$'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos > 3 {
		return nil, parser.NoChildren
	}
	line, seg = line[pos:], seg.WithStart(seg.Start+pos)
	open, close, display := opener(line)
	if !display {
		return nil, parser.NoChildren
	}
	node := &MathBlock{close: close}
	node.Open = open
	rest := line[len(open):]
	start := seg.Start + len(open)
	if i := findClose(rest, close); i >= 0 {
		after := bytes.TrimSpace(rest[i+len(close):])
		if len(after) > 0 {
			return nil, parser.NoChildren // display math inside a paragraph
		}
		node.Lines().Append(text.NewSegment(start, start+i))
		node.closed = true
		reader.AdvanceToEOL()
		return node, parser.Close
	}
	node.Lines().Append(text.NewSegment(start, seg.Stop))
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*MathBlock)
	if n.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	if i := findClose(line, n.close); i >= 0 {
		n.Lines().Append(text.NewSegment(seg.Start, seg.Start+i))
		n.closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	n := node.(*MathBlock)
	var b texBuilder
	source := reader.Source()
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		stop := s.Stop
		for stop > s.Start && (source[stop-1] == '\n' || source[stop-1] == '\r') {
			stop--
		}
		if i > 0 {
			b.newline()
		}
		b.add(source, s.Start, stop)
	}
	open := n.Open
	n.MathSource = b.source(true, open)
	if len(n.pieces) == 0 && lines.Len() > 0 {
		n.pieces = []piece{{tex: 0, src: lines.At(0).Start}}
	}
}

// Unclosed reports whether the block reached the end of its container
// without a closing delimiter.
func (n *MathBlock) Unclosed() bool { return !n.closed }

func (mathBlockParser) CanInterruptParagraph() bool { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool { return false }
