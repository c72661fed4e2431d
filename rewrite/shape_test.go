package rewrite_test

import (
	"math/rand/v2"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// exactShapes reports what is wrong with the shape of a result: a bare 0
// that stands for a matrix, a matrix of ones written A.^0, an I that is
// 1 x 1 (a scalar 1) or whose size nothing fixes, given the shape the
// result must have.
func exactShapes(t *testing.T, where string, d *rewrite.Derivation) {
	t.Helper()
	r := d.Result
	if n, ok := r.(*ast.Num); ok && n.Val == 0 && !d.Shape.IsScalar() {
		t.Errorf("%s: the zero result is a bare 0, not zeros(%s, %s)", where, d.Shape.Rows, d.Shape.Cols)
	}
	ast.Inspect(r, func(x ast.Expr) bool {
		if b, ok := x.(*ast.Binary); ok && b.Op == ast.OpEPow {
			if n, ok := b.Y.(*ast.Num); ok && n.Val == 0 {
				t.Errorf("%s: result %s writes ones as %s", where, ast.Text(r), ast.Text(x))
			}
		}
		return true
	})
	// The result beside a matrix of its shape: every I gets its size
	// (from the derivation, which sized each I where it made it).
	info := d.Info
	if s, err := info.ShapeOf(ast.Add(ast.Zeros(d.Shape), r)); err != nil || !s.Equal(d.Shape) {
		t.Errorf("%s: result %s does not have the shape %s: %v", where, ast.Text(r), d.Shape, err)
		return
	}
	ast.Inspect(r, func(x ast.Expr) bool {
		if _, ok := x.(*ast.Identity); !ok {
			return true
		}
		s, err := info.ShapeOf(x)
		switch {
		case err != nil:
			t.Errorf("%s: an I in %s has no size: %v", where, ast.Text(r), err)
		case s.IsScalar():
			t.Errorf("%s: an I in %s is 1 x 1, a scalar 1", where, ast.Text(r))
		}
		return true
	})
}

// TestExactShapes: golden and random results have their exact shapes.
func TestExactShapes(t *testing.T) {
	eachGolden(t, func(where string, d *rewrite.Derivation) {
		if d.What != rewrite.Differential {
			exactShapes(t, where, d)
		}
	})
	n := 300
	if testing.Short() {
		n = 50
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x72616e6465787072))
		gen, decls, wrt := randexpr.Generate(rng, randexpr.Options{})
		e, ds, err := parser.Parse(randexpr.Source(gen, decls))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		info, err := ast.Check(e, ds)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		d, err := eng.Grad(e, info, wrt)
		if err != nil {
			continue // the property test reports these
		}
		exactShapes(t, randexpr.Source(gen, decls)+" by "+wrt, d)
	}
}
