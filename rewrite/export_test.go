package rewrite

import (
	"context"

	"github.com/matdiff/matdiff/ast"
)

// Tests check that every rewrite keeps the shape of what it rewrote.
func init() { checkRewrites = true }

// SetCheckRewrites turns that check on or off and returns what it was;
// benchmarks turn it off to measure what users run.
func SetCheckRewrites(on bool) bool {
	old := checkRewrites
	checkRewrites = on
	return old
}

// SieveMisses checks, at every node of the steps of d (and of its
// operands), every rule of every table of eng that the sieve of first
// passes over: it returns those that match there all the same (which
// the sieve must never pass over).
func SieveMisses(eng *Engine, d *Derivation) []string {
	// A rule tried out of its table's turn may rewrite to what does not
	// fit: that is no business of the sieve's.
	defer SetCheckRewrites(SetCheckRewrites(false))
	c := eng.newCtx(context.Background(), nil, d.Info, d.Wrt)
	var misses []string
	seen := map[ast.Expr]bool{}
	for _, st := range d.Steps {
		ast.Inspect(st.Expr, func(e ast.Expr) bool {
			if seen[e] {
				return false
			}
			seen[e] = true
			sv := sieve{c: c, e: e}
			for _, table := range eng.tables {
				for _, r := range eng.candidates(table, nodeKey(e)) {
					if !sv.cannot(r) {
						continue
					}
					modes := []int{matchAny}
					if r.rigid {
						modes = []int{matchWritten, matchCommuted}
					}
					for _, mode := range modes {
						if _, ok := c.applyIn(r, e, mode); ok {
							misses = append(misses, r.Name+" at "+ast.Text(e))
						}
					}
				}
			}
			return true
		})
	}
	return misses
}
