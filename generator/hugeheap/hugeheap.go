// Package hugeheap asks the kernel to back the Go heap with transparent
// huge pages, for short-lived processes that build a large heap at once.
//
// Go's runtime leaves the kernel's default for its heap, which on most
// Linux systems (transparent_hugepage "madvise") means 4 KiB pages: every
// page the heap touches for the first time costs a page fault. Where a
// fault is dear, as in virtual machines that keep shadow page tables, a
// build of 1,000 labs spends a fifth of its time in 20,000 of them; with
// 2 MiB pages it takes a few hundred.
//
// The package imports nothing but the runtime and the system calls, so
// that a package which reserves from its init function (see package
// hugeheap/startup) is initialized before the program's other packages
// and their first allocations.
package hugeheap

import (
	"errors"
	"syscall"
)

// Reserve grows the heap by size bytes of address space that the kernel is
// asked to back with huge pages (madvise MADV_HUGEPAGE), then gives the
// space back to the heap's free pages: the allocations that follow are
// served from it first. Nothing is touched, so this costs no memory until
// the heap uses it; but the free pages count against a memory limit
// (runtime/debug.SetMemoryLimit) as the runtime's own free pages do, so a
// process that sets one keeps it well above size.
//
// Reserve is for the start of a process: it returns an error, and leaves
// the heap as it is, once the heap has been collected (as after an earlier
// Reserve), and when the system has no transparent huge pages. Elsewhere
// than on Linux it does nothing, and so it does when GODEBUG has
// disablethp=1 (the runtime's own switch to keep its heap off huge pages).
func Reserve(size int) error {
	if godebug, _ := syscall.Getenv("GODEBUG"); disabledTHP(godebug) {
		return errors.New("hugeheap: GODEBUG disablethp=1 keeps the heap off huge pages")
	}
	return reserve(size)
}

// disabledTHP reports whether a GODEBUG value sets disablethp=1 (the last
// setting of a name counts, as for the runtime).
func disabledTHP(godebug string) bool {
	off := false
	for len(godebug) > 0 {
		kv := godebug
		if i := indexByte(godebug, ','); i >= 0 {
			kv, godebug = godebug[:i], godebug[i+1:]
		} else {
			godebug = ""
		}
		kv = trimSpace(kv)
		if i := indexByte(kv, '='); i >= 0 && kv[:i] == "disablethp" {
			off = kv[i+1:] == "1"
		}
	}
	return off
}

// indexByte and trimSpace are the few string functions the package needs,
// written out to keep package strings (and its dependents) out of its
// imports (see above).
func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
