package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	xhtml "golang.org/x/net/html"
)

// FuzzRenderLab renders arbitrary lab sources through the whole pipeline
// (front matter, Markdown, math, directives, templates) and checks the
// invariants: no panic, every diagnostic about the page inside the file,
// two renders byte-identical, and no built page with a script element, an
// event attribute, srcdoc or an executable URL (read with the HTML5
// parser). The seed corpus is in testdata/fuzz/FuzzRenderLab.
func FuzzRenderLab(f *testing.F) {
	layouts := fstest.MapFS{}
	root := filepath.Join("..", "..", "layouts")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		layouts["layouts/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	labs, _ := filepath.Glob(filepath.Join("..", "..", "content", "labs", "*.md"))
	for _, l := range labs {
		b, err := os.ReadFile(l)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"---\ntitle: x\n---\n\\[ \\label{eq:a} \\]\n{eq}`eq:a` {num}`m.weights[0][0]` {ref}`m`\n",
		"---\ntitle: x\n---\n```{attention} m\nq: [[1]]\nk: [[1]]\nv: [[1]]\nshow: [sum, span, figure, heatmap]\n```\n",
		"---\ntitle: x\n---\n```{span} s\nvectors: [[0, 0]]\ntarget: [0, 0]\nshow: [figure, span]\n```\n",
		"---\ntitle: x\nafter: [x]\n---\n[a](a.md) $$\n",
		"---\n- a\n---\n",
		"---\ntitle: x\n---\n[a](javascript:x) <img src=x\nonerror=y> <a href=\"jav&#x09;ascript:x\">b</a>\n",
		"---\ntitle: x\n---\n<style>@import url(//x);</style>\n<svg><animate values=\"javascript:x\"/></svg>\n",
		"---\ntitle: x\n---\ntext $$ a and \\[ b\n",
		"---\ntitle: x\nafter: [x]\n---\n```{matrix} x\nrows: [[1]]\n```\n```{linear-map} y\nx: x.nonexistent\nw: [[1]]\n```\n{num:-1}`y.y[0][0]`\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 8<<10 {
			return
		}
		fsys := fstest.MapFS{"content/labs/x.md": &fstest.MapFile{Data: src}}
		for k, v := range layouts {
			fsys[k] = v
		}
		cfg := Config{BaseURL: "/", Workers: 1}
		res, _ := Render(context.Background(), fsys, cfg)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range res.Diagnostics {
			if d.Path != "content/labs/x.md" {
				continue
			}
			if d.Line < 1 || d.Line > lines || d.Col < 1 {
				t.Fatalf("diagnostic %s outside the file (%d lines)", d, lines)
			}
		}
		again, _ := Render(context.Background(), fsys, cfg)
		if !reflect.DeepEqual(res.Files, again.Files) || !reflect.DeepEqual(res.Diagnostics, again.Diagnostics) {
			t.Fatalf("two renders of the same source differ")
		}
		for name, b := range res.Files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			if why := scriptIn(b); why != "" {
				t.Fatalf("built page %s has %s", name, why)
			}
		}
	})
}

// scriptIn parses a built page with the HTML5 parser and names the first
// thing in it that would run JavaScript: a script element, an event
// attribute, srcdoc, or a javascript:/vbscript: URL in any attribute.
func scriptIn(page []byte) string {
	doc, err := xhtml.Parse(bytes.NewReader(page))
	if err != nil {
		return "unparsable HTML: " + err.Error()
	}
	var walk func(n *xhtml.Node) string
	walk = func(n *xhtml.Node) string {
		if n.Type == xhtml.ElementNode {
			if n.Data == "script" {
				return "a script element"
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, a.Val))
				switch {
				case strings.HasPrefix(key, "on"), key == "srcdoc":
					return "attribute " + key + " on <" + n.Data + ">"
				case strings.HasPrefix(v, "javascript:"), strings.HasPrefix(v, "vbscript:"):
					return "an executable URL in " + key + " on <" + n.Data + ">"
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if why := walk(c); why != "" {
				return why
			}
		}
		return ""
	}
	return walk(doc)
}
