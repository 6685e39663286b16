//go:build unix

package source

import "syscall"

// openFlags makes opening a named pipe return at once instead of waiting
// for a writer; it changes nothing for regular files and folders.
const openFlags = syscall.O_NONBLOCK
