package markdown

import (
	"bytes"
	"fmt"
	"github.com/alecthomas/chroma/v2/styles"
	"testing"
)

func benchCode(i int) string {
	return fmt.Sprintf("import numpy as np\n\ndef mix_%d(q, k, v, scale=%d):\n    s = q @ k.T / np.sqrt(scale)\n    w = np.exp(s - s.max(axis=1, keepdims=True))\n    return (w / w.sum(axis=1, keepdims=True)) @ v  # lab %d\n", i, i%9+2, i)
}

// BenchmarkHighlightPython highlights the benchmark's code block through
// pylex (the default) and through chroma's lexer alone.
func BenchmarkHighlightPython(b *testing.B) {
	for _, bc := range []struct {
		name       string
		chromaOnly bool
	}{{"pylex", false}, {"chroma", true}} {
		b.Run(bc.name, func(b *testing.B) {
			h := NewHighlighter()
			h.chromaOnly, h.style = bc.chromaOnly, styles.Get(LightTheme)
			var buf bytes.Buffer
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				buf.Reset()
				h.highlight(&buf, benchCode(i), "python")
			}
		})
	}
}
