package compute

import "fmt"

// FieldError is an error about one named input of an operation, such as
// the k of attention. A caller that maps its own inputs onto operations
// (the build's directives) reads the field from it, with errors.As, to
// place the error at that input, instead of parsing the message.
//
// Its text is "field: message", as in "k: has 3 columns, q has 2 (both
// are d_k)". When the error concerns one entry of the input, Index holds
// that entry's position ([row] or [row, column] of a matrix, [i] of a
// vector or of the mask's queries) and the message names it in words.
type FieldError struct {
	// Field is the input's name, as in OpSpec.Inputs: "k", "x_q", "mask".
	Field string
	// Index is the entry of the input the error is about, or nil when it
	// is about the whole input.
	Index []int
	// Err says what is wrong.
	Err error
}

// Error implements error: "field: message".
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the error without its field.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErrorf returns a *FieldError about the whole input field.
func fieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// entryErrorf returns a *FieldError about the entry index of field.
func entryErrorf(field string, index []int, format string, args ...any) error {
	return &FieldError{Field: field, Index: index, Err: fmt.Errorf(format, args...)}
}
