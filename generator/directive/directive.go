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
	"slices"
	"strings"
	"unicode/utf8"

	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// Error is a problem inside a directive, at a 1-based line and column of
// its body (line 0 means the opening fence line).
type Error struct {
	Line, Col int
	// Width is how many characters the problem covers on its line (the
	// value a message is about); 0 when unknown.
	Width int
	Msg   string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func errAt(n *yamltree.Node, format string, args ...any) *Error {
	e := &Error{Line: n.Line, Col: n.Col, Msg: fmt.Sprintf(format, args...)}
	if n.Kind == yamltree.Scalar {
		e.Width = utf8.RuneCountInString(n.Text)
	}
	return e
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
	// Captions gives per-item captions (caption: {weights: …, figure: …}),
	// keyed by show item; CaptionNode is that mapping.
	Captions    map[string]string
	CaptionNode *yamltree.Node
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
		if meant := diag.Suggest("{"+typ+"}", typeNames()); meant != "" {
			return nil, []*Error{errFence("unknown directive {%s} (did you mean %s?)", typ, meant)}
		}
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
	if name == strings.TrimSuffix(FactPrefix, ".") {
		return nil, []*Error{errFence("directive name %q is reserved for paper facts (fact.d_model names the fact d_model)", name)}
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
	suggested := map[string]bool{} // fields an unknown field may be a typo of
	for i, k := range root.Keys {
		v := root.Vals[i]
		switch k.Text {
		case "digits":
			spec.DigitsNode = v
			d, err := intValue(v, "digits", 0, 30)
			if err != nil {
				errs = append(errs, err)
				d = DefaultDigits
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
			switch v.Kind {
			case yamltree.Scalar:
				spec.Caption = v.Text
			case yamltree.Map:
				spec.CaptionNode = v
				spec.Captions = map[string]string{}
				for j, ck := range v.Keys {
					cv := v.Vals[j]
					if cv.Kind != yamltree.Scalar {
						errs = append(errs, errAt(cv, "caption: %s: expected text, found %s", ck.Text, cv.Describe()))
						continue
					}
					spec.Captions[ck.Text] = cv.Text
				}
			default:
				errs = append(errs, errAt(v, "caption: expected text, or a mapping from show item to text such as {weights: Attention weights., figure: The output.}, found %s", v.Describe()))
			}
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
				if meant := diag.Suggest(k.Text, op.fieldNamesAll()); meant != "" {
					errs = append(errs, errAt(k, "unknown field %q in {%s} (did you mean %q?)", k.Text, typ, meant))
					suggested[meant] = true
				} else {
					errs = append(errs, errAt(k, "unknown field %q in {%s} (expected %s)", k.Text, typ, op.fieldList()))
				}
				continue
			}
			spec.Inputs[k.Text] = v
		}
	}
	for _, in := range op.inputs {
		if in.required && spec.Inputs[in.name] == nil && !suggested[in.name] {
			at := root
			if len(root.Keys) > 0 {
				at = root.Keys[0]
			}
			errs = append(errs, &Error{Line: at.Line, Col: at.Col, Msg: fmt.Sprintf("{%s} %s: missing required field %q", typ, name, in.name)})
		}
	}
	if spec.ShowNode == nil {
		spec.Show = slices.Clone(op.defaultShow) // the registry's slice is shared
	} else if err := op.checkShow(spec.Show, spec.ShowNode); err != nil {
		errs = append(errs, err)
	}
	if spec.CaptionNode != nil {
		for _, k := range spec.CaptionNode.Keys {
			if !slices.Contains(spec.Show, k.Text) || k.Text == "sum" || k.Text == "span" || k.Text == "checks" {
				numbered := numberedShow(spec.Show)
				if meant := diag.Suggest(k.Text, numbered); meant != "" {
					errs = append(errs, errAt(k, "caption: %q is not a numbered item this directive shows (did you mean %q?)", k.Text, meant))
				} else {
					errs = append(errs, errAt(k, "caption: %q is not a numbered item this directive shows (expected one of %s)", k.Text, strings.Join(numbered, ", ")))
				}
			}
		}
	}
	return spec, errs
}

// Complete reports whether spec has every input its directive requires,
// so that it can be evaluated even when other parts of its body (show,
// caption, expect, digits) are wrong: one error does not hide another.
func (spec *Spec) Complete() bool {
	op, ok := operations()[spec.Type]
	if !ok {
		return false
	}
	for _, in := range op.inputs {
		if in.required && spec.Inputs[in.name] == nil {
			return false
		}
	}
	return true
}

// numberedShow lists the show items that render a numbered table or figure.
func numberedShow(show []string) []string {
	var out []string
	for _, s := range show {
		if s != "sum" && s != "span" && s != "checks" {
			out = append(out, s)
		}
	}
	return out
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
