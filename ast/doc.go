// Package ast defines the expression trees of the matdiff language, their
// shapes, and the printers that turn them back into text, unicode or LaTeX.
//
// # Invariants
//
// Expressions are immutable: no function in this module changes a node after
// it has been built. A rewrite builds new nodes, shares the subtrees that did
// not change, and gives each new node the position of the node it replaced,
// so that later errors still point into the user's input.
//
// Package ast depends on no other package of matdiff, on no parser library
// and on no numeric library.
package ast
