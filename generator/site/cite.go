package site

import (
	"io/fs"

	"paperlab/generator/cite"
	"paperlab/generator/diag"
)

// referencesFile holds the site-wide references.
const referencesFile = "content/references.yaml"

// loadReferences reads content/references.yaml when there is one.
func (s *site) loadReferences(list *diag.List) {
	src, err := fs.ReadFile(s.fsys, referencesFile)
	if err != nil {
		if _, statErr := fs.Stat(s.fsys, referencesFile); statErr == nil {
			list.Add(diag.Diagnostic{Path: referencesFile, Msg: err.Error()})
		}
		return
	}
	entries, ds := cite.ParseFile(referencesFile, src)
	for _, d := range ds {
		list.Add(d)
	}
	lib, ds := cite.NewLibrary(nil, entries)
	for _, d := range ds {
		list.Add(d)
	}
	s.refs = lib
	s.refsSource = src
}
