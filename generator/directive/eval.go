package directive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"paperlab/compute"
	"paperlab/generator/diag"
	"paperlab/generator/yamltree"
)

// Result is an evaluated directive: its resolved inputs, the engine's
// float64 fields, certified decimals at every number of places the page
// asks for, and the checks that passed. It is what the cache stores.
type Result struct {
	Type   string                    `json:"type"`
	Name   string                    `json:"name"`
	Digits int                       `json:"digits"`
	Inputs map[string]Value          `json:"inputs"`
	Order  []string                  `json:"order"`
	Fields map[string]compute.Tensor `json:"fields"`
	// Decimals maps a number of places to the certified fields.
	Decimals map[int]map[string]compute.Decimals `json:"decimals"`
	Checks   []compute.Check                     `json:"checks"`
	// Rank is the exact rank of the span vectors (span) or of the values
	// (attention); InSpan is the exact span verdict (span).
	Rank   int  `json:"rank"`
	InSpan bool `json:"in_span"`
}

// Decimal returns field name certified to digits places.
func (r *Result) Decimal(name string, digits int) (compute.Decimals, bool) {
	d, ok := r.Decimals[digits][name]
	return d, ok
}

// Scope holds the names a directive may use: the directives above it on
// its page and the scopes of the labs the page lists in "after".
type Scope struct {
	names   map[string]*Result
	imports map[string]*imported
	// failed holds the names of directives that could not be evaluated:
	// their errors are reported once, and uses of the name are not.
	failed map[string]bool
	facts  map[string]string // the page's paper facts: name → value text
}

// NewScope returns an empty scope that can see the given labs' scopes.
func NewScope(imports map[string]*Scope) *Scope {
	lazy := make(map[string]func() *Scope, len(imports))
	for name, s := range imports {
		lazy[name] = func() *Scope { return s }
	}
	return NewLazyScope(lazy)
}

// NewLazyScope returns an empty scope that can see the scopes of the labs
// named in imports, each got from its function the first time a name of
// that lab is looked up: a page that lists a lab in "after" but reads no
// value of it does not wait for that lab's directives (in a chain of
// labs, each after the one before, the labs are evaluated in parallel).
func NewLazyScope(imports map[string]func() *Scope) *Scope {
	s := &Scope{names: map[string]*Result{}, imports: make(map[string]*imported, len(imports)), failed: map[string]bool{}}
	for name, get := range imports {
		s.imports[name] = &imported{get: get}
	}
	return s
}

// imported is a lab a scope can see, and its scope once looked up.
type imported struct {
	get   func() *Scope
	once  sync.Once
	scope *Scope
}

// load returns the lab's scope, getting it the first time; a lab without
// one (nil) is an empty scope.
func (i *imported) load() *Scope {
	i.once.Do(func() {
		if i.scope = i.get(); i.scope == nil {
			i.scope = NewScope(nil)
		}
	})
	return i.scope
}

// Imports reports whether name is a lab whose scope s can see: a
// directive of that name would make "name.x" ambiguous.
func (s *Scope) Imports(name string) bool {
	_, ok := s.imports[name]
	return ok
}

// Define adds a result under its name.
func (s *Scope) Define(r *Result) { s.names[r.Name] = r }

// Fail records that the directive called name failed: a later use of the
// name resolves to ErrFailed instead of an "unknown name" error, since the
// directive's own errors are reported already.
func (s *Scope) Fail(name string) {
	if name != "" {
		s.failed[name] = true
	}
}

// ErrFailed is the error for a use of a directive that failed.
var ErrFailed = errors.New("the directive it names failed (see its errors)")

// known lists the names a reference may start with: the page's names and
// the labs it imports.
func (s *Scope) known() []string {
	out := make([]string, 0, len(s.names)+len(s.imports))
	for n := range s.names {
		out = append(out, n)
	}
	for n := range s.imports {
		out = append(out, n)
	}
	return out
}

// unknownName is the error for a reference to a name the scope lacks,
// with a suggestion when a known name is close.
func (s *Scope) unknownName(ref, name string) error {
	return fmt.Errorf("unknown name %q%s", ref, diag.DidYouMean(name, s.known()))
}

var referencePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// resolveName finds the value of a name used as an input: "V", "mix.output",
// "lab.V" or "lab.mix.output". later lists names defined further down the
// page, for a clearer message.
func (s *Scope) resolveName(ref string, later map[string]bool) (*Result, string, error) {
	if !referencePattern.MatchString(ref) {
		return nil, "", fmt.Errorf("expected a literal value or a name such as V, mix.output or lab.V, found %q", ref)
	}
	parts := strings.Split(ref, ".")
	scope := s
	if _, local := s.names[parts[0]]; !local && len(parts) > 1 {
		if imp, ok := s.imports[parts[0]]; ok {
			scope, parts = imp.load(), parts[1:]
		}
	}
	res, ok := scope.names[parts[0]]
	if !ok {
		if scope.failed[parts[0]] {
			return nil, "", ErrFailed
		}
		if scope != s {
			return nil, "", fmt.Errorf("unknown name %q: the lab %s defines no %q%s", ref, strings.Split(ref, ".")[0], parts[0], diag.DidYouMean(parts[0], scope.known()))
		}
		if later[parts[0]] {
			return nil, "", fmt.Errorf("name %q is defined below this directive; a directive may use only names defined above it", parts[0])
		}
		if len(parts) > 1 && strings.Contains(parts[0], "-") {
			return nil, "", fmt.Errorf("unknown name %q: %q is not a lab listed in this page's after", ref, parts[0])
		}
		return nil, "", s.unknownName(ref, parts[0])
	}
	field := ""
	switch {
	case len(parts) == 1 && len(res.Order) == 1:
		field = res.Order[0]
	case len(parts) == 1:
		return nil, "", fmt.Errorf("%q has several fields (%s): name one, as in %s.%s", parts[0], strings.Join(res.Order, ", "), parts[0], res.Order[0])
	case len(parts) == 2:
		field = parts[1]
	default:
		return nil, "", fmt.Errorf("unknown name %q", ref)
	}
	t, ok := res.Fields[field]
	if !ok {
		if meant := diag.Suggest(field, res.Order); meant != "" {
			return nil, "", fmt.Errorf("%q has no field %q (did you mean %s.%s?)", parts[0], field, parts[0], meant)
		}
		return nil, "", fmt.Errorf("%q has no field %q (fields: %s)", parts[0], field, strings.Join(res.Order, ", "))
	}
	if len(t.Shape) > 2 {
		return nil, "", fmt.Errorf("%s.%s has %d dimensions: it cannot be used as an input", parts[0], field, len(t.Shape))
	}
	return res, field, nil
}

// Runner evaluates directives, with an optional on-disk cache. One Runner
// may serve many builds and goroutines.
type Runner struct {
	// Cache stores results by a hash of their resolved inputs; nil means
	// no cache.
	Cache *Cache
	// engineCalls counts evaluations that ran the engine (cache misses).
	engineCalls atomic.Int64
	// chains memoizes chained input values by cacheKey and field.
	chains sync.Map
}

// ChainDigits is the number of significant digits with which an earlier
// result reaches a directive that takes it as input (x: mix.output): the
// result correctly rounded to 40 significant digits, certified like every
// printed digit, so that the input is within a relative ½·10⁻³⁹ of the
// exact value (float64 would carry 17 digits and an error of 10⁻¹⁶).
const ChainDigits = 40

// chained returns field of res as an input value: a {matrix}'s rows as
// written, or the result certified to ChainDigits significant digits
// (computed once per Runner).
func (r *Runner) chained(res *Result, field string) (Value, error) {
	if res.Type == "matrix" {
		return res.Inputs["rows"], nil
	}
	key := cacheKey(res.Type, res.Inputs, nil, false) + "/" + field
	if v, ok := r.chains.Load(key); ok {
		return v.(Value), nil
	}
	fresh, _, err := operations()[res.Type].run(res.Inputs)
	if err != nil {
		return Value{}, err
	}
	d, err := fresh.Significant(field, ChainDigits)
	if err != nil {
		return Value{}, fmt.Errorf("%s.%s as an input: %v", res.Name, field, err)
	}
	v, err := valueFromDecimals(d)
	if err != nil {
		return Value{}, err
	}
	r.chains.Store(key, v)
	return v, nil
}

// EngineCalls reports how many directives ran the engine so far.
func (r *Runner) EngineCalls() int64 { return r.engineCalls.Load() }

// Evaluate resolves a directive's inputs in scope, runs the engine (or
// reads the cache) and certifies the result at the directive's digits and
// every extra number of places in digits. later names the directives
// defined further down the page.
func (r *Runner) Evaluate(spec *Spec, scope *Scope, digits []int, later map[string]bool) (*Result, []*Error) {
	op := operations()[spec.Type]
	inputs := map[string]Value{}
	var errs []*Error
	failedInput := false
	names := make([]string, 0, len(spec.Inputs))
	for name := range spec.Inputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := spec.Inputs[name]
		in := op.input(name)
		v, isLiteral, err := literal(n, name, in.kind)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if fact, ok := strings.CutPrefix(n.Text, FactPrefix); ok && !isLiteral {
			fv, ferr := scope.resolveFact(fact, in.kind)
			if ferr != nil {
				errs = append(errs, errAt(n, "%s: %v", name, ferr))
				continue
			}
			inputs[name] = fv
			continue
		}
		if !isLiteral {
			res, field, rerr := scope.resolveName(n.Text, later)
			if errors.Is(rerr, ErrFailed) {
				failedInput = true
				continue
			}
			if rerr == nil {
				v, rerr = r.chained(res, field)
			}
			if rerr != nil {
				errs = append(errs, errAt(n, "%s: %v", name, rerr))
				continue
			}
			if in.kind == kindVector && len(v.Rows) != 1 {
				errs = append(errs, errAt(n, "%s: expected a vector, but %s is a matrix with %d rows", name, n.Text, len(v.Rows)))
				continue
			}
		}
		inputs[name] = v
	}
	if len(errs) > 0 || failedInput {
		return nil, errs
	}
	all := uniqueDigits(append([]int{spec.Digits}, digits...))
	needRank := spec.Type == "attention" && slices.Contains(spec.Show, "span")
	var key string // only a Runner with a cache needs it
	if r.Cache != nil {
		key = cacheKey(spec.Type, inputs, all, needRank)
		if res, ok := r.Cache.Load(key); ok && res.Type == spec.Type && verifyCached(spec.Type, res) {
			res.Name, res.Digits = spec.Name, spec.Digits
			return res, nil
		}
	}
	r.engineCalls.Add(1)
	res, err := run(spec, op, inputs, all, needRank)
	if err != nil {
		return nil, []*Error{positionEngineError(spec, err)}
	}
	if r.Cache != nil {
		r.Cache.Store(key, res)
	}
	return res, nil
}

// WithDigits returns res with its fields also certified to digits places:
// res itself when it already is, else a copy with the extra decimals, from
// the cache or from running the engine again on res's inputs. It serves
// {num:d} of a result whose page did not ask for d places, such as one
// imported from another lab.
func (r *Runner) WithDigits(res *Result, digits int) (*Result, error) {
	if _, ok := res.Decimals[digits]; ok {
		return res, nil
	}
	if digits < 0 || digits > compute.MaxDigits {
		return nil, fmt.Errorf("digits must be between 0 and %d, got %d", compute.MaxDigits, digits)
	}
	var key string
	extra, ok := (*Result)(nil), false
	if r.Cache != nil {
		key = cacheKey(res.Type, res.Inputs, []int{digits}, false)
		extra, ok = r.Cache.Load(key)
		ok = ok && extra.Type == res.Type && verifyCached(res.Type, extra)
	}
	if !ok {
		r.engineCalls.Add(1)
		var err error
		spec := &Spec{Type: res.Type, Name: res.Name, Digits: digits}
		if extra, err = run(spec, operations()[res.Type], res.Inputs, []int{digits}, false); err != nil {
			return nil, err
		}
		if r.Cache != nil {
			r.Cache.Store(key, extra)
		}
	}
	out := *res
	out.Decimals = make(map[int]map[string]compute.Decimals, len(res.Decimals)+1)
	for d, f := range res.Decimals {
		out.Decimals[d] = f
	}
	out.Decimals[digits] = extra.Decimals[digits]
	return &out, nil
}

func uniqueDigits(ds []int) []int {
	sort.Ints(ds)
	out := ds[:0]
	for i, d := range ds {
		if i == 0 || d != ds[i-1] {
			out = append(out, d)
		}
	}
	return out
}

func cacheKey(typ string, inputs map[string]Value, digits []int, needRank bool) string {
	// The text hashed is what "engine=%s\ntype=%s\nrank=%t\ndigits=%v\n"
	// and "%s=%s\n" per input would print, written out without fmt.
	b := make([]byte, 0, 256)
	b = append(b, "engine="...)
	b = append(b, compute.EngineVersion...)
	b = append(b, "\ntype="...)
	b = append(b, typ...)
	b = append(b, "\nrank="...)
	b = strconv.AppendBool(b, needRank)
	b = append(b, "\ndigits=["...)
	for i, d := range digits {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	b = append(b, "]\n"...)
	names := make([]string, 0, len(inputs))
	for n := range inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b = append(b, n...)
		b = append(b, '=')
		b = inputs[n].appendCanonical(b)
		b = append(b, '\n')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// run calls the engine and certifies every field at every digits.
func run(spec *Spec, op operation, inputs map[string]Value, digits []int, needRank bool) (*Result, error) {
	res, checks, err := op.run(inputs)
	if err != nil {
		return nil, err
	}
	out := &Result{Type: spec.Type, Name: spec.Name, Digits: spec.Digits, Inputs: inputs, Order: res.FieldNames(),
		Fields: map[string]compute.Tensor{}, Decimals: map[int]map[string]compute.Decimals{}}
	for _, f := range out.Order {
		t, err := res.Field(f)
		if err != nil {
			return nil, err
		}
		out.Fields[f] = t
	}
	out.Checks = append(out.Checks, checks...)
	for _, d := range digits {
		cert, err := res.Certify(d)
		if err != nil {
			return nil, err
		}
		out.Decimals[d] = cert.Fields
		if d == spec.Digits {
			out.Checks = append(out.Checks, cert.Checks...)
		}
	}
	if s, ok := res.(*compute.SpanResult); ok {
		out.Rank, out.InSpan = s.Rank, s.InSpan
	}
	if needRank {
		v, _ := compute.ParseMatrix(inputs["v"].Rows)
		zero := make([]string, v.Cols())
		for i := range zero {
			zero[i] = "0"
		}
		target, _ := compute.ParseVector(zero)
		sp, err := compute.Span(compute.SpanRequest{Vectors: v, Target: target})
		if err != nil {
			return nil, fmt.Errorf("span of the values: %w", err)
		}
		out.Rank = sp.Rank
	}
	return out, nil
}

// positionEngineError places an engine error at the input field it is
// about (a *compute.FieldError naming one of the spec's inputs), or at the
// opening fence.
func positionEngineError(spec *Spec, err error) *Error {
	msg := err.Error()
	var ce *compute.CheckError
	if errors.As(err, &ce) {
		return errFence("{%s} %s: verification failed: %s", spec.Type, spec.Name, msg)
	}
	var fe *compute.FieldError
	if errors.As(err, &fe) {
		if n, ok := spec.Inputs[fe.Field]; ok {
			return errAt(n, "%s", msg)
		}
	}
	return errFence("{%s} %s: %s", spec.Type, spec.Name, msg)
}

// ExpectDigits lists the numbers of places the expect values are written
// with, so that Evaluate can certify at each.
func ExpectDigits(spec *Spec) []int {
	var out []int
	var walk func(n *yamltree.Node)
	walk = func(n *yamltree.Node) {
		switch n.Kind {
		case yamltree.List:
			for _, it := range n.Items {
				walk(it)
			}
		case yamltree.Scalar:
			if d, ok := placesOf(n.Text); ok {
				out = append(out, d)
			}
		}
	}
	for _, e := range spec.Expect {
		walk(e.Value)
	}
	return out
}

// placesOf counts the digits after the decimal point of a plain decimal.
func placesOf(s string) (int, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" || strings.ContainsAny(s, "eE") {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if len(frac) > compute.MaxDigits {
		return 0, false
	}
	return len(frac), true
}

// formatIndex writes an index such as [0][2].
func formatIndex(idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		b.WriteString("[" + strconv.Itoa(i) + "]")
	}
	return b.String()
}

// Digest hashes what a page that imports s can read from it: every
// directive's inputs and computed fields, the names that failed and the
// labs s itself imports (by name). Two scopes with the same digest give
// an importing page the same values, so that it need not be rendered
// again when only the prose of the lab it imports from changed.
func (s *Scope) Digest() [sha256.Size]byte {
	type visible struct {
		Type, Name string
		Digits     int
		Inputs     map[string]Value
		Order      []string
		Fields     map[string]compute.Tensor
		Decimals   map[string]compute.Decimals // at the directive's own digits
		Rank       int
		InSpan     bool
	}
	names := map[string]visible{}
	for n, r := range s.names {
		names[n] = visible{r.Type, r.Name, r.Digits, r.Inputs, r.Order, r.Fields, r.Decimals[r.Digits], r.Rank, r.InSpan}
	}
	imports := make([]string, 0, len(s.imports))
	for n := range s.imports {
		imports = append(imports, n)
	}
	sort.Strings(imports)
	data, err := json.Marshal(struct {
		Names   map[string]visible
		Failed  map[string]bool
		Imports []string
		Facts   map[string]string
	}{names, s.failed, imports, s.facts})
	if err != nil {
		// A value JSON cannot hold (NaN): such a scope matches no other.
		data = fmt.Appendf(nil, "%p", s)
	}
	return sha256.Sum256(data)
}
