package devserver

import (
	"html"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// contentType is the type of a file a site has, by extension, or "".
func contentType(ext string) string {
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".json":
		return "application/json"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return mime.TypeByExtension(ext)
}

// notFoundPage is shown when the site has no 404.html (it failed to build).
const notFoundPage = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>\n"

// ServeHTTP serves the current build from memory with pretty URLs:
// /labs/x/ is labs/x/index.html, /labs/x redirects to /labs/x/, and any
// other path gets 404 with the site's 404.html. Paths that try to leave
// the site (.., empty or dot segments, backslashes, NUL) get 404 too.
// HTML responses carry the live-reload script. A request whose Host header
// is not this server's address gets 403 (see hostAllowed).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		s.refuseHost(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == eventsPath {
		s.serveEvents(w, r)
		return
	}
	st := s.state.Load()
	name, ok := siteFile(r.URL.Path)
	if ok {
		if b, found := st.files[name]; found {
			s.serveFile(w, r, st, name, b, http.StatusOK)
			return
		}
		if f, found := st.failed[name]; found {
			s.serveFile(w, r, st, name, errorPage(name, f.source, f.errors), http.StatusInternalServerError)
			return
		}
		_, built := st.files[name+"/index.html"]
		if _, failed := st.failed[name+"/index.html"]; built || failed {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	// A tab showing "not found" for a page is told when that page
	// appears, as if it showed the page.
	page := "404.html"
	if ok && path.Ext(name) == ".html" {
		page = name
	}
	if b, found := st.files["404.html"]; found {
		s.serveHTML(w, r, st, page, b, http.StatusNotFound)
		return
	}
	if len(st.errors) > 0 {
		// Nothing ever built: show why on every page.
		s.serveHTML(w, r, st, page, errorPage(name, "", st.errors), http.StatusInternalServerError)
		return
	}
	s.serveHTML(w, r, st, page, []byte(notFoundPage), http.StatusNotFound)
}

// errorPage is served for an output file that failed and has no last good
// version: its problems, updated live by the client script (it fills the
// element paperlab-build-error instead of showing an overlay).
func errorPage(name, source string, errs []string) []byte {
	what := "The site"
	if name != "" && name != "404.html" {
		what = "/" + strings.TrimSuffix(name, "index.html")
	}
	fix := "Fix the problems below and save; this page updates by itself."
	if source != "" {
		fix = "Fix " + source + " and save; this page updates by itself."
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
	b.WriteString("<title>Build failed: " + html.EscapeString(what) + "</title>")
	b.WriteString("<style>body{margin:0;padding:2em 1.5em;background:#2b0b0b;color:#ffe8e8;font:15px/1.5 system-ui,sans-serif}" +
		"h1{font-size:1.3em;margin:0 0 .5em}pre{white-space:pre-wrap;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
		"border-top:4px solid #e5484d;padding-top:1em}</style></head><body>")
	b.WriteString("<h1>paperlab: " + html.EscapeString(what) + " did not build</h1>")
	b.WriteString("<p>" + html.EscapeString(fix) + "</p>")
	b.WriteString("<pre id=\"paperlab-build-error\">" + html.EscapeString(strings.Join(errs, "\n")) + "</pre>")
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// siteFile maps a URL path to the output file it names, reporting false
// for paths that are not plain, forward-only paths inside the site.
func siteFile(urlPath string) (string, bool) {
	p, ok := strings.CutPrefix(urlPath, "/")
	if !ok || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	dir := p == "" || strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p != "" {
		for _, seg := range strings.Split(p, "/") {
			if seg == "" || seg == "." || seg == ".." {
				return "", false
			}
		}
	}
	if dir {
		return path.Join(p, "index.html"), true
	}
	return p, true
}

// serveFile writes one file of the build; HTML gets the live-reload script.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, name string, b []byte, status int) {
	ext := path.Ext(name)
	if ext == ".html" {
		s.serveHTML(w, r, st, name, b, status)
		return
	}
	s.write(w, r, status, ext, b)
}

// serveHTML writes an HTML page with the live-reload script, which reloads
// it when the output file page changes.
func (s *Server) serveHTML(w http.ResponseWriter, r *http.Request, st *state, page string, b []byte, status int) {
	s.write(w, r, status, ".html", inject(b, scriptTag(page, s.boot, st.version)))
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, ext string, b []byte) {
	h := w.Header()
	ct := contentType(ext)
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}
