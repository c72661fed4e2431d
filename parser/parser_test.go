package parser_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

var update = flag.Bool("update", false, "rewrite testdata/grammar.ebnf from Grammar()")

// Tiny constructors for the operators ast has none for.
var (
	S, N, T, Mul, Had, Add, Sub, Frob = ast.S, ast.N, ast.T, ast.Mul, ast.Had, ast.Add, ast.Sub, ast.Frob
)

func Div(x, y ast.Expr) ast.Expr               { return ast.Bin(ast.OpDiv, x, y) }
func HDiv(x, y ast.Expr) ast.Expr              { return ast.Bin(ast.OpHDiv, x, y) }
func Pow(x ast.Expr, k float64) ast.Expr       { return ast.Bin(ast.OpPow, x, N(k)) }
func EPow(x ast.Expr, p float64) ast.Expr      { return ast.Bin(ast.OpEPow, x, N(p)) }
func Fn(f ast.Func, args ...ast.Expr) ast.Expr { return ast.Fn(f, args...) }

var parseTests = []struct {
	in   string
	want ast.Expr
}{
	// 7: atoms
	{"x", S("x")},
	{"W1", S("W1")},
	{"x_0", S("x_0")},
	{"alpha", S("alpha")},
	{"α", S("α")},
	{"Σ_k", S("Σ_k")},
	{"3", N(3)},
	{"0.5", N(0.5)},
	{".5", N(0.5)},
	{"1e-3", N(1e-3)},
	{"1e+21", N(1e21)},
	{"2.5E3", N(2500)},
	{"I", ast.Eye()},
	{"eye", ast.Eye()},
	{"(x)", S("x")},
	{"((x))", S("x")},
	{"tr(A)", Fn(ast.FnTr, S("A"))},
	{"norm2(A)", Fn(ast.FnNorm, S("A"))},
	{"norm(A)", Fn(ast.FnNorm, S("A"))},
	{"Diag(v)", Fn(ast.FnDiagM, S("v"))},
	{"kron(A, B)", Fn(ast.FnKron, S("A"), S("B"))},
	{"inv(A)", ast.Inv(S("A"))},
	{"sigmoid(W x)", Fn(ast.FnSigmoid, Mul(S("W"), S("x")))},
	{"x(y)", Mul(S("x"), S("y"))},
	{"trace (A)", Mul(S("trace"), S("A"))},
	// 6: postfix
	{"A'", T(S("A"))},
	{"Aᵀ", T(S("A"))},
	{"A^T", T(S("A"))},
	{"A''", T(T(S("A")))},
	{"A^-1", ast.Inv(S("A"))},
	{"A⁻¹", ast.Inv(S("A"))},
	{"A^2", Pow(S("A"), 2)},
	{"A^-2", Pow(S("A"), -2)},
	{"A^0", Pow(S("A"), 0)},
	{"A.^2", EPow(S("A"), 2)},
	{"A.^0.5", EPow(S("A"), 0.5)},
	{"A.^-1", EPow(S("A"), -1)},
	{"A.^+3", EPow(S("A"), 3)},
	{"A'^-1", ast.Inv(T(S("A")))},
	{"A^-1'", T(ast.Inv(S("A")))},
	{"tr(A)^2", Pow(Fn(ast.FnTr, S("A")), 2)},
	{"(A B)'", T(Mul(S("A"), S("B")))},
	// 5: * / .* ∘ ⊙ ./
	{"A * B", Mul(S("A"), S("B"))},
	{"A / s", Div(S("A"), S("s"))},
	{"A .* B", Had(S("A"), S("B"))},
	{"A ∘ B", Had(S("A"), S("B"))},
	{"A ⊙ B", Had(S("A"), S("B"))},
	{"A ./ B", HDiv(S("A"), S("B"))},
	{"A*x.*y", Had(Mul(S("A"), S("x")), S("y"))},
	{"A .* B * C", Mul(Had(S("A"), S("B")), S("C"))},
	{"A / 2 ./ B", HDiv(Div(S("A"), N(2)), S("B"))},
	{"1 ./ x", HDiv(N(1), S("x"))},
	{"A' .* B'", Had(T(S("A")), T(S("B")))},
	{"0.5*x'*A*x", Mul(Mul(Mul(N(0.5), T(S("x"))), S("A")), S("x"))},
	{"(y.*v)'*x", Mul(T(Had(S("y"), S("v"))), S("x"))},
	// 4: juxtaposition
	{"A B", Mul(S("A"), S("B"))},
	{"A B C", Mul(Mul(S("A"), S("B")), S("C"))},
	{"x' A x", Mul(Mul(T(S("x")), S("A")), S("x"))},
	{"B (X C) .* D", Mul(S("B"), Had(Mul(S("X"), S("C")), S("D")))},
	{"x c' .* D", Mul(S("x"), Had(T(S("c")), S("D")))},
	{"2 x", Mul(N(2), S("x"))},
	{"2x", Mul(N(2), S("x"))},
	{"A(B)", Mul(S("A"), S("B"))},
	{"W2 sigmoid(W1 x)", Mul(S("W2"), Fn(ast.FnSigmoid, Mul(S("W1"), S("x"))))},
	// 3: negation
	{"-x", ast.Neg(S("x"))},
	{"--x", ast.Neg(ast.Neg(S("x")))},
	{"-2", N(-2)},
	{"-(2)", N(-2)},
	{"--2", ast.Neg(N(-2))},
	{"-(-2)", ast.Neg(N(-2))},
	{"-2 x", ast.Neg(Mul(N(2), S("x")))},
	{"(-2) x", Mul(N(-2), S("x"))},
	{"-x' A x", ast.Neg(Mul(Mul(T(S("x")), S("A")), S("x")))},
	{"-2^2", ast.Neg(Pow(N(2), 2))},
	{"-A .* B", ast.Neg(Had(S("A"), S("B")))},
	// 2: + -
	{"A + B", Add(S("A"), S("B"))},
	{"A - B", Sub(S("A"), S("B"))},
	{"A - B + C", Add(Sub(S("A"), S("B")), S("C"))},
	{"A - -B", Sub(S("A"), ast.Neg(S("B")))},
	{"A -2", Sub(S("A"), N(2))},
	{"1 - tanh(z).^2", Sub(N(1), EPow(Fn(ast.FnTanh, S("z")), 2))},
	{"-A + B", Add(ast.Neg(S("A")), S("B"))},
	{"A B + C D", Add(Mul(S("A"), S("B")), Mul(S("C"), S("D")))},
	{"1 + exp(x)", Add(N(1), Fn(ast.FnExp, S("x")))},
	{"A − B", Sub(S("A"), S("B"))},
	// 1: Frobenius
	{"A : B", Frob(S("A"), S("B"))},
	{"A : B + C", Frob(S("A"), Add(S("B"), S("C")))},
	{"A + B : C", Frob(Add(S("A"), S("B")), S("C"))},
	{"A : B : C", Frob(Frob(S("A"), S("B")), S("C"))},
	// unicode forms the unicode printer makes
	{"A ⊗ B", Fn(ast.FnKron, S("A"), S("B"))},
	{"A ⊘ B", HDiv(S("A"), S("B"))},
	{"−x", ast.Neg(S("x"))},
	// the worked example
	{"(A (B (X C) .* D) .* E) F",
		Mul(Mul(S("A"), Had(Mul(S("B"), Had(Mul(S("X"), S("C")), S("D"))), S("E"))), S("F"))},
	// sized functions
	{"ones(n)", Fn(ast.FnOnes, S("n"))},
	{"ones(m, n)' x", Mul(T(Fn(ast.FnOnes, S("m"), S("n"))), S("x"))},
	{"zeros(m*n, 1)", Fn(ast.FnZeros, Mul(S("m"), S("n")), N(1))},
	{"commutation(m, n) vec(A)", Mul(Fn(ast.FnComm, S("m"), S("n")), Fn(ast.FnVec, S("A")))},
	{"unvec(v, 2*m, n)", Fn(ast.FnUnvec, S("v"), Mul(N(2), S("m")), S("n"))},
	// the unicode forms of the sized functions
	{"𝟏ₙᵀ x", Mul(T(Fn(ast.FnOnes, S("n"))), S("x"))},
	{"𝟏ₘₓₙ", Fn(ast.FnOnes, S("m"), S("n"))},
	{"0ₘ·ₙₓ₁", Fn(ast.FnZeros, Mul(S("m"), S("n")), N(1))},
	{"Kₘ,ₙ vec(A)", Mul(Fn(ast.FnComm, S("m"), S("n")), Fn(ast.FnVec, S("A")))},
	{"Iₙ ⊗ y", Fn(ast.FnKron, Fn(ast.FnDiagM, Fn(ast.FnOnes, S("n"))), S("y"))},
	// layout
	{"x'\n  A\tx", Mul(Mul(T(S("x")), S("A")), S("x"))},
	// norm bars
	{"||A x - b||^2", Pow(Fn(ast.FnNorm, Sub(Mul(S("A"), S("x")), S("b"))), 2)},
	{"||X - U V'||_F^2", Pow(Fn(ast.FnNorm, Sub(S("X"), Mul(S("U"), T(S("V"))))), 2)},
	{"‖x‖", Fn(ast.FnNorm, S("x"))},
	{"‖x‖_2", Fn(ast.FnNorm, S("x"))},
	{"||x||_1", Fn(ast.FnNorm1, S("x"))},
	{"||x||_2", Fn(ast.FnNorm, S("x"))},
	{"||x|| ||y||", Mul(Fn(ast.FnNorm, S("x")), Fn(ast.FnNorm, S("y")))},
	{"||x - ||y|| z||", Fn(ast.FnNorm, Sub(S("x"), Mul(Fn(ast.FnNorm, S("y")), S("z"))))},
	{"(||x||)", Fn(ast.FnNorm, S("x"))},
	{"||(||x|| y)||", Fn(ast.FnNorm, Mul(Fn(ast.FnNorm, S("x")), S("y")))},
	{"abs(x)", Fn(ast.FnAbs, S("x"))},
	{"2 ||x||'", Mul(N(2), T(Fn(ast.FnNorm, S("x"))))},
	// pi, softmax, logsumexp
	{"pi", S("pi")},
	{"π x", Mul(S("pi"), S("x"))},
	{"(2 pi)^(n/2)", ast.Bin(ast.OpPow, Mul(N(2), S("pi")), Div(S("n"), N(2)))},
	{"softmax(W x)", Fn(ast.FnSoftmax, Mul(S("W"), S("x")))},
	{"logsumexp(x)", Fn(ast.FnLogsumexp, S("x"))},
	// @, inverse transpose, braced and grouped exponents
	{"A @ B", Mul(S("A"), S("B"))},
	{"A @ x .* y", Had(Mul(S("A"), S("x")), S("y"))},
	{"X^-T", ast.Inv(T(S("X")))},
	{"X⁻ᵀ", ast.Inv(T(S("X")))},
	{"X^{-T}", ast.Inv(T(S("X")))},
	{"X^(-T)", ast.Inv(T(S("X")))},
	{"X^{-1}", ast.Inv(S("X"))},
	{"X^(-1)", ast.Inv(S("X"))},
	{"x^{T}", T(S("x"))},
	{"X^{2}", Pow(S("X"), 2)},
	{"s^(1/3)", ast.Bin(ast.OpPow, S("s"), ast.Frac(1, 3))},
	{"s^{1/3}", ast.Bin(ast.OpPow, S("s"), ast.Frac(1, 3))},
	{"s^(-1/2)", ast.Bin(ast.OpPow, S("s"), ast.Frac(-1, 2))},
	// Numbers are exact: a whole number over a whole number, both bare,
	// is one number; a decimal, a divisor 0 or parentheses keep the
	// division.
	{"1/2", ast.Frac(1, 2)},
	{"2/4 x", Mul(ast.Frac(1, 2), S("x"))},
	{"6/3", N(2)},
	{"2/3/4", ast.Frac(1, 6)},
	{"-1/2", ast.Frac(-1, 2)},
	{"-(1/2)", ast.Frac(-1, 2)},
	{"-1/2 x", ast.Neg(Mul(ast.Frac(1, 2), S("x")))},
	{"x / 2", Div(S("x"), N(2))},
	{"0.5/2", Div(N(0.5), N(2))},
	{"1/0.5", Div(N(1), N(0.5))},
	{"1/0", Div(N(1), N(0))},
	{"2/(3)", Div(N(2), N(3))},
	{"(2)/3", Div(N(2), N(3))},
	{"1/2 .* x", ast.Had(ast.Frac(1, 2), S("x"))},
	{"x .* 1/2", Div(ast.Had(S("x"), N(1)), N(2))},
	{"x.^(1/2)", ast.Bin(ast.OpEPow, S("x"), ast.Frac(1, 2))},
	{"x.^(-1/2)", ast.Bin(ast.OpEPow, S("x"), ast.Frac(-1, 2))},
	{"x.^(2)", ast.Bin(ast.OpEPow, S("x"), N(2))},
	{"(2)'", T(N(2))},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := parser.ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		if !ast.Equal(got, tt.want) {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.in, ast.Text(got), ast.Text(tt.want))
		}
	}
}

func TestPositions(t *testing.T) {
	type at struct {
		text string
		pos  string
	}
	e, err := parser.ParseExpr("x' A\n  (B .* (-C)) + tr(D)^2 - inv(E)")
	if err != nil {
		t.Fatal(err)
	}
	var got []at
	ast.Inspect(e, func(x ast.Expr) bool {
		got = append(got, at{ast.Text(x), x.Pos().String()})
		return true
	})
	want := []at{
		{"x' A (B .* (-C)) + tr(D)^2 - E^-1", "2:25"},
		{"x' A (B .* (-C)) + tr(D)^2", "2:15"},
		{"x' A (B .* (-C))", "2:3"},
		{"x' A", "1:4"},
		{"x'", "1:2"},
		{"x", "1:1"},
		{"A", "1:4"},
		{"B .* (-C)", "2:6"},
		{"B", "2:4"},
		{"-C", "2:10"},
		{"C", "2:11"},
		{"tr(D)^2", "2:22"},
		{"tr(D)", "2:17"},
		{"D", "2:20"},
		{"2", "2:23"},
		{"E^-1", "2:27"},
		{"E", "2:31"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d nodes %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("node %d: got %v, want %v", i, got[i], want[i])
		}
	}
	// Offsets count bytes, columns runes.
	e, err = parser.ParseExpr("αᵀ β")
	if err != nil {
		t.Fatal(err)
	}
	b := e.(*ast.Binary).Y.Pos()
	if b != (ast.Pos{Offset: 6, Line: 1, Col: 4}) {
		t.Errorf("position of β: %+v", b)
	}
}

// roundTrips are inputs whose text form must parse back to the same tree.
var roundTrips = []string{
	"ones(n)' x",
	"ones(3, n) + zeros(3, n)",
	"zeros(m*n, 1)",
	"zeros(m n, 2*k)",
	"commutation(m, n) vec(A')",
	"unvec(commutation(m, n) v, n, m)",
	"x' A x",
	"(A (B (X C) .* D) .* E) F",
	"((B' (E .* (A' F'))) .* D) C'",
	"B (X C) .* D",
	"A*x.*y",
	"-2 x",
	"(-2) x",
	"x (-2)",
	"--2",
	"-(-2)",
	"-x",
	"--x",
	"-(x + y)",
	"(-x)'",
	"1 - tanh(z).^2",
	"A : B + C",
	"(A : B) + C",
	"A : (B : C)",
	"A - (B - C)",
	"A - (B + C)",
	"A (B C)",
	"(A B) C",
	"A / (s t)",
	"A / s / t",
	"A ./ (B ./ C)",
	"(A .* B) C",
	"A (B .* C)",
	"A^-1 B A^-2",
	"(A B)^-1",
	"(A')^3",
	"A.^-0.5",
	"(A + B).^2",
	"(-A)^2",
	"-A^2",
	"2^-1",
	"inv(A) + I",
	"eye - A",
	"tr(W' S W)",
	"logdet(X) + det(X) + norm2(X) + norm1(X)",
	"kron(A, B) C",
	"kron(A + B, C')",
	"Diag(v) diag(A) vec(A) sum(A)",
	"exp(x) + log(x) + sin(x) + cos(x) + tan(x) + arcsin(x) + arccos(x) + arctan(x)",
	"sqrt(x) .* sigmoid(x) .* abs(x) .* sign(x) .* relu(x) .* step(x)",
	"1e+21 x + 1e-07 y + 0.001 z + .5 w",
	"alpha x' y",
	"0.5*x'*A*x",
	"(y.*v)'*x",
	"A ⊗ B − C",
	"-(2)",
	"x'\n A x",
	"||A x - b||^2",
	"||X - U V'||_F^2 + ||x||_1",
	"||x||_2 ||y||",
	"(2 pi)^(n/2) det(S)^(1/2)",
	"s^(1/3) + s^{-1/2} + s^(pi)",
	"X^-T + X⁻ᵀ + X^{-T} + X'^-1 + X^-1'",
	"A @ B @ x .* y",
	"softmax(A X) + logsumexp(x) - π",
	"(2)' x",
	"(-2)^-T",
}

func TestRoundTrip(t *testing.T) {
	for _, in := range roundTrips {
		e, err := parser.ParseExpr(in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", in, err)
			continue
		}
		text := ast.Text(e)
		e2, err := parser.ParseExpr(text)
		if err != nil {
			t.Errorf("%q printed as %q, which does not parse: %v", in, text, err)
			continue
		}
		if !ast.Equal(e, e2) {
			t.Errorf("%q printed as %q, which parses as %s", in, text, ast.Text(e2))
		}
		if text2 := ast.Text(e2); text2 != text {
			t.Errorf("%q printed as %q, then as %q", in, text, text2)
		}
	}
}

func TestWhere(t *testing.T) {
	n, m := ast.Named("n"), ast.Named("m")
	one := ast.Known(1)
	tests := []struct {
		in   string
		want ast.Decls
	}{
		{"x' A x where x: n x 1, A: n x n", ast.Decls{
			{Name: "x", Shape: ast.Shape{Rows: n, Cols: one}},
			{Name: "A", Shape: ast.Shape{Rows: n, Cols: n}}}},
		{"x where x: 3x4", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: ast.Known(3), Cols: ast.Known(4)}}}},
		{"x where x: 3 x 4", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: ast.Known(3), Cols: ast.Known(4)}}}},
		{"x where x: n×n", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: n}}}},
		{"x where x: n × m", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: m}}}},
		{"x where x: n * m", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: m}}}},
		{"x where x: nx1", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: one}}}},
		{"x where x: 1 x e", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: one, Cols: ast.Named("e")}}}},
		{"x where x: 1xa", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: one, Cols: ast.Named("a")}}}},
		{"x where x: 3×4", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: ast.Known(3), Cols: ast.Known(4)}}}},
		{"x where x: n x2", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: ast.Known(2)}}}},
		{"x where x: nxm", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: n, Cols: m}}}},
		{"x where x: x x x", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: ast.Named("x"), Cols: ast.Named("x")}}}},
		{"x where x: nx x ny", ast.Decls{{Name: "x", Shape: ast.Shape{Rows: ast.Named("nx"), Cols: ast.Named("ny")}}}},
		{"alpha x where alpha: scalar", ast.Decls{{Name: "alpha", Shape: ast.Scalar}}},
		{"S where S: symmetric n x n", ast.Decls{{Name: "S", Shape: ast.Shape{Rows: n, Cols: n}, Symmetric: true}}},
		{"a b where a: scalar; b: scalar;", ast.Decls{{Name: "a", Shape: ast.Scalar}, {Name: "b", Shape: ast.Scalar}}},
		{"a where\n  a: k1 x 2,\n", ast.Decls{{Name: "a", Shape: ast.Shape{Rows: ast.Named("k1"), Cols: ast.Known(2)}}}},
		{"x", nil},
		{"a where a: n*p x 1", ast.Decls{{Name: "a", Shape: ast.Shape{Rows: n.Times(ast.Named("p")), Cols: one}}}},
		{"a where a: 1 x n*p, b: 2*n × m*n*p", ast.Decls{{Name: "a", Shape: ast.Shape{Rows: one, Cols: n.Times(ast.Named("p"))}},
			{Name: "b", Shape: ast.Shape{Rows: ast.Known(2).Times(n), Cols: m.Times(n).Times(ast.Named("p"))}}}},
		{"a where a: n*p x1", ast.Decls{{Name: "a", Shape: ast.Shape{Rows: n.Times(ast.Named("p")), Cols: one}}}},
		{"a where a: n*p", ast.Decls{{Name: "a", Shape: ast.Shape{Rows: n, Cols: ast.Named("p")}}}},
		{"trace(A) where trace: scalar, A: scalar", ast.Decls{{Name: "trace", Shape: ast.Scalar}, {Name: "A", Shape: ast.Scalar}}},
	}
	for _, tt := range tests {
		_, got, err := parser.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !sameDecls(got, tt.want) {
			t.Errorf("Parse(%q) declares %v, want %v", tt.in, got, tt.want)
		}
	}

	// The worked example, with the positions of the names.
	e, ds, err := parser.Parse("(A (B (X C) .* D) .* E) F   where A: 1 x a, B: a x b, X: b x 1,\n C: 1 x e, D: b x e, E: a x e, F: e x 1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ast.Text(e); got != "A ((B ((X C) .* D)) .* E) F" {
		t.Errorf("worked example: %s", got)
	}
	if len(ds) != 7 || ds[0].At.String() != "1:35" || ds[3].Name != "C" || ds[3].At.String() != "2:2" {
		t.Errorf("worked example declarations: %+v", ds)
	}
	if _, err := ast.Check(e, ds); err != nil {
		t.Errorf("worked example does not check: %v", err)
	}
}

// TestShapesPrintBack: a shape prints as it parses, products of sizes too.
// TestReservedSizes: a reserved word is no dimension name.
func TestReservedSizes(t *testing.T) {
	for _, in := range []string{"w where w: n x scalar", "w where w: I x 1", "w where w: n*tr x 1", "w where w: 1 x n*where"} {
		if _, _, err := parser.Parse(in); err == nil || !strings.Contains(err.Error(), "reserved word") {
			t.Errorf("Parse(%q): %v, want a reserved word error", in, err)
		}
	}
}

func TestShapesPrintBack(t *testing.T) {
	for _, in := range []string{"n*p x 1", "1 x n*p", "2*m x k", "m*n x m*n", "3 x 4", "scalar"} {
		ds, err := parser.ParseDecls("a: " + in)
		if err != nil {
			t.Errorf("ParseDecls(%q): %v", in, err)
			continue
		}
		if got := ds[0].Shape.String(); got != in {
			t.Errorf("shape %q prints as %q", in, got)
		}
	}
}

func sameDecls(a, b ast.Decls) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !a[i].Shape.Equal(b[i].Shape) || a[i].Symmetric != b[i].Symmetric {
			return false
		}
	}
	return true
}

func TestParseDecls(t *testing.T) {
	ds, err := parser.ParseDecls("A: n x n, x: n x 1, s: scalar, S: symmetric 3x3")
	if err != nil {
		t.Fatal(err)
	}
	want := ast.Decls{
		{Name: "A", Shape: ast.Shape{Rows: ast.Named("n"), Cols: ast.Named("n")}},
		{Name: "x", Shape: ast.Shape{Rows: ast.Named("n"), Cols: ast.Known(1)}},
		{Name: "s", Shape: ast.Scalar},
		{Name: "S", Shape: ast.Shape{Rows: ast.Known(3), Cols: ast.Known(3)}, Symmetric: true},
	}
	if !sameDecls(ds, want) {
		t.Errorf("ParseDecls: %v", ds)
	}
	if ds[1].At != (ast.Pos{Offset: 10, Line: 1, Col: 11}) {
		t.Errorf("position of x: %+v", ds[1].At)
	}
	if ds, err := parser.ParseDecls("  "); ds != nil || err != nil {
		t.Errorf("ParseDecls of blanks: %v, %v", ds, err)
	}
	_, err = parser.ParseDecls("A: n x n where")
	if err == nil {
		t.Errorf("ParseDecls accepted a where")
	}
	_, err = parser.ParseDecls("x' A x")
	if err == nil {
		t.Errorf("ParseDecls accepted an expression")
	}
}

func TestPattern(t *testing.T) {
	tests := []struct {
		in   string
		want ast.Expr
	}{
		{"tr(?A ?B)", Fn(ast.FnTr, Mul(S("?A"), S("?B")))},
		{"?x1' ?A ?x1", Mul(Mul(T(S("?x1")), S("?A")), S("?x1"))},
		{"d(?X)", ast.D(S("?X"))},
		{"d?X", ast.D(S("?X"))},
		{"d(?A ?B)", ast.D(Mul(S("?A"), S("?B")))},
		{"?A d(?X) + d?A ?X", Add(Mul(S("?A"), ast.D(S("?X"))), Mul(ast.D(S("?A")), S("?X")))},
		{"d (x)", ast.D(S("x"))}, // prints as dx, a name: no round trip
		{"d x", Mul(S("d"), S("x"))},
	}
	for _, tt := range tests {
		got, err := parser.ParsePattern(tt.in)
		if err != nil {
			t.Errorf("ParsePattern(%q): %v", tt.in, err)
			continue
		}
		if !ast.Equal(got, tt.want) {
			t.Errorf("ParsePattern(%q) = %s, want %s", tt.in, ast.Text(got), ast.Text(tt.want))
		}
		if strings.HasPrefix(tt.in, "d (") {
			continue
		}
		again, err := parser.ParsePattern(ast.Text(got))
		if err != nil || !ast.Equal(again, got) {
			t.Errorf("ParsePattern(%q) printed as %q does not parse back: %v", tt.in, ast.Text(got), err)
		}
	}
	// Outside patterns d(x) is a product and ?A an error.
	if e, err := parser.ParseExpr("d(x)"); err != nil || !ast.Equal(e, Mul(S("d"), S("x"))) {
		t.Errorf("ParseExpr(d(x)) = %v, %v", e, err)
	}
	if _, err := parser.ParseExpr("?A"); err == nil {
		t.Errorf("ParseExpr(?A) gave no error")
	}
	if _, err := parser.ParsePattern("d(?A, ?B)"); err == nil {
		t.Errorf("ParsePattern(d(?A, ?B)) gave no error")
	}
}

// errorTests hold the whole caret text of each kind of error.
var errorTests = []struct {
	in, want string
}{
	// an element-wise exponent in parentheses is a number
	{"sum(x.^(a))", `
1:8: an element-wise exponent is a number
  | sum(x.^(a))
  |        ^
hint: write x.^2, x.^-1 or x.^(1/2); for a varying power write exp(p .* log(x))
`},
	{"sum(x.^(1/0))", `
1:10: / divides by zero
  | sum(x.^(1/0))
  |          ^
hint: the expression has no value anywhere
`},
	// unbalanced parentheses
	{"A(B(X C) .* D) .* E) F", `
1:20: unmatched ')': no '(' opens it
  | A(B(X C) .* D) .* E) F
  |                    ^
hint: remove it, or add the '(' it closes
`},
	{"(A (B (X C) .* D) .* E F", `
1:1: unclosed '('
  | (A (B (X C) .* D) .* E F
  | ^
hint: add the ')' that closes it
`},
	{"tr(A) + tr(B C", `
1:11: unclosed '('
  | tr(A) + tr(B C
  |           ^
hint: add the ')' that closes it
`},
	{"x' A x)", `
1:7: unmatched ')': no '(' opens it
  | x' A x)
  |       ^
hint: remove it, or add the '(' it closes
`},
	// unknown functions
	{"trace(A)", `
1:1: unknown function trace
  | trace(A)
  | ^
hint: did you mean tr?
`},
	{"x' transpose(A) x", `
1:4: unknown function transpose
  | x' transpose(A) x
  |    ^
hint: write A'
`},
	{"transpose(A B)", `
1:1: unknown function transpose
  | transpose(A B)
  | ^
hint: write (A B)'
`},
	{"1 + logDet(X)", `
1:5: unknown function logDet
  | 1 + logDet(X)
  |     ^
hint: did you mean logdet?
`},
	{"sigmiod(W x)", `
1:1: unknown function sigmiod
  | sigmiod(W x)
  | ^
hint: did you mean sigmoid?
`},
	{"softMax(x)", `
1:1: unknown function softMax
  | softMax(x)
  | ^
hint: did you mean softmax?
`},
	{"ln(x)", `
1:1: unknown function ln
  | ln(x)
  | ^
hint: did you mean log?
`},
	// stray characters
	{"A × B", `
1:3: unexpected '×'
  | A × B
  |   ^
hint: write the matrix product as juxtaposition (A B) or with *
`},
	{"x ** 2", `
1:3: unexpected '**'
  | x ** 2
  |   ^
hint: did you mean x.^2 (element-wise) or x^2 (matrix power)?
`},
	{"(x - y) ** 2", `
1:9: unexpected '**'
  | (x - y) ** 2
  |         ^
hint: write powers with ^ (A^2) or .^ (element-wise)
`},
	// habits of other tools
	{"x.T y", `
1:2: unexpected '.'
  | x.T y
  |  ^
hint: did you mean x'? (x.T is NumPy's transpose)
`},
	{"sum(np.exp(x))", `
1:7: unexpected '.'
  | sum(np.exp(x))
  |       ^
hint: did you mean exp? (drop the np. prefix)
`},
	{"np.linalg.det(A)", `
1:3: unexpected '.'
  | np.linalg.det(A)
  |   ^
hint: functions take no np. prefix: write exp(x), tr(A)
`},
	{"norm(x, 'fro')", `
1:1: norm takes 1 argument: the kind of norm is not an argument
  | norm(x, 'fro')
  | ^
hint: did you mean ||x||? (norm(x) and ||x||_F are the Frobenius norm, the Euclidean one of a vector)
`},
	{"norm(A x - b, 1)", `
1:1: norm takes 1 argument: the kind of norm is not an argument
  | norm(A x - b, 1)
  | ^
hint: did you mean ||A x - b||_1? (or norm1(A x - b))
`},
	{"X - mu 1'", `
1:8: 1' transposes the number 1, which changes nothing
  | X - mu 1'
  |        ^
hint: for a row of ones write ones(n)'
`},
	{"|x|", `
1:1: unexpected '|'
  | |x|
  | ^
hint: write abs(x) for the absolute value, ||x|| for the norm
`},
	{"||x - y", `
1:1: unclosed '||': no '||' closes this norm
  | ||x - y
  | ^
hint: write the norm as ||x||, or abs(x) for the absolute value
`},
	{"||x||_inf", `
1:7: unknown norm subscript _inf
  | ||x||_inf
  |       ^
hint: there is no max norm; write ||A||_F (Frobenius) or ||A||_1 (sum of absolute values)
`},
	{"x_ + y _1", `
1:8: unexpected '_'
  | x_ + y _1
  |        ^
hint: a subscript follows the bars of a norm: ||A||_F, ||x||_2, ||x||_1
`},
	{"X^{x'}", `
1:4: an exponent in braces or parentheses is T, -T, a number or a constant such as (n/2)
  | X^{x'}
  |    ^
hint: write X^{-1}, X^{T}, X^{-T} or s^(1/3); an exponent may hold numbers, pi and dimension names
`},
	{"A [B]", `
1:3: unexpected '['
  | A [B]
  |   ^
hint: group with parentheses ( )
`},
	{"?A B", `
1:1: unexpected '?A'
  | ?A B
  | ^
hint: names starting with '?' are pattern variables, allowed only in rewrite patterns
`},
	// bad shapes
	{"x where A: n by n", `
1:14: bad shape for A: expected 'x' between rows and cols, found 'by'
  | x where A: n by n
  |              ^
hint: write rows x cols, such as n x 1 or 3 x 4, or scalar
`},
	{"x where A: n x", `
1:15: bad shape for A: expected the number of columns after 'x', found end of input
  | x where A: n x
  |               ^
hint: write rows x cols, such as n x 1 or 3 x 4, or scalar
`},
	{"x where A: 0 x 3", `
1:12: bad shape for A: a size is a positive whole number or a name, not 0
  | x where A: 0 x 3
  |            ^
hint: write rows x cols, such as n x 1 or 3 x 4, or scalar
`},
	{"x where A n x n", `
1:11: bad shape for A: expected ':' after the name, found 'n'
  | x where A n x n
  |           ^
hint: write A: n x n
`},
	{"x where x: vector", `
1:12: bad shape for x: expected rows x cols or scalar, found 'vector'
  | x where x: vector
  |            ^
hint: write rows x cols, such as n x 1 or 3 x 4, or scalar
`},
	{"x where S: symmetric n x m", `
1:12: bad shape for S: a symmetric matrix is square, not n x m
  | x where S: symmetric n x m
  |            ^
`},
	{"x where x: n x 1, x: n x 1", `
1:19: x is declared twice
  | x where x: n x 1, x: n x 1
  |                   ^
hint: the first declaration is at 1:9
`},
	{"A where A: n x n B: n x n", `
1:18: unexpected 'B' after the declaration of A
  | A where A: n x n B: n x n
  |                  ^
hint: separate declarations with ','
`},
	{"x where", `
1:8: empty declaration list
  | x where
  |        ^
hint: declare shapes as x: n x 1, A: n x n
`},
	// empty input
	{"", `
1:1: empty expression
`},
	{"  \n ", `
1:1: empty expression
  |   
  | ^
`},
	// trailing garbage
	{"A B, C", `
1:4: unexpected ',' after the end of the expression
  | A B, C
  |    ^
`},
	{"x' A x where x: n x 1 where", `
1:23: unexpected 'where' after the declaration of x
  | x' A x where x: n x 1 where
  |                       ^
hint: separate declarations with ','
`},
	// reserved words
	{"scalar x", `
1:1: scalar is a reserved word, not a name
  | scalar x
  | ^
hint: choose another name
`},
	{"x where tr: n x n", `
1:9: tr is a reserved word, not a name
  | x where tr: n x n
  |         ^
hint: tr is a function; choose another name
`},
	{"tr + 1", `
1:1: tr is a function; write tr(A)
  | tr + 1
  | ^
`},
	{"2 exp x", `
1:3: exp is a function; write exp(x)
  | 2 exp x
  |   ^
`},
	// arity
	{"kron(A)", `
1:1: kron takes 2 arguments, not 1
  | kron(A)
  | ^
`},
	{"1 + tr(A, B)", `
1:5: tr takes 1 argument, not 2
  | 1 + tr(A, B)
  |     ^
`},
	{"inv()", `
1:1: inv takes 1 argument, not 0
  | inv()
  | ^
`},
	// other grammar errors
	{"A +", `
1:4: unexpected end of input, expected an operand after '+'
  | A +
  |    ^
`},
	{"A * -B", `
1:5: unexpected '-', expected an operand after '*'
  | A * -B
  |     ^
hint: put a negated operand in parentheses, as in A * (-B)
`},
	{"A^x", `
1:3: unexpected 'x', expected T, a number or an exponent in braces after '^'
  | A^x
  |   ^
`},
	{"A.^x", `
1:4: unexpected 'x', expected a number after '.^'
  | A.^x
  |    ^
`},
	{"f(x, y)", `
1:4: unexpected ',', expected ')'
  | f(x, y)
  |    ^
`},
	{"((x' x +))", `
1:9: unexpected ')', expected an operand after '+'
  | ((x' x +))
  |         ^
`},
	{"x^", `
1:3: unexpected end of input, expected T, a number or an exponent in braces after '^'
  | x^
  |   ^
`},
	{"'x", `
1:1: unexpected "'", expected an expression
  | 'x
  | ^
`},
	{"()", `
1:2: unexpected ')', expected an operand after '('
  | ()
  |  ^
`},
	{"1e999 x", `
1:1: number 1e999 is too large
  | 1e999 x
  | ^
`},
	{"A +\n  where x: n x 1", `
2:3: unexpected 'where', expected an operand after '+'
  |   where x: n x 1
  |   ^
`},
	// numbers that do not say what they seem to
	{"1e-999 x", `
1:1: number 1e-999 is too small: it underflows to 0
  | 1e-999 x
  | ^
hint: the smallest positive number is about 5e-324; write 0 if 0 is meant
`},
	{"x.^-0.0000e-400 + 2.5E-400", `
1:19: number 2.5E-400 is too small: it underflows to 0
  | x.^-0.0000e-400 + 2.5E-400
  |                   ^
hint: the smallest positive number is about 5e-324; write 0 if 0 is meant
`},
	{"-(1e-999)", `
1:3: number 1e-999 is too small: it underflows to 0
  | -(1e-999)
  |   ^
hint: the smallest positive number is about 5e-324; write 0 if 0 is meant
`},
	{"x' x where x: 0x10 x 1", `
1:15: 0x10 reads as a hexadecimal number, but numbers are written in decimal
  | x' x where x: 0x10 x 1
  |               ^
hint: write 16
`},
	{"0XfF x", `
1:1: 0XfF reads as a hexadecimal number, but numbers are written in decimal
  | 0XfF x
  | ^
hint: write 255
`},
	{"x where x: 0x10000000000000000 x 1", `
1:12: 0x10000000000000000 reads as a hexadecimal number, but numbers are written in decimal
  | x where x: 0x10000000000000000 x 1
  |            ^
hint: write the number in decimal
`},
	// a where clause that reads as a name
	{"x' x wherex: n x 1", `
1:6: 'wherex' reads as a name: a where clause needs a space after 'where'
  | x' x wherex: n x 1
  |      ^
hint: write 'where x: n x 1'
`},
	{"x' A x whereA: n x n;\n  x: n x 1", `
1:8: 'whereA' reads as a name: a where clause needs a space after 'where'
  | x' A x whereA: n x n;
  |        ^
hint: write 'where A: n x n; x: n x 1'
`},
	{"x' x wherex: n x 0, A: k", `
1:6: 'wherex' reads as a name: a where clause needs a space after 'where'
  | x' x wherex: n x 0, A: k
  |      ^
hint: write 'where x: n x 0, A: k'
`},
	{"x' x wherex: scalar", `
1:6: 'wherex' reads as a name: a where clause needs a space after 'where'
  | x' x wherex: scalar
  |      ^
hint: write 'where x: scalar'
`},
	{"x' xwhere x: n x 1", `
1:4: 'xwhere' reads as a name: a where clause needs a space before 'where'
  | x' xwhere x: n x 1
  |    ^
hint: write 'x where x: n x 1'
`},
	{"x' x Where x: n x 1", `
1:6: 'Where' reads as a name: the keyword is 'where', in lower case
  | x' x Where x: n x 1
  |      ^
hint: write 'where x: n x 1'
`},
	{"x' x WHEREx: n x 1, A: n x n, B: n x n, C: n x n, D: n x n", `
1:6: 'WHEREx' reads as a name: the keyword is 'where', in lower case
  | x' x WHEREx: n x 1, A: n x n, B: n x n, C: n x n, D: n x n
  |      ^
hint: write 'where' in lower case
`},
	// letters that look like Latin ones
	{"ｘ' ｘ", `
1:1: 'ｘ' (fullwidth latin small letter x) looks like the Latin letter 'x'
  | ｘ' ｘ
  | ^
hint: write 'x'
`},
	{"x' A x where x: n x 1, A: n x ｎ", `
1:31: 'ｎ' (fullwidth latin small letter n) looks like the Latin letter 'n'
  | x' A x where x: n x 1, A: n x ｎ
  |                               ^
hint: write 'n'
`},
	{"x' а x", `
1:4: 'а' (cyrillic small letter a) looks like the Latin letter 'a'
  | x' а x
  |    ^
hint: write 'a'
`},
	{"sum(vаr_х)", `
1:6: 'а' (cyrillic small letter a) looks like the Latin letter 'a'
  | sum(vаr_х)
  |      ^
hint: write 'var_x'
`},
	{"ехр(x)", `
1:1: 'е' (cyrillic small letter ie) looks like the Latin letter 'e'
  | ехр(x)
  | ^
hint: write 'exp'
`},
	{"tr(Α)", `
1:4: 'Α' (greek capital letter alpha) looks like the Latin letter 'A'
  | tr(Α)
  |    ^
hint: write 'A'
`},
	{"x' cοs(x)", `
1:5: 'ο' (greek small letter omicron) looks like the Latin letter 'o'
  | x' cοs(x)
  |     ^
hint: write 'cos'
`},
	{"yν + x", `
1:2: 'ν' (greek small letter nu) looks like the Latin letter 'v'
  | yν + x
  |  ^
hint: write 'yv'
`},
	{"𝑥ᵀ 𝐴 𝑥", `
1:1: '𝑥' (mathematical italic small x) looks like the Latin letter 'x'
  | 𝑥ᵀ 𝐴 𝑥
  | ^
hint: write 'x'
`},
	{"sum(ﬁt)", `
1:5: 'ﬁ' (latin small ligature fi) looks like the Latin letters 'fi'
  | sum(ﬁt)
  |     ^
hint: write 'fit'
`},
	{"x ＋ y", `
1:3: unexpected '＋' (fullwidth plus sign)
  | x ＋ y
  |   ^
hint: write '+'
`},
	{"x where x: ３ x 1", `
1:12: unexpected '３' (fullwidth digit three)
  | x where x: ３ x 1
  |            ^
hint: write '3'
`},
	{"x’ x", `
1:2: unexpected '’'
  | x’ x
  |  ^
hint: write A' with a straight quote for the transpose
`},
}

func TestErrors(t *testing.T) {
	for _, tt := range errorTests {
		_, _, err := parser.Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) gave no error", tt.in)
			continue
		}
		var ae *ast.Error
		if !errors.As(err, &ae) {
			t.Errorf("Parse(%q) error %T is no *ast.Error", tt.in, err)
			continue
		}
		if ae.Src != tt.in {
			t.Errorf("Parse(%q) error has Src %q", tt.in, ae.Src)
		}
		want := strings.TrimPrefix(tt.want, "\n")
		if got := ae.Pretty(); got != want {
			t.Errorf("Parse(%q) error:\n%s\nwant:\n%s", tt.in, got, want)
		}
	}
}

func TestWhereNotAllowed(t *testing.T) {
	for _, f := range []func(string) (ast.Expr, error){parser.ParseExpr, parser.ParsePattern} {
		_, err := f("x' A x where x: n x 1")
		if err == nil || err.Error() != "1:8: a where clause is not allowed here" {
			t.Errorf("got %v", err)
		}
	}
}

func TestGrammar(t *testing.T) {
	golden := filepath.Join("testdata", "grammar.ebnf")
	got := parser.Grammar() + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("Grammar() differs from %s (run go test -update if the change is meant):\n%s", golden, got)
	}
}

// TestDeepNesting: nesting is a budget, parser.MaxDepth levels of
// parentheses and calls. Within it the tree is built, with no stack
// overflow; one level more is a limit (beyond reach, not bad input), said
// where it is passed; unclosed parentheses stay bad input.
func TestDeepNesting(t *testing.T) {
	const n = parser.MaxDepth
	over := fmt.Sprintf("nesting deeper than %d levels; name an inner part and work with it on its own", n)
	tests := []struct {
		name, in, want string
	}{
		{"unclosed", strings.Repeat("(", n+1) + "x", "1:10001: unclosed '('; add the ')' that closes it"},
		{"balanced", strings.Repeat("(", n+1) + "x' x" + strings.Repeat(")", n+1), "1:10001: " + over},
		{"calls", strings.Repeat("tr(", n+1) + "x" + strings.Repeat(")", n+1), "1:30003: " + over},
		{"mixed", strings.Repeat("tanh(W ", n/2) + strings.Repeat("(", n/2+1) + "x" + strings.Repeat(")", n+1), "1:40001: " + over},
	}
	for _, tt := range tests {
		_, _, err := parser.Parse(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.want)
		}
		if beyond := tt.name != "unclosed"; err != nil && errors.Is(err, ast.ErrBeyondReach) != beyond {
			t.Errorf("%s: beyond reach is %v, want %v", tt.name, !beyond, beyond)
		}
	}
	// Within the limit the tree is built: MaxDepth parentheses, MaxDepth
	// calls, and a 1,000-layer network.
	m := n
	if raceBuild {
		m = 2000 // several times slower under the race detector
	}
	e, err := parser.ParseExpr(strings.Repeat("(", m) + "x' x" + strings.Repeat(")", m))
	if err != nil || !ast.Equal(e, Mul(T(S("x")), S("x"))) {
		t.Errorf("%d parentheses: %v, %v", m, e, err)
	}
	e, err = parser.ParseExpr(strings.Repeat("tr(", m) + "x" + strings.Repeat(")", m))
	want := ast.Expr(S("x"))
	for range m {
		want = Fn(ast.FnTr, want)
	}
	if err != nil || !ast.Equal(e, want) {
		t.Errorf("%d calls: %v", m, err)
	}
	var b strings.Builder
	b.WriteString("sum(")
	want = S("x")
	for i := 1000; i >= 1; i-- {
		fmt.Fprintf(&b, "tanh(W%d ", i)
	}
	for i := 1; i <= 1000; i++ {
		want = Fn(ast.FnTanh, Mul(S(fmt.Sprintf("W%d", i)), want))
	}
	b.WriteString("x" + strings.Repeat(")", 1001) + " where x: n x 1")
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&b, ", W%d: n x n", i)
	}
	e, ds, err := parser.Parse(b.String())
	if err != nil || !ast.Equal(e, Fn(ast.FnSum, want)) || len(ds) != 1001 {
		t.Errorf("the 1,000-layer chain: %d declarations, %v", len(ds), err)
	}
	// Long flat inputs are no problem either.
	long := strings.Repeat("-", m) + strings.Repeat("x ", m) + strings.Repeat("+ y' ", m)
	if _, err := parser.ParseExpr(long); err != nil {
		t.Errorf("long input: %v", err)
	}
}

// deepInputs are n parentheses or calls deep: beyond the limit when n is
// more than parser.MaxDepth.
func deepInputs(n int) []struct{ name, in, msg string } {
	return []struct{ name, in, msg string }{
		{"unclosed", strings.Repeat("(", n) + "x", "unclosed '('"},
		{"balanced", strings.Repeat("(", n) + "x' x" + strings.Repeat(")", n), "nesting deeper than"},
		{"calls", strings.Repeat("tr(", n) + "x" + strings.Repeat(")", n), "nesting deeper than"},
	}
}

// longFlat is an input of 3n terms, n signs and n products, no nesting.
func longFlat(n int) string {
	return strings.Repeat("-", n) + strings.Repeat("x ", n) + strings.Repeat("+ y' ", n)
}

// FuzzParse checks that Parse never panics, that every error is an
// *ast.Error inside the input, and that what parses prints and parses back
// to the same tree.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	for _, in := range roundTrips {
		f.Add(in)
	}
	for _, tt := range errorTests {
		f.Add(tt.in)
	}
	f.Add("x' A x where x: n x 1, A: symmetric n x n")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 2000 {
			t.Skip()
		}
		e, _, err := parser.Parse(in)
		if err != nil {
			var ae *ast.Error
			if !errors.As(err, &ae) {
				t.Fatalf("Parse(%q): error %T %v is no *ast.Error", in, err, err)
			}
			if strings.HasPrefix(ae.Msg, "internal error") {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			if !ae.Pos.IsValid() || ae.Pos.Offset < 0 || ae.Pos.Offset > len(in) || ae.Src != in {
				t.Fatalf("Parse(%q): error %v at %+v, outside the input", in, err, ae.Pos)
			}
			return
		}
		text := ast.Text(e)
		e2, err := parser.ParseExpr(text)
		if err != nil {
			t.Fatalf("Parse(%q) printed as %q, which does not parse: %v", in, text, err)
		}
		if !ast.Equal(e, e2) {
			t.Fatalf("Parse(%q) printed as %q, which parses as %s", in, text, ast.Text(e2))
		}
	})
}
