package main

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// TestMixedHessian: hessian --wrt x --wrt y prints the block d2f/dxdy, the
// Jacobian by y of the gradient by x, checked numerically here as the
// Jacobian of matdiff's gradient (itself checked) by y.
func TestMixedHessian(t *testing.T) {
	src := "x' A y + sum(exp(x .* (B y))) where x: n x 1, y: m x 1, A: n x m, B: n x m"
	code, grad, errs := matdiff(t, "grad", "-q", "--wrt", "x", src)
	if code != exitOK {
		t.Fatalf("grad: %d %s", code, errs)
	}
	verify(t, src, "x", strings.TrimSpace(grad))
	code, block, errs := matdiff(t, "hessian", "-q", "--wrt", "x", "--wrt", "y", src)
	if code != exitOK {
		t.Fatalf("hessian: %d %s", code, errs)
	}
	where := src[strings.Index(src, " where "):]
	verifyJacobian(t, strings.TrimSpace(grad)+where, "y", strings.TrimSpace(block), false)

	code, out, errs := matdiff(t, "hessian", "--wrt", "x", "--wrt", "y", src)
	if code != exitOK || !strings.Contains(out, "d2f/dxdy = ") || !strings.Contains(out, "shape: n x m") {
		t.Errorf("the full derivation does not name the block: %d %q %q", code, out, errs)
	}
	code, out, errs = matdiff(t, "hessian", "--wrt", "x", "--wrt", "y", "--wrt", "A", src)
	if code != exitInput || out != "" || !strings.Contains(errs, "hessian takes one variable, or two for a mixed block, not 3") {
		t.Errorf("three variables: %d %q %q", code, out, errs)
	}
}

// TestByScalar: jacobian --wrt t by a scalar t is dY/dt, with the shape of
// Y; the Jacobian of (x + t v)' A (x + t v) once came out n x n.
func TestByScalar(t *testing.T) {
	for _, tt := range []struct{ src, shape string }{
		{"(x + t v)' A (x + t v) where x: n x 1, v: n x 1, A: n x n, t: scalar", "scalar"},
		{"sin(t) A B x where t: scalar, x: n x 1, A: n x n, B: n x n", "n x 1"},
		{"inv(A + t B) where A: n x n, B: n x n, t: scalar", "n x n"},
	} {
		code, out, errs := matdiff(t, "jacobian", "-q", "--wrt", "t", tt.src)
		if code != exitOK {
			t.Errorf("%s: %d %s", tt.src, code, errs)
			continue
		}
		res := strings.TrimSpace(out)
		e, decls, err := parser.Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		info, err := ast.Check(e, decls)
		if err != nil {
			t.Fatal(err)
		}
		r, err := parser.ParseExpr(res)
		if err != nil {
			t.Fatalf("%s: result %q does not parse: %v", tt.src, res, err)
		}
		if s, err := info.ShapeOf(r); err != nil || s.String() != tt.shape {
			t.Errorf("%s: result %s has shape %v (%v); want %s", tt.src, res, s, err, tt.shape)
		}
		// dY/dt: the Jacobian of vec(Y) by t is vec(dY/dt).
		for seed := int64(1); seed <= 3; seed++ {
			inst, err := numeric.Random(e, info, seed, numeric.Options{})
			if err != nil {
				t.Fatal(err)
			}
			chk, err := numeric.Jacobian(ast.Fn(ast.FnVec, e), ast.Fn(ast.FnVec, r), "t", info, inst)
			if err != nil {
				t.Fatal(err)
			}
			if !(chk.MaxRelErr < numeric.Tol) {
				t.Errorf("%s: dY/dt = %s is wrong: relative error %g", tt.src, res, chk.MaxRelErr)
			}
		}
	}
}
