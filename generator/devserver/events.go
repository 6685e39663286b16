package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// message is what every open tab is told after a build, as JSON in one
// Server-Sent Event.
type message struct {
	// Boot identifies the server process; a tab whose page came from
	// another one reloads.
	Boot string `json:"boot"`
	// Version is the build this message describes.
	Version uint64 `json:"version"`
	// Errors are the diagnostics of a failed build, path:line:col:
	// message; empty when the build succeeded.
	Errors []string `json:"errors"`
	// Failed maps each output file (e.g. "labs/x/index.html") that did
	// not build to its own problems; its tabs show them over its last
	// good version, or on an error page if it never built. Tabs of the
	// other pages stay current and mention the errors elsewhere.
	Failed map[string][]string `json:"failed,omitempty"`
	// Stale says the build made no pages at all: every tab shows the
	// errors over the last good page.
	Stale bool `json:"stale,omitempty"`
	// Changed are the output files (e.g. "labs/x/index.html") whose
	// bytes changed; tabs showing one of them reload.
	Changed []string `json:"changed,omitempty"`
	// CSS are the stylesheets that changed; tabs swap them in place.
	CSS []string `json:"css,omitempty"`
	// All asks every tab to reload: a file any page may use, such as an
	// image or a script, changed.
	All bool `json:"all,omitempty"`
}

// hub hands every message to every connected event stream.
type hub struct {
	mu      sync.Mutex
	clients map[chan message]struct{}
}

func (h *hub) subscribe() chan message {
	ch := make(chan message, 64)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients == nil {
		h.clients = map[chan message]struct{}{}
	}
	h.clients[ch] = struct{}{}
	return ch
}

func (h *hub) unsubscribe(ch chan message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, ch)
}

// broadcast queues m for every client; a client too slow to keep 64
// messages is skipped for this one.
func (h *hub) broadcast(m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- m:
		default:
		}
	}
}

// serveEvents streams messages to one tab. The first message is the
// current state: the errors of a failed build, so a tab opened while the
// site is broken shows them, and whether the tab's page or stylesheets
// changed since the build it was served from.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.hub.subscribe()
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")

	st := s.state.Load()
	hello := message{Boot: s.boot, Version: st.version}
	st.describe(&hello)
	q := r.URL.Query()
	if since, err := strconv.ParseUint(q.Get("v"), 10, 64); err == nil && q.Get("boot") == s.boot {
		if page := q.Get("page"); st.changedAt[page] > since {
			hello.Changed = []string{page}
		}
		for name, v := range st.changedAt {
			if v > since && isCSS(name) {
				hello.CSS = append(hello.CSS, name)
			}
		}
		slices.Sort(hello.CSS)
	}
	if !writeEvent(w, hello) {
		return
	}
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case m := <-ch:
			if !writeEvent(w, m) {
				return
			}
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		flusher.Flush()
	}
}

func writeEvent(w http.ResponseWriter, m message) bool {
	if m.Errors == nil {
		m.Errors = []string{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return false
	}
	_, err = fmt.Fprintf(w, "data: %s\n\n", b)
	return err == nil
}
