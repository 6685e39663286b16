package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"paperlab/generator/linkcheck"
	"paperlab/generator/site"
)

func runCheck(args []string, stdio Stdio) int {
	fs := newFlagSet("check", "check [--src DIR] [--out DIR] [--base-url URL]", `
Checks a built site offline: every internal link, image, stylesheet and
other reference names a file that exists, every #fragment names an id on
its page, and every page can be reached by links from the home page. The
sitemap and feed must point into the site. External links are listed,
never fetched. Problems are printed as path:line:col: message and the exit
status is 1. Run it after paperlab build.`, stdio)
	src := fs.String("src", ".", "source `DIR` (the site is read from DIR/public unless --out is given)")
	out := fs.String("out", "", "built site `DIR` (default DIR/public)")
	baseURL := fs.String("base-url", os.Getenv("PAPERLAB_BASE_URL"), "`URL` the site was built for (default $PAPERLAB_BASE_URL, else the home page's canonical link)")
	quiet := fs.Bool("quiet", false, "do not list external links")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "paperlab check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	base, err := site.NormalizeBaseURL(*baseURL)
	if err != nil {
		fmt.Fprintf(stdio.Err, "paperlab check: --base-url: %v\n", err)
		return 2
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*src, "public")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stdio.Err, "paperlab check: %s: no built site there (run paperlab build first)\n", dir)
		return 1
	}
	rep, err := linkcheck.Check(dir, linkcheck.Options{BaseURL: base})
	if err != nil {
		fmt.Fprintf(stdio.Err, "paperlab check: %v\n", err)
		return 1
	}
	return reportCheck(stdio, dir, rep, *quiet)
}

// reportCheck prints a check's result and returns the exit status.
func reportCheck(stdio Stdio, dir string, rep linkcheck.Report, quiet bool) int {
	if !quiet && len(rep.External) > 0 {
		fmt.Fprintf(stdio.Out, "%d external links (listed, not fetched):\n", len(rep.External))
		for _, e := range rep.External {
			more := ""
			if len(e.Where) > 1 {
				more = fmt.Sprintf(" and %d more", len(e.Where)-1)
			}
			fmt.Fprintf(stdio.Out, "  %s  (%s%s)\n", e.URL, e.Where[0], more)
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdio.Err, p.String())
	}
	if n := len(rep.Problems); n > 0 {
		fmt.Fprintf(stdio.Err, "paperlab check: %s in %s\n", plural(n, "problem"), dir)
		return 1
	}
	fmt.Fprintf(stdio.Out, "checked %s in %s: %s resolve, no page is orphaned\n",
		plural(rep.Pages, "page"), dir, plural(rep.Links, "internal link"))
	return 0
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
