package site

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"paperlab/generator/pythontest"
)

// TestRepoLabsReproduce builds the repository's own site and runs every
// lab's reproduce.py: each must exit 0, and every lab with directives must
// have one.
func TestRepoLabsReproduce(t *testing.T) {
	py := pythontest.Python(t)
	out := buildRepoSite(t)
	labs, _ := filepath.Glob(filepath.Join(out, "labs", "*"))
	ran := 0
	for _, dir := range labs {
		slug := filepath.Base(dir)
		src, err := os.ReadFile(filepath.Join("..", "..", "content", "labs", slug+".md"))
		hasDirectives := err == nil && regexp.MustCompile("(?m)^\\s*```\\{(matrix|softmax|attention|multihead|linear-map|positional-encoding|span)").Match(src)
		if _, err := os.Stat(filepath.Join(dir, "reproduce.py")); err != nil {
			if hasDirectives {
				t.Errorf("%s has directives but no reproduce.py", slug)
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "reproduce.ipynb")); err != nil {
			t.Errorf("%s: no reproduce.ipynb next to reproduce.py", slug)
		}
		text, code := pythontest.Run(t, py, dir, "reproduce.py")
		ran++
		if code != 0 {
			t.Errorf("%s/reproduce.py exited %d:\n%s", slug, code, text)
			continue
		}
		if !strings.Contains(text, "numbers agree with the page.") || strings.Contains(text, "skipped") {
			t.Errorf("%s/reproduce.py did not check everything:\n%s", slug, text)
		}
	}
	if ran < 3 {
		t.Errorf("ran %d scripts, want one per lab with directives (at least 3)", ran)
	}
}

const reproduceSite = `
-- content/labs/basics.md --
---
title: Basics
---

## Values

` + "```{matrix} V\nrows: [[2, 0], [0, 2], [1, 1]]\n```" + `

## What To Reproduce

Compute it yourself.

## Sources and Further Reading

Nothing yet.
-- content/labs/mix.md --
---
title: Mix
after: [basics]
---

## Mixing

` + "```{attention} mix\nq: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: basics.V\nshow: [weights, output]\n```" + `

The third weight is {num}` + "`mix.weights[0][2]`" + `, to six places {num:6}` + "`mix.weights[0][2]`" + `; the first value is {num}` + "`basics.V[0]`" + `.
-- content/labs/prose.md --
---
title: Prose Only
---

## What To Reproduce

Nothing to compute.
`

func TestReproduceFilesAndLink(t *testing.T) {
	src := writeSite(t, reproduceSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	files := readTree(t, filepath.Join(src, "public"))
	if _, ok := files["labs/prose/reproduce.py"]; ok {
		t.Error("a lab without directives got a reproduce.py")
	}
	if strings.Contains(string(files["labs/prose/index.html"]), "reproduce.py") {
		t.Error("a lab without directives links a reproduce.py")
	}
	page := string(files["labs/basics/index.html"])
	link := `<a href="reproduce.py" download>reproduce.py</a>`
	i, j, k := strings.Index(page, `id="what-to-reproduce"`), strings.Index(page, link), strings.Index(page, `id="sources-and-further-reading"`)
	if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
		t.Errorf("the link is not at the end of What To Reproduce (heading %d, link %d, next heading %d)", i, j, k)
	}
	if !strings.Contains(page, `<p>Compute it yourself.</p>`+"\n"+`<p class="reproduce">`) {
		t.Errorf("the link paragraph does not follow the section's text")
	}
	// A lab without a What To Reproduce section gets the link at its end.
	mix := string(files["labs/mix/index.html"])
	if !strings.Contains(mix, link) {
		t.Errorf("labs/mix links no reproduce.py")
	}
	script := string(files["labs/mix/reproduce.py"])
	for _, want := range []string{
		"# v: basics.V is imported from the lab basics and written out here.\n",
		"v=matrix([[2, 0], [0, 2], [1, 1]])",
		"# From the section “Mixing” (#mixing).\n",
		`check("mix.weights[0][2]", mix.weights[0][2], "0.532897")`,
		"Written by paperlab from content/labs/mix.md\n(the page labs/mix/).",
		"# basics.V[0] is quoted from the lab basics; that lab's reproduce.py checks it.\n",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("labs/mix/reproduce.py lacks %q:\n%s", want, script)
		}
	}
}

// TestReproduceFollowsTheInputs changes one input of a page and checks
// that the script's input and its expected numbers change with it, and
// nothing else of the script.
func TestReproduceFollowsTheInputs(t *testing.T) {
	src := writeSite(t, reproduceSite)
	if res, err := build(t, src); err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	before := readTree(t, filepath.Join(src, "public"))["labs/mix/reproduce.py"]
	p := filepath.Join(src, "content", "labs", "mix.md")
	text, _ := os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(text, []byte("q: [[1, 0, 1]]"), []byte("q: [[0, 1, 1]]"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := build(t, src); err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	after := readTree(t, filepath.Join(src, "public"))["labs/mix/reproduce.py"]
	var removed, added []string
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("the script has %d lines, was %d", len(al), len(bl))
	}
	for i := range bl {
		if bl[i] != al[i] {
			removed, added = append(removed, bl[i]), append(added, al[i])
		}
	}
	// q = (0, 1, 1) scores the keys 0, 1/√3 and 2/√3: weights 0.1679,
	// 0.2992, 0.5329 (the first two swap places).
	want := []string{
		`    q=matrix([[0, 1, 1]]),`,
		`check("mix.weights", mix.weights, [["0.1679", "0.2992", "0.5329"]])`,
		`check("mix.output", mix.output, [["0.8688", "1.1312"]])`,
	}
	if strings.Join(added, "\n") != strings.Join(want, "\n") {
		t.Errorf("changed lines:\n%s\nwant:\n%s\n(were:\n%s)", strings.Join(added, "\n"), strings.Join(want, "\n"), strings.Join(removed, "\n"))
	}
}

func TestReproduceIsDeterministic(t *testing.T) {
	src := writeSite(t, reproduceSite)
	var first map[string][]byte
	for i := 0; i < 3; i++ {
		if res, err := build(t, src); err != nil {
			t.Fatalf("%v\n%s", err, diagnostics(res))
		}
		files := readTree(t, filepath.Join(src, "public"))
		if i == 0 {
			first = files
			continue
		}
		for _, name := range []string{"labs/mix/reproduce.py", "labs/mix/reproduce.ipynb", "labs/basics/reproduce.py"} {
			if len(first[name]) == 0 || !bytes.Equal(first[name], files[name]) {
				t.Errorf("build %d: %s differs or is empty", i+1, name)
			}
		}
	}
}
