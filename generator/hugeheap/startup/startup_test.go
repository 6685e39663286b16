package startup_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"paperlab/generator/hugeheap"
	"paperlab/generator/hugeheap/startup"

	// The packages of the paperlab command whose init functions allocate
	// most: the reserve must be made before them.
	_ "github.com/alecthomas/chroma/v2/lexers"
	_ "github.com/cockroachdb/apd/v3"
	_ "github.com/yuin/goldmark/extension"
)

// TestInitializedFirst runs this test binary again with the runtime's
// trace of package initialization and checks that package startup is
// initialized before every package outside the standard library: Go
// initializes, in import path order, the first package whose imports are
// all initialized, so a new import of startup or hugeheap (package strings
// is enough) can delay it past the packages it is there to precede.
func TestInitializedFirst(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	const self = "paperlab/generator/hugeheap/startup"
	var before []string
	found := false
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) < 2 || fields[0] != "init" {
			continue
		}
		pkg := fields[1]
		if pkg == self {
			found = true
			break
		}
		if first, _, _ := strings.Cut(pkg, "/"); strings.Contains(first, ".") || first == "paperlab" {
			before = append(before, pkg)
		}
	}
	if !found {
		t.Fatalf("the trace of initialization names no %s:\n%s", self, out)
	}
	if len(before) > 0 {
		t.Errorf("%s is initialized after %s", self, strings.Join(before, ", "))
	}
}

// TestReserved checks that the reserve was made: the heap has at least
// Size bytes of free pages (or, where the system has no huge pages, that
// hugeheap says why not).
func TestReserved(t *testing.T) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set: no reserve is made")
	}
	if err := hugeheap.Reserve(startup.Size); err == nil {
		t.Error("a Reserve after the one made at start reported no error: the heap had no reserve's free pages")
	}
}
