package layout

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"paperlab/generator/diag"
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

// TestErrorPlaces checks that template errors carry their layout file,
// line and column as data, for parse, execution and escaping errors.
func TestErrorPlaces(t *testing.T) {
	tests := []struct {
		name, file, src string
		path            string
		line, col       int
		msg             string
	}{
		{"parse error", "lab.html", "{{define \"main\"}}\n{{.Oops\n{{end}}",
			"layouts/lab.html", 3, 0, `unexpected "{" in operand`},
		{"execution error", "home.html", "{{define \"main\"}}\n\n {{.X.Y}}{{end}}",
			"layouts/home.html", 3, 5, `executing "main" at <.X.Y>: can't evaluate field Y in type int`},
		{"error of a helper", "home.html", "{{define \"main\"}}\n{{dict 1}}{{end}}",
			"layouts/home.html", 2, 2, `executing "main" at <dict 1>: error calling dict: dict: expected key, value pairs, got 1 arguments`},
		{"escaping error at a node", "home.html", "{{define \"main\"}}\n<p>\n  <a href=\"{{if .}}x{{else}}\"{{end}}>\n{{end}}",
			"layouts/home.html", 3, 16, "{{if}} branches end in different contexts: "},
		{"escaping error of a whole template", "home.html", "{{define \"main\"}}<a href=\"{{end}}",
			"layouts/base.html", 0, 0, "ends in a non-text context: "},
		{"parse error in a partial", "partials.html", "{{define \"shout\"}}\n\n\n{{end}}{{end}}",
			"layouts/partials.html", 4, 0, "unexpected {{end}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := minimal()
			fs[tt.file] = &fstest.MapFile{Data: []byte(tt.src)}
			set, err := Load(fs)
			if err == nil {
				_, err = set.Render(Home, struct{ X int }{1})
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want a *layout.Error", err, err)
			}
			if e.Path != tt.path || e.Line != tt.line || e.Col != tt.col || !strings.HasPrefix(e.Msg, tt.msg) {
				t.Errorf("got %q %d:%d %q, want %q %d:%d %q…", e.Path, e.Line, e.Col, e.Msg, tt.path, tt.line, tt.col, tt.msg)
			}
			if e.Err == nil || errors.Unwrap(err) != e.Err {
				t.Errorf("Unwrap = %v, want the template library's error", errors.Unwrap(err))
			}
		})
	}
}

// TestErrorText checks the text of an *Error, and the places read from
// errors that name no layout file.
func TestErrorText(t *testing.T) {
	tests := []struct {
		err       error
		path      string
		line, col int
		text      string
	}{
		{errors.New(`template: lab.html:12: function "x" not defined`), "layouts/lab.html", 12, 0, `layouts/lab.html:12: function "x" not defined`},
		{errors.New(`template: lab.html:3:5: executing "lab.html" at <.X>: oops`), "layouts/lab.html", 3, 5, `layouts/lab.html:3:5: executing "lab.html" at <.X>: oops`},
		{errors.New(`template: base.html: no such thing`), "layouts/base.html", 0, 0, `layouts/base.html: no such thing`},
		{errors.New(`template: no template "x" associated with template "y"`), "layouts", 0, 0, `layouts: no template "x" associated with template "y"`},
		{errors.New(`template: card:3: not a file`), "layouts", 0, 0, `layouts: card:3: not a file`},
		{&template.Error{Name: "lab.html", Line: 4, Description: "bad"}, "layouts/lab.html", 4, 0, "layouts/lab.html:4: bad"},
		{&template.Error{Name: "card", Line: 4, Description: "bad"}, "layouts", 0, 0, "layouts: html/template:card:4: bad"},
	}
	for _, tt := range tests {
		e := templateError(tt.err)
		if e.Path != tt.path || e.Line != tt.line || e.Col != tt.col || e.Error() != tt.text {
			t.Errorf("templateError(%q) = %q %d:%d, text %q; want %q %d:%d, text %q", tt.err, e.Path, e.Line, e.Col, e.Error(), tt.path, tt.line, tt.col, tt.text)
		}
	}
}

// TestPartialRemembersOneGeneration renders a partial, asks again under
// the same key (the remembered HTML, even for other data), and checks that
// what a whole generation did not ask for is forgotten.
func TestPartialRemembersOneGeneration(t *testing.T) {
	set, err := Load(minimal())
	if err != nil {
		t.Fatal(err)
	}
	get := func(key, data string) string {
		t.Helper()
		h, err := set.Partial(Home, "shout", key, data)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	if got := get("k", "<a>"); got != "&lt;a&gt;!" {
		t.Fatalf("Partial = %q, want the escaped text and its !", got)
	}
	if got := get("k", "other"); got != "&lt;a&gt;!" {
		t.Errorf("same key: Partial = %q, want what it rendered before", got)
	}
	if h, err := set.Partial(Lab, "shout", "k", "lab"); err != nil || h != "lab!" {
		t.Errorf("another page kind under the same key: %q, %v; want lab! (a kind may define the partial its own way)", h, err)
	}
	set.NextGeneration()
	if got := get("k", "other"); got != "&lt;a&gt;!" {
		t.Errorf("one generation later: Partial = %q, want it still remembered", got)
	}
	set.NextGeneration()
	set.NextGeneration()
	if got := get("k", "other"); got != "other!" {
		t.Errorf("two generations without asking: Partial = %q, want it rendered again", got)
	}
	if _, err := set.Partial(Home, "nosuch", "x", nil); err == nil {
		t.Error("an unknown partial should fail")
	}
}

// TestDiagnostic checks that an error is placed by the data it carries,
// never by what its text looks like.
func TestDiagnostic(t *testing.T) {
	le := &Error{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: "executing \"main\" at <.X>: oops", Err: errors.New("template: lab.html:3:5: …")}
	tests := []struct {
		name string
		err  error
		want diag.Diagnostic
	}{
		{"layout error", le, diag.Diagnostic{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: le.Msg}},
		{"wrapped layout error", fmt.Errorf("rendering: %w", le), diag.Diagnostic{Path: "layouts/lab.html", Line: 3, Col: 5, Msg: le.Msg}},
		{"layout error without a line", &Error{Path: "layouts/base.html", Msg: "ends in a non-text context"},
			diag.Diagnostic{Path: "layouts/base.html", Msg: "ends in a non-text context"}},
		{"diagnostic", diag.Diagnostic{Path: "layouts/x.html", Line: 2, Msg: "m"}, diag.Diagnostic{Path: "layouts/x.html", Line: 2, Msg: "m"}},
		{"text that only looks placed", errors.New("layouts/lab.html:3:5: oops"), diag.Diagnostic{Path: "layouts", Msg: "layouts/lab.html:3:5: oops"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diagnostic(tt.err); got.String() != tt.want.String() || got.Line != tt.want.Line || got.Col != tt.want.Col {
				t.Errorf("Diagnostic = %+v, want %+v", got, tt.want)
			}
		})
	}
}
