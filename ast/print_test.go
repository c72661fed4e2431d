package ast_test

import (
	"bufio"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// Tiny constructors for the operators ast has none for.
var (
	S, N, T, Neg, Inv, D = ast.S, ast.N, ast.T, ast.Neg, ast.Inv, ast.D
	Mul, Had, Add, Sub   = ast.Mul, ast.Had, ast.Add, ast.Sub
	Frob, Fn, Eye        = ast.Frob, ast.Fn, ast.Eye
	A, B, C, X, x, y     = S("A"), S("B"), S("C"), S("X"), S("x"), S("y")
)

func Div(a, b ast.Expr) ast.Expr          { return ast.Bin(ast.OpDiv, a, b) }
func HDiv(a, b ast.Expr) ast.Expr         { return ast.Bin(ast.OpHDiv, a, b) }
func Pow(a ast.Expr, k float64) ast.Expr  { return ast.Bin(ast.OpPow, a, N(k)) }
func EPow(a ast.Expr, p float64) ast.Expr { return ast.Bin(ast.OpEPow, a, N(p)) }
func Kron(a, b ast.Expr) ast.Expr         { return Fn(ast.FnKron, a, b) }

type printCase struct {
	e    ast.Expr
	want string
}

// textTests covers every node kind and the precedence cases of LANGUAGE.md.
var textTests = []printCase{
	// Atoms.
	{S("x"), "x"},
	{S("W1"), "W1"},
	{S("x_0"), "x_0"},
	{S("α"), "α"},
	{N(3), "3"},
	{N(0), "0"},
	{N(0.5), "0.5"},
	{ast.Frac(1, 2), "1/2"},
	{ast.Frac(-2, 3), "-2/3"},
	{Mul(ast.Frac(1, 2), x), "1/2 x"},
	{Mul(ast.Frac(-1, 2), x), "(-1/2) x"},
	{Div(x, ast.Frac(1, 2)), "x / (1/2)"},
	{Div(N(2), N(3)), "2 / (3)"},
	{Div(ast.Frac(1, 2), N(3)), "1/2 / (3)"},
	{Div(N(0.5), N(2)), "0.5 / 2"},
	{ast.Bin(ast.OpEPow, x, ast.Frac(-1, 2)), "x.^(-1/2)"},
	{N(-2), "-2"},
	{N(-0.25), "-0.25"},
	{N(2500), "2500"},
	{N(1e-3), "0.001"},
	{N(1e-7), "1e-07"},
	{N(1e21), "1e+21"},
	{N(1e15), "1e+15"},
	{N(123456789), "123456789"},
	{N(1.0 / 3), "0.3333333333333333"},
	{Eye(), "I"},

	// Unary.
	{Neg(x), "-x"},
	{T(x), "x'"},
	{Inv(A), "A^-1"},
	{D(X), "dX"},
	{D(Mul(A, X)), "d(A X)"},
	{D(T(X)), "d(X')"},
	{T(D(X)), "dX'"},
	{Mul(A, D(X)), "A dX"},
	{Had(D(X), B), "dX .* B"},

	// Binary.
	{Frob(A, B), "A : B"},
	{Add(A, B), "A + B"},
	{Sub(A, B), "A - B"},
	{Mul(A, B), "A B"},
	{Div(A, S("s")), "A / s"},
	{Had(A, B), "A .* B"},
	{HDiv(A, B), "A ./ B"},
	{Pow(A, 2), "A^2"},
	{Pow(A, -2), "A^-2"},
	{Pow(A, 0), "A^0"},
	{EPow(x, 0.5), "x.^0.5"},
	{EPow(x, 3), "x.^3"},

	// Calls.
	{Fn(ast.FnTr, A), "tr(A)"},
	{Fn(ast.FnNorm, x), "norm(x)"},
	{Fn(ast.FnDiagM, x), "Diag(x)"},
	{Fn(ast.FnDiag, A), "diag(A)"},
	{Kron(A, B), "kron(A, B)"},
	{Fn(ast.FnSigmoid, Add(Mul(S("W"), x), S("b"))), "sigmoid(W x + b)"},
	{Fn(ast.FnOnes, S("n")), "ones(n)"},
	{Mul(T(Fn(ast.FnOnes, S("m"), S("n"))), x), "ones(m, n)' x"},
	{Fn(ast.FnZeros, Mul(S("m"), S("n")), N(1)), "zeros(m*n, 1)"},
	{Fn(ast.FnComm, S("m"), S("n")), "commutation(m, n)"},
	{Fn(ast.FnUnvec, Mul(A, x), Mul(N(2), S("m")), S("n")), "unvec(A x, 2*m, n)"},
	{ast.Zeros(ast.Shape{Rows: ast.Named("m").Times(ast.Named("n")), Cols: ast.Known(1)}), "zeros(m*n, 1)"},
	{ast.Ones(ast.Shape{Rows: ast.Named("n"), Cols: ast.Known(1)}), "ones(n)"},
	{ast.Ones(ast.Shape{Rows: ast.Known(2), Cols: ast.Named("n")}), "ones(2, n)"},

	// Parentheses around a Hadamard product or division that is an
	// operand of a matrix product, even where precedence needs none.
	{Mul(A, Had(B, C)), "A (B .* C)"},
	{Mul(Had(A, B), C), "(A .* B) C"},
	{Mul(A, HDiv(B, C)), "A (B ./ C)"},
	{Mul(HDiv(A, B), C), "(A ./ B) C"},
	{Mul(Div(A, S("s")), B), "(A / s) B"},
	{Mul(A, Div(B, N(2))), "A (B / 2)"},
	{Mul(Mul(A, Had(B, C)), x), "A (B .* C) x"},
	{Mul(Mul(S("B"), Had(Mul(X, C), S("D"))), x), "B ((X C) .* D) x"},
	// ... around a matrix product that is an operand of a Hadamard one.
	{Had(Mul(A, B), C), "(A B) .* C"},
	{Had(A, Mul(B, C)), "A .* (B C)"},
	{HDiv(Mul(A, x), y), "(A x) ./ y"},
	{Div(Mul(A, x), S("s")), "(A x) / s"},
	{Had(Mul(Mul(T(x), A), x), y), "(x' A x) .* y"},
	// The worked example.
	{Mul(Mul(A, Had(Mul(B, Had(Mul(X, C), S("D"))), S("E"))), S("F")), "A ((B ((X C) .* D)) .* E) F"},
	{Mul(Had(Mul(T(B), Had(S("E"), Mul(T(A), T(S("F"))))), S("D")), T(C)), "((B' (E .* (A' F'))) .* D) C'"},

	// No parentheses beyond those.
	{Had(Had(A, B), C), "A .* B .* C"},
	{Had(A, Had(B, C)), "A .* (B .* C)"},
	{HDiv(A, HDiv(B, C)), "A ./ (B ./ C)"},
	{Div(Div(A, S("s")), S("t")), "A / s / t"},
	{Div(A, Div(S("s"), S("t"))), "A / (s / t)"},
	{Had(Div(A, S("s")), B), "A / s .* B"},
	{Add(Mul(A, B), Had(C, X)), "A B + C .* X"},
	{Mul(Mul(A, B), C), "A B C"},
	{Mul(A, Mul(B, C)), "A (B C)"},
	{Mul(Mul(T(x), A), x), "x' A x"},
	{Mul(T(x), Mul(A, x)), "x' (A x)"},
	{Sub(Sub(A, B), C), "A - B - C"},
	{Sub(A, Sub(B, C)), "A - (B - C)"},
	{Sub(A, Add(B, C)), "A - (B + C)"},
	{Add(Add(A, B), C), "A + B + C"},
	{Add(A, Add(B, C)), "A + (B + C)"},
	{Add(A, Sub(B, C)), "A + (B - C)"},
	{Frob(Frob(S("a"), S("b")), S("c")), "a : b : c"},
	{Frob(S("a"), Frob(S("b"), S("c"))), "a : (b : c)"},
	{Frob(A, Add(B, C)), "A : B + C"},
	{Frob(Add(A, B), C), "A + B : C"},
	{Add(Frob(A, B), C), "(A : B) + C"},
	{Mul(Frob(A, B), C), "(A : B) C"},
	{Mul(Add(A, B), C), "(A + B) C"},
	{Mul(A, Add(B, C)), "A (B + C)"},
	{Mul(Fn(ast.FnTr, A), B), "tr(A) B"},

	// Negation.
	{Neg(Mul(A, B)), "-A B"},
	{Mul(Neg(A), B), "(-A) B"},
	{Mul(A, Neg(B)), "A (-B)"},
	{Neg(Add(x, y)), "-(x + y)"},
	{Add(Neg(x), y), "-x + y"},
	{Sub(A, Neg(B)), "A - -B"},
	{Add(A, Neg(B)), "A + -B"},
	{Neg(Neg(x)), "--x"},
	{Neg(Had(x, y)), "-x .* y"},
	{Had(Neg(x), y), "(-x) .* y"},
	{Neg(Frob(A, B)), "-(A : B)"},
	{Frob(Neg(A), B), "-A : B"},
	{Frob(A, Neg(B)), "A : -B"},
	{Neg(T(A)), "-A'"},
	{T(Neg(A)), "(-A)'"},

	// Negative numbers: (-2) x is the product of -2 and x; -2 x is the
	// negation of 2 x.
	{Mul(N(-2), x), "(-2) x"},
	{Neg(Mul(N(2), x)), "-2 x"},
	{Mul(x, N(-2)), "x (-2)"},
	{Add(x, N(-2)), "x + -2"},
	{Sub(x, N(-2)), "x - -2"},
	{Add(N(-2), x), "-2 + x"},
	{Neg(N(-2)), "--2"},
	{Pow(N(-2), 2), "(-2)^2"},
	{Neg(Pow(N(2), 2)), "-2^2"},
	{Had(N(-1), x), "(-1) .* x"},
	{HDiv(x, N(-0.5)), "x ./ (-0.5)"},
	{T(N(-1)), "(-1)'"},
	{Frob(N(-1), x), "-1 : x"},

	// Postfix operators on compound expressions.
	{T(Mul(A, B)), "(A B)'"},
	{Inv(Add(A, B)), "(A + B)^-1"},
	{Pow(Mul(A, B), 2), "(A B)^2"},
	{EPow(x, 2), "x.^2"},
	{EPow(x, -1), "x.^-1"},
	{EPow(Add(x, y), 2), "(x + y).^2"},
	{EPow(Had(x, y), 2), "(x .* y).^2"},
	{T(Had(x, y)), "(x .* y)'"},
	{Pow(T(X), 2), "X'^2"},
	{T(T(A)), "A''"},
	{Inv(T(A)), "A^-T"},
	{T(Inv(A)), "A^-1'"},
	{Pow(Pow(A, 2), 3), "A^2^3"},
	{EPow(EPow(x, 2), 3), "x.^2.^3"},
	{EPow(Fn(ast.FnTanh, S("z")), 2), "tanh(z).^2"},
	{Sub(N(1), EPow(Fn(ast.FnTanh, S("z")), 2)), "1 - tanh(z).^2"},
	{Pow(Fn(ast.FnTr, A), 2), "tr(A)^2"},
	{Mul(Mul(Inv(A), B), Pow(A, -2)), "A^-1 B A^-2"},
	{Mul(T(x), Inv(Eye())), "x' I^-1"},

	// Calls with kron: a call is an atom in the text format.
	{Mul(Kron(A, B), C), "kron(A, B) C"},
	{Mul(C, Kron(A, B)), "C kron(A, B)"},
	{Had(Kron(A, B), C), "kron(A, B) .* C"},
	{T(Kron(Mul(A, B), Add(C, X))), "kron(A B, C + X)'"},
	{Kron(Kron(A, B), C), "kron(kron(A, B), C)"},
	{Kron(Had(A, B), Neg(C)), "kron(A .* B, -C)"},
	{Inv(Kron(A, B)), "kron(A, B)^-1"},
}

func TestText(t *testing.T) {
	for _, tt := range textTests {
		if got := ast.Text(tt.e); got != tt.want {
			t.Errorf("Text = %q, want %q", got, tt.want)
		}
	}
}

// TestTextParses: every text of textTests, except those of a
// differential (which only patterns may contain), parses back to its tree.
func TestTextParses(t *testing.T) {
	for _, tt := range textTests {
		if ast.HasDiff(tt.e) {
			continue
		}
		got, err := parser.ParseExpr(tt.want)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.want, err)
			continue
		}
		if !ast.Equal(got, tt.e) {
			t.Errorf("ParseExpr(%q) = %s, not the tree printed", tt.want, ast.Text(got))
		}
	}
}

func TestTextFunctions(t *testing.T) {
	names := ast.FuncNames()
	if len(names) != 31 {
		t.Errorf("%d functions, want 31: %v", len(names), names)
	}
	for _, name := range names {
		f, ok := ast.LookupFunc(name)
		if !ok {
			t.Errorf("LookupFunc(%q) failed", name)
			continue
		}
		var e ast.Expr
		want := name + "(A)"
		switch {
		case f == ast.FnKron:
			e, want = Fn(f, A, B), "kron(A, B)"
		case f == ast.FnUnvec:
			e, want = Fn(f, A, S("m"), S("n")), "unvec(A, m, n)"
		case f.FirstSize() == 0:
			e, want = Fn(f, S("m"), S("n")), name+"(m, n)"
		default:
			e = Fn(f, A)
		}
		if got := ast.Text(e); got != want {
			t.Errorf("Text(%s call) = %q, want %q", name, got, want)
		}
		if f.Info().Arity != len(e.(*ast.Call).Args) {
			t.Errorf("%s: arity %d", name, f.Info().Arity)
		}
	}
	if f, ok := ast.LookupFunc("norm2"); !ok || f != ast.FnNorm {
		t.Errorf("LookupFunc(norm2) = %v, %v", f, ok)
	}
	if _, ok := ast.LookupFunc("inv"); ok {
		t.Error("inv is a function; it should lower to an inverse")
	}
}

// roundTripInputs are inputs of every kind whose text form must parse back
// to the same tree and print the same bytes again.
var roundTripInputs = []string{
	"x",
	"3",
	"-3",
	"0.5",
	// Exact fractions (LANGUAGE.md): one number each.
	"1/2",
	"-1/2",
	"2/4 x",
	"1/2 (A + A') x",
	"x' A x / 2",
	"-1/2 x' x",
	"x.^(-1/2)",
	"x.^(1/2) + x.^0.5",
	"s^(1/3)",
	"s^{-2/3}",
	"x / (1/2)",
	"(1/2)' x",
	"(1/2)^2",
	"2 / (3)",
	"(2) / 3",
	"A .* (1/2)",
	"1/2 .* A",
	"0.5 / 2",
	"1e-3 x",
	"1e21 x",
	"I",
	"eye + A",
	"x' A x",
	"x'*A*x",
	"0.5*x'*A*x",
	"(y.*v)'*x",
	"A*x.*y",
	"A .* B * C",
	"(A (B (X C) .* D) .* E) F",
	"(A*((B*((X*C) ∘ D)) ⊙ E))*F",
	"((B' (E .* (A' F'))) .* D) C'",
	"(A (B (x c') .* D) .* E) f",
	"B (X C) .* D",
	"x c' .* D",
	"A B C",
	"A (B C)",
	"A - (B - C)",
	"A - B - C",
	"A - (B + C) + D",
	"a : (b : c)",
	"a : b : c",
	"A : B + C",
	"(A : B) C",
	"-2 x",
	"(-2) x",
	"x (-2)",
	"--2",
	"-(-2)",
	"-x' A x",
	"-A .* B",
	"(-A) .* B",
	"A - -B",
	"A -2",
	"1 - tanh(z).^2",
	"1 + exp(x)",
	"1 ./ x",
	"A / 2 ./ B",
	"A / (s t)",
	"(A B)'",
	"(A + B)^-1",
	"x.^2",
	"x.^-1",
	"x.^+3",
	"X'^2",
	"A'^-1",
	"A^-1'",
	"Aᵀ ∘ B",
	"A⁻¹ B",
	"A^T x",
	"(A')^3",
	"(-A)^2",
	"-A^2",
	"2^-1",
	"tr(A)^2",
	"inv(A) + I",
	"tr(W' S W)",
	"logdet(X) - det(X) + norm2(X) + norm1(X)",
	"kron(A, B) C",
	"kron(A B, C + D)'",
	"kron(A, kron(B, C))",
	"A ⊗ B − C",
	"A ⊘ B",
	"Diag(v) diag(A) vec(A) sum(A)",
	"sigmoid(W2 tanh(W1 x + b1) + b2)",
	"sqrt(x) .* abs(x) .* sign(x) .* relu(x) .* step(x)",
	"arcsin(x) + arccos(x) + arctan(x) + sin(x) + cos(x) + tan(x) + log(x)",
	"norm(A .* X - B)^2",
	"sum(log(1 + exp(-y .* (X w))))",
	"-y' log(sigmoid(X w)) - (1 - y)' log(1 - sigmoid(X w))",
	"(x - mu)' P (x - mu)",
	"alpha x' y + β_2 z",
	"x'\n  A\tx",
}

func roundTrip(t *testing.T, where, src string) {
	t.Helper()
	e1, err := parser.ParseExpr(src)
	if err != nil {
		t.Errorf("%s: ParseExpr(%q): %v", where, src, err)
		return
	}
	s1 := ast.Text(e1)
	e2, err := parser.ParseExpr(s1)
	if err != nil {
		t.Errorf("%s: %q prints as %q, which does not parse: %v", where, src, s1, err)
		return
	}
	if !ast.Equal(e1, e2) {
		t.Errorf("%s: %q prints as %q, which parses as %s", where, src, s1, ast.Text(e2))
	}
	if s2 := ast.Text(e2); s2 != s1 {
		t.Errorf("%s: %q prints as %q, then as %q", where, src, s1, s2)
	}
	// ASCII on one line, but for the letters of names such as β_2.
	if strings.ContainsFunc(s1, func(r rune) bool { return r > 0x7e && !unicode.IsLetter(r) || r < ' ' }) {
		t.Errorf("%s: text %q is not printable ASCII on one line", where, s1)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, src := range roundTripInputs {
		roundTrip(t, "input", src)
	}
}

// TestRoundTripTestdata round-trips the input of every derivation in
// rewrite/testdata/derive: a line that starts with neither a tab nor '#'
// is "WRT: EXPR where DECLS".
func TestRoundTripTestdata(t *testing.T) {
	files, err := filepath.Glob("../rewrite/testdata/derive/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no derivation testdata")
	}
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if text == "" || text[0] == '\t' || text[0] == '#' {
				continue
			}
			_, in, ok := strings.Cut(text, ": ")
			if !ok {
				t.Errorf("%s:%d: no ': ' in %q", file, line, text)
				continue
			}
			in, _, _ = strings.Cut(in, " where ")
			roundTrip(t, file+":"+strconv.Itoa(line), in)
			n++
		}
		f.Close()
	}
	if n < 50 {
		t.Errorf("only %d inputs in the derivation testdata", n)
	}
}

// gen builds a random tree that has a text form: no negation of a
// non-negative number (the parser folds -2 into a number), no matrix power
// -1 (that is the inverse) and only whole matrix powers.
func gen(r *rand.Rand, depth int) ast.Expr {
	if depth == 0 || r.Intn(4) == 0 {
		switch r.Intn(7) {
		case 0:
			return N([]float64{2, 0.5, -2, -0.5, 1e-3, 3, 1e21}[r.Intn(7)])
		case 6:
			return []ast.Expr{ast.Frac(1, 2), ast.Frac(-2, 3), ast.Frac(7, 4)}[r.Intn(3)]
		case 1:
			return Eye()
		default:
			return S([]string{"A", "B", "x", "W1", "alpha", "x_0"}[r.Intn(6)])
		}
	}
	switch r.Intn(9) {
	case 0:
		a := gen(r, depth-1)
		if n, ok := a.(*ast.Num); ok && n.Val >= 0 {
			return T(a)
		}
		return ast.Un([]ast.Op{ast.OpNeg, ast.OpTranspose, ast.OpInverse}[r.Intn(3)], a)
	case 1:
		if r.Intn(2) == 0 {
			return Pow(gen(r, depth-1), []float64{2, 0, 3, -2}[r.Intn(4)])
		}
		if r.Intn(4) == 0 {
			return ast.Bin([]ast.Op{ast.OpPow, ast.OpEPow}[r.Intn(2)], gen(r, depth-1), []ast.Expr{ast.Frac(1, 2), ast.Frac(-1, 2), ast.Frac(2, 3)}[r.Intn(3)])
		}
		return EPow(gen(r, depth-1), []float64{2, -1, 0.5, 3, -2}[r.Intn(5)])
	case 2:
		f := ast.Func(1 + r.Intn(len(ast.FuncNames())))
		if f == ast.FnKron {
			return Kron(gen(r, depth-1), gen(r, depth-1))
		}
		if f.FirstSize() >= 0 {
			size := func() ast.Expr {
				return []ast.Expr{S("n"), N(3), Mul(S("m"), S("n")), Mul(N(2), S("k1")), S("x")}[r.Intn(5)]
			}
			var args []ast.Expr
			if f == ast.FnUnvec {
				args = append(args, gen(r, depth-1))
			}
			args = append(args, size())
			if f != ast.FnOnes || r.Intn(2) == 0 {
				args = append(args, size())
			}
			return Fn(f, args...)
		}
		return Fn(f, gen(r, depth-1))
	default:
		op := []ast.Op{ast.OpFrob, ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpMul, ast.OpDiv, ast.OpHad, ast.OpHDiv}[r.Intn(8)]
		return ast.Bin(op, gen(r, depth-1), gen(r, depth-1))
	}
}

// TestRoundTripRandom: random trees print, in text and in unicode, as
// input that parses back to them; and no parentheses in the text are
// redundant, except those LANGUAGE.md asks for around a Hadamard product
// or division that is an operand of a matrix product.
func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n := 3000
	if raceBuild {
		n = 500
	}
	for i := 0; i < n; i++ {
		e := gen(r, 4)
		s := ast.Text(e)
		for _, f := range []ast.Format{ast.FormatText, ast.FormatUnicode} {
			p := ast.Print(e, f)
			got, err := parser.ParseExpr(p)
			if err != nil {
				t.Errorf("%q does not parse: %v", p, err)
				continue
			}
			if !ast.Equal(got, e) {
				t.Errorf("%q parses as %s, want %s", p, ast.Text(got), s)
			}
		}
		for _, d := range dropParens(s) {
			got, err := parser.ParseExpr(d.text)
			if err != nil || !ast.Equal(got, e) {
				continue
			}
			inner, err := parser.ParseExpr(d.inner)
			if b, ok := inner.(*ast.Binary); err == nil && ok && (b.Op == ast.OpHad || b.Op == ast.OpHDiv || b.Op == ast.OpDiv) {
				continue
			}
			t.Errorf("redundant parentheses around %s in %s", d.inner, s)
		}
	}
}

type dropped struct{ text, inner string }

// dropParens returns s without each pair of grouping parentheses in turn
// (the parentheses of calls stay).
func dropParens(s string) []dropped {
	var out []dropped
	isName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '(' || i > 0 && isName(s[i-1]) {
			continue
		}
		depth := 0
		for j := i; j < len(s); j++ {
			if s[j] == '(' {
				depth++
			} else if s[j] == ')' {
				if depth--; depth == 0 {
					out = append(out, dropped{s[:i] + s[i+1:j] + s[j+1:], s[i+1 : j]})
					break
				}
			}
		}
	}
	return out
}

func TestDropParens(t *testing.T) {
	got := dropParens("(A B) tr(x) (C (D))")
	want := []dropped{{"A B tr(x) (C (D))", "A B"}, {"(A B) tr(x) C (D)", "C (D)"}, {"(A B) tr(x) (C D)", "D"}}
	if len(got) != len(want) {
		t.Fatalf("dropParens = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("dropParens[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

var unicodeTests = []printCase{
	{T(A), "Aᵀ"},
	{Inv(A), "A⁻¹"},
	{Had(A, B), "A ∘ B"},
	{HDiv(A, B), "A ⊘ B"},
	{Sub(A, B), "A − B"},
	{Neg(x), "−x"},
	{Neg(Mul(N(2), x)), "−2 x"},
	{Mul(N(-2), x), "(-2) x"},
	{Kron(A, B), "A ⊗ B"},
	{Mul(Kron(A, B), C), "(A ⊗ B) C"},
	{T(Kron(A, B)), "(A ⊗ B)ᵀ"},
	{Kron(A, Kron(B, C)), "A ⊗ (B ⊗ C)"},
	{Pow(T(X), 2), "Xᵀ^2"},
	{Inv(T(A)), "A⁻ᵀ"},
	{T(Inv(A)), "A⁻¹ᵀ"},
	{EPow(x, 2), "x.^2"},
	{Mul(Had(Mul(T(B), Had(S("E"), Mul(T(A), T(S("F"))))), S("D")), T(C)), "((Bᵀ (E ∘ (Aᵀ Fᵀ))) ∘ D) Cᵀ"},
	{Fn(ast.FnTr, Mul(A, X)), "tr(A X)"},
	{D(X), "dX"},
	{Mul(T(Fn(ast.FnOnes, S("n"))), x), "𝟏ₙᵀ x"},
	{Fn(ast.FnOnes, S("m"), S("n")), "𝟏ₘₓₙ"},
	{Fn(ast.FnZeros, Mul(S("m"), S("n")), N(1)), "0ₘ·ₙₓ₁"},
	{Fn(ast.FnComm, S("m"), S("n")), "Kₘ,ₙ"},
	{Fn(ast.FnOnes, S("q")), "ones(q)"},
	{Fn(ast.FnKron, Fn(ast.FnDiagM, Fn(ast.FnOnes, S("n"))), x), "Iₙ ⊗ x"},
	{Fn(ast.FnDiagM, Fn(ast.FnOnes, S("q"))), "Diag(ones(q))"},
	{Fn(ast.FnUnvec, x, S("m"), S("n")), "unvec(x, m, n)"},
}

func TestUnicode(t *testing.T) {
	for _, tt := range unicodeTests {
		if got := ast.Unicode(tt.e); got != tt.want {
			t.Errorf("Unicode = %q, want %q", got, tt.want)
		}
	}
}

var latexTests = []printCase{
	{T(A), `A^\top`},
	{Inv(A), `A^{-1}`},
	{Had(A, B), `A \odot B`},
	{HDiv(A, B), `A \oslash B`},
	{Frob(A, B), `A : B`},
	{Sub(A, Neg(B)), `A - -B`},
	{Div(Mul(T(S("a")), x), N(2)), `\frac{a^\top x}{2}`},
	{Mul(Div(A, N(2)), B), `\left(\frac{A}{2}\right) B`},
	{Mul(A, Had(B, C)), `A \left(B \odot C\right)`},
	{Kron(A, B), `A \otimes B`},
	{Mul(Kron(A, B), C), `\left(A \otimes B\right) C`},
	{EPow(x, 2), `x^{\circ 2}`},
	{Pow(A, 3), `A^{3}`},
	{Pow(N(-2), 2), `\left(-2\right)^{2}`},
	// No double superscripts.
	{Pow(T(X), 2), `\left(X^\top\right)^{2}`},
	{Inv(T(A)), `A^{-\top}`},
	{T(Inv(A)), `\left(A^{-1}\right)^\top`},
	{T(T(A)), `\left(A^\top\right)^\top`},
	{EPow(EPow(x, 2), 3), `\left(x^{\circ 2}\right)^{\circ 3}`},
	{T(Mul(A, B)), `\left(A B\right)^\top`},
	{T(S("W1")), `W_1^\top`},
	{Fn(ast.FnTr, Mul(A, X)), `\operatorname{tr}\left(A X\right)`},
	{Fn(ast.FnLogdet, X), `\log\det\left(X\right)`},
	{Fn(ast.FnSigmoid, Mul(S("W"), x)), `\sigma\left(W x\right)`},
	{Fn(ast.FnNorm, x), `\left\|x\right\|_F`},
	{Pow(Fn(ast.FnNorm, x), 2), `\left\|x\right\|_F^{2}`},
	{Fn(ast.FnNorm1, x), `\left\|x\right\|_1`},
	{Fn(ast.FnSqrt, x), `\sqrt{x}`},
	{Fn(ast.FnAbs, x), `\left|x\right|`},
	{Fn(ast.FnExp, x), `\exp\left(x\right)`},
	{D(X), `\mathrm{d}X`},
	{D(Mul(A, X)), `\mathrm{d}\left(A X\right)`},
	{Mul(A, D(X)), `A \mathrm{d}X`},
	{Add(S("alpha"), S("Sigma")), `\alpha + \Sigma`},
	{Mul(S("x_ij"), S("W12")), `x_{ij} W_{12}`},
	{Mul(S("abc"), S("beta_1")), `\mathit{abc} \beta_1`},
	{S("x_a_b"), `x_{a\_b}`},
	{Eye(), `I`},
	{N(0.5), `0.5`},
	{Fn(ast.FnOnes, S("n")), `\mathbf{1}_{n}`},
	{Mul(T(Fn(ast.FnOnes, S("m"), S("n"))), x), `\mathbf{1}_{m \times n}^\top x`},
	{Fn(ast.FnZeros, Mul(S("m"), S("n")), N(1)), `\mathbf{0}_{m n \times 1}`},
	{Fn(ast.FnComm, S("m"), S("n")), `K_{m,n}`},
	{Fn(ast.FnDiagM, Fn(ast.FnOnes, Mul(S("m"), S("n")))), `I_{m n}`},
	{Fn(ast.FnUnvec, x, S("m"), S("n")), `\operatorname{unvec}_{m \times n}\left(x\right)`},
}

func TestLaTeX(t *testing.T) {
	for _, tt := range latexTests {
		if got := ast.LaTeX(tt.e); got != tt.want {
			t.Errorf("LaTeX = %s, want %s", got, tt.want)
		}
	}
}

// TestLaTeXWellFormed: on random trees the LaTeX has balanced braces and
// \left/\right pairs, and no double superscript.
func TestLaTeXWellFormed(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 3000; i++ {
		e := gen(r, 4)
		if r.Intn(3) == 0 {
			e = D(e)
		}
		s := ast.LaTeX(e)
		if msg := latexProblem(s); msg != "" {
			t.Errorf("%s: LaTeX %s: %s", ast.Text(e), s, msg)
		}
	}
}

func TestLatexProblem(t *testing.T) {
	for s, want := range map[string]string{
		`A^{2}`:                   "",
		`x_1^{2}`:                 "",
		`\left(A^\top\right)^{2}`: "",
		`A^\top^{2}`:              "double superscript",
		`A^{2}^{3}`:               "double superscript",
		`A^2^3`:                   "double superscript",
		`{A`:                      "unbalanced braces",
		`\left(A`:                 "unbalanced \\left and \\right",
	} {
		if got := latexProblem(s); got != want {
			t.Errorf("latexProblem(%s) = %q, want %q", s, got, want)
		}
	}
}

// latexProblem returns what is wrong with s, or "".
func latexProblem(s string) string {
	depth := 0
	for _, c := range s {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			return "unbalanced braces"
		}
	}
	if depth != 0 {
		return "unbalanced braces"
	}
	if strings.Count(s, `\left`) != strings.Count(s, `\right`) {
		return `unbalanced \left and \right`
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '^' && endsWithSuperscript(s[:i]) {
			return "double superscript"
		}
	}
	return ""
}

// endsWithSuperscript reports whether s ends with ^{...}, ^\cmd or ^c.
func endsWithSuperscript(s string) bool {
	if s == "" {
		return false
	}
	j := len(s) - 1
	switch {
	case s[j] == '}':
		depth := 0
		for ; j >= 0; j-- {
			if s[j] == '}' {
				depth++
			} else if s[j] == '{' {
				if depth--; depth == 0 {
					break
				}
			}
		}
	case s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z':
		k := j
		for k >= 0 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z') {
			k--
		}
		if k >= 0 && s[k] == '\\' {
			j = k
		}
	}
	return j > 0 && s[j-1] == '^'
}

// TestTextPrefix: the start of a text is a start of Text, at least n
// bytes of it, and says whether it is all of it.
func TestTextPrefix(t *testing.T) {
	for _, tt := range textTests {
		full := ast.Text(tt.e)
		for _, n := range []int{1, 3, 8, len(full), len(full) + 1} {
			got, whole := ast.TextPrefix(tt.e, n)
			if !strings.HasPrefix(full, got) || len(got) < min(n, len(full)) || whole != (got == full) {
				t.Errorf("TextPrefix(%s, %d) = %q, %v", full, n, got, whole)
			}
		}
	}
}
