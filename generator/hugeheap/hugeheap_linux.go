package hugeheap

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
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
		return fmt.Errorf("hugeheap: %d bytes hold no whole huge page", size)
	}
	free := freeHeap()
	if free > maxFree {
		return errors.New("hugeheap: the heap already has more free memory than a reserve is worth")
	}
	// No collection may free heap pages while the blocks below are made,
	// or the reserve could start in memory used before.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	// The runtime zeroes a new block that starts in memory the heap has
	// used, all of it, which would touch the whole reserve. Free pages
	// just below the untouched part of the heap would be where the
	// reserve starts, so a spacer larger than all free pages together is
	// made first: it cannot fit in them, so it takes the last of them and
	// the reserve starts in untouched memory after it.
	spacer := make([]byte, free+64<<10)
	// A block this large is a span of its own, in untouched memory.
	block := make([]byte, size)
	start := (uintptr(unsafe.Pointer(&block[0])) + hugePage - 1) &^ (hugePage - 1)
	end := (uintptr(unsafe.Pointer(&block[0])) + uintptr(size)) &^ (hugePage - 1)
	err := madviseHuge(start, end-start)
	runtime.KeepAlive(spacer)
	runtime.KeepAlive(block)
	// Free both and release their pages, so that the space counts
	// against no heap goal or memory limit. The advice stays on the
	// address range: a page used again is faulted in as a huge page.
	debug.FreeOSMemory()
	return err
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

func madviseHuge(start, n uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, n, syscall.MADV_HUGEPAGE); e != 0 {
		return fmt.Errorf("hugeheap: madvise MADV_HUGEPAGE: %w", e)
	}
	return nil
}
