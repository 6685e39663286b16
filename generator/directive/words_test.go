package directive

import (
	"regexp"
	"strings"
	"testing"
)

var captionPattern = regexp.MustCompile(`<(fig)?caption>[^<]*</(fig)?caption>`)

// TestWording checks the phrases verdicts and check sentences are built
// from, for the counts where English changes form.
func TestWording(t *testing.T) {
	phrases := []struct {
		k          int
		want, verb string
	}{
		{1, "The vector $v_1$", "has"},
		{2, "The two vectors $v_1$ and $v_2$", "have"},
		{3, "The three vectors $v_{1}, v_{2}, v_{3}$", "have"},
		{4, `The four vectors $v_{1}, \ldots, v_{4}$`, "have"},
		{12, `The 12 vectors $v_{1}, \ldots, v_{12}$`, "have"},
	}
	for _, c := range phrases {
		if got, verb := vectorsPhrase("vector", "vectors", c.k); got != c.want || verb != c.verb {
			t.Errorf("vectorsPhrase(%d) = %q %q, want %q %q", c.k, got, verb, c.want, c.verb)
		}
	}
	spaces := []struct {
		r, d int
		want string
	}{
		{2, 2, `all of $\mathbb{R}^{2}$`},
		{0, 3, "only the origin"},
		{1, 3, `a line through the origin in $\mathbb{R}^{3}$`},
		{2, 3, `a plane through the origin in $\mathbb{R}^{3}$`},
		{3, 5, `a 3-dimensional subspace of $\mathbb{R}^{5}$`},
	}
	for _, c := range spaces {
		if got := spaceWords(c.r, c.d); got != c.want {
			t.Errorf("spaceWords(%d, %d) = %q, want %q", c.r, c.d, got, c.want)
		}
	}
	numbers := []struct {
		x    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {2e-9, `2 \times 10^{-9}`}, {1e-9, "10^{-9}"},
		{2.220446049250313e-16, `2.2 \times 10^{-16}`}, {0.25, "0.25"}, {1.7763568394002505e-15, `1.8 \times 10^{-15}`},
	}
	for _, c := range numbers {
		if got := texNumber(c.x); got != c.want {
			t.Errorf("texNumber(%g) = %q, want %q", c.x, got, c.want)
		}
	}
	counts := []struct {
		n    int
		want string
	}{{0, "no checks"}, {1, "one check"}, {3, "three checks"}, {10, "ten checks"}, {11, "11 checks"}}
	for _, c := range counts {
		if got := countWords(c.n, "check", "checks"); got != c.want {
			t.Errorf("countWords(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestCheckSentences checks that every check the engine runs reads as a
// sentence without engine names, and that a {matrix} (nothing computed)
// shows no verification at all.
func TestCheckSentences(t *testing.T) {
	scope := NewScope(nil)
	bodies := []struct{ typ, body string }{
		{"attention", "q: [[1, 0, 1], [0, 1, 0]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\nmask: causal\nshow: [output, span]\n"},
		{"multihead", "x_q: [[1, 0]]\nx_kv: [[1, 0], [0, 1]]\nheads: 2\nw_q: [[1, 0], [0, 1]]\nw_k: [[1, 0], [0, 1]]\nw_v: [[1, 0], [0, 1]]\nw_o: [[1, 0], [0, 1]]\n"},
		{"linear-map", "x: [[1, 2]]\nw: [[0.5], [1]]\n"},
		{"positional-encoding", "positions: 2\nd_model: 2\n"},
		{"softmax", "x: [1, 2]\n"},
		{"span", "vectors: [[1, 0]]\ntarget: [3, 0]\n"},
	}
	for i, c := range bodies {
		spec, res := evaluate(t, scope, c.typ, "d"+string(rune('a'+i)), c.body)
		out, err := Render(spec, res, Plan(spec, res), mathml)
		if err != nil {
			t.Fatal(err)
		}
		_, list, _ := strings.Cut(out, `<details class="verified">`)
		if list == "" {
			t.Errorf("{%s}: no verified list", c.typ)
			continue
		}
		for _, ch := range res.Checks {
			if strings.Contains(list, ">"+ch.Name) || strings.Contains(list, "<code>") {
				t.Errorf("{%s}: check %s shown by its engine name:\n%s", c.typ, ch.Name, list)
			}
		}
		for _, bad := range []string{"float64", "max |", "ε =", "Σ", "ⱼ", "1e-9"} {
			if strings.Contains(list, bad) {
				t.Errorf("{%s}: verified list contains %q (engine wording or Unicode math):\n%s", c.typ, bad, list)
			}
		}
		if !strings.Contains(list, "<math>") {
			t.Errorf("{%s}: no MathML in the verified list", c.typ)
		}
	}
	spec, res := evaluate(t, scope, "matrix", "M", "rows: [[1, 2]]\n")
	out, err := Render(spec, res, Plan(spec, res), mathml)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "Verified") {
		t.Errorf("a {matrix} of literal inputs shows verification:\n%s", out)
	}
}

// TestCaptions checks that captions carry the author's words unchanged:
// a single caption on the main item (the vector figure, else the first
// table), per-item captions where given, and plain descriptions elsewhere.
func TestCaptions(t *testing.T) {
	const inputs = "q: [[1, 0, 1]]\nk: [[1, 0, 0], [0, 1, 0], [1, 1, 1]]\nv: [[2, 0], [0, 2], [1, 1]]\n"
	const mh = "x_q: [[1, 0]]\nx_kv: [[1, 0], [0, 1]]\nheads: 2\nw_q: [[1, 0], [0, 1]]\nw_k: [[1, 0], [0, 1]]\nw_v: [[1, 0], [0, 1]]\nw_o: [[1, 0], [0, 1]]\n"
	cases := []struct {
		typ, body string
		want      []string
	}{
		{"attention", inputs + "show: [scores, weights, figure]\ncaption: Mixing.\n",
			[]string{"Table 1: Attention scores.", "Table 2: Attention weights.", "Figure 3: Mixing."}},
		{"attention", inputs + "show: [weights, output]\ncaption: Mixing.\n",
			[]string{"Table 1: Mixing.", "Table 2: Output."}},
		{"attention", inputs + "show: [weights, figure]\ncaption: {weights: The weights., figure: The mix.}\n",
			[]string{"Table 1: The weights.", "Figure 2: The mix."}},
		{"attention", inputs + "show: [weights, figure]\n",
			[]string{"Table 1: Attention weights.", "Figure 2: The value vectors, their convex hull and the output."}},
		{"multihead", mh + "show: [output, heatmap]\ncaption: {heatmap: Where each head looks.}\n",
			[]string{"Table 1: Output.", "Figure 2: Where each head looks. (head 1)", "Figure 3: Where each head looks. (head 2)"}},
	}
	for i, c := range cases {
		spec, res := evaluate(t, NewScope(nil), c.typ, "c"+string(rune('a'+i)), c.body)
		items := Plan(spec, res)
		for j := range items {
			items[j].Number = j + 1
		}
		out, err := Render(spec, res, items, mathml)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(out, "caption>"+w+"</") {
				t.Errorf("case %d: no caption %q in\n%s", i, w, out)
			}
		}
		for _, m := range captionPattern.FindAllString(out, -1) {
			if strings.Contains(m, " — ") {
				t.Errorf("case %d: a caption with an automatic suffix: %s", i, m)
			}
		}
	}
	_, errs := Parse("attention", "x", []byte(inputs+"show: [weights]\ncaption: {weigths: W.}\n"))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, `caption: "weigths" is not a numbered item this directive shows (did you mean "weights"?)`) || errs[0].Line != 5 {
		t.Errorf("caption key typo: got %v", errs)
	}
}
