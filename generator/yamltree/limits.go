package yamltree

import "fmt"

// Limits refused before the YAML parser runs, so that a hostile document
// costs a scan of its bytes and nothing more: the parser's memory grows
// with the number of values (about 1 KiB each) and, for nested flow
// collections, with the square of the depth.
const (
	// MaxBytes is the largest YAML document parsed (1 MiB).
	MaxBytes = 1 << 20
	// MaxDepth is the deepest nesting of flow collections ([…] and {…}).
	MaxDepth = 32
	// MaxValues is the largest number of scalars (keys and values) in one
	// document: a 300×300 matrix fits.
	MaxValues = 100_000
)

// precheck scans src once, tracking quotes and comments, and refuses a
// document over MaxBytes, nested deeper than MaxDepth or holding more
// than MaxValues scalars, at the position where the limit is crossed.
func precheck(src []byte) error {
	if len(src) > MaxBytes {
		return &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("YAML of %d bytes is larger than the limit of %d bytes", len(src), MaxBytes)}
	}
	line, col := 1, 1
	depth, values := 0, 0
	inScalar := false // inside a plain scalar run
	var quote byte    // the open quote, or 0
	comment := false
	prev := byte('\n')
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case comment:
			if c == '\n' {
				comment = false
			}
		case quote != 0:
			switch {
			case quote == '"' && c == '\\':
				if i+1 < len(src) && src[i+1] != '\n' {
					i++
					col++
				}
			case c == quote:
				if quote == '\'' && i+1 < len(src) && src[i+1] == '\'' {
					i++
					col++
				} else {
					quote = 0
				}
			}
		case c == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
			comment, inScalar = true, false
		case c == '"' || c == '\'':
			if !inScalar {
				quote = c
				values++
			}
		case c == '[' || c == '{':
			inScalar = false
			depth++
			if depth > MaxDepth {
				return &Error{Line: line, Col: col, Msg: fmt.Sprintf("YAML nested more than %d levels deep", MaxDepth)}
			}
		case c == ']' || c == '}':
			inScalar = false
			depth = max(depth-1, 0)
		case c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':':
			inScalar = false
		default:
			if !inScalar {
				inScalar = true
				values++
			}
		}
		if values > MaxValues {
			return &Error{Line: line, Col: col, Msg: fmt.Sprintf("YAML holds more than %d values (a matrix on a page may have at most about %d entries)", MaxValues, MaxValues)}
		}
		prev = c
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 {
			col++
		}
	}
	return nil
}
