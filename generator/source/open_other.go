//go:build !unix

package source

// openFlags adds nothing where named pipes cannot block an open.
const openFlags = 0
