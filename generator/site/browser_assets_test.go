package site

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// pngImage is a w×h PNG of one colour.
func pngImage(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{11, 87, 208, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBrowserShowsContentImages builds a lab with an image next to its
// source file and one in a sub-folder, loads it in Chromium and checks that
// both images loaded (a broken image has a natural width of 0).
func TestBrowserShowsContentImages(t *testing.T) {
	ctx := browsertest.New(t)
	src := writeSite(t, `
-- content/labs/figures.md --
---
title: Figures
---
Beside: ![beside](beside.png)

In a folder: ![nested](figures/plots/nested.png)
`)
	for name, size := range map[string][2]int{"content/labs/beside.png": {30, 20}, "content/labs/figures/plots/nested.png": {40, 10}} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, pngImage(t, size[0], size[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Build(context.Background(), Config{Src: src})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	base := serveDir(t, filepath.Join(src, "public"))
	type img struct {
		Alt   string `json:"alt"`
		Width int    `json:"w"`
		Ok    bool   `json:"ok"`
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(base+"labs/figures/"), chromedp.WaitReady("footer")); err != nil {
		t.Fatal(err)
	}
	imgs, err := chromedp.Run(tctx, chromedp.Evaluate[[]img](`Promise.all([...document.images].map(i => i.decode().then(() => true, () => false).then(ok => ({alt: i.alt, w: i.naturalWidth, ok}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"beside": 30, "nested": 40}
	if len(imgs) != len(want) {
		t.Fatalf("page has %d images, want %d: %+v", len(imgs), len(want), imgs)
	}
	for _, i := range imgs {
		if !i.Ok || i.Width != want[i.Alt] {
			t.Errorf("image %q: loaded %v, natural width %d, want %d", i.Alt, i.Ok, i.Width, want[i.Alt])
		}
	}
}
