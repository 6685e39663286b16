package hlhtml

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// The options Formatter stands for.
const prefix = "hl-"

var github = styles.Get("github")

// reference formats tokens with chroma's formatter.
func reference(t testing.TB, prefix string, style *chroma.Style, tokens []chroma.Token) string {
	t.Helper()
	f := chtml.New(chtml.WithClasses(true), chtml.ClassPrefix(prefix), chtml.PreventSurroundingPre(true))
	var b bytes.Buffer
	if err := f.Format(&b, style, chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// check compares f's output, by Append and by Write after a prefix, with
// chroma's.
func check(t testing.TB, f *Formatter, prefix string, style *chroma.Style, tokens []chroma.Token) {
	t.Helper()
	want := reference(t, prefix, style, tokens)
	if got := string(f.Append(nil, tokens)); got != want {
		t.Fatalf("%v:\n got %q\nwant %q", tokens, got, want)
	}
	var b bytes.Buffer
	b.WriteString("<x>")
	f.Write(&b, tokens)
	if got := b.String(); got != "<x>"+want {
		t.Fatalf("%v (Write):\n got %q\nwant %q", tokens, got, "<x>"+want)
	}
}

// types are every standard type, types chroma does not list (None,
// Ignore, EOFType, NameKeyword, ...), and types outside every range.
func types() []chroma.TokenType {
	var ts []chroma.TokenType
	for t := range chroma.StandardTypes {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	ts = append(ts, chroma.None, chroma.Ignore, chroma.EOFType, chroma.NameKeyword, chroma.NameOperator,
		chroma.NamePseudo, chroma.LiteralStringBoolean, chroma.LiteralStringName,
		-15, -99, -100, -101, -1000, -1234, 1007, 1099, 1100, 1999, 2099, 2102, 2199, 2400, 2999,
		3002, 3102, 3199, 3300, 3999, 4100, 5001, 6200, 8002, 8100, 9000, 9001, 9999, 12345, 100000,
		math.MaxInt32, math.MinInt32, math.MaxInt, math.MinInt)
	return ts
}

// pieces make token values: markup characters, newlines, CRLF, unicode,
// invalid UTF-8.
var pieces = []string{
	"", "\n", "\r\n", "\r", "<", ">", "&", `"`, "'", "a", "xyz", " ", "\t", "é", "∑", "😀",
	"\xff", "\xe2\x88", "&amp;", "\x00", "\n\n", "a\nb", "</span>", "<span class=\"hl-k\">",
}

func randomTokens(r *rand.Rand, ts []chroma.TokenType) []chroma.Token {
	toks := make([]chroma.Token, r.IntN(12))
	for i := range toks {
		var v strings.Builder
		for range r.IntN(5) {
			v.WriteString(pieces[r.IntN(len(pieces))])
		}
		toks[i] = chroma.Token{Type: ts[r.IntN(len(ts))], Value: v.String()}
	}
	return toks
}

func TestCases(t *testing.T) {
	f := New(prefix)
	k, tx := chroma.Keyword, chroma.Text
	for _, c := range []struct {
		toks []chroma.Token
		want string
	}{
		{nil, ""},
		{[]chroma.Token{{Type: k, Value: ""}}, ""},
		{[]chroma.Token{{Type: k, Value: ""}, {Type: k, Value: ""}}, `<span class="hl-k"></span><span class="hl-k"></span>`},
		{[]chroma.Token{{Type: k, Value: "x"}, {Type: k, Value: ""}}, `<span class="hl-k">x</span><span class="hl-k"></span>`},
		{[]chroma.Token{{Type: k, Value: "x\n"}, {Type: k, Value: ""}}, `<span class="hl-k">x` + "\n" + `</span>`},
		{[]chroma.Token{{Type: k, Value: "a\nb\n"}}, `<span class="hl-k">a` + "\n" + `</span><span class="hl-k">b` + "\n" + `</span>`},
		{[]chroma.Token{{Type: k, Value: "\n\nb"}}, `<span class="hl-k">` + "\n" + `</span><span class="hl-k">` + "\n" + `</span><span class="hl-k">b</span>`},
		{[]chroma.Token{{Type: tx, Value: `<&>"'` + "\r\n"}}, "&lt;&amp;&gt;&#34;&#39;\r\n"},
		{[]chroma.Token{{Type: chroma.NameKeyword, Value: "x"}}, `<span class="hl-n">x</span>`},
		{[]chroma.Token{{Type: chroma.TextWhitespace, Value: " "}, {Type: chroma.None, Value: "y"}}, `<span class="hl-w"> </span>y`},
		{[]chroma.Token{{Type: k, Value: "a"}, {}, {Type: k, Value: "b"}}, `<span class="hl-k">a</span>`},
		{[]chroma.Token{{Type: chroma.EOFType, Value: "z"}}, "z"},
	} {
		if got := string(f.Append(nil, c.toks)); got != c.want {
			t.Errorf("%v:\n got %q\nwant %q", c.toks, got, c.want)
		}
		check(t, f, prefix, github, c.toks)
	}
}

// TestEveryType formats each type alone and after a newline.
func TestEveryType(t *testing.T) {
	f := New(prefix)
	for _, tt := range types() {
		check(t, f, prefix, github, []chroma.Token{{Type: tt, Value: "v<"}})
		check(t, f, prefix, github, []chroma.Token{{Type: tt, Value: "a\n"}, {Type: tt, Value: ""}, {Type: tt, Value: "\nb\n\n"}})
	}
}

func TestRandomStreams(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ts := types()
	f := New(prefix)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		check(t, f, prefix, github, randomTokens(r, ts))
	}
}

// TestOtherStylesAndPrefixes: the output does not depend on the style, and
// the prefix is the only option.
func TestOtherStylesAndPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ts := types()
	for _, p := range []string{"", "hl-", "chroma_"} {
		f := New(p)
		for _, name := range []string{"github", "github-dark", "monokai", "bw", "swapoff"} {
			style := styles.Get(name)
			for range 300 {
				check(t, f, p, style, randomTokens(r, ts))
			}
		}
	}
}

// TestAppendNoAllocs: Append into room allocates nothing.
func TestAppendNoAllocs(t *testing.T) {
	f := New(prefix)
	toks := []chroma.Token{{Type: chroma.Keyword, Value: "def"}, {Type: chroma.Text, Value: " "},
		{Type: chroma.NameFunction, Value: "f<x>\n"}, {Type: chroma.LiteralStringDouble, Value: `"a&b"` + "\n\n"}}
	dst := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { dst = f.Append(dst[:0], toks) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
	var b bytes.Buffer
	b.Grow(4096)
	if n := testing.AllocsPerRun(100, func() { b.Reset(); f.Write(&b, toks) }); n != 0 {
		t.Errorf("Write: %v allocations", n)
	}
}

// fuzzTokens builds tokens from data: a byte for the type, a byte for the
// number of pieces, then a byte a piece (a listed piece, or a raw byte for
// bytes from 0x80).
func fuzzTokens(data []byte, ts []chroma.TokenType) []chroma.Token {
	var toks []chroma.Token
	for len(data) >= 2 {
		tt, n := ts[int(data[0])%len(ts)], int(data[1]%8)
		data = data[2:]
		var v strings.Builder
		for ; n > 0 && len(data) > 0; n-- {
			if c := data[0]; c >= 0x80 {
				v.WriteByte(c)
			} else {
				v.WriteString(pieces[int(c)%len(pieces)])
			}
			data = data[1:]
		}
		toks = append(toks, chroma.Token{Type: tt, Value: v.String()})
	}
	return toks
}

func FuzzMatchesChroma(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 64 {
		seed := make([]byte, r.IntN(40))
		for i := range seed {
			seed[i] = byte(r.Uint32())
		}
		f.Add(seed, "")
	}
	f.Add([]byte{}, "")
	f.Add([]byte{0, 1, 1}, "x\n")
	f.Add([]byte{7, 2, 3, 4, 9, 0}, "<a href=\"x\">'&'</a>\r\n")
	ts := types()
	fm := New(prefix)
	f.Fuzz(func(t *testing.T, data []byte, raw string) {
		toks := fuzzTokens(data, ts)
		// The raw string too, as a value of a classed and a bare type.
		if len(data) > 0 {
			toks = append(toks, chroma.Token{Type: ts[int(data[0])%len(ts)], Value: raw})
		}
		toks = append(toks, chroma.Token{Type: chroma.Text, Value: raw})
		check(t, fm, prefix, github, toks)
		check(t, fm, prefix, github, toks[:len(toks)-1])
	})
}

func BenchmarkAppend(b *testing.B) {
	f := New(prefix)
	r := rand.New(rand.NewPCG(7, 8))
	ts := types()
	var toks []chroma.Token
	for range 20 {
		toks = append(toks, randomTokens(r, ts)...)
	}
	var dst []byte
	b.ReportAllocs()
	for b.Loop() {
		dst = f.Append(dst[:0], toks)
	}
}
