package site

import (
	"errors"
	"strings"
	"testing"
)

func TestTagsAndAlignRows(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: Math
---
\[ a = b \label{eq:first} \]

The paper's own number:

\[ \operatorname{Attention}(Q, K, V) = V \tag{1} \label{eq:attention} \]

\[ x = y \tag*{($\star$)} \label{eq:star} \]

$$
\begin{align}
p &= q \label{eq:p} \\
r &= s \notag \\
u &= v
\end{align}
$$

\[
\begin{align*}
g &= h \\
k &= l \tag{A.1} \label{eq:k}
\end{align*}
\]

\[ z = w \label{eq:last} \]

See {eq}`+"`eq:attention`"+`, {eq}`+"`eq:star`"+`, {eq}`+"`eq:p`"+`, {eq}`+"`eq:k`"+`, {eq}`+"`eq:last`"+` and \(\eqref{eq:p}\).
`)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	page := readOut(t, src, "labs/m/index.html")
	for _, want := range []string{
		// Numbers: eq:first 1; the tagged one keeps the paper's (1) and
		// takes no number; the align rows are 2, (none), 3; eq:last is 4.
		`<div class="equation" id="eq-first"><math display="block">`,
		`<span class="eqno">(1)</span></div>`,
		`<div class="equation" id="eq-attention">`,
		`<div class="equation" id="eq-star">`,
		`<span class="eqno">($\star$)</span>`,
		`<div class="math display equation-rows"><math display="block">`,
		`<mtr id="eq-p"><mtd class="tml-glue"`,
		`<mtext>(2)</mtext>`,
		`<mtext>(3)</mtext>`,
		`<mtr id="eq-k">`,
		`<mtext>(A.1)</mtext>`,
		`<div class="equation" id="eq-last">`,
		`<span class="eqno">(4)</span>`,
		`See <a class="eqref" href="#eq-attention">(1)</a>, <a class="eqref" href="#eq-star">(($\star$))</a>, <a class="eqref" href="#eq-p">(2)</a>, <a class="eqref" href="#eq-k">(A.1)</a>, <a class="eqref" href="#eq-last">(4)</a>`,
		`<a href="#eq-p">(2)</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(page, `<mtext>(`) != 3 {
		t.Errorf("want three row numbers (2), (3), (A.1)")
	}
	if strings.Contains(page, "tag{") && !strings.Contains(page, `<annotation encoding="application/x-tex">`) {
		t.Error("\\tag leaked into the rendering")
	}
}

func TestNumberingErrors(t *testing.T) {
	src := writeSite(t, `
-- content/labs/m.md --
---
title: Math
---
Inline \(x \tag{1}\).

\[ a \tag{1} \tag{2} \]

$$
\begin{align}
a &= b \label{eq:a} \notag \\
c &= d \label{eq:c} \label{eq:d}
\end{align}
$$

$$\begin{align*}
e &= f \label{eq:e}
\end{align*}$$
`)
	res, err := build(t, src)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	want := `content/labs/m.md:4:12: \tag{1} is only allowed in display math
content/labs/m.md:6:14: \tag{2}: a display equation takes one \tag (it already has \tag{1})
content/labs/m.md:10:8: \label{eq:a} is on a row that is not numbered (it has \notag)
content/labs/m.md:11:21: \label{eq:d}: a row takes one label (it already has "eq:c")
content/labs/m.md:16:8: \label{eq:e} is on a row that is not numbered (its environment is starred; add a \tag)
`
	if got := diagnostics(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}
