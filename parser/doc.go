// Package parser reads the matdiff language of LANGUAGE.md: an expression,
// optionally followed by a where clause that declares shapes, and the
// rewrite patterns of the rule tables.
//
//	e, decls, err := parser.Parse("x' A x where x: n x 1, A: n x n")
//
// The grammar is a participle grammar (see grammar.go and Grammar); its
// structs are a concrete syntax tree private to this package, lowered at
// once to ast nodes with the positions of their tokens. Before the grammar
// runs, scan classifies the tokens (function names, the where keyword, the
// x of a shape) and reports the errors that need no grammar where they
// stand: unbalanced parentheses, characters outside the language, names
// with a letter that passes for another (a Cyrillic а, a full-width ｘ; see
// lookalike.go), hexadecimal numbers, a where glued to a name (wherex:),
// unknown functions written like calls, malformed declarations.
//
// Every error is an *ast.Error whose Src is the input, so that Pretty shows
// the line with a caret under the place. No input makes the parser panic.
package parser
