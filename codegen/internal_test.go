package codegen

// Names for the tests of package codegen_test, which are not the
// package's API.
var (
	Maps      = hasCode
	GoPrelude = goPrelude
)
