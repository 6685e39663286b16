package yamltree

import (
	"strings"
	"testing"
)

func TestParseKeepsPositionsAndText(t *testing.T) {
	n, err := Parse([]byte("title: x\nq: [[1, 0.10, 2e-06]]\nflag: true\nn: 3\nempty:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n.Kind != Map || len(n.Keys) != 5 {
		t.Fatalf("root = %+v", n)
	}
	q := n.Get("q")
	if q == nil || q.Kind != List || q.Line != 2 || q.Col != 4 {
		t.Fatalf("q = %+v", q)
	}
	row := q.Items[0]
	var texts []string
	for _, x := range row.Items {
		texts = append(texts, x.Text)
	}
	if strings.Join(texts, " ") != "1 0.10 2e-06" {
		t.Errorf("numbers as written = %q, want %q", texts, "1 0.10 2e-06")
	}
	if c := row.Items[1].Col; c != 9 {
		t.Errorf("column of 0.10 = %d, want 9", c)
	}
	if f := n.Get("flag"); f.Type != Bool || f.Text != "true" {
		t.Errorf("flag = %+v", f)
	}
	if i := n.Get("n"); i.Type != Int || i.Describe() != "the integer 3" {
		t.Errorf("n = %+v", i)
	}
	if e := n.Get("empty"); e.Kind != Null {
		t.Errorf("empty = %+v", e)
	}
	if n.Get("missing") != nil {
		t.Error("Get of a missing key should be nil")
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a: [1,\n", "1:4: YAML: sequence end token ']' not found"},
		{"a: 1\na: 2\n", `2:1: YAML: mapping key "a" given twice (each key may be given once)`},
		{"a: !!binary aGk=\n", "1:4: YAML tag !!binary is not supported: write the value without a tag"},
		{"a: !custom x\n", "1:4: YAML tag !custom is not supported"},
		{"a: &x 1\nb: *x\n", "2:4: YAML aliases (*name) are not supported"},
		{"a: " + strings.Repeat("[", 40) + "\n", "1:36: YAML nested more than 32 levels deep"},
		{"a: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\" # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nb: [\n", "2:4: YAML: sequence end token"},
		{"a: [" + strings.Repeat("1, ", MaxValues) + "]\n", "1:300002: YAML holds more than 100000 values"},
		{strings.Repeat("#", MaxBytes+1), "1:1: YAML of 1048577 bytes is larger than the limit of 1048576 bytes"},
		{"a: \"x\n", "1:4: YAML: could not find end character of double-quoted text"},
		{"a: 1\n---\nb: 2\n", "expected a single YAML document"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.60q) = %v, want %q", c.src, err, c.want)
		}
	}
}
