package jsonl

import (
	"paperlab/compute"
)

// certifier is what every compute result offers for certified decimals.
type certifier interface {
	Certify(digits int, names ...string) (*compute.Certificate, error)
	FieldNames() []string
}

// run evaluates the request and lays out its result.
func (r *request) run() (map[string]any, []compute.Check, error) {
	var (
		result  map[string]any
		checks  []compute.Check
		cert    certifier
		decimal []string // fields shown under "decimal"; nil: all
		err     error
	)
	switch r.op {
	case "softmax":
		result, checks, cert, err = r.softmax()
	case "attention":
		result, checks, cert, err = r.attention()
		decimal = []string{"weights", "output"}
	case "multihead":
		result, checks, cert, err = r.multihead()
		decimal = []string{"output", "head_weights"}
	case "linear_map":
		result, checks, cert, err = r.linearMap()
	case "positional_encoding":
		result, checks, cert, err = r.positionalEncoding()
	case "span":
		result, checks, cert, err = r.span()
	}
	if err != nil {
		return nil, nil, err
	}
	if r.digits >= 0 {
		if decimal == nil {
			decimal = cert.FieldNames()
		}
		c, err := cert.Certify(r.digits, decimal...)
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

func (r *request) softmax() (map[string]any, []compute.Check, certifier, error) {
	x, err := r.vector("x", true)
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := r.number("temperature")
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.Softmax(compute.SoftmaxRequest{X: x, Temperature: t})
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"y": res.Y}, res.Checks, res, nil
}

func (r *request) attention() (map[string]any, []compute.Check, certifier, error) {
	var req compute.AttentionRequest
	var err error
	for _, f := range []struct {
		name string
		dst  *compute.Matrix
	}{{"q", &req.Q}, {"k", &req.K}, {"v", &req.V}} {
		if *f.dst, err = r.matrix(f.name); err != nil {
			return nil, nil, nil, err
		}
	}
	if req.Scale, err = r.number("scale"); err != nil {
		return nil, nil, nil, err
	}
	if req.Mask, err = r.mask(); err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.Attention(req)
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"scores": res.Scores, "weights": res.Weights, "output": res.Output}, res.Checks, res, nil
}

func (r *request) multihead() (map[string]any, []compute.Check, certifier, error) {
	var req compute.MultiheadRequest
	var err error
	for _, f := range []struct {
		name string
		dst  *compute.Matrix
	}{{"x_q", &req.XQ}, {"x_kv", &req.XKV}, {"w_q", &req.WQ}, {"w_k", &req.WK}, {"w_v", &req.WV}, {"w_o", &req.WO}} {
		if *f.dst, err = r.matrix(f.name); err != nil {
			return nil, nil, nil, err
		}
	}
	for _, f := range []struct {
		name string
		dst  *compute.Vector
	}{{"b_q", &req.BQ}, {"b_k", &req.BK}, {"b_v", &req.BV}, {"b_o", &req.BO}} {
		if *f.dst, err = r.vector(f.name, false); err != nil {
			return nil, nil, nil, err
		}
	}
	if req.Heads, err = r.integer("heads", 1, compute.MaxCols); err != nil {
		return nil, nil, nil, err
	}
	if req.Mask, err = r.mask(); err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.Multihead(req)
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"output": res.Output, "head_weights": res.HeadWeights, "head_outputs": res.HeadOutputs}, res.Checks, res, nil
}

func (r *request) linearMap() (map[string]any, []compute.Check, certifier, error) {
	x, err := r.matrix("x")
	if err != nil {
		return nil, nil, nil, err
	}
	w, err := r.matrix("w")
	if err != nil {
		return nil, nil, nil, err
	}
	b, err := r.vector("b", false)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.LinearMap(compute.LinearMapRequest{X: x, W: w, B: b})
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"y": res.Y}, res.Checks, res, nil
}

func (r *request) positionalEncoding() (map[string]any, []compute.Check, certifier, error) {
	n, err := r.integer("positions", 1, compute.MaxRows)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := r.integer("d_model", 1, compute.MaxCols)
	if err != nil {
		return nil, nil, nil, err
	}
	base, err := r.number("base")
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.PositionalEncoding(compute.PositionalEncodingRequest{Positions: n, DModel: d, Base: base})
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"pe": res.PE}, res.Checks, res, nil
}

func (r *request) span() (map[string]any, []compute.Check, certifier, error) {
	vs, err := r.matrix("vectors")
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := r.vector("target", true)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err := compute.Span(compute.SpanRequest{Vectors: vs, Target: t})
	if err != nil {
		return nil, nil, nil, err
	}
	return map[string]any{"rank": res.Rank, "in_span": res.InSpan, "coefficients": res.Coefficients,
		"projection": res.Projection, "residual": res.Residual}, res.Checks, res, nil
}
