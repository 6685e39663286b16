package hugeheap

import "testing"

func TestDisabledTHP(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1, disablethp=1", true},
		{"disablethp=0", false},
		{"disablethp=1,disablethp=0", false},
		{"xdisablethp=1", false},
	} {
		if got := disabledTHP(c.godebug); got != c.want {
			t.Errorf("disabledTHP(%q) = %t, want %t", c.godebug, got, c.want)
		}
	}
}
