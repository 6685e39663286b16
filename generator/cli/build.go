package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"paperlab/generator/diag"
	"paperlab/generator/site"
)

func runBuild(args []string, stdio Stdio) int {
	fs := newFlagSet("build", "build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--strict] [--no-cache]", `
Builds the site: reads DIR/content (Markdown labs) and DIR/layouts
(templates and static files) and writes the site to --out. The new site
replaces the old one only when every page built: on any error the previous
output is left untouched, every problem is printed as path:line:col: message,
and the exit status is 1.`, stdio)
	src := fs.String("src", ".", "source `DIR` holding content/ and layouts/")
	out := fs.String("out", "", "output `DIR` (default DIR/public)")
	baseURL := fs.String("base-url", os.Getenv("PAPERLAB_BASE_URL"), "`URL` the site is served from, e.g. https://example.org/labs/ (default $PAPERLAB_BASE_URL; none: the site works from any folder, without canonical links, sitemap or feed)")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	noCache := fs.Bool("no-cache", false, "recompute every directive instead of reading DIR/.paperlab-cache")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "paperlab build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	base, err := site.NormalizeBaseURL(*baseURL)
	if err != nil {
		fmt.Fprintf(stdio.Err, "paperlab build: --base-url: %v\n", err)
		return 2
	}
	start := time.Now()
	res, err := site.Build(context.Background(), site.Config{Src: *src, Out: *out, BaseURL: base, Drafts: *drafts, Strict: *strict, NoCache: *noCache})
	printDiagnostics(stdio, res.Diagnostics)
	if err != nil {
		if !errors.Is(err, site.ErrFailed) {
			fmt.Fprintf(stdio.Err, "paperlab build: %v\n", err)
		} else {
			fmt.Fprintf(stdio.Err, "paperlab build: failed with %s; the previous output was left as it was\n", countErrors(res.Diagnostics, *strict))
		}
		return 1
	}
	target := *out
	if target == "" {
		target = filepath.Join(*src, "public")
	}
	fmt.Fprintf(stdio.Out, "built %d pages into %s in %s\n", res.Pages, target, time.Since(start).Round(time.Millisecond))
	return 0
}

func printDiagnostics(stdio Stdio, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(stdio.Err, d.String())
	}
}

func countErrors(ds []diag.Diagnostic, strict bool) string {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error || strict {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
