package rewrite_test

import (
	"fmt"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// malformed are trees the parser never makes, each with a name X: a nil
// operand, a call without its argument, an operator that does not exist.
// Inside the engine they panic; the entry points must turn that into an
// error.
func malformed() map[string]ast.Expr {
	x := ast.S("X")
	return map[string]ast.Expr{
		"nil operand":      ast.Fn(ast.FnTr, ast.Add(x, nil)),
		"call without arg": ast.Add(ast.Fn(ast.FnTr, x), &ast.Call{Fun: ast.FnDet}),
		"unknown operator": ast.Fn(ast.FnTr, &ast.Binary{Op: ast.Op(200), X: x, Y: x}),
		"unknown function": &ast.Call{Fun: ast.Func(200), Args: []ast.Expr{ast.Fn(ast.FnTr, x)}},
		"nil unary":        ast.Fn(ast.FnTr, ast.T(nil)),
	}
}

// TestPanicBoundary: every entry point of the engine returns an error for
// a malformed tree, or for no shape information, and never panics.
func TestPanicBoundary(t *testing.T) {
	e, decls, err := parser.Parse("tr(X) + x' X x where X: n x n, x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error){
		"Grad": eng.Grad, "Jacobian": eng.Jacobian, "Hessian": eng.Hessian,
		"Differential": eng.Differential, "VecJacobian": eng.VecJacobian,
	}
	cases := malformed()
	cases["no shapes"] = e
	for name, by := range entries {
		for what, f := range cases {
			in := info
			if what == "no shapes" {
				in = nil
			}
			_, err := call(by, f, in, "X")
			if err == nil {
				t.Errorf("%s of a tree with %s: no error", name, what)
			}
		}
	}
}

// call calls by and turns a panic that escapes it into a test failure's
// error.
func call(by func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error), f ast.Expr, info *ast.Info, wrt string) (d *rewrite.Derivation, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, nil
			panic(fmt.Sprintf("the panic escaped: %v", r))
		}
	}()
	return by(f, info, wrt)
}
