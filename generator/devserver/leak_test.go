package devserver

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// openFDs counts this process's open file descriptors, or -1 where
// /proc/self/fd does not exist.
func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// settle waits (up to a generous bound, as a guard against hanging, not
// a measurement) until the goroutine count is at most limit, and returns
// the last count.
func settle(limit int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 200 && n > limit; i++ {
		time.Sleep(50 * time.Millisecond)
		runtime.GC()
		n = runtime.NumGoroutine()
	}
	return n
}

// stable returns the goroutine count once it stopped changing.
func stable() int {
	n := runtime.NumGoroutine()
	for same := 0; same < 3; {
		time.Sleep(20 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			same++
		} else {
			same, n = 0, m
		}
	}
	return n
}

// TestNoLeaks runs the server with 200 open event streams through 1,000
// rapid saves, then closes the streams and shuts the server down: the
// goroutines and file descriptors must come back to what they were (with
// some slack), both while the server still runs and after it stopped.
func TestNoLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 saves")
	}
	const clients, saves, slack = 200, 1000, 10
	dir := writeTestSite(t, testSite)
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: transport}
	baseG, baseFD := runtime.NumGoroutine(), openFDs()

	s, err := New(context.Background(), Config{Src: dir, Debounce: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	if resp, err := client.Get(base + "/"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	transport.CloseIdleConnections()
	runningG, runningFD := stable(), openFDs()

	// 200 tabs listen.
	var wg sync.WaitGroup
	streamCtx, closeStreams := context.WithCancel(context.Background())
	connected := make(chan struct{}, clients)
	for range clients {
		req, _ := http.NewRequestWithContext(streamCtx, "GET", base+eventsPath, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				if first && strings.HasPrefix(sc.Text(), "data: ") {
					first = false
					connected <- struct{}{}
				}
			}
		}()
	}
	for range clients {
		<-connected
	}

	// 1,000 rapid saves; the last one must be served in the end.
	lab := filepath.Join(dir, "content", "labs", "two.md")
	for i := range saves {
		writeFile(t, lab, fmt.Sprintf("---\ntitle: Lab Two\nafter: [one]\n---\nSave number %d.\n", i))
	}
	last := fmt.Sprintf("Save number %d.", saves-1)
	for i := 0; ; i++ {
		if strings.Contains(string(s.state.Load().files["labs/two/index.html"]), last) {
			break
		}
		if i > 600 {
			t.Fatal("the last save was never built")
		}
		time.Sleep(50 * time.Millisecond)
	}

	closeStreams()
	wg.Wait()
	transport.CloseIdleConnections()
	if n := settle(runningG + slack); n > runningG+slack {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines after the streams closed, %d before they opened:\n%s", n, runningG, buf[:runtime.Stack(buf, true)])
	}
	if fd := openFDs(); runningFD >= 0 && fd > runningFD+slack {
		t.Errorf("%d open files after the streams closed, %d before", fd, runningFD)
	}

	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := settle(baseG + slack); n > baseG+slack {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines after shutdown, %d before the server started:\n%s", n, baseG, buf[:runtime.Stack(buf, true)])
	}
	if fd := openFDs(); baseFD >= 0 && fd > baseFD+slack {
		t.Errorf("%d open files after shutdown, %d before the server started", fd, baseFD)
	}
}
