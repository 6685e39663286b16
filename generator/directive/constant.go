package directive

import (
	"fmt"
	"strconv"

	"paperlab/compute"
)

// constant is the result of a {matrix} directive: its rows, exactly as
// written, as a result field.
type constant struct {
	name  string
	m     compute.Matrix
	texts [][]string
}

func newConstant(name string, m compute.Matrix, texts [][]string) *constant {
	return &constant{name: name, m: m, texts: texts}
}

func (c *constant) FieldNames() []string { return []string{c.name} }

func (c *constant) Field(name string) (compute.Tensor, error) {
	if name != c.name {
		return compute.Tensor{}, fmt.Errorf("no numeric field %q (fields: %s)", name, c.name)
	}
	t := compute.Tensor{Shape: []int{c.m.Rows(), c.m.Cols()}}
	for _, row := range c.m.Float64s() {
		t.Values = append(t.Values, row...)
	}
	return t, nil
}

// Certify rounds the exact input decimals; nothing is computed, so the
// only check is that the rounding is exact.
func (c *constant) Certify(digits int, names ...string) (*compute.Certificate, error) {
	d := compute.Decimals{Shape: []int{c.m.Rows(), c.m.Cols()}}
	for _, row := range c.texts {
		for _, x := range row {
			s, err := roundText(x, digits)
			if err != nil {
				return nil, err
			}
			d.Values = append(d.Values, s)
		}
	}
	return &compute.Certificate{Digits: digits, Fields: map[string]compute.Decimals{c.name: d}, Checks: []compute.Check{{
		Name: "exact_input", OK: true,
		Detail: "the " + strconv.Itoa(len(d.Values)) + " entries are the decimals as written, rounded half to even in exact decimal arithmetic",
	}}}, nil
}

// Significant returns the rows exactly as written: they are exact already.
func (c *constant) Significant(name string, sig int) (compute.Decimals, error) {
	d := compute.Decimals{Shape: []int{c.m.Rows(), c.m.Cols()}}
	for _, row := range c.texts {
		d.Values = append(d.Values, row...)
	}
	return d, nil
}
