// Package browsertest starts Debian's headless Chromium for tests through
// chromedp. Without a browser a test is skipped, except in CI (CI=true),
// where a missing browser fails it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium finds a Chromium or Chrome binary, or returns "".
func Chromium() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium with a fresh profile (no sandbox, no GPU,
// no background networking) and returns the context of one tab, closed
// when the test ends.
func New(tb testing.TB) context.Context {
	tb.Helper()
	return NewWith(tb)
}

// NewWith is New with more options for the browser process, such as
// chromedp.Flag("blink-settings", "primaryHoverType=2").
func NewWith(tb testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	tb.Helper()
	path := Chromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no chromium found: CI must run the browser tests (.ci/run installs chromium)")
		}
		tb.Skip("no chromium found; install chromium to run the browser tests")
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(tb.TempDir()),
	)
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}
