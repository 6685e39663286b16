package compute

import "fmt"

// Check is one verification an operation ran on its result. Detail states
// what was measured and the bound it was held to; Measured and Bound give
// those two numbers as data, for checks that measure one (the largest
// deviation found, and the bound it was held to; 0 when not applicable).
type Check struct {
	Name     string  `json:"name"`
	OK       bool    `json:"ok"`
	Detail   string  `json:"detail"`
	Measured float64 `json:"measured,omitempty"`
	Bound    float64 `json:"bound,omitempty"`
}

// CheckError reports a check that did not hold. An operation whose check
// fails returns no result.
type CheckError struct {
	Check Check
}

// Error implements error.
func (e *CheckError) Error() string {
	return fmt.Sprintf("check %s failed: %s", e.Check.Name, e.Check.Detail)
}

// checks collects checks and remembers the first that failed.
type checks struct {
	list   []Check
	failed *Check
}

// add records a check.
func (c *checks) add(name string, ok bool, format string, args ...any) {
	c.list = append(c.list, Check{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
	if !ok && c.failed == nil {
		ch := c.list[len(c.list)-1]
		c.failed = &ch
	}
}

// addMeasured records a check that measured a deviation and held it to a
// bound.
func (c *checks) addMeasured(name string, ok bool, measured, bound float64, format string, args ...any) {
	c.add(name, ok, format, args...)
	c.list[len(c.list)-1].Measured = measured
	c.list[len(c.list)-1].Bound = bound
	if c.failed != nil && c.failed.Name == name && !ok {
		c.failed.Measured, c.failed.Bound = measured, bound
	}
}

// err returns a *CheckError for the first failed check, or nil.
func (c *checks) err() error {
	if c.failed == nil {
		return nil
	}
	return &CheckError{Check: *c.failed}
}
