package texmath

// fontCommands maps the font commands that take an argument to the
// mathvariant they select. "normal" is upright (\mathrm); the others are
// written as Unicode mathematical alphanumeric characters.
var fontCommands = map[string]string{
	"mathrm": "normal", "mathup": "normal", "mathbf": "bold", "mathit": "italic",
	"mathnormal": "italic-default", "mathbb": "double-struck", "Bbb": "double-struck",
	"mathcal": "script", "mathscr": "script", "mathfrak": "fraktur", "frak": "fraktur",
	"mathsf": "sans-serif", "mathtt": "monospace", "boldsymbol": "bold-italic",
	"bm": "bold-italic", "mathsfit": "sans-serif-italic",
}

// latinBase is the offset of each variant's capital A in the Mathematical
// Alphanumeric Symbols block (U+1D400..).
func latinBase(variant string) (rune, bool) {
	order := [...]string{"bold", "italic", "bold-italic", "script", "bold-script", "fraktur",
		"double-struck", "bold-fraktur", "sans-serif", "bold-sans-serif", "sans-serif-italic",
		"sans-serif-bold-italic", "monospace"}
	for k, v := range order {
		if v == variant {
			return 0x1d400 + rune(k)*52, true
		}
	}
	return 0, false
}

// latinHole returns the Letterlike Symbols character that fills a hole in
// the alphanumeric block, or 0.
func latinHole(r rune, variant string) rune {
	switch variant {
	case "italic":
		if r == 'h' {
			return 0x210e
		}
	case "script":
		switch r {
		case 'B':
			return 0x212c
		case 'E':
			return 0x2130
		case 'F':
			return 0x2131
		case 'H':
			return 0x210b
		case 'I':
			return 0x2110
		case 'L':
			return 0x2112
		case 'M':
			return 0x2133
		case 'R':
			return 0x211b
		case 'e':
			return 0x212f
		case 'g':
			return 0x210a
		case 'o':
			return 0x2134
		}
	case "fraktur":
		switch r {
		case 'C':
			return 0x212d
		case 'H':
			return 0x210c
		case 'I':
			return 0x2111
		case 'R':
			return 0x211c
		case 'Z':
			return 0x2128
		}
	case "double-struck":
		switch r {
		case 'C':
			return 0x2102
		case 'H':
			return 0x210d
		case 'N':
			return 0x2115
		case 'P':
			return 0x2119
		case 'Q':
			return 0x211a
		case 'R':
			return 0x211d
		case 'Z':
			return 0x2124
		}
	}
	return 0
}

// greekOrder lists the Greek characters in the order of the styled Greek
// ranges of the alphanumeric block.
const greekOrder = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡϴΣΤΥΦΧΨΩ∇αβγδεζηθικλμνξοπρςστυφχψω∂ϵϑϰϕϱϖ"

// mathAlpha returns the character for r in the given variant, or r itself
// if Unicode has no such character.
func mathAlpha(r rune, variant string) rune {
	switch {
	case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		if h := latinHole(r, variant); h != 0 {
			return h
		}
		base, ok := latinBase(variant)
		if !ok {
			return r
		}
		if r >= 'a' {
			return base + 26 + r - 'a'
		}
		return base + r - 'A'
	case r >= '0' && r <= '9':
		var k rune
		switch variant {
		case "bold":
			k = 0
		case "double-struck":
			k = 1
		case "sans-serif":
			k = 2
		case "bold-sans-serif":
			k = 3
		case "monospace":
			k = 4
		default:
			return r
		}
		return 0x1d7ce + k*10 + r - '0'
	}
	var k rune
	switch variant {
	case "bold":
		k = 0
	case "italic":
		k = 1
	case "bold-italic":
		k = 2
	case "bold-sans-serif":
		k = 3
	case "sans-serif-bold-italic":
		k = 4
	default:
		return r
	}
	i := rune(0)
	for _, g := range greekOrder {
		if g == r {
			return 0x1d6a8 + k*58 + i
		}
		i++
	}
	return r
}
