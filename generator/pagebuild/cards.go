package pagebuild

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"time"

	"paperlab/generator/digest"
	"paperlab/generator/layout"
)

// Card is lab as the "lab-card" partial shows it on the page of d:
// templates call {{$.Card .}} where they would call {{template "lab-card"
// (dict "Lab" . "Root" $.Root)}}, with the same HTML. A card is rendered
// once per build for each lab and root (a lab is listed on the home page,
// the list of labs and each of its keywords' pages), and a rebuild renders
// again only the cards whose lab changed.
func (d PageData) Card(lab *LabView) (template.HTML, error) {
	if d.layouts == nil {
		return "", errors.New("Card is for the pages the site builds")
	}
	k, free := lab.cardKey, lab.cardFree
	if k == (digest.Key{}) {
		k, free = viewKeyFree(lab)
	}
	data := func(root string) any { return map[string]any{"Lab": lab, "Root": root} }
	return d.layouts.PartialAt(d.Kind, "lab-card", string(k[:]), d.Root, data, free)
}

// WithLayouts returns d ready to render lab cards and its table of contents
// with tmpl (see Card and TOCList): the site's pages are rendered with it.
func WithLayouts(d PageData, tmpl *layout.Set) PageData {
	d.layouts = tmpl
	d.toc = &tocList{}
	return d
}

// TOCList is the page's table of contents as the "toc-list" partial shows
// it: templates call {{$.TOCList}} where they would call {{template
// "toc-list" .TOC}}, with the same HTML. It is rendered once per page, so
// that a layout showing it twice (inline for narrow screens, beside the
// text for wide ones) executes it once.
func (d PageData) TOCList() (template.HTML, error) {
	if d.layouts == nil || d.toc == nil {
		return "", errors.New("TOCList is for the pages the site builds")
	}
	if !d.toc.done {
		d.toc.html, d.toc.err = d.layouts.Execute(d.Kind, "toc-list", d.TOC)
		d.toc.done = true
	}
	return d.toc.html, d.toc.err
}

// tocList is what TOCList rendered for a page.
type tocList struct {
	done bool
	html template.HTML
	err  error
}

// viewKey hashes everything a template can read from v: every exported
// field, followed through pointers and slices, so that a field added to
// LabView is part of the key without anyone remembering to add it.
func viewKey(v any) digest.Key {
	k, _ := viewKeyFree(v)
	return k
}

// viewKeyFree is viewKey, and whether no string in v holds
// layout.RootStandIn (see layout.Set.PartialAt).
func viewKeyFree(v any) (digest.Key, bool) {
	h := &viewHasher{w: &digest.Hasher{}}
	h.value(reflect.ValueOf(v))
	return h.w.Sum(), !h.standIn
}

// viewHasher hashes a view for viewKeyFree.
type viewHasher struct {
	w       *digest.Hasher
	standIn bool // a string holds layout.RootStandIn
}

var timeType = reflect.TypeFor[time.Time]()

func (h *viewHasher) value(v reflect.Value) {
	w := h.w
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.Str("nil")
			return
		}
		w.Str("&")
		h.value(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			w.Str(t.Format(time.RFC3339Nano)).Str(t.Location().String())
			return
		}
		w.Str("{")
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				h.value(v.Field(i))
			}
		}
		w.Str("}")
	case reflect.Slice, reflect.Array:
		w.Int(v.Len())
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.String:
		w.Str(v.String())
		h.standIn = h.standIn || strings.Contains(v.String(), layout.RootStandIn)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.Int(int(v.Int()))
	case reflect.Bool:
		w.Str(fmt.Sprint(v.Bool()))
	default: // floats, maps (fmt prints their keys sorted)
		if v.CanInterface() {
			w.Str(v.Type().String()).Str(fmt.Sprint(v.Interface()))
		}
	}
}
