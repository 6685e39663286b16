package pagebuild

import (
	"fmt"
	"html"

	"github.com/yuin/goldmark/util"

	"paperlab/generator/markdown"
	"paperlab/generator/page"
)

// factValues maps each paper fact of the page to its value text.
func factValues(p *page.Page) map[string]string {
	out := map[string]string{}
	if p.Paper != nil {
		for _, f := range p.Paper.Facts {
			out[f.Name] = f.Value
		}
	}
	return out
}

// renderFactRole writes {fact}`d_model` as the fact's value followed by a
// link to the paper's section that states it: 512 (§3.1).
func (r *Prepared) renderFactRole(w util.BufWriter, role *markdown.Role) {
	f, ok := r.page.Paper.Fact(role.Content)
	if !ok {
		r.errorAt(role.ContentOffset, "{fact}`%s`: %v", role.Content, r.dirs.scope.UnknownFact(role.Content))
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	w.WriteString(`<span class="fact">` + html.EscapeString(f.Value))
	if f.Section != "" {
		sec := "§" + f.Section
		title := "Section " + f.Section
		if r.page.Paper.Title != "" {
			title += " of " + r.page.Paper.Title
		}
		if link := r.page.Paper.Link(); link != "" {
			fmt.Fprintf(w, ` (<a class="fact-source" href="%s" title="%s">%s</a>)`, html.EscapeString(link), html.EscapeString(title), sec)
		} else {
			fmt.Fprintf(w, ` (<span class="fact-source" title="%s">%s</span>)`, html.EscapeString(title), sec)
		}
	}
	w.WriteString("</span>")
}
