package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEquationNumbersAndReferences(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: Math
macros: {R: "\\mathbb{R}"}
---
Vectors in \(\R^d\).

\[ a = b \label{eq:first} \]

\[ c = d \]

$$
e = f \label{eq:second}
$$

See {eq}`+"`eq:second`"+` and \(\eqref{eq:first}\).
`)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	b, _ := os.ReadFile(filepath.Join(src, "public/labs/m/index.html"))
	page := string(b)
	for _, want := range []string{
		`<div class="equation" id="eq-first"><math display="block">`,
		`<span class="eqno">(1)</span>`,
		`<div class="equation" id="eq-second">`,
		`<span class="eqno">(2)</span>`,
		`<div class="math display"><math display="block">`,
		`<a class="eqref" href="#eq-second">(2)</a>`,
		`<annotation encoding="application/x-tex">\R^d</annotation>`,
		`ℝ`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(page, "<math") != 5 {
		t.Errorf("page has %d <math> elements, want 5", strings.Count(page, "<math"))
	}
}

func TestMathErrorsHavePositions(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: Math
---
Bad \(\frac{a}\) and good \(x\).

> quoted \(\nosuch x\)

\[ a \label{eq:x} \]
\[ b \label{eq:x} \]

Inline \(y \label{eq:y}\) and {eq}`+"`eq:missing`"+`.
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	got := diagnostics(res)
	for _, want := range []string{
		"content/labs/m.md:4:7: TeX: missing argument of \\frac",
		"content/labs/m.md:6:12: TeX: unknown command",
		"content/labs/m.md:9:6: duplicate equation label \"eq:x\" (first defined on line 8)",
		"content/labs/m.md:11:12: \\label{eq:y} is only allowed in display math",
		"content/labs/m.md:11:36: unknown equation label \"eq:missing\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

func TestTableOfContentsRendersHeadingContent(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: TOC
---
`+"```{attention} mix\nq: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nshow: [weights]\n```\n"+`
## The weight \(\alpha_3\) is {num}`+"`mix.weights[0][2]`"+`

## A *linked* [heading](https://example.org)[^1]

[^1]: A note.
`)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	b, _ := os.ReadFile(filepath.Join(src, "public/labs/m/index.html"))
	page := string(b)
	start := strings.Index(page, `<nav class="toc toc-side"`)
	end := strings.Index(page[start:], "</nav>")
	toc := page[start : start+end]
	for _, want := range []string{
		`<a href="#the-weight-alpha-3-is-mixweights02"><span class="secno">1</span> The weight <math><semantics><msub><mi>α</mi><mn>3</mn></msub>`,
		`is <span class="num">0.5329</span></a>`,
		`<a href="#a-linked-heading"><span class="secno">2</span> A <em>linked</em> heading</a>`,
	} {
		if !strings.Contains(toc, want) {
			t.Errorf("table of contents lacks %q:\n%s", want, toc)
		}
	}
	// The two headings and the generated Math Dependency Map section.
	if strings.Count(toc, "<a ") != 3 || !strings.Contains(toc, `<a href="#math-dependency-map"><span class="secno">3</span> Math Dependency Map</a>`) || strings.Contains(toc, "fnref") {
		t.Errorf("table of contents should hold exactly its three links and no footnote reference:\n%s", toc)
	}
}

func TestUnclosedDisplayMathIsAnError(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: Math
---
Text.

> \[
> a = b

More text.
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	want := `content/labs/m.md:6:3: display math opened with \[ is never closed (expected \] before the end of its block)`
	if got := diagnostics(res); !strings.Contains(got, want) {
		t.Errorf("diagnostics lack %q:\n%s", want, got)
	}
}
