package rewrite

import (
	"context"
	"sort"

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

// PulledBack reports whether the gradient of d (of a Hessian: its
// gradient) was derived by the pullback.
func PulledBack(d *Derivation) bool {
	if d.Grad != nil {
		d = d.Grad
	}
	return d.pulled
}

// GradientTaken reports whether d (of a Hessian: its gradient) is a
// gradient the pullback was tried on.
func GradientTaken(d *Derivation) bool {
	if d.Grad != nil {
		d = d.Grad
	}
	return d.pulled || d.unpulled
}

// StepsPulledBack reports whether the steps of d itself are those of the
// pullback.
func StepsPulledBack(d *Derivation) bool { return d.pulled }

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
			eng.table("") // the late tables compiled, so that they are checked too
			tables := []map[string][]*Rule{eng.tables}
			if eng.late != nil {
				tables = append(tables, eng.late.tables)
			}
			for _, table := range allTables(tables) {
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

// allTables lists the tables of the maps, in the order of their names.
func allTables(ms []map[string][]*Rule) [][]*Rule {
	var names []string
	var out [][]*Rule
	for _, m := range ms {
		names = names[:0]
		for name := range m {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			out = append(out, m[name])
		}
	}
	return out
}
