package directive

import (
	"fmt"
	"sort"
	"strings"

	"paperlab/compute"
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
	var names []string
	for _, in := range op.inputs {
		names = append(names, in.name)
	}
	names = append(names, "digits", "show", "caption", "expect")
	return strings.Join(names, ", ")
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
func operations() map[string]operation {
	return map[string]operation{
		"matrix": {
			inputs:      []input{{"rows", kindMatrix, true}},
			fieldNames:  []string{"rows"},
			defaultShow: []string{"rows"},
			run:         runMatrix,
		},
		"softmax": {
			inputs:      []input{{"x", kindVector, true}, {"temperature", kindNumber, false}},
			fieldNames:  []string{"y"},
			defaultShow: []string{"y"},
			extraShow:   []string{"checks"},
			run:         runSoftmax,
		},
		"attention": {
			inputs:      []input{{"q", kindMatrix, true}, {"k", kindMatrix, true}, {"v", kindMatrix, true}, {"scale", kindNumber, false}, {"mask", kindMask, false}},
			fieldNames:  []string{"scores", "weights", "output"},
			defaultShow: []string{"weights", "output"},
			extraShow:   []string{"sum", "span", "checks", "figure", "heatmap"},
			run:         runAttention,
		},
		"multihead": {
			inputs: []input{{"x_q", kindMatrix, true}, {"x_kv", kindMatrix, true}, {"heads", kindInt, true},
				{"w_q", kindMatrix, true}, {"w_k", kindMatrix, true}, {"w_v", kindMatrix, true}, {"w_o", kindMatrix, true},
				{"b_q", kindVector, false}, {"b_k", kindVector, false}, {"b_v", kindVector, false}, {"b_o", kindVector, false},
				{"mask", kindMask, false}},
			fieldNames:  []string{"output", "head_weights", "head_outputs"},
			defaultShow: []string{"output"},
			extraShow:   []string{"checks", "heatmap"},
			run:         runMultihead,
		},
		"linear-map": {
			inputs:      []input{{"x", kindMatrix, true}, {"w", kindMatrix, true}, {"b", kindVector, false}},
			fieldNames:  []string{"y"},
			defaultShow: []string{"y"},
			extraShow:   []string{"checks"},
			run:         runLinearMap,
		},
		"positional-encoding": {
			inputs:      []input{{"positions", kindInt, true}, {"d_model", kindInt, true}, {"base", kindNumber, false}},
			fieldNames:  []string{"pe"},
			defaultShow: []string{"pe"},
			extraShow:   []string{"checks", "heatmap"},
			run:         runPositionalEncoding,
		},
		"span": {
			inputs:      []input{{"vectors", kindMatrix, true}, {"target", kindVector, true}},
			fieldNames:  []string{"coefficients", "projection", "residual"},
			defaultShow: []string{"span"},
			extraShow:   []string{"span", "checks", "figure"},
			run:         runSpan,
		},
	}
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

// fieldError prefixes an error with the input field it concerns.
func fieldError(field string, err error) error { return fmt.Errorf("%s: %w", field, err) }

func runMatrix(in map[string]Value) (engineResult, []compute.Check, error) {
	m, err := compute.ParseMatrix(in["rows"].Rows)
	if err != nil {
		return nil, nil, fieldError("rows", err)
	}
	r := newConstant("rows", m, in["rows"].Rows)
	return r, nil, nil
}

func runSoftmax(in map[string]Value) (engineResult, []compute.Check, error) {
	var req compute.SoftmaxRequest
	var err error
	if req.X, err = vectorOf(in["x"]); err != nil {
		return nil, nil, fieldError("x", err)
	}
	if t, ok := in["temperature"]; ok {
		if req.Temperature, err = numberOf(t); err != nil {
			return nil, nil, fieldError("temperature", err)
		}
	}
	res, err := compute.Softmax(req)
	if err != nil {
		return nil, nil, err
	}
	return res, res.Checks, nil
}

func runAttention(in map[string]Value) (engineResult, []compute.Check, error) {
	var req compute.AttentionRequest
	var err error
	for _, f := range []struct {
		name string
		dst  *compute.Matrix
	}{{"q", &req.Q}, {"k", &req.K}, {"v", &req.V}} {
		if *f.dst, err = matrixOf(in[f.name]); err != nil {
			return nil, nil, fieldError(f.name, err)
		}
	}
	if s, ok := in["scale"]; ok {
		if req.Scale, err = numberOf(s); err != nil {
			return nil, nil, fieldError("scale", err)
		}
	}
	if m, ok := in["mask"]; ok {
		if req.Mask, err = maskOf(m); err != nil {
			return nil, nil, fieldError("mask", err)
		}
	}
	res, err := compute.Attention(req)
	if err != nil {
		return nil, nil, err
	}
	return res, res.Checks, nil
}

func runMultihead(in map[string]Value) (engineResult, []compute.Check, error) {
	var req compute.MultiheadRequest
	var err error
	for _, f := range []struct {
		name string
		dst  *compute.Matrix
	}{{"x_q", &req.XQ}, {"x_kv", &req.XKV}, {"w_q", &req.WQ}, {"w_k", &req.WK}, {"w_v", &req.WV}, {"w_o", &req.WO}} {
		if *f.dst, err = matrixOf(in[f.name]); err != nil {
			return nil, nil, fieldError(f.name, err)
		}
	}
	for _, f := range []struct {
		name string
		dst  *compute.Vector
	}{{"b_q", &req.BQ}, {"b_k", &req.BK}, {"b_v", &req.BV}, {"b_o", &req.BO}} {
		if v, ok := in[f.name]; ok {
			if *f.dst, err = vectorOf(v); err != nil {
				return nil, nil, fieldError(f.name, err)
			}
		}
	}
	req.Heads = in["heads"].Int
	if m, ok := in["mask"]; ok {
		if req.Mask, err = maskOf(m); err != nil {
			return nil, nil, fieldError("mask", err)
		}
	}
	res, err := compute.Multihead(req)
	if err != nil {
		return nil, nil, err
	}
	return res, res.Checks, nil
}

func runLinearMap(in map[string]Value) (engineResult, []compute.Check, error) {
	var req compute.LinearMapRequest
	var err error
	if req.X, err = matrixOf(in["x"]); err != nil {
		return nil, nil, fieldError("x", err)
	}
	if req.W, err = matrixOf(in["w"]); err != nil {
		return nil, nil, fieldError("w", err)
	}
	if b, ok := in["b"]; ok {
		if req.B, err = vectorOf(b); err != nil {
			return nil, nil, fieldError("b", err)
		}
	}
	res, err := compute.LinearMap(req)
	if err != nil {
		return nil, nil, err
	}
	return res, res.Checks, nil
}

func runPositionalEncoding(in map[string]Value) (engineResult, []compute.Check, error) {
	req := compute.PositionalEncodingRequest{Positions: in["positions"].Int, DModel: in["d_model"].Int}
	if b, ok := in["base"]; ok {
		var err error
		if req.Base, err = numberOf(b); err != nil {
			return nil, nil, fieldError("base", err)
		}
	}
	res, err := compute.PositionalEncoding(req)
	if err != nil {
		return nil, nil, err
	}
	return res, res.Checks, nil
}

func runSpan(in map[string]Value) (engineResult, []compute.Check, error) {
	var req compute.SpanRequest
	var err error
	if req.Vectors, err = matrixOf(in["vectors"]); err != nil {
		return nil, nil, fieldError("vectors", err)
	}
	if req.Target, err = vectorOf(in["target"]); err != nil {
		return nil, nil, fieldError("target", err)
	}
	res, err := compute.Span(req)
	if err != nil {
		return nil, nil, err
	}
	return spanResult{res}, res.Checks, nil
}

// spanResult adds the exact verdict to the span result's fields.
type spanResult struct{ *compute.SpanResult }
