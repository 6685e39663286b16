package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// stream reads the messages of one event stream.
type stream struct {
	t    *testing.T
	msgs chan message
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	st := &stream{t: t, msgs: make(chan message, 16)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var m message
			if err := json.Unmarshal([]byte(data), &m); err != nil {
				panic(err)
			}
			st.msgs <- m
		}
		close(st.msgs)
	}()
	return st
}

func (s *stream) next() message {
	s.t.Helper()
	select {
	case m, ok := <-s.msgs:
		if !ok {
			s.t.Fatal("event stream ended")
		}
		return m
	case <-time.After(10 * time.Second):
		s.t.Fatal("no event arrived")
	}
	return message{}
}

// TestLiveReloadMessages drives rebuilds by hand and checks what an open
// tab is told: which pages changed, stylesheet-only changes, errors with
// positions, their clearing, and the current state on connecting.
func TestLiveReloadMessages(t *testing.T) {
	dir := writeTestSite(t, testSite)
	var log strings.Builder
	s := newTestServer(t, dir, &log)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	ctx := context.Background()
	v := s.state.Load().version
	es := openStream(t, ts.URL+"/_paperlab/events?page=labs/one/index.html&boot="+s.boot+"&v="+itoa(v))
	if m := es.next(); m.Boot != s.boot || len(m.Errors) > 0 || len(m.Changed) > 0 {
		t.Fatalf("hello %+v", m)
	}

	lab := filepath.Join(dir, "content", "labs", "one.md")
	editFile(t, lab, "The first text.", "The edited text.")
	s.Rebuild(ctx, []string{"content/labs/one.md"})
	m := es.next()
	if !slices.Equal(m.Changed, []string{"labs/one/index.html"}) || m.CSS != nil || m.All || len(m.Errors) > 0 {
		t.Fatalf("after a body edit: %+v", m)
	}
	// two.md names one.md in "after", but reads only its front matter and
	// directive values, which a prose edit leaves alone.
	if !strings.Contains(log.String(), "content/labs/one.md: rebuilt 1 page in ") {
		t.Errorf("log lacks the rebuild line:\n%s", log.String())
	}

	editFile(t, filepath.Join(dir, "layouts", "static", "style.css"), "{", "{ --edited: 1;")
	s.Rebuild(ctx, []string{"layouts/static/style.css"})
	m = es.next()
	if !slices.Equal(m.CSS, []string{"style.css"}) || m.Changed != nil || m.All {
		t.Fatalf("after a stylesheet edit: %+v", m)
	}

	editFile(t, lab, "title: Lab One", "title: [Lab One")
	s.Rebuild(ctx, []string{"content/labs/one.md"})
	m = es.next()
	if len(m.Errors) == 0 || !regexp.MustCompile(`^content/labs/one\.md:\d+:\d+: front matter: `).MatchString(m.Errors[0]) {
		t.Fatalf("after breaking the YAML: %+v", m)
	}
	if !strings.Contains(log.String(), "build failed with") {
		t.Errorf("log lacks the failure:\n%s", log.String())
	}
	// The last good page is still served.
	if body := get(s, "GET", "/labs/one/").Body.String(); !strings.Contains(body, "The edited text.") {
		t.Error("the last good page is gone after a failed build")
	}
	// A tab opened now learns of the errors at once.
	late := openStream(t, ts.URL+"/_paperlab/events?page=index.html&boot="+s.boot+"&v="+itoa(s.state.Load().version))
	if m := late.next(); len(m.Errors) == 0 {
		t.Fatalf("hello while broken: %+v", m)
	}

	editFile(t, lab, "title: [Lab One", "title: Lab One Fixed")
	s.Rebuild(ctx, []string{"content/labs/one.md"})
	m = es.next()
	if len(m.Errors) != 0 || !slices.Contains(m.Changed, "labs/one/index.html") || !slices.Contains(m.Changed, "labs/two/index.html") || !slices.Contains(m.Changed, "index.html") {
		t.Fatalf("after fixing the YAML with a new title: %+v", m)
	}
	if m := late.next(); len(m.Errors) != 0 {
		t.Fatalf("second tab after the fix: %+v", m)
	}

	// A tab served an older build learns on connecting that its page
	// changed since.
	old := openStream(t, ts.URL+"/_paperlab/events?page=labs/one/index.html&boot="+s.boot+"&v="+itoa(v))
	if m := old.next(); !slices.Equal(m.Changed, []string{"labs/one/index.html"}) || !slices.Equal(m.CSS, []string{"style.css"}) {
		t.Fatalf("hello to a stale tab: %+v", m)
	}
}

func itoa(v uint64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestServeWatchesAndShutsDown runs the whole server on a port: a saved
// file reaches an open event stream through the watcher, and cancelling
// the context closes the stream and returns nil.
func TestServeWatchesAndShutsDown(t *testing.T) {
	dir := writeTestSite(t, testSite)
	s := newTestServer(t, dir, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	es := openStream(t, base+"/_paperlab/events?page=labs/two/index.html&boot="+s.boot+"&v=1")
	es.next()
	editFile(t, filepath.Join(dir, "content", "labs", "two.md"), "The second text.", "Changed on disk.")
	if m := es.next(); !slices.Equal(m.Changed, []string{"labs/two/index.html"}) {
		t.Fatalf("after saving two.md: %+v", m)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	for range es.msgs { // the stream must end
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestRebuildPrintsOnlyNewProblems checks that a rebuild prints a problem
// the previous rebuild printed only once, with a count of those that still
// stand, and prints a new one in full.
func TestRebuildPrintsOnlyNewProblems(t *testing.T) {
	dir := writeTestSite(t, testSite)
	lab := filepath.Join(dir, "content", "labs", "two.md")
	editFile(t, lab, "The second text.", "See [gone](gone.md).")
	var log strings.Builder
	s := newTestServer(t, dir, &log)
	const problem = "content/labs/two.md:5:5: link to gone.md"
	if !strings.Contains(log.String(), problem) {
		t.Fatalf("the first build does not print the broken link:\n%s", log.String())
	}
	editFile(t, filepath.Join(dir, "content", "labs", "one.md"), "The first text.", "The edited text.")
	s.Rebuild(context.Background(), []string{"content/labs/one.md"})
	if n := strings.Count(log.String(), problem); n != 1 {
		t.Errorf("the broken link is printed %d times after a rebuild, want once:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "(1 problem printed before still stand)") {
		t.Errorf("the rebuild does not say that a problem still stands:\n%s", log.String())
	}
	editFile(t, lab, "See [gone](gone.md).", "See [gone](gone.md) and [lost](lost.md).")
	s.Rebuild(context.Background(), []string{"content/labs/two.md"})
	if !strings.Contains(log.String(), "link to lost.md") {
		t.Errorf("a new problem is not printed:\n%s", log.String())
	}
}
