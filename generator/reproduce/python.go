package reproduce

import (
	"regexp"
	"strconv"
	"strings"

	"paperlab/compute"
	"paperlab/generator/directive"
)

// pyNumber matches the decimals Python reads as written (no leading
// zeros on a whole part, which Python rejects).
var pyNumber = regexp.MustCompile(`^[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// number writes a decimal as a Python literal, exactly as the page wrote
// it when Python reads that spelling, else through float("…").
func number(s string) string {
	if pyNumber.MatchString(s) {
		return s
	}
	return "float(" + strconv.Quote(s) + ")"
}

// row writes [a, b, c].
func row(xs []string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = number(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// rows writes [[…], […]], on one line when short, else one row per line.
func rows(rs [][]string) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = row(r)
	}
	one := "[" + strings.Join(parts, ", ") + "]"
	if len(one) <= 72 || len(rs) == 1 {
		return one
	}
	return "[\n    " + strings.Join(parts, ",\n    ") + ",\n]"
}

// literal writes an input value of the given kind as Python.
func literal(v directive.Value, kind compute.InputKind) string {
	switch kind {
	case compute.NumberInput:
		return number(v.Scalar)
	case compute.IntInput:
		return strconv.Itoa(v.Int)
	case compute.VectorInput:
		if len(v.Rows) == 1 {
			return "vector(" + row(v.Rows[0]) + ")"
		}
	case compute.MaskInput:
		if v.Scalar == "causal" {
			return `"causal"`
		}
	}
	return "matrix(" + rows(v.Rows) + ")"
}

// nested writes decimal texts laid out by shape as nested Python lists of
// strings: "0.5", ["0.5", "1"], [["0.5"], …].
func nested(shape []int, values []string) string {
	if len(shape) == 0 {
		return strconv.Quote(values[0])
	}
	per := len(values) / max(shape[0], 1)
	parts := make([]string, shape[0])
	for i := range parts {
		parts[i] = nested(shape[1:], values[i*per:(i+1)*per])
	}
	sep := ", "
	if len(shape) >= 2 && shape[0] > 1 {
		sep = ",\n"
	}
	out := "[" + strings.Join(parts, sep) + "]"
	if sep != ", " {
		out = "[\n" + indent(strings.Join(parts, sep)+",", "    ") + "\n]"
	}
	return out
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(s, "\n", "\n"+by)
}

// index writes [0][2].
func index(idx []int) string { return string(appendIndex(nil, idx)) }

// appendIndex appends index's text to b.
func appendIndex(b []byte, idx []int) []byte {
	for _, i := range idx {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ']')
	}
	return b
}
