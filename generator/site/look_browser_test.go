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
