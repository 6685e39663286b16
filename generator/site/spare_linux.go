package site

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
)

// listTree lists every file and folder below dir by slash path, with
// inode numbers, reading each folder once with getdents: no file is
// stated (the spare folder holds thousands).
func listTree(dir string) (map[string]spareEntry, error) {
	entries := map[string]spareEntry{}
	buf := make([]byte, 32<<10)
	var list func(rel string) error
	list = func(rel string) error {
		fd, err := syscall.Open(filepath.Join(dir, filepath.FromSlash(rel)), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: rel, Err: err}
		}
		var dirs []string
		for {
			n, err := syscall.ReadDirent(fd, buf)
			if err == syscall.EINTR {
				continue
			}
			if err != nil {
				syscall.Close(fd)
				return &os.PathError{Op: "getdents", Path: rel, Err: err}
			}
			if n <= 0 {
				break
			}
			for b := buf[:n]; len(b) >= 19; {
				// struct linux_dirent64: ino, off, reclen, type, name.
				ino := binary.NativeEndian.Uint64(b[0:])
				reclen := int(binary.NativeEndian.Uint16(b[16:]))
				if reclen < 19 || reclen > len(b) {
					break
				}
				typ, name := b[18], b[19:reclen]
				for i, c := range name {
					if c == 0 {
						name = name[:i]
						break
					}
				}
				b = b[reclen:]
				if s := string(name); s != "." && s != ".." {
					p := s
					if rel != "." {
						p = rel + "/" + s
					}
					isDir := typ == syscall.DT_DIR
					if typ == syscall.DT_UNKNOWN {
						info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
						if err != nil {
							syscall.Close(fd)
							return err
						}
						isDir = info.IsDir()
					}
					entries[p] = spareEntry{dir: isDir, ino: ino}
					if isDir {
						dirs = append(dirs, p)
					}
				}
			}
		}
		syscall.Close(fd)
		for _, d := range dirs {
			if err := list(d); err != nil {
				return err
			}
		}
		return nil
	}
	return entries, list(".")
}
