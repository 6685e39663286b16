package site

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"paperlab/generator/diag"
	"paperlab/generator/page"
)

// arxivVersion is the version suffix of an arXiv id ("v2"): two labs on
// different versions of one paper read the same paper.
var arxivVersion = regexp.MustCompile(`v\d+$`)

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
