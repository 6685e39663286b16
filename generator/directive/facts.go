package directive

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"paperlab/compute"
)

// FactPrefix starts an input that names a paper fact: "fact.d_model".
const FactPrefix = "fact."

// SetFacts gives the scope the paper facts of its page: name → the value
// as written in the front matter.
func (s *Scope) SetFacts(facts map[string]string) { s.facts = facts }

// FactNames lists the facts the scope knows, sorted.
func (s *Scope) FactNames() []string {
	names := make([]string, 0, len(s.facts))
	for n := range s.facts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// UnknownFact explains that the page defines no fact name.
func (s *Scope) UnknownFact(name string) error {
	if len(s.facts) == 0 {
		return fmt.Errorf("unknown fact %q: this page's front matter defines no paper.facts", name)
	}
	return fmt.Errorf("unknown fact %q (paper.facts defines %s)", name, strings.Join(s.FactNames(), ", "))
}

// resolveFact turns fact.NAME into a value for an input of the given kind.
func (s *Scope) resolveFact(name string, kind inputKind) (Value, error) {
	text, ok := s.facts[name]
	if !ok {
		return Value{}, s.UnknownFact(name)
	}
	switch kind {
	case kindNumber:
		return Value{Scalar: text}, nil
	case kindInt:
		n, err := strconv.Atoi(strings.TrimPrefix(text, "+"))
		if err != nil || n < 0 || n > compute.MaxRows {
			return Value{}, fmt.Errorf("fact %s = %s: expected a whole number from 0 to %d", name, text, compute.MaxRows)
		}
		return Value{Int: n}, nil
	}
	return Value{}, fmt.Errorf("fact %s = %s is a single number; this field expects %s", name, text, kind)
}
