package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"paperlab/compute"
)

// fieldsOf lists, for every op, the fields its requests may have.
func fieldsOf(op string) ([]string, bool) {
	f, ok := map[string][]string{
		"softmax":             {"x", "temperature"},
		"attention":           {"q", "k", "v", "scale", "mask"},
		"multihead":           {"x_q", "x_kv", "heads", "w_q", "w_k", "w_v", "w_o", "b_q", "b_k", "b_v", "b_o", "mask"},
		"linear_map":          {"x", "w", "b"},
		"positional_encoding": {"positions", "d_model", "base"},
		"span":                {"vectors", "target"},
	}[op]
	return append(f, "op", "digits"), ok
}

// request is a decoded request: its op, raw fields and digits (-1: none).
type request struct {
	op     string
	fields map[string]json.RawMessage
	digits int
}

// decode reads a request line and checks its op and field names.
func decode(line []byte) (*request, error) {
	var fields map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(line))
	if err := d.Decode(&fields); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, errors.New("malformed request: expected a JSON object")
		}
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if fields == nil {
		return nil, errors.New("malformed request: expected a JSON object")
	}
	if d.More() {
		return nil, errors.New("malformed JSON: more than one value on the line")
	}
	if _, err := d.Token(); err == nil {
		return nil, errors.New("malformed JSON: more than one value on the line")
	}
	rawOp, ok := fields["op"]
	if !ok {
		return nil, errors.New(`op: missing (one of "softmax", "attention", "multihead", "linear_map", "positional_encoding", "span")`)
	}
	var op string
	if err := json.Unmarshal(rawOp, &op); err != nil {
		return nil, errors.New("op: must be a string")
	}
	allowed, ok := fieldsOf(op)
	if !ok {
		return nil, fmt.Errorf(`op: unknown op %q (want "softmax", "attention", "multihead", "linear_map", "positional_encoding" or "span")`, op)
	}
	var unknown []string
	for name := range fields {
		if !contains(allowed, name) {
			unknown = append(unknown, fmt.Sprintf("%q", name))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown field %s for op %q (fields: %s)", strings.Join(unknown, ", "), op, strings.Join(allowed, ", "))
	}
	req := &request{op: op, fields: fields, digits: -1}
	if req.has("digits") {
		n, err := req.integer("digits", 0, compute.MaxDigits)
		if err != nil {
			return nil, err
		}
		req.digits = n
	}
	return req, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// has reports whether a field is present and not null.
func (r *request) has(name string) bool {
	raw, ok := r.fields[name]
	return ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// isNumber reports whether raw is a JSON number (not a string or other).
func isNumber(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// parseNumber reads a raw JSON number exactly.
func parseNumber(raw json.RawMessage) (compute.Number, error) {
	if !isNumber(raw) {
		return compute.Number{}, fmt.Errorf("not a number: %s", abbreviate(raw))
	}
	return compute.ParseNumber(string(bytes.TrimSpace(raw)))
}

// abbreviate shortens raw JSON for an error message.
func abbreviate(raw json.RawMessage) string {
	s := string(bytes.TrimSpace(raw))
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// number reads an optional number field (unset when absent).
func (r *request) number(name string) (compute.Number, error) {
	if !r.has(name) {
		return compute.Number{}, nil
	}
	n, err := parseNumber(r.fields[name])
	if err != nil {
		return compute.Number{}, fmt.Errorf("%s: %v", name, err)
	}
	return n, nil
}

// integer reads a required integer field within [lo, hi].
func (r *request) integer(name string, lo, hi int) (int, error) {
	if !r.has(name) {
		return 0, fmt.Errorf("%s: missing", name)
	}
	raw := bytes.TrimSpace(r.fields[name])
	if !isNumber(raw) {
		return 0, fmt.Errorf("%s: not a number: %s", name, abbreviate(raw))
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, fmt.Errorf("%s: must be an integer, got %s", name, abbreviate(raw))
	}
	if n < int64(lo) || n > int64(hi) {
		return 0, fmt.Errorf("%s: must be between %d and %d, got %d", name, lo, hi, n)
	}
	return int(n), nil
}

// rows splits a raw JSON array into its elements.
func rows(name string, raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, fmt.Errorf("%s: must be an array, got %s", name, abbreviate(raw))
	}
	var out []json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return out, nil
}

// vector reads a vector field; required says whether it may be absent.
func (r *request) vector(name string, required bool) (compute.Vector, error) {
	if !r.has(name) {
		if required {
			return compute.Vector{}, fmt.Errorf("%s: missing", name)
		}
		return compute.Vector{}, nil
	}
	elems, err := rows(name, r.fields[name])
	if err != nil {
		return compute.Vector{}, err
	}
	if len(elems) > compute.MaxCols {
		return compute.Vector{}, fmt.Errorf("%s: has %d entries, more than the limit of %d", name, len(elems), compute.MaxCols)
	}
	ns := make([]compute.Number, len(elems))
	for i, e := range elems {
		if ns[i], err = parseNumber(e); err != nil {
			return compute.Vector{}, fmt.Errorf("%s: entry %d: %v", name, i, err)
		}
	}
	v, err := compute.NewVector(ns)
	if err != nil {
		return compute.Vector{}, fmt.Errorf("%s: %v", name, err)
	}
	return v, nil
}

// matrix reads a required matrix field.
func (r *request) matrix(name string) (compute.Matrix, error) {
	if !r.has(name) {
		return compute.Matrix{}, fmt.Errorf("%s: missing", name)
	}
	rs, err := rows(name, r.fields[name])
	if err != nil {
		return compute.Matrix{}, err
	}
	if len(rs) > compute.MaxRows {
		return compute.Matrix{}, fmt.Errorf("%s: has %d rows, more than the limit of %d", name, len(rs), compute.MaxRows)
	}
	ns := make([][]compute.Number, len(rs))
	total := 0
	for i, row := range rs {
		elems, err := rows(fmt.Sprintf("%s: row %d", name, i), row)
		if err != nil {
			return compute.Matrix{}, err
		}
		if total += len(elems); total > compute.MaxEntries {
			return compute.Matrix{}, fmt.Errorf("%s: has more than the limit of %d entries", name, compute.MaxEntries)
		}
		ns[i] = make([]compute.Number, len(elems))
		for j, e := range elems {
			if ns[i][j], err = parseNumber(e); err != nil {
				return compute.Matrix{}, fmt.Errorf("%s: row %d, column %d: %v", name, i, j, err)
			}
		}
	}
	m, err := compute.NewMatrix(ns)
	if err != nil {
		return compute.Matrix{}, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}

// mask reads the optional mask: "causal" or a matrix of 0 and 1.
func (r *request) mask() (compute.Mask, error) {
	if !r.has("mask") {
		return compute.Mask{}, nil
	}
	raw := bytes.TrimSpace(r.fields["mask"])
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || s != "causal" {
			return compute.Mask{}, fmt.Errorf(`mask: must be "causal" or a matrix of 0 and 1, got %s`, abbreviate(raw))
		}
		return compute.CausalMask(), nil
	}
	rs, err := rows("mask", raw)
	if err != nil {
		return compute.Mask{}, err
	}
	if len(rs) > compute.MaxRows {
		return compute.Mask{}, fmt.Errorf("mask: has %d rows, more than the limit of %d", len(rs), compute.MaxRows)
	}
	allow := make([][]bool, len(rs))
	total := 0
	for i, row := range rs {
		elems, err := rows(fmt.Sprintf("mask: row %d", i), row)
		if err != nil {
			return compute.Mask{}, err
		}
		if total += len(elems); total > compute.MaxEntries {
			return compute.Mask{}, fmt.Errorf("mask: has more than the limit of %d entries", compute.MaxEntries)
		}
		allow[i] = make([]bool, len(elems))
		for j, e := range elems {
			switch string(bytes.TrimSpace(e)) {
			case "0":
			case "1":
				allow[i][j] = true
			default:
				return compute.Mask{}, fmt.Errorf("mask: row %d, column %d: must be 0 or 1, got %s", i, j, abbreviate(e))
			}
		}
	}
	m, err := compute.MatrixMask(allow)
	if err != nil {
		return compute.Mask{}, fmt.Errorf("mask: %v", err)
	}
	return m, nil
}
