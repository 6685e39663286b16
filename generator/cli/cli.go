// Package cli is the paperlab command line: it parses arguments, runs one
// subcommand and returns the exit status. main.go only calls Main.
package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Version is the paperlab release this build reports.
const Version = "0.1.0"

// Stdio holds the streams a subcommand reads and writes.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// command is one subcommand: a one-line summary and the function that runs it.
type command struct {
	summary string
	run     func(args []string, io Stdio) int
}

// commands lists every subcommand by name. Each subcommand lives in a file
// of its own named after it.
func commands() map[string]command {
	return map[string]command{
		"build":   {"build the site into public/", runBuild},
		"check":   {"check a built site's links, fragments and files, offline", runCheck},
		"publish": {"build, check, commit the site to a branch (gh-pages) and push it", runPublish},
		"compute": {"evaluate attention-engine requests given as JSON Lines on stdin", runCompute},
		"serve":   {"preview the site with live reload", runServe},
		"version": {"print the paperlab version", runVersion},
		"math":    {"convert TeX given as JSON Lines on stdin to MathML", runMath},
	}
}

// Main runs the command line args (without the program name) and returns
// the process exit status: 0 on success, 1 when the work failed, 2 on
// wrong usage.
func Main(args []string, stdio Stdio) int {
	cmds := commands()
	if len(args) == 0 {
		usage(stdio.Err, cmds)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		usage(stdio.Out, cmds)
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stdio.Err, "paperlab: unknown command %q\n\n", name)
		usage(stdio.Err, cmds)
		return 2
	}
	return cmd.run(args[1:], stdio)
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "paperlab builds paper labs: Markdown pages about research papers whose")
	fmt.Fprintln(w, "numbers are computed and verified at build time.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  paperlab <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'paperlab <command> --help' for the flags of one command.")
}

// newFlagSet returns a flag set that prints its usage to stdio.Err under a
// heading naming the command and what it does.
func newFlagSet(name, synopsis, about string, stdio Stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: paperlab %s\n\n%s\n", synopsis, strings.TrimSpace(about))
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args into fs. It reports whether the command should go
// on, and the exit status to return when it should not (0 after --help).
func parseFlags(fs *flag.FlagSet, args []string) (status int, ok bool) {
	fs.SetOutput(fs.Output())
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

func runVersion(args []string, stdio Stdio) int {
	fs := newFlagSet("version", "version", "Prints the paperlab version.", stdio)
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	fmt.Fprintf(stdio.Out, "paperlab %s\n", Version)
	return 0
}
