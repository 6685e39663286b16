package jsonl

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestHandle(t *testing.T) {
	seed := `"q":[[1,0,1]],"k":[[1,0,0],[0,1,0],[1,1,1]],"v":[[2,0],[0,2],[1,1]]`
	tests := []struct {
		name string
		line string
		want string // substring of the response
	}{
		// Seed weights to 4 places (hand-derived in compute's tests).
		{"seed decimals", `{"op":"attention",` + seed + `,"digits":4}`, `"decimal":{"output":[["1.1312","0.8688"]],"weights":[["0.2992","0.1679","0.5329"]]}`},
		// 0.1 + 0.2 is exactly 0.3 in decimal.
		{"exact decimals", `{"op":"linear_map","x":[[0.1,0.2]],"w":[[1],[1]],"digits":17}`, `"decimal":{"y":[["0.30000000000000000"]]}`},
		{"exponent form", `{"op":"linear_map","x":[[2e-06]],"w":[[1]],"digits":6}`, `"y":[["0.000002"]]`},
		{"span", `{"op":"span","vectors":[[1,0],[2,0]],"target":[0,1]}`, `"in_span":false`},
		{"causal", `{"op":"attention","q":[[1],[2]],"k":[[1],[2]],"v":[[1],[3]],"mask":"causal","digits":2}`, `"weights":[["1.00","0.00"],`},
		{"positional", `{"op":"positional_encoding","positions":1,"d_model":2,"digits":1}`, `"pe":[["0.0","1.0"]]`},
		{"multihead", `{"op":"multihead","x_q":[[1,0]],"x_kv":[[1,0],[0,1]],"heads":2,"w_q":[[1,0],[0,1]],"w_k":[[1,0],[0,1]],"w_v":[[1,0],[0,1]],"w_o":[[1,0],[0,1]],"digits":1}`, `"head_weights":[[["0.7","0.3"]],[["0.5","0.5"]]]`},
		{"blank", ``, `"error":"empty line`},
		{"malformed", `{"op":`, `"error":"malformed JSON`},
		{"two values", `{"op":"softmax","x":[1]} {}`, `more than one value`},
		{"array", `[1,2]`, `expected a JSON object`},
		{"unknown op", `{"op":"conv"}`, `unknown op \"conv\"`},
		{"unknown field", `{"op":"softmax","x":[1],"z":0}`, `unknown field \"z\"`},
		{"ragged", `{"op":"attention","q":[[1,2],[3]],"k":[[1]],"v":[[1]]}`, `q: ragged matrix: row 1 has 1 entries`},
		{"empty", `{"op":"attention","q":[],"k":[[1]],"v":[[1]]}`, `q: empty matrix`},
		{"not a number", `{"op":"softmax","x":[1,"2"]}`, `x: entry 1: not a number: \"2\"`},
		{"shape", `{"op":"attention","q":[[1,2]],"k":[[1]],"v":[[1]]}`, `k: has 1 columns, q has 2`},
		{"heads", `{"op":"multihead","x_q":[[1,0]],"x_kv":[[1,0]],"heads":3,"w_q":[[1,0],[0,1]],"w_k":[[1,0],[0,1]],"w_v":[[1,0],[0,1]],"w_o":[[1,0],[0,1]]}`, `heads: 3 does not divide d_model = 2`},
		{"temperature", `{"op":"softmax","x":[1],"temperature":-1}`, `temperature: must be \u003e 0`},
		{"negative size", `{"op":"positional_encoding","positions":-3,"d_model":2}`, `positions: must be between 1 and 4096, got -3`},
		{"fully masked", `{"op":"attention","q":[[1]],"k":[[1]],"v":[[1]],"mask":[[0]]}`, `mask: query 0 sees no key`},
		{"mask value", `{"op":"attention","q":[[1]],"k":[[1]],"v":[[1]],"mask":[[2]]}`, `mask: row 0, column 0: must be 0 or 1`},
		{"digits range", `{"op":"softmax","x":[1],"digits":31}`, `digits: must be between 0 and 30`},
		{"too many rows", `{"op":"softmax","x":[` + strings.Repeat("1,", 4096) + `1]}`, `x: has 4097 entries, more than the limit of 4096`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Handle([]byte(tt.line))
			if !json.Valid(out) || bytes.ContainsRune(out, '\n') {
				t.Fatalf("response is not one JSON line: %s", out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("response %s\ndoes not contain %s", out, tt.want)
			}
		})
	}
}

func TestServeOneLineOutPerLineIn(t *testing.T) {
	in := "{\"op\":\"softmax\",\"x\":[0,0]}\r\n\n{bad\n{\"op\":\"softmax\",\"x\":[1]}"
	var out bytes.Buffer
	if err := Serve(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	// Four input lines (the last without a newline): softmax [0, 0] is
	// exactly [0.5, 0.5]; a blank line and bad JSON get errors.
	want := []string{`"y":[0.5,0.5]`, `"ok":false`, `"ok":false`, `"y":[1]`}
	if len(lines) != len(want) {
		t.Fatalf("%d response lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want it to contain %s", i, lines[i], w)
		}
	}
}

func TestServeLongLine(t *testing.T) {
	// A line well beyond bufio.Scanner's 64 KiB default: 40,000 entries.
	x := strings.TrimSuffix(strings.Repeat("0.5,", 4000), ",")
	rows := strings.TrimSuffix(strings.Repeat("["+x+"],", 10), ",")
	line := `{"op":"linear_map","x":[` + rows + `],"w":[` + strings.TrimSuffix(strings.Repeat("[1],", 4000), ",") + `]}`
	var out bytes.Buffer
	if err := Serve(strings.NewReader(line+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	// Each row sums 4000 × 0.5 = 2000.
	if !strings.Contains(out.String(), `"y":[[2000],[2000]`) {
		t.Errorf("response %.200s", out.String())
	}
}

// FuzzRespond feeds arbitrary lines to the decoder and engine: no panic,
// and always one valid JSON object with an "ok" field.
func FuzzRespond(f *testing.F) {
	for _, s := range []string{
		`{"op":"softmax","x":[1,2,3],"temperature":0.5}`,
		`{"op":"attention","q":[[1,0,1]],"k":[[1,0,0],[0,1,0],[1,1,1]],"v":[[2,0],[0,2],[1,1]],"digits":4}`,
		`{"op":"attention","q":[[1],[2]],"k":[[1],[2]],"v":[[1],[3]],"mask":[[1,0],[1,1]]}`,
		`{"op":"span","vectors":[[1,0],[2,0]],"target":[0,1],"digits":2}`,
		`{"op":"positional_encoding","positions":3,"d_model":4,"base":100}`,
		`{"op":"linear_map","x":[[1e-5]],"w":[[2]],"b":[1]}`,
		`{"op":"multihead","x_q":[[1,0]],"x_kv":[[1,0]],"heads":1,"w_q":[[1,0],[0,1]],"w_k":[[1,0],[0,1]],"w_v":[[1,0],[0,1]],"w_o":[[1,0],[0,1]]}`,
		`{"op":`, `null`, `[]`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if len(line) > 4096 {
			return
		}
		out := encode(respond(line))
		var r struct {
			OK *bool `json:"ok"`
		}
		if err := json.Unmarshal(out, &r); err != nil || r.OK == nil {
			t.Fatalf("bad response %s for %q", out, line)
		}
	})
}
