package devserver

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// serve runs s on a loopback port until the test ends and returns its URL.
func serve(tb testing.TB, s *Server) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// waitFor waits until the JavaScript expression is truthy in the tab,
// across page reloads (a poll does not survive one, so it is started
// again, a bounded number of times).
func waitFor(tb testing.TB, ctx context.Context, expr string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var err error
	for range 200 {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second)))
		if err == nil || ctx.Err() != nil {
			break
		}
		time.Sleep(5 * time.Millisecond) // a reload is under way
	}
	if err != nil {
		tb.Fatalf("waiting for %s: %v", expr, err)
	}
}

func eval[T any](tb testing.TB, ctx context.Context, expr string) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// TestBrowserLiveReload edits a lab, the stylesheet and the front matter of
// a site served to a real browser and checks what the open tab shows.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	var filler strings.Builder
	for i := range 60 {
		fmt.Fprintf(&filler, "Filler paragraph %d, so that the page scrolls.\n\n", i)
	}
	dir := writeTestSite(t, testSite)
	lab := filepath.Join(dir, "content", "labs", "one.md")
	editFile(t, lab, "## Second Part", filler.String()+"## Second Part")
	var log strings.Builder
	base := serve(t, newTestServer(t, dir, &log))
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	}()

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/labs/one/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.textContent.includes("The first text.")`)

	// A body edit updates the page in place and keeps the scroll position.
	y := eval[float64](t, ctx, `window.scrollTo(0, 900), window.scrollY`)
	if y < 500 {
		t.Fatalf("the page does not scroll (scrollY %v)", y)
	}
	eval[bool](t, ctx, `window.paperlabMarker = "before", true`)
	editFile(t, lab, "The first text.", "The browser sees this edit.")
	waitFor(t, ctx, `document.body.textContent.includes("The browser sees this edit.")`)
	if got := eval[float64](t, ctx, `window.scrollY`); got < y-50 || got > y+50 {
		t.Errorf("scroll position after the update %v, want about %v", got, y)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("script[data-page]").length`); n != 1 {
		t.Errorf("%d live-reload scripts in the page, want 1", n)
	}

	// A change to the page's head (its title) reloads it, and the scroll
	// position comes back.
	editFile(t, lab, "title: Lab One", "title: Lab Number One")
	waitFor(t, ctx, `document.title.startsWith("Lab Number One")`)
	waitFor(t, ctx, `document.readyState === "complete"`)
	if m := eval[string](t, ctx, `String(window.paperlabMarker)`); m != "undefined" {
		t.Errorf("a new title did not reload the page (marker %q)", m)
	}
	if got := eval[float64](t, ctx, `window.scrollY`); got < y-50 || got > y+50 {
		t.Errorf("scroll position after the reload %v, want about %v", got, y)
	}

	// A stylesheet edit applies without a reload.
	eval[bool](t, ctx, `window.paperlabMarker = "kept", true`)
	f, err := os.OpenFile(filepath.Join(dir, "layouts", "static", "style.css"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "\nbody { background-color: rgb(1, 2, 3) !important; }")
	f.Close()
	waitFor(t, ctx, `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if m := eval[string](t, ctx, `String(window.paperlabMarker)`); m != "kept" {
		t.Errorf("the stylesheet change reloaded the page (marker %q)", m)
	}

	// Broken YAML shows the overlay with the message over the last good page.
	editFile(t, lab, "title: Lab Number One", "title: [Lab Number One")
	waitFor(t, ctx, `(document.getElementById("paperlab-overlay") || {}).textContent?.includes("content/labs/one.md:")`)
	text := eval[string](t, ctx, `document.getElementById("paperlab-overlay").textContent`)
	if !strings.Contains(text, "front matter") {
		t.Errorf("overlay text %q lacks the message", text)
	}
	if m := eval[string](t, ctx, `String(window.paperlabMarker)`); m != "kept" || !eval[bool](t, ctx, `document.body.textContent.includes("The browser sees this edit.")`) {
		t.Errorf("the last good page is gone under the overlay (marker %q)", m)
	}

	// Fixing it clears the overlay.
	editFile(t, lab, "title: [Lab Number One", "title: Lab Number One")
	waitFor(t, ctx, `!document.getElementById("paperlab-overlay")`)
	if !eval[bool](t, ctx, `document.body.textContent.includes("The browser sees this edit.")`) {
		t.Error("the page lost its content after the fix")
	}
}
