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

	"paperlab/generator/benchsite"
	"paperlab/generator/browsertest"
)

// writeBigSite lays out the benchmark corpus of package benchsite: n labs
// like the real ones (front matter, nine sections, inline and display
// math, a table, a highlighted code block, two attention directives with
// expectations and {num} references, each page with its own numbers, math
// and code), with the repository's layouts.
func writeBigSite(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := benchsite.Write(dir, benchsite.Options{Labs: n, Seed: 1, Layouts: filepath.Join("..", "..", "layouts")}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkEditToBrowser measures, in a real browser, the time from a
// file write to the animation frame that shows the change, on the 1,000-lab
// benchmark corpus, over at least 25 edits of the open lab: "body" edits
// its prose, "front-matter" its summary (shown on the page). Saves
// alternate between writing the file in place and writing a temporary
// file renamed over it, as editors do. It reports the median and the
// 95th percentile in ms.
func BenchmarkEditToBrowser(b *testing.B) {
	for _, kind := range []string{"body", "front-matter"} {
		b.Run(kind, func(b *testing.B) { benchEdits(b, kind) })
	}
}

func benchEdits(b *testing.B, kind string) {
	ctx := browsertest.New(b)
	const labs = 1000
	dir := writeBigSite(b, labs)
	var log strings.Builder
	s := newTestServer(b, dir, &log)
	if st := s.state.Load(); len(st.errors) > 0 {
		b.Fatalf("the generated site does not build:\n%s", log.String())
	}
	base := serve(b, s)
	target := 505
	lab := filepath.Join(dir, "content", "labs", benchsite.LabFile(target))
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/labs/%s/", base, strings.TrimSuffix(benchsite.LabFile(target), ".md")))); err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile(lab)
	if err != nil {
		b.Fatal(err)
	}
	marker := "Track one equation:"
	if kind == "front-matter" {
		marker = "summary: Lab number"
	}
	if !strings.Contains(string(src), marker) {
		b.Fatalf("the lab has no %q to edit", marker)
	}
	waitFor(b, ctx, `document.body.textContent.includes("Track one equation")`)
	edits := max(b.N, 25)
	r := rand.New(rand.NewPCG(1, 2))
	var lat []float64
	b.ResetTimer()
	for i := 1; i <= edits; i++ {
		time.Sleep(time.Duration(50+r.IntN(50)) * time.Millisecond) // let the tab settle and reconnect
		text := fmt.Sprintf("edit %d ", i)
		if kind == "front-matter" {
			text = fmt.Sprintf("Edited %d lab number", i)
		}
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
		next := strings.Replace(string(src), marker, "Track one equation ("+text+"):", 1)
		if kind == "front-matter" {
			next = strings.Replace(string(src), marker, "summary: "+text, 1)
		}
		start := float64(time.Now().UnixNano()) / 1e6
		if i%2 == 0 {
			if err := os.WriteFile(lab, []byte(next), 0o644); err != nil {
				b.Fatal(err)
			}
		} else {
			tmp := lab + ".tmp~"
			if err := os.WriteFile(tmp, []byte(next), 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, lab); err != nil {
				b.Fatal(err)
			}
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
	b.Logf("%s: %d labs, %d edits: median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms", kind, labs, len(lat), median, p95, lat[0], lat[len(lat)-1])
	if testing.Verbose() {
		b.Logf("server log (tail):\n%s", tail(log.String(), 5))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
