package htmlsafe

import (
	"strconv"
	"strings"
	"testing"
)

// checkCases are TestCheck's inputs, with the first problem expected.
var checkCases = []struct {
	html string
	want string // "" for no problem, else "offset: message prefix"
}{
	// Allowed: ordinary safe raw HTML.
	{`<details><summary>More</summary>text</details>`, ""},
	{`<kbd>Ctrl</kbd>+<kbd>C</kbd> x<sup>2</sup> <div class="note">n</div>`, ""},
	{`<img src="img/a.png" alt="a"> <img src="data:image/png;base64,iVBO">`, ""},
	{`<a href="https://arxiv.org/abs/1">a</a> <a href="mailto:x@y">m</a> <a href="../b/#c">r</a> <a href="//host/x">p</a>`, ""},
	{`<span style="color: red; content: 'a: b'">x</span>`, ""},
	{`<style>.x { background: url(img/a.png) }</style>`, ""},
	{`<!-- <script>alert(1)</script> -->`, ""},
	// Scripts and event handlers.
	{`<script>alert(1)</script>`, "0: raw HTML <script> would run JavaScript"},
	{`<SCRIPT src=x></SCRIPT>`, "0: raw HTML <script> would run JavaScript"},
	{`<svg><script>alert(1)</script></svg>`, "5: raw HTML <script>"},
	{"<img src=x\nonerror=alert(1)>", "11: raw HTML attribute onerror on <img>"},
	{`<body onload=x>`, "6: raw HTML attribute onload on <body>"},
	{`<a href="#" OnClick="x">`, "12: raw HTML attribute onclick on <a>"},
	// Executable URLs, after entity decoding and normalisation.
	{`<a href="javascript:alert(1)">`, `3: raw HTML <a href="javascript:alert(1)">: javascript: URL`},
	{`<a href="&#106;avascript:alert(1)">`, `3: raw HTML <a href="javascript:alert(1)">: javascript: URL`},
	{`<a href="javascript&colon;alert(1)">`, `3: raw HTML <a href="javascript:alert(1)">: javascript: URL`},
	{"<a href=\"jav\tascript:alert(1)\">", `3: raw HTML <a href="jav\tascript:alert(1)">: javascript: URL`},
	{"<a href=\" \x01JaVaScRiPt:alert(1)\">", `3: raw HTML <a href=" \x01JaVaScRiPt:alert(1)">: javascript: URL`},
	{`<a href="vbscript:x">`, "3: raw HTML <a href=\"vbscript:x\">: vbscript: URL"},
	{`<a href="data:text/html,<script>x</script>">`, "3: raw HTML <a href=\"data:text/html,<script>x</script>\">: data: URL is not allowed"},
	{`<form action="javascript:x">`, `6: raw HTML <form action="javascript:x">`},
	{`<button formaction="javascript:x">`, `8: raw HTML <button formaction="javascript:x">`},
	{`<svg><a xlink:href="javascript:x">t</a></svg>`, `8: raw HTML <a xlink:href="javascript:x">`},
	{`<svg><animate attributeName="href" values="https://ok;javascript:alert(1)"/></svg>`, `35: raw HTML <animate values="javascript:alert(1)">`},
	{`<svg><set attributeName="href" to="javascript:alert(1)"/></svg>`, `31: raw HTML <set to="javascript:alert(1)">`},
	{`<blockquote cite="javascript:x">`, `12: raw HTML <blockquote cite="javascript:x">`},
	{`<math href="javascript:x">`, `6: raw HTML <math href="javascript:x">`},
	{`<x-y foo="javascript:x">`, `5: raw HTML <x-y foo="javascript:x">: javascript: URL`},
	{`<iframe srcdoc="<script>x</script>"></iframe>`, "8: raw HTML attribute srcdoc on <iframe>"},
	{`<iframe src="data:text/html,x"></iframe>`, `8: raw HTML <iframe src="data:text/html,x">: data: URL`},
	{`<object data="data:text/html,x"></object>`, `8: raw HTML <object data="data:text/html,x">: data: URL`},
	{`<embed src="data:image/svg+xml,x">`, `7: raw HTML <embed src="data:image/svg+xml,x">: data: URL`},
	// Pages that change the document or load from another host.
	{`<base href="/">`, "0: raw HTML <base> would change"},
	{`<meta http-equiv="refresh" content="0;url=x">`, `6: raw HTML <meta http-equiv="refresh">`},
	{`<style>@import "https://x/y.css";</style>`, `7: raw HTML <style>: "https://x/y.css": URL on another host`},
	{`<style>@import url(//x/y.css);</style>`, `7: raw HTML <style>: url("//x/y.css"): URL on another host`},
	{`<style>.a { background: \75 rl(http://x/y.png) }</style>`, `7: raw HTML <style>: url("http://x/y.png"): URL on another host`},
	{`<style>.a { background: u/**/rl(x) }</style>`, ""},
	{`<style>.a { background: image-set("https://x/a.png" 1x) }</style>`, `7: raw HTML <style>: "https://x/a.png": URL on another host`},
	{`<div style="background:url(&quot;https://x/a.png&quot;)">`, `5: raw HTML style attribute on <div>: "https://x/a.png": URL on another host`},
	{`<div style="width: expression(alert(1))">`, `5: raw HTML style attribute on <div>: CSS "expression(" can run scripts`},
	{`<img src="https://x/a.png">`, `5: raw HTML <img src="https://x/a.png">: URL on another host`},
	{`<img srcset="a.png 1x, https://x/b.png 2x">`, `5: raw HTML <img srcset="https://x/b.png">: URL on another host`},
	{`<link rel="stylesheet" href="https://cdn/x.css">`, `23: raw HTML <link href="https://cdn/x.css">: URL on another host`},
	{`<video src="v.mp4" poster="http://x/p.png">`, `19: raw HTML <video poster="http://x/p.png">: URL on another host`},
	{`<source src="//x/v.mp4">`, `8: raw HTML <source src="//x/v.mp4">: URL on another host`},
	{`<svg><use href="https://x/s.svg#a"/></svg>`, `10: raw HTML <use href="https://x/s.svg#a">: URL on another host`},
	{`<iframe src="https://x/"></iframe>`, `8: raw HTML <iframe src="https://x/">: URL on another host`},
	{`<a href="x" ping="https://x/track">`, `12: raw HTML <a ping="https://x/track">: URL on another host`},
	// Raw-text elements must close within the checked text.
	{`<style>.a{}`, "0: raw HTML <style> is not closed within its HTML block"},
	{`<textarea>`, "0: raw HTML <textarea> is not closed"},
}

func TestCheck(t *testing.T) {
	for _, c := range checkCases {
		ps := Check([]byte(c.html))
		got := ""
		if len(ps) > 0 {
			got = ps[0].Msg
		}
		switch {
		case c.want == "" && len(ps) > 0:
			t.Errorf("Check(%q) = %d: %s, want no problem", c.html, ps[0].Offset, got)
		case c.want != "" && len(ps) == 0:
			t.Errorf("Check(%q): no problem, want %s", c.html, c.want)
		case c.want != "":
			off, msg, _ := strings.Cut(c.want, ": ")
			if gotOff := ps[0].Offset; off != itoa(gotOff) || !strings.HasPrefix(got, msg) {
				t.Errorf("Check(%q) = %d: %s\nwant %s", c.html, gotOff, got, c.want)
			}
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLinkProblem(t *testing.T) {
	cases := []struct {
		dest  string
		image bool
		want  string
	}{
		{"https://arxiv.org/abs/1706.03762", false, ""},
		{"../labs/x.md#a", false, ""},
		{"#eq-1", false, ""},
		{"mailto:a@b.org", false, ""},
		{"img/a.png", true, ""},
		{"javascript:alert(1)", false, `link to "javascript:alert(1)": javascript: URL would run JavaScript`},
		{"&#106;avascript:alert(1)", false, `link to "&#106;avascript:alert(1)": javascript: URL`},
		{"JAVASCRIPT:x", false, `link to "JAVASCRIPT:x": javascript: URL`},
		{"vbscript:x", false, `link to "vbscript:x": vbscript: URL would run a script`},
		{"data:text/html,x", false, `link to "data:text/html,x": data: URL is not allowed`},
		{"file:///etc/passwd", false, `link to "file:///etc/passwd": file: URL is not allowed`},
		{"https://x/a.png", true, `image "https://x/a.png": URL on another host`},
		{"//x/a.png", true, `image "//x/a.png": URL on another host`},
		{"data:image/png;base64,AAAA", true, ""},
		{"data:image/svg+xml,<svg onload=x>", true, `image "data:image/svg+xml,<svg onload=x>": data: URL`},
	}
	for _, c := range cases {
		got := LinkProblem(c.dest, c.image)
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("LinkProblem(%q, %t) = %q, want %q", c.dest, c.image, got, c.want)
		}
	}
}
