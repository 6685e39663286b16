package htmlsafe

import (
	"bytes"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FuzzCheck checks the checker against an independent reading of the same
// HTML: when Check finds nothing, the HTML5 parser (the full tree
// builder, not the tokenizer Check uses) must find no script element, no
// event attribute, no srcdoc and no script URL in any attribute; and every
// problem offset lies inside the input. The seed corpus is in
// testdata/fuzz/FuzzCheck.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		`<details><summary>a</summary><kbd>b</kbd></details>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<svg><animate values="javascript:alert(1)"/></svg>`,
		`<iframe srcdoc="x"></iframe>`,
		`<style>@import url(//x);</style>`,
		`<math><mi xlink:href="javascript:x">a</mi></math>`,
		`<table><tr><td><script>x</script>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1024 { // the tree builder used as the oracle is slow on deep nesting
			return
		}
		ps := Check(src)
		for _, p := range ps {
			if p.Offset < 0 || p.Offset > len(src) {
				t.Fatalf("Check(%q): offset %d outside the input", src, p.Offset)
			}
		}
		if len(ps) > 0 {
			return
		}
		nodes, err := xhtml.ParseFragment(bytes.NewReader(src), &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil {
			return
		}
		for _, n := range nodes {
			if why := executable(n); why != "" {
				t.Fatalf("Check(%q) found nothing, but the parsed page has %s", src, why)
			}
		}
	})
}

// executable finds what would run a script in a parsed tree.
func executable(n *xhtml.Node) string {
	if n.Type == xhtml.ElementNode {
		if strings.EqualFold(n.Data, "script") {
			return "a script element"
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "srcdoc" {
				return "attribute " + key
			}
			if s := scheme(normalize(a.Val)); s == "javascript" || s == "vbscript" {
				return "a " + s + ": URL in " + key
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if why := executable(c); why != "" {
			return why
		}
	}
	return ""
}
