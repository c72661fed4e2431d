package numeric_test

import (
	"math"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"gonum.org/v1/gonum/mat"
)

func TestRandomReproducible(t *testing.T) {
	e := ast.MulAll(ast.T(sym("x")), sym("A"), sym("B"), sym("y"))
	info := check(t, e, ast.Decls{decl("x", n, one), decl("A", n, m), decl("B", m, ast.Named("k")), decl("y", ast.Named("k"), one)})
	a, err := numeric.Random(e, info, 42, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := numeric.Random(e, info, 42, numeric.Options{})
	c, _ := numeric.Random(e, info, 43, numeric.Options{})
	for d, v := range a.Dims {
		if b.Dims[d] != v {
			t.Errorf("same seed, dimension %s: %d and %d", d, v, b.Dims[d])
		}
	}
	same := true
	for name, v := range a.Vals {
		if !mat.Equal(v, b.Vals[name]) {
			t.Errorf("same seed, different values of %s", name)
		}
		if w := c.Vals[name]; w == nil || !mat.Equal(v, w) {
			same = false
		}
	}
	if same {
		t.Error("seeds 42 and 43 gave the same instance")
	}
	// Distinct sizes in 2..4 for three dimension names.
	if a.Dims["n"] == a.Dims["m"] || a.Dims["m"] == a.Dims["k"] || a.Dims["n"] == a.Dims["k"] {
		t.Errorf("sizes not distinct: %v", a.Dims)
	}
	for d, v := range a.Dims {
		if v < 2 || v > 4 {
			t.Errorf("size of %s is %d, not in [2, 4]", d, v)
		}
	}
	// Fixed sizes and a range.
	f, err := numeric.Random(e, info, 1, numeric.Options{Dims: map[string]int{"n": 7}, MinDim: 5, MaxDim: 9})
	if err != nil {
		t.Fatal(err)
	}
	if f.Dims["n"] != 7 || f.Dims["m"] < 5 || f.Dims["m"] > 9 || f.Dims["m"] == 7 {
		t.Errorf("dims %v", f.Dims)
	}
	if r, c := f.Vals["A"].Dims(); r != 7 || c != f.Dims["m"] {
		t.Errorf("A is %d×%d with dims %v", r, c, f.Dims)
	}
	if _, err := numeric.Eval(e, info, f); err != nil {
		t.Error(err)
	}
}

func TestRandomConstraints(t *testing.T) {
	A, B, C, S, x, y, u, w, P, s := sym("A"), sym("B"), sym("C"), sym("S"), sym("x"), sym("y"), sym("u"), sym("w"), sym("P"), sym("s")
	terms := []ast.Expr{
		fn(ast.FnLogdet, A),
		fn(ast.FnTr, ast.Inv(ast.T(B))),
		fn(ast.FnSum, fn(ast.FnLog, x)),
		fn(ast.FnSum, fn(ast.FnArcsin, y)),
		fn(ast.FnSum, fn(ast.FnSqrt, u)),
		fn(ast.FnSum, bin(ast.OpHDiv, x, w)),
		fn(ast.FnTr, bin(ast.OpPow, C, num(-2))),
		ast.MulAll(ast.T(x), S, x),
		fn(ast.FnLog, fn(ast.FnDet, P)),
		bin(ast.OpDiv, num(1), s),
		fn(ast.FnSum, bin(ast.OpEPow, w, num(-0.5))),
	}
	e := terms[0]
	for _, t := range terms[1:] {
		e = ast.Add(e, t)
	}
	info := check(t, e, ast.Decls{decl("A", n, n), symDecl("S", n), decl("x", n, one)})
	for seed := int64(0); seed < 50; seed++ {
		inst, err := numeric.Random(e, info, seed, numeric.Options{MinDim: 2, MaxDim: 6})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := numeric.Eval(e, info, inst); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, name := range []string{"A", "B", "C", "P"} {
			v := inst.Vals[name]
			if d := mat.Det(v); d <= 0 {
				t.Errorf("seed %d: det %s = %g", seed, name, d)
			}
			var lu mat.LU
			lu.Factorize(v)
			if c := lu.Cond(); c > 100 {
				t.Errorf("seed %d: %s has condition number %g", seed, name, c)
			}
		}
		if v := inst.Vals["A"]; mat.Equal(v, v.T()) {
			t.Errorf("seed %d: A is symmetric, though not declared so", seed)
		}
		if v := inst.Vals["S"]; !mat.Equal(v, v.T()) {
			t.Errorf("seed %d: S is not symmetric", seed)
		}
		for _, name := range []string{"x", "u", "w", "s"} {
			if mat.Min(inst.Vals[name]) <= 0 {
				t.Errorf("seed %d: %s has a non-positive entry", seed, name)
			}
		}
		if mat.Max(inst.Vals["y"]) >= 0.5 || mat.Min(inst.Vals["y"]) <= -0.5 {
			t.Errorf("seed %d: y outside (-0.5, 0.5)", seed)
		}
	}
}

// gradCase is a scalar function, a variable and a claimed gradient.
type gradCase struct {
	name  string
	f, g  ast.Expr
	wrt   string
	decls ast.Decls
	ok    bool // whether the claim is right
}

func TestGradient(t *testing.T) {
	A, X, x, S, y := sym("A"), sym("X"), sym("x"), sym("S"), sym("y")
	vec := ast.Decls{decl("x", n, one), decl("A", n, n)}
	mats := ast.Decls{decl("A", m, n), decl("X", n, m)}
	sq := ast.Decls{decl("X", n, n), decl("A", n, n)}
	sy := ast.Decls{symDecl("S", n), decl("x", n, one), decl("A", n, n)}
	xtAx := ast.MulAll(ast.T(x), A, x)
	cases := []gradCase{
		{"x'Ax", xtAx, ast.Mul(ast.Add(A, ast.T(A)), x), "x", vec, true},
		{"x'Ax wrong", xtAx, ast.MulAll(num(2), A, x), "x", vec, false},
		{"x'Ax wrt A", xtAx, ast.Mul(x, ast.T(x)), "A", vec, true},
		{"x'Ax wrt A, wrong", xtAx, ast.Mul(A, ast.Mul(x, ast.T(x))), "A", vec, false},
		{"tr(AX)", fn(ast.FnTr, ast.Mul(A, X)), ast.T(A), "X", mats, true},
		{"tr(AX) wrong", fn(ast.FnTr, ast.Mul(A, X)), ast.MulAll(sym("J"), ast.T(A)), "X", append(mats, decl("J", n, n)), false},
		{"sum(exp(x))", fn(ast.FnSum, fn(ast.FnExp, x)), fn(ast.FnExp, x), "x", vec, true},
		{"sum(exp(x)) wrong", fn(ast.FnSum, fn(ast.FnExp, x)), x, "x", vec, false},
		{"logdet(X)", fn(ast.FnLogdet, X), ast.T(ast.Inv(X)), "X", sq, true},
		{"logdet(X) wrong", fn(ast.FnLogdet, X), ast.Inv(X), "X", sq, false},
		{"tr(inv(X) A)", fn(ast.FnTr, ast.Mul(ast.Inv(X), A)), ast.Neg(ast.T(ast.MulAll(ast.Inv(X), A, ast.Inv(X)))), "X", sq, true},
		{"norm(x)", fn(ast.FnNorm, x), bin(ast.OpDiv, x, fn(ast.FnNorm, x)), "x", vec, true},
		{"sum(log(x))", fn(ast.FnSum, fn(ast.FnLog, x)), bin(ast.OpHDiv, num(1), x), "x", vec, true},
		{"y'sigmoid(Ax)", ast.Mul(ast.T(y), fn(ast.FnSigmoid, ast.Mul(A, x))),
			ast.Mul(ast.T(A), ast.Had(y, ast.Had(fn(ast.FnSigmoid, ast.Mul(A, x)), ast.Sub(num(1), fn(ast.FnSigmoid, ast.Mul(A, x)))))),
			"x", append(vec, decl("y", n, one)), true},
		// Symmetric S: the gradient of x'Sx is x x' (already symmetric);
		// of tr(A S) it is sym(A) = (A + A')/2, and A' is wrong.
		{"x'Sx wrt symmetric S", ast.MulAll(ast.T(x), S, x), ast.Mul(x, ast.T(x)), "S", sy, true},
		{"tr(AS) wrt symmetric S", fn(ast.FnTr, ast.Mul(A, S)), bin(ast.OpDiv, ast.Add(A, ast.T(A)), num(2)), "S", sy, true},
		{"tr(AS) wrt symmetric S, unsymmetrized", fn(ast.FnTr, ast.Mul(A, S)), ast.T(A), "S", sy, false},
		// The worked example of LANGUAGE.md, vector form.
		{"worked example",
			ast.MulAll(sym("a"), ast.Had(ast.Mul(sym("B"), ast.Had(ast.Mul(x, ast.T(sym("c"))), sym("D"))), sym("E")), sym("f")),
			ast.Mul(ast.Had(ast.Mul(ast.T(sym("B")), ast.Had(sym("E"), ast.Mul(ast.T(sym("a")), ast.T(sym("f"))))), sym("D")), sym("c")),
			"x",
			ast.Decls{decl("a", one, ast.Named("p")), decl("B", ast.Named("p"), ast.Named("b")), decl("x", ast.Named("b"), one),
				decl("c", ast.Named("e"), one), decl("D", ast.Named("b"), ast.Named("e")), decl("E", ast.Named("p"), ast.Named("e")),
				decl("f", ast.Named("e"), one)},
			true},
	}
	for _, tc := range cases {
		info := check(t, tc.f, tc.decls)
		for seed := int64(1); seed <= 3; seed++ {
			inst, err := numeric.Random(ast.Add(tc.f, ast.Frob(tc.g, tc.g)), info, seed, numeric.Options{})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			res, err := numeric.Gradient(tc.f, tc.g, tc.wrt, info, inst)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if tc.ok && res.MaxRelErr > numeric.Tol {
				t.Errorf("%s (seed %d): error %g at (%d,%d)\nnumeric %v\nsymbolic %v", tc.name, seed, res.MaxRelErr, res.Row, res.Col,
					mat.Formatted(res.Numeric, mat.Squeeze()), mat.Formatted(res.Symbolic, mat.Squeeze()))
			}
			if !tc.ok && res.MaxRelErr < 1e-2 {
				t.Errorf("%s (seed %d): a wrong gradient passes with error %g", tc.name, seed, res.MaxRelErr)
			}
		}
	}
}

func TestGradientFixed(t *testing.T) {
	// f = x'Ax at the fixed point: gradient (A + A')x = [2 5; 5 8][1 2]' = [12 21]'.
	x, A := sym("x"), sym("A")
	f := ast.MulAll(ast.T(x), A, x)
	info := check(t, f, fixedDecls)
	res, err := numeric.Gradient(f, ast.MulAll(num(2), A, x), "x", info, fixed())
	if err != nil {
		t.Fatal(err)
	}
	// 2Ax = [10 22]': off by 2 and 1; scale 21.
	if !mat.EqualApprox(res.Numeric, dense(2, 1, 12, 21), 1e-8) {
		t.Errorf("numeric gradient %v", mat.Formatted(res.Numeric))
	}
	if res.Row != 0 || res.Col != 0 || math.Abs(res.MaxRelErr-2.0/21) > 1e-8 {
		t.Errorf("got error %g at (%d,%d), want %g at (0,0)", res.MaxRelErr, res.Row, res.Col, 2.0/21)
	}
	// Errors: f not a scalar, g of the wrong shape, no such variable.
	if _, err := numeric.Gradient(ast.Mul(A, x), x, "x", info, fixed()); err == nil {
		t.Error("a non-scalar f passed")
	}
	if _, err := numeric.Gradient(f, ast.T(x), "x", info, fixed()); err == nil {
		t.Error("a gradient of the wrong shape passed")
	}
	if _, err := numeric.Gradient(f, x, "nope", info, fixed()); err == nil {
		t.Error("an unknown variable passed")
	}
}

func TestJacobian(t *testing.T) {
	W, x, Q := sym("W"), sym("x"), sym("Q")
	decls := ast.Decls{decl("W", m, n), decl("x", n, one), decl("Q", n, n)}
	cases := []struct {
		name string
		y, J ast.Expr
		ok   bool
	}{
		{"Wx", ast.Mul(W, x), W, true},
		{"Qx wrong", ast.Mul(Q, x), ast.T(Q), false},
		{"exp(Qx)", fn(ast.FnExp, ast.Mul(Q, x)), ast.Mul(fn(ast.FnDiagM, fn(ast.FnExp, ast.Mul(Q, x))), Q), true},
		{"x .* x", ast.Had(x, x), ast.Mul(num(2), fn(ast.FnDiagM, x)), true},
		{"x .* x wrong", ast.Had(x, x), fn(ast.FnDiagM, x), false},
	}
	for _, tc := range cases {
		info := check(t, ast.Add(fn(ast.FnSum, tc.y), fn(ast.FnSum, tc.J)), decls)
		inst, err := numeric.Random(ast.Add(fn(ast.FnSum, tc.y), fn(ast.FnSum, tc.J)), info, 7, numeric.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := numeric.Jacobian(tc.y, tc.J, "x", info, inst)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.ok != (res.MaxRelErr <= numeric.Tol) {
			t.Errorf("%s: error %g, want ok = %v", tc.name, res.MaxRelErr, tc.ok)
		}
	}
	// A Jacobian of the wrong shape is an error.
	info := check(t, ast.Mul(W, x), decls)
	inst, _ := numeric.Random(ast.Mul(W, x), info, 1, numeric.Options{})
	if _, err := numeric.Jacobian(ast.Mul(W, x), ast.T(W), "x", info, inst); err == nil {
		t.Error("a Jacobian of the wrong shape passed")
	}
}

func TestHessian(t *testing.T) {
	A, x := sym("A"), sym("x")
	decls := ast.Decls{decl("A", n, n), decl("x", n, one)}
	xtAx := ast.MulAll(ast.T(x), A, x)
	cases := []struct {
		name string
		f, H ast.Expr
		ok   bool
	}{
		{"x'Ax", xtAx, ast.Add(A, ast.T(A)), true},
		{"x'Ax wrong", xtAx, ast.Mul(num(2), A), false},
		{"sum(exp(x))", fn(ast.FnSum, fn(ast.FnExp, x)), fn(ast.FnDiagM, fn(ast.FnExp, x)), true},
		{"log(1 + x'x)", fn(ast.FnLog, ast.Add(num(1), ast.Mul(ast.T(x), x))),
			ast.Sub(bin(ast.OpDiv, ast.Mul(num(2), ast.Eye()), ast.Add(num(1), ast.Mul(ast.T(x), x))),
				bin(ast.OpDiv, ast.MulAll(num(4), x, ast.T(x)), bin(ast.OpPow, ast.Add(num(1), ast.Mul(ast.T(x), x)), num(2)))),
			true},
	}
	for _, tc := range cases {
		info := check(t, tc.f, decls)
		for seed := int64(1); seed <= 3; seed++ {
			inst, err := numeric.Random(tc.f, info, seed, numeric.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := numeric.Hessian(tc.f, tc.H, "x", info, inst)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if tc.ok && res.MaxRelErr > numeric.Tol {
				t.Errorf("%s (seed %d): error %g\nnumeric %v\nsymbolic %v", tc.name, seed, res.MaxRelErr,
					mat.Formatted(res.Numeric, mat.Squeeze()), mat.Formatted(res.Symbolic, mat.Squeeze()))
			}
			if !tc.ok && res.MaxRelErr < 1e-2 {
				t.Errorf("%s (seed %d): a wrong Hessian passes with error %g", tc.name, seed, res.MaxRelErr)
			}
		}
	}
}

// A Sampler's instances are Random's, seed by seed, in any order; those
// of an I's free size and of the needs of an inverse and a log too.
func TestSamplerIsRandom(t *testing.T) {
	k := ast.Named("k")
	e := ast.Add(ast.MulAll(ast.T(sym("x")), ast.Inv(sym("A")), sym("B"), sym("y")),
		ast.Add(ast.Fn(ast.FnSum, ast.Fn(ast.FnLog, sym("y"))), ast.Fn(ast.FnTr, &ast.Identity{})))
	info := check(t, e, ast.Decls{decl("x", n, one), decl("A", n, n), decl("B", n, k), decl("y", k, one)})
	opts := numeric.Options{MinDim: 2, MaxDim: 5}
	s, err := numeric.NewSampler(e, info, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []int64{7, 1, 2, 7, 3} {
		want, err := numeric.Random(e, info, seed, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Instance(seed)
		if err != nil {
			t.Fatal(err)
		}
		if got.Free != want.Free || len(got.Dims) != len(want.Dims) || len(got.Vals) != len(want.Vals) {
			t.Fatalf("seed %d: %+v, Random %+v", seed, got, want)
		}
		for d, v := range want.Dims {
			if got.Dims[d] != v {
				t.Errorf("seed %d, dimension %s: %d, Random %d", seed, d, got.Dims[d], v)
			}
		}
		for name, v := range want.Vals {
			if w := got.Vals[name]; w == nil || !mat.Equal(v, w) {
				t.Errorf("seed %d: the value of %s differs from Random's", seed, name)
			}
		}
	}
}
