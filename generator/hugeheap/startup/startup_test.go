package startup_test

import (
	"os"
	"os/exec"
	"slices"
	"strconv"
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

// TestReserved checks that the reserve was made as this test binary
// started: /proc/self/smaps has mappings advised for huge pages (VmFlags
// "hg") of at least half of Size together (the heap in use may have split
// the reserve's), or, where the kernel has no transparent huge pages,
// hugeheap says so.
func TestReserved(t *testing.T) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Fatal("GOMEMLIMIT is set: no reserve is made; run the test without it")
	}
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	advised := 0 // kB
	size := 0
	for line := range strings.Lines(string(smaps)) {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 2 && fields[0] == "Size:":
			size, _ = strconv.Atoi(fields[1])
		case len(fields) >= 1 && fields[0] == "VmFlags:" && slices.Contains(fields[1:], "hg"):
			advised += size
		}
	}
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		if advised != 0 {
			t.Errorf("no transparent huge pages here (%v), yet %d kB are advised for them", err, advised)
		}
		return
	}
	if advised < startup.Size/2>>10 {
		t.Errorf("%d kB of mappings are advised for huge pages, want at least %d kB (half the reserve)", advised, startup.Size/2>>10)
	}
	if err := hugeheap.Reserve(startup.Size); err == nil {
		t.Error("a Reserve after the one made at start reported no error")
	}
}
