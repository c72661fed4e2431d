package numeric_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"gonum.org/v1/gonum/mat"
)

// log of a subnormal number is right although math.Log on amd64 does not
// normalise subnormals (golang/go#56600); so is logdet of a matrix with
// subnormal pivots.
func TestLogSubnormal(t *testing.T) {
	info := check(t, fn(ast.FnLog, sym("s")), ast.Decls{decl("s", one, one)})
	for _, v := range []float64{1e-310, 5e-324, 0x1p-1030, 2.2250738585072014e-308, 1e-300, 3} {
		got, err := numeric.Eval(fn(ast.FnLog, sym("s")), info, &numeric.Instance{Vals: map[string]*mat.Dense{"s": dense(1, 1, v)}})
		if err != nil {
			t.Fatal(err)
		}
		// log(v) = log(v·2^k) - k log 2, with v·2^k normal.
		want := math.Log(v*0x1p60) - 60*math.Ln2
		if g := got.At(0, 0); math.Abs(g-want) > 1e-12*math.Abs(want) {
			t.Errorf("log(%g) = %.17g, want %.17g", v, g, want)
		}
	}
	A := fn(ast.FnLogdet, sym("A"))
	info = check(t, A, ast.Decls{decl("A", ast.Known(2), ast.Known(2))})
	got, err := numeric.Eval(A, info, &numeric.Instance{Vals: map[string]*mat.Dense{"A": dense(2, 2, 1e-310, 0, 0, 2)}})
	if err != nil {
		t.Fatal(err)
	}
	if want := -310*math.Ln10 + math.Ln2; math.Abs(got.At(0, 0)-want) > 1e-9 {
		t.Errorf("logdet = %.8g, want %.8g", got.At(0, 0), want)
	}
}

// log(det(A)) with a det that underflows to 0 says so and suggests logdet;
// a singular matrix keeps the message of a non-positive number.
func TestLogDetUnderflow(t *testing.T) {
	e := fn(ast.FnLog, fn(ast.FnDet, sym("A")))
	info := check(t, e, ast.Decls{decl("A", ast.Known(3), ast.Known(3))})
	small := dense(3, 3, 1e-150, 0, 0, 0, 1e-150, 0, 0, 0, 1e-150)
	_, err := numeric.Eval(e, info, &numeric.Instance{Vals: map[string]*mat.Dense{"A": small}})
	var ae *ast.Error
	if !errors.As(err, &ae) || !strings.HasPrefix(ae.Msg, "log of det(A), which underflowed to 0") || ae.Hint != "write logdet(A) for the log of the determinant, which does not form it" {
		t.Errorf("underflow: %v", err)
	}
	_, err = numeric.Eval(e, info, &numeric.Instance{Vals: map[string]*mat.Dense{"A": mat.NewDense(3, 3, nil)}})
	if err == nil || !strings.Contains(err.Error(), "log of a non-positive number 0") {
		t.Errorf("singular: %v", err)
	}
}

// An I whose size nothing fixes gets the size Instance.Free, which Random
// draws; the same seed gives the same size.
func TestFreeSize(t *testing.T) {
	e := ast.Mul(fn(ast.FnTr, &ast.Identity{}), ast.Mul(ast.T(sym("x")), sym("x")))
	info := check(t, e, ast.Decls{decl("x", n, one)})
	inst, err := numeric.Random(e, info, 1, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if inst.Free < 2 || inst.Free > 4 {
		t.Fatalf("free size %d, want 2..4", inst.Free)
	}
	got, err := numeric.Eval(e, info, inst)
	if err != nil {
		t.Fatal(err)
	}
	x := inst.Vals["x"]
	if want := float64(inst.Free) * mat.Dot(x.ColView(0), x.ColView(0)); math.Abs(got.At(0, 0)-want) > 1e-12 {
		t.Errorf("tr(I) x' x = %g, want %g", got.At(0, 0), want)
	}
	again, _ := numeric.Random(e, info, 1, numeric.Options{})
	if again.Free != inst.Free {
		t.Errorf("free size %d, then %d", inst.Free, again.Free)
	}
	// Without a free size, the I is an error as before.
	inst.Free = 0
	if _, err := numeric.Eval(e, info, inst); err == nil || !strings.Contains(err.Error(), "cannot tell the size of I") {
		t.Errorf("no free size: %v", err)
	}
}

// A check too costly for finite differences is refused before it starts,
// with the reason, as valid input beyond reach.
func TestCheckBudget(t *testing.T) {
	X := sym("X")
	f := fn(ast.FnTr, ast.Mul(ast.T(X), X))
	info := check(t, f, ast.Decls{decl("X", n, n)})
	big, err := numeric.Random(f, info, 1, numeric.Options{Dims: map[string]int{"n": 200}})
	if err != nil {
		t.Fatal(err)
	}
	err = numeric.CheckBudget(f, "X", numeric.WhichHessian, info, big)
	if !errors.Is(err, ast.ErrBeyondReach) || !strings.Contains(err.Error(), "6.4e+09 times (8 for each pair of entries of X, which has 40000)") {
		t.Errorf("Hessian n=200: %v", err)
	}
	if _, err := numeric.Hessian(f, ast.Mul(num(2), &ast.Identity{}), "X", info, big); !errors.Is(err, ast.ErrBeyondReach) {
		t.Errorf("Hessian itself: %v", err)
	}
	small, _ := numeric.Random(f, info, 1, numeric.Options{})
	for _, w := range []numeric.Which{numeric.WhichGradient, numeric.WhichJacobian, numeric.WhichHessian} {
		if err := numeric.CheckBudget(f, "X", w, info, small); err != nil {
			t.Errorf("%s of a small instance: %v", w, err)
		}
	}
}

// Finite differences that overflow are an error that IsOverflow knows,
// not a NaN in the result.
func TestOverflowingDifferences(t *testing.T) {
	x := sym("x")
	f := ast.Mul(num(1e308), ast.Mul(ast.T(x), x))
	info := check(t, f, ast.Decls{decl("x", ast.Known(2), one)})
	inst := &numeric.Instance{Vals: map[string]*mat.Dense{"x": dense(2, 1, 0.5, 0.5)}}
	_, err := numeric.Gradient(f, ast.Mul(num(2), ast.Mul(num(1e308), x)), "x", info, inst)
	if !numeric.IsOverflow(err) {
		t.Errorf("got %v, want an overflow", err)
	}
	if numeric.IsOverflow(errors.New("x")) || numeric.IsOverflow(nil) {
		t.Error("IsOverflow of other errors")
	}
}

// A Hessian or a Jacobian by a symmetric matrix is checked along symmetric
// directions: the right one passes, a wrong one fails, one of the wrong
// shape is an error.
func TestSymmetricAlong(t *testing.T) {
	S, A := sym("S"), sym("A")
	f := fn(ast.FnTr, ast.Mul(S, ast.Mul(A, S)))
	decls := ast.Decls{symDecl("S", n), decl("A", n, n)}
	info := check(t, f, decls)
	inst, err := numeric.Random(f, info, 1, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	H := ast.Add(ast.T(A), A)
	right := ast.Mul(num(0.5), ast.Add(fn(ast.FnKron, H, &ast.Identity{}), fn(ast.FnKron, &ast.Identity{}, H)))
	if _, err := info.ShapeOf(ast.Frob(right, ast.Mul(fn(ast.FnVec, S), ast.T(fn(ast.FnVec, S))))); err != nil {
		t.Fatal(err)
	}
	res, err := numeric.Hessian(f, right, "S", info, inst)
	if err != nil || !(res.MaxRelErr < numeric.Tol) {
		t.Errorf("right Hessian: %v %v", res.MaxRelErr, err)
	}
	if r, c := res.Numeric.Dims(); r != 1 || c != 3 {
		t.Errorf("%d×%d directions", r, c)
	}
	wrong := ast.Mul(num(1.1), right)
	if res, err := numeric.Hessian(f, wrong, "S", info, inst); err != nil || res.MaxRelErr < 1e-3 {
		t.Errorf("wrong Hessian: %v %v", res.MaxRelErr, err)
	}
	if _, err := numeric.Hessian(f, fn(ast.FnKron, A, A), "S", info, inst); err != nil {
		t.Errorf("kron(A, A) has the right shape: %v", err)
	}
	if _, err := numeric.Hessian(f, A, "S", info, inst); err == nil || !strings.Contains(err.Error(), "the Hessian is") {
		t.Errorf("a Hessian of the wrong shape: %v", err)
	}
	// The Jacobian of inv(S) by S: -kron(S^-1, S^-1).
	y := fn(ast.FnVec, ast.Inv(S))
	jinfo := check(t, y, ast.Decls{symDecl("S", n)})
	jinst, _ := numeric.Random(y, jinfo, 2, numeric.Options{})
	Si := ast.Inv(S)
	J := ast.Neg(fn(ast.FnKron, Si, Si))
	if res, err := numeric.Jacobian(y, J, "S", jinfo, jinst); err != nil || !(res.MaxRelErr < numeric.Tol) {
		t.Errorf("right Jacobian: %v %v", res.MaxRelErr, err)
	}
	if res, err := numeric.Jacobian(y, fn(ast.FnKron, Si, Si), "S", jinfo, jinst); err != nil || res.MaxRelErr < 1e-3 {
		t.Errorf("wrong Jacobian: %v %v", res.MaxRelErr, err)
	}
}

// The uncertainty of finite differences is allowed for: rounding where the
// value is large, a kink within the step; a wrong derivative still fails.
func TestUncertainDifferences(t *testing.T) {
	x := sym("x")
	xx := ast.Mul(ast.T(x), x)
	big := ast.Add(num(1e9), xx)
	info := check(t, big, ast.Decls{decl("x", ast.Known(3), one)})
	inst := &numeric.Instance{Vals: map[string]*mat.Dense{"x": dense(3, 1, 0.3, -0.7, 0.9)}}
	res, err := numeric.Gradient(big, ast.Mul(num(2), x), "x", info, inst)
	if err != nil || !res.OK() || res.MaxRelErr < numeric.Tol {
		t.Errorf("1e9 + x' x: %+v %v", res, err)
	}
	if res, err := numeric.Gradient(big, ast.Mul(num(3), x), "x", info, inst); err != nil || res.OK() {
		t.Errorf("1e9 + x' x with 3 x: %+v %v", res, err)
	}
	// |x| with an entry 2e-4 from its kink: the difference is no derivative.
	abs := fn(ast.FnSum, fn(ast.FnAbs, x))
	inst = &numeric.Instance{Vals: map[string]*mat.Dense{"x": dense(3, 1, 2e-4, -0.7, 0.9)}}
	res, err = numeric.Gradient(abs, fn(ast.FnSign, x), "x", info, inst)
	if err != nil || !res.OK() || res.MaxRelErr < 0.1 {
		t.Errorf("sum(abs(x)) at a kink: %+v %v", res, err)
	}
	if res, err := numeric.Gradient(abs, ast.Mul(num(-1), fn(ast.FnSign, x)), "x", info, inst); err != nil || res.OK() {
		t.Errorf("sum(abs(x)) with -sign(x): %+v %v", res, err)
	}
}

// An expression that varies too fast for finite differences leaves them
// unsettled: they cannot tell, whatever the claim; a smooth one settles.
func TestUnsettled(t *testing.T) {
	x := sym("x")
	xx := ast.Mul(ast.T(x), x)
	f := fn(ast.FnSin, ast.Mul(num(1e9), xx))
	info := check(t, f, ast.Decls{decl("x", ast.Known(2), one)})
	inst := &numeric.Instance{Vals: map[string]*mat.Dense{"x": dense(2, 1, 0.3, -0.7)}}
	right := ast.Mul(ast.Mul(num(2e9), fn(ast.FnCos, ast.Mul(num(1e9), xx))), x)
	res, err := numeric.Gradient(f, right, "x", info, inst)
	if err != nil || res.OK() || !res.Unsettled {
		t.Errorf("sin(1e9 x' x): %+v %v", res, err)
	}
	res, err = numeric.Gradient(xx, ast.Mul(num(3), x), "x", info, inst)
	if err != nil || res.OK() || res.Unsettled {
		t.Errorf("x' x with 3 x: %+v %v", res, err)
	}
}

// A derivative that swings at a scale below the smallest step cannot be
// checked, even where the finite differences settle: 1e-12 sin(1e12 s) is
// never larger than 1e-12, so its differences are all near 0, while its
// derivative cos(1e12 s) is of order 1 and takes another value a step
// away. The check says it cannot tell (Unsettled), rather than that the
// claim is wrong.
func TestUnresolved(t *testing.T) {
	s := sym("s")
	f := ast.Mul(num(1e-12), fn(ast.FnSin, ast.Mul(num(1e12), s)))
	info := check(t, f, ast.Decls{decl("s", one, one)})
	inst := &numeric.Instance{Vals: map[string]*mat.Dense{"s": dense(1, 1, 0.3)}}
	right := fn(ast.FnCos, ast.Mul(num(1e12), s))
	res, err := numeric.Gradient(f, right, "s", info, inst)
	if err != nil || res.OK() || !res.Unsettled {
		t.Errorf("1e-12 sin(1e12 s): %+v %v", res, err)
	}
	// A wrong claim that barely varies across the step still fails.
	res, err = numeric.Gradient(f, ast.Add(num(0.5), ast.Mul(num(1e-3), s)), "s", info, inst)
	if err != nil || res.OK() || res.Unsettled {
		t.Errorf("1e-12 sin(1e12 s) with 0.5 + s/1000: %+v %v", res, err)
	}
}

// A change that the rounding of an intermediate value swallows whole
// leaves the differences at exactly 0: sin(1e19 + s) takes the same value
// at s ± h for any step, since an ulp of 1e19 is 2048. The check cannot
// tell (Unsettled); where the differences see a change, a wrong claim
// still fails.
func TestRoundedAway(t *testing.T) {
	s := sym("s")
	arg := ast.Add(num(1e19), s)
	f := fn(ast.FnSin, arg)
	info := check(t, f, ast.Decls{decl("s", one, one)})
	inst := &numeric.Instance{Vals: map[string]*mat.Dense{"s": dense(1, 1, 0.3)}}
	res, err := numeric.Gradient(f, fn(ast.FnCos, arg), "s", info, inst)
	if err != nil || res.OK() || !res.Unsettled || res.Numeric.At(0, 0) != 0 {
		t.Errorf("sin(1e19 + s): %+v %v", res, err)
	}
	g := fn(ast.FnSin, ast.Add(num(1e3), s))
	info = check(t, g, ast.Decls{decl("s", one, one)})
	res, err = numeric.Gradient(g, fn(ast.FnSin, ast.Add(num(1e3), s)), "s", info, inst)
	if err != nil || res.OK() || res.Unsettled {
		t.Errorf("sin(1000 + s) with sin(1000 + s): %+v %v", res, err)
	}
}
