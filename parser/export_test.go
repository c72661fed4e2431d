package parser

// SetPanicHook sets a function that runs inside every parse.
func SetPanicHook(f func()) { panicHook = f }
