package diag

import "testing"

func TestSuggest(t *testing.T) {
	fields := []string{"title", "summary", "modified", "keywords", "paper", "after", "draft", "macros"}
	cases := []struct {
		word  string
		cands []string
		want  string
	}{
		{"titel", fields, "title"},      // a swap
		{"Title", fields, "title"},      // another case
		{"sumary", fields, "summary"},   // a deletion
		{"keyword", fields, "keywords"}, // an insertion
		{"colour", fields, ""},          // nothing close
		{"title", fields, ""},           // not a typo
		{"x", []string{"y"}, ""},        // one letter is no evidence
		{"\\sqr", []string{"\\sqrt", "\\sum"}, "\\sqrt"},
		{"linear-combination", []string{"linear-combinations", "softmax-weights"}, "linear-combinations"},
		{"mxi", []string{"mix", "max"}, "mix"}, // tie broken by the swap
		{"ab", []string{"cd"}, ""},
		{"xx", []string{"x", "temperature"}, "x"},
	}
	for _, c := range cases {
		if got := Suggest(c.word, c.cands); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := DidYouMean("titel", fields); got != ` (did you mean "title"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
}
