package devserver

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// TestBrowserBrokenAndNewLab serves a site to a real browser while one lab
// is broken: other tabs stay current with a one-line note, a new lab
// opens, the broken lab shows its own errors over its last good version,
// and a lab that never built shows an error page that turns into the lab
// once it is fixed.
func TestBrowserBrokenAndNewLab(t *testing.T) {
	ctx := browsertest.New(t)
	dir := writeTestSite(t, testSite)
	var log strings.Builder
	base := serve(t, newTestServer(t, dir, &log))
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	}()
	nav := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
	}
	overlay := func() string {
		return eval[string](t, ctx, `(document.getElementById("paperlab-overlay") || {}).textContent || ""`)
	}

	nav("/labs/two/")
	waitFor(t, ctx, `document.body.textContent.includes("The second text.")`)
	one := filepath.Join(dir, "content", "labs", "one.md")
	editFile(t, one, "The first text.", `Broken math \(\frac{1}\) here.`)
	waitFor(t, ctx, `!!document.querySelector("#paperlab-overlay details:not([open]) summary")`)
	if text := overlay(); !strings.Contains(text, "this page is current") || !strings.Contains(text, "1 other page") {
		t.Errorf("note on a current page: %q", text)
	}

	// A new lab is served while one.md is broken, with the same note (a
	// tab opened before it built shows 404, then the lab).
	writeFile(t, filepath.Join(dir, "content", "labs", "three.md"), "---\ntitle: Lab Three\n---\nBrand new text.\n")
	nav("/labs/three/")
	waitFor(t, ctx, `document.body.textContent.includes("Brand new text.") && !!document.getElementById("paperlab-overlay")`)
	if text := overlay(); !strings.Contains(text, "this page is current") {
		t.Errorf("note on the new lab: %q", text)
	}

	// The broken lab shows its own error over its last good version.
	nav("/labs/one/")
	waitFor(t, ctx, `(document.getElementById("paperlab-overlay") || {}).textContent?.includes("content/labs/one.md:")`)
	if text := overlay(); !strings.Contains(text, "this page failed to build") || !strings.Contains(text, `\frac`) {
		t.Errorf("overlay on the broken lab: %q", text)
	}
	if !eval[bool](t, ctx, `document.body.textContent.includes("The first text.")`) {
		t.Error("the broken lab does not show its last good version")
	}

	// A lab that never built is an error page; fixing it shows the lab.
	four := filepath.Join(dir, "content", "labs", "four.md")
	writeFile(t, four, "---\ntitle: Lab Four\n---\nLab four text \\(\\sqrt{\\).\n")
	waitFor(t, ctx, `(document.getElementById("paperlab-overlay") || {}).textContent?.includes("1 more problem in other files")`)
	nav("/labs/four/")
	waitFor(t, ctx, `(document.getElementById("paperlab-build-error") || {}).textContent?.includes("content/labs/four.md:")`)
	if overlay() != "" {
		t.Errorf("an error page also has an overlay: %q", overlay())
	}
	editFile(t, four, `\(\sqrt{\)`, `\(\sqrt{2}\)`)
	waitFor(t, ctx, `document.body.textContent.includes("Lab four text") && !document.getElementById("paperlab-build-error")`)
	waitFor(t, ctx, `(document.getElementById("paperlab-overlay") || {}).textContent?.includes("this page is current")`)

	// Fixing the last broken lab clears the note.
	editFile(t, one, `Broken math \(\frac{1}\) here.`, "The fixed text.")
	waitFor(t, ctx, `!document.getElementById("paperlab-overlay")`)
}
