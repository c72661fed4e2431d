package numeric_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// TestDirectional: a right claim passes along random directions and a
// wrong one fails, for gradients (by a vector, a matrix, a symmetric
// matrix), Jacobians and Hessians (a wrong Hessian that is not symmetric
// included; those by symmetric matrices are in verify's tests); where the directions cannot
// decide (a gradient by a symmetric matrix that is not symmetric, a claim
// of the wrong shape), Directional errs and the check entry by entry
// decides. Every right claim passes entry by entry too, and every
// wrong one fails there.
func TestDirectional(t *testing.T) {
	for _, c := range []struct {
		src, wrt, claim string
		which           numeric.Which
		ok              bool // the claim is right
		fewer           bool // Directional leaves it to the check entry by entry
		dims            map[string]int
	}{
		{"x' A x where x: n x 1, A: n x n", "x", "A x + A' x", numeric.WhichGradient, true, false, nil},
		{"x' A x where x: n x 1, A: n x n", "x", "2 A x", numeric.WhichGradient, false, false, nil},
		{"x' A x where x: n x 1, A: n x n", "x", "2 A x", numeric.WhichGradient, false, false, map[string]int{"n": 2}},
		{"x' A x where x: n x 1, A: n x n", "x", "A x + A' x", numeric.WhichGradient, true, false, map[string]int{"n": 1}},
		{"tr(A X) where A: n x n, X: n x n", "X", "A'", numeric.WhichGradient, true, false, nil},
		{"tr(A X) where A: n x n, X: n x n", "X", "A", numeric.WhichGradient, false, false, nil},
		{"tr(A X) where A: n x n, X: n x n", "X", "1.001 A'", numeric.WhichGradient, false, false, nil},
		{"tr(A X) where A: m x n, X: n x m", "X", "A", numeric.WhichGradient, false, true, map[string]int{"m": 3, "n": 4}},
		{"tr(A S) where A: n x n, S: symmetric n x n", "S", "(A + A')/2", numeric.WhichGradient, true, false, nil},
		{"tr(A S) where A: n x n, S: symmetric n x n", "S", "A + A'", numeric.WhichGradient, false, false, nil},
		{"tr(A S) where A: n x n, S: symmetric n x n", "S", "A'", numeric.WhichGradient, false, true, nil},
		{"tanh(W x) where W: m x n, x: n x 1", "x", "Diag(1 - tanh(W x) .* tanh(W x)) W", numeric.WhichJacobian, true, false, nil},
		{"tanh(W x) where W: m x n, x: n x 1", "x", "-Diag(1 - tanh(W x) .* tanh(W x)) W", numeric.WhichJacobian, false, false, nil},
		{"A X B where A: m x n, X: n x k, B: k x p", "X", "kron(B', A)", numeric.WhichJacobian, true, false, nil},
		{"A X B where A: m x n, X: n x k, B: k x p", "X", "kron(B, A')", numeric.WhichJacobian, false, true, nil},
		{"sum(exp(x)) where x: n x 1", "x", "Diag(exp(x))", numeric.WhichHessian, true, false, nil},
		{"sum(exp(x)) where x: n x 1", "x", "2 Diag(exp(x))", numeric.WhichHessian, false, false, nil},
		{"x' A x where x: n x 1, A: n x n", "x", "A + A'", numeric.WhichHessian, true, false, nil},
		{"x' A x where x: n x 1, A: n x n", "x", "2 A", numeric.WhichHessian, false, false, nil},
	} {
		f, decls, err := parser.Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		g, err := parser.ParseExpr(c.claim)
		if err != nil {
			t.Fatal(err)
		}
		all := ast.Add(ast.Frob(f, f), ast.Frob(g, g))
		info, err := ast.Check(all, decls)
		if err != nil {
			t.Fatalf("%s, %s: %v", c.src, c.claim, err)
		}
		dims := c.dims
		if dims == nil {
			dims = map[string]int{"n": 4, "m": 3, "k": 3, "p": 2}
		}
		for seed := int64(1); seed <= 3; seed++ {
			inst, err := numeric.Random(all, info, seed, numeric.Options{Dims: dims})
			if err != nil {
				t.Fatal(err)
			}
			res, err := numeric.Directional(f, g, c.wrt, c.which, info, inst, uint64(seed))
			if c.fewer {
				if err == nil {
					t.Errorf("%s by %s, %s: Directional decided (%v), want it to leave the verdict", c.src, c.wrt, c.claim, res.OK())
				}
			} else if err != nil || res.OK() != c.ok {
				t.Errorf("%s by %s, %s (seed %d): ok %v, error %v; want ok %v", c.src, c.wrt, c.claim, seed, res.OK(), err, c.ok)
			} else if _, cols := res.Numeric.Dims(); cols != numeric.Directions {
				t.Errorf("%s: %d columns, want one per direction", c.src, cols)
			}
			// The check entry by entry agrees.
			check := map[numeric.Which]func(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance) (numeric.Result, error){
				numeric.WhichGradient: numeric.Gradient, numeric.WhichJacobian: numeric.Jacobian, numeric.WhichHessian: numeric.Hessian,
			}[c.which]
			full, err := check(f, g, c.wrt, info, inst)
			if (err == nil && full.OK()) != c.ok {
				t.Errorf("%s by %s, %s (seed %d): entry by entry ok %v, %v; want %v", c.src, c.wrt, c.claim, seed, full.OK(), err, c.ok)
			}
		}
	}
}

// TestProbe: a Probe's Cost is CheckCost, and its Directional that of the
// function, whatever came before it on the probe.
func TestProbe(t *testing.T) {
	f, decls, err := parser.Parse("sum(exp(A x)) where A: n x n, x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	g, err := parser.ParseExpr("A' exp(A x)")
	if err != nil {
		t.Fatal(err)
	}
	all := ast.Add(ast.Frob(f, f), ast.Frob(g, g))
	info, err := ast.Check(all, decls)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := numeric.Random(all, info, 3, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, which := range []numeric.Which{numeric.WhichGradient, numeric.WhichHessian} {
		want, err := numeric.CheckCost(f, "x", which, info, inst)
		if err != nil {
			t.Fatal(err)
		}
		p, err := numeric.NewProbe(f, "x", info, inst)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Directional(g, numeric.WhichGradient, 5); err != nil {
			t.Fatal(err)
		}
		if got, err := p.Cost(which); err != nil || got != want {
			t.Errorf("%s: Cost %g %v, CheckCost %g", which, got, err, want)
		}
	}
	p, err := numeric.NewProbe(f, "x", info, inst)
	if err != nil {
		t.Fatal(err)
	}
	a, err1 := p.Directional(g, numeric.WhichGradient, 5)
	b, err2 := p.Directional(g, numeric.WhichGradient, 5)
	c, err3 := numeric.Directional(f, g, "x", numeric.WhichGradient, info, inst, 5)
	if err1 != nil || err2 != nil || err3 != nil || !a.OK() || a.MaxRelErr != b.MaxRelErr || a.MaxRelErr != c.MaxRelErr {
		t.Errorf("%v %v %v: %g %g %g", err1, err2, err3, a.MaxRelErr, b.MaxRelErr, c.MaxRelErr)
	}
}
