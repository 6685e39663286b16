package site

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// mapReport is what mapMeasure finds on the map page.
type mapReport struct {
	Nodes      int      `json:"nodes"`
	Invisible  []string `json:"invisible"`
	Listed     int      `json:"listed"`
	Overflow   bool     `json:"overflow"`
	BoxScrolls bool     `json:"boxScrolls"`
	Unreached  []string `json:"unreached"`
	TextFill   []int    `json:"textFill"`
	RectFill   []int    `json:"rectFill"`
	PageBg     []int    `json:"pageBg"`
	Scripts    int      `json:"scripts"`
}

const mapMeasure = `(() => {
  const rgb = s => (s.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
  const box = document.querySelector('.lab-map-scroll');
  const b = box.getBoundingClientRect();
  const r = {nodes: 0, invisible: [], listed: document.querySelectorAll('.lab-map-list li a').length,
             overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
             boxScrolls: box.scrollWidth > box.clientWidth + 1, unreached: [],
             scripts: document.querySelectorAll('script').length,
             pageBg: rgb(getComputedStyle(document.documentElement).backgroundColor)};
  for (const a of document.querySelectorAll('a.map-node')) {
    r.nodes++;
    const n = a.querySelector('rect').getBoundingClientRect();
    const t = a.querySelector('text').getBoundingClientRect();
    const name = a.querySelector('title').textContent;
    if (!(n.width > 0 && n.height > 0 && t.width > 0)) r.invisible.push(name);
    // Every node lies inside the scroll box's content, so scrolling it
    // (not the page) brings the node into view.
    const left = n.left - b.left + box.scrollLeft;
    if (left < -1 || left + n.width > box.scrollWidth + 1 || n.top < b.top - 1 || n.bottom > b.bottom + 1) r.unreached.push(name);
  }
  const first = document.querySelector('a.map-node');
  r.textFill = rgb(getComputedStyle(first.querySelector('text')).fill);
  r.rectFill = rgb(getComputedStyle(first.querySelector('rect')).fill);
  return r;
})()`

// luminance is the relative luminance (WCAG) of an sRGB colour.
func luminance(c []int) float64 {
	if len(c) < 3 {
		return -1
	}
	lin := func(v int) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

// TestBrowserMapPage loads /map/ at a phone and a desktop width in the light
// and the dark colour scheme: the page never scrolls sideways (the drawing
// scrolls inside its own box when it is wider than the screen), every node
// is drawn and reachable, node text contrasts with its box in both schemes,
// the reading-order list links every lab, and there is no script.
func TestBrowserMapPage(t *testing.T) {
	ctx := browsertest.New(t)
	public := buildRepoSite(t)
	base := serveDir(t, public)
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{360, 1280} {
			name := fmt.Sprintf("%s at %d px", scheme, width)
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(tctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
					return err
				}),
				chromedp.Navigate(base+"map/"),
				chromedp.WaitReady("footer"),
			)
			var r mapReport
			if err == nil {
				r, err = chromedp.Run(tctx, chromedp.Evaluate[mapReport](mapMeasure))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if r.Nodes < 8 || r.Listed != r.Nodes {
				t.Errorf("%s: %d nodes and %d listed labs, want the 8 labs in both", name, r.Nodes, r.Listed)
			}
			if len(r.Invisible) > 0 || len(r.Unreached) > 0 {
				t.Errorf("%s: nodes not drawn %v, not reachable in the map's box %v", name, r.Invisible, r.Unreached)
			}
			if r.Overflow {
				t.Errorf("%s: the page scrolls sideways", name)
			}
			if width == 360 && !r.BoxScrolls {
				t.Errorf("%s: the drawing is wider than the screen but its box does not scroll", name)
			}
			lt, lr, lb := luminance(r.TextFill), luminance(r.RectFill), luminance(r.PageBg)
			if lt < 0 || lr < 0 || lb < 0 {
				t.Fatalf("%s: unreadable colours text %v, box %v, page %v", name, r.TextFill, r.RectFill, r.PageBg)
			}
			if contrast := (max(lt, lr) + 0.05) / (min(lt, lr) + 0.05); contrast < 4.5 {
				t.Errorf("%s: node text %v on %v has contrast %.2f, want ≥ 4.5", name, r.TextFill, r.RectFill, contrast)
			}
			if dark := lb < 0.2; dark != (scheme == "dark") {
				t.Errorf("%s: page background %v does not follow the colour scheme", name, r.PageBg)
			}
			if r.Scripts > 0 {
				t.Errorf("%s: %d <script> elements", name, r.Scripts)
			}
		}
	}
}
