package render

import (
	"fmt"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/rewrite"
)

// printed returns the nodes that printing ds would write: every step, the
// expression and, for a Hessian, the gradient's derivation, or the results
// alone when quiet. Each node is measured once, however often the
// expressions share it, so measuring is cheap even when printing is not.
func printed(ds []*rewrite.Derivation, quiet bool, limit int64) int64 {
	sizes := map[ast.Expr]int64{}
	var size func(e ast.Expr) int64
	size = func(e ast.Expr) int64 {
		if e == nil {
			return 0
		}
		if n, ok := sizes[e]; ok {
			return n
		}
		n := int64(1)
		for _, k := range ast.Children(e) {
			n += size(k)
		}
		if n > limit+1 {
			n = limit + 1 // as good as infinite
		}
		sizes[e] = n
		return n
	}
	var total int64
	var add func(d *rewrite.Derivation)
	add = func(d *rewrite.Derivation) {
		if d == nil {
			return
		}
		total += size(d.Result)
		if quiet {
			return
		}
		total += size(d.F) + size(d.Of)
		for _, s := range d.Steps {
			total += size(s.Expr)
		}
		add(d.Grad)
	}
	for _, d := range ds {
		add(d)
		if total > limit {
			break
		}
	}
	return total
}

// checkPrinted returns an error of kind BeyondReach when printing ds would
// write more than the nodes o allows (o.MaxPrint, or budget.Default.Print).
func checkPrinted(ds []*rewrite.Derivation, o Options) error {
	limit := o.MaxPrint
	if limit == 0 {
		limit = budget.Default.Print
	}
	if limit < 0 {
		return nil
	}
	if n := printed(ds, o.Quiet, limit); n > limit {
		what := "the derivation"
		if o.Quiet {
			what = "the result"
		}
		return ast.Beyond(fmt.Sprintf("%s would print more than %d nodes, the limit of %s", what, limit, budget.FlagPrint),
			"raise "+budget.FlagPrint+", print the result alone with -q, or simplify the expression or split it")
	}
	return nil
}
