package linkcheck

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkCheck checks a site of 500 pages, each linking to its
// neighbours, a fragment, an image and the stylesheet.
func BenchmarkCheck(b *testing.B) {
	files := map[string]string{"style.css": "body{}", "fig.png": "png", "404.html": "<p>x</p>"}
	var home strings.Builder
	const n = 500
	for i := 0; i < n; i++ {
		home.WriteString(fmt.Sprintf(`<a href="p/%d/">%d</a>`, i, i))
		body := fmt.Sprintf(`<h2 id="s">S</h2><a href="../%d/#s">next</a><a href="#s">here</a><img src="../../fig.png" alt=""><a href="https://example.org/%d">ext</a>`, (i+1)%n, i)
		files[fmt.Sprintf("p/%d/index.html", i)] = mkpage("../../", body)
	}
	files["index.html"] = mkpage("", home.String())
	dir := writeFiles(b, files)
	b.ResetTimer()
	for b.Loop() {
		rep, err := Check(dir, Options{})
		if err != nil || len(rep.Problems) != 0 {
			b.Fatalf("%v %v", err, rep.Problems)
		}
	}
}
