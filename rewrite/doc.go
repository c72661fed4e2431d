// Package rewrite holds matrix-calculus identities as data and the engines
// that apply them: differentials, gradient extraction and simplification.
//
// An identity is a Rule: a kebab-case name, the identity as people write it
// (text and LaTeX), a pattern in the surface syntax of the language with
// pattern variables ?A, ?x, named guards such as const(?A) or scalar(?A),
// and a replacement. Patterns are compiled once, through a parse function
// that the caller passes in (parser.ParsePattern), so that this package does
// not depend on the parser; or, by Compiled, from their trees, which go
// generate made from the rule tables when matdiff was built
// (patterns_gen.go), so that a process starts without parsing them.
//
// A derivation is a value: a list of Steps, each the whole expression after
// one named identity was applied. Nothing in this package prints; the
// printers in cmd and ast render derivations.
//
//	eng := rewrite.Compiled(parser.ParsePattern) // or rewrite.MustNew(parser.ParsePattern)
//	d, err := eng.Grad(expr, decls, "X")
//	// d.Steps[0] is the differential, d.Result the gradient.
//
// A gradient is derived by the pullback (pullback.go): reverse mode over the
// shared graph of f, each node's differential taken one level by its d-rule
// and moved past by the Frobenius identities, in time linear in the nodes
// of f. Where a node cannot be pulled back, the whole differential is taken
// and its terms are moved one identity at a time (derive.go), as
// Engine.WithPullback(false) does for every gradient.
//
// Expressions are immutable: no rule changes its input; a rewrite builds new
// nodes and shares the subtrees that did not change.
package rewrite
