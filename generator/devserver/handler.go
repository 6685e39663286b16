package devserver

import (
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
		if _, found := st.files[name+"/index.html"]; found {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if b, found := st.files["404.html"]; found {
		s.serveFile(w, r, st, "404.html", b, http.StatusNotFound)
		return
	}
	s.serveFile(w, r, st, "404.html", []byte(notFoundPage), http.StatusNotFound)
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
		b = inject(b, scriptTag(name, s.boot, st.version))
	}
	s.write(w, r, status, ext, b)
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
