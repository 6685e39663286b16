package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindRole is the node kind of an inline role such as {num}`mix.output[0]`.
var KindRole = ast.NewNodeKind("Role")

// Role is an inline role: a name in braces, an optional argument after a
// colon, and a code span holding its content, as in {num:6}`mix.weights[0][1]`
// or {eq}`eq:attention`.
type Role struct {
	ast.BaseInline
	Name    string
	Arg     string
	Content string
	// Offset is the byte offset of the opening brace in the source.
	Offset int
	// ContentOffset is the byte offset of Content in the source.
	ContentOffset int
}

// Kind implements ast.Node.
func (n *Role) Kind() ast.NodeKind { return KindRole }

// Dump implements ast.Node.
func (n *Role) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Arg": n.Arg, "Content": n.Content}, nil)
}

type roleParser struct{}

func (roleParser) Trigger() []byte { return []byte{'{'} }

func isRoleNameByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || !first && (c >= '0' && c <= '9' || c == '-')
}

func isRoleArgByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}

// Parse reads {name}`content` or {name:arg}`content` on one line.
func (roleParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	i := 1
	for i < len(line) && isRoleNameByte(line[i], i == 1) {
		i++
	}
	if i == 1 || i >= len(line) {
		return nil
	}
	name := string(line[1:i])
	arg := ""
	if line[i] == ':' {
		j := i + 1
		for j < len(line) && isRoleArgByte(line[j]) {
			j++
		}
		arg = string(line[i+1 : j])
		i = j
	}
	if i >= len(line) || line[i] != '}' {
		return nil
	}
	i++
	ticks := 0
	for i+ticks < len(line) && line[i+ticks] == '`' {
		ticks++
	}
	if ticks == 0 {
		return nil
	}
	fence := bytes.Repeat([]byte{'`'}, ticks)
	body := line[i+ticks:]
	end := bytes.Index(body, fence)
	if end < 0 {
		return nil
	}
	content := body[:end]
	lead := 0
	if len(content) >= 2 && content[0] == ' ' && content[len(content)-1] == ' ' {
		content = content[1 : len(content)-1]
		lead = 1
	}
	n := &Role{
		Name:          name,
		Arg:           arg,
		Content:       string(content),
		Offset:        seg.Start,
		ContentOffset: seg.Start + i + ticks + lead,
	}
	block.Advance(i + ticks + end + ticks)
	return n
}
