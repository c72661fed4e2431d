package parser

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/matdiff/matdiff/ast"
)

// SetPanicHook sets a function that runs inside every parse.
func SetPanicHook(f func()) { panicHook = f }

// Tokens returns the tokens of src as the lexer makes them, the last one
// EOF.
var Tokens = lexAll

// Symbols returns the token types of the lexer by name.
func Symbols() map[string]lexer.TokenType { return baseLexer.Symbols() }

// ParseWhole parses src as Parse does, but with the grammar whole (the one
// Grammar prints) rather than its two parts in turn; only its results
// are of use, not its errors.
func ParseWhole(src string) (e ast.Expr, ds ast.Decls, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ds, err = nil, nil, fmt.Errorf("%v", r)
		}
	}()
	s, perr := scan(src, modeFull)
	if perr != nil {
		return nil, nil, perr
	}
	if s.declErr != nil {
		return nil, nil, s.declErr
	}
	cst, perr := runParser(topParser(), s.toks, -1)
	if perr != nil {
		return nil, nil, perr
	}
	l := &lowerer{toks: s.toks}
	if cst.Where != nil {
		ds = lowerDecls(cst.Where.Decls)
	}
	return l.frob(cst.X), ds, nil
}
