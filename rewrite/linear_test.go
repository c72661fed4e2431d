package rewrite

import (
	"context"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// TestLinearAfterCircle: when the identities of a table go round in a
// circle, moveTerms notices that a term came back to an inner part it had
// before and hands it to the linear fallback, which brings dx to the
// right; the Jacobian is checked against finite differences. The table
// here has one identity, L (A + B) = L (B + A), which alone would swap
// the summands for ever.
func TestLinearAfterCircle(t *testing.T) {
	eng := MustNew(parser.ParsePattern)
	swap := []*Rule{{Name: "test-swap", Title: "commutativity of the sum", LHS: "?L (?A + ?B)", RHS: "?L (?B + ?A)"}}
	if err := compile(func(s string) (ast.Expr, error) { return parseWithExponents(parser.ParsePattern, s) }, swap, "test", true); err != nil {
		t.Fatal(err)
	}
	y, decls, err := parser.Parse("A x + x where A: n x n, x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(y, decls)
	if err != nil {
		t.Fatal(err)
	}
	c := eng.newCtx(context.Background(), nil, info, "x")
	xs, _ := info.Name("x")
	d := &Derivation{What: Jacobian, Wrt: "x", Info: c.info, Shape: ast.Shape{Rows: xs.Rows, Cols: xs.Rows}, fired: c.fired}
	dx := ast.D(ast.S("x"))
	terms := []term{{false, ast.Mul(ast.Eye(), ast.Add(ast.Mul(ast.S("A"), dx), dx))}}
	if err := c.moveTerms(d, &terms, swap, c.jacDone, c.jacTidy); err != nil {
		t.Fatal(err)
	}
	if c.fired["test-swap"] == 0 || c.fired["lin-column-as-vec"] == 0 || c.fired["lin-vec-differential"] == 0 {
		t.Errorf("the swap and then the linear fallback should have moved the term; fired %v", c.fired)
	}
	if _, err := c.finishLinear(d, terms, dx); err != nil {
		t.Fatal(err)
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(y, d.Info, seed, numeric.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := numeric.Jacobian(y, d.Result, "x", d.Info, inst)
		if err != nil {
			t.Fatal(err)
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Errorf("Jacobian %s is wrong: relative error %.3g (seed %d)", ast.Text(d.Result), res.MaxRelErr, seed)
		}
	}
}
