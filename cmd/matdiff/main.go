// Command matdiff does matrix calculus: gradients in compact matrix form,
// derived step by step and checked numerically.
//
//	matdiff grad --wrt X "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
//
// The work is done by run, so that tests can call it with their own
// arguments and writers; main only passes the process's.
package main

import (
	"os"

	// Begins building the parser and the engine as the process starts.
	"github.com/matdiff/matdiff/cmd/matdiff/internal/warm"
	// Maps in the memory that a derivation will need, as it starts.
	_ "github.com/matdiff/matdiff/cmd/matdiff/internal/warm/pretouch"
)

func main() {
	warm.GrowStack() // parsing and deriving recurse deeply
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stdout)))
}
