package publish

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"paperlab/generator/site"
)

// These tests serve a built site under /labs/, as a GitHub Pages project
// site is, and crawl it over HTTP: every same-origin link, image and
// stylesheet must answer 200, every #fragment must name an id, and the 404
// page, as served for a missing address two levels deep, must link only to
// what exists. In CI the server is nginx (with the GitHub-Pages-like
// configuration of testdata/nginx.conf); elsewhere, without nginx, a small
// net/http server that behaves the same.

const prefix = "/labs/"

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// serve serves dir under prefix on port until the test ends.
func serve(t *testing.T, dir string, port int) {
	t.Helper()
	if nginx, err := exec.LookPath("nginx"); err == nil {
		serveNginx(t, nginx, dir, port)
		return
	} else if os.Getenv("CI") != "" {
		t.Fatal("nginx is not installed: CI must serve the site with it (.ci/run installs nginx)")
	}
	serveGo(t, dir, port)
}

func serveNginx(t *testing.T, nginx, dir string, port int) {
	t.Helper()
	tmpl, err := os.ReadFile(filepath.Join("testdata", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(root, strings.Trim(prefix, "/"))); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := strings.NewReplacer("@USER@", user, "@TMP@", tmp, "@PORT@", fmt.Sprint(port), "@ROOT@", root, "@PREFIX@", prefix).Replace(string(tmpl))
	if err := os.WriteFile(filepath.Join(tmp, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-p", tmp, "-e", filepath.Join(tmp, "error.log"), "-c", filepath.Join(tmp, "nginx.conf"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			return
		}
		if i == 100 {
			log, _ := os.ReadFile(filepath.Join(tmp, "error.log"))
			t.Fatalf("nginx did not start: %s%s", stderr.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serveGo is the fallback server: dir under prefix, /d → /d/ redirects,
// /d/ → d/index.html, anything missing → 404 with 404.html.
func serveGo(t *testing.T, dir string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	notFound := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
		w.Write(b)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix) {
			notFound(w)
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, prefix)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		fi, err := os.Stat(p)
		switch {
		case err != nil || strings.Contains(rel, ".."):
			notFound(w)
		case fi.IsDir() && !strings.HasSuffix(r.URL.Path, "/") && rel != "":
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		case fi.IsDir():
			if _, err := os.Stat(filepath.Join(p, "index.html")); err != nil {
				notFound(w)
				return
			}
			http.ServeFile(w, r, filepath.Join(p, "index.html"))
		default:
			http.ServeFile(w, r, p)
		}
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// crawler fetches every same-origin page and reference from a start URL.
type crawler struct {
	t      *testing.T
	origin string
	scope  string // pages below it are crawled
	client *http.Client
	pages  map[string]*fetched
	broken []string
	checks int
}

type fetched struct {
	status int
	html   bool
	ids    map[string]bool
	refs   []string // absolute URLs (with fragments)
	navs   []string // the refs a reader follows (a, area)
	body   []byte
}

func (c *crawler) fetch(u string) *fetched {
	key := strings.SplitN(u, "#", 2)[0]
	if f, ok := c.pages[key]; ok {
		return f
	}
	f := &fetched{}
	c.pages[key] = f
	resp, err := c.client.Get(key)
	if err != nil {
		c.t.Fatalf("GET %s: %v", key, err)
	}
	defer resp.Body.Close()
	f.status = resp.StatusCode
	f.body, _ = io.ReadAll(resp.Body)
	final := resp.Request.URL.String()
	switch ct := resp.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "text/html"):
		f.html = true
		f.ids, f.refs, f.navs = extract(c.t, final, f.body)
	case strings.HasPrefix(ct, "text/css"):
		for _, m := range cssURL(string(f.body)) {
			if r, err := url.Parse(final); err == nil {
				if v, err := r.Parse(m); err == nil {
					f.refs = append(f.refs, v.String())
				}
			}
		}
	}
	return f
}

// extract parses HTML with the tree parser and returns its ids and
// references resolved against the page's URL.
func extract(t *testing.T, pageURL string, body []byte) (ids map[string]bool, refs, navs []string) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", pageURL, err)
	}
	base, _ := url.Parse(pageURL)
	ids = map[string]bool{}
	add := func(raw string, nav bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "data:") || strings.HasPrefix(raw, "mailto:") {
			return
		}
		u, err := base.Parse(raw)
		if err != nil {
			t.Errorf("%s: bad URL %q", pageURL, raw)
			return
		}
		refs = append(refs, u.String())
		if nav {
			navs = append(navs, u.String())
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					ids[a.Val] = true
				case a.Key == "href" && (n.Data == "a" || n.Data == "area"):
					add(a.Val, true)
				case a.Key == "href" && n.Data == "link" || a.Key == "src" || a.Key == "poster" || a.Key == "data" && n.Data == "object":
					add(a.Val, false)
				case a.Key == "srcset":
					for _, part := range strings.Split(a.Val, ",") {
						if f := strings.Fields(part); len(f) > 0 {
							add(f[0], false)
						}
					}
				case a.Key == "content" && n.Data == "meta" && strings.HasPrefix(a.Val, "http"):
					add(a.Val, false)
				}
			}
			if n.Data == "style" && n.FirstChild != nil {
				for _, m := range cssURL(n.FirstChild.Data) {
					add(m, false)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return ids, refs, navs
}

func cssURL(css string) []string {
	var out []string
	for {
		i := strings.Index(css, "url(")
		if i < 0 {
			return out
		}
		css = css[i+4:]
		j := strings.IndexByte(css, ')')
		if j < 0 {
			return out
		}
		if u := strings.Trim(strings.TrimSpace(css[:j]), `'"`); !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, "data:") {
			out = append(out, u)
		}
		css = css[j:]
	}
}

// check fetches ref (found on from) and records it when broken.
func (c *crawler) check(from, ref string) {
	if !strings.HasPrefix(ref, c.origin+"/") {
		return // another site: never fetched
	}
	c.checks++
	f := c.fetch(ref)
	if f.status != http.StatusOK {
		c.broken = append(c.broken, fmt.Sprintf("%s -> %s: status %d", from, ref, f.status))
		return
	}
	if _, frag, ok := strings.Cut(ref, "#"); ok && frag != "" && f.html {
		if id, err := url.PathUnescape(frag); err == nil && !f.ids[id] && !strings.EqualFold(id, "top") {
			c.broken = append(c.broken, fmt.Sprintf("%s -> %s: no id %q", from, ref, id))
		}
	}
}

// crawl walks every page below the scope from start, then the sitemap's
// and feed's entries, then the 404 page as served for a missing address.
func (c *crawler) crawl(start string, withFeeds bool) (pages int) {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		f := c.fetch(u)
		if f.status != http.StatusOK {
			c.broken = append(c.broken, fmt.Sprintf("%s: status %d", u, f.status))
			continue
		}
		if !f.html {
			continue
		}
		pages++
		for _, r := range f.refs {
			c.check(u, r)
		}
		for _, n := range f.navs {
			k := strings.SplitN(n, "#", 2)[0]
			if strings.HasPrefix(k, c.scope) && !seen[k] {
				seen[k] = true
				queue = append(queue, k)
			}
		}
	}
	if withFeeds {
		for _, name := range []string{"sitemap.xml", "feed.xml"} {
			f := c.fetch(c.scope + name)
			if f.status != http.StatusOK {
				c.broken = append(c.broken, fmt.Sprintf("%s%s: status %d", c.scope, name, f.status))
				continue
			}
			for _, loc := range xmlLinks(c.t, name, f.body) {
				c.check(name, loc)
			}
		}
	}
	probe := c.scope + "missing/a/b"
	f := c.fetch(probe)
	if f.status != http.StatusNotFound || !f.html || !bytes.Contains(f.body, []byte("Page not found")) {
		c.t.Errorf("%s: status %d, html %v; want the site's 404 page", probe, f.status, f.html)
	}
	for _, r := range f.refs {
		c.check("404 page at "+probe, r)
	}
	return pages
}

// xmlLinks returns the <loc> texts and <link href>s of a sitemap or feed.
func xmlLinks(t *testing.T, name string, body []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var out []string
	inLoc := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inLoc = x.Name.Local == "loc"
			if x.Name.Local == "link" {
				for _, a := range x.Attr {
					if a.Name.Local == "href" {
						out = append(out, a.Value)
					}
				}
			}
		case xml.CharData:
			if inLoc {
				out = append(out, strings.TrimSpace(string(x)))
			}
		case xml.EndElement:
			inLoc = false
		}
	}
}

// servedSite copies the repository's content and layouts and adds a lab
// with an image next to it and one in a sub-folder.
func servedSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "content"), filepath.Join(src, "content"))
	copyDir(t, filepath.Join("..", "..", "layouts"), filepath.Join(src, "layouts"))
	write(t, filepath.Join(src, "content/labs/figures.md"), "---\ntitle: Figures & <Friends>\nsummary: Images next to the lab and in a folder.\nmodified: 2026-05-01\nkeywords: [figures]\n---\n"+
		"## Plots\n\n![beside](figures.svg)\n\n![nested](figures/plots/nested.svg)\n\nThe [data](figures/data.csv) and [the softmax lab](softmax-weights.md#the-definition).\n")
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#0b57d0"/></svg>`
	write(t, filepath.Join(src, "content/labs/figures.svg"), svg)
	write(t, filepath.Join(src, "content/labs/figures/plots/nested.svg"), svg)
	write(t, filepath.Join(src, "content/labs/figures/data.csv"), "a,b\n1,2\n")
	return src
}

func TestServedUnderASubPathHasNoBrokenLinks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		absolute bool
	}{{"with base URL", true}, {"without base URL", false}} {
		t.Run(tc.name, func(t *testing.T) {
			src := servedSite(t)
			port := freePort(t)
			origin := fmt.Sprintf("http://127.0.0.1:%d", port)
			base := ""
			if tc.absolute {
				base = origin + prefix
			}
			out := filepath.Join(t.TempDir(), "public")
			res, err := site.Build(context.Background(), site.Config{Src: src, Out: out, BaseURL: base, Strict: true})
			if err != nil {
				t.Fatalf("%v\n%v", err, res.Diagnostics)
			}
			serve(t, out, port)
			c := &crawler{t: t, origin: origin, scope: origin + prefix, pages: map[string]*fetched{},
				client: &http.Client{Timeout: 15 * time.Second}}
			pages := c.crawl(origin+prefix, tc.absolute)
			for _, b := range c.broken {
				t.Error(b)
			}
			if pages < res.Pages-1 { // every page but 404.html
				t.Errorf("crawled %d pages, the build wrote %d (with 404.html): some are unreachable", pages, res.Pages)
			}
			for _, must := range []string{"labs/figures.svg", "labs/figures/plots/nested.svg", "style.css"} {
				if f := c.pages[origin+prefix+must]; f == nil || f.status != http.StatusOK {
					t.Errorf("%s was never fetched by the crawl", must)
				}
			}
			t.Logf("%d pages crawled, %d same-origin references checked", pages, c.checks)
		})
	}
}
