package jsonl

import (
	"fmt"

	"paperlab/compute"
)

// run evaluates the request and lays out its result: every numeric field
// in float64, span's exact rank and verdict, and, when digits is given,
// certified decimals under "decimal".
func (r *request) run() (map[string]any, []compute.Check, error) {
	spec, _ := compute.Op(r.op)
	in, err := r.inputs(spec)
	if err != nil {
		return nil, nil, err
	}
	res, checks, err := compute.Run(r.op, in)
	if err != nil {
		return nil, nil, err
	}
	result := map[string]any{}
	for _, name := range res.FieldNames() {
		t, err := res.Field(name)
		if err != nil {
			return nil, nil, err
		}
		result[name] = t.Nested()
	}
	if s, ok := res.(*compute.SpanResult); ok {
		result["rank"], result["in_span"] = s.Rank, s.InSpan
	}
	if r.digits >= 0 {
		decimal := decimalFields(r.op)
		if decimal == nil {
			decimal = res.FieldNames()
		}
		c, err := res.Certify(r.digits, decimal...)
		if err != nil {
			return nil, nil, err
		}
		dec := map[string]any{}
		for _, name := range decimal {
			dec[name] = c.Fields[name].Nested()
		}
		result["decimal"] = dec
		checks = append(checks, c.Checks...)
	}
	return result, checks, nil
}

// decimalFields lists the fields shown under "decimal" for op; nil means
// all of them. Attention leaves out its scores and multihead its per-head
// outputs.
func decimalFields(op string) []string {
	switch op {
	case "attention":
		return []string{"weights", "output"}
	case "multihead":
		return []string{"output", "head_weights"}
	}
	return nil
}

// inputs decodes the op's inputs. It goes through them by kind (matrices,
// vectors, whole numbers, numbers, then the mask), each kind in the op's
// order, so that a request with several bad fields reports the first in
// that order.
func (r *request) inputs(spec compute.OpSpec) (compute.Inputs, error) {
	in := compute.NewInputs()
	for _, kind := range []compute.InputKind{compute.MatrixInput, compute.VectorInput, compute.IntInput, compute.NumberInput, compute.MaskInput} {
		for _, s := range spec.Inputs {
			if s.Kind != kind {
				continue
			}
			if !r.has(s.Name) {
				if s.Required {
					return compute.Inputs{}, fmt.Errorf("%s: missing", s.Name)
				}
				continue
			}
			var err error
			switch kind {
			case compute.MatrixInput:
				in.Matrices[s.Name], err = r.matrix(s.Name)
			case compute.VectorInput:
				in.Vectors[s.Name], err = r.vector(s.Name)
			case compute.IntInput:
				in.Ints[s.Name], err = r.integer(s.Name, 1, s.Max)
			case compute.NumberInput:
				in.Numbers[s.Name], err = r.number(s.Name)
			case compute.MaskInput:
				in.Mask, err = r.mask()
			}
			if err != nil {
				return compute.Inputs{}, err
			}
		}
	}
	return in, nil
}
