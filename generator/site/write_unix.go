//go:build unix

package site

import (
	"io"
	"io/fs"
	"syscall"
)

// writeFile writes data to a new file name (mode 0644), as os.WriteFile
// does, in three system calls: an *os.File also asks the poller about the
// file (fcntl and epoll_ctl calls that fail for regular files), which a
// build writing thousands of files pays for nothing.
func writeFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		if n <= 0 {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: io.ErrShortWrite}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
