// Package startup, imported for its side effect by the paperlab command,
// reserves Size bytes of heap backed by huge pages (see package hugeheap)
// as the program starts: it imports only package hugeheap, which imports
// only the runtime's and the system's packages, so it is initialized
// before every package outside the standard library (Go initializes, in
// import path order, the first package whose imports are initialized),
// among them those whose init functions allocate most (chroma's lexer registry alone makes 2.7 MB of
// 31,000 objects), and everything the process allocates after it, up to
// Size, is served from huge pages.
//
// A process whose environment sets GOMEMLIMIT keeps its heap as it is:
// the reserve's free pages would count against that limit.
package startup

import (
	"syscall"

	"paperlab/generator/hugeheap"
)

// Size is the reserve: more than the heap of a 1,000-lab build, and less
// than the memory limit the paperlab command sets (the free pages of the
// reserve count against it).
const Size = 256 << 20

func init() {
	if _, set := syscall.Getenv("GOMEMLIMIT"); set {
		return
	}
	hugeheap.Reserve(Size)
}
