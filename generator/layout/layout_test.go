package layout

import (
	"strings"
	"testing"
	"testing/fstest"
)

func minimal() fstest.MapFS {
	fs := fstest.MapFS{
		"base.html":     {Data: []byte(`<title>{{block "title" .}}{{.}}{{end}}</title>{{block "main" .}}{{end}}`)},
		"partials.html": {Data: []byte(`{{define "shout"}}{{.}}!{{end}}`)},
	}
	for _, k := range Kinds {
		fs[k+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}` + k + `:{{template "shout" .}}{{end}}`)}
	}
	return fs
}

func TestLoadAndRender(t *testing.T) {
	set, err := Load(minimal())
	if err != nil {
		t.Fatal(err)
	}
	out, err := set.Render(Lab, "hi")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "<title>hi</title>lab:hi!"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	if _, err := set.Render("nosuch", nil); err == nil {
		t.Error("rendering an unknown kind should fail")
	}
}

func TestErrorsNameTheLayoutFile(t *testing.T) {
	fs := minimal()
	fs["lab.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{.Oops\n{{end}}")}
	_, err := Load(fs)
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/lab.html:3:") {
		t.Errorf("Load = %v, want an error at layouts/lab.html:3 (where the unclosed action ends)", err)
	}
	fs = minimal()
	delete(fs, "404.html")
	if _, err := Load(fs); err == nil || !strings.Contains(err.Error(), "layouts/404.html") {
		t.Errorf("Load without 404.html = %v", err)
	}
	fs = minimal()
	fs["home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Missing.Field}}{{end}}`)}
	set, err := Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := set.Render(Home, struct{}{}); err == nil || !strings.HasPrefix(err.Error(), "layouts/home.html:1:") {
		t.Errorf("execution error = %v, want one at layouts/home.html:1", err)
	}
}
