package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"unicode/utf8"

	"paperlab/generator/diag"
)

// SizeError is returned for a file larger than the limit it was read with.
type SizeError struct {
	Size, Limit int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("the file is %d bytes, more than the limit of %d", e.Size, e.Limit)
}

// Size formats a byte count for messages: "512 bytes", "3 KiB", "2.5 MiB".
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<10))) + " KiB"
	}
	return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MiB"
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// ReadFile reads the regular file name of fsys. A special file fails with
// ErrNotRegular (without blocking when fsys is a Dir); with limit > 0 a
// file larger than limit fails with a *SizeError, checked before reading
// and again while reading, so that no more than limit+1 bytes are ever
// held.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	if limit > 0 && info.Size() > limit {
		return nil, &SizeError{Size: info.Size(), Limit: limit}
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	// Sized to the file, so that a build holding every page's source
	// holds no slack (bytes.Buffer.ReadFrom would double it).
	data := make([]byte, 0, int(max(info.Size(), 0))+1)
	for {
		if len(data) == cap(data) { // the file grew since Stat
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &SizeError{Size: int64(len(data)), Limit: limit}
	}
	return data, nil
}

// ReadPage reads the page name (a Markdown file) with ReadFile, at most
// limit bytes (0: DefaultMaxPageSize), and decodes it with Decode. Every
// problem is a diagnostic at the page's path and, for bad encoding, at the
// line and column of the first bad byte.
func ReadPage(fsys fs.FS, name string, limit int64) ([]byte, *diag.Diagnostic) {
	if limit <= 0 {
		limit = DefaultMaxPageSize
	}
	data, err := ReadFile(fsys, name, limit)
	if err != nil {
		var se *SizeError
		if errors.As(err, &se) {
			size, lim := Size(se.Size), Size(se.Limit)
			if size == lim {
				size, lim = fmt.Sprintf("%d bytes", se.Size), fmt.Sprintf("%d bytes", se.Limit)
			}
			return nil, &diag.Diagnostic{Path: name, Line: 1, Col: 1, Msg: fmt.Sprintf("the page is %s, more than the limit of %s for one page (split it, or raise the limit with --max-page-size)", size, lim)}
		}
		return nil, &diag.Diagnostic{Path: name, Msg: "cannot read the page: " + reason(err)}
	}
	return Decode(name, data)
}

var bom = []byte("\xef\xbb\xbf")

// Decode checks that data is UTF-8 and returns it without a leading
// byte-order mark and with CRLF line endings turned into LF, which leaves
// every line and column (counted in characters) where an editor shows it.
// Invalid UTF-8 is a diagnostic at the first bad byte.
func Decode(name string, data []byte) ([]byte, *diag.Diagnostic) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		d := diag.NewSource(name, data).At(off, diag.Error, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", data[off])
		return nil, &d
	}
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, nil
}
