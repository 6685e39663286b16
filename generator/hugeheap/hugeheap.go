// Package hugeheap asks the kernel to back the Go heap with transparent
// huge pages, for short-lived processes that build a large heap at once.
//
// Go's runtime leaves the kernel's default for its heap, which on most
// Linux systems (transparent_hugepage "madvise") means 4 KiB pages: every
// page the heap touches for the first time costs a page fault. Where a
// fault is dear, as in virtual machines that keep shadow page tables, a
// build of 1,000 labs spends a fifth of its time in 20,000 of them; with
// 2 MiB pages it takes a few hundred.
package hugeheap

import (
	"errors"
	"os"
	"strings"
)

// Reserve grows the heap by size bytes of address space that the kernel is
// asked to back with huge pages (madvise MADV_HUGEPAGE), then gives the
// space back to the heap's free pages: the allocations that follow are
// served from it first. Nothing is touched, so this costs no memory until
// the heap uses it. It returns an error when the system has no transparent
// huge pages (then the heap is as before); elsewhere than on Linux it does
// nothing, and so it does when GODEBUG has disablethp=1 (the runtime's own
// switch to keep its heap off huge pages).
func Reserve(size int) error {
	if disabledTHP(os.Getenv("GODEBUG")) {
		return errors.New("hugeheap: GODEBUG disablethp=1 keeps the heap off huge pages")
	}
	return reserve(size)
}

// disabledTHP reports whether a GODEBUG value sets disablethp=1 (the last
// setting of a name counts, as for the runtime).
func disabledTHP(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if name, value, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && name == "disablethp" {
			off = value == "1"
		}
	}
	return off
}
