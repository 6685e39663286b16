package markdown

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark/util"
)

// TestConverterShared renders pages with different hooks through one
// Converter from many goroutines at once, and checks each against the
// page parsed and rendered alone: no page may see another's hooks (run
// with -race too).
func TestConverterShared(t *testing.T) {
	page := func(i int) (string, *Hooks) {
		src := fmt.Sprintf("# Page %d\n\nInline $x_%d$ and {num}`v%d`.\n\n$$\ny = %d\n$$\n\n```{attention} a%d\nq: [[1]]\n```\n\n```python\nx = %d\n```\n", i, i, i, i, i, i)
		tag := fmt.Sprintf("p%d", i)
		hooks := &Hooks{
			Math: func(w util.BufWriter, m *MathSource, block bool) {
				fmt.Fprintf(w, "<%s-math %q %t>", tag, m.TeX, block)
			},
			Role: func(w util.BufWriter, r *Role) { fmt.Fprintf(w, "<%s-role %q>", tag, r.Content) },
			Directive: func(w util.BufWriter, d *Directive) {
				fmt.Fprintf(w, "<%s-directive %s %s>", tag, d.Type, d.Name)
			},
		}
		return src, hooks
	}
	const pages = 40
	want := make([]string, pages)
	for i := range pages {
		src, hooks := page(i)
		out, err := Parse([]byte(src), hooks).Render()
		if err != nil {
			t.Fatal(err)
		}
		want[i] = string(out)
		if !strings.Contains(want[i], fmt.Sprintf("<p%d-directive attention a%d>", i, i)) || !strings.Contains(want[i], fmt.Sprintf("<p%d-role", i)) {
			t.Fatalf("page %d does not use its hooks:\n%s", i, want[i])
		}
	}
	c := NewConverter()
	var wg sync.WaitGroup
	got := make([]string, pages)
	for i := range pages {
		wg.Go(func() {
			src, hooks := page(i)
			out, err := c.Parse([]byte(src), hooks).Render()
			if err != nil {
				t.Error(err)
			}
			got[i] = string(out)
		})
	}
	wg.Wait()
	for i := range pages {
		if got[i] != want[i] {
			t.Errorf("page %d through the shared converter:\n%s\nalone:\n%s", i, got[i], want[i])
		}
	}
}
