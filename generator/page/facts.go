package page

import (
	"regexp"

	"paperlab/generator/yamltree"
)

// Fact is one setting of the paper that the lab states and may quote:
// paper.facts: {d_model: {value: 512, section: "3.1"}}.
type Fact struct {
	// Name is the fact's key, e.g. "d_model".
	Name string
	// Value is the number as written in the front matter, e.g. "512".
	Value string
	// Section is where the paper states it, e.g. "3.1" (may be empty).
	Section string
	// Pos is the position of the value, NamePos that of the key.
	Pos, NamePos Pos
}

var (
	factNamePattern    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	factNumberPattern  = regexp.MustCompile(`^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$`)
	factSectionPattern = regexp.MustCompile(`^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$`)
)

// facts reads paper.facts: a mapping from a name to {value, section}.
func (d decoder) facts(n *yamltree.Node) []Fact {
	if n.Kind != yamltree.Map {
		d.errorf(n, "paper.facts: expected a mapping from a fact name to {value, section}, such as d_model: {value: 512, section: \"3.1\"}; found %s", n.Describe())
		return nil
	}
	var out []Fact
	for i, k := range n.Keys {
		v := n.Vals[i]
		if !factNamePattern.MatchString(k.Text) {
			d.errorf(k, "paper.facts: expected a fact name of letters, digits and _ (starting with a letter), such as d_model; found %q", k.Text)
			continue
		}
		_, kl, kc := d.at(k)
		f := Fact{Name: k.Text, NamePos: Pos{kl, kc}}
		field := "paper.facts." + k.Text
		if v.Kind != yamltree.Map {
			d.errorf(v, "%s: expected {value: …, section: …}, found %s", field, v.Describe())
			continue
		}
		ok := true
		for j, fk := range v.Keys {
			fv := v.Vals[j]
			switch fk.Text {
			case "value":
				if fv.Kind != yamltree.Scalar || !factNumberPattern.MatchString(fv.Text) {
					d.errorf(fv, "%s.value: expected a number such as 512 or 0.1, found %s", field, fv.Describe())
					ok = false
					continue
				}
				f.Value = fv.Text
				_, l, c := d.at(fv)
				f.Pos = Pos{l, c}
			case "section":
				f.Section = d.text(field+".section", fv)
				if f.Section != "" && !factSectionPattern.MatchString(f.Section) {
					d.errorf(fv, "%s.section: expected a section number such as \"3.2.2\" or \"A.1\", found %q", field, f.Section)
				}
			default:
				d.errorf(fk, "%s: unknown field %q (expected value, section)", field, fk.Text)
			}
		}
		if v.Get("value") == nil {
			d.errorf(k, "%s: missing required field \"value\"", field)
			ok = false
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// Fact returns the paper fact with the given name.
func (p *Paper) Fact(name string) (Fact, bool) {
	if p == nil {
		return Fact{}, false
	}
	for _, f := range p.Facts {
		if f.Name == name {
			return f, true
		}
	}
	return Fact{}, false
}
