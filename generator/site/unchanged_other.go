//go:build !linux

package site

import "io/fs"

// statState reports false: without a change time and inode number from
// the stat, a file's state is not trusted, and every build takes the
// normal path.
func statState(fs.FileInfo) (fileState, bool) { return fileState{}, false }
