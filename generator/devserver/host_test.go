package devserver

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveOn runs s on a new loopback port until the test ends and returns
// its address.
func serveOn(t *testing.T, s *Server, listen string) string {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return ln.Addr().String()
}

// TestHostCheck sends pages and event-stream requests with Host headers
// that name this server and others: only this server's address and its
// localhost forms are answered; any other name gets 403 (DNS rebinding).
func TestHostCheck(t *testing.T) {
	s := newTestServer(t, writeTestSite(t, testSite), nil)
	addr := serveOn(t, s, "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(addr)
	cases := []struct {
		host string
		ok   bool
	}{
		{addr, true},
		{"127.0.0.1:" + port, true},
		{"localhost:" + port, true},
		{"LOCALHOST:" + port, true},
		{"localhost.:" + port, true},
		{"[::1]:" + port, true},
		{"127.0.0.2:" + port, true}, // loopback
		{"evil.example:" + port, false},
		{"evil.example", false},
		{"localhost.evil.example:" + port, false},
		{"127.0.0.1.nip.io:" + port, false},
		{"localhost:1", false}, // another port
		{"localhost", false},   // port 80
		{"192.168.1.5:" + port, false},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range cases {
		for _, target := range []string{"/", "/labs/one/", "/style.css", "/nope", eventsPath} {
			ctx, cancel := context.WithCancel(context.Background())
			req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+addr+target, nil)
			req.Host = c.host
			resp, err := client.Do(req)
			if err != nil {
				cancel()
				t.Fatalf("Host %q, %s: %v", c.host, target, err)
			}
			body := make([]byte, 64)
			n, _ := io.ReadAtLeast(resp.Body, body, 1)
			resp.Body.Close()
			cancel()
			forbidden := resp.StatusCode == http.StatusForbidden
			if forbidden == c.ok {
				t.Errorf("Host %q, %s: status %d, want allowed=%v", c.host, target, resp.StatusCode, c.ok)
			}
			if forbidden && !strings.Contains(string(body[:n]), "403") {
				t.Errorf("Host %q, %s: 403 body %q", c.host, target, body[:n])
			}
			if !forbidden && target == eventsPath && resp.Header.Get("Content-Type") != "text/event-stream" {
				t.Errorf("Host %q: events answered %q", c.host, resp.Header.Get("Content-Type"))
			}
		}
	}
}

// TestHostCheckAllInterfaces checks that a server listening on every
// interface accepts IP addresses with its port (a name can be rebound, an
// address cannot) and the name it was asked to serve, but no other name.
func TestHostCheckAllInterfaces(t *testing.T) {
	dir := writeTestSite(t, testSite)
	s, err := New(context.Background(), Config{Src: dir, Addr: "labs.example:1414"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.allowAddrs("0.0.0.0:1414")
	for host, ok := range map[string]bool{
		"192.168.1.5:1414":       true,
		"[fe80::1]:1414":         true,
		"labs.example:1414":      true,
		"localhost:1414":         true,
		"192.168.1.5:1415":       false,
		"other.example:1414":     false,
		"labs.example.evil:1414": false,
		"":                       false, // HTTP/1.0 without a Host
	} {
		rec := getHost(s, "/", host)
		if (rec.Code != http.StatusForbidden) != ok {
			t.Errorf("Host %q: status %d, want allowed=%v", host, rec.Code, ok)
		}
	}
}
