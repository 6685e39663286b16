package benchsite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSiteBuilds times the paperlab command on generated sites, the
// way a user runs it: a cold build (--no-cache, no previous output), a
// warm rebuild with nothing changed, a rebuild after one lab changed, and
// the rebuild right after that one (nothing changed, but too soon after
// the edit to trust the files' state),
// each as the median of several runs, with the peak resident memory of
// the cold build. When hugo is on PATH it builds the same Markdown in the
// same run, alternating with paperlab, and the ratios are reported. An
// untimed cold build of each comes first (see benchSize).
//
// The sizes come from PAPERLAB_BENCH_LABS (default "1000"; make bench
// sets "1000,10000"), the runs per figure from PAPERLAB_BENCH_RUNS
// (default 3). Run it with -benchtime=1x: every figure is already a
// median.
func BenchmarkSiteBuilds(b *testing.B) {
	sizes := []int{1000}
	if s := os.Getenv("PAPERLAB_BENCH_LABS"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				b.Fatalf("PAPERLAB_BENCH_LABS: %q is not a positive number", f)
			}
			sizes = append(sizes, n)
		}
	}
	runs := 3
	if s := os.Getenv("PAPERLAB_BENCH_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("PAPERLAB_BENCH_RUNS: %q is not a positive number", s)
		}
		runs = n
	}
	bin := filepath.Join(b.TempDir(), "paperlab")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as make builds it

	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	hugo, _ := exec.LookPath("hugo")
	// Every size's folders stay until the whole benchmark is done: a
	// size's removal (tens of thousands of files, trimmed by this VM's
	// ext4 in the background) would slow the next size's builds.
	root := b.TempDir()
	for _, n := range sizes {
		b.Run(fmt.Sprintf("labs=%d", n), func(b *testing.B) {
			for range b.N {
				dir, err := os.MkdirTemp(root, "")
				if err != nil {
					b.Fatal(err)
				}
				benchSize(b, dir, bin, hugo, n, runs)
			}
		})
	}
}

func benchSize(b *testing.B, dir, bin, hugo string, n, runs int) {
	src := filepath.Join(dir, "paperlab")
	if err := Write(src, Options{Labs: n, Seed: 1, Layouts: filepath.Join("..", "..", "layouts")}); err != nil {
		b.Fatal(err)
	}
	hugoSrc := filepath.Join(dir, "hugo")
	if hugo != "" {
		if err := WriteHugo(hugoSrc, Options{Labs: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	trash := &trashDir{dir: filepath.Join(dir, "trash")}
	// One untimed cold build of each generator first: the first build
	// right after the corpora were written runs while the file system is
	// still settling them (on this VM's ext4, 25 % to 75 % slower,
	// whichever generator goes first), which would land on paperlab's
	// first run alone.
	first, _ := run(b, bin, "build", "--src", src, "--out", out, "--no-cache")
	if err := trash.put(out); err != nil {
		b.Fatal(err)
	}
	firstHugo := time.Duration(0)
	if hugo != "" {
		hugoOut := filepath.Join(dir, "hugo-public")
		firstHugo, _ = run(b, hugo, "--quiet", "--source", hugoSrc, "--destination", hugoOut)
		if err := trash.put(hugoOut); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d labs, untimed first builds: paperlab %v, Hugo %v", n, first.Round(time.Millisecond), firstHugo.Round(time.Millisecond))
	edited := time.Now() // the sources were just written
	var cold, warm, one, afterEdit, hugoCold []time.Duration
	var peak, hugoPeak int64
	for r := range runs {
		if err := trash.put(out); err != nil {
			b.Fatal(err)
		}
		if err := trash.put(filepath.Join(src, ".paperlab-cache")); err != nil {
			b.Fatal(err)
		}
		d, rss := run(b, bin, "build", "--src", src, "--out", out, "--no-cache")
		cold = append(cold, d)
		peak = max(peak, rss)
		if hugo != "" {
			hugoOut := filepath.Join(dir, "hugo-public")
			if err := trash.put(hugoOut); err != nil {
				b.Fatal(err)
			}
			d, rss := run(b, hugo, "--quiet", "--source", hugoSrc, "--destination", hugoOut)
			hugoCold = append(hugoCold, d)
			hugoPeak = max(hugoPeak, rss)
		}
		// Fill the cache, then time a rebuild with nothing changed. As
		// in normal use, the sources are older than the racy margin of
		// the build that recorded them (a file changed less than 2 s
		// before a build is not trusted by its state: see
		// site/unchanged.go); the rebuild right after an edit is timed
		// apart below.
		waitUntil(edited.Add(2100 * time.Millisecond))
		run(b, bin, "build", "--src", src, "--out", out)
		d, _ = run(b, bin, "build", "--src", src, "--out", out)
		warm = append(warm, d)
		// Change the prose of one lab in the middle of a chain.
		lab := filepath.Join(src, "content", "labs", LabFile(n/2))
		body, err := os.ReadFile(lab)
		if err != nil {
			b.Fatal(err)
		}
		text := strings.Replace(string(body), "Track one equation:", fmt.Sprintf("Track one equation (edit %d):", r), 1)
		if err := os.WriteFile(lab, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		edited = time.Now()
		d, _ = run(b, bin, "build", "--src", src, "--out", out)
		one = append(one, d)
		// Nothing changed since, but the build before read a file
		// changed just before it: the normal path, comparing hashes.
		d, _ = run(b, bin, "build", "--src", src, "--out", out)
		afterEdit = append(afterEdit, d)
	}
	ms := func(ds []time.Duration) float64 { return float64(median(ds).Microseconds()) / 1000 }
	round := func(ds []time.Duration) []time.Duration {
		r := make([]time.Duration, len(ds))
		for i, d := range ds {
			r[i] = d.Round(time.Millisecond)
		}
		return r
	}
	b.Logf("%d labs, each run: cold %v, Hugo %v, nothing changed %v, one lab changed %v", n, round(cold), round(hugoCold), round(warm), round(one))
	b.ReportMetric(ms(cold), "cold-ms")
	b.ReportMetric(ms(warm), "warm-ms")
	b.ReportMetric(ms(one), "one-changed-ms")
	b.ReportMetric(ms(afterEdit), "warm-after-edit-ms")
	b.ReportMetric(ms(warm)/ms(cold), "warm/cold")
	b.ReportMetric(ms(one)/ms(cold), "one/cold")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
	if hugo != "" {
		b.ReportMetric(ms(hugoCold), "hugo-ms")
		b.ReportMetric(float64(hugoPeak)/1024, "hugo-peak-MiB")
		b.ReportMetric(ms(hugoCold)/ms(cold), "hugo/paperlab")
	}
}

// A trashDir takes the outputs and caches of earlier runs out of the way
// of a cold build without deleting them: on this development VM's ext4
// (mounted with discard), creating thousands of files within seconds of
// deleting thousands costs either generator two to four times as much
// system time as on a fresh disk, which is not what a first build of a
// fresh checkout sees. The benchmark's temporary folder removes them at
// the end.
type trashDir struct {
	dir string
	n   int
}

// put moves path (when it exists) into the trash.
func (t *trashDir) put(path string) error {
	if _, err := os.Lstat(path); os.IsNotExist(err) {
		return nil
	}
	if err := os.MkdirAll(t.dir, 0o755); err != nil {
		return err
	}
	t.n++
	return os.Rename(path, filepath.Join(t.dir, strconv.Itoa(t.n)))
}

// waitUntil sleeps until t.
func waitUntil(t time.Time) {
	time.Sleep(time.Until(t))
}

// run runs a command to completion and returns its wall time and peak
// resident memory in KiB; any failure stops the benchmark. It first
// flushes the file system (sync), so that writing back what the previous
// command left (or deleting the previous output) is not timed as part of
// this one.
func run(b *testing.B, name string, args ...string) (time.Duration, int64) {
	b.Helper()
	syscall.Sync()
	cmd := exec.Command(name, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, rss
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
