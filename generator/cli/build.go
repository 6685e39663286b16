package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"paperlab/generator/diag"
	"paperlab/generator/gctune"
	"paperlab/generator/site"
	"paperlab/generator/source"
)

func runBuild(args []string, stdio Stdio) int {
	fs := newFlagSet("build", "build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--strict] [--no-cache] [--max-page-size BYTES]", `
Builds the site: reads DIR/content (Markdown labs) and DIR/layouts
(templates and static files) and writes the site to --out. The new site
replaces the old one only when every page built: on any error the previous
output is left untouched, every problem is printed as path:line:col: message,
and the exit status is 1. --out must be a new or empty folder or one that
paperlab build wrote before (it holds a .paperlab-output file); anything
else is refused. Ctrl-C stops the build and leaves the previous output.`, stdio)
	src := fs.String("src", ".", "source `DIR` holding content/ and layouts/")
	out := fs.String("out", "", "output `DIR` (default DIR/public)")
	baseURL := fs.String("base-url", os.Getenv("PAPERLAB_BASE_URL"), "`URL` the site is served from, e.g. https://example.org/labs/ (default $PAPERLAB_BASE_URL; none: the site works from any folder, without canonical links, sitemap or feed)")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	noCache := fs.Bool("no-cache", false, "recompute every directive instead of reading DIR/.paperlab-cache")
	maxPage := fs.Int64("max-page-size", source.DefaultMaxPageSize, "largest page, in `BYTES`, read from content/")
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
	if *maxPage <= 0 {
		fmt.Fprintf(stdio.Err, "paperlab build: --max-page-size %d: expected a positive number of bytes\n", *maxPage)
		return 2
	}
	// Ctrl-C or SIGTERM cancels the build: the new output folder is
	// removed and the previous one stays. A second signal kills at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	start := time.Now()
	tuneGC()
	res, err := site.Build(ctx, site.Config{Src: *src, Out: *out, BaseURL: base, Drafts: *drafts, Strict: *strict, NoCache: *noCache, MaxPageSize: *maxPage})
	printDiagnostics(stdio, *src, res.Diagnostics)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stdio.Err, "paperlab build: interrupted; the previous output was left as it was")
		} else if !errors.Is(err, site.ErrFailed) {
			fmt.Fprintf(stdio.Err, "paperlab build: %v\n", err)
		} else {
			fmt.Fprintf(stdio.Err, "paperlab build: failed with %s; the previous output was left as it was\n", failureSummary(res.Diagnostics, *strict))
		}
		return 1
	}
	target := *out
	if target == "" {
		target = filepath.Join(*src, "public")
	}
	warned := ""
	if len(res.Diagnostics) > 0 {
		warned = " (" + diag.Summary(res.Diagnostics) + ")"
	}
	if !res.Wrote {
		warned += " (nothing changed: the output was left as it was)"
	} else if res.Rendered < res.Pages {
		warned += fmt.Sprintf(" (%d rendered, the rest unchanged)", res.Rendered)
	}
	fmt.Fprintf(stdio.Out, "built %d pages into %s in %s%s\n", res.Pages, target, time.Since(start).Round(time.Millisecond), warned)
	return 0
}

// printDiagnostics prints every diagnostic with its source line, reading
// the lines of those made without one from the source folder.
func printDiagnostics(stdio Stdio, src string, ds []diag.Diagnostic) {
	files := map[string][]string{}
	read := func(path string, n int) (string, bool) {
		lines, ok := files[path]
		if !ok {
			b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(path)))
			if err == nil {
				lines = strings.Split(string(b), "\n")
			}
			files[path] = lines
		}
		if n < 1 || n > len(lines) {
			return "", false
		}
		return strings.TrimSuffix(lines[n-1], "\r"), true
	}
	diag.Print(stdio.Err, ds, read)
}

// failureSummary counts the problems of a failed build: "2 errors,
// 3 warnings"; when only warnings failed it under --strict, it says so.
func failureSummary(ds []diag.Diagnostic, strict bool) string {
	s := diag.Summary(ds)
	if e, w := diag.Counts(ds); e == 0 && w > 0 && strict {
		s += " (--strict treats warnings as errors)"
	}
	return s
}

// heapLimit is the soft limit of a build's heap (see tuneGC). It is well
// above the huge-page reserve the paperlab command makes as it starts
// (package hugeheap/startup), whose free pages count against it.
const heapLimit = 320 << 20

// heapBudget is what a build's heap goal is kept under (see tuneGC).
const heapBudget = 240 << 20

// tuneGC sets the garbage collector for a build, which allocates a lot and
// keeps little (pages are written as they render). Its target is 400 %
// (the collector runs a quarter as often as at the default 100 %) while
// the heap that survives a collection is small, and lowered after each
// collection so that the heap goal stays under 240 MiB (package gctune):
// at 10,000 labs, 86 MB survive and the target is about 180 %. A fixed
// 400 % took that heap to the soft limit of 320 MiB, where the runtime's
// scavenger releases pages that fault in again (twice the page faults,
// a third more CPU time); the limit stays, for what the budget cannot
// foresee. GOGC or GOMEMLIMIT in the environment disable this.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	gctune.Start(heapBudget, 100, 400)
	debug.SetMemoryLimit(heapLimit)
}
