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
	inline := func(tex string) string {
		s, err := math(tex, false)
		if err != nil {
			return html.EscapeString(tex)
		}
		return s
	}
	fmt.Fprintf(b, `<div class="span-verdict" id="%s">`+"\n", html.EscapeString(it.ID))
	switch res.Type {
	case "attention":
		v := res.Inputs["v"].Rows
		m, d := len(v), len(v[0])
		space := fmt.Sprintf(`a %d-dimensional subspace of %s`, res.Rank, inline(fmt.Sprintf(`\mathbb{R}^{%d}`, d)))
		if res.Rank == d {
			space = "all of " + inline(fmt.Sprintf(`\mathbb{R}^{%d}`, d))
		}
		fmt.Fprintf(b, "<p><strong>Span.</strong> The %d value vectors %s have rank %d (computed exactly), so their span is %s. ",
			m, inline(fmt.Sprintf(`v_1, \ldots, v_{%d}`, m)), res.Rank, space)
		fmt.Fprintf(b, "Each output %s is a combination of the values whose coefficients are the weights, so it lies in that span; the weights are non-negative and sum to 1, so it lies in the convex hull of the values as well.",
			inline(`o_i = \sum_j \alpha_{i,j} v_j`))
		for _, c := range res.Checks {
			if c.Name == "output_in_span_of_values" {
				fmt.Fprintf(b, " The engine checked it: %s.", html.EscapeString(c.Detail))
			}
		}
		b.WriteString("</p>\n")
	case "span":
		coef, _ := res.Decimal("coefficients", res.Digits)
		proj, _ := res.Decimal("projection", res.Digits)
		resid, _ := res.Decimal("residual", res.Digits)
		k := coef.Shape[0]
		t := res.Inputs["target"].Rows[0]
		fmt.Fprintf(b, "<p><strong>Span.</strong> The %d vectors %s have rank %d (computed exactly). ", k, inline(fmt.Sprintf(`v_1, \ldots, v_{%d}`, k)), res.Rank)
		terms := sumTerms(k, func(j int) string { return coef.Values[j] + fmt.Sprintf(`\,v_{%d}`, j+1) })
		if res.InSpan {
			fmt.Fprintf(b, "The target %s lies in their span: %s (coefficients rounded to %d places).</p>\n",
				inline(`t = `+texVector(t)), inline(`t = `+terms), res.Digits)
		} else {
			rv, _ := resid.At()
			fmt.Fprintf(b, "The target %s does not lie in their span. Its projection onto the span is %s, and the residual is %s.</p>\n",
				inline(`t = `+texVector(t)), inline(`p = `+terms+` \approx `+texVector(proj.Values)), inline(`\lVert t - p \rVert \approx `+rv))
		}
	default:
		return fmt.Errorf("show: span is only available for {attention} and {span}")
	}
	b.WriteString("</div>\n")
	return nil
}
