package directive

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"paperlab/compute"
)

// renderChecks writes the checks that passed as sentences for a reader,
// their math in MathML: inside a collapsed <details> "verified" mark, or,
// with open set, as an open list (show: checks).
func renderChecks(b *strings.Builder, res *Result, id string, open bool, math MathFunc) {
	var items []string
	for _, c := range res.Checks {
		if s, ok := checkSentence(c, res, math); ok {
			items = append(items, `<li class="check-ok" data-check="`+html.EscapeString(c.Name)+`">`+s+`</li>`)
		}
	}
	if len(items) == 0 {
		return
	}
	if open {
		fmt.Fprintf(b, `<div class="checks" id="%s"><p><strong>Checks</strong> (all passed):</p>`+"\n", html.EscapeString(id))
	} else {
		fmt.Fprintf(b, `<details class="verified"><summary>✓ Verified: %d %s passed</summary>`+"\n", len(items), plural(len(items), "check", "checks"))
	}
	n := len("<ul>\n</ul>\n</details>\n")
	for _, it := range items {
		n += len(it) + 1
	}
	b.Grow(n)
	b.WriteString("<ul>\n")
	for _, it := range items {
		b.WriteString(it)
		b.WriteByte('\n')
	}
	b.WriteString("</ul>\n")
	if open {
		b.WriteString("</div>\n")
	} else {
		b.WriteString("</details>\n")
	}
}

// prose writes a sentence whose $…$ parts are TeX: the text is escaped and
// each formula converted to inline MathML (or left as escaped TeX should
// the conversion fail, which would be a bug in the sentence).
func prose(math MathFunc, s string) string {
	parts := strings.Split(s, "$")
	n := 0
	for i, part := range parts {
		if i%2 == 1 {
			if m, err := math(part, false); err == nil {
				parts[i] = m
				n += len(m)
				continue
			}
		}
		parts[i] = html.EscapeString(part)
		n += len(parts[i])
	}
	var b strings.Builder
	b.Grow(n)
	for _, part := range parts {
		b.WriteString(part)
	}
	return b.String()
}

// texNumber writes a measured deviation or bound for a sentence: 0, a
// short decimal, or a power of ten such as 2.2 \times 10^{-16}.
func texNumber(x float64) string {
	switch {
	case x == 0:
		return "0"
	case math.IsInf(x, 0) || math.IsNaN(x):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case math.Abs(x) >= 1e-3 && math.Abs(x) < 1e4:
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
	s := strconv.FormatFloat(x, 'e', 1, 64) // "2.2e-16"
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	if mant == "1.0" {
		return fmt.Sprintf("10^{%d}", e)
	}
	return fmt.Sprintf(`%s \times 10^{%d}`, strings.TrimSuffix(mant, ".0"), e)
}

// size is the number of entries of a field.
func (r *Result) size(field string) int {
	t, ok := r.Fields[field]
	if !ok {
		return 0
	}
	n := 1
	for _, s := range t.Shape {
		n *= s
	}
	return n
}

// certifiedCount counts the numbers certified at the directive's digits.
func (r *Result) certifiedCount() int {
	n := 0
	for _, d := range r.Decimals[r.Digits] {
		n += len(d.Values)
	}
	return n
}

// checkSentence writes one check as a sentence. ok=false leaves out a
// check that says nothing about this directive (no mask on a softmax).
func checkSentence(c compute.Check, res *Result, m MathFunc) (string, bool) {
	x, bound := texNumber(c.Measured), texNumber(c.Bound)
	say := func(format string, args ...any) (string, bool) { return prose(m, fmt.Sprintf(format, args...)), true }
	multi := res.Type == "multihead"
	weights, alpha := "weights", `\alpha_{ij}`
	switch res.Type {
	case "softmax":
		weights, alpha = "y", "y_i"
	case "multihead":
		weights = "head_weights"
	}
	heads := ""
	if multi {
		heads = " in every head"
	}
	switch c.Name {
	case "weights_nonnegative":
		return say("Every weight is non-negative%s: $%s \\ge 0$ for all %s.", heads, alpha, countWords(res.size(weights), "weight", "weights"))
	case "weights_sum_to_one":
		if res.Type == "softmax" {
			return say("The weights sum to one: $\\lvert \\sum_i y_i - 1 \\rvert = %s$, within the rounding bound $4(m+1)\\varepsilon = %s$ for $m = %d$ weights and $\\varepsilon = 2^{-53}$.", x, bound, res.size(weights))
		}
		return say("Each query's weights sum to one%s: $\\max_i \\lvert \\sum_j \\alpha_{ij} - 1 \\rvert = %s$, within the rounding bound $4(m+1)\\varepsilon = %s$ for $m$ keys and $\\varepsilon = 2^{-53}$.", heads, x, bound)
	case "masked_weights_zero":
		if _, masked := res.Inputs["mask"]; masked {
			return say("Every masked weight is exactly 0%s: no query gives weight to a key it may not see.", heads)
		}
		if res.Type == "softmax" {
			return "", false
		}
		return say("No mask is applied: every query attends to every key.")
	case "output_recomputed", "head_outputs_recomputed", "y_recomputed":
		what := map[string]string{
			"output_recomputed":       "The output",
			"head_outputs_recomputed": "Each head's output",
			"y_recomputed":            "The output $y = xW + b$",
		}[c.Name]
		switch {
		case res.Type == "attention":
			what = "The output $o_i = \\sum_j \\alpha_{ij} v_j$"
		case res.Type == "linear-map" && res.Inputs["b"].Rows == nil:
			what = "The output $y = xW$"
		}
		return say("%s was recomputed independently, in reverse order with compensated summation, and agrees with the fast result at every entry to within its rounding bound $4(k+2)\\varepsilon \\sum_t \\lvert a_t b_t \\rvert$ for a sum of $k$ products; the largest difference is $%s$.", what, x)
	case "output_in_span_of_values":
		return say("Each output lies in the span of the values: its distance from that span is at most $%s$, within the bound $10^{-9} \\cdot \\max(1, \\max_j \\lVert v_j \\rVert) = %s$.", x, bound)
	case "exact_agreement":
		return say("The double-precision results agree with an arbitrary-precision recomputation: the largest difference is $%s$, within $10^{-9}$ times the largest magnitude in each result (at least 1).", x)
	case "certified_decimals":
		subject := "All " + countWords(res.certifiedCount(), "computed number", "computed numbers") + " are"
		switch res.certifiedCount() {
		case 1:
			subject = "The computed number is"
		case 2:
			subject = "Both computed numbers are"
		}
		return say("%s certified to %s: each is the exact result correctly rounded, half to even, because an arbitrary-precision recomputation encloses the exact value in an interval that lies inside one rounding cell.",
			subject, countWords(res.Digits, "place", "places"))
	case "in_span_exact":
		k := 0
		if v, ok := res.Inputs["vectors"]; ok {
			k = len(v.Rows)
		}
		vs := vectorList("v", k)
		if res.InSpan {
			return say("Exact rational arithmetic decides that the target lies in the span: $\\operatorname{rank}(%s, t) = \\operatorname{rank}(%s) = %d$.", vs, vs, res.Rank)
		}
		return say("Exact rational arithmetic decides that the target lies outside the span: adding it raises the rank from %d to %d.", res.Rank, res.Rank+1)
	case "residual_orthogonal":
		return say("The residual $t - p$ is exactly orthogonal to every $v_j$, so $p$ is the point of the span closest to $t$.")
	case "values_in_range":
		return say("Every entry lies in $[-1, 1]$: the largest magnitude is $%s$.", x)
	case "sin_cos_identity":
		return say("At every angle $\\theta$, $\\sin^2 \\theta + \\cos^2 \\theta = 1$ holds to within $8\\varepsilon = %s$; the largest deviation is $%s$.", bound, x)
	}
	name := strings.ReplaceAll(c.Name, "_", " ")
	if name != "" {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	return html.EscapeString(name + ": " + c.Detail + "."), true
}

// vectorList writes v_1, \ldots, v_k in TeX (v_1 alone, v_1, v_2 and
// v_1, v_2, v_3 for short lists).
func vectorList(v string, k int) string {
	switch {
	case k <= 0:
		return v
	case k <= 3:
		parts := make([]string, k)
		for i := range parts {
			parts[i] = fmt.Sprintf("%s_{%d}", v, i+1)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprintf(`%s_{1}, \ldots, %s_{%d}`, v, v, k)
}

// numberWords spells the small counts that prose writes in words.
var numberWords = [...]string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// countWords writes a count with its noun: "one check", "three vectors",
// "12 numbers".
func countWords(n int, one, many string) string {
	noun := many
	if n == 1 {
		noun = one
	}
	if n >= 0 && n < len(numberWords) {
		return numberWords[n] + " " + noun
	}
	return strconv.Itoa(n) + " " + noun
}
