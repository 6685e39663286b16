package devserver

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
)

// hostAllowed reports whether a request's Host header names this server,
// so that a page of another site whose name was rebound to this machine's
// address (DNS rebinding) cannot read the preview or its event stream.
// Allowed are the address served (the listener's and the one asked for)
// and its localhost forms, localhost, 127.0.0.1 and [::1], all with the
// port served; when the server listens on every interface (0.0.0.0 or
// [::]), any IP address with that port too, as a name can be rebound but
// an address cannot. A server that was never told its address (a handler
// in a test) allows the localhost forms on any port.
func (s *Server) hostAllowed(hostHeader string) bool {
	host, port, err := net.SplitHostPort(hostHeader)
	if err != nil {
		host, port = hostHeader, "80"
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "" {
		return false
	}
	addrs := *s.addrs.Load()
	if len(addrs) == 0 {
		return isLocalhost(host)
	}
	for _, a := range addrs {
		ah, ap, err := net.SplitHostPort(a)
		if err != nil || ap != port {
			continue
		}
		ah = strings.ToLower(ah)
		if host == ah || isLocalhost(host) {
			return true
		}
		if ip := net.ParseIP(ah); ip != nil && ip.IsUnspecified() && net.ParseIP(host) != nil {
			return true
		}
	}
	return false
}

// isLocalhost reports the names of this machine's loopback interface.
func isLocalhost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowAddrs adds served addresses (HOST:PORT) to those hostAllowed
// accepts.
func (s *Server) allowAddrs(addrs ...string) {
	for {
		old := s.addrs.Load()
		next := slices.Concat(*old, addrs)
		if s.addrs.CompareAndSwap(old, &next) {
			return
		}
	}
}

// refuseHost answers a request whose Host header is not this server.
func (s *Server) refuseHost(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, "403 forbidden: the Host %q is not the address of this paperlab preview; open it by its own address, such as http://localhost:PORT/\n", r.Host)
}
