package directive

import (
	"fmt"
	"strconv"
	"strings"

	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// CheckExpect compares every value listed under expect with the certified
// result at the number of places the value is written with. Each mismatch
// is an error at the value, such as
// "expect mix.weights[0][1]: page says 0.1680, engine computes 0.1679".
func CheckExpect(spec *Spec, res *Result) []*Error {
	var errs []*Error
	for _, e := range spec.Expect {
		switch {
		case res.Type == "span" && e.Field == "rank":
			if e.Value.Kind != yamltree.Scalar || e.Value.Text != strconv.Itoa(res.Rank) {
				errs = append(errs, errAt(e.Value, "expect %s.rank: page says %s, engine computes %d", spec.Name, e.Value.Text, res.Rank))
			}
			continue
		case res.Type == "span" && e.Field == "in_span":
			if e.Value.Kind != yamltree.Scalar || e.Value.Text != strconv.FormatBool(res.InSpan) {
				errs = append(errs, errAt(e.Value, "expect %s.in_span: page says %s, engine computes %t", spec.Name, e.Value.Text, res.InSpan))
			}
			continue
		}
		t, ok := res.Fields[e.Field]
		if !ok {
			if meant := diag.Suggest(e.Field, expectable(res)); meant != "" {
				errs = append(errs, errAt(e.Key, "expect: unknown field %q of {%s} (did you mean %q?)", e.Field, res.Type, meant))
			} else {
				errs = append(errs, errAt(e.Key, "expect: unknown field %q of {%s} (expected one of %s)", e.Field, res.Type, strings.Join(expectable(res), ", ")))
			}
			continue
		}
		errs = append(errs, expectTensor(spec.Name+"."+e.Field, e.Value, t.Shape, nil, res, e.Field)...)
	}
	return errs
}

func expectable(res *Result) []string {
	out := append([]string(nil), res.Order...)
	if res.Type == "span" {
		out = append(out, "rank", "in_span")
	}
	return out
}

// expectTensor compares the values of one field. Every problem is reported
// at the value itself: a wrong number at that number inside the list.
func expectTensor(what string, n *yamltree.Node, shape, idx []int, res *Result, field string) []*Error {
	depth := len(idx)
	if depth == len(shape) {
		if n.Kind != yamltree.Scalar {
			return []*Error{errAt(n, "expect %s%s: expected a number, found %s", what, formatIndex(idx), n.Describe())}
		}
		places, ok := placesOf(n.Text)
		if !ok {
			return []*Error{errAt(n, "expect %s%s: expected a plain decimal such as 0.2992, found %s", what, formatIndex(idx), n.Text)}
		}
		d, ok := res.Decimal(field, places)
		if !ok {
			return []*Error{errAt(n, "expect %s%s: no result certified to %d places", what, formatIndex(idx), places)}
		}
		got, err := d.At(idx...)
		if err != nil {
			return []*Error{errAt(n, "expect %s%s: %v", what, formatIndex(idx), err)}
		}
		if normalize(n.Text) != got {
			return []*Error{errAt(n, "expect %s%s: page says %s, engine computes %s", what, formatIndex(idx), n.Text, got)}
		}
		return nil
	}
	if n.Kind != yamltree.List {
		return []*Error{errAt(n, "expect %s%s: expected a list of %d entries, found %s", what, formatIndex(idx), shape[depth], n.Describe())}
	}
	if len(n.Items) != shape[depth] {
		return []*Error{errAt(n, "expect %s%s: expected %d entries, found %d", what, formatIndex(idx), shape[depth], len(n.Items))}
	}
	var errs []*Error
	for i, item := range n.Items {
		errs = append(errs, expectTensor(what, item, shape, append(append([]int(nil), idx...), i), res, field)...)
	}
	return errs
}

// normalize writes a decimal as the engine does: no "+", a leading 0
// before the point, no "-" on zero.
func normalize(s string) string {
	s = strings.TrimPrefix(s, "+")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// Reference is a parsed {num} reference such as mix.weights[0][2].
type Reference struct {
	Lab, Name, Field string
	Index            []int
}

// ParseReference reads "name.field[i][j]", "name[i]" (for a {matrix}) or
// "lab.name.field[i]".
func ParseReference(s string) (Reference, error) {
	base, rest, _ := strings.Cut(s, "[")
	var r Reference
	if rest != "" {
		rest = "[" + rest
		for rest != "" {
			if !strings.HasPrefix(rest, "[") {
				return r, fmt.Errorf("expected [index] in %q", s)
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return r, fmt.Errorf("missing ] in %q", s)
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 {
				return r, fmt.Errorf("index %q in %q is not a whole number", rest[1:end], s)
			}
			r.Index = append(r.Index, i)
			rest = rest[end+1:]
		}
	}
	if !referencePattern.MatchString(base) {
		return r, fmt.Errorf("expected a reference such as mix.weights[0][1], found %q", s)
	}
	parts := strings.Split(base, ".")
	switch len(parts) {
	case 1:
		r.Name = parts[0]
	case 2:
		r.Name, r.Field = parts[0], parts[1]
	case 3:
		r.Lab, r.Name, r.Field = parts[0], parts[1], parts[2]
	default:
		return r, fmt.Errorf("expected a reference such as mix.weights[0][1], found %q", s)
	}
	return r, nil
}

// LookupRef finds the result a reference names in scope. A two-part reference
// whose first part is an imported lab names a {matrix} of that lab.
func (s *Scope) LookupRef(r *Reference) (*Result, error) {
	scope := s
	if r.Lab != "" {
		imp, ok := s.imports[r.Lab]
		if !ok {
			if s.failed[r.Lab] {
				return nil, ErrFailed
			}
			return nil, fmt.Errorf("unknown lab %q (a page may refer to the labs it lists in after)", r.Lab)
		}
		scope = imp.load()
	} else if _, local := s.names[r.Name]; !local && r.Field != "" {
		if imp, ok := s.imports[r.Name]; ok {
			r.Lab, r.Name, r.Field = r.Name, r.Field, ""
			scope = imp.load()
		}
	}
	res, ok := scope.names[r.Name]
	if !ok {
		if scope.failed[r.Name] {
			return nil, ErrFailed
		}
		return nil, fmt.Errorf("unknown name %q%s", r.Name, diag.DidYouMean(r.Name, scope.known()))
	}
	if r.Field == "" {
		if len(res.Order) != 1 {
			return nil, fmt.Errorf("%q has several fields (%s): name one, as in %s.%s", r.Name, strings.Join(res.Order, ", "), r.Name, res.Order[0])
		}
		r.Field = res.Order[0]
	}
	return res, nil
}

// Format returns the certified text a reference names: a number, or a
// vector written "(a, b)". digits < 0 means the directive's own digits.
func Format(res *Result, r Reference, digits int) (string, error) {
	if res.Type == "span" && r.Field == "rank" && len(r.Index) == 0 {
		return strconv.Itoa(res.Rank), nil
	}
	if res.Type == "span" && r.Field == "in_span" && len(r.Index) == 0 {
		return strconv.FormatBool(res.InSpan), nil
	}
	if digits < 0 {
		digits = res.Digits
	}
	if res.Type == "matrix" && digits == res.Digits && r.Field == "rows" {
		return formatExact(res.Inputs["rows"].Rows, r)
	}
	t, ok := res.Fields[r.Field]
	if !ok {
		if meant := diag.Suggest(r.Field, expectable(res)); meant != "" {
			return "", fmt.Errorf("%q has no field %q (did you mean %s.%s?)", res.Name, r.Field, res.Name, meant)
		}
		return "", fmt.Errorf("%q has no field %q (fields: %s)", res.Name, r.Field, strings.Join(expectable(res), ", "))
	}
	d, ok := res.Decimal(r.Field, digits)
	if !ok {
		return "", fmt.Errorf("no result certified to %d places", digits)
	}
	if len(r.Index) > len(t.Shape) {
		return "", fmt.Errorf("too many indices: %s.%s is %s", res.Name, r.Field, shapeText(t.Shape))
	}
	for k, i := range r.Index {
		if i >= t.Shape[k] {
			return "", fmt.Errorf("index %d out of range: %s.%s is %s", i, res.Name, r.Field, shapeText(t.Shape))
		}
	}
	rest := t.Shape[len(r.Index):]
	switch len(rest) {
	case 0:
		return d.At(r.Index...)
	case 1:
		parts := make([]string, rest[0])
		for j := range parts {
			parts[j], _ = d.At(append(append([]int(nil), r.Index...), j)...)
		}
		return "(" + strings.Join(parts, ", ") + ")", nil
	}
	return "", fmt.Errorf("%s.%s%s is a matrix: add an index such as %s.%s%s[0]", res.Name, r.Field, formatIndex(r.Index), res.Name, r.Field, formatIndex(r.Index))
}

func formatExact(rows [][]string, r Reference) (string, error) {
	switch len(r.Index) {
	case 2:
		if r.Index[0] < len(rows) && r.Index[1] < len(rows[r.Index[0]]) {
			return rows[r.Index[0]][r.Index[1]], nil
		}
	case 1:
		if r.Index[0] < len(rows) {
			return "(" + strings.Join(rows[r.Index[0]], ", ") + ")", nil
		}
	default:
		return "", fmt.Errorf("a matrix: add an index such as [0] or [0][1]")
	}
	return "", fmt.Errorf("index %s out of range (the matrix is %d×%d)", formatIndex(r.Index), len(rows), len(rows[0]))
}

// shapeText describes a field's shape: "a scalar", "a vector of 3",
// "a 1×3 matrix", "2 matrices of 1×3".
func shapeText(shape []int) string {
	switch len(shape) {
	case 0:
		return "a scalar"
	case 1:
		return fmt.Sprintf("a vector of %d", shape[0])
	case 2:
		return fmt.Sprintf("a %d×%d matrix", shape[0], shape[1])
	}
	return fmt.Sprintf("%d matrices of %d×%d", shape[0], shape[1], shape[2])
}
