package layout

import (
	"crypto/sha256"
	"html/template"
	"strings"
	"text/template/parse"
)

// RootStandIn stands for a page's Root (the way up to the site root, such
// as "../../") when PartialAt renders a partial once for pages at every
// depth. It is lower-case letters only, which every escaper writes as
// they are.
const RootStandIn = "paperlabrootstandin"

// PartialAt is Partial for a page whose Root is root, with data(root) as
// the partial's data (a map whose "Root" is root). When the partial
// writes its Root only as a value printed as it is (see rootFree) and
// dataFree says that nothing else in the data holds RootStandIn, the
// partial is rendered once for all pages below the site root, with
// RootStandIn for Root, and root takes the stand-in's place: a card on
// the list of labs and on a keyword's page is rendered once, not once per
// depth. Pages of other kinds share it too when their templates define
// the partial the same way (the same escaped parse tree). Otherwise it is
// Partial with the root in the key.
func (s *Set) PartialAt(kind, name, key, root string, data func(root string) any, dataFree bool) (template.HTML, error) {
	if root == "" || !dataFree {
		return s.Partial(kind, name, root+"\x00"+key, data(root))
	}
	f, known := s.rootFreeKnown(kind, name)
	if !known || !f.free {
		h, err := s.Partial(kind, name, root+"\x00"+key, data(root))
		if err == nil && !known {
			s.learnRootFree(kind, name) // executed, so escaped: see rootFree
		}
		return h, err
	}
	h, err := s.partial("\x00stand-in\x00"+f.id+"\x00"+key, kind, name, data(RootStandIn))
	if err != nil {
		return "", err
	}
	return template.HTML(strings.ReplaceAll(string(h), RootStandIn, root)), nil
}

// rootFreeness is what PartialAt learnt of a partial of a page kind:
// whether it may be rendered with RootStandIn, and then the digest of its
// escaped parse tree, which is the same for every kind that defines the
// partial the same way.
type rootFreeness struct {
	free bool
	id   string
}

func (s *Set) rootFreeKnown(kind, name string) (rootFreeness, bool) {
	s.partialsMu.Lock()
	defer s.partialsMu.Unlock()
	f, known := s.rootFree[kind+"\x00"+name]
	return f, known
}

func (s *Set) learnRootFree(kind, name string) {
	var f rootFreeness
	if t, ok := s.byKind[kind]; ok {
		if p := t.Lookup(name); p != nil && p.Tree != nil && rootFree(p.Tree.Root) {
			sum := sha256.Sum256([]byte(p.Tree.Root.String()))
			f = rootFreeness{free: true, id: string(sum[:])}
		}
	}
	s.partialsMu.Lock()
	if s.rootFree == nil {
		s.rootFree = map[string]rootFreeness{}
	}
	s.rootFree[kind+"\x00"+name] = f
	s.partialsMu.Unlock()
}

// printEscapers are the escapers html/template adds after a value
// printed in text, in a quoted attribute or at the start of a URL: each
// writes a root ("../") and RootStandIn as they are.
var printEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_urlfilter":     true,
	"_html_template_urlnormalizer": true,
}

// rootFree reports whether the escaped template body n uses the data's
// Root only in actions that print it as it is ({{.Root}} or {{$.Root}}
// followed by nothing but printEscapers), nowhere else (a condition, a
// function's argument, a variable), never passes the data as a whole
// (".", "$"), calls no other template (which another page kind may
// define its own way) and has no text holding RootStandIn. Anything it
// cannot tell is not root-free.
func rootFree(n parse.Node) bool {
	return walkRootFree(n, true)
}

// walkRootFree checks n where dot is the partial's data when dotIsData.
func walkRootFree(n parse.Node, dotIsData bool) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !walkRootFree(c, dotIsData) {
				return false
			}
		}
		return true
	case *parse.TextNode:
		return !strings.Contains(string(n.Text), RootStandIn)
	case *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		return printsRoot(n.Pipe, dotIsData) || pipeFree(n.Pipe, dotIsData)
	case *parse.IfNode:
		return pipeFree(n.Pipe, dotIsData) && walkRootFree(n.List, dotIsData) && walkRootFree(n.ElseList, dotIsData)
	case *parse.WithNode:
		return pipeFree(n.Pipe, dotIsData) && walkRootFree(n.List, false) && walkRootFree(n.ElseList, dotIsData)
	case *parse.RangeNode:
		return pipeFree(n.Pipe, dotIsData) && walkRootFree(n.List, false) && walkRootFree(n.ElseList, dotIsData)
	default: // {{template}} among others
		return false
	}
}

// printsRoot reports whether pipe is {{.Root}} (dot being the data) or
// {{$.Root}}, then escapers that write it as it is.
func printsRoot(pipe *parse.PipeNode, dotIsData bool) bool {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) == 0 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	switch a := pipe.Cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		if !dotIsData || len(a.Ident) != 1 || a.Ident[0] != "Root" {
			return false
		}
	case *parse.VariableNode:
		if len(a.Ident) != 2 || a.Ident[0] != "$" || a.Ident[1] != "Root" {
			return false
		}
	default:
		return false
	}
	for _, c := range pipe.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if len(c.Args) != 1 || !ok || !printEscapers[id.Ident] {
			return false
		}
	}
	return true
}

// pipeFree reports whether pipe does not read the Root or the data as a
// whole.
func pipeFree(pipe *parse.PipeNode, dotIsData bool) bool {
	if pipe == nil {
		return true
	}
	for _, c := range pipe.Cmds {
		for _, a := range c.Args {
			if !argFree(a, dotIsData) {
				return false
			}
		}
	}
	return true
}

func argFree(a parse.Node, dotIsData bool) bool {
	switch a := a.(type) {
	case *parse.DotNode:
		return !dotIsData
	case *parse.FieldNode:
		return !dotIsData || a.Ident[0] != "Root"
	case *parse.VariableNode:
		return a.Ident[0] != "$" || (len(a.Ident) > 1 && a.Ident[1] != "Root")
	case *parse.ChainNode:
		return argFree(a.Node, dotIsData)
	case *parse.PipeNode:
		return pipeFree(a, dotIsData)
	case *parse.StringNode:
		return !strings.Contains(a.Text, "Root") && !strings.Contains(a.Text, RootStandIn)
	case *parse.IdentifierNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	default:
		return false
	}
}
