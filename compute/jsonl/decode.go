package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"paperlab/compute"
)

// fieldsOf lists the fields a request for op may have: the op's inputs,
// then "op" and "digits".
func fieldsOf(op string) ([]string, bool) {
	spec, ok := compute.Op(op)
	var names []string
	for _, in := range spec.Inputs {
		names = append(names, in.Name)
	}
	return append(names, "op", "digits"), ok
}

// opNames quotes the names of all ops, joined as "a", "b" and last "c".
func opNames(last string) string {
	var names []string
	for _, spec := range compute.Ops() {
		names = append(names, strconv.Quote(spec.Name))
	}
	n := len(names) - 1
	return strings.Join(names[:n], ", ") + last + names[n]
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
		return nil, fmt.Errorf("op: missing (one of %s)", opNames(", "))
	}
	var op string
	if err := json.Unmarshal(rawOp, &op); err != nil {
		return nil, errors.New("op: must be a string")
	}
	allowed, ok := fieldsOf(op)
	if !ok {
		return nil, fmt.Errorf("op: unknown op %q (want %s)", op, opNames(" or "))
	}
	var unknown []string
	for name := range fields {
		if !slices.Contains(allowed, name) {
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

// number reads a number field.
func (r *request) number(name string) (compute.Number, error) {
	n, err := parseNumber(r.fields[name])
	if err != nil {
		return compute.Number{}, fmt.Errorf("%s: %v", name, err)
	}
	return n, nil
}

// integer reads an integer field within [lo, hi].
func (r *request) integer(name string, lo, hi int) (int, error) {
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

// array splits a raw JSON array of at most limit elements, which an error
// calls unit ("entries", "rows").
func array(name string, raw json.RawMessage, limit int, unit string) ([]json.RawMessage, error) {
	elems, err := rows(name, raw)
	if err != nil {
		return nil, err
	}
	if len(elems) > limit {
		return nil, fmt.Errorf("%s: has %d %s, more than the limit of %d", name, len(elems), unit, limit)
	}
	return elems, nil
}

// numbers parses array elements as numbers; at(i) names element i in an
// error.
func numbers(elems []json.RawMessage, at func(i int) string) ([]compute.Number, error) {
	ns := make([]compute.Number, len(elems))
	for i, e := range elems {
		n, err := parseNumber(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", at(i), err)
		}
		ns[i] = n
	}
	return ns, nil
}

// vector reads a vector field.
func (r *request) vector(name string) (compute.Vector, error) {
	elems, err := array(name, r.fields[name], compute.MaxCols, "entries")
	if err != nil {
		return compute.Vector{}, err
	}
	ns, err := numbers(elems, func(i int) string { return fmt.Sprintf("%s: entry %d", name, i) })
	if err != nil {
		return compute.Vector{}, err
	}
	v, err := compute.NewVector(ns)
	if err != nil {
		return compute.Vector{}, fmt.Errorf("%s: %v", name, err)
	}
	return v, nil
}

// matrix reads a matrix field.
func (r *request) matrix(name string) (compute.Matrix, error) {
	rs, err := array(name, r.fields[name], compute.MaxRows, "rows")
	if err != nil {
		return compute.Matrix{}, err
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
		if ns[i], err = numbers(elems, func(j int) string { return fmt.Sprintf("%s: row %d, column %d", name, i, j) }); err != nil {
			return compute.Matrix{}, err
		}
	}
	m, err := compute.NewMatrix(ns)
	if err != nil {
		return compute.Matrix{}, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}

// mask reads the mask field: "causal" or a matrix of 0 and 1.
func (r *request) mask() (compute.Mask, error) {
	raw := bytes.TrimSpace(r.fields["mask"])
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || s != "causal" {
			return compute.Mask{}, fmt.Errorf(`mask: must be "causal" or a matrix of 0 and 1, got %s`, abbreviate(raw))
		}
		return compute.CausalMask(), nil
	}
	rs, err := array("mask", raw, compute.MaxRows, "rows")
	if err != nil {
		return compute.Mask{}, err
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
