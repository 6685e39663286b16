package compute

import (
	"reflect"
	"strings"
	"testing"
)

func TestOpsOrderAndLookup(t *testing.T) {
	var names []string
	for _, spec := range Ops() {
		names = append(names, spec.Name)
		got, ok := Op(spec.Name)
		if !ok || !reflect.DeepEqual(got, spec) {
			t.Errorf("Op(%q) = %v, %t; want %v", spec.Name, got, ok, spec)
		}
	}
	want := []string{"softmax", "attention", "multihead", "linear_map", "positional_encoding", "span", "similarity", "score_stats", "pe_shift"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Ops() names = %v, want %v", names, want)
	}
	if _, ok := Op("linear-map"); ok {
		t.Error(`Op("linear-map") found an op; names use underscores`)
	}
	if _, _, err := Run("conv", NewInputs()); err == nil || !strings.Contains(err.Error(), `unknown operation "conv"`) {
		t.Errorf(`Run("conv") error = %v`, err)
	}
}

// TestRun runs every op through the registry and compares its result with
// a direct call of the operation on the same inputs.
func TestRun(t *testing.T) {
	eye := mat(t, "1 0; 0 1")
	tests := []struct {
		op     string
		in     func(in *Inputs)
		direct func() (result, error)
		rank   int // span only
	}{
		{"softmax", func(in *Inputs) { in.Vectors["x"], in.Numbers["temperature"] = vec(t, "1 2"), num(t, "0.5") },
			func() (result, error) { return Softmax(SoftmaxRequest{X: vec(t, "1 2"), Temperature: num(t, "0.5")}) }, 0},
		{"attention", func(in *Inputs) {
			in.Matrices["q"], in.Matrices["k"], in.Matrices["v"] = mat(t, "1 0"), mat(t, "1 0; 0 1"), mat(t, "2 0; 0 2")
			in.Numbers["scale"], in.Mask = num(t, "0.25"), CausalMask()
		}, func() (result, error) {
			return Attention(AttentionRequest{Q: mat(t, "1 0"), K: mat(t, "1 0; 0 1"), V: mat(t, "2 0; 0 2"), Scale: num(t, "0.25"), Mask: CausalMask()})
		}, 0},
		{"multihead", func(in *Inputs) {
			for _, n := range []string{"w_q", "w_k", "w_v", "w_o"} {
				in.Matrices[n] = eye
			}
			in.Matrices["x_q"], in.Matrices["x_kv"], in.Ints["heads"] = mat(t, "1 2"), mat(t, "1 0; 0 1"), 2
			in.Vectors["b_o"] = vec(t, "0.5 -0.5")
		}, func() (result, error) {
			return Multihead(MultiheadRequest{XQ: mat(t, "1 2"), XKV: mat(t, "1 0; 0 1"), Heads: 2,
				WQ: eye, WK: eye, WV: eye, WO: eye, BO: vec(t, "0.5 -0.5")})
		}, 0},
		{"linear_map", func(in *Inputs) {
			in.Matrices["x"], in.Matrices["w"], in.Vectors["b"] = mat(t, "1 2"), eye, vec(t, "3 4")
		},
			func() (result, error) { return LinearMap(LinearMapRequest{X: mat(t, "1 2"), W: eye, B: vec(t, "3 4")}) }, 0},
		{"positional_encoding", func(in *Inputs) { in.Ints["positions"], in.Ints["d_model"], in.Numbers["base"] = 3, 4, num(t, "100") },
			func() (result, error) {
				return PositionalEncoding(PositionalEncodingRequest{Positions: 3, DModel: 4, Base: num(t, "100")})
			}, 0},
		{"span", func(in *Inputs) { in.Matrices["vectors"], in.Vectors["target"] = mat(t, "1 0; 2 0"), vec(t, "3 4") },
			func() (result, error) { return Span(SpanRequest{Vectors: mat(t, "1 0; 2 0"), Target: vec(t, "3 4")}) }, 1},
		{"similarity", func(in *Inputs) { in.Matrices["q"], in.Matrices["k"] = mat(t, "1 2"), mat(t, "1 0; 3 4") },
			func() (result, error) { return Similarity(SimilarityRequest{Q: mat(t, "1 2"), K: mat(t, "1 0; 3 4")}) }, 0},
		{"score_stats", func(in *Inputs) {
			in.Vectors["d_k"], in.Ints["keys"], in.Ints["trials"], in.Ints["seed"] = vec(t, "2 8"), 4, 3, 5
		}, func() (result, error) {
			return ScoreStats(ScoreStatsRequest{DK: vec(t, "2 8"), Keys: 4, Trials: 3, Seed: 5})
		}, 0},
		{"pe_shift", func(in *Inputs) { in.Ints["positions"], in.Ints["d_model"], in.Ints["shift"] = 2, 4, 3 },
			func() (result, error) { return PEShift(PEShiftRequest{Positions: 2, DModel: 4, Shift: 3}) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			spec, ok := Op(tt.op)
			if !ok {
				t.Fatalf("no op %q", tt.op)
			}
			in := NewInputs()
			tt.in(&in)
			res, checks, err := Run(tt.op, in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.FieldNames(), spec.Fields) {
				t.Errorf("FieldNames() = %v, spec says %v", res.FieldNames(), spec.Fields)
			}
			if len(checks) == 0 {
				t.Error("no checks")
			}
			want, err := tt.direct()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range spec.Fields {
				got, _ := res.Field(f)
				exp, _ := want.Field(f)
				if !reflect.DeepEqual(got, exp) {
					t.Errorf("field %s = %v, direct call gives %v", f, got, exp)
				}
			}
			if s, isSpan := res.(*SpanResult); isSpan != (tt.op == "span") || isSpan && s.Rank != tt.rank {
				t.Errorf("result %T: want *SpanResult only for span, with rank %d", res, tt.rank)
			}
		})
	}
}

// TestRunMissingInputs checks that Run leaves a missing required input to
// the operation, which names it.
func TestRunMissingInputs(t *testing.T) {
	for _, spec := range Ops() {
		t.Run(spec.Name, func(t *testing.T) {
			res, checks, err := Run(spec.Name, NewInputs())
			if err == nil || res != nil || checks != nil {
				t.Fatalf("Run with no inputs = %v, %v, %v; want only an error", res, checks, err)
			}
			first := spec.Inputs[0].Name
			if !strings.HasPrefix(err.Error(), first+":") {
				t.Errorf("error %q does not name the first input %q", err, first)
			}
		})
	}
}
