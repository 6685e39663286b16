package directive

import (
	"fmt"
	"sort"
	"strings"

	"paperlab/compute"
	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// inputKind is the shape an engine field takes.
type inputKind int

const (
	kindMatrix inputKind = iota
	kindVector
	kindNumber
	kindInt
	kindMask
)

func (k inputKind) String() string {
	return [...]string{"a matrix such as [[1, 0], [0, 1]]", "a vector such as [1, 0, 2]", "a number", "a whole number", `"causal" or a matrix of 0 and 1`}[k]
}

type input struct {
	name     string
	kind     inputKind
	required bool
}

// engineResult is what every compute operation returns.
type engineResult interface {
	FieldNames() []string
	Field(name string) (compute.Tensor, error)
	Certify(digits int, names ...string) (*compute.Certificate, error)
	Significant(name string, sig int) (compute.Decimals, error)
}

// operation describes one directive type: its inputs, what it can show,
// and how it runs the engine.
type operation struct {
	inputs      []input
	fieldNames  []string
	defaultShow []string
	// extraShow lists show items besides the result's fields.
	extraShow []string
	run       func(in map[string]Value) (engineResult, []compute.Check, error)
}

func (op operation) hasInput(name string) bool {
	for _, in := range op.inputs {
		if in.name == name {
			return true
		}
	}
	return false
}

func (op operation) input(name string) input {
	for _, in := range op.inputs {
		if in.name == name {
			return in
		}
	}
	return input{}
}

func (op operation) fieldList() string {
	return strings.Join(op.fieldNamesAll(), ", ")
}

// fieldNamesAll lists every field a directive body may have: the inputs,
// then digits, show, caption and expect.
func (op operation) fieldNamesAll() []string {
	var names []string
	for _, in := range op.inputs {
		names = append(names, in.name)
	}
	return append(names, "digits", "show", "caption", "expect")
}

// showable lists what show may name for this operation.
func (op operation) showable(fields []string) []string {
	return append(append([]string(nil), fields...), op.extraShow...)
}

func (op operation) checkShow(show []string, n *yamltree.Node) *Error {
	allowed := op.showable(op.fields())
	for i, s := range show {
		ok := false
		for _, a := range allowed {
			if s == a {
				ok = true
			}
		}
		if !ok {
			at := n
			if n.Kind == yamltree.List && i < len(n.Items) {
				at = n.Items[i]
			}
			if meant := diag.Suggest(s, allowed); meant != "" {
				return errAt(at, "show: unknown item %q (did you mean %q?)", s, meant)
			}
			return errAt(at, "show: unknown item %q (expected one of %s)", s, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// fields lists the result fields an operation produces.
func (op operation) fields() []string {
	return op.fieldNames
}

func typeNames() []string {
	var names []string
	for n := range operations() {
		names = append(names, "{"+n+"}")
	}
	sort.Strings(names)
	return names
}

// operations is the directive registry: one entry per directive type.
// The map and the slices of its operations are shared and read-only:
// a caller that needs to change one copies it first.
func operations() map[string]operation { return operationTable }

// operationTable is built once, at init, and never written after.
var operationTable = buildOperations()

// buildOperations builds the registry. Every type but {matrix} is an
// engine operation (see engineOp).
func buildOperations() map[string]operation {
	return map[string]operation{
		"matrix": {
			inputs:      []input{{"rows", kindMatrix, true}},
			fieldNames:  []string{"rows"},
			defaultShow: []string{"rows"},
			run:         runMatrix,
		},
		"softmax":             engineOp("softmax", []string{"y"}, []string{"checks"}),
		"attention":           engineOp("attention", []string{"weights", "output"}, []string{"sum", "span", "checks", "figure", "heatmap"}),
		"multihead":           engineOp("multihead", []string{"output"}, []string{"checks", "heatmap"}),
		"linear-map":          engineOp("linear_map", []string{"y"}, []string{"checks"}),
		"positional-encoding": engineOp("positional_encoding", []string{"pe"}, []string{"checks", "heatmap"}),
		"span":                engineOp("span", []string{"span"}, []string{"span", "checks", "figure"}),
		"similarity":          engineOp("similarity", []string{"dot", "cosine"}, []string{"checks"}),
		"score-stats":         engineOp("score_stats", []string{"table"}, []string{"table", "checks"}),
		"pe-shift":            engineOp("pe_shift", []string{"shifted", "mapped", "max_difference"}, []string{"checks"}),
	}
}

// engineOp is the directive for the compute operation name: its inputs and
// fields come from the engine's spec, its show lists from the caller.
func engineOp(name string, defaultShow, extraShow []string) operation {
	spec, ok := compute.Op(name)
	if !ok {
		panic("directive: no compute operation " + name)
	}
	op := operation{fieldNames: spec.Fields, defaultShow: defaultShow, extraShow: extraShow,
		run: func(in map[string]Value) (engineResult, []compute.Check, error) { return runEngine(spec, in) }}
	for _, s := range spec.Inputs {
		op.inputs = append(op.inputs, input{s.Name, kindOf(s.Kind), s.Required})
	}
	return op
}

// kindOf maps an engine input kind to the directive's.
func kindOf(k compute.InputKind) inputKind {
	switch k {
	case compute.VectorInput:
		return kindVector
	case compute.NumberInput:
		return kindNumber
	case compute.IntInput:
		return kindInt
	case compute.MaskInput:
		return kindMask
	}
	return kindMatrix
}

func matrixOf(v Value) (compute.Matrix, error) { return compute.ParseMatrix(v.Rows) }

func vectorOf(v Value) (compute.Vector, error) {
	if len(v.Rows) != 1 {
		return compute.Vector{}, fmt.Errorf("expected a vector, found a matrix with %d rows", len(v.Rows))
	}
	return compute.ParseVector(v.Rows[0])
}

func numberOf(v Value) (compute.Number, error) { return compute.ParseNumber(v.Scalar) }

func maskOf(v Value) (compute.Mask, error) {
	if v.Scalar == "causal" {
		return compute.CausalMask(), nil
	}
	allow := make([][]bool, len(v.Rows))
	for i, row := range v.Rows {
		for _, x := range row {
			switch x {
			case "0":
				allow[i] = append(allow[i], false)
			case "1":
				allow[i] = append(allow[i], true)
			default:
				return compute.Mask{}, fmt.Errorf("mask entries must be 0 or 1, found %s", x)
			}
		}
	}
	return compute.MatrixMask(allow)
}

// fieldError ties an error to the input field it concerns: its text is
// "field: message".
func fieldError(field string, err error) error { return &compute.FieldError{Field: field, Err: err} }

func runMatrix(in map[string]Value) (engineResult, []compute.Check, error) {
	m, err := compute.ParseMatrix(in["rows"].Rows)
	if err != nil {
		return nil, nil, fieldError("rows", err)
	}
	r := newConstant("rows", m, in["rows"].Rows)
	return r, nil, nil
}

// runEngine parses the resolved inputs, in the spec's order, and runs the
// engine operation. An absent input is optional: the parser has checked
// that every required one is present.
func runEngine(spec compute.OpSpec, vals map[string]Value) (engineResult, []compute.Check, error) {
	in := compute.NewInputs()
	for _, s := range spec.Inputs {
		v, ok := vals[s.Name]
		if !ok {
			continue
		}
		var err error
		switch s.Kind {
		case compute.MatrixInput:
			in.Matrices[s.Name], err = matrixOf(v)
		case compute.VectorInput:
			in.Vectors[s.Name], err = vectorOf(v)
		case compute.NumberInput:
			in.Numbers[s.Name], err = numberOf(v)
		case compute.IntInput:
			in.Ints[s.Name] = v.Int
		case compute.MaskInput:
			in.Mask, err = maskOf(v)
		}
		if err != nil {
			return nil, nil, fieldError(s.Name, err)
		}
	}
	return compute.Run(spec.Name, in)
}
