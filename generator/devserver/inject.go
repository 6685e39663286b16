package devserver

import (
	"bytes"
	"fmt"
	"html"
)

// scriptTag is the live-reload client for one served page, inline so that
// it costs no request; it names the page's file and the build it came
// from.
func scriptTag(file string, boot string, version uint64) []byte {
	return fmt.Appendf(nil, "<script data-page=\"%s\" data-boot=\"%s\" data-version=\"%d\">\n%s</script>",
		html.EscapeString(file), html.EscapeString(boot), version, clientJS)
}

// inject returns page with tag inserted before its last </body>, or
// appended when there is none. page itself is left alone.
func inject(page, tag []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}
