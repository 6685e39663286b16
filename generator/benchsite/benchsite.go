// Package benchsite writes synthetic paperlab sites for benchmarks: n labs
// shaped like the real ones (front matter, the seed's nine sections, inline and
// display math, a GFM table, a highlighted code block, two attention
// directives with expectations and {num} references), every page with its
// own numbers, math and code, deterministic for a seed. It can also write
// the same Markdown as a Hugo site, so that the two generators are timed on
// the same pages.
package benchsite

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"paperlab/compute"
)

// Options says what site to write.
type Options struct {
	// Labs is the number of lab pages.
	Labs int
	// Seed makes the numbers, math and code of every page; the same seed
	// writes the same bytes.
	Seed uint64
	// Layouts is the folder copied to DIR/layouts (paperlab's own
	// templates and stylesheet); empty writes no layouts.
	Layouts string
}

// Write lays out a paperlab site in dir: content/_index.md,
// content/labs/lab-NNNNN.md and, when opts.Layouts is set, layouts/.
func Write(dir string, opts Options) error {
	if opts.Labs < 1 {
		return fmt.Errorf("benchsite: need at least one lab, got %d", opts.Labs)
	}
	if err := writeFile(filepath.Join(dir, "content", "_index.md"),
		"---\ntitle: Benchmark Labs\n---\n\nA synthetic collection of labs for timing the build.\n"); err != nil {
		return err
	}
	for i := range opts.Labs {
		src, err := Lab(i, opts.Seed)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, "content", "labs", LabFile(i)), src); err != nil {
			return err
		}
	}
	if opts.Layouts != "" {
		return os.CopyFS(filepath.Join(dir, "layouts"), os.DirFS(opts.Layouts))
	}
	return nil
}

// WriteHugo lays out the same labs as a Hugo site in dir: hugo.toml, a
// minimal layout with a list and a single template, and the Markdown with
// its front matter unchanged (Hugo keeps paperlab's keys as page params and
// shows the compute directives as code blocks).
func WriteHugo(dir string, opts Options) error {
	if opts.Labs < 1 {
		return fmt.Errorf("benchsite: need at least one lab, got %d", opts.Labs)
	}
	files := map[string]string{
		"hugo.toml": "baseURL = 'http://127.0.0.1/'\ntitle = 'Benchmark Labs'\ndisableKinds = ['RSS', 'sitemap', 'taxonomy', 'term']\n" +
			"[markup.goldmark.renderer]\nunsafe = true\n[markup.highlight]\nnoClasses = false\n",
		"layouts/_default/baseof.html": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
		"layouts/_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</article>{{ end }}\n",
		"layouts/_default/list.html":   "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
		"layouts/index.html":           "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
		"content/_index.md":            "---\ntitle: Benchmark Labs\n---\n\nA synthetic collection of labs for timing the build.\n",
	}
	for name, body := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), body); err != nil {
			return err
		}
	}
	for i := range opts.Labs {
		src, err := Lab(i, opts.Seed)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, "content", "labs", LabFile(i)), src); err != nil {
			return err
		}
	}
	return nil
}

// LabFile is the file name of lab i under content/labs/.
func LabFile(i int) string { return fmt.Sprintf("lab-%05d.md", i) }

// LabSlug is the slug of lab i.
func LabSlug(i int) string { return fmt.Sprintf("lab-%05d", i) }

// Lab returns the Markdown source of lab i. Labs come in reading-order
// chains of ten: each lab but the first of a chain names the one before it
// in after, and imports nothing else.
func Lab(i int, seed uint64) (string, error) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	small := func() int { return r.IntN(7) - 3 }
	q := [][]int{{small(), small(), small()}}
	k := [][]int{{small(), small(), small()}, {small(), small(), small()}, {small(), small(), small()}}
	v := [][]int{{small(), small()}, {small(), small()}, {small(), small()}}
	q2 := [][]int{{small(), small()}, {small(), small()}}
	k2 := [][]int{{small(), small()}, {small(), small()}}
	v2 := [][]int{{small(), small(), small()}, {small(), small(), small()}}
	w1, err := attentionWeights(q, k, v, 4)
	if err != nil {
		return "", err
	}
	w2, err := attentionWeights(q2, k2, v2, 3)
	if err != nil {
		return "", err
	}
	after := ""
	if i%10 != 0 {
		after = fmt.Sprintf("after: [%s]\n", LabSlug(i-1))
	}
	a, b, c := r.IntN(9)+1, r.IntN(9)+1, r.IntN(9)+2
	var s strings.Builder
	fmt.Fprintf(&s, `---
title: "Lab %d: Weighted Sums of %d Vectors"
summary: Lab number %d of the benchmark site, mixing vectors with weights from a softmax.
modified: 2026-%02d-%02d
keywords: [k%d, attention, benchmark]
%spaper:
  title: Attention Is All You Need
  authors: [Ashish Vaswani, Noam Shazeer, Niki Parmar]
  year: 2017
  arxiv: "1706.03762"
---

## Why This Paper

Lab %d looks at one query mixing value vectors. The output \(o_{%d} = \sum_{i=1}^{%d} \alpha_i v_i\) is a *weighted* sum whose weights come from scores.

## What To Know First

- a linear combination \(%d u + %d w\)
- a matrix whose rows are vectors
- the softmax of a score vector

## First Pass

Track one equation:

\[
\operatorname{softmax}(x)_i = \frac{e^{x_i / %d}}{\sum_{j=1}^{%d} e^{x_j / %d}}
\]

| quantity | symbol | size |
|---|---|---:|
| queries | \(Q\) | %d |
| keys | \(K\) | %d |
| values | \(V\) | %d |

## Second Pass

`, i, a+b, i, 1+i%12, 1+i%28, i%50, after, i, i, c, a, b, c, c, c, a, b, c)
	fmt.Fprintf(&s, "```{attention} mix\nq: %s\nk: %s\nv: %s\ndigits: 4\nshow: [scores, weights, output]\ncaption: One query against three keys.\nexpect:\n  weights: %s\n```\n\n",
		intRows(q), intRows(k), intRows(v), w1)
	fmt.Fprintf(&s, "The largest score is {num}`mix.scores[0][0]` and the first weight {num}`mix.weights[0][0]`; the output starts with {num}`mix.output[0][0]`.\n\n")
	fmt.Fprintf(&s, "## Math Dependency Map\n\nThe second query block uses \\(d_k = 2\\) and a scale \\(1/\\sqrt{%d}\\):\n\n\\[\n\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{%d}}\\right) V\n\\]\n\n", c, c)
	fmt.Fprintf(&s, "```{attention} pair\nq: %s\nk: %s\nv: %s\ndigits: 3\nshow: [weights, output]\ncaption: Two queries, two keys.\nexpect:\n  weights: %s\n```\n\n",
		intRows(q2), intRows(k2), intRows(v2), w2)
	fmt.Fprintf(&s, "Query two puts {num}`pair.weights[1][1]` on the second value.\n\n")
	fmt.Fprintf(&s, "## Key Claims and Evidence\n\n%s\n\n", strings.Repeat(fmt.Sprintf("Attention %d mixes values by weights that are positive and sum to one. ", i), 6))
	fmt.Fprintf(&s, "## What To Reproduce\n\n```python\nimport numpy as np\n\ndef mix_%d(q, k, v, scale=%d):\n    s = q @ k.T / np.sqrt(scale)\n    w = np.exp(s - s.max(axis=1, keepdims=True))\n    return (w / w.sum(axis=1, keepdims=True)) @ v  # lab %d\n```\n\n", i, c, i)
	fmt.Fprintf(&s, "## What Has Changed Since Publication\n\nSparse variants compare fewer than \\(%d^2\\) pairs.\n\n", 100+i)
	fmt.Fprintf(&s, "## Sources and Further Reading\n\n- Vaswani, A. et al. (2017). *Attention Is All You Need*. [arXiv:1706.03762](https://arxiv.org/abs/1706.03762).\n")
	return s.String(), nil
}

// attentionWeights returns the certified weights of an attention at the
// given digits, written as a YAML flow list of rows.
func attentionWeights(q, k, v [][]int, digits int) (string, error) {
	mat := func(rows [][]int) (compute.Matrix, error) {
		s := make([][]string, len(rows))
		for i, row := range rows {
			for _, x := range row {
				s[i] = append(s[i], fmt.Sprint(x))
			}
		}
		return compute.ParseMatrix(s)
	}
	qm, err := mat(q)
	if err != nil {
		return "", err
	}
	km, err := mat(k)
	if err != nil {
		return "", err
	}
	vm, err := mat(v)
	if err != nil {
		return "", err
	}
	res, err := compute.Attention(compute.AttentionRequest{Q: qm, K: km, V: vm})
	if err != nil {
		return "", err
	}
	w, err := res.Decimal("weights", digits)
	if err != nil {
		return "", err
	}
	cols := len(k)
	var b strings.Builder
	b.WriteString("[")
	for i := range len(q) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("[" + strings.Join(w.Values[i*cols:(i+1)*cols], ", ") + "]")
	}
	b.WriteString("]")
	return b.String(), nil
}

func intRows(rows [][]int) string {
	parts := make([]string, len(rows))
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, x := range row {
			cells[j] = fmt.Sprint(x)
		}
		parts[i] = "[" + strings.Join(cells, ", ") + "]"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func writeFile(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}
