package directive

import (
	"fmt"
	"html"
	"strings"
)

// statsColumns are the columns of a {score-stats} table after d_k.
var statsColumns = []struct{ field, head string }{
	{"raw_variance", "Var(q·k)"},
	{"scaled_variance", "Var(q·k / √d_k)"},
	{"raw_max_weight", "largest weight, q·k"},
	{"scaled_max_weight", "largest weight, q·k / √d_k"},
}

// dimLabels names the columns of one {score-stats} field: "d_k = 4", ….
func dimLabels(res *Result) []string {
	var out []string
	if in, ok := res.Inputs["d_k"]; ok && len(in.Rows) == 1 {
		for _, d := range in.Rows[0] {
			out = append(out, "d_k = "+d)
		}
	}
	return out
}

// renderStatsTable writes a {score-stats} result as one table: a row per
// key dimension, a column per statistic.
func renderStatsTable(b *strings.Builder, spec *Spec, res *Result, it Item) {
	dims := res.Inputs["d_k"].Rows[0]
	fmt.Fprintf(b, `<div class="table-wrap"><table id="%s">`+"\n", html.EscapeString(it.ID))
	fmt.Fprintf(b, "<caption>%s</caption>\n", captionFor(spec, "table", it.Show, it.Number, "score statistics by key dimension"))
	b.WriteString(`<thead><tr><th scope="col" class="num">d_k</th>`)
	for _, c := range statsColumns {
		write(b, `<th scope="col" class="num">`, html.EscapeString(c.head), `</th>`)
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, d := range dims {
		write(b, `<tr><th scope="row" class="num">`, html.EscapeString(d), `</th>`)
		for _, c := range statsColumns {
			dec, _ := res.Decimal(c.field, res.Digits)
			v := ""
			if i < len(dec.Values) {
				v = dec.Values[i]
			}
			write(b, `<td class="num">`, html.EscapeString(v), `</td>`)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table></div>\n")
}
