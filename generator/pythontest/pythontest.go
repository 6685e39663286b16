// Package pythontest finds a Python 3 with NumPy for tests that run the
// generated reproduce.py scripts. Without one a test is skipped, except in
// CI (CI=true), where a missing Python or NumPy fails it (.ci/run installs
// Debian's python3-numpy).
package pythontest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Find returns the path of a python3 that can import numpy, or "".
// It tries python3 on PATH first, then Debian's /usr/bin/python3 (a
// pyenv or virtualenv python3 on PATH may lack NumPy).
func Find() string {
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if exec.Command(p, "-c", "import numpy").Run() == nil {
			return p
		}
	}
	return ""
}

// Python returns a python3 with NumPy, or skips (fails in CI) the test.
func Python(tb testing.TB) string {
	tb.Helper()
	p := Find()
	if p == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no python3 with numpy found: CI must run the reproduce.py scripts (.ci/run installs python3-numpy)")
		}
		tb.Skip("no python3 with numpy found; install python3-numpy to run the reproduce.py scripts")
	}
	return p
}

// Run runs a script with python in dir and returns its combined output
// and exit code (−1 when it could not start).
func Run(tb testing.TB, python, dir, script string) (string, int) {
	tb.Helper()
	cmd := exec.Command(python, script)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), ee.ExitCode()
		}
		tb.Fatalf("running %s: %v", script, err)
		return out.String(), -1
	}
	return out.String(), 0
}
