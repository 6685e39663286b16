package publish

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"paperlab/generator/site"
)

// isolateGit keeps the tests away from the user's git configuration and
// gives commits an identity.
func isolateGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
	t.Setenv("PAPERLAB_BASE_URL", "")
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// files are a small site; the repository's real layouts are added.
var siteFiles = map[string]string{
	"content/_index.md": "---\ntitle: Test Labs\nsummary: Labs for tests.\n---\nWelcome.\n",
	"content/labs/one.md": "---\ntitle: One & <Only>\nsummary: The \"first\" lab.\nmodified: 2026-04-20\nkeywords: [vectors]\n---\n" +
		"## Start\n\nSee [two](two.md#more) and the figure:\n\n![a plot](one/plot.svg)\n",
	"content/labs/one/plot.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`,
	"content/labs/two.md":       "---\ntitle: Two\nmodified: 2026-04-21\nafter: [one]\n---\n## More\n\nBack to [one](one.md).\n",
	".gitignore":                "/public/\n",
}

// newRepo makes a source repository with one commit and a bare remote
// named origin; it returns the work tree and the remote.
func newRepo(t *testing.T) (string, string) {
	t.Helper()
	isolateGit(t)
	root := t.TempDir()
	remote := filepath.Join(root, "remote.git")
	gitIn(t, root, "init", "--quiet", "--bare", remote)
	src := filepath.Join(root, "src")
	gitIn(t, root, "init", "--quiet", "-b", "main", src)
	for n, c := range siteFiles {
		write(t, filepath.Join(src, n), c)
	}
	copyDir(t, filepath.Join("..", "..", "layouts"), filepath.Join(src, "layouts"))
	gitIn(t, src, "add", "-A")
	gitIn(t, src, "commit", "--quiet", "-m", "sources")
	gitIn(t, src, "remote", "add", "origin", remote)
	return src, remote
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot reads every file below dir (the .git folder's objects and logs
// aside) so that a test can tell that nothing changed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && (rel == ".git/objects" || rel == ".git/logs" || rel == ".git/refs/remotes"):
			return fs.SkipDir
		case d.IsDir():
			return nil
		case rel == ".git/FETCH_HEAD", rel == ".git/refs/heads/gh-pages":
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffSnapshots(t *testing.T, before, after map[string]string) {
	t.Helper()
	for n, b := range before {
		if a, ok := after[n]; !ok {
			t.Errorf("%s was removed", n)
		} else if a != b {
			t.Errorf("%s changed", n)
		}
	}
	for n := range after {
		if _, ok := before[n]; !ok {
			t.Errorf("%s was created", n)
		}
	}
}

// branchFiles reads the whole tree of a commit-ish in repo.
func branchFiles(t *testing.T, repo, rev string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range strings.Split(gitIn(t, repo, "ls-tree", "-r", "--name-only", rev), "\n") {
		out[n] = gitIn(t, repo, "cat-file", "blob", rev+":"+n)
	}
	return out
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = strings.TrimSpace(string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPublishTwiceKeepsHistoryAndLeavesTheWorkTreeAlone(t *testing.T) {
	src, remote := newRepo(t)
	ctx := context.Background()
	head := gitIn(t, src, "rev-parse", "HEAD")
	before := snapshot(t, src)

	res, err := Publish(ctx, Options{Src: src, BaseURL: "https://example.org/labs/"})
	if err != nil {
		t.Fatalf("publish: %v\n%v", err, res.Check.Problems)
	}
	if !res.Pushed || res.Commit == "" || res.Parent != "" || res.Unchanged {
		t.Fatalf("first publish: %+v", res)
	}
	diffSnapshots(t, before, snapshot(t, src))
	if got := gitIn(t, remote, "rev-parse", "gh-pages"); got != res.Commit {
		t.Errorf("remote gh-pages = %s, want the new commit %s", got, res.Commit)
	}
	msg := gitIn(t, remote, "log", "-1", "--format=%B", "gh-pages")
	if !strings.Contains(msg, "Publish site from "+head[:12]+"\n") || !strings.Contains(msg, "Source commit: "+head+"\n") || strings.Contains(msg, "dirty") {
		t.Errorf("commit message does not name the clean source commit %s:\n%s", head, msg)
	}

	// The branch holds exactly what a build writes, plus .nojekyll.
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(ctx, site.Config{Src: src, Out: out, BaseURL: "https://example.org/labs/", NoCache: true}); err != nil {
		t.Fatal(err)
	}
	want := readDir(t, out)
	want[".nojekyll"] = ""
	got := branchFiles(t, remote, "gh-pages")
	if len(got) != len(want) {
		t.Errorf("branch has %d files, the build %d (+.nojekyll)", len(got), len(want))
	}
	for n, w := range want {
		if g, ok := got[n]; !ok {
			t.Errorf("branch lacks %s", n)
		} else if g != w {
			t.Errorf("branch's %s differs from the build's", n)
		}
	}
	for _, n := range []string{"labs/one/plot.svg", "feed.xml", "sitemap.xml", "robots.txt"} {
		if _, ok := got[n]; !ok {
			t.Errorf("branch lacks %s", n)
		}
	}

	// Again with no change: no commit.
	res2, err := Publish(ctx, Options{Src: src, BaseURL: "https://example.org/labs/"})
	if err != nil {
		t.Fatal(err)
	}
	if !res2.Unchanged || res2.Commit != "" || res2.Pushed {
		t.Errorf("second publish without changes: %+v, want unchanged, no commit, no push", res2)
	}
	if n := gitIn(t, remote, "rev-list", "--count", "gh-pages"); n != "1" {
		t.Errorf("gh-pages has %s commits after an unchanged publish, want 1", n)
	}

	// A change in the work tree, not committed: published, marked dirty, on top of the first.
	write(t, filepath.Join(src, "content/labs/two.md"), strings.Replace(siteFiles["content/labs/two.md"], "Back to", "Go back to", 1))
	before = snapshot(t, src)
	res3, err := Publish(ctx, Options{Src: src, BaseURL: "https://example.org/labs/", Message: "New words"})
	if err != nil {
		t.Fatal(err)
	}
	diffSnapshots(t, before, snapshot(t, src))
	if res3.Parent != res.Commit || !res3.Dirty {
		t.Errorf("third publish: parent %s (want %s), dirty %v", res3.Parent, res.Commit, res3.Dirty)
	}
	msg = gitIn(t, remote, "log", "-1", "--format=%B", "gh-pages")
	if !strings.HasPrefix(msg, "New words\n") || !strings.Contains(msg, "Source commit: "+head+" (dirty") {
		t.Errorf("commit message of a dirty publish:\n%s", msg)
	}
	if n := gitIn(t, remote, "rev-list", "--count", "gh-pages"); n != "2" {
		t.Errorf("gh-pages has %s commits, want 2", n)
	}
	if cur := gitIn(t, src, "symbolic-ref", "HEAD"); cur != "refs/heads/main" {
		t.Errorf("HEAD = %s, want refs/heads/main", cur)
	}
	if got := gitIn(t, src, "rev-parse", "main"); got != head {
		t.Errorf("main moved to %s", got)
	}
	if stash := gitIn(t, src, "stash", "list"); stash != "" {
		t.Errorf("stash: %s", stash)
	}
}

func TestPublishCNAME(t *testing.T) {
	src, remote := newRepo(t)
	if _, err := Publish(context.Background(), Options{Src: src, CNAME: "labs.example.org"}); err != nil {
		t.Fatal(err)
	}
	files := branchFiles(t, remote, "gh-pages")
	if files["CNAME"] != "labs.example.org" {
		t.Errorf("CNAME = %q", files["CNAME"])
	}
	if !strings.Contains(files["labs/one/index.html"], `<link rel="canonical" href="https://labs.example.org/labs/one/">`) {
		t.Errorf("with --cname and no base URL, pages are not canonical at https://labs.example.org/")
	}
	if _, err := Publish(context.Background(), Options{Src: src, CNAME: "https://labs.example.org/x"}); err == nil || !strings.Contains(err.Error(), "expected a domain name") {
		t.Errorf("a URL as --cname: err = %v", err)
	}
}

func TestPublishRefusesABrokenSite(t *testing.T) {
	src, remote := newRepo(t)
	write(t, filepath.Join(src, "content/labs/two.md"), siteFiles["content/labs/two.md"]+"\nSee [the list](../../nowhere/).\n")
	res, err := Publish(context.Background(), Options{Src: src})
	if !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("err = %v, want ErrCheckFailed", err)
	}
	if len(res.Check.Problems) != 1 || !strings.Contains(res.Check.Problems[0].String(), `labs/two/index.html:`) || !strings.Contains(res.Check.Problems[0].String(), `"../../nowhere/": no such file nowhere/index.html`) {
		t.Errorf("problems = %v", res.Check.Problems)
	}
	if refs := gitIn(t, remote, "for-each-ref"); refs != "" {
		t.Errorf("the remote got refs: %s", refs)
	}
	if refs := gitIn(t, src, "for-each-ref", "refs/heads/gh-pages"); refs != "" {
		t.Errorf("a local gh-pages was made: %s", refs)
	}
}

func TestPublishBuildsOnTheRemoteBranch(t *testing.T) {
	src, remote := newRepo(t)
	first, err := Publish(context.Background(), Options{Src: src})
	if err != nil {
		t.Fatal(err)
	}
	// A second clone has no local gh-pages: it must fetch the remote's and build on it.
	gitIn(t, src, "push", "--quiet", "origin", "main")
	clone := filepath.Join(t.TempDir(), "clone")
	gitIn(t, filepath.Dir(clone), "clone", "--quiet", "--branch", "main", remote, clone)
	write(t, filepath.Join(clone, "content/labs/two.md"), siteFiles["content/labs/two.md"]+"\nMore words.\n")
	gitIn(t, clone, "commit", "--quiet", "-am", "more")
	res, err := Publish(context.Background(), Options{Src: clone})
	if err != nil {
		t.Fatal(err)
	}
	if res.Parent != first.Commit {
		t.Errorf("parent = %s, want the remote's tip %s", res.Parent, first.Commit)
	}
	// The first clone's local gh-pages is now behind; it catches up.
	write(t, filepath.Join(src, "content/labs/one/extra.txt"), "data\n")
	res, err = Publish(context.Background(), Options{Src: src})
	if err != nil {
		t.Fatal(err)
	}
	if n := gitIn(t, remote, "rev-list", "--count", "gh-pages"); n != "3" {
		t.Errorf("gh-pages has %s commits, want 3", n)
	}
}

func TestPublishErrors(t *testing.T) {
	t.Run("no remote", func(t *testing.T) {
		src, _ := newRepo(t)
		gitIn(t, src, "remote", "remove", "origin")
		_, err := Publish(context.Background(), Options{Src: src})
		if err == nil || !strings.Contains(err.Error(), `no git remote named "origin"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("unreachable remote", func(t *testing.T) {
		src, _ := newRepo(t)
		gitIn(t, src, "remote", "set-url", "origin", filepath.Join(t.TempDir(), "gone.git"))
		_, err := Publish(context.Background(), Options{Src: src})
		if err == nil || !strings.Contains(err.Error(), "cannot reach the remote origin") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("no commits", func(t *testing.T) {
		isolateGit(t)
		dir := t.TempDir()
		gitIn(t, dir, "init", "--quiet")
		_, err := Publish(context.Background(), Options{Src: dir})
		if err == nil || !strings.Contains(err.Error(), "has no commits yet") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		isolateGit(t)
		_, err := Publish(context.Background(), Options{Src: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "is not inside a git repository") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("on the target branch", func(t *testing.T) {
		src, _ := newRepo(t)
		gitIn(t, src, "checkout", "--quiet", "-b", "gh-pages")
		_, err := Publish(context.Background(), Options{Src: src})
		if err == nil || !strings.Contains(err.Error(), "the current branch is gh-pages") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("rejected push", func(t *testing.T) {
		src, remote := newRepo(t)
		write(t, filepath.Join(remote, "hooks", "pre-receive"), "#!/bin/sh\necho 'no publishing today' >&2\nexit 1\n")
		if err := os.Chmod(filepath.Join(remote, "hooks", "pre-receive"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := Publish(context.Background(), Options{Src: src})
		if err == nil || !strings.Contains(err.Error(), "push of gh-pages to origin was rejected") || !strings.Contains(err.Error(), "no publishing today") {
			t.Errorf("err = %v", err)
		}
		if refs := gitIn(t, src, "for-each-ref", "refs/heads/gh-pages"); refs != "" {
			t.Errorf("the local gh-pages was left at the unpushed commit: %s", refs)
		}
	})
	t.Run("dry run", func(t *testing.T) {
		src, remote := newRepo(t)
		res, err := Publish(context.Background(), Options{Src: src, DryRun: true})
		if err != nil || res.Tree == "" || res.Commit != "" || res.Pushed {
			t.Errorf("dry run: %+v, %v", res, err)
		}
		if refs := gitIn(t, remote, "for-each-ref") + gitIn(t, src, "for-each-ref", "refs/heads/gh-pages"); refs != "" {
			t.Errorf("a dry run made refs: %s", refs)
		}
	})
}

func TestGitHubPagesURL(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"git@github.com:Ada/labs.git", "https://ada.github.io/labs/"},
		{"https://github.com/ada/labs", "https://ada.github.io/labs/"},
		{"https://github.com/ada/labs.git", "https://ada.github.io/labs/"},
		{"ssh://git@github.com/ada/paper.labs.git", "https://ada.github.io/paper.labs/"},
		{"git@github.com:ada/Ada.github.io.git", "https://ada.github.io/"},
		{"https://gitlab.com/ada/labs.git", ""},
		{"../remote.git", ""},
	} {
		if got := githubPagesURL(tc.remote); got != tc.want {
			t.Errorf("githubPagesURL(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
}
