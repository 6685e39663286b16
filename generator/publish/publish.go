// Package publish builds the site, checks it, and commits the output as
// the whole tree of a branch (gh-pages by default) of the source's git
// repository, then pushes that branch. It works with git plumbing only
// (hash-object, update-index into a private index, write-tree,
// commit-tree, update-ref, push), so the user's working tree, index,
// stash and current branch are never touched.
package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"paperlab/generator/linkcheck"
	"paperlab/generator/site"
)

// Options says what to publish where.
type Options struct {
	Src     string // source folder, inside a git work tree
	Remote  string // remote name, default "origin"
	Branch  string // target branch, default "gh-pages"
	BaseURL string // where the site is served; empty: https://CNAME/ with CNAME, else none
	CNAME   string // custom domain written to CNAME, if any
	Message string // subject of the publish commit; default names the source commit
	DryRun  bool   // build, check and compute the tree, but commit and push nothing
	Strict  bool   // warnings fail the build
	NoCache bool   // recompute every directive
	// Log receives one line per step; nil discards them.
	Log io.Writer
}

// Result describes a publish.
type Result struct {
	Build  site.Result
	Check  linkcheck.Report
	Tree   string // the site's tree object
	Parent string // the branch tip the commit builds on, "" for the first
	Commit string // the new commit; "" when nothing changed or on a dry run
	// Unchanged is true when the branch already held exactly this tree.
	Unchanged bool
	Pushed    bool
	Source    string // the source commit
	Dirty     bool   // the work tree had uncommitted changes
}

// Errors that need no more explanation than the diagnostics or report that
// come with them.
var (
	ErrBuildFailed = errors.New("the build failed")
	ErrCheckFailed = errors.New("the check of the built site failed")
)

var hostname = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// Publish builds, checks, commits and pushes the site.
func Publish(ctx context.Context, opt Options) (Result, error) {
	var res Result
	if opt.Remote == "" {
		opt.Remote = "origin"
	}
	if opt.Branch == "" {
		opt.Branch = "gh-pages"
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.CNAME != "" && !hostname.MatchString(opt.CNAME) {
		return res, fmt.Errorf("--cname %q: expected a domain name such as labs.example.org (no scheme, no path)", opt.CNAME)
	}
	base := opt.BaseURL
	if base == "" && opt.CNAME != "" {
		base = "https://" + opt.CNAME + "/"
	}
	base, err := site.NormalizeBaseURL(base)
	if err != nil {
		return res, err
	}

	src, err := filepath.Abs(opt.Src)
	if err != nil {
		return res, err
	}
	g := &git{ctx: ctx, dir: src}
	top, err := g.run(nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return res, fmt.Errorf("%s is not inside a git repository (publish commits the site to a branch of the repository holding the sources): %w", opt.Src, err)
	}
	g.dir = top
	if err := checkBranchName(g, opt.Branch); err != nil {
		return res, err
	}
	if res.Source, err = g.revParse("HEAD^{commit}"); err != nil {
		return res, err
	} else if res.Source == "" {
		return res, fmt.Errorf("the repository %s has no commits yet: commit your sources first, so that each publish can name the commit it was built from", top)
	}
	if cur, _ := g.run(nil, "symbolic-ref", "--quiet", "HEAD"); cur == "refs/heads/"+opt.Branch {
		return res, fmt.Errorf("the current branch is %s, the branch the site is published to: switch to your source branch first", opt.Branch)
	}
	remoteURL, err := g.run(nil, "remote", "get-url", opt.Remote)
	if err != nil {
		remoteURL = ""
		if !opt.DryRun {
			return res, fmt.Errorf("no git remote named %q: add one (git remote add %s URL) or name another with --remote", opt.Remote, opt.Remote)
		}
		fmt.Fprintf(opt.Log, "note: no git remote named %q; a real publish would fail\n", opt.Remote)
	}
	if base == "" {
		hint := "--base-url https://HOST/PATH/"
		if u := githubPagesURL(remoteURL); u != "" {
			hint = "--base-url " + u
		}
		fmt.Fprintf(opt.Log, "note: no base URL: the site works from any folder but has no canonical links, sitemap or feed (pass %s)\n", hint)
	}
	status, err := g.run(nil, "--no-optional-locks", "status", "--porcelain", "--untracked-files=normal")
	if err != nil {
		return res, err
	}
	res.Dirty = status != ""

	ref := "refs/heads/" + opt.Branch
	local, err := g.revParse(ref + "^{commit}")
	if err != nil {
		return res, err
	}
	remoteTip := ""
	if remoteURL != "" {
		if remoteTip, err = lsRemote(g, opt.Remote, ref); err != nil {
			return res, err
		}
		if remoteTip != "" {
			if have, _ := g.ok("cat-file", "-e", remoteTip+"^{commit}"); !have {
				if opt.DryRun {
					fmt.Fprintf(opt.Log, "note: %s/%s is not fetched; a dry run does not fetch it\n", opt.Remote, opt.Branch)
					remoteTip = ""
				} else if _, err := g.run(nil, "fetch", "--no-tags", "--quiet", opt.Remote, "+"+ref+":refs/remotes/"+opt.Remote+"/"+opt.Branch); err != nil {
					return res, fmt.Errorf("cannot fetch %s from %s: %w", opt.Branch, opt.Remote, err)
				}
			}
		}
	}
	tmp, err := os.MkdirTemp("", "paperlab-publish-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")
	cfg := site.Config{Src: src, Out: out, BaseURL: base, Strict: opt.Strict, NoCache: opt.NoCache || !cacheAllowed(g, src)}
	res.Build, err = site.Build(ctx, cfg)
	if err != nil {
		if errors.Is(err, site.ErrFailed) {
			return res, ErrBuildFailed
		}
		return res, err
	}
	fmt.Fprintf(opt.Log, "built %d pages (base URL %s)\n", res.Build.Pages, orNone(base))
	res.Check, err = linkcheck.Check(out, linkcheck.Options{BaseURL: base})
	if err != nil {
		return res, err
	}
	if len(res.Check.Problems) > 0 {
		return res, ErrCheckFailed
	}
	fmt.Fprintf(opt.Log, "checked %d pages: %d internal links resolve, %d external links not fetched\n", res.Check.Pages, res.Check.Links, len(res.Check.External))

	if err := os.WriteFile(filepath.Join(out, ".nojekyll"), nil, 0o644); err != nil {
		return res, err
	}
	if opt.CNAME != "" {
		if err := os.WriteFile(filepath.Join(out, "CNAME"), []byte(opt.CNAME+"\n"), 0o644); err != nil {
			return res, err
		}
	}
	if res.Tree, err = writeTree(g, out, filepath.Join(tmp, "index"), !opt.DryRun); err != nil {
		return res, err
	}

	if res.Parent, err = pickParent(g, local, remoteTip, opt); err != nil {
		return res, err
	}
	if res.Parent != "" {
		parentTree, err := g.run(nil, "rev-parse", res.Parent+"^{tree}")
		if err != nil {
			return res, err
		}
		if parentTree == res.Tree {
			res.Unchanged = true
			fmt.Fprintf(opt.Log, "nothing to publish: %s already holds this site (commit %s)\n", opt.Branch, short(res.Parent))
			if opt.DryRun || remoteTip == res.Parent || remoteURL == "" {
				return res, nil
			}
			// The branch is ahead of the remote (an earlier push failed): push it.
			if err := g.push(opt, ref, local, local); err != nil {
				return res, err
			}
			res.Pushed = true
			fmt.Fprintf(opt.Log, "pushed %s to %s (%s)\n", opt.Branch, opt.Remote, remoteURL)
			return res, nil
		}
	}
	msg := commitMessage(opt, res, base)
	if opt.DryRun {
		fmt.Fprintf(opt.Log, "dry run: would commit tree %s on %s (parent %s) and push it to %s\n", short(res.Tree), opt.Branch, orNone(short(res.Parent)), orNone(opt.Remote))
		return res, nil
	}
	args := []string{"commit-tree", res.Tree}
	if res.Parent != "" {
		args = append(args, "-p", res.Parent)
	}
	commit, err := g.run([]byte(msg), append(args, "-F", "-")...)
	if err != nil {
		if strings.Contains(err.Error(), "identity") || strings.Contains(err.Error(), "user.email") {
			return res, fmt.Errorf("git needs your name and email for the publish commit: git config user.name \"Your Name\"; git config user.email you@example.org (%w)", err)
		}
		return res, err
	}
	res.Commit = commit
	if err := g.updateRef(ref, commit, local); err != nil {
		return res, err
	}
	fmt.Fprintf(opt.Log, "committed %s on %s: %s\n", short(commit), opt.Branch, firstLine(msg))
	if err := g.push(opt, ref, commit, local); err != nil {
		return res, err
	}
	res.Pushed = true
	fmt.Fprintf(opt.Log, "pushed %s to %s (%s)\n", opt.Branch, opt.Remote, remoteURL)
	return res, nil
}

// checkBranchName refuses names git would not take as a branch.
func checkBranchName(g *git, branch string) error {
	if ok, err := g.ok("check-ref-format", "--branch", branch); err != nil {
		return err
	} else if !ok || strings.HasPrefix(branch, "-") {
		return fmt.Errorf("--branch %q is not a valid branch name", branch)
	}
	return nil
}

// cacheAllowed reports whether the build may use src/.paperlab-cache:
// when it exists already or git ignores it, so that writing it changes
// nothing the user would see in git status.
func cacheAllowed(g *git, src string) bool {
	dir := filepath.Join(src, ".paperlab-cache")
	if _, err := os.Stat(dir); err == nil {
		return true
	}
	ignored, _ := g.ok("check-ignore", "--quiet", "--no-index", dir)
	return ignored
}

// lsRemote returns the remote's commit for ref, or "" when it has none.
func lsRemote(g *git, remote, ref string) (string, error) {
	out, err := g.run(nil, "ls-remote", "--quiet", remote, ref)
	if err != nil {
		return "", fmt.Errorf("cannot reach the remote %s: %w", remote, err)
	}
	for _, line := range strings.Split(out, "\n") {
		if sha, name, ok := strings.Cut(line, "\t"); ok && name == ref {
			return sha, nil
		}
	}
	return "", nil
}

// pickParent chooses the commit the publish builds on: the newer of the
// local branch and the remote's, which must not have diverged.
func pickParent(g *git, local, remote string, opt Options) (string, error) {
	switch {
	case local == "" || local == remote:
		return remote, nil
	case remote == "":
		return local, nil
	}
	if ok, _ := g.ok("merge-base", "--is-ancestor", local, remote); ok {
		return remote, nil
	}
	if ok, _ := g.ok("merge-base", "--is-ancestor", remote, local); ok {
		return local, nil
	}
	return "", fmt.Errorf("the local branch %s and %s/%s have diverged: reset the local one to the remote's (git branch -f %s %s/%s) and publish again", opt.Branch, opt.Remote, opt.Branch, opt.Branch, opt.Remote, opt.Branch)
}

// writeTree stores every file of dir as a blob and returns the tree that
// holds them all, built in a private index file.
func writeTree(g *git, dir, index string, write bool) (string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		} else if !d.IsDir() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	var paths bytes.Buffer
	for _, n := range names {
		if strings.ContainsAny(n, "\n\r") {
			return "", fmt.Errorf("the built site has a file whose name holds a line break: %q", n)
		}
		paths.WriteString(filepath.Join(dir, filepath.FromSlash(n)) + "\n")
	}
	args := []string{"hash-object", "--no-filters", "--stdin-paths"}
	if write {
		args = append(args, "-w")
	}
	out, err := g.run(paths.Bytes(), args...)
	if err != nil {
		return "", err
	}
	shas := strings.Fields(out)
	if len(shas) != len(names) {
		return "", fmt.Errorf("git hash-object returned %d object names for %d files", len(shas), len(names))
	}
	var info bytes.Buffer
	for i, n := range names {
		fmt.Fprintf(&info, "100644 %s\t%s\x00", shas[i], n)
	}
	gi := g.with("GIT_INDEX_FILE=" + index)
	if _, err := gi.run(info.Bytes(), "update-index", "--add", "-z", "--index-info"); err != nil {
		return "", err
	}
	wt := []string{"write-tree"}
	if !write {
		wt = append(wt, "--missing-ok")
	}
	return gi.run(nil, wt...)
}

// updateRef moves ref from old ("" for none) to commit.
func (g *git) updateRef(ref, commit, old string) error {
	if old == "" {
		old = strings.Repeat("0", len(commit))
	}
	_, err := g.run(nil, "update-ref", "-m", "paperlab publish", ref, commit, old)
	return err
}

// push pushes ref to the remote; when the push fails, the local branch
// goes back to where it was (old, or deleted when it did not exist), so
// that the next publish starts again from the remote's branch.
func (g *git) push(opt Options, ref, commit, old string) error {
	_, err := g.run(nil, "push", "--quiet", opt.Remote, ref+":"+ref)
	if err == nil {
		return nil
	}
	if old != commit {
		if old == "" {
			g.run(nil, "update-ref", "-d", ref, commit)
		} else {
			g.run(nil, "update-ref", ref, old, commit)
		}
	}
	return fmt.Errorf("push of %s to %s was rejected or failed; nothing was published (%w)", opt.Branch, opt.Remote, err)
}

// commitMessage names the source commit, marked dirty when the work tree
// had uncommitted changes.
func commitMessage(opt Options, res Result, base string) string {
	src := short(res.Source)
	if res.Dirty {
		src += "-dirty"
	}
	subject := opt.Message
	if subject == "" {
		subject = "Publish site from " + src
	}
	var b strings.Builder
	b.WriteString(strings.TrimSpace(subject) + "\n\n")
	b.WriteString("Source commit: " + res.Source)
	if res.Dirty {
		b.WriteString(" (dirty: the work tree had uncommitted changes)")
	}
	b.WriteString("\n")
	if base != "" {
		b.WriteString("Base URL: " + base + "\n")
	}
	if opt.CNAME != "" {
		b.WriteString("CNAME: " + opt.CNAME + "\n")
	}
	b.WriteString("Built by paperlab publish.\n")
	return b.String()
}

// githubRemote matches the GitHub remote URLs git accepts.
var githubRemote = regexp.MustCompile(`^(?:https://github\.com/|ssh://git@github\.com/|git@github\.com:)([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$`)

// githubPagesURL is where GitHub Pages serves the repository behind a
// GitHub remote URL, or "" for another host.
func githubPagesURL(remote string) string {
	m := githubRemote.FindStringSubmatch(remote)
	if m == nil {
		return ""
	}
	owner, repo := strings.ToLower(m[1]), m[2]
	if strings.EqualFold(repo, owner+".github.io") {
		return "https://" + owner + ".github.io/"
	}
	return "https://" + owner + ".github.io/" + repo + "/"
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
