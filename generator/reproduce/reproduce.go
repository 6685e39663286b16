// Package reproduce writes a lab's reproduction script: a short Python
// program, NumPy only, that defines every directive's inputs as the page
// does (under the page's names, with values imported from other labs
// written out), recomputes every result with plain NumPy code and checks
// every certified number the page shows to the places it shows. The same
// cells also make a Jupyter notebook.
//
// The script is built from the evaluated directives (Page), never from
// the rendered HTML, and is deterministic: the same page gives the same
// bytes.
package reproduce

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"paperlab/compute"
	"paperlab/generator/directive"
	"paperlab/generator/yamltree"
)

// Page is what a lab's script is made from.
type Page struct {
	Title string
	// Source is the lab's source path, e.g. "content/labs/x.md"; URL its
	// path from the site root, e.g. "labs/x/".
	Source, URL string
	// Directives are the page's evaluated directives, in page order.
	Directives []Directive
	// Quotes are the numbers the prose quotes with {num}, in page order.
	Quotes []Quote
}

// Directive is one evaluated directive.
type Directive struct {
	Spec   *directive.Spec
	Result *directive.Result
	// Section is the heading the directive stands under, with its id.
	Section Section
}

// Section names a heading of the page.
type Section struct{ Title, ID string }

// Quote is one {num} of the prose: the reference as resolved (Name and
// Field filled in; Lab set for a value quoted from another lab) and the
// text the page shows.
type Quote struct {
	Ref directive.Reference
	// Written is the reference as the page writes it, e.g. "mix.weights[0][2]".
	Written string
	Text    string
	Section Section
}

// cell is one step of the script: a comment or Markdown text, and code.
type cell struct {
	text string // Markdown for the notebook; comment lines in the script
	code string
}

// build turns the page into cells: the preamble and helpers, one cell per
// directive, one for the prose quotes, and the verdict.
func build(p Page) []cell {
	g := newGen(p)
	cells := []cell{g.intro(), g.helpers()}
	for _, d := range p.Directives {
		c := g.directive(d)
		c.text = sectionText(d.Section) + "\n\n" + c.text
		cells = append(cells, c)
	}
	if c, ok := g.quotes(); ok {
		cells = append(cells, c)
	}
	cells = append(cells, cell{text: "The verdict: the script exits with status 1 if any number disagrees.", code: verdict})
	return cells
}

const verdict = `if failures:
    print(f"{len(failures)} of {checked} numbers disagree with the page: {', '.join(failures)}")
    sys.exit(1)
print(f"All {checked} numbers agree with the page.")
`

func sectionText(s Section) string {
	if s.Title == "" {
		return "From the top of the page."
	}
	return fmt.Sprintf("From the section “%s” (#%s).", s.Title, s.ID)
}

// Script returns the Python script for the page.
func Script(p Page) []byte { return scriptOf(build(p)) }

// Files returns the script and the notebook for the page, building their
// cells once.
func Files(p Page) (script, notebook []byte, err error) {
	cells := build(p)
	notebook, err = notebookOf(cells)
	return scriptOf(cells), notebook, err
}

func scriptOf(cells []cell) []byte {
	n := len("#!/usr/bin/env python3\n")
	for _, c := range cells {
		n += len("\n\n# %%\n") + len(c.code) + len(c.text) + 3*(strings.Count(c.text, "\n")+1)
	}
	var b bytes.Buffer
	b.Grow(n)
	for i, c := range cells {
		if i == 0 {
			b.WriteString("#!/usr/bin/env python3\n")
			b.WriteString(c.code)
			continue
		}
		b.WriteString("\n\n# %%\n")
		for _, line := range strings.Split(c.text, "\n") {
			if line == "" {
				b.WriteString("#\n")
				continue
			}
			b.WriteString("# ")
			b.WriteString(line)
			b.WriteByte('\n')
		}
		b.WriteString(c.code)
	}
	return b.Bytes()
}

// gen holds what the cells of one page share.
type gen struct {
	page  Page
	ems   map[string]emitter
	names map[string]string // page name -> Python name
	// checked holds the values already compared, by Python expression
	// and places, so that a number shown twice is checked once.
	checked map[string]bool
}

func newGen(p Page) *gen {
	g := &gen{page: p, ems: emitters(), names: map[string]string{}, checked: map[string]bool{}}
	taken := make(map[string]bool, len(p.Directives))
	for _, d := range p.Directives {
		name := d.Spec.Name
		py := name
		for reserved[py] || taken[py] {
			py += "_"
		}
		taken[py] = true
		g.names[name] = py
	}
	return g
}

// reservedNames are Python keywords and the script's own names, which a
// directive name must not hide.
var reservedNames = []string{
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
	"elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
	"not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type",
	"np", "sys", "SimpleNamespace", "matrix", "vector", "check", "check_exact", "checked", "failures",
	"softmax", "visibility", "masked_softmax", "attention", "multihead", "linear_map", "positional_encoding", "span",
	"similarity", "SplitMix64", "score_stats", "pe_shift",
	"print", "len", "range", "float", "int", "str", "bool", "round", "abs", "max", "min", "slice",
}

// reserved is reservedNames as a set, built once at init and read-only.
var reserved = func() map[string]bool {
	m := make(map[string]bool, len(reservedNames))
	for _, n := range reservedNames {
		m[n] = true
	}
	return m
}()

func (g *gen) intro() cell {
	var b strings.Builder
	fmt.Fprintf(&b, "\"\"\"Reproduce the numbers of the lab %s.\n\n", pyDocText(strconv.Quote(g.page.Title)))
	fmt.Fprintf(&b, "Written by paperlab from %s\n(the page %s).\n", g.page.Source, g.page.URL)
	b.WriteString("Every input is defined as on the page, under the page's names; values\n")
	b.WriteString("the page imports from other labs are written out. Each result is\n")
	b.WriteString("recomputed with NumPy, and every number the page shows is checked to\n")
	b.WriteString("the places it shows.\n\n")
	b.WriteString("Run it with:  python3 reproduce.py\n")
	b.WriteString("It prints each check and exits with status 0 when every number agrees,\n")
	b.WriteString("1 when one does not.\n\"\"\"\n\n")
	b.WriteString("import sys\nfrom types import SimpleNamespace\n\nimport numpy as np\n")
	return cell{code: b.String()}
}

// pyDocText keeps a docstring from closing early.
func pyDocText(s string) string { return strings.ReplaceAll(s, `"""`, `\"\"\"`) }

// helpers defines matrix, vector, check and the functions the page's
// directive types call, each after those it needs.
func (g *gen) helpers() cell {
	used := map[string]bool{}
	var need func(name string)
	need = func(name string) {
		if used[name] {
			return
		}
		used[name] = true
		for _, em := range g.ems {
			if em.fn == name {
				for _, n := range em.needs {
					need(n)
				}
			}
		}
	}
	for _, d := range g.page.Directives {
		if em, ok := g.ems[d.Spec.Type]; ok && em.fn != "" {
			need(em.fn)
		}
	}
	order := slices.Clone(helperOrder)
	var rest []string
	for name := range used {
		if !slices.Contains(order, name) {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	var b strings.Builder
	b.WriteString(defPrelude)
	for _, name := range append(order, rest...) {
		if !used[name] {
			continue
		}
		def := helperDefs[name]
		for _, em := range g.ems {
			if em.fn == name {
				def = em.def
			}
		}
		b.WriteString("\n\n")
		b.WriteString(def)
	}
	return cell{text: "Helpers: how each kind of directive is computed, and how a number is checked against the page.", code: b.String()}
}

// directive writes one directive: its inputs, its computation and the
// checks of what the page shows of it.
func (g *gen) directive(d Directive) cell {
	spec, res := d.Spec, d.Result
	py := g.names[spec.Name]
	em, ok := g.ems[spec.Type]
	head := fmt.Sprintf("{%s} %s", spec.Type, spec.Name)
	if spec.Caption != "" {
		head += ": " + strings.TrimSpace(spec.Caption)
	}
	if !ok {
		msg := fmt.Sprintf("This script cannot recompute {%s} directives yet, so the numbers of %s are not checked.", spec.Type, spec.Name)
		return cell{text: head + "\n\n" + msg, code: fmt.Sprintf("print(%s)\n", strconv.Quote("skipped "+spec.Name+": {"+spec.Type+"} is not reproduced by this script"))}
	}
	var b strings.Builder
	var notes []string
	if spec.Type == "matrix" {
		expr, note := g.input(spec, res, em.inputs[0])
		fmt.Fprintf(&b, "%s = %s\n", py, expr)
		if note != "" {
			notes = append(notes, note)
		}
	} else {
		var args []string
		for _, in := range em.inputs {
			if _, given := res.Inputs[in.Name]; !given {
				continue
			}
			expr, note := g.input(spec, res, in)
			args = append(args, in.Name+"="+expr)
			if note != "" {
				notes = append(notes, note)
			}
		}
		b.WriteString(callText(py+" = "+em.fn, args))
	}
	b.WriteString(g.directiveChecks(d))
	text := head
	if len(notes) > 0 {
		text += "\n\n" + strings.Join(notes, "\n")
	}
	return cell{text: text, code: b.String()}
}

// callText writes name(arg, …) on one line when short, else one argument
// per line.
func callText(prefix string, args []string) string {
	one := prefix + "(" + strings.Join(args, ", ") + ")\n"
	if len(one) <= 88 && !strings.Contains(one, "\n ") {
		return one
	}
	var b strings.Builder
	b.WriteString(prefix + "(\n")
	for _, a := range args {
		b.WriteString("    " + strings.ReplaceAll(a, "\n", "\n    ") + ",\n")
	}
	b.WriteString(")\n")
	return b.String()
}

// input writes the Python expression for one input: a reference to a name
// defined above on the page, or the value itself (a literal, or a value
// imported from another lab, with a note saying where it comes from).
func (g *gen) input(spec *directive.Spec, res *directive.Result, in compute.InputSpec) (string, string) {
	n := spec.Inputs[in.Name]
	val := res.Inputs[in.Name]
	if n != nil && isName(n) {
		if expr, ok := g.localName(n.Text, in); ok {
			return expr, ""
		}
		if fact, ok := strings.CutPrefix(n.Text, "fact."); ok {
			return literal(val, in.Kind), fmt.Sprintf("%s: %s is the paper's fact %s (the page's front matter), written out here.", in.Name, n.Text, fact)
		}
		return literal(val, in.Kind), fmt.Sprintf("%s: %s is imported from the lab %s and written out here.", in.Name, n.Text, strings.Split(n.Text, ".")[0])
	}
	return literal(val, in.Kind), ""
}

// localName turns a name used as an input ("V", "mix.output", "lab") into
// a Python expression when it names a directive of this page.
func (g *gen) localName(ref string, in compute.InputSpec) (string, bool) {
	parts := strings.Split(ref, ".")
	py, ok := g.names[parts[0]]
	if !ok || len(parts) > 2 {
		return "", false
	}
	var res *directive.Result
	for _, d := range g.page.Directives {
		if d.Spec.Name == parts[0] {
			res = d.Result
		}
	}
	expr := py
	if res.Type != "matrix" {
		field := res.Order[0]
		if len(parts) == 2 {
			field = parts[1]
		}
		expr += "." + field
	}
	switch in.Kind {
	case compute.VectorInput:
		return "vector(" + expr + ")", true
	case compute.MatrixInput:
		if res.Type != "matrix" {
			return "matrix(" + expr + ")", true
		}
	}
	return expr, true
}

// isName reports whether an input's YAML node is a name rather than a
// value, as the directive package reads it.
func isName(n *yamltree.Node) bool {
	if n.Kind != yamltree.Scalar || n.Type != yamltree.String || n.Text == "causal" {
		return false
	}
	_, _, err := apd.NewFromString(n.Text)
	return err != nil || strings.ContainsAny(n.Text, "nN") || strings.Contains(strings.ToLower(n.Text), "inf")
}

// fresh marks values as compared and reports whether any was not yet.
func (g *gen) fresh(keys []string) bool {
	fresh := false
	for _, k := range keys {
		if !g.checked[k] {
			fresh = true
		}
		g.checked[k] = true
	}
	return fresh
}
