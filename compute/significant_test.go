package compute

import (
	"strings"
	"testing"
)

func TestSignificant(t *testing.T) {
	x, _ := ParseVector([]string{"0", "1"})
	res, err := Softmax(SoftmaxRequest{X: x})
	if err != nil {
		t.Fatal(err)
	}
	// e/(1+e) and 1/(1+e), from Python's decimal module at 60 digits.
	for _, c := range []struct {
		sig  int
		want [2]string
	}{
		{40, [2]string{"0.2689414213699951207488407581781637256349", "0.7310585786300048792511592418218362743651"}},
		{5, [2]string{"0.26894", "0.73106"}},
		{1, [2]string{"0.3", "0.7"}},
	} {
		d, err := res.Significant("y", c.sig)
		if err != nil {
			t.Fatal(err)
		}
		if d.Values[0] != c.want[0] || d.Values[1] != c.want[1] {
			t.Errorf("Significant(y, %d) = %v, want %v", c.sig, d.Values, c.want)
		}
	}
	big, _ := ParseVector([]string{"0", "-1e6"})
	res, _ = Softmax(SoftmaxRequest{X: big})
	d, err := res.Significant("y", 40)
	if one := "1." + strings.Repeat("0", 39); err != nil || d.Values[0] != one || d.Values[1] != "0" {
		t.Errorf("Significant of [1, e^-1e6] = %v, %v; want [%s 0] (e^-1e6 is below TinyMagnitude)", d.Values, err, one)
	}
	if _, err := res.Significant("y", 0); err == nil {
		t.Error("Significant(y, 0): no error")
	}
}
