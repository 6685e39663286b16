package pagebuild

import (
	"reflect"
	"testing"
	"time"

	"paperlab/generator/page"
)

// TestViewKeySeesEveryField changes each field of a lab view in turn and
// checks that its card key changes: a card rendered for the old view must
// never be shown for the new one.
func TestViewKeySeesEveryField(t *testing.T) {
	base := func() *LabView {
		return &LabView{
			Title: "A", Summary: "S", URL: "labs/a/", Order: 1,
			Paper:    &page.Paper{Title: "P", Authors: []string{"X"}, Year: 2017, Venue: "V", Arxiv: "1", URL: "u", Facts: []page.Fact{{Name: "n"}}},
			Modified: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
			Keywords: []KeywordView{{Name: "k", URL: "keywords/k/", Count: 1}},
			After:    []*LabView{{Title: "B", URL: "labs/b/"}},
		}
	}
	want := viewKey(base())
	if viewKey(base()) != want {
		t.Fatal("the same view has two keys")
	}
	changes := map[string]func(v *LabView){
		"Title":    func(v *LabView) { v.Title = "A2" },
		"Summary":  func(v *LabView) { v.Summary = "" },
		"URL":      func(v *LabView) { v.URL = "labs/c/" },
		"Paper":    func(v *LabView) { v.Paper = nil },
		"Modified": func(v *LabView) { v.Modified = v.Modified.Add(24 * time.Hour) },
		"Keywords": func(v *LabView) { v.Keywords[0].Count = 2 },
		"After":    func(v *LabView) { v.After[0].Title = "B2" },
		"Order":    func(v *LabView) { v.Order = 2 },
	}
	lv := reflect.TypeFor[LabView]()
	for i := range lv.NumField() {
		f := lv.Field(i)
		if !f.IsExported() {
			continue
		}
		change, ok := changes[f.Name]
		if !ok {
			t.Errorf("LabView.%s: no change tried here; add one", f.Name)
			continue
		}
		v := base()
		change(v)
		if viewKey(v) == want {
			t.Errorf("changing LabView.%s leaves the card key as it was", f.Name)
		}
	}
	for name, change := range map[string]func(p *page.Paper){
		"paper authors": func(p *page.Paper) { p.Authors = append(p.Authors, "Y") },
		"paper year":    func(p *page.Paper) { p.Year = 2018 },
		"paper fact":    func(p *page.Paper) { p.Facts[0].Name = "m" },
	} {
		v := base()
		change(v.Paper)
		if viewKey(v) == want {
			t.Errorf("changing the %s leaves the card key as it was", name)
		}
	}
}
