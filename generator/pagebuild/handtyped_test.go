package pagebuild

import (
	"reflect"
	"regexp"
	"testing"
)

var oldHandTyped = regexp.MustCompile(`(^|[^\w.:/\\-])-?(\d*\.\d+)`)

func FuzzHandTypedDiff(f *testing.F) {
	for _, s := range []string{"a 0.25 b", "-.5", "1.2.3", " --5.5", "x=0.123, y=-1.50;", "é0.333", "\xe2\x820.555", "v1.2 :0.3 /0.4 \\0.5", ".5.6 .7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want, got [][2]int
		for _, m := range oldHandTyped.FindAllStringSubmatchIndex(s, -1) {
			want = append(want, [2]int{m[4], m[5]})
		}
		handTypedDecimals(s, func(a, b int) { got = append(got, [2]int{a, b}) })
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q: regexp %v, scanner %v", s, want, got)
		}
	})
}
