package pylex

// Prefixed strings: f-strings, raw, byte and unicode strings. commonStrings
// must take the fast path; trickyStrings may be declined.
var commonStrings = []string{
	`print(f"epoch {epoch}: loss {loss:.4f}, acc={acc:.2%}")` + "\n",
	`print(f'{name!r} has {len(xs)} items, first {xs[0]}, {d["k"]}')` + "\n",
	`msg = f"{x=} {y = } {{literal}} {n:>{width}}"` + "\n",
	`pattern = re.compile(r"\d+\.\d*")` + "\npath = r'C:\\new'\nb = b'bytes' + u'text'\n",
	`s = "a\tb\d"` + "\n",
	`print(f"{i:3d} {np.mean(x[i]):8.3f} {'ok' if ok else 'bad'}")` + "\n",
}

// trickyStrings holds one or a few strings a line, so that each line is
// also tried on its own.
var trickyStrings = []string{
	`s = f'hi {x}'; r = r'\d+'; b = b'x'; u = u'x'
rb'x' Rb'y' BR"z" fr'w'
ub'x' bu'y' F'z' U"z" B'z'
f'{x}' f'{x!r}'
f'{x!z}'
f'{x=}' f'{x==y}' f'{x===}' f'{x<=}' f'{x!=y}'
f'{x = !r:>3}'
f'{a:{b}}' f'{a:{b}{c}}' f'{{{a}}}' f'}}' f'}'
f'{'
f'{}' f'{ }' f'{:}'
f'{(a, b)}' f'{[x for x in y if x]}'
f'{d["k"]}' f'{f"{x}"}' f'{a:=1}' f'{(a:=1)}'
f'{lambda: 1}'
f'{yield from x}' f'{yield fromx}' f'{async for}' f'{async fork}' f'{async}' f'{return}'
f'{not x in y}' f'{x if y else z}'
f'{print(1)}' f'{x.print}' f'{self}' f'{__init__}' f'{__name__}' f'{None}' f'{def}' f'{import}'
f'{@x}' f'{x @ y}' f'{1.5e3}' f'{.5}' f'{x[1:2]}' f'{x;y}'
f'{)}' f'{]}' f'{x)}'
f'{(x}'
f'%d %(x)s {x}' f'\n\t\d\'' f"'" f'"'
f'{x!r=}' f'{x=!r}' f'{=}' f'{!r}'
r'\'
r'\\' r'\'' r'\n' r"\'" rb'\d' br"\""
r'%d {x}' r'\{x}' r'\%d'
r'\
'\d' '\q' '\ ' "\'" '\"'
'\N{DASH}'
'\u1234'
'\x41'
'\0'
'\
f'{x:{y:{z}}}' f'{x[{1: 2}[1]]}' f'{ {1: 2} }'
f'{x:}}' f'{x:{{}'
f'{x' + 'y}'
f'{x!r }' f'{x! r}' f'{x=  }' f'{x	}'
f'{x:%Y-%m-%d}' f'{x:,.2f}' f'{x:>10}' f'{x!s:^5}'`,
}
