package pylex

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

var chromaPython = chroma.Coalesce(lexers.Get("python"))

func chromaTokens(t testing.TB, code string) []chroma.Token {
	t.Helper()
	toks, err := chroma.Tokenise(chromaPython, nil, code)
	if err != nil {
		t.Fatalf("chroma: %v", err)
	}
	return toks
}

// benchCode is the code block of the highlighting benchmark.
func benchCode(i int) string {
	return fmt.Sprintf("import numpy as np\n\ndef mix_%d(q, k, v, scale=%d):\n    s = q @ k.T / np.sqrt(scale)\n    w = np.exp(s - s.max(axis=1, keepdims=True))\n    return (w / w.sum(axis=1, keepdims=True)) @ v  # lab %d\n", i, i%9+2, i)
}

// common snippets must take the fast path.
var common = []string{
	benchCode(12),
	benchCode(0),
	"import numpy as np\nimport matplotlib.pyplot as plt\nfrom scipy import stats\nfrom collections import defaultdict, Counter\nfrom a.b.c import d as e, f\n",
	"class Model(nn.Module):\n    def __init__(self, dim=64):\n        super().__init__()\n        self.dim = dim\n        self.w = None\n\n    def forward(self, x):\n        return x @ self.w.T\n",
	"for i in range(10):\n    if i % 2 == 0:\n        print(i, 'even')\n    elif i != 3:\n        continue\n    else:\n        break\n",
	"while n > 1:\n    n = n // 2 if n % 2 == 0 else 3 * n + 1\n    steps += 1\n",
	"with open('data.csv') as f:\n    rows = [line.split(',') for line in f]\n",
	"f = lambda x, y=2: x ** y\nsq = list(map(lambda v: v * v, xs))\n",
	"x = 1\ny = 0.5\nz = 1e-3\nw = 2.5E+10\nv = .25\nu = 3.\nt = 10 ** -6\n",
	"def f(a: int, b: float = 0.5) -> float:\n    \"\"\n    return a * b\n",
	"s = \"hello world\"\nt = 'it\"s'\nu = \"\"\nv = ''\n",
	"total = sum(len(x) for x in xs) / max(1, min(n, 10))\n",
	"assert isinstance(x, (int, float)), \"bad\"\nraise ValueError(\"no\")\n",
	"try:\n    y = d[k]\nexcept KeyError as e:\n    y = None\nfinally:\n    pass\n",
	"a += 1; b -= 2; c *= 3; d /= 4; e //= 5; f **= 6; g %= 7\nh <<= 1; i >>= 2; j &= 3; k |= 4; l ^= 5; m @= n\n",
	"if a <= b and b >= c or not d:\n    e = a is None\n    f = b is not c\n    g = c in d\n",
	"\tx = 1   \n\n\t\ty = [1, 2, 3]\t\n",
	"x = np.zeros((3, 4), dtype=np.float32)\ny = x[:, 1:-1]\nz = x[::2, ...]\n",
	"print(\"loss: %.3f\" % loss)\nprint('{} {:.2f} {name}'.format(a, b, name=c))\n",
	"path = \"C:\\\\data\\n\"\nmsg = 'it\\'s'\n",
	"d = {'a': 1, 'b': [1, 2], 'c': (3,)}\ns = {1, 2, 3}\n",
	"x = True\ny = False\nz = None\nself.cls = cls\n",
	"@property\ndef area(self):\n    return self.w * self.h\n",
	"if (n := len(a)) > 10:\n    print(f)\n",
	"async def main():\n    await asyncio.sleep(1)\n",
	"global counter\nnonlocal total\ndel x[0]\n",
	"x = ~a & b | c ^ d\ny = a << 2 >> 1\n",
	"result = np.linalg.norm(a - b, ord=2)  # Euclidean\n",
	"# just a comment\n",
	"",
	"\n\n\n",
	"x",
	"import os",
	"def f",
	"class A: pass",
	"return x  # trailing",
	"y = x.T @ x\n",
	"values = sorted(set(xs), key=abs, reverse=True)\n",
	"for k, v in enumerate(zip(a, b)):\n    pass\n",
}

// tricky snippets may be declined, but if accepted must match chroma.
var tricky = []string{
	"re.match(p, s)\nx.print()\nobj.self\na.sum()\na. sum()\n",
	"yield from gen()\nyield fromage\nyield  from x\nyield\n",
	"raise X from e\n",
	"from . import x\nfrom .. import y\nfrom .a import b\nfrom .import c\nfrom None import x\nfrom a.None import b\nfrom Nonesuch import q\n",
	"from a import (b,\n    c)\nfrom x import *\n",
	"import a, b\nimport a , b\nimport a,b\nimport a\nas_ = 1\nimport a\n, b\n",
	"import a as\nb\nimport a asb\nimport\n  a\n",
	"def\nf(): pass\ndef  g  (): pass\ndef __init__(self): pass\ndef __init__x(): pass\ndef(x)\n",
	"class\nA: pass\nclass (A): pass\n",
	"class A(B, metaclass=M):\n    __slots__ = ()\n    x = __name__\n",
	"1if x else 2\n1j\n0x1f\n0o17\n0b101\n1_000\n1.5j\n1e5j\n1..2\n1.e5\n1.5e\n1e+\n007\n",
	"x.5\na..b\n...\n",
	"@dec\n@a.b.c\n@ a . b\n@a.\n@a .b\nq @k\nq @ k\nm @= 2\n",
	"!x\n!=\n:=\n:==\n",
	"a = $b\nc = `d`\nx?\n",
	"s = f'hi {x}'\nr = r'\\d+'\nb = b'x'\nu = u'x'\nrb'x' Rb'y' BR\"z\" fr'w'\n",
	"'''doc'''\n\"\"\"doc\"\"\"\n",
	"    \"\"\"docstring\"\"\"\n",
	"s = 'unterminated\n",
	"s = \"unterminated",
	"s = '\\x41\\u1234\\N{BULLET}\\101\\z'\n",
	"s = 'a\\\nb'\n",
	"x = 1 + \\\n    2\n",
	"#!/usr/bin/env python\nprint(1)\n",
	"# café ∑\nx = 'naïve'\n",
	"π = 3.14\n",
	"x = 1\r\ny = 2\r\n",
	"s = '%d %s %5.2f %-10s %(name)s %% %*d %.*f %ld %z'\n",
	"s = '{} {0} {x} {x.y} {x[0]} {!r} {x!s:>10} {:,} {:08.3f} {{}} {{x}} {:}>5} {'\n",
	"s = '%(é)s {é}'\n",
	"match command:\n    case [x, y]:\n        pass\n",
	"print(end='')\nlen\nx.len\n",
	"elsewhere = ifx + for_ + in_ + isnt\n",
	"try: pass\nexcept(ValueError): pass\n",
	"x = 'a' 'b'\ny = 'a''b'\nz = \"a\"\"b\"\n",
	"lambda: 0\nlambda*a: a\n",
	"Exception\nx.Exception\nNotImplemented\n",
	"x.__class__.__name__\nsuper().__init__()\n__import__('os')\nx.__import__\n",
	"\x00\x01 x\x0b\x0c",
	"a = 1 # c\n# c2\n  # c3",
	"s = \"{:\"<5}\"\n",
	"s = '%'\nt = '{'\nu = '}'\nv = '{{'\n",
	"x\u00a0= 1\n",
	"import a\u00a0as b\n",
	"def\u00a0f(): pass\n",
	"from a\u00a0import b\n",
	strings.Repeat("x = 1\n", 2000),
}

// snippets returns the table's snippets, then each of their lines on its
// own, so that a line the package declines does not hide the others.
func snippets() []string {
	var all []string
	for _, table := range [][]string{common, commonStrings, tricky, trickyStrings} {
		all = append(all, table...)
	}
	seen := map[string]bool{}
	for _, code := range all {
		seen[code] = true
	}
	for _, code := range all[:len(all):len(all)] {
		for _, line := range strings.SplitAfter(code, "\n") {
			if !seen[line] {
				seen[line] = true
				all = append(all, line)
			}
		}
	}
	return all
}

func TestMatchesChroma(t *testing.T) {
	accepted := 0
	all := snippets()
	for _, code := range all {
		got, ok := Tokens(code)
		if !ok {
			continue
		}
		accepted++
		if want, bad := mismatch(t, code, got); bad {
			t.Errorf("%q:\n got %v\nwant %v", code, got, want)
		}
	}
	t.Logf("%d of %d snippets accepted", accepted, len(all))
}

func TestCommonAccepted(t *testing.T) {
	for _, code := range append(append([]string(nil), common...), commonStrings...) {
		if _, ok := Tokens(code); !ok {
			t.Errorf("declined %q", code)
		}
	}
}

// TestDeclines checks that constructs the package does not take are
// declined rather than tokenised.
func TestDeclines(t *testing.T) {
	for _, code := range []string{
		"s = rf'{x}'\n",
		"s = Fr'x'\n",
		"s = f'{x # y}'\n",
		"s = f'{x\n}'\n",
		"s = '\\x41'\n",
		"s = '''x'''\n",
		"x = 1 + \\\n 2\n",
		"#!/bin/python\n",
		"π = 1\n",
		"x = 1\r\n",
		"x = 0x10\n",
		"x = 1_000\n",
		"s = 'open\n",
		strings.Repeat("x\n", maxLen),
	} {
		if toks, ok := Tokens(code); ok {
			t.Errorf("accepted %q: %v", code, toks)
		}
	}
}

func TestWordListsDisjoint(t *testing.T) {
	seen := map[string]string{}
	for name, list := range map[string]string{
		"keyword": keywordWords + "|yield", "constant": constantWords, "operator": operatorWords,
		"builtin": builtinWords, "pseudo": pseudoWords, "exception": exceptionWords,
		"magicfunc": magicFuncWords, "magicvar": magicVarWords, "state": "def|class|from|import",
	} {
		for _, w := range strings.Split(list, "|") {
			if other, dup := seen[w]; dup {
				t.Errorf("%q is in %s and %s", w, name, other)
			}
			seen[w] = name
		}
	}
}

func TestAppendTokensKeepsPrefix(t *testing.T) {
	prefix := []chroma.Token{{Type: chroma.Text, Value: "x"}}
	got, ok := AppendTokens(prefix, " y")
	if !ok || len(got) != 3 || got[0] != prefix[0] || got[1].Value != " " {
		t.Errorf("got %v, %v", got, ok)
	}
	got, ok = AppendTokens(prefix, "rf'x'")
	if ok || len(got) != 1 {
		t.Errorf("declined: got %v, %v", got, ok)
	}
}

// mismatch returns chroma's tokens for code when they differ from got.
// Chroma gives each regular expression match 250 ms and takes a timeout for
// no match, so on a loaded machine it can now and then lex a word by a
// later rule; a difference counts only when chroma repeats its answer.
func mismatch(t testing.TB, code string, got []chroma.Token) ([]chroma.Token, bool) {
	t.Helper()
	want := chromaTokens(t, code)
	if equal(got, want) {
		return nil, false
	}
	again := chromaTokens(t, code)
	if !equal(want, again) {
		t.Logf("chroma is not consistent on %q: %v, then %v", code, want, again)
		return again, !equal(got, again)
	}
	return want, true
}

func equal(a, b []chroma.Token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzMatchesChroma(f *testing.F) {
	for _, code := range snippets() {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		// The input itself, and the Python-like code its bytes choose.
		for _, code := range []string{code, soup(code)} {
			got, ok := Tokens(code)
			if !ok {
				continue
			}
			if want, bad := mismatch(t, code, got); bad {
				t.Errorf("%q:\n got %v\nwant %v", code, got, want)
			}
		}
	})
}

// exhaustive checks every code that enumerate builds from pieces.
func exhaustive(t *testing.T, pieces []string, n int, wrap func(string) string) {
	accepted, all := 0, 0
	enumerate(pieces, n, func(s string) {
		code := wrap(s)
		all++
		got, ok := Tokens(code)
		if !ok {
			return
		}
		accepted++
		if want, bad := mismatch(t, code, got); bad {
			t.Fatalf("%q:\n got %v\nwant %v", code, got, want)
		}
	})
	t.Logf("%d of %d accepted", accepted, all)
}

// TestStringBodies tries every short string body over characters that
// matter to the interpolation and escape rules.
func TestStringBodies(t *testing.T) {
	n := depth(3)
	if testing.Short() {
		n = 2
	}
	pieces := strings.Split(`% { } : ! . 0 - # 5 , f d s r < = ( ) [ ' " \ n x`, " ")
	pieces = append(pieces, " ")
	for _, open := range []string{"'", `"`, "f'", `f"`, "r'", `rb"`, "b'"} {
		q := open[len(open)-1:]
		exhaustive(t, pieces, n, func(s string) string { return open + s + q })
	}
}

// TestFragmentPairs tries every sequence of two fragments.
func TestFragmentPairs(t *testing.T) {
	exhaustive(t, fragments, depth(2), func(s string) string { return s })
}

// depth returns PYLEX_DEPTH, for a deeper run by hand, or n.
func depth(n int) int {
	if d, err := strconv.Atoi(os.Getenv("PYLEX_DEPTH")); err == nil {
		return d
	}
	return n
}

func BenchmarkTokens(b *testing.B) {
	code := benchCode(12)
	var toks []chroma.Token
	b.ReportAllocs()
	for b.Loop() {
		var ok bool
		if toks, ok = AppendTokens(toks[:0], code); !ok {
			b.Fatal("declined")
		}
	}
}
