package pylex_test

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"paperlab/generator/hlhtml"
	"paperlab/generator/pylex"
)

// The formatter paperlab highlights with, and hlhtml's stand-in for it.
var (
	reference = chtml.New(chtml.WithClasses(true), chtml.ClassPrefix("hl-"), chtml.PreventSurroundingPre(true))
	github    = styles.Get("github")
	fast      = hlhtml.New("hl-")
	python    = chroma.Coalesce(lexers.Get("python"))
)

// checkHTML compares hlhtml's HTML for tokens with chroma's.
func checkHTML(t testing.TB, code string, tokens []chroma.Token) {
	t.Helper()
	var want bytes.Buffer
	if err := reference.Format(&want, github, chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	if got := fast.Append(nil, tokens); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("%q:\n got %q\nwant %q", code, got, want.Bytes())
	}
}

// TestHTMLMatchesChroma formats the tokens of every snippet, pylex's when
// it takes the snippet and chroma's lexer's in any case.
func TestHTMLMatchesChroma(t *testing.T) {
	for _, code := range pylex.Snippets() {
		if toks, ok := pylex.Tokens(code); ok {
			checkHTML(t, code, toks)
		}
		toks, err := chroma.Tokenise(python, nil, code)
		if err != nil {
			t.Fatal(err)
		}
		checkHTML(t, code, toks)
	}
}

// TestHTMLFragmentPairs formats pylex's tokens for every pair of fragments.
func TestHTMLFragmentPairs(t *testing.T) {
	n := 2
	if testing.Short() {
		n = 1
	}
	pylex.Enumerate(pylex.Fragments, n, func(code string) {
		if toks, ok := pylex.Tokens(code); ok {
			checkHTML(t, code, toks)
		}
	})
}

func FuzzHTMLMatchesChroma(f *testing.F) {
	for _, code := range pylex.Snippets() {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		for _, code := range []string{code, pylex.Soup(code)} {
			if toks, ok := pylex.Tokens(code); ok {
				checkHTML(t, code, toks)
			}
		}
	})
}
