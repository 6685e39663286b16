package directive

import (
	"errors"
	"fmt"
	"testing"

	"paperlab/compute"
)

// TestPositionEngineError checks that an engine error is placed at the
// input its *compute.FieldError names, whatever its text says, and at the
// fence otherwise.
func TestPositionEngineError(t *testing.T) {
	spec, errs := Parse("attention", "m", []byte("q: [[1, 0]]\nk: [[1, 0, 0]]\nv: [[1]]\n"))
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	k := &compute.FieldError{Field: "k", Err: errors.New("has 3 columns, q has 2 (both are d_k)")}
	tests := []struct {
		name      string
		err       error
		line, col int
		msg       string
	}{
		{"field error", k, 2, 4, "k: has 3 columns, q has 2 (both are d_k)"},
		{"wrapped field error", fmt.Errorf("while checking: %w", k), 2, 4, "while checking: k: has 3 columns, q has 2 (both are d_k)"},
		{"entry of a field", &compute.FieldError{Field: "v", Index: []int{0}, Err: errors.New("row 0 is odd")}, 3, 4, "v: row 0 is odd"},
		{"field the directive lacks", &compute.FieldError{Field: "vectors", Err: errors.New("too large")}, 0, 1, "{attention} m: vectors: too large"},
		{"text that only looks like a field", errors.New("k: has 3 columns"), 0, 1, "{attention} m: k: has 3 columns"},
		{"check failure", &compute.CheckError{Check: compute.Check{Name: "rows_sum_to_one", Detail: "off"}}, 0, 1, "{attention} m: verification failed: check rows_sum_to_one failed: off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := positionEngineError(spec, tt.err)
			if e.Line != tt.line || e.Col != tt.col || e.Msg != tt.msg {
				t.Errorf("positionEngineError = %d:%d %q, want %d:%d %q", e.Line, e.Col, e.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// TestInputParseErrorsAreFieldErrors checks that a bad input value reaches
// the caller as a *compute.FieldError naming the input.
func TestInputParseErrorsAreFieldErrors(t *testing.T) {
	op := operations()["softmax"]
	_, _, err := op.run(map[string]Value{"x": {Rows: [][]string{{"1", "2"}, {"3", "4"}}}})
	var fe *compute.FieldError
	if !errors.As(err, &fe) || fe.Field != "x" {
		t.Fatalf("softmax with a matrix x: error %v, want a *compute.FieldError for x", err)
	}
	if want := "x: expected a vector, found a matrix with 2 rows"; err.Error() != want {
		t.Errorf("text %q, want %q", err.Error(), want)
	}
}
