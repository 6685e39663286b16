package cli

import (
	"fmt"

	"paperlab/compute/jsonl"
)

// runCompute answers attention-engine requests: JSON Lines on stdin, one
// JSON line per input line on stdout (see package paperlab/compute/jsonl).
func runCompute(args []string, stdio Stdio) int {
	fs := newFlagSet("compute", "compute < requests.jsonl", `
Reads attention-engine requests as JSON Lines on stdin and writes exactly
one JSON response line per input line, in order. A bad request gets an
{"ok":false,"error":"…"} line; the exit status is 0 unless reading or
writing fails. Ops: softmax, attention, multihead, linear_map,
positional_encoding, span, similarity, score_stats, pe_shift. Numbers
are read exactly from their decimal text; "digits" (0–30) adds certified, correctly rounded decimals.
Limits: 4096 rows, 4096 columns and 1,000,000 entries per matrix.`, stdio)
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "paperlab compute: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := jsonl.Serve(stdio.In, stdio.Out); err != nil {
		fmt.Fprintf(stdio.Err, "paperlab compute: %v\n", err)
		return 1
	}
	return 0
}
