package markdown

import (
	"strings"
	"testing"
)

func TestNumberSections(t *testing.T) {
	src := "## Why\n\nSee [](#how) and [the details](#detail), [](#nowhere), [x](other.md#how).\n\n### Early?\n\n## How\n\n### Detail\n\n#### Deep\n\n### More\n\n## End\n"
	doc := Parse([]byte(src), nil)
	doc.NumberSections()
	var got []string
	for _, h := range doc.Headings() {
		got = append(got, h.Number+" "+h.Text)
	}
	want := []string{"1 Why", "1.1 Early?", "2 How", "2.1 Detail", "2.2 More", "3 End"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("numbers:\n got %q\nwant %q", got, want)
	}
	out, err := doc.Render()
	if err != nil {
		t.Fatal(err)
	}
	html := string(out)
	for _, w := range []string{
		`<h2 id="why"><span class="secno">1</span> Why <a class="anchor"`,
		`<h3 id="detail"><span class="secno">2.1</span> Detail <a`,
		`<h4 id="deep">Deep <a`,
		`<a href="#how">Section 2</a>`,
		`<a href="#detail">the details` + "\u00a0" + `(§2.1)</a>`,
		`<a href="#nowhere"></a>`,
		`<a href="other.md#how">x</a>`,
	} {
		if !strings.Contains(html, w) {
			t.Errorf("rendered HTML lacks %q:\n%s", w, html)
		}
	}
}

func TestSectionsUnnumberedByDefault(t *testing.T) {
	doc := Parse([]byte("## Why\n\n[](#why)\n"), nil)
	out, _ := doc.Render()
	if strings.Contains(string(out), "secno") || doc.Headings()[0].Number != "" {
		t.Errorf("a document not asked to number its sections has numbers:\n%s", out)
	}
}
