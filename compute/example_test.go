package compute_test

import (
	"fmt"

	"paperlab/compute"
)

// The seed example: one query, three keys, default scale 1/√3.
func ExampleAttention() {
	q, _ := compute.ParseMatrix([][]string{{"1", "0", "1"}})
	k, _ := compute.ParseMatrix([][]string{{"1", "0", "0"}, {"0", "1", "0"}, {"1", "1", "1"}})
	v, _ := compute.ParseMatrix([][]string{{"2", "0"}, {"0", "2"}, {"1", "1"}})
	res, err := compute.Attention(compute.AttentionRequest{Q: q, K: k, V: v})
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := res.Decimal("weights", 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w.Values)
	out, _ := res.Decimal("output", 6)
	fmt.Println(out.Values)
	// Output:
	// [0.2992 0.1679 0.5329]
	// [1.131216 0.868784]
}
