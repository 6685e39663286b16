// Package gctune keeps the garbage collector's heap goal under a budget by
// setting its target (GOGC) after every collection from the heap that
// survived it, for a process whose live heap grows with its input.
//
// A high target (say 400 %) runs the collector rarely, which suits a small
// heap; for a large one it makes a goal past any reasonable memory limit,
// and a heap that reaches its limit is trimmed by the runtime's scavenger,
// whose released pages fault in again. A soft memory limit alone
// (runtime/debug.SetMemoryLimit) lets the heap sit at the limit; this
// lowers the target instead, so that live × (1 + target/100) stays under
// the budget, between a least and a most target.
package gctune

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Target returns the GC target, in percent, that keeps the heap goal of a
// live heap of live bytes within budget bytes, clamped to [least, most].
func Target(live, budget uint64, least, most int) int {
	if live == 0 {
		return most
	}
	t := min(100*float64(budget)/float64(live)-100, float64(most))
	return max(least, int(t))
}

// sentinel is an object made only to be collected: its cleanup runs once
// a collection has found it unreachable.
type sentinel struct{ _ *int }

// Start sets the GC target to most and then, after every collection, to
// Target of the heap that survived it, for the rest of the process. It is
// for a program's main, once: the target is the process's, and each call
// adds a tuner.
func Start(budget uint64, least, most int) {
	debug.SetGCPercent(most)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		// The cleanup of a new sentinel runs after the next collection,
		// and arms the next.
		runtime.AddCleanup(new(sentinel), func(struct{}) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetGCPercent(Target(sample[0].Value.Uint64(), budget, least, most))
			}
			arm()
		}, struct{}{})
	}
	arm()
}
