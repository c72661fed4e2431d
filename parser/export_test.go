package parser

import "github.com/alecthomas/participle/v2/lexer"

// SetPanicHook sets a function that runs inside every parse.
func SetPanicHook(f func()) { panicHook = f }

// Tokens returns the tokens of src as the lexer makes them, the last one
// EOF.
var Tokens = lexAll

// Symbols returns the token types of the lexer by name.
func Symbols() map[string]lexer.TokenType { return baseLexer.Symbols() }

// SetTwoPass makes Parse take the expression and the whole in turn, as it
// does when the whole does not parse.
func SetTwoPass(on bool) { twoPass = on }
