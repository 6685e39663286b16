package pagebuild

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"paperlab/generator/cite"
	"paperlab/generator/markdown"
)

const (
	// sourcesSection is the heading whose section ends with the
	// bibliography, unless the page places it with a {bibliography} fence.
	sourcesSection = "Sources and Further Reading"
	// bibliographyFence is the directive type that places the list.
	bibliographyFence = "bibliography"
)

// citeState is what a page's citations resolved to.
type citeState struct {
	bib *cite.Bibliography
	// roles holds the entry ids each {cite} names (only those found).
	roles map[*markdown.Role][]string
	// placeholder is the {bibliography} fence that places the list.
	placeholder *ast.FencedCodeBlock
}

// prepareCitations reads the page's own references, resolves every
// {cite} role and places the bibliography of the cited entries: at the
// page's {bibliography} fence, else at the end of its "Sources and
// Further Reading" section, else in a "References" section at the end.
func (r *Prepared) prepareCitations() {
	st := &citeState{roles: map[*markdown.Role][]string{}}
	r.cites = st
	lib := r.read.References()
	if n := r.page.References; n != nil {
		entries, ds := cite.ParseNode(r.page.Path, n, r.page.YAMLLineOffset)
		merged, dups := cite.NewLibrary(lib, entries)
		for _, d := range append(ds, dups...) {
			r.list.Add(d)
		}
		lib = merged
	}
	var cited []*cite.Entry
	seen := map[string]bool{}
	r.doc.Walk(func(n ast.Node) ast.WalkStatus {
		role, ok := n.(*markdown.Role)
		if !ok || role.Name != "cite" {
			return ast.WalkContinue
		}
		if _, ok := citeForm(role.Arg); !ok {
			r.errorAt(role.Offset, "{cite:%s}: unknown form %q (expected {cite}, {cite:p} or {cite:t})", role.Arg, role.Arg)
		}
		keys := splitKeys(role.Content)
		if len(keys) == 0 {
			r.errorAt(role.ContentOffset, "{cite}: expected a reference key such as {cite}`vaswani2017`")
		}
		for _, k := range keys {
			e, ok := lib.Lookup(k.key)
			if !ok {
				r.errorAt(role.ContentOffset+k.offset, "{cite}`%s`: %s", role.Content, lib.UnknownKey(k.key))
				continue
			}
			st.roles[role] = append(st.roles[role], e.ID)
			if !seen[e.ID] {
				seen[e.ID] = true
				cited = append(cited, e)
			}
		}
		return ast.WalkContinue
	})
	for _, d := range r.doc.Directives() {
		if d.Type != bibliographyFence {
			continue
		}
		switch {
		case st.placeholder != nil:
			r.errorAt(fenceOffset(r.page.Body, d.Offset), "a page has one {bibliography}; the first is on line %d", r.fenceLine(st.placeholder))
		case strings.TrimSpace(string(d.Body)) != "" || d.Name != "":
			r.errorAt(fenceOffset(r.page.Body, d.Offset), "{bibliography} takes no name and no body: it lists the works the page cites")
			st.placeholder = d.Node
		default:
			st.placeholder = d.Node
		}
	}
	st.bib = cite.NewBibliography(cited)
	if st.placeholder != nil || st.bib.Len() == 0 {
		return
	}
	list := rawBlock(st.bib.HTML())
	if h := findSection(r.doc, sourcesSection); h != nil {
		insertAtSectionEnd(r.doc, h, list)
		return
	}
	h := ast.NewHeading(2)
	h.SetAttributeString("id", []byte(r.unusedHeadingID("references")))
	h.AppendChild(h, ast.NewString([]byte("References")))
	r.doc.Root.AppendChild(r.doc.Root, h)
	r.doc.Root.AppendChild(r.doc.Root, list)
}

// fenceLine is the source line of a fenced block's opening fence.
func (r *Prepared) fenceLine(fc *ast.FencedCodeBlock) int {
	line, _ := r.page.Source.Position(r.page.BodyOffset + fc.Info.Segment.Start)
	return line
}

// unusedHeadingID returns id, or id-1, id-2, … when a heading has it.
func (r *Prepared) unusedHeadingID(id string) string {
	used := map[string]bool{}
	for _, h := range r.doc.Headings() {
		used[h.ID] = true
	}
	for i := 1; used[id]; i++ {
		id = strings.TrimSuffix(id, "-"+strconv.Itoa(i-1)) + "-" + strconv.Itoa(i)
	}
	return id
}

// citeKey is one key of a {cite} role with its byte offset in the content.
type citeKey struct {
	key    string
	offset int
}

// splitKeys reads "a,b; c" into its keys.
func splitKeys(content string) []citeKey {
	var out []citeKey
	start := 0
	for i := 0; i <= len(content); i++ {
		if i < len(content) && content[i] != ',' && content[i] != ';' {
			continue
		}
		part := content[start:i]
		trimmed := strings.TrimLeft(part, " \t")
		lead := len(part) - len(trimmed)
		trimmed = strings.TrimRight(trimmed, " \t")
		if trimmed != "" {
			out = append(out, citeKey{key: strings.TrimPrefix(trimmed, "@"), offset: start + lead})
		}
		start = i + 1
	}
	return out
}

func citeForm(arg string) (cite.Form, bool) {
	switch arg {
	case "":
		return cite.Plain, true
	case "p":
		return cite.Parenthetical, true
	case "t":
		return cite.Textual, true
	}
	return cite.Plain, false
}

// renderCiteRole writes {cite}`key` as an author–year link to the
// bibliography entry.
func (r *Prepared) renderCiteRole(w util.BufWriter, role *markdown.Role) {
	ids := r.cites.roles[role]
	if len(ids) == 0 {
		w.WriteString("<code>" + html.EscapeString(role.Content) + "</code>")
		return
	}
	form, _ := citeForm(role.Arg)
	w.WriteString(r.cites.bib.Cite(ids, form))
}

// renderBibliography writes the list at the {bibliography} fence.
func (r *Prepared) renderBibliography(w util.BufWriter, d *markdown.Directive) {
	if r.cites == nil || d.Node != r.cites.placeholder || r.cites.bib.Len() == 0 {
		return
	}
	fmt.Fprint(w, r.cites.bib.HTML())
}
