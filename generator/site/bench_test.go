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

// BenchmarkColdBuild1000Labs is the cold build (no directive cache, no
// previous output) of the 1,000-lab benchmark corpus of package benchsite:
// every page with its own math, code, table and two attention directives.
// It is the build to profile (go test -cpuprofile).
func BenchmarkColdBuild1000Labs(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := benchsite.Write(src, benchsite.Options{Labs: 1000, Seed: 1, Layouts: filepath.Join("..", "..", "layouts")}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		if res, err := Build(context.Background(), Config{Src: src, Out: out, NoCache: true}); err != nil {
			b.Fatalf("%v\n%s", err, diagnostics(res))
		}
	}
}

// BenchmarkBuilderEdit1000Labs times the dev server's rebuild after one
// edit of a lab of the 1,000-lab benchmark corpus: "body" changes its
// prose, "front-matter" its summary (which the index pages and the labs
// around it show).
func BenchmarkBuilderEdit1000Labs(b *testing.B) {
	for _, kind := range []string{"body", "front-matter"} {
		b.Run(kind, func(b *testing.B) {
			src := filepath.Join(b.TempDir(), "site")
			if err := benchsite.Write(src, benchsite.Options{Labs: 1000, Seed: 1, Layouts: filepath.Join("..", "..", "layouts")}); err != nil {
				b.Fatal(err)
			}
			bl := NewBuilder(os.DirFS(src), Config{BaseURL: "/"})
			if res, _, err := bl.Build(context.Background(), nil); err != nil {
				b.Fatalf("%v\n%s", err, diagnostics(res))
			}
			name := "content/labs/" + benchsite.LabFile(505)
			file := filepath.Join(src, filepath.FromSlash(name))
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			old := "Track one equation:"
			if kind == "front-matter" {
				old = "summary: Lab number"
			}
			i := 0
			for b.Loop() {
				i++
				text := strings.Replace(string(orig), old, fmt.Sprintf("%s %d", old, i), 1)
				if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
					b.Fatal(err)
				}
				if res, _, err := bl.Build(context.Background(), []string{name}); err != nil {
					b.Fatalf("%v\n%s", err, diagnostics(res))
				}
			}
		})
	}
}
