// Package directive evaluates the compute directives of a lab page — fenced
// blocks such as ```{attention} mix — with the attention engine in compute/,
// checks the page's expectations against the certified results, and renders
// the results as tables, worked equations, span verdicts and SVG figures.
//
// A directive's body is YAML. Its fields are the engine's (q, k, v, scale,
// mask, …) plus digits, show, caption and expect. Inputs are literal
// matrices or names defined above: a {matrix} constant ("V"), a field of an
// earlier directive ("mix.output"), or either of those from a lab the page
// lists in "after" ("linear-combinations.V").
package directive

import (
	"fmt"
	"strings"

	"paperlab/generator/yamltree"
)

// Error is a problem inside a directive, at a 1-based line and column of
// its body (line 0 means the opening fence line).
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func errAt(n *yamltree.Node, format string, args ...any) *Error {
	return &Error{Line: n.Line, Col: n.Col, Msg: fmt.Sprintf(format, args...)}
}

func errFence(format string, args ...any) *Error {
	return &Error{Line: 0, Col: 1, Msg: fmt.Sprintf(format, args...)}
}

// Spec is a parsed directive, before its names are resolved.
type Spec struct {
	Type    string // "attention", "matrix", …
	Name    string // page-scoped name, e.g. "mix"
	Digits  int
	Show    []string
	Caption string
	// Inputs holds the engine fields by name, as YAML nodes.
	Inputs map[string]*yamltree.Node
	// Expect holds the expected values: a field name (such as "weights")
	// mapped to its YAML node.
	Expect     []ExpectEntry
	ShowNode   *yamltree.Node
	DigitsNode *yamltree.Node
}

// ExpectEntry is one field listed under expect.
type ExpectEntry struct {
	Field string
	Key   *yamltree.Node
	Value *yamltree.Node
}

// DefaultDigits is the number of decimal places shown when a directive does
// not say.
const DefaultDigits = 4

// Parse reads a directive's type, name and YAML body.
func Parse(typ, name string, body []byte) (*Spec, []*Error) {
	op, ok := operations()[typ]
	if !ok {
		return nil, []*Error{errFence("unknown directive {%s} (expected one of %s)", typ, strings.Join(typeNames(), ", "))}
	}
	if name == "" {
		return nil, []*Error{errFence("directive {%s} needs a name after the braces, as in ```{%s} mix", typ, typ)}
	}
	if !validName(name) {
		return nil, []*Error{errFence("directive name %q: expected letters, digits and _ (starting with a letter), as in mix or V", name)}
	}
	if len(body) > yamltree.MaxBytes {
		return nil, []*Error{errFence("{%s} %s: body of %d bytes is larger than the limit of %d bytes (1 MiB)", typ, name, len(body), yamltree.MaxBytes)}
	}
	root, err := yamltree.Parse(body)
	if err != nil {
		e := err.(*yamltree.Error)
		return nil, []*Error{{Line: e.Line, Col: e.Col, Msg: e.Msg}}
	}
	spec := &Spec{Type: typ, Name: name, Digits: DefaultDigits, Inputs: map[string]*yamltree.Node{}}
	if root.Kind == yamltree.Null {
		return nil, []*Error{{Line: 1, Col: 1, Msg: fmt.Sprintf("directive {%s} %s has an empty body: expected YAML fields %s", typ, name, op.fieldList())}}
	}
	if root.Kind != yamltree.Map {
		return nil, []*Error{errAt(root, "expected YAML fields such as %s, found %s", op.fieldList(), root.Describe())}
	}
	var errs []*Error
	for i, k := range root.Keys {
		v := root.Vals[i]
		switch k.Text {
		case "digits":
			spec.DigitsNode = v
			d, err := intValue(v, "digits", 0, 30)
			if err != nil {
				errs = append(errs, err)
			}
			spec.Digits = d
		case "show":
			spec.ShowNode = v
			show, err := stringList(v, "show")
			if err != nil {
				errs = append(errs, err)
			}
			spec.Show = show
		case "caption":
			if v.Kind != yamltree.Scalar {
				errs = append(errs, errAt(v, "caption: expected text, found %s", v.Describe()))
			}
			spec.Caption = v.Text
		case "expect":
			if v.Kind != yamltree.Map {
				errs = append(errs, errAt(v, "expect: expected a mapping from result field to values, such as weights: [[0.2992, 0.1679, 0.5329]]"))
				continue
			}
			for j, ek := range v.Keys {
				spec.Expect = append(spec.Expect, ExpectEntry{Field: ek.Text, Key: ek, Value: v.Vals[j]})
			}
		default:
			if !op.hasInput(k.Text) {
				errs = append(errs, errAt(k, "unknown field %q in {%s} (expected %s)", k.Text, typ, op.fieldList()))
				continue
			}
			spec.Inputs[k.Text] = v
		}
	}
	for _, in := range op.inputs {
		if in.required && spec.Inputs[in.name] == nil {
			at := root
			if len(root.Keys) > 0 {
				at = root.Keys[0]
			}
			errs = append(errs, &Error{Line: at.Line, Col: at.Col, Msg: fmt.Sprintf("{%s} %s: missing required field %q", typ, name, in.name)})
		}
	}
	if spec.ShowNode == nil {
		spec.Show = op.defaultShow
	} else if err := op.checkShow(spec.Show, spec.ShowNode); err != nil {
		errs = append(errs, err)
	}
	return spec, errs
}

func validName(s string) bool {
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !(letter || i > 0 && (r >= '0' && r <= '9' || r == '_')) {
			return false
		}
	}
	return s != ""
}

func intValue(n *yamltree.Node, field string, lo, hi int) (int, *Error) {
	if n.Kind != yamltree.Scalar || n.Type != yamltree.Int {
		return 0, errAt(n, "%s: expected a whole number from %d to %d, found %s", field, lo, hi, n.Describe())
	}
	var v int
	if _, err := fmt.Sscan(n.Text, &v); err != nil || v < lo || v > hi {
		return 0, errAt(n, "%s: expected a whole number from %d to %d, found %s", field, lo, hi, n.Text)
	}
	return v, nil
}

func stringList(n *yamltree.Node, field string) ([]string, *Error) {
	items := n.Items
	if n.Kind == yamltree.Scalar {
		items = []*yamltree.Node{n}
	} else if n.Kind != yamltree.List {
		return nil, errAt(n, "%s: expected a list such as [weights, output], found %s", field, n.Describe())
	}
	var out []string
	for _, it := range items {
		if it.Kind != yamltree.Scalar {
			return nil, errAt(it, "%s: expected a name, found %s", field, it.Describe())
		}
		out = append(out, it.Text)
	}
	return out, nil
}
