//go:build unix

package site

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this id is running, so that
// a build does not remove the folder another build is writing.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
