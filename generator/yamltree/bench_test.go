package yamltree

import "testing"

// benchDirective is a typical fenced directive body, benchFrontMatter a
// typical page's front matter (see generator/benchsite).
const (
	benchDirective = `q: [[1, 0, -2]]
k: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]
v: [[2, 0], [0, 2], [1, 1]]
digits: 4
show: [scores, weights, output]
caption: One query against three keys.
expect:
  weights: [[0.2119, 0.5761, 0.2119]]
`
	benchFrontMatter = `title: "Lab 12: Weighted Sums of 7 Vectors"
summary: Lab number 12 of the benchmark site, mixing vectors with weights from a softmax.
modified: 2026-01-13
keywords: [k12, attention, benchmark]
after: [lab-00011]
paper:
  title: Attention Is All You Need
  authors: [Ashish Vaswani, Noam Shazeer, Niki Parmar]
  year: 2017
  arxiv: "1706.03762"
`
)

// BenchmarkParse times Parse (the fast parser for these documents) and,
// as "goccy", the general parser's path that Parse took before it.
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"directive", benchDirective},
		{"frontmatter", benchFrontMatter},
	} {
		b.Run(bc.name, func(b *testing.B) {
			src := []byte(bc.src)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("goccy/"+bc.name, func(b *testing.B) {
			src := []byte(bc.src)
			b.ReportAllocs()
			for b.Loop() {
				if err := precheck(src); err != nil {
					b.Fatal(err)
				}
				if _, err := parseGoccy(newlinesOnly(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
