package texmath

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds the public conformance corpus (TeX with Temml 0.13.5
// references) and its scorer, copied into the repository so that a clone
// needs nothing beside it.
const corpusDir = "testdata/corpus"

var publicCorpus = corpusDir + "/public.jsonl"

// converterEnv makes the test binary act as a JSON Lines converter (the
// protocol of paperlab math), so that the scorer can run this package's
// code without building the whole program.
const converterEnv = "TEXMATH_TEST_CONVERTER"

func TestMain(m *testing.M) {
	if os.Getenv(converterEnv) == "1" {
		if err := serveJSONLines(os.Stdin, os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveJSONLines converts {"tex","display"} lines to {"mathml"} or
// {"error"} lines.
func serveJSONLines(r io.Reader, w io.Writer) error {
	in := bufio.NewReader(r)
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var req benchInput
			res := map[string]string{}
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				res["error"] = jerr.Error()
			} else if mathml, cerr := Convert(req.TeX, Options{Display: req.Display}); cerr != nil {
				res["error"] = cerr.Error()
			} else {
				res["mathml"] = mathml
			}
			if err := enc.Encode(res); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return out.Flush()
		}
		if err != nil {
			return err
		}
	}
}

var scoreLine = regexp.MustCompile(`math: (\d+)/(\d+) structure, (\d+)/(\d+) leaves, (\d+)/(\d+) invalid rejected`)

// TestCorpus runs the corpus scorer (testdata/corpus/compare.mjs) over
// the public corpus and over testdata/extra.jsonl (TeX beyond the corpus,
// with references made by Temml 0.13.5) and requires at least 98%
// structure matches, all leaves matching and every invalid input
// rejected. It never skips: the scorer needs Node.js 18 or later, and a
// machine without it fails the test.
func TestCorpus(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("the TeX corpus scorer needs Node.js 18 or later on PATH (Debian: apt-get install nodejs): %v", err)
	}
	script := corpusDir + "/compare.mjs"
	for _, f := range []string{script, publicCorpus, corpusDir + "/public-ref.jsonl"} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("corpus file missing from the repository: %v", err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := converterEnv + "=1 '" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
	for _, c := range []struct{ corpus, ref string }{
		{publicCorpus, corpusDir + "/public-ref.jsonl"},
		{"testdata/extra.jsonl", "testdata/extra-ref.jsonl"},
	} {
		out, err := exec.Command(node, script, "--cmd", cmd, "--corpus", c.corpus, "--ref", c.ref, "--verbose").CombinedOutput()
		if err != nil {
			t.Fatalf("compare.mjs on %s: %v\n%s", c.corpus, err, out)
		}
		m := scoreLine.FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("compare.mjs on %s: no score line in\n%s", c.corpus, out)
		}
		n := make([]int, 6)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		structure, valid, leaves, rejected, invalid := n[0], n[1], n[2], n[4], n[5]
		t.Logf("%s: %s", c.corpus, m[0])
		if valid == 0 || float64(structure) < 0.98*float64(valid) || leaves != valid || rejected != invalid {
			t.Errorf("%s: %s; want >= 98%% structure, all leaves, all invalid rejected\n%s", c.corpus, m[0], out)
		}
	}
}
