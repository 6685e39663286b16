// Command paperlab builds paper labs into a static site, serves a live
// preview, and exposes its compute and math engines as JSON Lines filters.
package main

import (
	"os"

	"paperlab/generator/cli"
	// Before every other package is initialized: the heap on huge pages.
	_ "paperlab/generator/hugeheap/startup"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
