package site

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

const assetSite = `
-- content/_index.md --
---
title: Asset Labs
---
Home shows ![the plot](labs/fig/a.svg).
-- content/about.md --
---
title: About
---
About shows ![the plot](labs/fig/a.svg) and [the data](/data/table.csv).
-- content/labs/one.md --
---
title: One
---
Next to it: ![beside](beside.svg)

In a folder: ![in fig](fig/a.svg "A title")

Spaces: ![spaced](fig/my%20plot.svg), data: [csv](../data/table.csv?v=2#row), root: [csv](/data/table.csv).

Home: [all labs](../_index.md#labs). Stylesheet: [css](/style.css). Outside: [x](https://example.org/a.png), page: [two](two.md), fragment: [here](#top).

<figure><img src="fig/a.svg" srcset="fig/a.svg 1x, beside.svg 2x" alt="raw"><figcaption>Raw <a href='two.md#x'>two</a>, <a href="https://example.org/">out</a>, <a href="#top">top</a></figcaption></figure>
<!-- <img src="commented-out.png"> -->

Inline <img src="beside.svg" alt="inline raw"> too, and across lines: <img
alt="two lines" src="fig/a.svg">.

<div><img class="x"
  src="beside.svg" alt="block two lines"></div>
-- content/labs/two.md --
---
title: Two
---
Two.
-- content/labs/beside.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>
-- content/labs/fig/a.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>
-- content/labs/fig/my plot.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>
-- content/data/table.csv --
a,b
-- content/.secret --
hidden
-- content/.git/config --
hidden
-- content/labs/fig/.a.svg.swp --
swap
-- content/labs/fig/a.svg~ --
backup
-- content/labs/#one.md# --
emacs
-- content/labs/fig/4913 --
vim probe
`

func TestContentAssetsAreCopiedAndReferencesRewritten(t *testing.T) {
	src := writeSite(t, assetSite)
	res, err := build(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	files := readTree(t, filepath.Join(src, "public"))
	for _, n := range []string{"labs/beside.svg", "labs/fig/a.svg", "labs/fig/my plot.svg", "data/table.csv"} {
		if _, ok := files[n]; !ok {
			t.Errorf("%s was not copied", n)
		}
	}
	for n := range files {
		base := filepath.Base(n)
		if n == Stamp {
			continue // paperlab's own mark of its output folder
		}
		if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") || base == "4913" || strings.HasSuffix(base, ".swp") {
			t.Errorf("%s was copied; hidden and editor files must not be", n)
		}
	}
	for page, wants := range map[string][]string{
		"labs/one/index.html": {
			`<img src="../../labs/beside.svg" alt="beside">`,
			`<img src="../../labs/fig/a.svg" alt="in fig" title="A title">`,
			`<img src="../../labs/fig/my%20plot.svg" alt="spaced">`,
			`<a href="../../data/table.csv?v=2#row">csv</a>`,
			`<a href="../../data/table.csv">csv</a>`,
			`<a href="../../style.css">css</a>`,
			`<a href="../../#labs">all labs</a>`,
			`<a href="https://example.org/a.png">x</a>`,
			`<a href="../../labs/two/">two</a>`,
			`<a href="#top">here</a>`,
			`<img src="../../labs/fig/a.svg" srcset="../../labs/fig/a.svg 1x, ../../labs/beside.svg 2x" alt="raw">`,
			`<a href='../../labs/two/#x'>two</a>, <a href="https://example.org/">out</a>, <a href="#top">top</a>`,
			`<!-- <img src="commented-out.png"> -->`,
			`Inline <img src="../../labs/beside.svg" alt="inline raw"> too, and across lines: <img
alt="two lines" src="../../labs/fig/a.svg">.`,
			`<div><img class="x"
  src="../../labs/beside.svg" alt="block two lines"></div>`,
		},
		"index.html":       {`<img src="./labs/fig/a.svg" alt="the plot">`},
		"about/index.html": {`<img src="../labs/fig/a.svg" alt="the plot">`, `<a href="../data/table.csv">the data</a>`},
	} {
		for _, w := range wants {
			if !strings.Contains(string(files[page]), w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}
}

func TestMissingAssetsAreErrorsAtTheirPosition(t *testing.T) {
	src := writeSite(t, `
-- content/labs/one.md --
---
title: One
---
Intro.

![gone](fig/gone.png) and [hidden](.secret.txt)

Outside: [up](../../outside.txt) and ![abs](/nope.svg)

<p>Raw: <img src="fig/raw.png" alt=""> and <a href="gone.md">gone</a></p>
<p><img alt=""
    src="second-line.png"></p>
-- content/labs/.secret.txt --
x
`)
	res, err := build(t, src)
	if err == nil {
		t.Fatal("build succeeded with references to missing files")
	}
	want := []string{
		"content/labs/one.md:6:1: image to fig/gone.png: no such file content/labs/fig/gone.png (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
		"content/labs/one.md:6:27: link to .secret.txt: content/labs/.secret.txt is a hidden or editor file, which is never copied to the site (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
		"content/labs/one.md:8:10: link to ../../outside.txt: outside.txt is outside the content folder (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
		"content/labs/one.md:8:38: image to /nope.svg: no such file content/nope.svg (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
		"content/labs/one.md:10:19: raw HTML reference to fig/raw.png: no such file content/labs/fig/raw.png (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
		"content/labs/one.md:10:53: link to gone.md: no such page (did you mean one.md?)",
		"content/labs/one.md:12:10: raw HTML reference to second-line.png: no such file content/labs/second-line.png (a relative path starts at the folder of content/labs/one.md; one starting with / at content/)",
	}
	if got := diagnostics(res); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestAssetsMayNotReplaceGeneratedFiles(t *testing.T) {
	src := writeSite(t, `
-- content/labs/one.md --
---
title: One
---
Text.
-- content/style.css --
body {}
-- content/labs/one/index.html --
<p>clash</p>
-- content/robots.txt --
User-agent: *
Disallow: /drafts/
`)
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "https://example.org/"})
	if err == nil {
		t.Fatal("build succeeded although content files would overwrite generated ones")
	}
	got := diagnostics(res)
	for _, w := range []string{
		"content/labs/one/index.html: output labs/one/index.html is also written by content/labs/one.md:1:1; every output file must come from one source",
		"content/style.css: output style.css is also written by the static file layouts/static/style.css; every output file must come from one source",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("diagnostics lack %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "robots.txt") {
		t.Errorf("a hand-written robots.txt is refused:\n%s", got)
	}
	os.Remove(filepath.Join(src, "content/style.css"))
	os.Remove(filepath.Join(src, "content/labs/one/index.html"))
	if res, err := Build(context.Background(), Config{Src: src, BaseURL: "https://example.org/"}); err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	if b, _ := os.ReadFile(filepath.Join(src, "public/robots.txt")); !strings.Contains(string(b), "Disallow: /drafts/") {
		t.Errorf("content/robots.txt did not replace the generated one:\n%s", b)
	}
}

// feedSite has front matter that needs escaping in every output format.
const feedSite = `
-- content/_index.md --
---
title: "Labs & <Friends>"
summary: 'Reading "papers" & <code>'
authors: [Site Team]
---
Home.
-- content/labs/old.md --
---
title: "Old & <b>bold</b> \"quoted\" 'single'"
summary: "Summary with & and <tags> and \"quotes\"."
modified: 2026-01-05
keywords: [R&D, "<x>"]
---
Old.
-- content/labs/new.md --
---
title: New one
summary: Newest.
modified: 2026-03-01
authors: [Ada & Co, "B <b>"]
---
New.
-- content/labs/undated.md --
---
title: Undated
---
No date.
`

func TestAtomFeedParsesWithEscapedFrontMatter(t *testing.T) {
	src := writeSite(t, feedSite)
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "https://example.org/sub/"})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	raw, err := os.ReadFile(filepath.Join(src, "public/feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(raw))
	if err != nil {
		t.Fatalf("feed.xml does not parse: %v\n%s", err, raw)
	}
	if feed.FeedType != "atom" || feed.Title != "Labs & <Friends>" || feed.Description != `Reading "papers" & <code>` {
		t.Errorf("feed: type %q, title %q, subtitle %q", feed.FeedType, feed.Title, feed.Description)
	}
	if feed.FeedLink != "https://example.org/sub/feed.xml" || feed.Link != "https://example.org/sub/" {
		t.Errorf("feed links: self %q, alternate %q", feed.FeedLink, feed.Link)
	}
	if feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("feed updated = %v, want the newest modified date", feed.UpdatedParsed)
	}
	type entry struct{ title, link, summary, updated, author string }
	var got []entry
	for _, it := range feed.Items {
		e := entry{title: it.Title, link: it.Link, summary: it.Description}
		if it.UpdatedParsed != nil {
			e.updated = it.UpdatedParsed.Format("2006-01-02")
		}
		if len(it.Authors) > 0 {
			e.author = it.Authors[0].Name
		}
		got = append(got, e)
	}
	want := []entry{
		{"New one", "https://example.org/sub/labs/new/", "Newest.", "2026-03-01", "Ada & Co"},
		{"Undated", "https://example.org/sub/labs/undated/", "", "2026-03-01", "Site Team"},
		{`Old & <b>bold</b> "quoted" 'single'`, "https://example.org/sub/labs/old/", `Summary with & and <tags> and "quotes".`, "2026-01-05", "Site Team"},
	}
	if len(got) != len(want) {
		t.Fatalf("entries = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if a := feed.Items[0].Authors; len(a) != 2 || a[1].Name != "B <b>" {
		t.Errorf("authors of the first entry = %+v, want Ada & Co and B <b>", a)
	}
	if cats := feed.Items[2].Categories; strings.Join(cats, "|") != "R&D|<x>" {
		t.Errorf("categories = %q", cats)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	src := writeSite(t, feedSite+`-- content/about.md --
---
title: About & more
---
See [old](labs/old.md).
`)
	res, err := Build(context.Background(), Config{Src: src, BaseURL: "https://example.org/sub/"})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagnostics(res))
	}
	raw, _ := os.ReadFile(filepath.Join(src, "public/sitemap.xml"))
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(raw, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v\n%s", err, raw)
	}
	got := map[string]string{}
	for _, u := range sm.URLs {
		got[u.Loc] = u.Lastmod
	}
	want := map[string]string{
		"https://example.org/sub/":              "2026-03-01",
		"https://example.org/sub/map/":          "2026-03-01",
		"https://example.org/sub/labs/new/":     "2026-03-01",
		"https://example.org/sub/labs/old/":     "2026-01-05",
		"https://example.org/sub/labs/undated/": "",
		"https://example.org/sub/about/":        "",
		"https://example.org/sub/keywords/r-d/": "2026-01-05",
		"https://example.org/sub/keywords/x/":   "2026-01-05",
		"https://example.org/sub/labs/":         "2026-03-01",
		"https://example.org/sub/keywords/":     "2026-03-01",
	}
	if len(got) != len(want) {
		t.Errorf("sitemap has %d URLs, want %d:\n%s", len(got), len(want), raw)
	}
	for loc, lm := range want {
		if g, ok := got[loc]; !ok || g != lm {
			t.Errorf("sitemap %s: lastmod %q (listed %v), want %q", loc, g, ok, lm)
		}
	}
	robots, _ := os.ReadFile(filepath.Join(src, "public/robots.txt"))
	if string(robots) != "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/sitemap.xml\n" {
		t.Errorf("robots.txt:\n%s", robots)
	}
	lab, _ := os.ReadFile(filepath.Join(src, "public/labs/old/index.html"))
	for _, w := range []string{
		`<link rel="canonical" href="https://example.org/sub/labs/old/">`,
		`<meta property="og:title" content="Old &amp; &lt;b&gt;bold&lt;/b&gt; &#34;quoted&#34; &#39;single&#39;">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="https://example.org/sub/labs/old/">`,
		`<meta property="og:description" content="Summary with &amp; and &lt;tags&gt; and &#34;quotes&#34;.">`,
		`<meta name="description" content="Summary with &amp; and &lt;tags&gt; and &#34;quotes&#34;.">`,
		`<link rel="alternate" type="application/atom+xml" title="Labs &amp; &lt;Friends&gt;" href="../../feed.xml">`,
	} {
		if !strings.Contains(string(lab), w) {
			t.Errorf("lab page lacks %s", w)
		}
	}
	home, _ := os.ReadFile(filepath.Join(src, "public/index.html"))
	if !strings.Contains(string(home), `<meta property="og:type" content="website">`) {
		t.Errorf("home page is not og:type website")
	}

	// Without an absolute base URL: none of them.
	for _, base := range []string{"", "/sub/"} {
		if res, err := Build(context.Background(), Config{Src: src, BaseURL: base}); err != nil {
			t.Fatalf("%v\n%s", err, diagnostics(res))
		}
		for _, n := range []string{"sitemap.xml", "feed.xml", "robots.txt"} {
			if _, err := os.Stat(filepath.Join(src, "public", n)); err == nil {
				t.Errorf("base URL %q: %s written without an absolute base URL", base, n)
			}
		}
		lab, _ := os.ReadFile(filepath.Join(src, "public/labs/old/index.html"))
		if strings.Contains(string(lab), "og:") || strings.Contains(string(lab), "canonical") {
			t.Errorf("base URL %q: Open Graph or canonical without an absolute base URL", base)
		}
	}
}

func TestNotFoundPage(t *testing.T) {
	src := writeSite(t, smallSite)
	refs := regexp.MustCompile(`(?:href|src|srcset)="([^"]*)"`)
	for _, tc := range []struct {
		base string
		want []string // every reference on the page
	}{
		{base: "", want: nil},
		{base: "/labs/", want: []string{"/labs/favicon.svg", "/labs/style.css", "/labs/highlight.css", "/labs/", "/labs/labs/", "/labs/keywords/", "/labs/map/", "/labs/", "/labs/labs/first/", "/labs/labs/second/"}},
		{base: "https://example.org/", want: []string{"/favicon.svg", "/style.css", "/highlight.css", "/", "/labs/", "/keywords/", "/map/", "/", "/labs/first/", "/labs/second/"}},
	} {
		res, err := Build(context.Background(), Config{Src: src, BaseURL: tc.base})
		if err != nil {
			t.Fatalf("%v\n%s", err, diagnostics(res))
		}
		b, _ := os.ReadFile(filepath.Join(src, "public/404.html"))
		var got []string
		for _, m := range refs.FindAllStringSubmatch(string(b), -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("base %q: 404 page references %q, want %q", tc.base, got, tc.want)
		}
		inline := strings.Contains(string(b), "<style>")
		if inline != (tc.base == "") {
			t.Errorf("base %q: inline styles %v", tc.base, inline)
		}
		if tc.base == "" && (!strings.Contains(string(b), "First Lab") || !strings.Contains(string(b), "--accent")) {
			t.Errorf("self-contained 404 page lacks the lab list or the styles:\n%s", b)
		}
	}
}

func TestSelfContainedCSS(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a{color:red}", "a{color:red}"},
		{"@font-face{font-family:X;src:url(f.woff2)}p{font-family:X}", "p{font-family:X}"},
		{"@import url(x.css);a{b:c}", "a{b:c}"},
		{"a{color:red;background:url(bg.png) no-repeat;margin:0}", "a{color:red;margin:0}"},
		{"a{background:url('bg.png')}", "a{}"},
		{"a{background:url(data:image/png;base64,AAA)}", "a{background:url(data:image/png;base64,AAA)}"},
		{"a{fill:url(#grad)}", "a{fill:url(#grad)}"},
		{"/* url(x.png) */a{}", "/* url(x.png) */a{}"},
		{"@media (x){@font-face{src:url(a)}b{c:d}}", "@media (x){b{c:d}}"},
	} {
		if got := selfContainedCSS(tc.in); got != tc.want {
			t.Errorf("selfContainedCSS(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeBaseURL(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""},
		{"https://user.github.io/labs", "https://user.github.io/labs/", ""},
		{"http://127.0.0.1:8080/labs/", "http://127.0.0.1:8080/labs/", ""},
		{"/labs", "/labs/", ""},
		{"/", "/", ""},
		{"user.github.io/labs/", "", "expected an absolute http(s) URL"},
		{"ftp://host/", "", "expected an absolute http(s) URL"},
		{"//host/labs/", "", "expected an absolute http(s) URL"},
		{"https://host/labs/?x=1", "", "expected no query or fragment"},
		{"https://host/labs/#top", "", "expected no query or fragment"},
	} {
		got, err := NormalizeBaseURL(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("NormalizeBaseURL(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}
