package texmath

// nodeKind is the kind of a node of the parsed formula.
type nodeKind uint8

const (
	nIdent   nodeKind = iota // <mi>: text, variant
	nNumber                  // <mn>: text
	nOp                      // <mo>: text, class, flags
	nText                    // <mtext>: text
	nSpace                   // horizontal space: text holds the width
	nRow                     // <mrow>: kids
	nFrac                    // <mfrac>: kids[0] numerator, kids[1] denominator
	nSqrt                    // <msqrt>: kids[0]
	nRoot                    // <mroot>: kids[0] radicand, kids[1] index
	nScripts                 // sub/superscripts or limits: kids[0] base, kids[1] sub, kids[2] sup (nil if absent)
	nUnder                   // <munder>: kids[0] base, kids[1] under
	nOver                    // <mover>: kids[0] base, kids[1] over
	nFenced                  // \left ... \right: kids are the opening <mo>, the body items and the closing <mo>
	nTable                   // <mtable>: rows of cells, each cell an nRow
	nEnclose                 // <menclose>: text holds the notation, kids[0] the body
	nStyle                   // <mstyle>: style, kids
	nFunc                    // a named operator such as \sin or \operatorname{tr}: text holds the name, or kids the content
	nRef                     // \eqref or \ref: text is what is shown, href the target
	nPhantom                 // <mphantom>: kids[0]
)

// nodeFlags are boolean properties of a node.
type nodeFlags uint16

const (
	fStretchy     nodeFlags = 1 << iota // <mo stretchy="true">
	fNoStretch                          // <mo stretchy="false">
	fFence                              // <mo fence="true"> (from \left, \middle, \right)
	fLargeOp                            // a big operator such as \sum
	fLimits                             // an operator that takes limits in display style
	fAccent                             // an accent above or below (<mover accent="true">)
	fBrace                              // \underbrace/\overbrace: scripts always go under/over
	fDelimNext                          // a function followed by a delimiter: no thin space after it
	fSeparator                          // <mo separator="true">
	fNoSpace                            // <mo lspace="0em" rspace="0em">
	fPrime                              // a prime
	fSmall                              // smallmatrix: script level one
	fDisplayTable                       // a table whose cells are in display style
)

// Style values for nStyle and nFrac nodes.
const (
	styleNone    = 0
	styleDisplay = 1
	styleText    = 2
	styleScript  = 3
	styleScript2 = 4
)

// node is one element of the parsed formula. pos and end are the byte
// span in the source the node came from.
type node struct {
	kind     nodeKind
	pos, end int
	text     string   // token text, notation, function name, width
	variant  string   // mathvariant to write on <mi>, "" for none
	class    symClass // for nOp: the atom class (spacing, prefix form)
	flags    nodeFlags
	limits   int8    // for nScripts: 1 after \limits, -1 after \nolimits
	style    int8    // for nStyle and nFrac: a style* value
	size     string  // for nOp from \big and friends: minsize and maxsize
	href     string  // for nRef: the link target
	thick    string  // for nFrac: linethickness ("0" for \binom)
	align    []byte  // for nTable: per column 'l', 'c' or 'r'
	pad      string  // for nTable: column spacing kind ("align", "cases", "matrix", "array")
	kids     []*node // children, see nodeKind
	rows     [][]*node
	tags     []RowTag // for the nTable of a formula numbered row by row
}

// is reports whether the node has all of the flags f.
func (n *node) is(f nodeFlags) bool { return n != nil && n.flags&f == f }
