package hugeheap

import (
	"errors"
	"runtime"
	"runtime/metrics"
	"syscall"
	"unsafe"
)

const hugePage = 2 << 20

func reserve(size int) error {
	if size < 2*hugePage {
		return errors.New("hugeheap: the size holds no whole huge page")
	}
	// The runtime zeroes a new block unless all its pages are untouched
	// memory (fresh from the system, or released to it). Until the first
	// collection the heap has freed nothing, so every free page is such
	// memory and the block is not zeroed. After one, free pages that were
	// used lie anywhere: the collector's own work buffers, freed after a
	// cycle, sit just above the memory in use, where a large block starts;
	// it would be zeroed whole, touching every page.
	if collections() > 0 {
		return errors.New("hugeheap: the heap was collected before: a reserve now could be zeroed whole")
	}
	// A block this large is a span of its own.
	block := make([]byte, size)
	start := (uintptr(unsafe.Pointer(&block[0])) + hugePage - 1) &^ (hugePage - 1)
	end := (uintptr(unsafe.Pointer(&block[0])) + uintptr(size)) &^ (hugePage - 1)
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_HUGEPAGE)
	// The block is garbage now: a collection frees its pages, which
	// keep the advice (a page used again is faulted in as a huge page).
	// They are not given back to the system: untouched, they cost no
	// memory, and releasing them would be a system call a chunk.
	runtime.GC()
	if e != 0 {
		return errors.New("hugeheap: madvise MADV_HUGEPAGE: " + e.Error())
	}
	return nil
}

// collections returns how many collections the heap has had.
func collections() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 1 // unknown: as if collected
	}
	return s[0].Value.Uint64()
}
