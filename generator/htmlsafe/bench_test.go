package htmlsafe

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCheck times Check on built lab bodies (testdata/bodies, written
// by pagebuild for the repository's labs and a benchsite corpus), and
// checkTokenizer, the reference, on the same bodies.
func BenchmarkCheck(b *testing.B) {
	for _, name := range []string{"real-svg-1.html", "bench-1.html"} {
		src, err := os.ReadFile(filepath.Join("testdata", "bodies", name))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range []struct {
			name  string
			check func([]byte) []Problem
		}{{"Check", Check}, {"tokenizer", checkTokenizer}} {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					if ps := f.check(src); len(ps) != 0 {
						b.Fatal(ps)
					}
				}
			})
		}
	}
}
