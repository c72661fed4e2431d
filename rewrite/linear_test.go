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

// TestLinearRules: forms that only identities of rules_linear.go take
// apart, each derived, checked against finite differences, and shown to
// use the identity.
func TestLinearRules(t *testing.T) {
	eng := MustNew(parser.ParsePattern)
	for _, c := range []struct {
		src, wrt string
		vec      bool // the Jacobian of vec(y) by vec(wrt)
		rule     string
	}{
		{"diag(kron(x, h)) where x: n x 1, h: 1 x n", "x", false, "lin-vec-diag"},
		{"vec(diag(X A))' B where X: n x n, A: n x n, B: n x 3", "X", true, "lin-vec-diag"},
		{"diag(a' X b) c where X: n x n, a: n x 1, b: n x 1, c: 3 x 1", "X", true, "lin-vec-diag-scalar"},
		{"(C : a' X b) c where X: n x n, a: n x 1, b: n x 1, c: 3 x 1, C: 2 x 2", "X", true, "lin-vec-frobenius-broadcast-matrix"},
		{"vec(Diag(x)) where x: n x 1", "x", false, "lin-vec-Diag"},
		{"A unvec(x, 1, n)' where x: n x 1, A: m x n", "x", false, "lin-column-as-vec"},
		// Forms whose copies of the rules went: commutative matching
		// finds them with the operands of the sum swapped.
		{"diag((x h)' (s + C)) where s: scalar, C: n x m, x: n x 1, h: 1 x m", "x", false, "lin-broadcast-sum-in-product-right"},
		{"diag((s + C) (x h)') where s: scalar, C: n x m, x: n x 1, h: 1 x m", "x", false, "lin-broadcast-sum-in-product-left"},
	} {
		y, decls, err := parser.Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		info, err := ast.Check(y, decls)
		if err != nil {
			t.Fatal(err)
		}
		derive, f := eng.Jacobian, y
		if c.vec {
			derive, f = eng.VecJacobian, ast.Fn(ast.FnVec, y)
		}
		d, err := derive(y, info, c.wrt)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if d.fired[c.rule] == 0 {
			t.Errorf("%s: %s did not fire (%v)", c.src, c.rule, d.fired)
		}
		for seed := int64(1); seed <= 3; seed++ {
			inst, err := numeric.Random(y, d.Info, seed, numeric.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := numeric.Jacobian(f, d.Result, c.wrt, d.Info, inst)
			if err != nil {
				t.Fatalf("%s: %v", c.src, err)
			}
			if !(res.MaxRelErr < numeric.Tol) {
				t.Errorf("%s: Jacobian %s is wrong: relative error %.3g (seed %d)", c.src, ast.Text(d.Result), res.MaxRelErr, seed)
			}
		}
	}
}
