package repl

// Names for the tests of package repl_test, which are not the package's
// API.
var (
	Worse        = worse
	NewCompleter = newCompleter
)
