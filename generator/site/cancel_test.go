package site

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"paperlab/generator/directive"
)

// slowSite is one lab with many directives.
func slowSite(t *testing.T, n int) fstest.MapFS {
	m := memSite(t)
	var b strings.Builder
	b.WriteString("---\ntitle: Slow\n---\n")
	for i := range n {
		fmt.Fprintf(&b, "```{attention} a%d\nq: [[1, %d, 1]]\nk: [[1, 0, 1], [0, 1, 0], [2, 1, %d]]\nv: [[1, 2], [3, 4], [5, %d]]\ndigits: 12\n```\n\n", i, i, i, i)
	}
	m["content/labs/slow.md"] = &fstest.MapFile{Data: []byte(b.String())}
	return m
}

// TestRebuildCancels cancels a build as soon as its first directive ran:
// the build must stop at the next directive rather than evaluate the rest
// of the page, return the context's error, and the builder's next build
// must equal a fresh one (nothing half-done is reused).
func TestRebuildCancels(t *testing.T) {
	const n = 400
	fsys := slowSite(t, n)
	runner := &directive.Runner{}
	b := NewBuilder(fsys, Config{BaseURL: "/", Workers: 1, Runner: runner})
	ctx, cancel := context.WithCancel(context.Background())
	stop := make(chan struct{})
	go func() {
		for runner.EngineCalls() == 0 {
			select {
			case <-stop:
				return
			default:
			}
		}
		cancel()
	}()
	_, _, err := b.Build(ctx, nil)
	close(stop)
	cancel()
	if err != context.Canceled {
		t.Fatalf("cancelled build returned %v", err)
	}
	if calls := runner.EngineCalls(); calls >= n/2 {
		t.Errorf("the cancelled build evaluated %d of %d directives", calls, n)
	}
	res, _, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	want, err := Render(context.Background(), fsys, Config{BaseURL: "/", Runner: &directive.Runner{}})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range want.Files {
		if string(res.Files[name]) != string(data) {
			t.Errorf("%s differs from a fresh build after a cancelled one", name)
		}
	}
	if len(res.Files) != len(want.Files) {
		t.Errorf("%d files, a fresh build has %d", len(res.Files), len(want.Files))
	}
}
