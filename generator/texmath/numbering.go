package texmath

import "strings"

// Numbering says how a display formula is numbered: the \label, \tag and
// \notag commands of each of its numbered lines. A formula is one line,
// unless it is a single align, alignat or gather environment (starred or
// not), whose rows are numbered one by one.
type Numbering struct {
	// Rows holds one entry for a one-line formula, else one per row of
	// the environment.
	Rows []EqRow
	// Multi is set when Rows are the rows of an environment: their
	// numbers go in the formula's table (Options.RowTags), one per row.
	Multi bool
}

// EqRow is what one line says about its number.
type EqRow struct {
	Labels []Label // \label commands (a caller allows one)
	Tags   []Tag   // \tag and \tag* commands (a caller allows one)
	NoTag  bool    // \notag or \nonumber
	// Auto is set when the line is numbered without being asked: a row
	// of an unstarred align, alignat or gather, or an unstarred equation
	// or multline.
	Auto bool
}

// Tag is a \tag{text} (Star false, shown as "(text)") or \tag*{text} (shown
// as "text").
type Tag struct {
	Text   string
	Star   bool
	Offset int // byte offset of the \tag command
}

// RowTag is the number a caller shows for one row of a Multi formula:
// Text such as "(1)" (empty for none) and the row's element id (empty for
// none).
type RowTag struct {
	Text, ID string
}

// Number parses tex as display math and reports its numbering.
func Number(tex string, opts Options) (Numbering, error) {
	if unnumbered(tex, opts.Macros) {
		// What the parse would report; a formula that does not parse
		// has its error reported by Convert.
		return Numbering{Rows: []EqRow{{}}}, nil
	}
	opts.Display = true
	_, num, err := parseNumbered(tex, opts)
	return num, err
}

// unnumbered reports whether tex can hold no numbering command, no
// environment and no \num (whose Options.Num a caller may count on being
// called), written or through one of macros: most formulas, whose
// numbering is then one line with nothing on it, known without a parse.
func unnumbered(tex string, macros map[string]string) bool {
	for _, word := range [...]string{`\label`, `\tag`, `\notag`, `\nonumber`, `\begin`, `\num`} {
		if strings.Contains(tex, word) {
			return false
		}
	}
	for name := range macros {
		if strings.Contains(tex, `\`+name) {
			return false
		}
	}
	return true
}

// rowEnvs are the environments numbered row by row; equation and multline
// are numbered as one line.
func rowEnv(name string) bool {
	switch strings.TrimSuffix(name, "*") {
	case "align", "alignat", "gather", "flalign":
		return true
	}
	return false
}

func lineEnv(name string) bool {
	switch strings.TrimSuffix(name, "*") {
	case "equation", "multline":
		return true
	}
	return false
}

// eqCollect gathers numbering commands while parsing.
type eqCollect struct {
	formula EqRow   // commands outside a row environment
	rows    []EqRow // rows of the outermost row environment
	table   *node   // its table, once parsed
	inRows  bool    // inside it now
	envs    int     // environment nesting depth
}

// current is the line a numbering command belongs to.
func (c *eqCollect) current() *EqRow {
	if c.inRows && len(c.rows) > 0 {
		return &c.rows[len(c.rows)-1]
	}
	return &c.formula
}

// beginEnv is called at \begin{name}; it reports whether this is the
// outermost row environment.
func (c *eqCollect) beginEnv(name string) bool {
	c.envs++
	starred := strings.HasSuffix(name, "*")
	switch {
	case c.envs == 1 && rowEnv(name) && c.rows == nil:
		c.inRows = true
		c.rows = []EqRow{{Auto: !starred}}
		return true
	case c.envs == 1 && lineEnv(name) && !starred:
		c.formula.Auto = true
	}
	return false
}

// newRow is called at \\ in the outermost row environment.
func (c *eqCollect) newRow(auto bool) { c.rows = append(c.rows, EqRow{Auto: auto}) }

// empty reports whether a row holds no numbering command.
func (r EqRow) empty() bool { return len(r.Labels) == 0 && len(r.Tags) == 0 && !r.NoTag }

// result works out the numbering of root, the parsed formula.
func (c *eqCollect) result(root *node) Numbering {
	alone := c.table != nil && (root == c.table || root.kind == nRow && len(root.kids) == 1 && root.kids[0] == c.table)
	if alone && c.formula.empty() {
		return Numbering{Rows: c.rows, Multi: true}
	}
	line := c.formula
	for _, r := range c.rows {
		line.Labels = append(line.Labels, r.Labels...)
		line.Tags = append(line.Tags, r.Tags...)
		line.NoTag = line.NoTag || r.NoTag
	}
	return Numbering{Rows: []EqRow{line}}
}
