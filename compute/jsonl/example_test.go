package jsonl_test

import (
	"os"
	"strings"

	"paperlab/compute/jsonl"
)

// One line in, one line out.
func ExampleServe() {
	in := `{"op":"softmax","x":[0,0,0,0],"digits":2}` + "\n" + `{"op":"softmax","x":[]}` + "\n"
	jsonl.Serve(strings.NewReader(in), os.Stdout)
	// Output:
	// {"ok":true,"result":{"decimal":{"y":["0.25","0.25","0.25","0.25"]},"y":[0.25,0.25,0.25,0.25]},"checks":[{"name":"weights_nonnegative","ok":true,"detail":"all 4 weights are ≥ 0"},{"name":"weights_sum_to_one","ok":true,"detail":"max over rows |Σⱼ αᵢⱼ − 1| = 0, bound 4(m+1)ε = 2.22e-15 (m = 4, ε = 2⁻⁵³)"},{"name":"masked_weights_zero","ok":true,"detail":"no mask: every query sees every key"},{"name":"exact_agreement","ok":true,"detail":"float64 results agree with the arbitrary-precision recomputation: max |float64 − exact| = 0, bound 1e-9·max(1, max |field|)"},{"name":"certified_decimals","ok":true,"detail":"4 numbers (y) are the exact results correctly rounded half to even to 2 places: the arbitrary-precision recomputation at 26 significant digits encloses each in an interval inside one rounding cell"}]}
	// {"ok":false,"error":"x: empty vector"}
}
