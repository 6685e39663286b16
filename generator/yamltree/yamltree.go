// Package yamltree parses YAML into a small tree of maps, lists and scalars
// that remembers where every node stands in the source, so that callers can
// report a wrong key or a wrong type at its line and column. Scalars keep
// their source text, so a number such as 0.1 can be read exactly.
package yamltree

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	yaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Kind is the shape of a node.
type Kind int

// The kinds of node.
const (
	Null Kind = iota
	Scalar
	List
	Map
)

// String names the kind as an error message would.
func (k Kind) String() string {
	switch k {
	case Null:
		return "nothing"
	case Scalar:
		return "a scalar"
	case List:
		return "a list"
	default:
		return "a mapping"
	}
}

// ScalarType tells what a scalar looked like in the source.
type ScalarType int

// The types of scalar.
const (
	String ScalarType = iota
	Int
	Float
	Bool
)

// Node is one value with its position (1-based line and column).
type Node struct {
	Kind  Kind
	Line  int
	Col   int
	Type  ScalarType // for scalars
	Text  string     // for scalars: the value as written (quotes removed)
	Items []*Node    // for lists
	Keys  []*Node    // for maps: key nodes, in source order
	Vals  []*Node    // for maps: values, parallel to Keys
}

// Error is a YAML syntax error at a position.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Parse reads one YAML document. An empty document gives a Null node.
// A document over the limits (MaxBytes, MaxDepth, MaxValues) is refused
// before it is parsed; tags and aliases are errors. The plain YAML of
// front matter and directive bodies is read by a fast parser (parseFast)
// that builds the same tree as the general one, which reads the rest.
func Parse(src []byte) (*Node, error) {
	if err := precheck(src); err != nil {
		return nil, err
	}
	src = newlinesOnly(src)
	if n, ok := parseFast(src); ok {
		return n, nil
	}
	return parseGoccy(src)
}

// parseGoccy parses src with the general YAML parser and converts its
// tree; it reads every document parseFast declines, and reports every
// error.
func parseGoccy(src []byte) (*Node, error) {
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey()) // duplicates are reported by addPair, with both positions
	if err != nil {
		return nil, toError(err)
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return &Node{Kind: Null, Line: 1, Col: 1}, nil
	}
	if len(f.Docs) > 1 {
		line, col := 1, 1
		if d := f.Docs[1]; d != nil && d.Start != nil && d.Start.Position != nil {
			line, col = d.Start.Position.Line, d.Start.Position.Column
		} else if d != nil && d.Body != nil {
			line, col = position(d.Body)
		}
		return nil, &Error{Line: line, Col: col, Msg: "expected a single YAML document"}
	}
	return convert(f.Docs[0].Body)
}

func toError(err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		line, col := 1, 1
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line, col = tk.Position.Line, tk.Position.Column
		}
		return &Error{Line: line, Col: col, Msg: "YAML: " + ye.GetMessage()}
	}
	return &Error{Line: 1, Col: 1, Msg: "YAML: " + err.Error()}
}

func position(n ast.Node) (int, int) {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 1, 1
}

func convert(n ast.Node) (*Node, error) {
	line, col := position(n)
	out := &Node{Line: line, Col: col}
	switch v := n.(type) {
	case *ast.NullNode:
		out.Kind = Null
	case *ast.StringNode:
		out.Kind, out.Type, out.Text = Scalar, String, v.Value
	case *ast.LiteralNode:
		out.Kind, out.Type, out.Text = Scalar, String, v.Value.Value
	case *ast.IntegerNode:
		out.Kind, out.Type, out.Text = Scalar, Int, v.GetToken().Value
	case *ast.FloatNode:
		out.Kind, out.Type, out.Text = Scalar, Float, v.GetToken().Value
	case *ast.BoolNode:
		out.Kind, out.Type, out.Text = Scalar, Bool, strconv.FormatBool(v.Value)
	case *ast.InfinityNode, *ast.NanNode:
		out.Kind, out.Type, out.Text = Scalar, Float, v.GetToken().Value
	case *ast.SequenceNode:
		out.Kind = List
		for _, item := range v.Values {
			c, err := convert(item)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, c)
		}
	case *ast.MappingNode:
		out.Kind = Map
		seen := map[string]*Node{}
		for _, mv := range v.Values {
			if err := addPair(out, mv, seen); err != nil {
				return nil, err
			}
		}
	case *ast.MappingValueNode:
		out.Kind = Map
		if err := addPair(out, v, map[string]*Node{}); err != nil {
			return nil, err
		}
	case *ast.TagNode:
		return nil, &Error{Line: line, Col: col, Msg: fmt.Sprintf("YAML tag %s is not supported: write the value without a tag", v.Start.Value)}
	case *ast.AnchorNode:
		return convert(v.Value)
	case *ast.AliasNode:
		return nil, &Error{Line: line, Col: col, Msg: "YAML aliases (*name) are not supported: write the value out"}
	default:
		return nil, &Error{Line: line, Col: col, Msg: fmt.Sprintf("unsupported YAML construct (%s)", n.Type())}
	}
	return out, nil
}

func addPair(m *Node, mv *ast.MappingValueNode, seen map[string]*Node) error {
	k, err := convert(mv.Key)
	if err != nil {
		return err
	}
	if k.Kind != Scalar {
		return &Error{Line: k.Line, Col: k.Col, Msg: "expected a plain key"}
	}
	if first := seen[k.Text]; first != nil {
		return &Error{Line: k.Line, Col: k.Col, Msg: fmt.Sprintf("YAML: mapping key %q given twice (each key may be given once)", k.Text)}
	}
	seen[k.Text] = k
	var val *Node
	if mv.Value == nil {
		val = &Node{Kind: Null, Line: k.Line, Col: k.Col}
	} else if val, err = convert(mv.Value); err != nil {
		return err
	}
	m.Keys = append(m.Keys, k)
	m.Vals = append(m.Vals, val)
	return nil
}

// Get returns the value under key in a map, or nil.
func (n *Node) Get(key string) *Node {
	for i, k := range n.Keys {
		if k.Text == key {
			return n.Vals[i]
		}
	}
	return nil
}

// Describe names what the node is, for "expected X, found Y" messages.
func (n *Node) Describe() string {
	if n.Kind != Scalar {
		return n.Kind.String()
	}
	switch n.Type {
	case Int:
		return "the integer " + n.Text
	case Float:
		return "the number " + n.Text
	case Bool:
		return "the boolean " + n.Text
	}
	s := n.Text
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return fmt.Sprintf("the string %q", strings.TrimSpace(s))
}

// newlinesOnly makes "\n" the only line break the YAML scanner sees, as it
// is for paperlab's positions: CRLF becomes LF and a lone CR (a line break
// to YAML, none to the file's line count) becomes a space, so that no
// position falls below the text.
func newlinesOnly(src []byte) []byte {
	if !bytes.Contains(src, []byte("\r")) {
		return src
	}
	out := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(out, []byte("\r"), []byte(" "))
}
