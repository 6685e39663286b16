package site

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/yuin/goldmark/util"

	"paperlab/generator/diag"
	"paperlab/generator/markdown"
	"paperlab/generator/page"
)

// arxivVersion is the version suffix of an arXiv id ("v2"): two labs on
// different versions of one paper read the same paper.
var arxivVersion = regexp.MustCompile(`v\d+$`)

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

// sameNumber reports whether two fact values are the same number ("512"
// and "512.0" are).
func sameNumber(a, b string) bool {
	x, _, errA := apd.NewFromString(a)
	y, _, errB := apd.NewFromString(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return x.Cmp(y) == 0
}

// checkFacts reports a fact that two labs on the same paper (the same
// arXiv id) state with different values, at the position of each.
func checkFacts(labs []*sitePage, list *diag.List) {
	type stated struct {
		lab  *sitePage
		fact page.Fact
	}
	byKey := map[string][]stated{} // arXiv id + "\x00" + fact name
	var keys []string
	for _, l := range labs {
		if l.Paper == nil || l.Paper.Arxiv == "" {
			continue
		}
		id := arxivVersion.ReplaceAllString(l.Paper.Arxiv, "")
		for _, f := range l.Paper.Facts {
			k := id + "\x00" + f.Name
			if _, seen := byKey[k]; !seen {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], stated{l, f})
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		all := byKey[k]
		id, name, _ := strings.Cut(k, "\x00")
		for _, s := range all {
			var others []string
			for _, o := range all {
				if o.lab != s.lab && !sameNumber(o.fact.Value, s.fact.Value) {
					others = append(others, fmt.Sprintf("%s:%d:%d says %s", o.lab.Path, o.fact.Pos.Line, o.fact.Pos.Col, o.fact.Value))
				}
			}
			if len(others) > 0 {
				list.Errorf(s.lab.Path, s.fact.Pos.Line, s.fact.Pos.Col,
					"front matter: paper.facts.%s: this lab says %s, but another lab on the same paper (arXiv %s) disagrees: %s",
					name, s.fact.Value, id, strings.Join(others, "; "))
			}
		}
	}
}

// renderFactRole writes {fact}`d_model` as the fact's value followed by a
// link to the paper's section that states it: 512 (§3.1).
func (r *pageRenderer) renderFactRole(w util.BufWriter, role *markdown.Role) {
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
