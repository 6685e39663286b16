package directive

import (
	"bytes"
	"testing"
)

// FuzzDirectiveBody parses and evaluates arbitrary directive bodies of
// every type: no input may panic, every error must point inside the body
// (line 0 is the opening fence), and an evaluated result must be certified
// at its digits. The seed corpus is in testdata/fuzz/FuzzDirectiveBody.
func FuzzDirectiveBody(f *testing.F) {
	for _, s := range []struct {
		typ  uint8
		body string
	}{
		{0, "rows: [[1, 0], [0, 1]]\n"},
		{1, "x: [0, 1, 2]\ntemperature: 0.5\ndigits: 6\n"},
		{2, "q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nshow: [weights, output, sum, span]\nexpect:\n  weights: [[0.2992, 0.1679, 0.5329]]\n"},
		{3, "x_q: [[1, 0]]\nx_kv: [[1, 0], [0, 1]]\nheads: 1\nw_q: [[1, 0], [0, 1]]\nw_k: [[1, 0], [0, 1]]\nw_v: [[1, 0], [0, 1]]\nw_o: [[1, 0], [0, 1]]\n"},
		{4, "x: [[1, 2]]\nw: [[1], [1]]\nb: [0.5]\n"},
		{5, "positions: 3\nd_model: 4\n"},
		{6, "vectors: [[1, 0], [0, 1]]\ntarget: [1, 1]\nshow: [coefficients, figure]\n"},
		{1, "{}\n"},
		{2, "q: !!binary x\n"},
		{1, "x: [1e400, 1]\n"},
	} {
		f.Add(s.typ, []byte(s.body))
	}
	types := []string{"matrix", "softmax", "attention", "multihead", "linear-map", "positional-encoding", "span"}
	f.Fuzz(func(t *testing.T, typ uint8, body []byte) {
		if len(body) > 2048 {
			return
		}
		name := types[int(typ)%len(types)]
		lines := bytes.Count(body, []byte("\n")) + 1
		check := func(errs []*Error) {
			for _, e := range errs {
				if e.Line < 0 || e.Line > lines || e.Col < 1 {
					t.Fatalf("{%s} %q: error %v outside the body (%d lines)", name, body, e, lines)
				}
			}
		}
		spec, errs := Parse(name, "d", body)
		check(errs)
		if spec == nil || len(errs) > 0 {
			return
		}
		r := &Runner{}
		res, errs := r.Evaluate(spec, NewScope(nil), ExpectDigits(spec), nil)
		check(errs)
		if res == nil {
			return
		}
		for _, f := range res.Order {
			if _, ok := res.Decimal(f, spec.Digits); !ok {
				t.Fatalf("{%s} %q: field %s not certified at %d places", name, body, f, spec.Digits)
			}
		}
		check(CheckExpect(spec, res))
	})
}
