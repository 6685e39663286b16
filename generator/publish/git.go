package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// git runs git commands in one repository. It never changes the user's
// working tree, index or HEAD: commands that need an index get a private
// one through GIT_INDEX_FILE.
type git struct {
	ctx context.Context
	dir string   // the work tree's top folder
	env []string // extra environment, e.g. GIT_INDEX_FILE=...
}

// gitError is a failed git command with what it printed.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	msg := strings.TrimSpace(e.stderr)
	if msg == "" {
		msg = e.err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), msg)
}

func (e *gitError) Unwrap() error { return e.err }

// run runs git with args and stdin, and returns its trimmed standard output.
func (g *git) run(stdin []byte, args ...string) (string, error) {
	out, err := g.raw(stdin, args...)
	return strings.TrimSpace(string(out)), err
}

func (g *git) raw(stdin []byte, args ...string) ([]byte, error) {
	full := append([]string{"-C", g.dir}, args...)
	cmd := exec.CommandContext(g.ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	cmd.Env = append(cmd.Env, g.env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("git is not installed (publish needs it to commit and push the site)")
		}
		return stdout.Bytes(), &gitError{args: args, stderr: stderr.String(), err: err}
	}
	return stdout.Bytes(), nil
}

// ok runs git and reports whether it exited 0 (for tests such as
// rev-parse --verify and merge-base --is-ancestor).
func (g *git) ok(args ...string) (bool, error) {
	_, err := g.raw(nil, args...)
	var ge *gitError
	var ee *exec.ExitError
	if errors.As(err, &ge) && errors.As(err, &ee) {
		return false, nil
	}
	return err == nil, err
}

// revParse returns the object name of rev, or "" when there is none.
func (g *git) revParse(rev string) (string, error) {
	out, err := g.run(nil, "rev-parse", "--verify", "--quiet", rev)
	var ge *gitError
	if errors.As(err, &ge) {
		return "", nil
	}
	return out, err
}

// with returns a copy of g with extra environment.
func (g *git) with(env ...string) *git {
	return &git{ctx: g.ctx, dir: g.dir, env: append(append([]string(nil), g.env...), env...)}
}
