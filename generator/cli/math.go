package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"paperlab/compute/jsonl"
	"paperlab/generator/texmath"
)

// maxMathLine is the longest input line paperlab math reads (1 MiB: a
// formula of texmath.MaxBytes with its JSON escapes and macros); a longer
// line gets an error line and is skipped without being held in memory.
const maxMathLine = 1 << 20

// mathRequest is one input line of paperlab math.
type mathRequest struct {
	TeX     string            `json:"tex"`
	Display bool              `json:"display"`
	Macros  map[string]string `json:"macros,omitempty"`
}

// mathResult is one output line of paperlab math: exactly one of the
// fields is set.
type mathResult struct {
	MathML *string `json:"mathml,omitempty"`
	Error  *string `json:"error,omitempty"`
}

// runMath converts TeX given as JSON Lines on stdin to MathML, one output
// line per input line, in order. A line that cannot be converted gets an
// error line; the exit status is 0 unless reading or writing fails.
func runMath(args []string, stdio Stdio) int {
	fs := newFlagSet("math", "math < in.jsonl > out.jsonl", `
Reads JSON Lines {"tex": "...", "display": true|false} on stdin (optionally
with "macros": {"name": "body"}) and writes one line {"mathml": "<math>..."}
or {"error": "..."} per input line, in order.`, stdio)
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	in := bufio.NewReaderSize(stdio.In, 64*1024)
	out := bufio.NewWriter(stdio.Out)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, tooLong, err := jsonl.ReadLine(in, maxMathLine)
		if err != nil && !errors.Is(err, io.EOF) {
			stdio.Err.Write([]byte("paperlab math: " + err.Error() + "\n"))
			out.Flush()
			return 1
		}
		if len(line) > 0 || tooLong {
			res := mathResult{}
			if tooLong {
				msg := fmt.Sprintf("input line longer than %d bytes (a formula may have at most %d bytes)", maxMathLine, texmath.MaxBytes)
				res.Error = &msg
			} else {
				res = convertLine(line)
			}
			if werr := enc.Encode(res); werr != nil {
				return writeFailed(stdio, werr)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if err := out.Flush(); err != nil {
		return writeFailed(stdio, err)
	}
	return 0
}

// convertLine converts one JSON input line.
func convertLine(line []byte) mathResult {
	var req mathRequest
	if err := json.Unmarshal(line, &req); err != nil {
		msg := "invalid input line: " + err.Error()
		return mathResult{Error: &msg}
	}
	mathml, err := texmath.Convert(req.TeX, texmath.Options{Display: req.Display, Macros: req.Macros})
	if err != nil {
		msg := err.Error()
		return mathResult{Error: &msg}
	}
	return mathResult{MathML: &mathml}
}

func writeFailed(stdio Stdio, err error) int {
	stdio.Err.Write([]byte("paperlab math: " + err.Error() + "\n"))
	return 1
}
