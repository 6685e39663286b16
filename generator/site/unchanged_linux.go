package site

import (
	"io/fs"
	"syscall"
)

// statState is the state of a file from its stat.
func statState(info fs.FileInfo) (fileState, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileState{}, false
	}
	return fileState{size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(), ino: st.Ino, dev: st.Dev}, true
}
