package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// iconSVG matches a callout's decorative icon.
var iconSVG = regexp.MustCompile(`<svg class="callout-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><g [^>]*>.*?</g></svg>`)

func TestCallouts(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"note", "> [!NOTE]\n> Read *this* first.\n",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">ICONNote</p>\n<p>Read <em>this</em> first.</p>\n</div>\n"},
		{"lower case, two paragraphs", "> [!warning]\n> One.\n>\n> Two.\n",
			"<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">ICONWarning</p>\n<p>One.</p>\n<p>Two.</p>\n</div>\n"},
		{"marker alone", "> [!TIP]  \n",
			"<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">ICONTip</p>\n</div>\n"},
		{"list inside", "> [!IMPORTANT]\n> - a\n> - b\n",
			"<div class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-title\">ICONImportant</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>\n"},
		{"caution", "> [!CAUTION]\n> Hot.\n",
			"<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">ICONCaution</p>\n<p>Hot.</p>\n</div>\n"},
		{"unknown type stays a quote", "> [!FOO]\n> x\n", "<blockquote>\n<p>[!FOO]\nx</p>\n</blockquote>\n"},
		{"marker not alone stays a quote", "> [!NOTE] x\n", "<blockquote>\n<p>[!NOTE] x</p>\n</blockquote>\n"},
		{"plain quote", "> quote\n", "<blockquote>\n<p>quote</p>\n</blockquote>\n"},
		{"nested", "> outer\n>\n> > [!NOTE]\n> > inner\n",
			"<blockquote>\n<p>outer</p>\n<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">ICONNote</p>\n<p>inner</p>\n</div>\n</blockquote>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Parse([]byte(c.src), nil).Render()
			if err != nil {
				t.Fatal(err)
			}
			got := iconSVG.ReplaceAllString(string(out), "ICON")
			if got != c.want {
				t.Errorf("source %q:\n got %q\nwant %q", c.src, got, c.want)
			}
		})
	}
}

func TestCalloutKeepsMathAndRoles(t *testing.T) {
	out, _ := Parse([]byte("> [!NOTE]\n> Weights \\(\\alpha_i\\) and {num}`mix.y`.\n"), nil).Render()
	for _, w := range []string{`<span class="math inline">\(\alpha_i\)</span>`, "<code>mix.y</code>"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("callout lost %q:\n%s", w, out)
		}
	}
}
