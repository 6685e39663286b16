package hugeheap

import (
	"errors"
	"runtime"
	"runtime/metrics"
	"syscall"
	"unsafe"
)

const (
	hugePage = 2 << 20
	// maxFree is the most free heap Reserve works with: a heap with more
	// (a process that already built a large heap, or reserved before)
	// is left as it is.
	maxFree = 64 << 20
)

func reserve(size int) error {
	if size < 2*hugePage {
		return errors.New("hugeheap: the size holds no whole huge page")
	}
	free := freeHeap()
	if free > maxFree {
		return errors.New("hugeheap: the heap already has more free memory than a reserve is worth")
	}
	// The runtime zeroes a new block that starts in memory the heap has
	// used, all of it, which would touch the whole reserve. Free pages
	// just below the untouched part of the heap would be where the
	// reserve starts, so a spacer larger than all free pages together is
	// made first: it cannot fit in them, so it takes the last of them and
	// the reserve starts in untouched memory after it.
	spacer := make([]byte, free+64<<10)
	// A block this large is a span of its own, in untouched memory.
	block := make([]byte, size)
	// The advice covers the spacer too: what of it is untouched is as
	// good as the block.
	lo := min(uintptr(unsafe.Pointer(&spacer[0])), uintptr(unsafe.Pointer(&block[0])))
	hi := uintptr(unsafe.Pointer(&block[0])) + uintptr(size)
	start := (lo + hugePage - 1) &^ (hugePage - 1)
	end := hi &^ (hugePage - 1)
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_HUGEPAGE)
	// Both blocks are garbage now: a collection frees their pages, which
	// keep the advice (a page used again is faulted in as a huge page).
	// They are not given back to the system: untouched, they cost no
	// memory, and releasing them would be a system call a chunk.
	runtime.GC()
	if e != 0 {
		return errors.New("hugeheap: madvise MADV_HUGEPAGE: " + e.Error())
	}
	return nil
}

// freeHeap returns the bytes of the heap's free pages, released or not.
func freeHeap() int {
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	n := 0
	for _, v := range s {
		if v.Value.Kind() == metrics.KindUint64 {
			n += int(v.Value.Uint64())
		}
	}
	return n
}
