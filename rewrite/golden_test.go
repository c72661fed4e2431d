package rewrite_test

// The golden files under testdata/derive hold derivations: a line
// "X: EXPR where DECLS" names the variable and the input ("jacobian x:"
// and "hessian x:" ask for those derivatives instead), and the lines
// after it, each indented by a tab, are the derivation as `matdiff grad
// --format text` prints it. A blank line ends a case; lines starting with
// # are comments. Every golden gradient is also checked against finite
// differences on random instances, and its text parsed back.
//
// To regenerate the expected output after a deliberate change:
//
//	go test ./rewrite -run TestGolden -update
//
// and read the diff before committing it.

import (
	"bytes"
	"flag"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

var eng = rewrite.MustNew(parser.ParsePattern)

// derive runs the whole path for one case and returns the derivation.
func derive(input, wrt string) (ast.Expr, *ast.Info, *rewrite.Derivation, error) {
	return golden.Derive(eng, input, wrt)
}

// checkNumerically compares the gradient with central differences on
// three random instances.
func checkNumerically(t *testing.T, where string, e ast.Expr, info *ast.Info, d *rewrite.Derivation) {
	t.Helper()
	if d.What == rewrite.Differential {
		checkDifferential(t, where, e, info, d)
		return
	}
	if d.What == rewrite.Hessian && d.Grad != nil && d.Grad.Wrt != d.Wrt {
		checkMixed(t, where, e, info, d)
		return
	}
	// Fix the size of every I in the result from the shape it must have.
	x := ast.S(d.Wrt)
	shaped := ast.Frob(d.Result, x)
	vx := ast.Fn(ast.FnVec, x)
	switch d.What {
	case rewrite.Jacobian:
		shaped = ast.Frob(d.Result, ast.Mul(e, ast.T(x)))
	case rewrite.Hessian:
		shaped = ast.Frob(d.Result, ast.Mul(vx, ast.T(vx)))
	case rewrite.VecJacobian:
		shaped = ast.Frob(d.Result, ast.Mul(ast.Fn(ast.FnVec, e), ast.T(vx)))
	}
	if _, err := info.ShapeOf(shaped); err != nil && !d.Zero {
		t.Errorf("%s: result %s does not have the shape it should: %v", where, ast.Text(d.Result), err)
		return
	}
	result := d.Result
	if d.Zero {
		// A zero of the right shape: 0 times anything of that shape.
		result = ast.Mul(ast.N(0), shaped.Y)
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(e, info, seed, numeric.Options{})
		if err != nil {
			t.Errorf("%s: random instance: %v", where, err)
			return
		}
		check := numeric.Gradient
		switch d.What {
		case rewrite.Jacobian, rewrite.VecJacobian:
			check = numeric.Jacobian
		case rewrite.Hessian:
			check = numeric.Hessian
		}
		f := e
		if d.What == rewrite.VecJacobian {
			f = ast.Fn(ast.FnVec, e)
		}
		if xs, _ := info.Name(d.Wrt); d.What == rewrite.Jacobian && xs.IsScalar() && !d.Zero {
			// dY/dt of a matrix Y: the Jacobian of vec(Y) is vec(dY/dt).
			f, result = ast.Fn(ast.FnVec, e), ast.Fn(ast.FnVec, result)
		}
		res, err := check(f, result, d.Wrt, info, inst)
		if err != nil {
			t.Errorf("%s: numeric check: %v", where, err)
			return
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Errorf("%s: gradient %s is wrong: relative error %.3g at (%d,%d) (seed %d, sizes %v)",
				where, ast.Text(d.Result), res.MaxRelErr, res.Row+1, res.Col+1, seed, inst.Dims)
			return
		}
	}
}

func TestGolden(t *testing.T) {
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	total, jacobians := 0, 0
	for _, path := range files {
		cases, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			total++
			where := c.Where()
			e, info, d, err := derive(c.Input, c.Wrt)
			if d != nil && d.What != rewrite.Gradient {
				jacobians++
			}
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			var out bytes.Buffer
			if err := render.Derivation(&out, d, render.Options{Format: ast.FormatText}); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if *update {
				c.Want = got
			} else if got != c.Want {
				t.Errorf("%s: derivation differs\n--- got\n%s--- want\n%s", where, got, c.Want)
			}
			if d.Info == info {
				t.Errorf("%s: the derivation works on the caller's Info", where)
			}
			// The derivation's own Info knows the size of every I it made.
			checkNumerically(t, where, e, d.Info, d)
			// The result in text parses back to the same expression (a
			// differential holds dX, which is no name of the language).
			back, err := parser.ParseExpr(ast.Text(d.Result))
			if d.What == rewrite.Differential {
				continue
			}
			if err != nil {
				t.Errorf("%s: result %q does not parse: %v", where, ast.Text(d.Result), err)
			} else if !ast.Equal(back, d.Result) {
				t.Errorf("%s: result %q parses to a different tree", where, ast.Text(d.Result))
			}
		}
		if *update {
			if err := golden.Write(path, cases); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d golden derivations, %d of them Jacobians or Hessians", total, jacobians)
}

// checkDifferential checks dY in matrix form: with dX replaced by a random
// direction V, it must equal d/dt Y(X + tV) at t = 0, which the numeric
// Jacobian by the scalar t gives.
func checkDifferential(t *testing.T, where string, e ast.Expr, info *ast.Info, d *rewrite.Derivation) {
	t.Helper()
	const dir, step = "V_dir", "t_step"
	xs, _ := info.Name(d.Wrt)
	moved := ast.Map(e, func(x ast.Expr) ast.Expr {
		if s, ok := x.(*ast.Sym); ok && s.Name == d.Wrt {
			return ast.Add(s, ast.Mul(ast.S(step), ast.S(dir)))
		}
		return x
	})
	dy := ast.Map(d.Result, func(x ast.Expr) ast.Expr {
		if u, ok := x.(*ast.Unary); ok && u.Op == ast.OpDiff {
			return ast.S(dir)
		}
		return x
	})
	decls := info.Decls()
	decls = append(decls, ast.Decl{Name: dir, Shape: xs}, ast.Decl{Name: step, Shape: ast.Scalar})
	f, claim := ast.Fn(ast.FnVec, moved), ast.Fn(ast.FnVec, dy)
	info2, err := ast.Check(ast.Add(ast.Frob(f, f), ast.Frob(claim, claim)), decls)
	if err != nil {
		t.Errorf("%s: differential %s does not fit: %v", where, ast.Text(d.Result), err)
		return
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(ast.Add(ast.Frob(f, f), ast.Frob(claim, claim)), info2, seed, numeric.Options{})
		if err != nil {
			t.Errorf("%s: random instance: %v", where, err)
			return
		}
		inst.Vals[step].Set(0, 0, 0)
		res, err := numeric.Jacobian(f, claim, step, info2, inst)
		if err != nil {
			t.Errorf("%s: numeric check: %v", where, err)
			return
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Errorf("%s: differential %s is wrong: relative error %.3g (seed %d)", where, ast.Text(d.Result), res.MaxRelErr, seed)
			return
		}
	}
}

// checkMixed checks a mixed block ∂²f/∂x∂yᵀ in two parts: the gradient by
// x, and the Jacobian of that gradient (as an expression) by y; both right
// make the block right.
func checkMixed(t *testing.T, where string, e ast.Expr, info *ast.Info, d *rewrite.Derivation) {
	t.Helper()
	checkNumerically(t, where+" (the gradient)", e, info, d.Grad)
	g, result := d.Of, d.Result
	if d.Zero {
		return // the gradient's check covers a block that is zero
	}
	if gs := info.Shape(g); !gs.IsColumn() {
		g = ast.Fn(ast.FnVec, g)
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(e, info, seed, numeric.Options{})
		if err != nil {
			t.Errorf("%s: random instance: %v", where, err)
			return
		}
		res, err := numeric.Jacobian(g, result, d.Wrt, info, inst)
		if err != nil {
			t.Errorf("%s: numeric check: %v", where, err)
			return
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Errorf("%s: mixed block %s is wrong: relative error %.3g at (%d,%d) (seed %d, sizes %v)",
				where, ast.Text(d.Result), res.MaxRelErr, res.Row+1, res.Col+1, seed, inst.Dims)
			return
		}
	}
}
