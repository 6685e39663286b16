package page

import (
	"bytes"
	"path"
	"strings"
	"unicode"

	"paperlab/generator/diag"
)

// Page is one lab source file, split into front matter and body.
type Page struct {
	// Path is the file's path relative to the source folder, with slashes,
	// e.g. "content/labs/attention-weighted-mixture.md".
	Path string
	// Slug is the file name without ".md", made URL-safe: lower case, with
	// every run of other characters than letters and digits turned into
	// one hyphen ("Softmax_Weights.md" → "softmax-weights").
	Slug string
	// Source is the whole file, for positions.
	Source *diag.Source
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyOffset is the byte offset of Body within the file.
	BodyOffset int
	FrontMatter
}

// Parse splits src into front matter and body and checks the front matter.
// Problems are added to list; the returned page is usable for further
// checks even when some fields were wrong.
func Parse(relPath string, src []byte, list *diag.List) *Page {
	p := &Page{
		Path:   relPath,
		Slug:   Slugify(strings.TrimSuffix(path.Base(relPath), ".md")),
		Source: diag.NewSource(relPath, src),
	}
	yaml, yamlStart, bodyStart, ok := splitFrontMatter(src)
	if !ok {
		if yamlStart > 0 {
			list.Errorf(relPath, 1, 1, "front matter: expected a closing --- line after the opening ---")
		} else {
			list.Errorf(relPath, 1, 1, "front matter: expected the file to start with a --- line, then YAML fields such as title, then ---")
		}
		p.Body = src
		return p
	}
	lineOffset := bytes.Count(src[:yamlStart], []byte("\n"))
	p.FrontMatter = parseFrontMatter(relPath, yaml, lineOffset, list)
	p.Body = src[bodyStart:]
	p.BodyOffset = bodyStart
	return p
}

// At builds a diagnostic at a byte offset of the body.
func (p *Page) At(bodyOffset int, sev diag.Severity, format string, args ...any) diag.Diagnostic {
	return p.Source.At(p.BodyOffset+bodyOffset, sev, format, args...)
}

// Slugify makes a URL segment from a name: lower-case letters and digits
// (other letters kept as they are), with every other run of characters
// turned into a single hyphen and none at either end.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && unicode.IsLetter(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
