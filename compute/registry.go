package compute

import (
	"fmt"
	"slices"
)

// InputKind is the shape an operation input takes.
type InputKind int

// The kinds of operation inputs.
const (
	MatrixInput InputKind = iota // a Matrix
	VectorInput                  // a Vector
	NumberInput                  // a Number
	IntInput                     // a whole number, 1 to InputSpec.Max
	MaskInput                    // a Mask
)

// InputSpec describes one named input of an operation.
type InputSpec struct {
	Name     string
	Kind     InputKind
	Required bool
	// Max is the largest value of an IntInput (0 for other kinds).
	Max int
}

// OpSpec describes an operation for callers that map named inputs onto it
// (the JSON Lines protocol, the build's directives): its name, its inputs
// in the order they are listed, and the numeric fields of its result.
type OpSpec struct {
	Name   string
	Inputs []InputSpec
	Fields []string
}

// Inputs holds an operation's parsed inputs by name. An absent optional
// input is simply missing from its map (or, for the mask, the zero Mask).
type Inputs struct {
	Matrices map[string]Matrix
	Vectors  map[string]Vector
	Numbers  map[string]Number
	Ints     map[string]int
	Mask     Mask
}

// NewInputs returns Inputs with empty maps, ready to fill.
func NewInputs() Inputs {
	return Inputs{Matrices: map[string]Matrix{}, Vectors: map[string]Vector{},
		Numbers: map[string]Number{}, Ints: map[string]int{}}
}

// Result is what every operation returns: its numeric fields, in float64
// and as certified decimals. Span's result (*SpanResult) also carries the
// exact Rank and InSpan.
type Result interface {
	FieldNames() []string
	Field(name string) (Tensor, error)
	Decimal(name string, digits int) (Decimals, error)
	Certify(digits int, names ...string) (*Certificate, error)
	Significant(name string, sig int) (Decimals, error)
}

// op pairs an operation's description with the call that runs it.
type op struct {
	spec OpSpec
	run  func(in Inputs) (Result, []Check, error)
}

// opTable is the operations, built once; read only.
var opTable = ops()

// ops lists the operations, in the order Ops reports them.
func ops() []op {
	mask := optional("mask", MaskInput)
	return []op{
		{OpSpec{"softmax", []InputSpec{required("x", VectorInput), optional("temperature", NumberInput)}, []string{"y"}},
			func(in Inputs) (Result, []Check, error) {
				return checked(Softmax(SoftmaxRequest{X: in.Vectors["x"], Temperature: in.Numbers["temperature"]}))
			}},
		{OpSpec{"attention", []InputSpec{matrix("q"), matrix("k"), matrix("v"), optional("scale", NumberInput), mask},
			[]string{"scores", "weights", "output"}},
			func(in Inputs) (Result, []Check, error) {
				m := in.Matrices
				return checked(Attention(AttentionRequest{Q: m["q"], K: m["k"], V: m["v"], Scale: in.Numbers["scale"], Mask: in.Mask}))
			}},
		{OpSpec{"multihead", []InputSpec{matrix("x_q"), matrix("x_kv"), whole("heads", MaxCols),
			matrix("w_q"), matrix("w_k"), matrix("w_v"), matrix("w_o"),
			optional("b_q", VectorInput), optional("b_k", VectorInput), optional("b_v", VectorInput), optional("b_o", VectorInput), mask},
			[]string{"output", "head_weights", "head_outputs"}},
			func(in Inputs) (Result, []Check, error) {
				m, v := in.Matrices, in.Vectors
				return checked(Multihead(MultiheadRequest{XQ: m["x_q"], XKV: m["x_kv"], Heads: in.Ints["heads"],
					WQ: m["w_q"], WK: m["w_k"], WV: m["w_v"], WO: m["w_o"],
					BQ: v["b_q"], BK: v["b_k"], BV: v["b_v"], BO: v["b_o"], Mask: in.Mask}))
			}},
		{OpSpec{"linear_map", []InputSpec{matrix("x"), matrix("w"), optional("b", VectorInput)}, []string{"y"}},
			func(in Inputs) (Result, []Check, error) {
				return checked(LinearMap(LinearMapRequest{X: in.Matrices["x"], W: in.Matrices["w"], B: in.Vectors["b"]}))
			}},
		{OpSpec{"positional_encoding", []InputSpec{whole("positions", MaxRows), whole("d_model", MaxCols), optional("base", NumberInput)},
			[]string{"pe"}},
			func(in Inputs) (Result, []Check, error) {
				n := in.Ints
				return checked(PositionalEncoding(PositionalEncodingRequest{Positions: n["positions"], DModel: n["d_model"], Base: in.Numbers["base"]}))
			}},
		{OpSpec{"span", []InputSpec{matrix("vectors"), required("target", VectorInput)}, []string{"coefficients", "projection", "residual"}},
			func(in Inputs) (Result, []Check, error) {
				return checked(Span(SpanRequest{Vectors: in.Matrices["vectors"], Target: in.Vectors["target"]}))
			}},
		{OpSpec{"similarity", []InputSpec{matrix("q"), matrix("k")}, []string{"dot", "cosine", "q_norms", "k_norms"}},
			func(in Inputs) (Result, []Check, error) {
				return checked(Similarity(SimilarityRequest{Q: in.Matrices["q"], K: in.Matrices["k"]}))
			}},
		{OpSpec{"score_stats", []InputSpec{required("d_k", VectorInput), whole("keys", MaxCols), whole("trials", MaxRows), whole("seed", MaxRows)},
			[]string{"raw_variance", "scaled_variance", "raw_max_weight", "scaled_max_weight"}},
			func(in Inputs) (Result, []Check, error) {
				n := in.Ints
				return checked(ScoreStats(ScoreStatsRequest{DK: in.Vectors["d_k"], Keys: n["keys"], Trials: n["trials"], Seed: n["seed"]}))
			}},
		{OpSpec{"pe_shift", []InputSpec{whole("positions", MaxRows), whole("d_model", MaxCols), whole("shift", MaxRows), optional("base", NumberInput)},
			[]string{"shift_map", "shifted", "mapped", "max_difference"}},
			func(in Inputs) (Result, []Check, error) {
				n := in.Ints
				return checked(PEShift(PEShiftRequest{Positions: n["positions"], DModel: n["d_model"], Shift: n["shift"], Base: in.Numbers["base"]}))
			}},
	}
}

func required(name string, kind InputKind) InputSpec {
	return InputSpec{Name: name, Kind: kind, Required: true}
}

func optional(name string, kind InputKind) InputSpec { return InputSpec{Name: name, Kind: kind} }

func matrix(name string) InputSpec { return required(name, MatrixInput) }

// whole is a required whole-number input from 1 to limit.
func whole(name string, limit int) InputSpec {
	return InputSpec{Name: name, Kind: IntInput, Required: true, Max: limit}
}

// Ops describes every operation Run knows, in a fixed order: softmax,
// attention, multihead, linear_map, positional_encoding, span, similarity,
// score_stats, pe_shift.
func Ops() []OpSpec {
	specs := make([]OpSpec, 0, len(opTable))
	for _, o := range opTable {
		specs = append(specs, o.spec.clone())
	}
	return specs
}

// clone copies a spec's lists, so that a caller may change them without
// touching the table.
func (s OpSpec) clone() OpSpec {
	return OpSpec{Name: s.Name, Inputs: slices.Clone(s.Inputs), Fields: slices.Clone(s.Fields)}
}

// Op describes the named operation; ok is false when there is none.
func Op(name string) (spec OpSpec, ok bool) {
	for _, o := range opTable {
		if o.spec.Name == name {
			return o.spec.clone(), true
		}
	}
	return OpSpec{}, false
}

// Run runs the named operation on in and returns its result and the
// checks it passed. It does not enforce the specs: a missing required
// input reaches the operation unset, which then reports it.
func Run(name string, in Inputs) (Result, []Check, error) {
	for _, o := range opTable {
		if o.spec.Name == name {
			return o.run(in)
		}
	}
	return nil, nil, fmt.Errorf("unknown operation %q", name)
}

// checkedResult is a result with its checks.
type checkedResult interface {
	Result
	checkList() []Check
}

// checked passes on an operation's result with its checks, or its error.
func checked[R checkedResult](res R, err error) (Result, []Check, error) {
	if err != nil {
		return nil, nil, err
	}
	return res, res.checkList(), nil
}

func (r *SoftmaxResult) checkList() []Check            { return r.Checks }
func (r *AttentionResult) checkList() []Check          { return r.Checks }
func (r *MultiheadResult) checkList() []Check          { return r.Checks }
func (r *LinearMapResult) checkList() []Check          { return r.Checks }
func (r *PositionalEncodingResult) checkList() []Check { return r.Checks }
func (r *SpanResult) checkList() []Check               { return r.Checks }
func (r *SimilarityResult) checkList() []Check         { return r.Checks }
func (r *ScoreStatsResult) checkList() []Check         { return r.Checks }
func (r *PEShiftResult) checkList() []Check            { return r.Checks }
