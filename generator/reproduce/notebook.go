package reproduce

import (
	"strings"
	"unicode/utf8"
)

// Notebook returns the script's cells as a Jupyter notebook (nbformat
// 4.4, no outputs), each comment a Markdown cell before its code.
func Notebook(p Page) ([]byte, error) { return notebookOf(build(p)) }

func notebookOf(cells []cell) ([]byte, error) {
	// Written by hand, byte for byte as encoding/json's Encoder with
	// SetEscapeHTML(false) and SetIndent("", " ") writes the notebook
	// struct (notebook_test.go holds that reference): the reflective
	// encoder and its second, indenting pass cost more than the rest of
	// the reproduction files together.
	b := make([]byte, 0, 1024+2*cellsSize(cells))
	b = append(b, "{\n \"cells\": "...)
	if len(cells) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		first := true
		cell := func(kind string, source []string) {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, "\n  {\n   \"cell_type\": "...)
			b = appendJSONString(b, kind)
			if kind == "code" {
				b = append(b, ",\n   \"execution_count\": null"...)
			}
			b = append(b, ",\n   \"metadata\": {}"...)
			if kind == "code" {
				b = append(b, ",\n   \"outputs\": []"...)
			}
			b = append(b, ",\n   \"source\": "...)
			if len(source) == 0 {
				b = append(b, "[]"...)
			} else {
				b = append(b, '[')
				for i, line := range source {
					if i > 0 {
						b = append(b, ',')
					}
					b = append(b, "\n    "...)
					b = appendJSONString(b, line)
				}
				b = append(b, "\n   ]"...)
			}
			b = append(b, "\n  }"...)
		}
		for _, c := range cells {
			if c.text != "" {
				cell("markdown", lines(c.text))
			}
			cell("code", lines(strings.TrimSuffix(c.code, "\n")))
		}
		b = append(b, "\n ]"...)
	}
	b = append(b, `,
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "name": "python"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 4
}
`...)
	return b, nil
}

func cellsSize(cells []cell) int {
	n := 0
	for _, c := range cells {
		n += len(c.text) + len(c.code)
	}
	return n
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping: quotes, backslashes and control characters
// escaped, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// lines splits text the way nbformat stores it: every line but the last
// keeps its newline.
func lines(s string) []string {
	parts := strings.SplitAfter(s, "\n")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
