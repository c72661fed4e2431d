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

// Small constructors.

var (
	n   = ast.Named("n")
	m   = ast.Named("m")
	one = ast.Known(1)
)

func sym(name string) *ast.Sym { return ast.S(name) }
func num(v float64) *ast.Num   { return ast.N(v) }
func fn(f ast.Func, args ...ast.Expr) ast.Expr {
	return ast.Fn(f, args...)
}
func bin(op ast.Op, x, y ast.Expr) ast.Expr { return ast.Bin(op, x, y) }

func decl(name string, r, c ast.Dim) ast.Decl {
	return ast.Decl{Name: name, Shape: ast.Shape{Rows: r, Cols: c}}
}

func symDecl(name string, d ast.Dim) ast.Decl {
	return ast.Decl{Name: name, Shape: ast.Shape{Rows: d, Cols: d}, Symmetric: true}
}

func dense(r, c int, vals ...float64) *mat.Dense { return mat.NewDense(r, c, vals) }

func check(t testing.TB, e ast.Expr, decls ast.Decls) *ast.Info {
	t.Helper()
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatalf("check %s: %v", ast.Text(e), err)
	}
	return info
}

// The fixed point of the hand-computed tests: n = 2.
var (
	fixedDecls = ast.Decls{
		decl("A", n, n), decl("B", n, n), decl("C", n, n), decl("Z", n, n),
		decl("x", n, one), decl("y", n, one), decl("v", n, one), decl("w", m, one),
		decl("s", one, one), decl("z", one, one), decl("q", one, one),
		decl("R", n, m),
	}
	fixedVals = map[string]*mat.Dense{
		"A": dense(2, 2, 1, 2, 3, 4),
		"B": dense(2, 2, 0.5, -1, 2, 0),
		"C": dense(2, 2, 2, 4, 1, 8),
		"Z": dense(2, 2, 1, 2, 2, 4), // singular
		"x": dense(2, 1, 1, 2),
		"y": dense(2, 1, 3, -1),
		"v": dense(2, 1, 0.5, -0.25),
		"w": dense(3, 1, 1, 0, -1),
		"s": dense(1, 1, 2),
		"z": dense(1, 1, 0),
		"q": dense(1, 1, 4),
		"R": dense(2, 3, 1, 0, 2, -1, 1, 0),
	}
)

func fixed() *numeric.Instance {
	return &numeric.Instance{Dims: map[string]int{"n": 2, "m": 3}, Vals: fixedVals}
}

func eval(t *testing.T, e ast.Expr) (*mat.Dense, error) {
	t.Helper()
	info, err := ast.Check(e, fixedDecls)
	if err != nil {
		t.Fatalf("check %s: %v", ast.Text(e), err)
	}
	return numeric.Eval(e, info, fixed())
}

func TestEvalValues(t *testing.T) {
	A, B, C, x, y, v, s, q := sym("A"), sym("B"), sym("C"), sym("x"), sym("y"), sym("v"), sym("s"), sym("q")
	sig := func(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
	tests := []struct {
		e    ast.Expr
		want *mat.Dense
	}{
		// Operators.
		{ast.Mul(A, B), dense(2, 2, 4.5, -1, 9.5, -3)},
		{ast.Add(A, B), dense(2, 2, 1.5, 1, 5, 4)},
		{ast.Sub(A, B), dense(2, 2, 0.5, 3, 1, 4)},
		{ast.Had(A, B), dense(2, 2, 0.5, -2, 6, 0)},
		{bin(ast.OpHDiv, A, C), dense(2, 2, 0.5, 0.5, 3, 0.5)},
		{bin(ast.OpDiv, A, s), dense(2, 2, 0.5, 1, 1.5, 2)},
		{ast.Frob(A, B), dense(1, 1, 4.5)},
		{ast.T(A), dense(2, 2, 1, 3, 2, 4)},
		{ast.Inv(A), dense(2, 2, -2, 1, 1.5, -0.5)},
		{ast.Neg(A), dense(2, 2, -1, -2, -3, -4)},
		{bin(ast.OpPow, A, num(2)), dense(2, 2, 7, 10, 15, 22)},
		{bin(ast.OpPow, A, num(3)), dense(2, 2, 37, 54, 81, 118)},
		{bin(ast.OpPow, A, num(0)), dense(2, 2, 1, 0, 0, 1)},
		{bin(ast.OpPow, A, num(-1)), dense(2, 2, -2, 1, 1.5, -0.5)},
		{bin(ast.OpPow, A, num(-2)), dense(2, 2, 5.5, -2.5, -3.75, 1.75)},
		{bin(ast.OpPow, q, num(0.5)), dense(1, 1, 2)},
		{bin(ast.OpPow, q, num(-1)), dense(1, 1, 0.25)},
		{bin(ast.OpEPow, A, num(2)), dense(2, 2, 1, 4, 9, 16)},
		{bin(ast.OpEPow, C, num(0.5)), dense(2, 2, math.Sqrt2, 2, 1, math.Sqrt(8))},
		{bin(ast.OpEPow, C, num(-1)), dense(2, 2, 0.5, 0.25, 1, 0.125)},
		{ast.MulAll(ast.T(x), A, x), dense(1, 1, 27)},
		{ast.Mul(ast.T(x), y), dense(1, 1, 1)},
		{ast.Mul(x, ast.T(y)), dense(2, 2, 3, -1, 6, -2)},
		// Functions.
		{fn(ast.FnTr, A), dense(1, 1, 5)},
		{fn(ast.FnDet, A), dense(1, 1, -2)},
		{fn(ast.FnLogdet, C), dense(1, 1, math.Log(12))},
		{fn(ast.FnDiag, A), dense(2, 1, 1, 4)},
		{fn(ast.FnDiagM, x), dense(2, 2, 1, 0, 0, 2)},
		{fn(ast.FnVec, A), dense(4, 1, 1, 3, 2, 4)},
		{fn(ast.FnVec, sym("R")), dense(6, 1, 1, -1, 0, 1, 2, 0)},
		{fn(ast.FnKron, A, x), dense(4, 2, 1, 2, 2, 4, 3, 4, 6, 8)},
		{fn(ast.FnKron, x, ast.T(y)), dense(2, 2, 3, -1, 6, -2)},
		{fn(ast.FnSum, A), dense(1, 1, 10)},
		{fn(ast.FnNorm, A), dense(1, 1, math.Sqrt(30))},
		{fn(ast.FnNorm1, B), dense(1, 1, 3.5)},
		{fn(ast.FnExp, v), dense(2, 1, math.Exp(0.5), math.Exp(-0.25))},
		{fn(ast.FnLog, x), dense(2, 1, 0, math.Log(2))},
		{fn(ast.FnSin, v), dense(2, 1, math.Sin(0.5), math.Sin(-0.25))},
		{fn(ast.FnCos, v), dense(2, 1, math.Cos(0.5), math.Cos(-0.25))},
		{fn(ast.FnTan, v), dense(2, 1, math.Tan(0.5), math.Tan(-0.25))},
		{fn(ast.FnArcsin, v), dense(2, 1, math.Asin(0.5), math.Asin(-0.25))},
		{fn(ast.FnArccos, v), dense(2, 1, math.Acos(0.5), math.Acos(-0.25))},
		{fn(ast.FnArctan, v), dense(2, 1, math.Atan(0.5), math.Atan(-0.25))},
		{fn(ast.FnTanh, v), dense(2, 1, math.Tanh(0.5), math.Tanh(-0.25))},
		{fn(ast.FnSqrt, x), dense(2, 1, 1, math.Sqrt2)},
		{fn(ast.FnSigmoid, v), dense(2, 1, sig(0.5), sig(-0.25))},
		{fn(ast.FnSigmoid, ast.Mul(num(-1000), x)), dense(2, 1, 0, 0)},
		{fn(ast.FnAbs, v), dense(2, 1, 0.5, 0.25)},
		{fn(ast.FnSign, B), dense(2, 2, 1, -1, 1, 0)},
		{fn(ast.FnRelu, B), dense(2, 2, 0.5, 0, 2, 0)},
		{fn(ast.FnStep, B), dense(2, 2, 1, 0, 1, 0)},
		// Broadcast and scaling.
		{ast.Add(num(1), x), dense(2, 1, 2, 3)},
		{ast.Sub(x, num(1)), dense(2, 1, 0, 1)},
		{ast.Sub(num(1), A), dense(2, 2, 0, -1, -2, -3)},
		{ast.Had(s, A), dense(2, 2, 2, 4, 6, 8)},
		{bin(ast.OpHDiv, num(1), x), dense(2, 1, 1, 0.5)},
		{bin(ast.OpHDiv, A, num(2)), dense(2, 2, 0.5, 1, 1.5, 2)},
		{ast.Mul(s, A), dense(2, 2, 2, 4, 6, 8)},
		{ast.Mul(A, s), dense(2, 2, 2, 4, 6, 8)},
		{ast.MulAll(A, s, x), dense(2, 1, 10, 22)},
		{ast.MulAll(ast.T(x), y, ast.T(x)), dense(1, 2, 1, 2)}, // (x'y) x' with x'y a scalar
		{ast.MulAll(s, q, num(0.5)), dense(1, 1, 4)},
		{ast.Mul(ast.Mul(ast.T(x), y), A), dense(2, 2, 1, 2, 3, 4)},
		// Identity, sized by its neighbours.
		{ast.Add(A, ast.Eye()), dense(2, 2, 2, 2, 3, 5)},
		{ast.Mul(ast.Eye(), A), dense(2, 2, 1, 2, 3, 4)},
		{fn(ast.FnTr, ast.Mul(ast.Eye(), A)), dense(1, 1, 5)},
		{ast.MulAll(ast.T(x), ast.Eye(), x), dense(1, 1, 5)},
		{ast.Mul(sym("R"), ast.Eye()), dense(2, 3, 1, 0, 2, -1, 1, 0)},
		{fn(ast.FnTr, ast.Mul(ast.T(sym("R")), ast.Mul(ast.Eye(), sym("R")))), dense(1, 1, 7)},
		// Shared and repeated subexpressions.
		{ast.Add(ast.Mul(A, B), ast.Mul(A, B)), dense(2, 2, 9, -2, 19, -6)},
		// Ones, zeros, commutation, unvec (n = 2, m = 3).
		{fn(ast.FnOnes, sym("n")), dense(2, 1, 1, 1)},
		{fn(ast.FnOnes, sym("n"), sym("m")), dense(2, 3, 1, 1, 1, 1, 1, 1)},
		{ast.Mul(ast.T(fn(ast.FnOnes, sym("n"))), x), dense(1, 1, 3)},
		{fn(ast.FnZeros, ast.Mul(sym("m"), sym("n")), num(1)), dense(6, 1, 0, 0, 0, 0, 0, 0)},
		{ast.Add(A, fn(ast.FnZeros, sym("n"), sym("n"))), dense(2, 2, 1, 2, 3, 4)},
		{ast.Mul(fn(ast.FnComm, sym("n"), sym("m")), fn(ast.FnVec, sym("R"))), dense(6, 1, 1, 0, 2, -1, 1, 0)},
		{fn(ast.FnComm, num(2), num(1)), dense(2, 2, 1, 0, 0, 1)},
		// K_{n,m} K_{m,n} = I: two commutation matrices of one shape.
		{ast.Mul(fn(ast.FnComm, sym("m"), sym("n")), fn(ast.FnComm, sym("n"), sym("m"))), identity6()},
		{fn(ast.FnUnvec, fn(ast.FnVec, sym("R")), sym("n"), sym("m")), dense(2, 3, 1, 0, 2, -1, 1, 0)},
		{fn(ast.FnUnvec, fn(ast.FnVec, sym("R")), sym("m"), sym("n")), dense(3, 2, 1, 1, -1, 2, 0, 0)},
	}
	for _, tc := range tests {
		got, err := eval(t, tc.e)
		if err != nil {
			t.Errorf("%s: %v", ast.Text(tc.e), err)
			continue
		}
		if !mat.EqualApprox(got, tc.want, 1e-12) {
			t.Errorf("%s = %v, want %v", ast.Text(tc.e), mat.Formatted(got, mat.Squeeze()), mat.Formatted(tc.want, mat.Squeeze()))
		}
	}
}

// TestIdentityUndetermined: in tr(I) alone nothing fixes the size of I.
func TestIdentityUndetermined(t *testing.T) {
	e := ast.Add(fn(ast.FnTr, ast.Eye()), fn(ast.FnTr, sym("A")))
	info := check(t, e, ast.Decls{decl("A", n, n)})
	inst := &numeric.Instance{Dims: map[string]int{"n": 2}, Vals: map[string]*mat.Dense{"A": dense(2, 2, 1, 2, 3, 4)}}
	_, err := numeric.Eval(e, info, inst)
	var ae *ast.Error
	if !errors.As(err, &ae) || ae.Msg != "cannot tell the size of I: nothing around it fixes it" {
		t.Errorf("got %v", err)
	}
}

func TestKronIdentity(t *testing.T) {
	k := ast.Named("k")
	e := ast.Add(fn(ast.FnKron, sym("A"), sym("B")), ast.Eye())
	info := check(t, e, ast.Decls{decl("A", n, n), decl("B", k, k)})
	inst := &numeric.Instance{Dims: map[string]int{"n": 2, "k": 3}, Vals: map[string]*mat.Dense{
		"A": dense(2, 2, 1, 2, 3, 4),
		"B": identityMat(3),
	}}
	got, err := numeric.Eval(e, info, inst)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := got.Dims(); r != 6 || c != 6 {
		t.Fatalf("got %d×%d, want 6×6", r, c)
	}
	// kron(A, I3) + I6: entry (0,0) = 1 + 1, (0,3) = 2, (4,4) = 4 + 1.
	if got.At(0, 0) != 2 || got.At(0, 3) != 2 || got.At(4, 4) != 5 || got.At(0, 1) != 0 {
		t.Errorf("kron(A, B) + I = %v", mat.Formatted(got, mat.Squeeze()))
	}
}

func identityMat(k int) *mat.Dense {
	m := mat.NewDense(k, k, nil)
	for i := 0; i < k; i++ {
		m.Set(i, i, 1)
	}
	return m
}

func TestEvalErrors(t *testing.T) {
	A, B, Z, x, v, z := sym("A"), sym("B"), sym("Z"), sym("x"), sym("v"), sym("z")
	tests := []struct {
		e   ast.Expr
		msg string // the whole message, or a prefix when it ends in "..."
	}{
		{fn(ast.FnLog, v), "log of a non-positive entry -0.25 at (2,1)"},
		{fn(ast.FnLog, z), "log of a non-positive number 0"},
		{fn(ast.FnSqrt, v), "sqrt of a negative entry -0.25 at (2,1)"},
		{fn(ast.FnArcsin, x), "arcsin of an entry outside [-1, 1]: 2 at (2,1)"},
		{fn(ast.FnArccos, ast.Neg(x)), "arccos of an entry outside [-1, 1]: -2 at (2,1)"},
		{ast.Inv(Z), "inverse of a singular matrix..."},
		{bin(ast.OpPow, Z, num(-1)), "inverse of a singular matrix..."},
		{ast.Inv(z), "inverse of a singular matrix (the number 0)"},
		{fn(ast.FnLogdet, A), "logdet of a matrix with det <= 0 (det = -2)"},
		{fn(ast.FnLogdet, Z), "logdet of a matrix with det <= 0 (det = 0)"},
		{bin(ast.OpHDiv, A, B), "./ divides by a zero entry at (2,2)"},
		{bin(ast.OpDiv, A, z), "/ divides by zero"},
		{bin(ast.OpEPow, v, num(0.5)), ".^ of a negative entry -0.25 at (2,1) to the non-integer power 0.5"},
		{bin(ast.OpEPow, B, num(-1)), ".^ of a zero entry at (2,2) to the negative power -1"},
		{bin(ast.OpPow, ast.Neg(sym("q")), num(0.5)), "power of a negative number -4 to the non-integer exponent 0.5"},
		{bin(ast.OpPow, z, num(-2)), "power of zero to the negative exponent -2"},
		{ast.D(A), "cannot evaluate a differential"},
		{fn(ast.FnExp, ast.Mul(num(1000), x)), "exp produced an infinite entry at (1,1)"},
		{fn(ast.FnExp, ast.Mul(num(1000), sym("q"))), "exp produced an infinite value"},
		{bin(ast.OpEPow, ast.Mul(num(1e200), x), num(2)), "the element-wise power .^ produced an infinite entry at (1,1)"},
		{ast.Mul(ast.Mul(num(1e200), A), ast.Mul(num(1e200), A)), "the matrix product produced an infinite entry at (1,1)"},
	}
	for _, tc := range tests {
		_, err := eval(t, tc.e)
		var ae *ast.Error
		if !errors.As(err, &ae) {
			t.Errorf("%s: got %v (%T), want an *ast.Error", ast.Text(tc.e), err, err)
			continue
		}
		if p, ok := strings.CutSuffix(tc.msg, "..."); ok {
			if !strings.HasPrefix(ae.Msg, p) {
				t.Errorf("%s: got %q, want %q", ast.Text(tc.e), ae.Msg, tc.msg)
			}
		} else if ae.Msg != tc.msg {
			t.Errorf("%s: got %q, want %q", ast.Text(tc.e), ae.Msg, tc.msg)
		}
	}
}

func TestErrorPosition(t *testing.T) {
	pos := ast.Pos{Offset: 4, Line: 1, Col: 5}
	e := ast.Add(sym("x"), &ast.Call{Fun: ast.FnLog, Args: []ast.Expr{sym("v")}, At: pos})
	_, err := eval(t, e)
	var ae *ast.Error
	if !errors.As(err, &ae) || ae.Pos != pos {
		t.Fatalf("got %v, want an error at %v", err, pos)
	}
	if got := err.Error(); got != "1:5: log of a non-positive entry -0.25 at (2,1)" {
		t.Errorf("got %q", got)
	}
}

func TestValueErrors(t *testing.T) {
	e := ast.Mul(sym("A"), sym("x"))
	info := check(t, e, ast.Decls{decl("A", n, n), decl("x", n, one)})
	tests := []struct {
		inst *numeric.Instance
		msg  string
	}{
		{&numeric.Instance{Dims: map[string]int{"n": 3}, Vals: map[string]*mat.Dense{
			"A": mat.NewDense(3, 2, nil), "x": mat.NewDense(3, 1, nil)}},
			"value of A is 3×2, but A is n×n with n = 3"},
		{&numeric.Instance{Dims: map[string]int{"n": 3}, Vals: map[string]*mat.Dense{
			"A": mat.NewDense(3, 3, nil)}},
			"no value for x"},
		{&numeric.Instance{Dims: map[string]int{}, Vals: map[string]*mat.Dense{
			"A": mat.NewDense(3, 3, nil), "x": mat.NewDense(3, 1, nil)}},
			"no size for dimension n (in the shape of A, n×n)"},
		{&numeric.Instance{Dims: map[string]int{"n": 2}, Vals: map[string]*mat.Dense{
			"A": dense(2, 2, 1, math.NaN(), 0, 1), "x": mat.NewDense(2, 1, nil)}},
			"value of A has a NaN entry at (1,2)"},
	}
	for _, tc := range tests {
		_, err := numeric.Eval(e, info, tc.inst)
		var ae *ast.Error
		if !errors.As(err, &ae) || ae.Msg != tc.msg {
			t.Errorf("got %v, want %q", err, tc.msg)
		}
	}
	// A value declared symmetric must be.
	s := ast.MulAll(ast.T(sym("x")), sym("S"), sym("x"))
	info = check(t, s, ast.Decls{symDecl("S", n), decl("x", n, one)})
	_, err := numeric.Eval(s, info, &numeric.Instance{Dims: map[string]int{"n": 2}, Vals: map[string]*mat.Dense{
		"S": dense(2, 2, 1, 2, 3, 4), "x": dense(2, 1, 1, 1)}})
	if err == nil || !strings.Contains(err.Error(), "value of S is not symmetric") {
		t.Errorf("got %v, want a symmetry error", err)
	}
}

// TestEvalDoesNotChangeInputs: values of the instance come back untouched,
// and the result is a new matrix.
func TestEvalDoesNotChangeInputs(t *testing.T) {
	inst := fixed()
	A := inst.Vals["A"]
	before := mat.DenseCopyOf(A)
	e := ast.Mul(num(2), sym("A"))
	info := check(t, e, fixedDecls)
	got, err := numeric.Eval(sym("A"), info, inst)
	if err != nil {
		t.Fatal(err)
	}
	got.Set(0, 0, 100)
	if _, err := numeric.Eval(e, info, inst); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(A, before) {
		t.Errorf("A changed: %v", mat.Formatted(A))
	}
}

func TestMemo(t *testing.T) {
	A, B := sym("A"), sym("B")
	// Two separate trees for A B: computed once.
	e := ast.Add(ast.Mul(A, B), ast.Mul(sym("A"), sym("B")))
	info := check(t, e, fixedDecls)
	_, st, err := numeric.EvalStats(e, info, fixed())
	if err != nil {
		t.Fatal(err)
	}
	if st.Products != 1 {
		t.Errorf("A B + A B formed %d products, want 1", st.Products)
	}
	// A shared pointer too.
	ab := ast.Mul(A, B)
	e = ast.Had(ab, ab)
	info = check(t, e, fixedDecls)
	if _, st, err = numeric.EvalStats(e, info, fixed()); err != nil || st.Products != 1 {
		t.Errorf("shared A B: %d products, %v", st.Products, err)
	}
}

func TestChainOrder(t *testing.T) {
	const size = 40
	a, X, b := sym("a"), sym("X"), sym("b")
	decls := ast.Decls{decl("a", n, one), decl("X", n, n), decl("b", n, one)}
	inst := &numeric.Instance{Dims: map[string]int{"n": size}, Vals: map[string]*mat.Dense{}}
	for name, c := range map[string]int{"a": 1, "X": size, "b": 1} {
		v := mat.NewDense(size, c, nil)
		for i := 0; i < size; i++ {
			for j := 0; j < c; j++ {
				v.Set(i, j, math.Sin(float64(3*i+7*j+c)))
			}
		}
		inst.Vals[name] = v
	}
	// Naive value: ((a'X)X)X b, by hand.
	var w1, w2, w3, want mat.Dense
	w1.Mul(inst.Vals["a"].T(), inst.Vals["X"])
	w2.Mul(&w1, inst.Vals["X"])
	w3.Mul(&w2, inst.Vals["X"])
	want.Mul(&w3, inst.Vals["b"])
	for _, e := range []ast.Expr{
		ast.MulAll(ast.T(a), X, X, X, b),                         // left-associated
		ast.Mul(ast.T(a), ast.Mul(X, ast.Mul(X, ast.Mul(X, b)))), // right-associated
		ast.Mul(ast.Mul(ast.T(a), ast.Mul(X, X)), ast.Mul(X, b)), // mixed, with X X written
		ast.MulAll(num(2), ast.T(a), X, num(0.5), X, X, b),       // with scalars inside
	} {
		info := check(t, e, decls)
		got, st, err := numeric.EvalStats(e, info, inst)
		if err != nil {
			t.Fatal(err)
		}
		if st.MaxProduct > size {
			t.Errorf("%s formed a product of %d entries; want none larger than %d", ast.Text(e), st.MaxProduct, size)
		}
		if st.Flops > 3*size*size+size {
			t.Errorf("%s took %d multiply-adds, want at most %d", ast.Text(e), st.Flops, 3*size*size+size)
		}
		if math.Abs(got.At(0, 0)-want.At(0, 0)) > 1e-9*math.Max(1, math.Abs(want.At(0, 0))) {
			t.Errorf("%s = %g, want %g", ast.Text(e), got.At(0, 0), want.At(0, 0))
		}
	}
	// A X B C with a thin C: the DP must pick (A (X (B C))) over left to right.
	e := ast.MulAll(sym("P"), sym("Q"), sym("c"))
	info := check(t, e, ast.Decls{decl("P", n, n), decl("Q", n, n), decl("c", n, one)})
	pi := &numeric.Instance{Dims: map[string]int{"n": 10}, Vals: map[string]*mat.Dense{
		"P": mat.NewDense(10, 10, nil), "Q": mat.NewDense(10, 10, nil), "c": mat.NewDense(10, 1, nil)}}
	if _, st, err := numeric.EvalStats(e, info, pi); err != nil || st.Flops != 200 {
		t.Errorf("P Q c: %d multiply-adds (%v), want 200", st.Flops, err)
	}
}

func BenchmarkChain(b *testing.B) {
	const size = 300
	a, X, bb := sym("a"), sym("X"), sym("b")
	e := ast.MulAll(ast.T(a), X, X, X, bb)
	info := check(b, e, ast.Decls{decl("a", n, one), decl("X", n, n), decl("b", n, one)})
	inst, err := numeric.Random(e, info, 1, numeric.Options{Dims: map[string]int{"n": size}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := numeric.Eval(e, info, inst); err != nil {
			b.Fatal(err)
		}
	}
}

func identity6() *mat.Dense {
	m := mat.NewDense(6, 6, nil)
	for i := 0; i < 6; i++ {
		m.Set(i, i, 1)
	}
	return m
}
