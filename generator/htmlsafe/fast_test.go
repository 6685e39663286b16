package htmlsafe

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// fastCases are read by checkFast itself (it must not decline): each
// forbidden or tricky thing it handles, to be found where the tokenizer
// finds it.
var fastCases = []string{
	// Unquoted, single-quoted, spaced, repeated and odd attributes.
	`<a href=javascript:alert(1)>x</a>`,
	`<A HREF=JavaScript:alert(1)>x</A>`,
	`<a href='javascript:x'>`,
	`<a href = "javascript:x" >`,
	"<a\nhref\t=\f'javascript:x'\n>",
	`<a href="javascript:x"/>`,
	`<a href=javascript:x/>`,
	`<a/href="javascript:x">`,
	`<a =href="javascript:x">`,
	`<a ==href="javascript:x">`,
	`<a href=>x`,
	`<a href=/>x`,
	`<a href= >x`,
	`<a href =>x`,
	`<a href="x" href="javascript:x">`,
	`<a HREF="x" href="javascript:x">`,
	`<a href="javascript:x" HREF="x" onclick=1 ONCLICK=2>`,
	`<a b='x"y' onclick=1>`,
	`<a b="x'y" c=d'e f=g"h onclick=1>`,
	`<a title=">" onclick="x">`,
	`<a title='<b onclick=x>'>`,
	`<a b=c=d onclick=x>`,
	`<a href=javascript:x"y>`,
	`<a href="javascript:x"onclick=y>`,
	`<a href=x onclick>`,
	`<input disabled onclick>`,
	`<a onclick/>`,
	`<a / onclick=x / >`,
	`<a//onclick=x>`,
	`<a x/=y onclick=z>`,
	`<a"b onclick=x>`,
	`<a<b onclick=x>`,
	`<a=b onclick=x>`,
	`<img src=x onerror=y/>`,
	`<img src="https://x/a.png"/><img src=//x/b.png>`,
	// Names and case.
	`<SVG><SET TO="javascript:x"/></SVG>`,
	`<svg><a xlink:href="javascript:x">t</a></svg>`,
	`<svg><a XLINK:HREF=javascript:x>t</a></svg>`,
	`<svg><image href="https://x/a.png"/><feImage href="//x"/></svg>`,
	`<BASE HREF=/>`,
	`<Meta HTTP-EQUIV=refresh content=0>`,
	`<frameset><frame src=x></frameset>`,
	`<portal src=x></portal><applet code=x></applet>`,
	`<x-y foo="javascript:x">`,
	`<a hréf="javascript:x">`,
	`<a ONCLİCK=x>`,
	`<a Кlass="javascript:x">`,
	`<math><mi href="vbscript:x">a</mi></math>`,
	`<div style="background:url(https://x/a.png)">`,
	`<div STYLE='width: expression(alert(1))'>`,
	`<img srcset="a.png 1x, https://x/b.png 2x" src=a.png>`,
	`<svg><animate attributeName="href" values="https://ok;javascript:alert(1)"/></svg>`,
	`<iframe srcdoc="<script>x</script>"></iframe>`,
	`<iframe src=https://x/></iframe>`,
	`<object data="data:text/html,x"></object><embed src="data:image/svg+xml,x">`,
	`<link rel=stylesheet href=https://cdn/x.css>`,
	`<a href="x" ping="https://x/track">`,
	// Character references, carriage returns and NULs in attributes.
	`<a href="&#x6A;avascript:x">`,
	`<a href="&#106avascript:x">`,
	`<a href="javascript&colon;x">`,
	`<a href=javascript&colon;x>`,
	`<a title="&amp;" onclick="x">`,
	`<a href="&jscr;">`,
	`<a href="x&amp=1:">`,
	`<a href="x&ampy:">`,
	`<a href="x&notit;:">`,
	`<a href="&#0;javascript:x">`,
	`<a href="&#x80;:">`,
	`<a href="java&Tab;script:x">`,
	`<a href="&#X6a;avascript:x">`,
	`<a href="javascript&#x3A;x">`,
	`<a href="javascript&#58x">`,
	`<a href="javascript&colon x">`,
	`<é onclick=x>`,
	`<div style="background:url(&quot;https://x&quot;)">`,
	"<a href=\"java\rscript:x\">",
	"<a href=\"java\r\nscript:x\" title=\"a\r\rb:\">",
	"<a\rhref=x\ronclick=y>",
	"<a href=\"java\x00script:x\">",
	"<a on\x00click=x>",
	"<a href=x>\x00text\x00",
	"<a h\x00ref=\"javascript:x\" h\x00REF=y>",
	// Comments.
	`<!-- <script>alert(1)</script> --><a onclick=x>`,
	`<!--><a onclick=x>`,
	`<!---><a onclick=x>`,
	`<!----><a onclick=x>`,
	`<!-- --!> <a onclick=x>`,
	`<!-- --!x <a onclick=x> -->`,
	`<!-- --!- <a onclick=x> -->`,
	`<!-- --!-> <a onclick=x> -->`,
	`<!-- --!--!> <a onclick=x>`,
	`<!-- --!--> <a onclick=x>`,
	`<!-- -- > <a onclick=x> -->`,
	`<!-- - -> <a onclick=x> -->`,
	`<!-- ---> <a onclick=x>`,
	`<!--a--><!--b--!><a onclick=x>`,
	// End tags, "<" and "</".
	`</>`,
	`</><a onclick=x>`,
	`</a href="javascript:x"><a onclick=y>`,
	`</a x=">"><a onclick=y>`,
	`</a x='>'/><a onclick=y>`,
	`</A ONCLICK=x>`,
	`<<a onclick=x>`,
	`< a onclick=x>`,
	`a<`,
	`a</`,
	`<1 onclick=x>`,
	`x < y > z <a onclick=x>`,
	// Raw text other than <script> and <plaintext>.
	`<title><a onclick=x></title>`,
	`<svg><title>a<b onclick=x></title><a onclick=y></svg>`,
	`<title>x</title ><a onclick=y>`,
	`<title>x</TITLE/><a onclick=y>`,
	`<title>x</titlex><a onclick=y></title><a onclick=z>`,
	`<title>x</title`,
	`<title>x</title>`,
	`<title></title><a onclick=y>`,
	`<title>x<</title><a onclick=y>`,
	`<title>x</</title><a onclick=y>`,
	`<title/>x<a onclick=y>`,
	`<title/>x</title><a onclick=y>`,
	`<title a=/>x`,
	`<title a="/">x`,
	`<title a/>x`,
	`<title a= />x`,
	`<title a=b/>x`,
	`<title a="b"/>x`,
	`<title a=/ a=b/>x`,
	`<title onclick=x>y`,
	`<title>`,
	`<TITLE>`,
	`<textarea><a href=javascript:x></textarea>`,
	`<textarea>`,
	`<style>@import url(//x)</style>`,
	`<style>@import url(//x)`,
	`<style>a</style><style>@import "https://x";</style>`,
	`<style></style>`,
	`<style>`,
	`<style/>@import url(//x)</style>`,
	`<style/>@import url(//x)`,
	`<style>a</style x=">"><a href="javascript:x">`,
	`<STYLE onload=x>b{background:url(https://x)}</sTyLe>`,
	`<style>.a{}</styles></style>`,
	`<xmp><a onclick=x></xmp>`,
	`<xmp>`,
	`<iframe src="https://x"><a onclick=x></iframe>`,
	`<iframe>`,
	`<noscript><a onclick=x></noscript>`,
	`<noembed><a onclick=x></noembed><noframes><a onclick=x></noframes>`,
	`<noscript>`,
}

// declineCases are left to the tokenizer.
var declineCases = []string{
	`<script>alert(1)</script>`,
	`<p>a</p><SCRIPT src=x></SCRIPT>`,
	`<script/><a onclick=x>`,
	`<plaintext><a onclick=x>`,
	`<PlainText/>`,
	`<!DOCTYPE html><a onclick=x>`,
	`<![CDATA[<a onclick=x>]]>`,
	`<?xml version="1.0"?><a onclick=x>`,
	`<!x><a onclick=x>`,
	`<!-x><a onclick=x>`,
	`<!-`,
	`<!--`,
	`<!-- <a onclick=x>`,
	`<!-- --!`,
	`</ a><a onclick=x>`,
	`</1><a onclick=x>`,
	`<a href="javascript:x"`,
	`<a href="javascript:x`,
	`<a href=javascript:x`,
	`<a `,
	`<a`,
	`</a`,
	`<title>x</title x="`,
	"<a\x00 href=javascript:x>",
	`<ſcript>x</ſcript>`,
	`<aé onclick=x>`,
	`a<b`,
}

// corpus returns the inputs the fast path is compared on: TestCheck's,
// FuzzCheck's seeds and corpus, the cases above, each alone and inside
// a built body, and the built bodies.
func corpus(t testing.TB) [][]byte {
	var out [][]byte
	add := func(s string) { out = append(out, []byte(s)) }
	for _, c := range checkCases {
		add(c.html)
	}
	for _, c := range fastCases {
		add(c)
	}
	for _, c := range declineCases {
		add(c)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, lit, _ := strings.Cut(string(b), "\n")
		lit = strings.TrimSpace(lit)
		if !strings.HasPrefix(lit, "[]byte(") {
			continue
		}
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		add(s)
	}
	bodies := builtBodies(t)
	out = append(out, bodies...)
	// Every case inside the first body, after its first paragraph, so
	// that offsets count what comes before.
	body := string(bodies[0])
	at := strings.Index(body, "</p>") + len("</p>")
	for _, c := range append(append(append([]string{}, fastCases...), declineCases...), cases()...) {
		add(body[:at] + c + body[at:])
		add("<p class=\"x\">before</p>" + c + "<div id=y>after</div>")
	}
	return out
}

func cases() []string {
	var out []string
	for _, c := range checkCases {
		out = append(out, c.html)
	}
	return out
}

// builtBodies are the pages' bodies in testdata/bodies.
func builtBodies(t testing.TB) [][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "bodies", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no built bodies in testdata/bodies: %v", err)
	}
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// TestFastMatchesTokenizer compares checkFast with the tokenizer on the
// corpus: when it does not decline, the same problems at the same offsets
// in the same order; and Check is checkTokenizer everywhere.
func TestFastMatchesTokenizer(t *testing.T) {
	fast, declined := 0, 0
	for _, src := range corpus(t) {
		want := checkTokenizer(src)
		got, ok := checkFast(src)
		if !ok {
			declined++
		} else {
			fast++
			if !reflect.DeepEqual(got, want) {
				t.Errorf("checkFast(%q)\n= %v\nwant %v", clip(src), got, want)
			}
		}
		if got := Check(src); !reflect.DeepEqual(got, want) {
			t.Errorf("Check(%q)\n= %v\nwant %v", clip(src), got, want)
		}
	}
	t.Logf("%d inputs read by checkFast, %d declined", fast, declined)
}

// TestFastPathTaken checks which inputs checkFast reads itself: every
// built body (finding nothing in it) and every fast case, alone and
// inside a body, and no decline case.
func TestFastPathTaken(t *testing.T) {
	for i, b := range builtBodies(t) {
		ps, ok := checkFast(b)
		if !ok {
			t.Errorf("body %d: checkFast declined", i)
		}
		if len(ps) != 0 {
			t.Errorf("body %d: %v", i, ps)
		}
	}
	body := string(builtBodies(t)[0])
	for _, c := range fastCases {
		if _, ok := checkFast([]byte(c)); !ok {
			t.Errorf("checkFast(%q) declined", c)
		}
		if _, ok := checkFast([]byte(body + c)); !ok {
			t.Errorf("checkFast(body + %q) declined", c)
		}
	}
	for _, c := range declineCases {
		if ps, ok := checkFast([]byte(c)); ok {
			t.Errorf("checkFast(%q) = %v, want a decline", c, ps)
		}
	}
	// The problems of the fast cases are the tokenizer's, and most of
	// them have one: a case that finds nothing tests little.
	none := 0
	for _, c := range fastCases {
		if len(checkTokenizer([]byte(c))) == 0 {
			none++
		}
	}
	if none > len(fastCases)/3 {
		t.Errorf("%d of %d fast cases have no problem", none, len(fastCases))
	}
}

// markupPieces are what TestFastMatchesTokenizerOnPieces strings together:
// the bytes where the tokenizer's states change, names and values the
// checks look at.
var markupPieces = strings.Fields(`< </ <! <!-- --> --!> - ! ? > /> / = == " ' &
	&amp; &#58; &#x3A; &colon; &colon &quot; &#0; &notit; &amp=
	a A b svg math mi title TITLE style StYlE textarea xmp iframe noscript noembed noframes script plaintext
	base frame frameset img use animate set meta image link
	href HREF src xlink:href style srcset onclick OnLoad srcdoc http-equiv values to from by class id
	javascript:x JavaScript:x java&#115;cript:x vbscript:x data:text/html,x //x https://x/a.png a.png #x
	url(//x) url(https://x) @import expression( background: x y`)

// TestFastMatchesTokenizerOnPieces compares checkFast with the tokenizer
// on random strings of markupPieces, spaces, tabs, newlines, carriage
// returns and NULs.
func TestFastMatchesTokenizerOnPieces(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	seps := []string{"", "", "", " ", " ", "\t", "\n", "\r", "\f", "\x00", "\r\n"}
	fast := 0
	for range n {
		var b []byte
		for range 1 + r.IntN(24) {
			b = append(b, markupPieces[r.IntN(len(markupPieces))]...)
			b = append(b, seps[r.IntN(len(seps))]...)
		}
		got, ok := checkFast(b)
		if !ok {
			continue
		}
		fast++
		if want := checkTokenizer(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("checkFast(%q)\n= %v\nwant %v", b, got, want)
		}
	}
	t.Logf("%d of %d inputs read by checkFast", fast, n)
	if fast < n/4 {
		t.Errorf("checkFast read only %d of %d inputs", fast, n)
	}
}

func clip(b []byte) []byte {
	if len(b) > 300 {
		return append(append(b[:100:100], "…"...), b[len(b)-200:]...)
	}
	return b
}

// FuzzFastMatchesTokenizer checks that checkFast, when it does not
// decline, finds what the tokenizer finds, at the same offsets.
func FuzzFastMatchesTokenizer(f *testing.F) {
	for _, c := range append(append(append([]string{}, fastCases...), declineCases...), cases()...) {
		f.Add([]byte(c))
	}
	// A slice of a body: math, tables, code, figures.
	b := builtBodies(f)[0]
	if i := bytes.Index(b, []byte("<math")); i >= 0 && i+2000 < len(b) {
		f.Add(b[i : i+2000])
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, ok := checkFast(src)
		if !ok {
			return
		}
		if want := checkTokenizer(src); !reflect.DeepEqual(got, want) {
			t.Fatalf("checkFast(%q)\n= %v\nwant %v", src, got, want)
		}
	})
}
