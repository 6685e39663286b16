package markdown

import (
	"bytes"
	"github.com/alecthomas/chroma/v2/styles"
	"strings"
	"testing"

	"paperlab/generator/pylex"
)

// pythonBlocks are code blocks of the kind labs hold; all but the last
// few are taken by pylex.
var pythonBlocks = []string{
	benchCode(0),
	benchCode(12),
	"import numpy as np\nfrom scipy import stats as st\n\nclass Model:\n    def __init__(self, dim=64):\n        self.w = np.zeros((dim, dim))\n\n    def __call__(self, x):\n        return x @ self.w.T  # <linear> & \"friends\"\n",
	"for i in range(10):\n\tif i % 2 == 0 and i != 4:\n\t\tprint(i, 'even', \"<b>\")   \n\n",
	"xs = [x ** 2 for x in range(5) if x > 1]\nprint(\"%d items: {}\".format(len(xs)) % 3)\n",
	"f = lambda a, b=0.5: a * b + 1e-3\nwith open('out.txt', 'w') as fh:\n    fh.write('done\\n')\n",
	"",
	"x",
	"\n",
	"print(f\"{name!r}: {loss:.3f} <{d['k']}>\")\nrx = r'\\d+&'\n",
	// Declined by pylex: chroma lexes them on both paths.
	"s = rf'{x:.3f}'\n",
	"'''doc'''\n",
	"π = 3.14\n",
}

func TestPythonFastPathMatchesChroma(t *testing.T) {
	fast, slow := NewHighlighter(), NewHighlighter()
	slow.chromaOnly, slow.style = true, styles.Get(LightTheme)
	taken := 0
	for _, lang := range []string{"python", "py", "python3", "py3", "sage", "starlark", "Python", "PY"} {
		if !fast.lexer(lang).python {
			t.Errorf("%s: not given to pylex", lang)
		}
		for _, code := range pythonBlocks {
			var a, b bytes.Buffer
			fast.highlight(&a, code, lang)
			slow.highlight(&b, code, lang)
			if a.String() != b.String() {
				t.Errorf("%s %q:\nfast  %s\nchroma %s", lang, code, a.String(), b.String())
			}
			// The renderBuffer path too.
			var rb renderBuffer
			fast.highlight(&rb, code, lang)
			if rb.String() != b.String() {
				t.Errorf("%s %q (renderBuffer):\nfast  %s\nchroma %s", lang, code, rb.String(), b.String())
			}
			// And a writer that is no buffer.
			var sb strings.Builder
			fast.highlight(&sb, code, lang)
			if sb.String() != b.String() {
				t.Errorf("%s %q (io.Writer):\nfast  %s\nchroma %s", lang, code, sb.String(), b.String())
			}
			if _, ok := pylex.Tokens(code); ok {
				taken++
			}
		}
	}
	if want := 8 * (len(pythonBlocks) - 3); taken != want {
		t.Errorf("pylex took %d blocks, want %d", taken, want)
	}
	var b bytes.Buffer
	fast.highlight(&b, benchCode(12), "python")
	if !strings.Contains(b.String(), `<span class="hl-nf">mix_12</span>`) {
		t.Errorf("not highlighted: %s", b.String())
	}
}

func TestOtherLexersNotPylex(t *testing.T) {
	h := NewHighlighter()
	for _, lang := range []string{"python2", "py2", "pycon", "ipython", "go", "cython", "text", "nosuchlanguage", ""} {
		if h.lexer(lang).python {
			t.Errorf("%s: given to pylex", lang)
		}
	}
}

// otherBlocks are code blocks in languages chroma lexes: hlhtml writes
// their tokens too.
var otherBlocks = []struct{ lang, code string }{
	{"go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tif a < b && c > d {\n\t\tfmt.Println(\"<&>\", 'x', `raw\nstring`)\n\t}\n}\n"},
	{"js", "const f = (a, b) => a < b ? `${a}&${b}` : \"x\";\r\n// comment <b>\r\n"},
	{"html", "<!doctype html>\n<p class=\"x\">a &amp; b</p>\n<script>if (a<b) alert('&')</script>\n"},
	{"yaml", "key: \"value\" # note\nlist:\n  - a\n  - 'b&c'\n"},
	{"bash", "for f in *.txt; do\n  echo \"$f\" > /dev/null 2>&1 && cat <<EOF\nheredoc $x\nEOF\ndone\n"},
	{"diff", "--- a\n+++ b\n@@ -1 +1 @@\n-<old>\n+<new>\n"},
	{"pycon", ">>> x = 1\n>>> print(x)\n1\n>>> 1/0\nTraceback (most recent call last):\n  File \"<stdin>\", line 1\nZeroDivisionError: division by zero\n"},
	{"python2", "print 'x' <> 2\n"},
	{"json", "{\"a\": [1, 2.5, true, null], \"b\": \"<\\u00e9>\"}"},
	{"rust", "fn main() { let s = \"é∑😀\"; println!(\"{}\", s); }\n\n\n"},
	{"c", "#include <stdio.h>\nint main(void) { return 0; }"},
	{"text", "plain <text> & \"quotes\"\n"},
	{"go", ""},
	{"go", "\n"},
}

func TestOtherLanguagesMatchChroma(t *testing.T) {
	fast, slow := NewHighlighter(), NewHighlighter()
	slow.chromaOnly, slow.style = true, styles.Get(LightTheme)
	for _, b := range otherBlocks {
		var want, got bytes.Buffer
		slow.highlight(&want, b.code, b.lang)
		fast.highlight(&got, b.code, b.lang)
		if got.String() != want.String() {
			t.Errorf("%s %q:\nfast   %s\nchroma %s", b.lang, b.code, got.String(), want.String())
		}
		var rb renderBuffer
		rb.WriteString("<p>")
		fast.highlight(&rb, b.code, b.lang)
		if rb.String() != "<p>"+want.String() {
			t.Errorf("%s %q (renderBuffer):\nfast   %s\nchroma %s", b.lang, b.code, rb.String(), want.String())
		}
		var sb strings.Builder
		fast.highlight(&sb, b.code, b.lang)
		if sb.String() != want.String() {
			t.Errorf("%s %q (io.Writer):\nfast   %s\nchroma %s", b.lang, b.code, sb.String(), want.String())
		}
	}
	var b bytes.Buffer
	fast.highlight(&b, otherBlocks[0].code, "go")
	if !strings.Contains(b.String(), `<span class="hl-kd">func</span>`) {
		t.Errorf("not highlighted: %s", b.String())
	}
}
