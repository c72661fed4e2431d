package rewrite_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// TestScaleWithinDefaultLimits: the sizes of the engine issue derive with
// the default limits, which count distinct nodes: the gradient of a
// 1000-layer chain by x and by W1, of a sum of 1000 traces, and the
// Hessian of tanh nested 100 deep. The verdict is a count, the same on any
// machine; how fast it goes is for the benchmarks (scale_bench_test.go).
// Each result is checked numerically.
func TestScaleWithinDefaultLimits(t *testing.T) {
	if eng.Limits != rewrite.DefaultLimits {
		t.Fatalf("the engine of the tests has limits %+v, not the default", eng.Limits)
	}
	defer rewrite.SetCheckRewrites(rewrite.SetCheckRewrites(false))
	by := func(src, wrt string, hessian bool) (ast.Expr, *ast.Info, *rewrite.Derivation) {
		t.Helper()
		e, decls, err := parser.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		info, err := ast.CheckScalar(e, decls)
		if err != nil {
			t.Fatal(err)
		}
		f := eng.Grad
		if hessian {
			f = eng.Hessian
		}
		d, err := f(e, info, wrt)
		if err != nil {
			t.Fatalf("%.40s… by %s: %v", src, wrt, err)
		}
		return e, info, d
	}
	for _, wrt := range []string{"x", "W1"} {
		e, info, d := by(chain(1000), wrt, false)
		// Its distinct nodes grow linearly with the layers, though it
		// prints as about 1.5 million.
		if got := distinct(d.Result); got > 12*1000 {
			t.Errorf("chain 1000 by %s: the gradient has %d distinct nodes", wrt, got)
		}
		checkNumerically(t, "chain 1000 by "+wrt, e, info, d)
	}
	if testing.Short() {
		t.Skip("-short: the trace sum and the Hessian of 100 nested tanh take a few seconds under load")
	}
	e, info, d := by(traceSum(1000), "X", false)
	checkNumerically(t, "1000 traces", e, info, d)
	e, info, d = by(nestedTanh(100), "x", true)
	checkNumerically(t, "Hessian of 100 nested tanh", e, info, d)
}

// distinct counts the distinct nodes of e, by pointer.
func distinct(e ast.Expr) int {
	seen := map[ast.Expr]bool{}
	var walk func(ast.Expr)
	walk = func(x ast.Expr) {
		if seen[x] {
			return
		}
		seen[x] = true
		for _, k := range ast.Children(x) {
			walk(k)
		}
	}
	walk(e)
	return len(seen)
}
