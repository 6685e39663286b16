package diag

import "testing"

func TestPositionCountsRunes(t *testing.T) {
	src := NewSource("x.md", []byte("ab\nλμ x\n\nend"))
	cases := []struct{ offset, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1},
		{7, 2, 3}, // the space after "λμ": two 2-byte runes before it
		{8, 2, 4}, {9, 2, 5}, {10, 3, 1}, {11, 4, 1}, {14, 4, 4},
		{-5, 1, 1}, {99, 4, 4},
	}
	for _, c := range cases {
		if line, col := src.Position(c.offset); line != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.offset, line, col, c.line, c.col)
		}
	}
}

func TestListSortsAndFormats(t *testing.T) {
	var l List
	l.Errorf("b.md", 2, 1, "second file")
	l.Warnf("a.md", 10, 3, "a warning")
	l.Errorf("a.md", 2, 5, "later column")
	l.Errorf("a.md", 2, 1, "first")
	l.Add(Diagnostic{Path: "layouts", Msg: "no position"})
	want := []string{
		"a.md:2:1: first",
		"a.md:2:5: later column",
		"a.md:10:3: warning: a warning",
		"b.md:2:1: second file",
		"layouts: no position",
	}
	got := l.Items()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("item %d = %q, want %q", i, got[i].String(), want[i])
		}
	}
	if !l.HasErrors(false) {
		t.Error("HasErrors(false) = false with errors present")
	}
	var warnings List
	warnings.Warnf("a.md", 1, 1, "only a warning")
	if warnings.HasErrors(false) || !warnings.HasErrors(true) {
		t.Error("a warning must fail the build only when strict")
	}
}
