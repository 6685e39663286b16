package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// mathSpans lists the math in a document as "inline:TeX", "display:TeX" or
// "block:TeX" (display math standing on lines of its own).
func mathSpans(src string) []string {
	doc := Parse([]byte(src), nil)
	var out []string
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		switch t := n.(type) {
		case *Math:
			kind := "inline"
			if t.Display {
				kind = "display"
			}
			out = append(out, kind+":"+t.TeX)
		case *MathBlock:
			out = append(out, "block:"+t.TeX)
		}
		return ast.WalkContinue
	})
	return out
}

func TestMathDelimiters(t *testing.T) {
	cases := []struct {
		src  string
		want []string
	}{
		{`a \(x_1\) b`, []string{`inline:x_1`}},
		{`a $x_1$ b`, []string{`inline:x_1`}},
		{`\(\alpha_i \\ v_i\)`, []string{`inline:\alpha_i \\ v_i`}},
		{`\(a * b * c\) and \(\{x\} \_ y\)`, []string{`inline:a * b * c`, `inline:\{x\} \_ y`}},
		{`$a_1 * b_2$ *emph*`, []string{`inline:a_1 * b_2`}},
		{`costs $5 and $10`, nil},
		{`a $ b $ c`, nil},
		{`\$x\$ is not math`, nil},
		{`price \$5 and $y$`, []string{`inline:y`}},
		{"`$x$` and `\\(y\\)`", nil},
		{"```\n$x$ \\(y\\)\n```", nil},
		{"multi \\(a +\nb\\) line", []string{"inline:a +\nb"}},
		{"\\[\n\\sum_i \\alpha_i v_i.\n\\]", []string{"block:\n\\sum_i \\alpha_i v_i.\n"}},
		{"$$\na \\\\\nb\n$$", []string{"block:\na \\\\\nb\n"}},
		{"\\[ a = b \\]", []string{"block: a = b "}},
		{"text \\[ a \\] more", []string{"display: a "}},
		{"- item\n\n  $$\n  x \\\\ y\n  $$\n", []string{"block:\nx \\\\ y\n"}},
		{"> quote \\(q\\)\n> and $$a\n> b$$ z", []string{"inline:q", "display:a\nb"}},
		{"> \\[\n> x = 1\n> \\]", []string{"block:\nx = 1\n"}},
		{"\\[ a \\]\n\\[ b \\]", []string{"block: a ", "block: b "}},
		{`\(unclosed`, nil},
		{`a \( b`, nil},
		{`$x$5`, nil},
	}
	// Display blocks keep the TeX exactly as written between the
	// delimiters, line breaks included.
	for _, c := range cases {
		got := mathSpans(c.src)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: math = %q, want %q", c.src, got, c.want)
		}
	}
}

func TestMathSourceOffsets(t *testing.T) {
	src := "Intro \\(a + \\bad\\) end.\n\n> \\[\n> x +\n> \\oops\n> \\]\n"
	doc := Parse([]byte(src), nil)
	var got []string
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		var m *MathSource
		switch t := n.(type) {
		case *Math:
			m = &t.MathSource
		case *MathBlock:
			m = &t.MathSource
		default:
			return ast.WalkContinue
		}
		i := strings.Index(m.TeX, `\`)
		off := m.SourceOffset(i)
		got = append(got, src[off:off+4])
		return ast.WalkContinue
	})
	if want := []string{`\bad`, `\oop`}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("source at the first command of each math span = %q, want %q", got, want)
	}
}

func TestRoles(t *testing.T) {
	doc := Parse([]byte("A {num}`mix.weights[0][2]`, {num:6}`` mix.output[0] `` and {eq}`eq:x`; {not a role} and {x}y."), nil)
	var got []string
	doc.Walk(func(n ast.Node) ast.WalkStatus {
		if r, ok := n.(*Role); ok {
			got = append(got, r.Name+"|"+r.Arg+"|"+r.Content)
		}
		return ast.WalkContinue
	})
	want := []string{"num||mix.weights[0][2]", "num|6|mix.output[0]", "eq||eq:x"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("roles = %q, want %q", got, want)
	}
}

func TestRenderWithoutHooks(t *testing.T) {
	doc := Parse([]byte("## Title *x*\n\n## Title x\n\nCode:\n\n```nosuchlanguage\na < b\n```\n\n```go\nfunc f() {}\n```\n\n```{attention} mix\nq: [[1]]\n```\n"), nil)
	html, err := doc.Render()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<h2 id="title-x">Title <em>x</em> <a class="anchor" href="#title-x" aria-label="Link to this section">#</a></h2>`,
		`<h2 id="title-x-1">`,
		`<pre class="code"><code class="language-nosuchlanguage">a &lt; b`,
		`<span class="hl-kd">func</span>`,
	} {
		if !strings.Contains(string(html), want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(string(html), "style=") {
		t.Errorf("highlighted code uses inline styles:\n%s", html)
	}
	dirs := doc.Directives()
	if len(dirs) != 1 || dirs[0].Type != "attention" || dirs[0].Name != "mix" || string(dirs[0].Body) != "q: [[1]]\n" {
		t.Errorf("directives = %+v", dirs)
	}
	heads := TOC(doc.Headings())
	if len(heads) != 2 || heads[0].ID != "title-x" || heads[0].Text != "Title x" {
		t.Errorf("headings = %+v", heads)
	}
}

func TestHighlightCSSHasBothThemes(t *testing.T) {
	css := HighlightCSS()
	if !strings.Contains(css, "@media (prefers-color-scheme: dark)") || !strings.Contains(css, ".hl-kd") {
		t.Errorf("stylesheet lacks the dark theme or keyword class:\n%s", css[:min(len(css), 400)])
	}
}
