package markdown

import (
	"bytes"
	"fmt"
	"testing"
)

func benchCode(i int) string {
	return fmt.Sprintf("import numpy as np\n\ndef mix_%d(q, k, v, scale=%d):\n    s = q @ k.T / np.sqrt(scale)\n    w = np.exp(s - s.max(axis=1, keepdims=True))\n    return (w / w.sum(axis=1, keepdims=True)) @ v  # lab %d\n", i, i%9+2, i)
}

func BenchmarkHighlightPython(b *testing.B) {
	h := NewHighlighter()
	var buf bytes.Buffer
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf.Reset()
		h.highlight(&buf, benchCode(i), "python")
	}
}
