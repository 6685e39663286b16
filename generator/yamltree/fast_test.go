package yamltree

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/benchsite"
)

// diffTrees describes the first difference between two trees, or "".
func diffTrees(path string, a, b *Node) string {
	switch {
	case a == nil && b == nil:
		return ""
	case a == nil || b == nil:
		return fmt.Sprintf("%s: %v vs %v", path, a, b)
	}
	if a.Kind != b.Kind || a.Line != b.Line || a.Col != b.Col || a.Type != b.Type || a.Text != b.Text {
		return fmt.Sprintf("%s: {%v %d:%d type %d %q} vs {%v %d:%d type %d %q}", path,
			a.Kind, a.Line, a.Col, a.Type, a.Text, b.Kind, b.Line, b.Col, b.Type, b.Text)
	}
	if (a.Items == nil) != (b.Items == nil) || (a.Keys == nil) != (b.Keys == nil) || (a.Vals == nil) != (b.Vals == nil) {
		return fmt.Sprintf("%s: nil slices differ", path)
	}
	if len(a.Items) != len(b.Items) || len(a.Keys) != len(b.Keys) || len(a.Vals) != len(b.Vals) {
		return fmt.Sprintf("%s: %d items, %d keys, %d values vs %d, %d, %d", path,
			len(a.Items), len(a.Keys), len(a.Vals), len(b.Items), len(b.Keys), len(b.Vals))
	}
	for i := range a.Items {
		if d := diffTrees(fmt.Sprintf("%s[%d]", path, i), a.Items[i], b.Items[i]); d != "" {
			return d
		}
	}
	for i := range a.Keys {
		if d := diffTrees(fmt.Sprintf("%s.key%d", path, i), a.Keys[i], b.Keys[i]); d != "" {
			return d
		}
		if d := diffTrees(fmt.Sprintf("%s.%s", path, a.Keys[i].Text), a.Vals[i], b.Vals[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkFast parses src with both parsers as Parse would and fails t if
// the fast parser accepts src and builds anything but the general
// parser's tree. It tells whether the fast parser accepted src.
func checkFast(t testing.TB, src []byte) bool {
	t.Helper()
	if precheck(src) != nil {
		return false
	}
	src = newlinesOnly(src)
	fast, ok := parseFast(src)
	if !ok {
		return false
	}
	slow, err := parseGoccy(src)
	if err != nil {
		t.Fatalf("fast parser accepts %q, the YAML parser says %v", src, err)
	}
	if d := diffTrees("$", fast, slow); d != "" {
		t.Fatalf("fast parser on %q differs from the YAML parser: %s", src, d)
	}
	// reflect.DeepEqual would say the same; diffTrees names the node.
	return true
}

const (
	exampleDirective   = benchDirective
	exampleFrontMatter = benchFrontMatter
)

// repoDocuments returns the YAML of the repository's pages, test sites
// and references: every front matter and every fenced directive body of
// the Markdown files (also inside txtar archives) and the YAML files.
func repoDocuments(t testing.TB) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	docs := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "node_modules" || name == "public" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".md":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			markdownDocuments(path, string(b), docs)
		case ".txtar":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for name, body := range txtarFiles(string(b)) {
				switch filepath.Ext(name) {
				case ".md":
					markdownDocuments(path+":"+name, body, docs)
				case ".yaml", ".yml":
					docs[path+":"+name] = body
				}
			}
		case ".yaml", ".yml":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			docs[path] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// txtarFiles splits a txtar archive into its files.
func txtarFiles(a string) map[string]string {
	files := map[string]string{}
	name := ""
	var body strings.Builder
	for line := range strings.Lines(a) {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			if name != "" {
				files[name] = body.String()
			}
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			body.Reset()
			continue
		}
		body.WriteString(line)
	}
	if name != "" {
		files[name] = body.String()
	}
	return files
}

// markdownDocuments adds the front matter and the directive bodies of a
// Markdown page to docs.
func markdownDocuments(path, md string, docs map[string]string) {
	lines := strings.SplitAfter(md, "\n")
	i := 0
	if len(lines) > 0 && strings.TrimRight(lines[0], " \r\n") == "---" {
		var fm strings.Builder
		for i = 1; i < len(lines); i++ {
			if t := strings.TrimRight(lines[i], " \r\n"); t == "---" || t == "..." {
				break
			}
			fm.WriteString(lines[i])
		}
		docs[path+":front matter"] = fm.String()
	}
	for ; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```{") {
			continue
		}
		start := i
		var body strings.Builder
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body.WriteString(lines[i])
		}
		docs[fmt.Sprintf("%s:%d", path, start+1)] = body.String()
	}
}

// benchDocuments returns the front matter and directive bodies of the
// benchmark site's labs for a few seeds.
func benchDocuments(t testing.TB) map[string]string {
	t.Helper()
	docs := map[string]string{}
	for _, seed := range []uint64{1, 2, 7, 42, 1234} {
		for i := range 12 {
			src, err := benchsite.Lab(i*97+int(seed), seed)
			if err != nil {
				t.Fatal(err)
			}
			markdownDocuments(fmt.Sprintf("bench seed %d lab %d", seed, i), src, docs)
		}
	}
	return docs
}

// trickyDocuments are inputs near the edges of what parseFast reads:
// whatever it accepts of them must come out as the YAML parser's tree.
var trickyDocuments = []string{
	"", "\n", "# only a comment\n", "  \n", "a", "a\n", "a: b", "a:", "a:\n", "a: \n", "a:  b\n",
	"title: x\nq: [[1, 0.10, 2e-06]]\nflag: true\nn: 3\nempty:\n",
	"a:\nb: 1\n", "a:\n  b:\nc: 1\n", "a:\n  b:\n", "- a:\n- b\n", "- a:\n", "- a\n- b\n",
	"a:\n- x\n- y\nb: 1\n", "- a:\n  - x\n  b: 1\n", "- a:\n  - x\n- b\n",
	"a:\n  - x\n  - y\n", "a:\n    - x\n    - y\nb:\n  c: d\n",
	"- id: x\n  type: y\n- id: z\n", "-   a: 1\n    b: 2\n", "- a: 1\n   b: 2\n", "- a: 1\n b: 2\n",
	"a:\n  foo\nb: 1\n", "a:\n  foo\n  bar\n", "a:\n  [1, 2]\nb: 3\n", "a:\n  'x'\n", "a:\n  \"x\"\nb: 1\n",
	"a: b\n  c\n", "a: b\n  c: d\n", "a: 1\n  # indented comment\nb: 2\n", "a: 1\n# c\n\n\nb: 2\n",
	"a: b # c\n", "a: b#c\n", "a: C#\n", "a: b  # c\n", "a: 'b' # c\n", "a: \"b\"# c\n", "a: [b] # c\n", "a: [b]# c\n",
	"a: b: c\n", "a: b:c\n", "a: b:\n", "a:b\n", "a:b: c\n", "a : b\n", "\"a\": b\n", "'a': b\n", "\"a\" : b\n", "\"a\":b\n",
	"a: 'it''s'\n", "a: 'it''s\n", "a: \"x\\\"y\"\n", "a: \"x\\\\y\"\n", "a: \"x\\ty\"\n", "a: \"x\\ny\"\n", "a: \"x\\/y\"\n",
	"a: \"x\\qy\"\n", "a: \"x\\u0041\"\n", "a: \"\"\n", "a: ''\n", "'': 1\n", "\"\": 1\n",
	"a: [1, 2, 3]\n", "a: []\n", "a: {}\n", "a: [ ]\n", "a: [1,2]\n", "a: [1 ,2]\n", "a: [ 1 , 2 ]\n", "a: [1, ]\n", "a: [1,]\n", "a: [,1]\n",
	"a: [1, [2, [3]]]\n", "a: [[]]\n", "a: [{}]\n", "a: [{b: 1}, {c: 2}]\n", "a: {b: [1, 2], c: {d: e}}\n",
	"a: {b: 1, b: 2}\n", "a: {b: 1, c}\n", "a: {b:1}\n", "a: {b : 1}\n", "a: {\"b\": 1}\n", "a: {'b': 'c'}\n", "a: {b: http://x}\n",
	"a: [http://x]\n", "a: [a:b]\n", "a: [a: b]\n", "a: [C#]\n", "a: [a #b]\n", "a: [a b, c d]\n", "a: [1,\n  2]\n", "a: [1\n",
	"a: [\"x\", 'y']\n", "a: [\"x\" , 'y' ]\n", "a: [\"x\" y]\n", "a: [-1, -0.5, -.5, +1, +.5]\n", "a: [-, -a]\n", "a: [- 1]\n",
	"k: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\n",
	"a: 1\na: 2\n", "a: 1\n\"a\": 2\n", "1: a\n\"1\": b\n", "true: a\nTrue: b\n", "null: a\n", "~: a\n", "a: null\nb: ~\nc: Null\nd: NULL\ne: nULL\n",
	"a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\n", "a: true\nb: True\nc: TRUE\nd: tRUE\ne: false\nf: False\ng: FALSE\n",
	"a: 0x1F\nb: 0o17\nc: 0b101\nd: 017\ne: 08\nf: 0\ng: 00\nh: -0\ni: 0x\nj: 0X1F\n",
	"a: 1_000\nb: _1\nc: 1__0\nd: 1_.5\ne: 0.1_0\n", "a: .5\nb: 5.\nc: 1e3\nd: 1.5e3\ne: 1.5E+3\nf: 1.e5\ng: 2e-06\nh: -1e3\n",
	"a: .inf\nb: -.inf\nc: +.inf\nd: .Inf\ne: .INF\nf: .nan\ng: .NaN\nh: .NAN\ni: -.Inf\nj: .nAn\n",
	"a: 99999999999999999999\nb: -9223372036854775808\nc: -9223372036854775809\nd: 18446744073709551615\ne: 18446744073709551616\n",
	"a: 1.5e400\nb: 0X1.8p1\nc: 0x1.8p1\nd: 1.2.3\ne: +-5\nf: -+5\ng: --5\nh: +\ni: -.5\nj: 0.\n",
	"a: 2026-01-13\nb: 2026-01-13T10:00:00Z\nc: 12:30\nd: 1:2\n",
	"a: -\n", "a: - b\n", "- - a\n", "-\n", "- \n", "-a\n", "- -1\n", "-1: x\n", "-x: y\n",
	"a: &x 1\n", "a: *x\n", "a: !t 1\n", "? a\n: b\n", "a: |\n  x\n", "a: >\n  x\n", "--- \na: 1\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n",
	"a: @x\n", "a: `x\n", "a: x@y\n", "a: x`y\n", "a: x & y\n", "a: x * y\n", "a: x ! y\n", "a: x % y\n", "a: x | y\n", "a: x > y\n", "a: x ? y\n",
	"a: x - y\n", "a: x -y\n", "a: x [y]\n", "a: x {y}\n", "a: x, y\n", "a: x]\n", "a: x}\n", "a: it's\n", "a: say \"hi\"\n",
	"a[0]: 1\n", "a,b: 1\n", "a]: 1\n", "a}: 1\n", "a b: c d\n", "a\"b: c\n", "a'b: c\n", "a#b: c\n", "a #b: c\n",
	"a: <<\n", "<<: {a: 1}\n", "a:\tb\n", "\ta: b\n", "a: b\t\n", "a: b \n", "a: b\r\n", "a: b\\\n# c\\\nd: e\n",
	"  a: 1\n  b: 2\n", "  a: 1\nb: 2\n", "a:\n b: 1\n c: 2\n", "a:\n b: 1\n  c: 2\n", "a:\n  b: 1\n c: 2\n",
	"a: Łukasz\nb: √3 — x\n", "Łukasz: [Ł, ź]\nb: {ł: ó}\n", "a: \"Ł\" # ł\nb: 'ź'\n", "a: x\u00a0y\n", "\ufeffa: 1\n", "a: \u2028\n", "a: \u0085\n",
	"a: 1\n---\nb: 2\n", "[1, 2]\n", "{a: 1}\n", "'x'\n", "\"x\"\n", "x y z\n", "- [1, 2]\n- {a: b}\n", "[1]\n[2]\n", "a\nb\n",
	"a: 1 # c\n# d\n", "# c\na: 1\n", "a: 1\n  \n", "a:\n\n  b: 1\n", "a:\n  # c\n  b: 1\n", "a: # c\n  b: 1\n", "a: # c\nb: 1\n",
	"a: ...\n", "a: ---\n", "...a: 1\n", "---a: 1\n", ".a: 1\n", "a.b: 1\n", "a: x...y\n",
	"a: %x\n", "a: ?x\n", "a: :x\n", "a: ::\n", "a: x:\n", "a: 'x':\n", "a: 'x' y\n",
	"references:\n  - id: x\n    author:\n      - {family: V, given: A}\n    issued: {year: 2017}\n",
	"macros: {R: \"\\\\mathbb{R}\"}\n", "a: [\"\\\\\", 'x\\y']\n", "a: x\\y\n", "a: \\\n",
}

func TestFastMatchesGoccy(t *testing.T) {
	docs := map[string]string{}
	for name, d := range repoDocuments(t) {
		docs[name] = d
	}
	for name, d := range benchDocuments(t) {
		docs[name] = d
	}
	for i, d := range trickyDocuments {
		docs[fmt.Sprintf("tricky %d", i)] = d
	}
	accepted := 0
	for _, d := range docs {
		if checkFast(t, []byte(d)) {
			accepted++
		}
	}
	t.Logf("fast parser accepts %d of %d documents", accepted, len(docs))
}

// TestFastAcceptsCommonDocuments checks that the documents every build
// parses go the fast way: the examples, the benchmark site's, and the
// repository's own labs and references.
func TestFastAcceptsCommonDocuments(t *testing.T) {
	docs := map[string]string{"directive": exampleDirective, "front matter": exampleFrontMatter}
	for name, d := range benchDocuments(t) {
		docs[name] = d
	}
	for name, d := range repoDocuments(t) {
		if strings.HasPrefix(name, filepath.Join("..", "..", "content")+string(filepath.Separator)) {
			docs[name] = d
		}
	}
	if len(docs) < 60 {
		t.Fatalf("only %d documents", len(docs))
	}
	for name, d := range docs {
		if !checkFast(t, []byte(d)) {
			t.Errorf("%s: the fast parser declines\n%s", name, d)
		}
	}
}

// TestDiffTreesSeesDifferences makes sure the differential tests can
// fail: a tree with one field changed is not the same tree.
func TestDiffTreesSeesDifferences(t *testing.T) {
	src := []byte(exampleDirective)
	for _, change := range []func(n *Node){
		func(n *Node) { n.Get("q").Items[0].Items[2].Col++ },
		func(n *Node) { n.Get("digits").Type = Float },
		func(n *Node) { n.Keys[1].Line++ },
		func(n *Node) { n.Get("show").Items[1].Text = "weight" },
		func(n *Node) { n.Get("expect").Kind = List },
		func(n *Node) { n.Vals = n.Vals[:len(n.Vals)-1]; n.Keys = n.Keys[:len(n.Keys)-1] },
		func(n *Node) { n.Get("q").Items = nil },
	} {
		fast, ok := parseFast(src)
		if !ok {
			t.Fatal("fast parser declines the example directive")
		}
		slow, err := parseGoccy(src)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffTrees("$", fast, slow); d != "" {
			t.Fatalf("unchanged trees differ: %s", d)
		}
		change(fast)
		if diffTrees("$", fast, slow) == "" {
			t.Error("a changed tree compares equal")
		}
	}
}

// TestFastRandomDocuments builds documents from pieces that go near the
// fast parser's edges and checks each against the YAML parser.
func TestFastRandomDocuments(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range n {
		if checkFast(t, []byte(randomDocument(r))) {
			accepted++
		}
	}
	t.Logf("fast parser accepts %d of %d random documents", accepted, n)
	if accepted < n/8 {
		t.Errorf("fast parser accepts only %d of %d random documents", accepted, n)
	}
}

var (
	randomWords = []string{"a", "b", "title", "x y", "1", "-2", "0.5", ".5", "1e3", "2e-06", "0x1F", "017", "08", "1_000", "true", "True",
		"yes", "no", "on", "null", "~", "NULL", ".inf", "-.inf", ".nan", "2026-01-13", "12:30", "a:b", "C#", "it's", "Łukasz", "√3",
		"x—y", "http://x.y/z", "a.b", "-a", "+1", "+-1", "-0", "00", "0.", "1.2.3", "99999999999999999999", "a b c", "a\\b"}
	randomQuoted = []string{`"x"`, `"a: b"`, `"1"`, `"true"`, `""`, `''`, `'x'`, `'it''s'`, `"a\\b"`, `"a\"b"`, `"a\nb"`, `"Ł"`, `"#x"`, `'# x'`, `"a, b"`, `"[x]"`}
)

// randomScalar returns a plain or quoted scalar; inFlow keeps to what
// reads as one entry of a flow collection.
func randomScalar(r *rand.Rand, inFlow bool) string {
	if r.IntN(4) == 0 {
		return randomQuoted[r.IntN(len(randomQuoted))]
	}
	w := randomWords[r.IntN(len(randomWords))]
	if r.IntN(3) == 0 {
		// a word of characters that mean something somewhere in YAML
		const alphabet = "ab1100.-+_:#'\"[]{},!&*%@`|>?~ \\Łé√xeE"
		runes := []rune(alphabet)
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		w = b.String()
	}
	if inFlow && r.IntN(6) != 0 {
		w = strings.NewReplacer(":", "", "#", "").Replace(w)
		if w == "" {
			w = "w"
		}
	}
	return w
}

func randomFlow(r *rand.Rand, depth int) string {
	var b strings.Builder
	sp := func() {
		if r.IntN(5) == 0 {
			b.WriteString(" ")
		}
	}
	n := r.IntN(4)
	if r.IntN(3) == 0 {
		b.WriteString("{")
		sp()
		for i := range n {
			if i > 0 {
				b.WriteString(",")
				if r.IntN(6) != 0 {
					b.WriteString(" ")
				}
			}
			b.WriteString(randomScalar(r, true))
			b.WriteString(": ")
			b.WriteString(randomFlowValue(r, depth))
			sp()
		}
		b.WriteString("}")
		return b.String()
	}
	b.WriteString("[")
	sp()
	for i := range n {
		if i > 0 {
			b.WriteString(",")
			if r.IntN(6) != 0 {
				b.WriteString(" ")
			}
		}
		b.WriteString(randomFlowValue(r, depth))
		sp()
	}
	b.WriteString("]")
	return b.String()
}

func randomFlowValue(r *rand.Rand, depth int) string {
	if depth < 3 && r.IntN(4) == 0 {
		return randomFlow(r, depth+1)
	}
	return randomScalar(r, true)
}

// randomValue returns the rest of a line after "key: " or "- ".
func randomValue(r *rand.Rand) string {
	v := ""
	switch r.IntN(6) {
	case 0:
		v = randomFlow(r, 0)
	default:
		v = randomScalar(r, false)
	}
	switch r.IntN(10) {
	case 0:
		v += " # comment"
	case 1:
		v += "  #c"
	}
	return v
}

// randomDocument writes block structure: keys and entries at indents
// that mostly nest properly, with comments and blank lines.
func randomDocument(r *rand.Rand) string {
	var b strings.Builder
	lines := 1 + r.IntN(10)
	indents := []int{0}
	for range lines {
		switch r.IntN(12) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			b.WriteString(strings.Repeat(" ", r.IntN(4)) + "# note\n")
			continue
		}
		// pick an indent: the same, a deeper one after an open key, or an
		// outer one
		ind := indents[len(indents)-1]
		if len(indents) > 1 && r.IntN(4) == 0 {
			k := r.IntN(len(indents))
			indents = indents[:k+1]
			ind = indents[k]
		}
		if r.IntN(15) == 0 {
			ind += 1 // off by one
		}
		b.WriteString(strings.Repeat(" ", ind))
		if r.IntN(3) == 0 {
			b.WriteString("-" + strings.Repeat(" ", 1+r.IntN(2)*r.IntN(3)))
			if r.IntN(3) == 0 {
				// an entry holding a mapping
				col := b.Len() - strings.LastIndexByte(b.String(), '\n') - 1
				b.WriteString(randomScalar(r, false) + ": " + randomValue(r) + "\n")
				indents = append(indents, col)
				continue
			}
			b.WriteString(randomValue(r) + "\n")
			continue
		}
		b.WriteString(randomScalar(r, false) + ":")
		if r.IntN(3) == 0 {
			if r.IntN(5) == 0 {
				b.WriteString(" # on the key")
			}
			b.WriteString("\n")
			if r.IntN(4) == 0 {
				// the value alone on the next line
				b.WriteString(strings.Repeat(" ", ind+1+r.IntN(3)) + randomValue(r) + "\n")
				continue
			}
			indents = append(indents, ind+1+r.IntN(4))
			if r.IntN(3) == 0 {
				indents[len(indents)-1] = ind // a sequence at the key's indent
			}
			continue
		}
		b.WriteString(strings.Repeat(" ", 1+r.IntN(2)*r.IntN(3)) + randomValue(r) + "\n")
	}
	s := b.String()
	if r.IntN(5) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

// FuzzFastMatchesGoccy checks that whatever the fast parser accepts, it
// reads as the YAML parser does.
func FuzzFastMatchesGoccy(f *testing.F) {
	f.Add([]byte(exampleDirective))
	f.Add([]byte(exampleFrontMatter))
	for _, d := range trickyDocuments {
		f.Add([]byte(d))
	}
	for _, d := range repoDocuments(f) {
		f.Add([]byte(d))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		f.Add([]byte(randomDocument(r)))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4<<10 {
			return
		}
		checkFast(t, src)
	})
}
