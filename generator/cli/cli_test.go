package cli

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" || os.Getenv(brokenChildEnv) == "1" {
		os.Exit(Main(os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
	}
	testscript.Main(m, map[string]func(){
		"paperlab": func() {
			os.Exit(Main(os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
		},
	})
}

// TestScripts runs every txtar script in testdata/script: each drives the
// real paperlab command and checks its output and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		Setup: func(env *testscript.Env) error {
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// append FILE TEXT [COUNT]: appends TEXT (with \n for a newline)
			// COUNT times to FILE, for inputs too big to keep in testdata.
			"append": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 || len(args) > 3 {
					ts.Fatalf("usage: append FILE TEXT [COUNT]")
				}
				n := 1
				if len(args) == 3 {
					var err error
					if n, err = strconv.Atoi(args[2]); err != nil {
						ts.Fatalf("append: count %q: %v", args[2], err)
					}
				}
				f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
				ts.Check(err)
				_, err = f.WriteString(strings.Repeat(strings.ReplaceAll(args[1], `\n`, "\n"), n))
				ts.Check(err)
				ts.Check(f.Close())
			},
		},
	})
}
