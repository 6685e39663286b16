package texmath

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// benchInput is one expression of a corpus file.
type benchInput struct {
	TeX     string `json:"tex"`
	Display bool   `json:"display"`
	Tier    string `json:"tier"`
}

// loadCorpus reads the expressions of a JSON Lines corpus file.
func loadCorpus(tb testing.TB, path string) []benchInput {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	var out []benchInput
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var in benchInput
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, in)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkCorpus converts every expression of the public corpus (when it
// is beside the checkout) and of testdata/extra.jsonl, and reports
// expressions per second. The target is at least 50,000 on one core.
func BenchmarkCorpus(b *testing.B) {
	inputs := loadCorpus(b, "testdata/extra.jsonl")
	if _, err := os.Stat(publicCorpus); err == nil {
		inputs = append(inputs, loadCorpus(b, publicCorpus)...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, in := range inputs {
			Convert(in.TeX, Options{Display: in.Display})
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "expr/s")
}
