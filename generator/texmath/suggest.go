package texmath

import (
	"sort"
	"sync"

	"paperlab/generator/diag"
)

// structuralCommands are the commands handled by name in command (not
// listed in a symbol, font or operator table).
var structuralCommands = []string{
	"frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "sqrt",
	"text", "textrm", "textnormal", "textup", "mbox", "hbox", "textmd", "textbf", "textit", "textsf", "texttt", "emph",
	"operatorname", "operatornamewithlimits", "mathop", "left", "right", "middle",
	"big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl", "bigr", "Bigr", "biggr", "Biggr", "bigm", "Bigm", "biggm", "Biggm",
	"begin", "end", "overline", "underline", "boxed", "cancel", "bcancel", "xcancel", "sout",
	"underbrace", "overbrace", "overset", "underset", "stackrel", "phantom", "hphantom", "vphantom",
	"substack", "not", "label", "notag", "nonumber", "eqref", "ref", "pmod", "bmod", "hspace",
	"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "over", "choose", "atop",
	"limits", "nolimits", "rm", "bf", "it", "sf", "tt", "cal",
}

// knownCommands lists every command name the converter knows, sorted.
var knownCommands = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	add := func(n string) { seen[n] = true }
	for _, n := range structuralCommands {
		add(n)
	}
	for n := range symbols {
		add(n)
	}
	for n := range extraSymbols {
		add(n)
	}
	for n := range escapes {
		add(n)
	}
	for n := range spaces {
		add(n)
	}
	for n := range bigOps {
		add(n)
	}
	for n := range functions {
		add(n)
	}
	for n := range fontCommands {
		add(n)
	}
	for n := range accents {
		add(n)
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
})

// didYouMeanCommand returns ` (did you mean \x?)` for a near miss of a
// known command or one of the page's macros, or "".
func didYouMeanCommand(name string, macros map[string]string) string {
	cands := knownCommands()
	if len(macros) > 0 {
		cands = append([]string(nil), cands...)
		for m := range macros {
			cands = append(cands, m)
		}
	}
	if s := diag.Suggest(name, cands); s != "" {
		return ` (did you mean \` + s + `?)`
	}
	return ""
}

// environmentNames lists the environments the converter knows, sorted.
func environmentNames() []string {
	out := make([]string, 0, len(environments))
	for n := range environments {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
