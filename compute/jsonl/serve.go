package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"paperlab/compute"
)

// MaxLineBytes is the longest request line read (64 MiB, enough for a
// matrix of compute.MaxEntries numbers); a longer line gets an error
// response and is skipped.
const MaxLineBytes = 64 << 20

// MaxValues is the largest number of JSON values (numbers and strings) in
// one request line, counted by a scan before the line is decoded: decoding
// costs about 100 bytes per value, so a refused request stays small.
const MaxValues = 2 * compute.MaxEntries

// countValues counts the scalar values of a JSON text (numbers, strings,
// true, false, null) without decoding it: one per run of characters
// outside the structural ones, one per string.
func countValues(line []byte) int {
	n := 0
	inString, inScalar := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString, inScalar = true, false
			n++
		case c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\r' || c == '\n':
			inScalar = false
		default:
			if !inScalar {
				inScalar = true
				n++
			}
		}
	}
	return n
}

// Response is one output line.
type Response struct {
	OK     bool           `json:"ok"`
	Result map[string]any `json:"result,omitempty"`
	Checks []checkJSON    `json:"checks,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// checkJSON is a check as JSON shows it.
type checkJSON struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Serve answers every request line of r with one response line on w, in
// order. It returns only read and write errors: a bad request is an error
// response, not a failure of Serve.
func Serve(r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 1<<16)
	bw := bufio.NewWriter(w)
	for {
		line, tooLong, err := ReadLine(br, MaxLineBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if len(line) > 0 || tooLong || !errors.Is(err, io.EOF) {
			var out []byte
			if tooLong {
				out = encode(failure(fmt.Errorf("request line longer than %d bytes", MaxLineBytes)))
			} else {
				out = Handle(line)
			}
			bw.Write(out)
			if werr := bw.WriteByte('\n'); werr != nil {
				return werr
			}
			if werr := bw.Flush(); werr != nil {
				return werr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// ReadLine reads one line without its end ("\n" or "\r\n"), holding at
// most max bytes of it in memory: a longer line is consumed and reported
// as tooLong. At the end of input it returns io.EOF with the last,
// unterminated line (maybe empty).
func ReadLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+2 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == nil {
			buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
			return buf, tooLong, nil
		}
		return bytes.TrimSuffix(buf, []byte("\r")), tooLong, err
	}
}

// Handle answers one request line (without its newline) with one JSON
// response (without a newline). It never panics: an internal failure is an
// error response.
func Handle(line []byte) (out []byte) {
	defer func() {
		if p := recover(); p != nil {
			out = encode(failure(fmt.Errorf("internal error: %v", p)))
		}
	}()
	return encode(respond(line))
}

// respond decodes and runs one request.
func respond(line []byte) Response {
	if len(bytes.TrimSpace(line)) == 0 {
		return failure(errors.New("empty line: expected a JSON request object"))
	}
	if n := countValues(line); n > MaxValues {
		return failure(fmt.Errorf("request holds more than %d numbers (a matrix may have at most %d entries); refused before decoding", MaxValues, compute.MaxEntries))
	}
	req, err := decode(line)
	if err != nil {
		return failure(err)
	}
	result, checks, err := req.run()
	if err != nil {
		return failure(err)
	}
	resp := Response{OK: true, Result: result}
	for _, c := range checks {
		resp.Checks = append(resp.Checks, checkJSON{Name: c.Name, OK: c.OK, Detail: c.Detail})
	}
	return resp
}

// failure is the response for err.
func failure(err error) Response { return Response{Error: err.Error()} }

// encode writes a response as JSON.
func encode(r Response) []byte {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(failure(fmt.Errorf("cannot encode the response: %v", err)))
	}
	return b
}
