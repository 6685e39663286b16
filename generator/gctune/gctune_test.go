package gctune

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestTarget(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, budget uint64
		want         int
	}{
		{0, 240 * mib, 400},         // nothing live yet: the most
		{13 * mib, 240 * mib, 400},  // a 1,000-lab build: the most
		{48 * mib, 240 * mib, 400},  // a goal of exactly the budget
		{60 * mib, 240 * mib, 300},  // 60 × 4 = 240
		{86 * mib, 240 * mib, 179},  // a 10,000-lab build: 86 × 2.79 = 240
		{160 * mib, 240 * mib, 100}, // 160 × 1.5 would do, but not under the least
		{300 * mib, 240 * mib, 100}, // over the budget already: the least
		{1, 1 << 62, 400},           // no overflow
	} {
		if got := Target(c.live, c.budget, 100, 400); got != c.want {
			t.Errorf("Target(%d MiB, %d MiB) = %d, want %d", c.live/mib, c.budget/mib, got, c.want)
		}
	}
}

const childEnv = "GCTUNE_TEST_CHILD"

// TestStart checks, in a fresh process (the target is the process's), that
// after Start the target follows the live heap: the most while it is
// small, and lowered after a collection that finds a large one.
func TestStart(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		startChecks(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStart$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1", "GOGC=", "GOMEMLIMIT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the check process failed (%v):\n%s", err, out)
	}
}

func startChecks(t *testing.T) {
	const budget = 64 << 20
	Start(budget, 100, 400)
	if got := target(); got != 400 {
		t.Fatalf("after Start the target is %d, want 400", got)
	}
	live := make([][]byte, 40) // 40 MiB: a goal of 64 MiB wants 60 %, the least is 100
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	if got := waitFor(t, 100); got != 100 {
		t.Errorf("with 40 MiB live the target is %d, want 100", got)
	}
	runtime.KeepAlive(live)
	live = nil
	if got := waitFor(t, 400); got != 400 {
		t.Errorf("with the heap freed again the target is %d, want 400", got)
	}
}

// waitFor collects until the target is want (the cleanup that sets it runs
// on its own goroutine after a collection), for at most 5 s, and returns
// the last target seen.
func waitFor(t *testing.T, want int) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	got := target()
	for got != want && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		got = target()
	}
	return got
}

// target returns the GC target without changing it.
func target() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
