package benchsite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/site"
)

func TestLabIsDeterministicAndDistinct(t *testing.T) {
	a, err := Lab(3, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Lab(3, 7)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("the same lab and seed wrote different sources")
	}
	c, err := Lab(4, 7)
	if err != nil {
		t.Fatal(err)
	}
	if a == c {
		t.Fatal("labs 3 and 4 have the same source")
	}
	other, err := Lab(3, 8)
	if err != nil {
		t.Fatal(err)
	}
	if a == other {
		t.Fatal("seeds 7 and 8 wrote the same lab")
	}
	for _, want := range []string{"```{attention} mix", "```{attention} pair", "expect:", "{num}`mix.weights[0][0]`", "\\[", "\\(", "```python", "|---|"} {
		if !strings.Contains(a, want) {
			t.Errorf("lab has no %q", want)
		}
	}
	if n := strings.Count(a, "\n## "); n != 9 {
		t.Errorf("lab has %d sections, want 9 (the seed's sections)", n)
	}
}

// TestCorpusBuilds builds a 100-lab corpus strictly: every expectation
// the generator wrote must hold, and every lab must become a page.
func TestCorpusBuilds(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Options{Labs: 100, Seed: 1, Layouts: filepath.Join("..", "..", "layouts")}); err != nil {
		t.Fatal(err)
	}
	res, err := site.Build(context.Background(), site.Config{Src: dir, Strict: true, NoCache: true})
	if err != nil {
		for _, d := range res.Diagnostics {
			t.Log(d.String())
		}
		t.Fatal(err)
	}
	for i := range 100 {
		if _, err := os.Stat(filepath.Join(dir, "public", "labs", LabSlug(i), "index.html")); err != nil {
			t.Errorf("lab %d: %v", i, err)
		}
	}
}

func TestHugoSiteHasTheSameMarkdown(t *testing.T) {
	dir := t.TempDir()
	if err := WriteHugo(dir, Options{Labs: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		got, err := os.ReadFile(filepath.Join(dir, "content", "labs", LabFile(i)))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Lab(i, 1)
		if string(got) != want {
			t.Errorf("lab %d differs from paperlab's", i)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "hugo.toml")); err != nil {
		t.Fatal(err)
	}
}
