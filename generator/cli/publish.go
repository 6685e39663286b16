package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"paperlab/generator/publish"
)

func runPublish(args []string, stdio Stdio) int {
	fs := newFlagSet("publish", "publish [--src DIR] [--remote origin] [--branch gh-pages] [--base-url URL] [--cname DOMAIN] [--message MSG] [--dry-run]", `
Publishes the site to a branch of the source repository (gh-pages, for
GitHub Pages): builds it into a temporary folder, checks it as paperlab
check does (and refuses to go on when anything is broken), commits the
output plus .nojekyll (and CNAME with --cname) as the whole tree of the
branch, on top of the branch's previous commit, and pushes the branch.
Your working tree, index, stash and current branch are not touched; a
work tree with uncommitted changes can be published, and the commit then
says so. When the branch already holds exactly this site nothing is
committed.`, stdio)
	src := fs.String("src", ".", "source `DIR` holding content/ and layouts/, inside a git work tree")
	remote := fs.String("remote", "origin", "git `REMOTE` to push to")
	branch := fs.String("branch", "gh-pages", "`BRANCH` that receives the site")
	baseURL := fs.String("base-url", os.Getenv("PAPERLAB_BASE_URL"), "`URL` the site is served from, e.g. https://user.github.io/labs/ (default $PAPERLAB_BASE_URL, or https://DOMAIN/ with --cname)")
	cname := fs.String("cname", "", "custom `DOMAIN` for GitHub Pages, written to CNAME")
	message := fs.String("message", "", "first line of the publish commit's `MSG` (default: Publish site from <source commit>)")
	dryRun := fs.Bool("dry-run", false, "build, check and show what would be committed, without committing or pushing")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	noCache := fs.Bool("no-cache", false, "recompute every directive")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "paperlab publish: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	res, err := publish.Publish(context.Background(), publish.Options{
		Src: *src, Remote: *remote, Branch: *branch, BaseURL: *baseURL, CNAME: *cname,
		Message: *message, DryRun: *dryRun, Strict: *strict, NoCache: *noCache, Log: stdio.Out,
	})
	printDiagnostics(stdio, *src, res.Build.Diagnostics)
	switch {
	case errors.Is(err, publish.ErrBuildFailed):
		fmt.Fprintf(stdio.Err, "paperlab publish: the build failed with %s; nothing was published\n", failureSummary(res.Build.Diagnostics, *strict))
		return 1
	case errors.Is(err, publish.ErrCheckFailed):
		for _, p := range res.Check.Problems {
			fmt.Fprintln(stdio.Err, p.String())
		}
		fmt.Fprintf(stdio.Err, "paperlab publish: refusing to publish: the check of the built site found %s; nothing was committed or pushed\n", plural(len(res.Check.Problems), "problem"))
		return 1
	case err != nil:
		fmt.Fprintf(stdio.Err, "paperlab publish: %v\n", err)
		return 1
	}
	return 0
}
