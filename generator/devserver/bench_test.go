package devserver

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// writeBigSite lays out a site of n labs in reading-order chains of ten
// (each lab names the one before it in "after"), with headings, math,
// code, keywords and links, and returns the folder.
func writeBigSite(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	copyLayouts(tb, dir)
	writeFile(tb, filepath.Join(dir, "content", "_index.md"), "---\ntitle: Benchmark Labs\n---\nMany labs.\n")
	for i := range n {
		after := ""
		if i%10 != 0 {
			after = fmt.Sprintf("after: [lab-%04d]\n", i-1)
		}
		src := fmt.Sprintf(`---
title: "Lab %d: Weighted Sums"
summary: Lab number %d of the benchmark site.
modified: 2026-04-26
keywords: [k%d, common]
%s---

## Idea

The output is \(\sum_i \alpha_i v_i\); see [the next lab](lab-%04d.md).

MARKER-START edit 0 MARKER-END

## Code

`+"```go\nfunc f(x int) int { return 2 * x }\n```"+`

## More

%s
`, i, i, i%25, after, (i+1)%n, strings.Repeat("A paragraph of explanation that fills the page. ", 20))
		writeFile(tb, filepath.Join(dir, "content", "labs", fmt.Sprintf("lab-%04d.md", i)), src)
	}
	return dir
}

// BenchmarkEditToBrowser measures, in a real browser, the time from a
// file write to the animation frame that shows the change, on a site of 1,000 labs,
// over at least 25 edits of the open lab. It reports the median and the
// 95th percentile in ms.
func BenchmarkEditToBrowser(b *testing.B) {
	ctx := browsertest.New(b)
	const labs = 1000
	dir := writeBigSite(b, labs)
	var log strings.Builder
	s := newTestServer(b, dir, &log)
	if st := s.state.Load(); len(st.errors) > 0 {
		b.Fatalf("the generated site does not build:\n%s", log.String())
	}
	base := serve(b, s)
	target := 505 // inside a chain: it and the four labs after it re-render
	lab := filepath.Join(dir, "content", "labs", fmt.Sprintf("lab-%04d.md", target))
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/labs/lab-%04d/", base, target))); err != nil {
		b.Fatal(err)
	}
	waitFor(b, ctx, `document.body.textContent.includes("edit 0 ")`)
	src, err := os.ReadFile(lab)
	if err != nil {
		b.Fatal(err)
	}
	edits := max(b.N, 25)
	r := rand.New(rand.NewPCG(1, 2))
	var lat []float64
	b.ResetTimer()
	for i := 1; i <= edits; i++ {
		time.Sleep(time.Duration(50+r.IntN(50)) * time.Millisecond) // let the tab settle and reconnect
		text := fmt.Sprintf("edit %d ", i)
		// The tab notes the animation frame in which the new text is first
		// in the page (it is updated in place). Should it reload instead,
		// its navigation timing tells when the new page was ready.
		eval[bool](b, ctx, fmt.Sprintf(`(() => {
			window.paperlabShown = 0;
			const seen = () => {
				if (document.body && document.body.textContent.includes(%q)) {
					obs.disconnect();
					requestAnimationFrame(() => { window.paperlabShown = performance.timeOrigin + performance.now(); });
				}
			};
			const obs = new MutationObserver(seen);
			obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
			return true;
		})()`, text))
		next := strings.Replace(string(src), "edit 0 ", text, 1)
		start := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(lab, []byte(next), 0o644); err != nil {
			b.Fatal(err)
		}
		waitFor(b, ctx, fmt.Sprintf(`document.body.textContent.includes(%q) && (window.paperlabShown === undefined || window.paperlabShown > 0)`, text))
		shown := eval[float64](b, ctx, `window.paperlabShown || performance.timeOrigin + performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`)
		lat = append(lat, shown-start)
	}
	b.StopTimer()
	slices.Sort(lat)
	median := lat[len(lat)/2]
	p95 := lat[min(len(lat)-1, (len(lat)*95+99)/100-1)]
	b.ReportMetric(median, "ms-median")
	b.ReportMetric(p95, "ms-p95")
	b.ReportMetric(float64(len(lat)), "edits")
	b.Logf("%d labs, %d edits: median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms", labs, len(lat), median, p95, lat[0], lat[len(lat)-1])
	if testing.Verbose() {
		b.Logf("server log (tail):\n%s", tail(log.String(), 5))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
