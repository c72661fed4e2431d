package numeric_test

import (
	"fmt"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// TestPanicBoundary: every exported function of the package returns an
// error for a tree the parser never makes (a nil operand, a call without
// its argument, an operator or function that does not exist) and for
// missing shapes or values, and never panics.
func TestPanicBoundary(t *testing.T) {
	e, decls, err := parser.Parse("tr(X) + x' X x where X: n x n, x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := numeric.Random(e, info, 1, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	X, x := ast.S("X"), ast.S("x")
	bad := map[string]ast.Expr{
		"nil operand":      ast.Fn(ast.FnTr, ast.Add(X, nil)),
		"nil":              nil,
		"call without arg": ast.Add(ast.Fn(ast.FnTr, X), &ast.Call{Fun: ast.FnDet}),
		"unknown operator": ast.Fn(ast.FnTr, &ast.Binary{Op: ast.Op(200), X: X, Y: X}),
		"unknown function": &ast.Call{Fun: ast.Func(200), Args: []ast.Expr{ast.Fn(ast.FnTr, X)}},
		"nil unary":        ast.Fn(ast.FnTr, ast.T(nil)),
	}
	fns := map[string]func(ast.Expr, *ast.Info, *numeric.Instance) error{
		"Eval": func(f ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Eval(f, in, is)
			return err
		},
		"Random": func(f ast.Expr, in *ast.Info, _ *numeric.Instance) error {
			_, err := numeric.Random(f, in, 1, numeric.Options{})
			return err
		},
		"Gradient f": func(f ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Gradient(f, X, "X", in, is)
			return err
		},
		"Gradient g": func(g ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Gradient(e, g, "X", in, is)
			return err
		},
		"Jacobian y": func(y ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Jacobian(y, X, "x", in, is)
			return err
		},
		"Jacobian J": func(J ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Jacobian(ast.Mul(X, x), J, "x", in, is)
			return err
		},
		"Hessian f": func(f ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Hessian(f, ast.Mul(x, ast.T(x)), "x", in, is)
			return err
		},
		"Hessian H": func(H ast.Expr, in *ast.Info, is *numeric.Instance) error {
			_, err := numeric.Hessian(e, H, "x", in, is)
			return err
		},
	}
	for name, fn := range fns {
		for what, f := range bad {
			err := noPanic(func() error { return fn(f, info, inst) })
			if name == "Random" && (what == "unknown operator" || what == "unknown function") {
				continue // Random looks at names and shapes only, and these have both
			}
			if err == nil {
				t.Errorf("%s with %s: no error", name, what)
			}
		}
		if err := noPanic(func() error { return fn(e, nil, inst) }); err == nil {
			t.Errorf("%s with no shapes: no error", name)
		}
		if name != "Random" {
			if err := noPanic(func() error { return fn(e, info, nil) }); err == nil {
				t.Errorf("%s with no instance: no error", name)
			}
			empty := &numeric.Instance{}
			if err := noPanic(func() error { return fn(e, info, empty) }); err == nil {
				t.Errorf("%s with an empty instance: no error", name)
			}
		}
	}
}

// noPanic runs f and fails the test, by a panic of its own, if a panic
// escapes f.
func noPanic(f func() error) error {
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("the panic escaped: %v", r))
		}
	}()
	return f()
}
