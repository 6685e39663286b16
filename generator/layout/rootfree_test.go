package layout

import (
	"testing"
	"testing/fstest"
)

// TestPartialAtEqualsPartial renders partials through PartialAt for pages
// at three depths and checks that the HTML is what rendering each with
// its own root gives, for partials that may take the stand-in and for
// partials that may not (which must then be rendered per root), and that
// each is told apart as it should be.
func TestPartialAtEqualsPartial(t *testing.T) {
	type lab struct {
		Title, URL string
		Keywords   []string
	}
	cases := []struct {
		name, body string
		free       bool
	}{
		{"text, attribute and URL", `<a href="{{.Root}}{{.Lab.URL}}" data-r="{{$.Root}}">{{.Lab.Title}}</a> {{.Root}}`, true},
		{"inside with and range", `{{with .Lab}}<a href="{{$.Root}}{{.URL}}">{{.Title}}</a>{{range $i, $c := .Keywords}}{{if $i}}<a href="{{$.Root}}x/">{{$c}}</a>{{end}}{{end}}{{end}}`, true},
		{"a condition on the root", `{{if .Root}}deep{{else}}top{{end}} <a href="{{.Root}}">up</a>`, false},
		{"compared", `{{if eq $.Root "../"}}one up{{end}}`, false},
		{"the root in a query", `<a href="/search?from={{.Root}}">s</a>`, false},
		{"the root in a function", `{{len .Root}}`, false},
		{"the data printed whole", `{{printf "%v" .}}`, false},
		{"the data to another template", `{{template "other" .}}`, false},
		{"another template", `<a href="{{.Root}}">{{template "shout"}}</a>`, false},
		{"in a variable", `{{$r := .Root}}<a href="{{$r}}">up</a>`, false},
		{"the data by index", `{{index . "Root"}}`, false},
		{"the stand-in in the text", `paperlabrootstandin <a href="{{.Root}}">up</a>`, false},
		{"in a CSS url()", `<p style="background: url({{.Root}}bg.png)">x</p>`, true},
		{"in an event handler", `<p onclick="go({{.Root}})">x</p>`, false},
	}
	labs := []struct {
		lab  lab
		free bool
	}{
		{lab{"Attention & <values>", "labs/attention/", []string{"a", "b"}}, true},
		{lab{"About paperlabrootstandin", "labs/odd/", nil}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := minimal()
			fs["partials.html"] = &fstest.MapFile{Data: []byte(`{{define "shout"}}{{.}}!{{end}}{{define "other"}}{{.Root}}{{end}}{{define "card"}}` + c.body + `{{end}}`)}
			set, err := Load(fs)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := Load(fs)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range labs {
				for round := range 2 { // the second from memory
					for _, root := range []string{"", "../", "../../", "../"} {
						data := func(root string) any { return map[string]any{"Lab": l.lab, "Root": root} }
						got, err := set.PartialAt(Home, "card", l.lab.URL, root, data, l.free)
						if err != nil {
							t.Fatal(err)
						}
						want, err := ref.Partial(Home, "card", root+"\x00"+l.lab.URL, data(root))
						if err != nil {
							t.Fatal(err)
						}
						if got != want {
							t.Errorf("%s, root %q, round %d:\n got %s\nwant %s", l.lab.Title, root, round, got, want)
						}
					}
				}
			}
			if f, known := set.rootFreeKnown(Home, "card"); !known || f.free != c.free {
				t.Errorf("root-free %t (known %t), want %t", f.free, known, c.free)
			}
		})
	}
}

// TestPartialAtAcrossKinds checks that pages of kinds defining a partial
// the same way share one rendering, and that a kind defining it its own
// way gets its own.
func TestPartialAtAcrossKinds(t *testing.T) {
	fs := minimal()
	fs["partials.html"] = &fstest.MapFile{Data: []byte(`{{define "shout"}}{{.}}!{{end}}{{define "card"}}<a href="{{.Root}}{{.URL}}">shared</a>{{end}}`)}
	fs[Lab+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}lab{{end}}{{define "card"}}<a href="{{.Root}}{{.URL}}">lab's own</a>{{end}}`)}
	set, err := Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	data := func(root string) any { return map[string]any{"URL": "labs/a/", "Root": root} }
	for range 2 {
		for kind, want := range map[string]string{
			Home:    `<a href="../labs/a/">shared</a>`,
			Keyword: `<a href="../labs/a/">shared</a>`,
			Lab:     `<a href="../labs/a/">lab's own</a>`,
		} {
			got, err := set.PartialAt(kind, "card", "a", "../", data, true)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("%s: %s, want %s", kind, got, want)
			}
		}
	}
	home, _ := set.rootFreeKnown(Home, "card")
	keywords, _ := set.rootFreeKnown(Keyword, "card")
	lab, _ := set.rootFreeKnown(Lab, "card")
	if !home.free || home.id != keywords.id || home.id == lab.id {
		t.Errorf("the home page's card and the keyword list's should share one rendering and the lab's not: %+v %+v %+v", home, keywords, lab)
	}
}
