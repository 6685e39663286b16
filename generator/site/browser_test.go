package site

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"paperlab/generator/browsertest"
)

// buildRepoSite builds the repository's own content and layouts into a
// temporary folder, with --strict as the site's build uses.
func buildRepoSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "content"), filepath.Join(src, "content"))
	copyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(src, "layouts"))
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "/", Strict: true})
	if err != nil {
		t.Fatalf("building the site: %v\n%s", err, diagnostics(res))
	}
	return filepath.Join(src, "public")
}

// serveDir serves dir on a loopback port until the test ends.
func serveDir(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// mathReport is what the page script measures.
type mathReport struct {
	Maths      int      `json:"maths"`
	Empty      []string `json:"empty"`
	Merrors    int      `json:"merrors"`
	Overlaps   []string `json:"overlaps"`
	Overflow   bool     `json:"overflow"`
	ScriptTags int      `json:"scripts"`
}

const measure = `(() => {
  const r = {maths: 0, empty: [], merrors: document.querySelectorAll('merror').length, overlaps: [], overflow: false,
             scripts: document.querySelectorAll('script').length};
  for (const m of document.querySelectorAll('math')) {
    r.maths++;
    const b = m.getBoundingClientRect();
    if (!(b.width > 0 && b.height > 0)) {
      const a = m.querySelector('annotation');
      r.empty.push(a ? a.textContent : m.outerHTML.slice(0, 80));
    }
  }
  for (const eq of document.querySelectorAll('.equation')) {
    const m = eq.querySelector('math').getBoundingClientRect();
    const n = eq.querySelector('.eqno').getBoundingClientRect();
    if (n.left < m.right - 0.5 && n.right > m.left && n.top < m.bottom && n.bottom > m.top) r.overlaps.push(eq.id);
  }
  r.overflow = document.documentElement.scrollWidth > window.innerWidth + 1;
  return r;
})()`

// TestBrowserRendersMath loads every built lab in Chromium at a phone and
// a desktop width and checks that every <math> element has a rendered box,
// that no <merror> appears, that equation numbers do not overlap their
// formulas, that the page does not scroll sideways, and that it has no
// script.
func TestBrowserRendersMath(t *testing.T) {
	ctx := browsertest.New(t)
	public := buildRepoSite(t)
	base := serveDir(t, public)
	labs, err := os.ReadDir(filepath.Join(public, "labs"))
	if err != nil || len(labs) == 0 {
		t.Fatalf("no labs built: %v", err)
	}
	total := 0
	for _, width := range []int64{360, 1280} {
		for _, lab := range labs {
			url := base + "labs/" + lab.Name() + "/"
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(tctx,
				chromedp.EmulateViewport(width, 800),
				chromedp.Navigate(url),
				chromedp.WaitReady("footer"),
			)
			var r mathReport
			if err == nil {
				r, err = chromedp.Run(tctx, chromedp.Evaluate[mathReport](measure))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", url, width, err)
			}
			total += r.Maths
			if len(r.Empty) > 0 {
				t.Errorf("%s at %d px: %d <math> elements have no rendered box: %s", url, width, len(r.Empty), strings.Join(r.Empty, " | "))
			}
			if r.Merrors > 0 {
				t.Errorf("%s at %d px: %d <merror> elements", url, width, r.Merrors)
			}
			if len(r.Overlaps) > 0 {
				t.Errorf("%s at %d px: equation numbers overlap their formulas: %v", url, width, r.Overlaps)
			}
			if r.Overflow {
				t.Errorf("%s at %d px: the page scrolls sideways", url, width)
			}
			if r.ScriptTags > 0 {
				t.Errorf("%s: built page has %d <script> elements", url, r.ScriptTags)
			}
		}
	}
	if total == 0 {
		t.Fatal("no <math> elements found on any lab: the test would pass vacuously")
	}
}
