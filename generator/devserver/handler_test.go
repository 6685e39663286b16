package devserver

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func get(s *Server, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, nil)
	req.Host = "localhost:1414"
	s.ServeHTTP(rec, req)
	return rec
}

// getHost serves GET target with the given Host header.
func getHost(s *Server, target, host string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", target, nil)
	req.Host = host
	s.ServeHTTP(rec, req)
	return rec
}

func TestHandler(t *testing.T) {
	dir := writeTestSite(t, testSite)
	var log strings.Builder
	s := newTestServer(t, dir, &log)
	if st := s.state.Load(); len(st.errors) > 0 {
		t.Fatalf("build failed:\n%s", log.String())
	}

	cases := []struct {
		method, target string
		status         int
		ctype          string
		body           string // a part of the body
		location       string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", `data-page="index.html"`, ""},
		{"GET", "/labs/one/", 200, "text/html; charset=utf-8", "The first text.", ""},
		{"GET", "/labs/one/index.html", 200, "text/html; charset=utf-8", `data-page="labs/one/index.html"`, ""},
		{"HEAD", "/labs/one/", 200, "text/html; charset=utf-8", "", ""},
		{"GET", "/labs/one", 301, "", "", "/labs/one/"},
		{"GET", "/labs/one?x=1", 301, "", "", "/labs/one/"},
		{"GET", "/style.css", 200, "text/css; charset=utf-8", "", ""},
		{"GET", "/pic.svg", 200, "image/svg+xml", "<svg", ""},
		{"GET", "/feed.xml", 200, "application/xml; charset=utf-8", "<feed/>", ""},
		{"GET", "/data.json", 200, "application/json", "{}", ""},
		{"GET", "/labs/two/", 200, "text/html; charset=utf-8", "new EventSource(", ""},
		{"GET", "/_paperlab/live.js", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/nope/", 404, "text/html; charset=utf-8", "Page not found", ""},
		// The generated indexes.
		{"GET", "/labs/", 200, "text/html; charset=utf-8", "All labs", ""},
		{"GET", "/keywords/", 200, "text/html; charset=utf-8", "All keywords", ""},
		// No directory listings.
		{"GET", "/fonts/", 404, "text/html; charset=utf-8", "Page not found", ""},
		// Nothing outside the site.
		{"GET", "/../secret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/labs/../../secret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/%2e%2e/secret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/labs/%2e%2e%2f%2e%2e%2fsecret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/labs/..%5c..%5csecret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/%252e%252e/secret.txt", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/labs//one/", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/labs/./one/", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "/style.css%00.html", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"GET", "//example.org/", 404, "text/html; charset=utf-8", "Page not found", ""},
		{"POST", "/", 405, "text/plain; charset=utf-8", "", ""},
	}
	for _, c := range cases {
		rec := get(s, c.method, c.target)
		body := rec.Body.String()
		if rec.Code != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.target, rec.Code, c.status)
		}
		if c.ctype != "" && rec.Header().Get("Content-Type") != c.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", c.method, c.target, rec.Header().Get("Content-Type"), c.ctype)
		}
		if !strings.Contains(body, c.body) {
			t.Errorf("%s %s: body does not contain %q", c.method, c.target, c.body)
		}
		if strings.Contains(body, "TOP SECRET") {
			t.Errorf("%s %s: body shows a file outside the site", c.method, c.target)
		}
		if loc := rec.Header().Get("Location"); loc != c.location {
			t.Errorf("%s %s: Location %q, want %q", c.method, c.target, loc, c.location)
		}
		if c.method == "HEAD" && body != "" {
			t.Errorf("HEAD %s: has a body", c.target)
		}
	}
	// The built files never carry the script; served HTML does.
	for name, b := range s.state.Load().files {
		if strings.Contains(string(b), "<script") {
			t.Errorf("built file %s has a <script>", name)
		}
		if strings.Contains(string(b), "TOP SECRET") {
			t.Errorf("built file %s shows a file outside the site", name)
		}
	}
	if body := get(s, "GET", "/labs/one/").Body.String(); !strings.Contains(body, `<script data-page="labs/one/index.html"`) || !strings.Contains(body, "</script></body>") {
		t.Errorf("served page lacks the live-reload script before </body>:\n%s", body[max(0, len(body)-300):])
	}
}

// TestClientIsInlineSafe checks that the client script can sit inside a
// <script> element.
func TestClientIsInlineSafe(t *testing.T) {
	if strings.Contains(strings.ToLower(clientJS), "</script") || !strings.Contains(clientJS, "EventSource") {
		t.Error("client.js must hold no </script and must open an EventSource")
	}
}

func TestSiteFile(t *testing.T) {
	good := map[string]string{
		"/":                    "index.html",
		"/labs/x/":             "labs/x/index.html",
		"/labs/x":              "labs/x",
		"/style.css":           "style.css",
		"/keywords/a-b/":       "keywords/a-b/index.html",
		"/labs/x/index.html":   "labs/x/index.html",
		"/labs/..x/index.html": "labs/..x/index.html",
	}
	for in, want := range good {
		if got, ok := siteFile(in); !ok || got != want {
			t.Errorf("siteFile(%q) = %q, %t; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "x", "/..", "/../", "/a/../b", "/a/./b", "/a//b", "//a", "/a\\b", "/a\x00"} {
		if got, ok := siteFile(in); ok {
			t.Errorf("siteFile(%q) = %q, want refusal", in, got)
		}
	}
}

// TestOutsideLinks checks that symbolic links leading out of the source
// folder and special files are errors at their paths, as in paperlab
// build (both read through package source), and that nothing the links
// point at is served.
func TestOutsideLinks(t *testing.T) {
	dir := writeTestSite(t, testSite)
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.txt"), "TOP SECRET")
	writeFile(t, filepath.Join(outside, "labs", "leak.md"), "---\ntitle: Leak TOP SECRET\n---\nTOP SECRET\n")
	links := map[string]string{
		"layouts/static/secret.txt": filepath.Join(outside, "secret.txt"),
		"content/labs/leak.md":      filepath.Join(outside, "labs", "leak.md"),
		"content/more":              filepath.Join(outside, "labs"),
		"content/labs/up.md":        "../../../" + filepath.Base(outside) + "/labs/leak.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	// A named pipe must not block the build (it would wait for a writer).
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "labs", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	s := newTestServer(t, dir, &log)
	errs := strings.Join(s.state.Load().errors, "\n")
	for name := range links {
		if !strings.Contains(errs, name+": symbolic link to ") {
			t.Errorf("no error at %s in:\n%s", name, errs)
		}
	}
	if !strings.Contains(errs, "content/labs/pipe.md: is a named pipe (FIFO), not a regular file") {
		t.Errorf("no error at the named pipe in:\n%s", errs)
	}
	for _, target := range []string{"/secret.txt", "/labs/leak/", "/more/leak/", "/labs/up/"} {
		rec := get(s, "GET", target)
		if rec.Code != 404 || strings.Contains(rec.Body.String(), "TOP SECRET") {
			t.Errorf("GET %s: %d %q", target, rec.Code, rec.Body.String())
		}
	}
}
