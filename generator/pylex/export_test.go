package pylex

// For the tests of package pylex_test.
var (
	Snippets  = snippets
	Soup      = soup
	Fragments = fragments
	Enumerate = enumerate
)
