package directive

import (
	"fmt"
	"html"
	"strings"
)

// maxWorkedRows bounds how many queries get a worked sum.
const maxWorkedRows = 4

// texVector writes a row vector of decimal texts as TeX: (2, 0).
func texVector(xs []string) string { return "(" + strings.Join(xs, ", ") + ")" }

// sumTerms writes "a_1 b_1 + a_2 b_2 + …", eliding the middle of long sums.
func sumTerms(n int, term func(j int) string) string {
	var parts []string
	for j := 0; j < n; j++ {
		if n > 6 && j == 3 {
			parts = append(parts, `\cdots`)
			j = n - 2
			continue
		}
		parts = append(parts, term(j))
	}
	return strings.Join(parts, " + ")
}

// renderSum writes the worked equation o = Σ αⱼ vⱼ with the certified
// weights, the values as given and the certified output.
func renderSum(b *strings.Builder, spec *Spec, res *Result, it Item, math MathFunc) error {
	if res.Type != "attention" {
		return fmt.Errorf("show: sum is only available for {attention}")
	}
	w, _ := res.Decimal("weights", res.Digits)
	o, _ := res.Decimal("output", res.Digits)
	v := res.Inputs["v"].Rows
	n, m, dv := w.Shape[0], w.Shape[1], o.Shape[1]
	fmt.Fprintf(b, `<div class="sum" id="%s">`+"\n", html.EscapeString(it.ID))
	for i := 0; i < n && i < maxWorkedRows; i++ {
		oName, alpha := "o", func(j int) string { return fmt.Sprintf(`\alpha_{%d}`, j+1) }
		if n > 1 {
			oName = fmt.Sprintf("o_{%d}", i+1)
			alpha = func(j int) string { return fmt.Sprintf(`\alpha_{%d,%d}`, i+1, j+1) }
		}
		symbolic := sumTerms(m, func(j int) string { return alpha(j) + fmt.Sprintf(" v_{%d}", j+1) })
		numeric := sumTerms(m, func(j int) string {
			wj, _ := w.At(i, j)
			return wj + `\,` + texVector(v[j])
		})
		out := make([]string, dv)
		for k := range out {
			out[k], _ = o.At(i, k)
		}
		tex := fmt.Sprintf(`\begin{aligned} %s &= %s \\ &\approx %s \\ &\approx %s \end{aligned}`, oName, symbolic, numeric, texVector(out))
		mathml, err := math(tex, true)
		if err != nil {
			return fmt.Errorf("worked sum: %v", err)
		}
		fmt.Fprintf(b, `<div class="math display">%s</div>`+"\n", mathml)
	}
	if n > maxWorkedRows {
		fmt.Fprintf(b, "<p>The other %d queries follow the same pattern; their outputs are in the output table.</p>\n", n-maxWorkedRows)
	}
	fmt.Fprintf(b, "<p>Weights and outputs are rounded to %d places; the unrounded sum is exact.</p>\n", res.Digits)
	b.WriteString("</div>\n")
	return nil
}

// renderSpan writes the span verdict: for {attention}, the rank of the
// values and why each output lies in their span and convex hull; for
// {span}, rank, membership, coefficients and residual.
func renderSpan(b *strings.Builder, spec *Spec, res *Result, it Item, math MathFunc) error {
	say := func(format string, args ...any) string { return prose(math, fmt.Sprintf(format, args...)) }
	fmt.Fprintf(b, `<div class="span-verdict" id="%s">`+"\n", html.EscapeString(it.ID))
	switch res.Type {
	case "attention":
		v := res.Inputs["v"].Rows
		m, d := len(v), len(v[0])
		n := len(res.Inputs["q"].Rows)
		subject, verb := vectorsPhrase("value vector", "value vectors", m)
		b.WriteString("<p><strong>Span.</strong> ")
		b.WriteString(say("%s %s rank %d (computed exactly), so %s %s. ", subject, verb, res.Rank, spanPronoun(m), spaceWords(res.Rank, d)))
		if n == 1 {
			b.WriteString(say("The output $o = \\sum_j \\alpha_j v_j$ is a combination of the values whose coefficients are the weights, so it lies in that span; the weights are non-negative and sum to 1, so it lies in the convex hull of the values as well."))
		} else {
			b.WriteString(say("Each output $o_i = \\sum_j \\alpha_{ij} v_j$ is a combination of the values whose coefficients are the weights, so it lies in that span; the weights are non-negative and sum to 1, so it lies in the convex hull of the values as well."))
		}
		for _, c := range res.Checks {
			if c.Name == "output_in_span_of_values" {
				b.WriteString(say(" Recomputing the distance from the span in floating point confirms it: at most $%s$, within the tolerance $%s$.", texNumber(c.Measured), texNumber(c.Bound)))
			}
		}
		b.WriteString("</p>\n")
	case "span":
		coef, _ := res.Decimal("coefficients", res.Digits)
		proj, _ := res.Decimal("projection", res.Digits)
		resid, _ := res.Decimal("residual", res.Digits)
		k := coef.Shape[0]
		t := res.Inputs["target"].Rows[0]
		subject, verb := vectorsPhrase("vector", "vectors", k)
		b.WriteString("<p><strong>Span.</strong> ")
		b.WriteString(say("%s %s rank %d (computed exactly), so %s %s. ", subject, verb, res.Rank, spanPronoun(k), spaceWords(res.Rank, len(t))))
		terms := sumTerms(k, func(j int) string { return coef.Values[j] + fmt.Sprintf(`\,v_{%d}`, j+1) })
		if res.InSpan {
			b.WriteString(say("The target $t = %s$ lies in it: $t = %s$ (coefficients rounded to %s).", texVector(t), terms, countWords(res.Digits, "place", "places")))
		} else {
			rv, _ := resid.At()
			b.WriteString(say("The target $t = %s$ does not lie in it. Its projection onto the span is $p = %s \\approx %s$, and the residual is $\\lVert t - p \\rVert \\approx %s$.",
				texVector(t), terms, texVector(proj.Values), rv))
		}
		b.WriteString("</p>\n")
	default:
		return fmt.Errorf("show: span is only available for {attention} and {span}")
	}
	b.WriteString("</div>\n")
	return nil
}

// vectorsPhrase names k vectors as the subject of a sentence, with the
// verb that agrees with it: "The value vector $v_1$" and "has", "The two
// value vectors $v_1$ and $v_2$", "The three value vectors $v_1, v_2, v_3$",
// "The 5 value vectors $v_1, \ldots, v_5$" and "have".
func vectorsPhrase(one, many string, k int) (string, string) {
	switch {
	case k == 1:
		return "The " + one + " $v_1$", "has"
	case k == 2:
		return "The two " + many + " $v_1$ and $v_2$", "have"
	}
	return "The " + countWords(k, one, many) + " $" + vectorList("v", k) + "$", "have"
}

// spanPronoun is the subject of "… span is": "its" for one vector, "their"
// for several.
func spanPronoun(k int) string {
	if k == 1 {
		return "its span is"
	}
	return "their span is"
}

// spaceWords describes a subspace of dimension r of R^d.
func spaceWords(r, d int) string {
	rd := fmt.Sprintf(`$\mathbb{R}^{%d}$`, d)
	switch {
	case r == d:
		return "all of " + rd
	case r == 0:
		return "only the origin"
	case r == 1:
		return "a line through the origin in " + rd
	case r == 2:
		return "a plane through the origin in " + rd
	}
	return fmt.Sprintf("a %d-dimensional subspace of %s", r, rd)
}
