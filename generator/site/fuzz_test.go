package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// FuzzRenderLab renders arbitrary lab sources through the whole pipeline
// (front matter, Markdown, math, directives, templates): any input must
// give a page or diagnostics, never a panic or a hang.
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
		Render(context.Background(), fsys, Config{BaseURL: "/", Workers: 1})
	})
}
