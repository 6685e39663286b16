package hugeheap

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

const childEnv = "HUGEHEAP_TEST_CHILD"

// reserveSize is what the check process reserves.
const reserveSize = 256 << 20

// startReserve is the check process's reserve, made as it starts (as
// package startup makes it for the paperlab command), before the heap's
// first collection: the resident set before and after, and the error.
var startReserve struct {
	before, after int
	err           error
}

func init() {
	if os.Getenv(childEnv) != "" {
		startReserve.before = residentBytes(nil)
		startReserve.err = Reserve(reserveSize)
		startReserve.after = residentBytes(nil)
	}
}

// TestReserve runs reserveChecks in a new process, whose heap is as fresh
// as a paperlab build's (a test process's heap depends on what ran
// before), a few times, as the runtime places the heap at random.
func TestReserve(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		reserveChecks(t)
		return
	}
	for range 10 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReserve$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the check process failed (%v):\n%s", err, out)
		}
	}
}

// reserveChecks checks that the reserve made at start touched no memory
// of its reserve (the resident set grew by less than the reserve's
// tenth), that heap memory allocated after it lies in a mapping the kernel
// was told to back with huge pages (VmFlags "hg" in /proc/self/smaps) and,
// where transparent huge pages are not disabled, that touching it maps
// huge pages (AnonHugePages); and that a Reserve after a collection, with
// free pages that were used, refuses and leaves the heap alone.
func reserveChecks(t *testing.T) {
	enabled, thpErr := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	const size = reserveSize
	err := startReserve.err
	if grew := startReserve.after - startReserve.before; grew > size/10 {
		t.Errorf("Reserve(%d MiB) grew the peak resident set by %d MiB", size>>20, grew>>20)
	}
	if thpErr != nil {
		if err == nil {
			t.Fatalf("Reserve reported no error on a system without transparent huge pages (%v)", thpErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	faults := thpFaults(t)
	block := make([]byte, 32<<20)
	for i := range block {
		block[i] = 1
	}
	faults = thpFaults(t) - faults
	// The block may begin in the heap's free pages below the reserve (the
	// lowest are served first); its end is in the reserve.
	last := uintptr(unsafe.Pointer(&block[len(block)-1]))
	flags, huge := mappingOf(t, last)
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the mapping holding the end of a new 32 MiB block has VmFlags %q, without hg (MADV_HUGEPAGE)", flags)
	}
	// Where the kernel found no free huge page it falls back to small
	// pages and counts the fault as such: the advice still held.
	if !strings.Contains(string(enabled), "[never]") && huge == 0 && faults == 0 {
		t.Errorf("transparent huge pages are %q, but the touched 32 MiB block's mapping has no AnonHugePages and the kernel counted no huge-page fault", strings.TrimSpace(string(enabled)))
	}
	// Free pages that were used, at the top of the heap, as a build
	// leaves them: a reserve that started there would be zeroed whole.
	garbage := make([][]byte, 8)
	for i := range garbage {
		garbage[i] = make([]byte, 1<<20)
		garbage[i][0] = 1
	}
	garbage = nil
	runtime.GC()
	before := residentBytes(t)
	if err := Reserve(size); err == nil {
		t.Error("a Reserve after the heap's collections reported no error")
	}
	if grew := residentBytes(t) - before; grew > size/10 {
		t.Errorf("the second Reserve grew the peak resident set by %d MiB", grew>>20)
	}
	if block[len(block)-1] != 1 {
		t.Fatal("the block lost its contents")
	}
}

// thpFaults returns how many page faults the kernel has tried to serve
// with a huge page (thp_fault_alloc and thp_fault_fallback of
// /proc/vmstat), 0 where it does not say.
func thpFaults(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		return 0
	}
	n := 0
	for line := range strings.Lines(string(data)) {
		name, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		if name == "thp_fault_alloc" || name == "thp_fault_fallback" {
			v, _ := strconv.Atoi(value)
			n += v
		}
	}
	return n
}

// residentBytes returns the process's peak resident set size.
// t may be nil (in init), where a failure is a panic.
func residentBytes(t *testing.T) int {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatal(err)
	}
	return int(ru.Maxrss) << 10 // kilobytes on Linux
}

// mappingOf returns the VmFlags and the AnonHugePages (kB) of the mapping
// of /proc/self/smaps that holds addr.
func mappingOf(t *testing.T, addr uintptr) (flags string, hugeKB int) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) > 0 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			lo, hi, ok := strings.Cut(fields[0], "-")
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			if in {
				break
			}
			in = ok && err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if !in {
			continue
		}
		switch {
		case strings.HasPrefix(line, "VmFlags:"):
			flags = strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		case strings.HasPrefix(line, "AnonHugePages:") && len(fields) >= 2:
			hugeKB, _ = strconv.Atoi(fields[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if flags == "" {
		t.Fatalf("no mapping of /proc/self/smaps holds %#x", addr)
	}
	return flags, hugeKB
}
