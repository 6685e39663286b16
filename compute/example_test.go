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

// Exact decimal inputs: 0.1 + 0.2 is 0.3, and the tie 0.125 rounds half
// to even.
func ExampleLinearMap() {
	x, _ := compute.ParseMatrix([][]string{{"0.1", "0.2"}, {"0.125", "0"}})
	w, _ := compute.ParseMatrix([][]string{{"1"}, {"1"}})
	res, err := compute.LinearMap(compute.LinearMapRequest{X: x, W: w})
	if err != nil {
		fmt.Println(err)
		return
	}
	y, _ := res.Decimal("y", 2)
	fmt.Println(y.Values, res.Y[0][0])
	// Output: [0.30 0.12] 0.30000000000000004
}

// Rank and membership are decided exactly (the second vector depends on
// the first, so it gets coefficient 0); the residual √2 is certified.
func ExampleSpan() {
	vs, _ := compute.ParseMatrix([][]string{{"1", "0", "0"}, {"2", "0", "0"}})
	t, _ := compute.ParseVector([]string{"3", "1", "1"})
	res, err := compute.Span(compute.SpanRequest{Vectors: vs, Target: t})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := res.Certify(4)
	fmt.Println(res.Rank, res.InSpan, c.Fields["coefficients"].Values, c.Fields["residual"].Values)
	// Output: 1 false [3.0000 0.0000] [1.4142]
}

// Certify gives every numeric field at once; Decimals.At picks one entry.
func ExampleSoftmax() {
	x, _ := compute.ParseVector([]string{"1000", "-1000", "1000"})
	res, err := compute.Softmax(compute.SoftmaxRequest{X: x})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := res.Certify(3)
	y1, _ := c.Fields["y"].At(1)
	fmt.Println(res.Y, y1, compute.EngineVersion)
	// Output: [0.5 0 0.5] 0.000 attention-engine/2
}
