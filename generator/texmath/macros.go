package texmath

import "fmt"

// Limits on macro expansion, so that a recursive macro is an error rather
// than a hang or an out-of-memory crash.
const (
	maxExpansions = 1000    // macro calls expanded in one formula
	maxTokens     = 1 << 14 // tokens in the token stream after expansion
)

// macro is a user macro lexed once per conversion.
type macro struct {
	body  []token
	arity int
}

// lookupMacro returns the user macro called name, lexing its body on first
// use. ok is false if there is no such macro.
func (p *parser) lookupMacro(name string, at token) (m macro, ok bool, err error) {
	if p.opts.Macros == nil {
		return macro{}, false, nil
	}
	if m, ok := p.macroCache[name]; ok {
		return m, true, nil
	}
	body, ok := p.opts.Macros[name]
	if !ok {
		return macro{}, false, nil
	}
	toks, lerr := lex(body)
	if lerr != nil {
		return macro{}, false, &Error{Offset: at.pos, Msg: fmt.Sprintf(`in the body of macro \%s: %s`, name, lerr.(*Error).Msg), Snippet: `\` + name}
	}
	for _, t := range toks {
		if t.kind == tokParam {
			if n := int(t.text[0] - '0'); n > m.arity {
				m.arity = n
			}
		}
	}
	m.body = toks
	if p.macroCache == nil {
		p.macroCache = make(map[string]macro)
	}
	p.macroCache[name] = m
	return m, true, nil
}

// expand replaces the macro call at p.toks[p.i] with the macro's body, its
// parameters replaced by the arguments that follow the call.
func (p *parser) expand(m macro, call token) error {
	p.expansions++
	if p.expansions > maxExpansions {
		return &Error{Offset: call.pos, Msg: fmt.Sprintf(`too many macro expansions (more than %d): is \%s recursive?`, maxExpansions, call.text), Snippet: `\` + call.text}
	}
	i := p.i + 1
	args := make([][]token, m.arity)
	end := call.end
	for k := 0; k < m.arity; k++ {
		for i < len(p.toks) && p.toks[i].kind == tokSpace {
			i++
		}
		if i >= len(p.toks) || p.toks[i].kind == tokClose {
			return &Error{Offset: call.pos, Msg: fmt.Sprintf(`missing argument %d of macro \%s`, k+1, call.text), Snippet: `\` + call.text}
		}
		if p.toks[i].kind != tokOpen {
			args[k] = p.toks[i : i+1]
			end = p.toks[i].end
			i++
			continue
		}
		depth, j := 0, i
		for ; j < len(p.toks); j++ {
			if p.toks[j].kind == tokOpen {
				depth++
			} else if p.toks[j].kind == tokClose {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j >= len(p.toks) {
			return p.unclosed(p.toks[i])
		}
		args[k] = p.toks[i+1 : j]
		end = p.toks[j].end
		i = j + 1
	}
	out := make([]token, 0, len(m.body)+len(p.toks)-i)
	for _, t := range m.body {
		if t.kind == tokParam {
			out = append(out, args[t.text[0]-'1']...)
			continue
		}
		t.pos, t.end = call.pos, end
		out = append(out, t)
	}
	out = append(out, p.toks[i:]...)
	if len(out) > maxTokens {
		return &Error{Offset: call.pos, Msg: fmt.Sprintf(`macro \%s expands to more than %d tokens`, call.text, maxTokens), Snippet: `\` + call.text}
	}
	p.toks, p.i = out, 0
	return nil
}
