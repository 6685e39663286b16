package pylex

import "strings"

// fragments are pieces of Python and near-Python that meet at the
// boundaries the lexer's rules care about.
var fragments = []string{
	" ", " ", "\n", "\t", "\n    ", ".", ",", ":", ";", "(", ")", "[", "]", "{", "}",
	"=", "==", "!", "!=", ":=", "-", "+", "*", "**", "/", "//", "%", "<", ">", "&", "|", "^", "~", "@", "->",
	"def", "class", "import", "from", "as", "yield", " from", "return", "if", "else", "for", "in", "is",
	"not", "and", "lambda", "match", "async", "await", "None", "True", "False",
	"print", "len", "sum", "self", "cls", "Exception", "ValueError", "__init__", "__name__", "__import__",
	"x", "np", "_", "a1", "r", "f", "b", "u", "rb", "j", "e", "E", "l",
	"0", "1", "42", ".5", "1.", "1e", "1e-3", "0x", "_1",
	"'", `"`, "'a'", `"b c"`, "'''", `\`, `\n`, `\'`, "%d", "%5.2f", "%(k)s", "{0}", "{:.2f}", "{x!r}", "{{",
	"#", "# c\n", "é", "\u00a0", "\r", "\v",
	"f'", `f"`, "f'{x}'", "f'{", "}'", "!r", "!s", "{x:", ".3f}", "r'", "rb'", `b"`, "u'", `\d`, "{{", "}}",
}

// soup builds code from data, each byte choosing a fragment.
func soup(data string) string {
	var b strings.Builder
	for i := 0; i < len(data); i++ {
		b.WriteString(fragments[int(data[i])%len(fragments)])
	}
	return b.String()
}

// enumerate calls f with every string of up to n pieces.
func enumerate(pieces []string, n int, f func(string)) {
	var rec func(prefix string, n int)
	rec = func(prefix string, n int) {
		f(prefix)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			rec(prefix+p, n-1)
		}
	}
	rec("", n)
}
