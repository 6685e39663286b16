package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// mathFonts are the families of fonts with an OpenType MATH table that the
// stylesheet names; a glyph of a formula drawn with any other font (DejaVu
// Serif, Liberation Serif…) means the math is set in a text font.
var mathFonts = []string{
	"STIX Two Math", "Cambria Math", "Latin Modern Math", "Libertinus Math", "DejaVu Math TeX Gyre",
	"TeX Gyre Termes Math", "TeX Gyre Pagella Math", "TeX Gyre Schola Math", "TeX Gyre Bonum Math",
	"TeX Gyre DejaVu Math", "XITS Math", "STIX Math", "Noto Sans Math", "Fira Math", "Asana Math", "Garamond-Math",
}

// lookSite builds the repository's site and serves it; it returns a browser
// tab and the site's base URL.
func lookSite(t *testing.T) (context.Context, string, string) {
	t.Helper()
	ctx := browsertest.New(t)
	public := buildRepoSite(t)
	return ctx, serveDir(t, public), public
}

// open loads url at the given viewport size and waits for the footer.
func open(t *testing.T, ctx context.Context, url string, width, height int64) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := chromedp.Do(tctx,
		chromedp.EmulateViewport(width, height),
		chromedp.Navigate(url),
		chromedp.WaitReady("footer"),
	)
	if err == nil {
		_, err = chromedp.Run(tctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	}
	if err != nil {
		t.Fatalf("%s at %d px: %v", url, width, err)
	}
}

// eval runs a script in the tab and decodes its result.
func eval[T any](t *testing.T, ctx context.Context, script string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", script, err)
	}
	return v
}

// usedFonts asks Chromium which platform fonts drew the glyphs of the
// token elements (mi, mo, mn, mtext) inside the elements matching sel:
// family name → glyph count, and whether any was a downloaded font.
func usedFonts(t *testing.T, ctx context.Context, sel string) (map[string]float64, bool) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ids, err := chromedp.Run(tctx, chromedp.QueryNodeIDs(chromedp.CSSAll(sel+" :is(mi, mo, mn, mtext)")))
	if err != nil {
		t.Fatalf("querying %s: %v", sel, err)
	}
	if len(ids) == 0 {
		t.Fatalf("no math tokens match %s", sel)
	}
	fonts := map[string]float64{}
	custom := false
	err = chromedp.Do(tctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
			return err
		}
		for _, id := range ids {
			res, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
			if err != nil {
				return err
			}
			for _, f := range res.Fonts {
				fonts[f.FamilyName] += f.GlyphCount
				custom = custom || f.IsCustomFont
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatalf("CSS.getPlatformFontsForNode on %s: %v", sel, err)
	}
	return fonts, custom
}

func fontList(fonts map[string]float64) string {
	var parts []string
	for f, n := range fonts {
		parts = append(parts, fmt.Sprintf("%s (%g glyphs)", f, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// TestBrowserMathFont checks, with CSS.getPlatformFontsForNode, that display
// and inline math are drawn with a math font on this machine (with Debian's
// fonts-dejavu, DejaVu Math TeX Gyre, not DejaVu Serif), and that the math
// font shipped with the site loads and draws formulas where no local math
// font is found.
func TestBrowserMathFont(t *testing.T) {
	ctx, base, _ := lookSite(t)
	url := base + "labs/attention-weighted-mixture/"
	open(t, ctx, url, 1280, 800)
	for _, sel := range []string{`math[display="block"]`, `p math:not([display="block"])`} {
		fonts, _ := usedFonts(t, ctx, sel)
		for f := range fonts {
			if !slices.Contains(mathFonts, f) {
				t.Errorf("%s: %s is drawn with fonts %s; %s is not a math font", url, sel, fontList(fonts), f)
			}
		}
	}

	// The shipped fallback: make it the only family, as on a machine with
	// no math font installed.
	eval[bool](t, ctx, `(() => {
  const s = document.createElement('style');
  s.textContent = 'math { font-family: "Paperlab Math" !important; }';
  document.head.append(s);
  return document.fonts.load('16px "Paperlab Math"', '\u2211').then(fs => fs.length > 0);
})()`)
	fonts, custom := usedFonts(t, ctx, `math[display="block"]`)
	if !custom || len(fonts) != 1 || fonts["Noto Sans Math"] == 0 {
		t.Errorf("%s: with only the shipped math font, display math is drawn with %s (downloaded: %v); want Noto Sans Math from fonts/NotoSansMath-Regular.woff2", url, fontList(fonts), custom)
	}
}

// builtLabs lists the URLs of every lab in the built site.
func builtLabs(t *testing.T, public, base string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(public, "labs"))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range entries {
		if e.IsDir() {
			urls = append(urls, base+"labs/"+e.Name()+"/")
		}
	}
	if len(urls) == 0 {
		t.Fatal("no labs built")
	}
	return urls
}

// overflowReport says whether a page scrolls sideways and which elements
// stick out of the viewport.
type overflowReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	Width       int      `json:"width"`
	Culprits    []string `json:"culprits"`
}

const measureOverflow = `(() => {
  const w = document.documentElement.clientWidth;
  const r = {scrollWidth: document.documentElement.scrollWidth, width: w, culprits: []};
  for (const el of document.body.querySelectorAll('*')) {
    const b = el.getBoundingClientRect();
    if (b.right > w + 1 && b.width > 0) {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroller = true; break; }
      }
      if (!inScroller) r.culprits.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' right=' + Math.round(b.right));
    }
  }
  r.culprits = r.culprits.slice(0, 8);
  return r;
})()`

// TestBrowserNoSidewaysScrollAt320 loads every lab and index page at
// 320 px, the narrowest common phone, and checks that none scrolls
// sideways: long formulas, tables and figures scroll inside their own box.
func TestBrowserNoSidewaysScrollAt320(t *testing.T) {
	ctx, base, public := lookSite(t)
	urls := append(builtLabs(t, public, base), base, base+"labs/", base+"keywords/", base+"keywords/attention/")
	for _, url := range urls {
		open(t, ctx, url, 320, 640)
		r := eval[overflowReport](t, ctx, measureOverflow)
		if r.ScrollWidth > r.Width {
			t.Errorf("%s at 320 px scrolls sideways by %d px; elements sticking out: %v", url, r.ScrollWidth-r.Width, r.Culprits)
		}
	}
}

// tocReport is where the table of contents sits.
type tocReport struct {
	SidePosition  string  `json:"sidePosition"`
	SideDisplay   string  `json:"sideDisplay"`
	InlineDisplay string  `json:"inlineDisplay"`
	SideLeft      float64 `json:"sideLeft"`
	SideTop       float64 `json:"sideTop"`
	SideBottom    float64 `json:"sideBottom"`
	BodyRight     float64 `json:"bodyRight"`
	BodyLeft      float64 `json:"bodyLeft"`
	ViewHeight    float64 `json:"viewHeight"`
	ScrolledTop   float64 `json:"scrolledTop"`
	FirstH2Top    float64 `json:"firstH2Top"`
}

const measureTOC = `(() => {
  const side = document.querySelector('.toc-side'), inline = document.querySelector('.toc-inline');
  const body = document.querySelector('.lab-body');
  const h2 = body.querySelector('h2');
  const s = side.getBoundingClientRect(), b = body.getBoundingClientRect();
  const r = {sidePosition: getComputedStyle(side).position, sideDisplay: getComputedStyle(side).display,
    inlineDisplay: getComputedStyle(inline).display, sideLeft: s.left, sideTop: s.top, sideBottom: s.bottom,
    bodyRight: b.right, bodyLeft: b.left, viewHeight: window.innerHeight, firstH2Top: h2.getBoundingClientRect().top};
  window.scrollTo(0, document.documentElement.scrollHeight / 2);
  r.scrolledTop = side.getBoundingClientRect().top;
  window.scrollTo(0, 0);
  return r;
})()`

// TestBrowserTableOfContents checks the table of contents on every lab:
// at 1280 px a sticky sidebar beside the text that stays on screen while
// the page scrolls, at 360 px a collapsed box above the text; and at both
// sizes the first section starts on the first screen.
func TestBrowserTableOfContents(t *testing.T) {
	ctx, base, public := lookSite(t)
	for _, url := range builtLabs(t, public, base) {
		open(t, ctx, url, 1280, 800)
		r := eval[tocReport](t, ctx, measureTOC)
		if r.SideDisplay == "none" || r.InlineDisplay != "none" {
			t.Errorf("%s at 1280 px: sidebar display %q, inline table of contents display %q; want the sidebar only", url, r.SideDisplay, r.InlineDisplay)
		}
		if r.SidePosition != "sticky" && r.SidePosition != "fixed" {
			t.Errorf("%s at 1280 px: the table of contents has position %q, want sticky", url, r.SidePosition)
		}
		if r.SideLeft < r.BodyRight {
			t.Errorf("%s at 1280 px: the table of contents (left %.0f) overlaps the text (right %.0f); want it beside", url, r.SideLeft, r.BodyRight)
		}
		if r.ScrolledTop < 0 || r.ScrolledTop > 40 {
			t.Errorf("%s at 1280 px: scrolled half way, the table of contents is at top %.0f; want it held near the top of the screen", url, r.ScrolledTop)
		}
		if r.FirstH2Top >= r.ViewHeight-40 {
			t.Errorf("%s at 1280×800: the first section starts at %.0f px, below the first screen", url, r.FirstH2Top)
		}

		open(t, ctx, url, 360, 640)
		r = eval[tocReport](t, ctx, measureTOC)
		if r.SideDisplay != "none" || r.InlineDisplay == "none" {
			t.Errorf("%s at 360 px: sidebar display %q, inline display %q; want the inline one only", url, r.SideDisplay, r.InlineDisplay)
		}
		if r.FirstH2Top >= r.ViewHeight-40 {
			t.Errorf("%s at 360×640: the first section starts at %.0f px, below the first screen", url, r.FirstH2Top)
		}
	}
}

// sectionReport lists the section headings and the table of contents.
type sectionReport struct {
	Headings []string `json:"headings"`
	TOC      []string `json:"toc"`
}

// TestBrowserNumberedSections checks that every h2 and h3 of a lab shows
// its number, 1, 2, … and 7.1, 7.2, …, and that the table of contents shows
// the same numbers.
func TestBrowserNumberedSections(t *testing.T) {
	ctx, base, public := lookSite(t)
	for _, url := range builtLabs(t, public, base) {
		open(t, ctx, url, 1280, 800)
		r := eval[sectionReport](t, ctx, `({
  headings: [...document.querySelectorAll('.lab-body :is(h2, h3)')].filter(h => !h.closest('.footnotes')).map(h => h.innerText.replace(/\s*#$/, '').replace(/\s+/g, ' ').trim()),
  toc: [...document.querySelectorAll('.toc-side a')].map(a => a.innerText.replace(/\s+/g, ' ').trim()),
})`)
		if len(r.Headings) == 0 {
			t.Fatalf("%s: no section headings", url)
		}
		h2, h3 := 0, 0
		for i, h := range r.Headings {
			num, _, _ := strings.Cut(h, " ")
			var want string
			if strings.Contains(num, ".") {
				h3++
				want = fmt.Sprintf("%d.%d", h2, h3)
			} else {
				h2, h3 = h2+1, 0
				want = fmt.Sprint(h2)
			}
			if num != want {
				t.Errorf("%s: heading %q does not start with its number %s", url, h, want)
			}
			if i >= len(r.TOC) || r.TOC[i] != h {
				t.Errorf("%s: table of contents entry %d is %q, want %q", url, i, strings.Join(r.TOC[min(i, len(r.TOC)):min(i+1, len(r.TOC))], ""), h)
			}
		}
	}
}

// TestBrowserAnchorsHiddenUntilHover checks that a heading's anchor has
// opacity 0 until the heading is hovered or the anchor focused, also on a
// device without hover, and that it can be reached with the keyboard.
func TestBrowserAnchorsHiddenUntilHover(t *testing.T) {
	public := buildRepoSite(t)
	base := serveDir(t, public)
	url := base + "labs/attention-weighted-mixture/"
	// Blink's hover types: 1 none (a touch screen), 2 hover (a mouse).
	for _, hover := range []string{"none", "hover"} {
		types := map[string]string{"none": "1", "hover": "2"}[hover]
		ctx := browsertest.NewWith(t, chromedp.Flag("blink-settings", "primaryHoverType="+types+",availableHoverTypes="+types))
		open(t, ctx, url, 1280, 800)
		if got := eval[bool](t, ctx, `matchMedia('(hover: hover)').matches`); got != (hover == "hover") {
			t.Fatalf("hover: %s: the browser reports (hover: hover) = %v", hover, got)
		}
		opacity := func() string {
			return eval[string](t, ctx, `getComputedStyle(document.querySelector('.lab-body h2 .anchor')).opacity`)
		}
		if o := opacity(); o != "0" {
			t.Errorf("hover: %s: the anchor of a heading nobody hovers has opacity %s, want 0", hover, o)
		}
		box := eval[[]float64](t, ctx, `(() => { const b = document.querySelector('.lab-body h2').getBoundingClientRect(); return [b.left + 20, b.top + b.height / 2]; })()`)
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(tctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1]))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		want := "1"
		if hover == "none" {
			want = "0"
		}
		if o := opacity(); o != want {
			t.Errorf("hover: %s: with the pointer over the heading the anchor has opacity %s, want %s", hover, o, want)
		}
		tctx, cancel = context.WithTimeout(ctx, 30*time.Second)
		err = chromedp.Do(tctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1, 1), chromedp.Focus(chromedp.CSS(".lab-body h2 .anchor")))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if o := opacity(); o != "1" {
			t.Errorf("hover: %s: the focused anchor has opacity %s, want 1", hover, o)
		}
		if ti := eval[int](t, ctx, `document.querySelector('.lab-body h2 .anchor').tabIndex`); ti < 0 {
			t.Errorf("the anchor is not in the tab order (tabIndex %d)", ti)
		}
	}
}

// figureReport measures the text of every figure on a page.
type figureReport struct {
	Figures  int      `json:"figures"`
	Small    []string `json:"small"`
	Overlaps []string `json:"overlaps"`
}

const measureFigures = `(() => {
  const r = {figures: 0, small: [], overlaps: []};
  for (const svg of document.querySelectorAll('figure.figure svg')) {
    r.figures++;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')];
    for (const t of texts) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 14) r.small.push(svg.closest('figure').id + ' "' + t.textContent + '" ' + px.toFixed(1) + 'px');
    }
    const boxes = texts.map(t => [t, t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [ta, a] = boxes[i], [tb, b] = boxes[j];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
        r.overlaps.push(svg.closest('figure').id + ': "' + ta.textContent + '" and "' + tb.textContent + '"');
    }
  }
  return r;
})()`

// TestBrowserFigureText checks every figure of every lab at 320 and
// 1280 px: no text is smaller than 14 px as shown, and no two texts
// (labels, tick labels, heatmap values) overlap.
func TestBrowserFigureText(t *testing.T) {
	ctx, base, public := lookSite(t)
	total := 0
	for _, width := range []int64{320, 1280} {
		for _, url := range builtLabs(t, public, base) {
			open(t, ctx, url, width, 800)
			r := eval[figureReport](t, ctx, measureFigures)
			total += r.Figures
			if len(r.Small) > 0 {
				t.Errorf("%s at %d px: figure text below 14 px: %v", url, width, r.Small)
			}
			if len(r.Overlaps) > 0 {
				t.Errorf("%s at %d px: figure texts overlap: %v", url, width, r.Overlaps)
			}
		}
	}
	if total == 0 {
		t.Fatal("no figures on any lab: the test would pass vacuously")
	}
}
