package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/benchsite"
	"paperlab/generator/directive"
)

// generatedSite writes n labs, each with headings, prose, inline and
// display math and one attention directive, in reading order.
func generatedSite(b *testing.B, n int) string {
	b.Helper()
	var ar strings.Builder
	for i := 0; i < n; i++ {
		after := ""
		if i > 0 {
			after = fmt.Sprintf("after: [lab-%04d]\n", i-1)
		}
		fmt.Fprintf(&ar, "-- content/labs/lab-%04d.md --\n---\ntitle: Lab %d\nsummary: Generated lab %d.\nkeywords: [k%d, shared]\n%s---\n\n", i, i, i, i%10, after)
		fmt.Fprintf(&ar, "## First pass\n\nThe output \\(o = \\sum_i \\alpha_i v_i\\) is a *weighted* sum.\n\n\\[\n\\operatorname{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}} \\label{eq:softmax}\n\\]\n\n")
		fmt.Fprintf(&ar, "```{attention} mix\nq: [[1, 0, %d]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nshow: [weights, output, sum]\n```\n\n", i%7)
		fmt.Fprintf(&ar, "## Second pass\n\nSee {eq}`eq:softmax`; the largest weight is {num}`mix.weights[0][2]`.\n\n")
	}
	return writeSite(b, ar.String())
}

// BenchmarkBuild100Labs measures a full build of 100 generated labs with a
// warm directive cache (the usual case: most edits touch prose).
func BenchmarkBuild100Labs(b *testing.B) {
	src := generatedSite(b, 100)
	runner := &directive.Runner{Cache: &directive.Cache{Dir: filepath.Join(src, ".paperlab-cache")}}
	cfg := Config{Src: src, BaseURL: "/", Runner: runner}
	if res, err := Build(context.Background(), cfg); err != nil {
		b.Fatalf("%v\n%s", err, diagnostics(res))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/build")
}

// BenchmarkRender100Labs measures the same build in memory, without
// writing files, to separate rendering from the file system.
func BenchmarkRender100Labs(b *testing.B) {
	src := generatedSite(b, 100)
	runner := &directive.Runner{Cache: &directive.Cache{Dir: filepath.Join(src, ".paperlab-cache")}}
	cfg := Config{Src: src, BaseURL: "/", Runner: runner}
	fsys := os.DirFS(src)
	if res, err := Render(context.Background(), fsys, cfg); err != nil {
		b.Fatalf("%v\n%s", err, diagnostics(res))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Render(context.Background(), fsys, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/build")
}

// BenchmarkColdBuild1000 measures a cold build (no directive cache) of the
// 1,000-lab benchmark corpus into a fresh output folder each time.
func BenchmarkColdBuild1000(b *testing.B) {
	src := b.TempDir()
	if err := benchsite.Write(src, benchsite.Options{Labs: 1000, Seed: 1, Layouts: "../../layouts"}); err != nil {
		b.Fatal(err)
	}
	outs := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg := Config{Src: src, Out: filepath.Join(outs, fmt.Sprintf("out%d", i)), BaseURL: "/", NoCache: true}
		if res, err := Build(context.Background(), cfg); err != nil {
			b.Fatalf("%v\n%s", err, diagnostics(res))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/build")
}
