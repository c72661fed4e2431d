package ast_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
)

// typesetTests: every node kind, and the precedence cases, as typeset
// LaTeX and as typeset unicode.
var typesetTests = []struct {
	e              ast.Expr
	latex, unicode string
}{
	// Leaves.
	{X, `X`, `X`},
	{N(2), `2`, `2`},
	// Exact fractions as \frac; a decimal the user typed stays a decimal.
	{ast.Frac(1, 2), `\frac{1}{2}`, `½`},
	{ast.Frac(-3, 4), `-\frac{3}{4}`, `-¾`},
	{ast.Frac(1, 3), `\frac{1}{3}`, `⅓`},
	{N(0.5), `0.5`, `0.5`},
	{N(-0.75), `-0.75`, `-0.75`},
	{Mul(Mul(ast.Frac(1, 2), Add(A, T(A))), x), `\frac{1}{2} (A + A^\top) x`, `½ (A + Aᵀ) x`},
	{Mul(ast.Frac(-1, 2), x), `\left(-\frac{1}{2}\right) x`, `(-½) x`},
	{Neg(Mul(ast.Frac(1, 2), x)), `-\frac{1}{2} x`, `−½ x`},
	{T(ast.Frac(1, 2)), `\left(\frac{1}{2}\right)^\top`, `(½)ᵀ`},
	{ast.Bin(ast.OpEPow, x, ast.Frac(-1, 2)), `x^{\circ -1/2}`, `x.^(-½)`},
	{ast.Bin(ast.OpPow, S("s"), ast.Frac(1, 3)), `s^{1/3}`, `s^(⅓)`},
	{N(0.2), `0.2`, `0.2`},
	{N(1e-8), `10^{-8}`, `1e-08`},
	{Eye(), `I`, `I`},
	{S("alpha"), `\alpha`, `alpha`},
	{S("W1"), `W_1`, `W1`},
	{S("x_0"), `x_0`, `x_0`},
	{S("w_ij"), `w_{ij}`, `w_ij`},
	// Unary nodes.
	{Neg(x), `-x`, `−x`},
	{T(A), `A^\top`, `Aᵀ`},
	{Inv(A), `A^{-1}`, `A⁻¹`},
	{D(X), `\mathrm{d}X`, `dX`},
	{D(Mul(A, X)), `\mathrm{d}(A X)`, `d(A X)`},
	// Binary nodes.
	{Frob(A, B), `A : B`, `A : B`},
	{Add(A, B), `A + B`, `A + B`},
	{Sub(A, B), `A - B`, `A − B`},
	{Mul(A, B), `A B`, `A B`},
	{Div(A, N(2)), `\frac{A}{2}`, `A / 2`},
	{Had(A, B), `A \odot B`, `A ∘ B`},
	{HDiv(A, B), `A \oslash B`, `A ⊘ B`},
	{Pow(A, 2), `A^{2}`, `A²`},
	{Pow(A, -2), `A^{-2}`, `A⁻²`},
	{EPow(x, 2), `x^{\circ 2}`, `x∘²`},
	{EPow(x, 0.5), `x^{\circ 0.5}`, `x.^0.5`},
	// Calls.
	{Fn(ast.FnTr, Mul(A, X)), `\operatorname{tr}(A X)`, `tr(A X)`},
	{Fn(ast.FnDet, X), `\det(X)`, `det(X)`},
	{Fn(ast.FnLogdet, X), `\log\det(X)`, `logdet(X)`},
	{Fn(ast.FnDiag, X), `\operatorname{diag}(X)`, `diag(X)`},
	{Fn(ast.FnDiagM, x), `\operatorname{Diag}(x)`, `Diag(x)`},
	{Fn(ast.FnVec, X), `\operatorname{vec}(X)`, `vec(X)`},
	{Kron(A, B), `A \otimes B`, `A ⊗ B`},
	{Fn(ast.FnSum, x), `\operatorname{sum}(x)`, `sum(x)`},
	{Fn(ast.FnNorm, x), `\|x\|_F`, `norm(x)`},
	{Fn(ast.FnNorm1, x), `\|x\|_1`, `norm1(x)`},
	{Fn(ast.FnExp, x), `\exp(x)`, `exp(x)`},
	{Fn(ast.FnLog, x), `\log(x)`, `log(x)`},
	{Fn(ast.FnTanh, x), `\tanh(x)`, `tanh(x)`},
	{Fn(ast.FnSigmoid, Mul(S("W"), x)), `\sigma(W x)`, `sigmoid(W x)`},
	{Fn(ast.FnSqrt, x), `\sqrt{x}`, `sqrt(x)`},
	{Fn(ast.FnAbs, x), `|x|`, `abs(x)`},
	{Fn(ast.FnRelu, x), `\operatorname{relu}(x)`, `relu(x)`},
	// Precedence: a Hadamard product inside a matrix product, and the
	// other way round, keep their parentheses.
	{Mul(A, Had(B, C)), `A (B \odot C)`, `A (B ∘ C)`},
	{Mul(Had(A, B), C), `(A \odot B) C`, `(A ∘ B) C`},
	{Had(Mul(A, B), C), `(A B) \odot C`, `(A B) ∘ C`},
	{Had(A, Mul(B, C)), `A \odot (B C)`, `A ∘ (B C)`},
	{Mul(Kron(A, B), C), `(A \otimes B) C`, `(A ⊗ B) C`},
	{Mul(Had(Mul(T(B), Had(S("E"), Mul(T(A), T(S("F"))))), S("D")), T(C)),
		`\Bigl(\Bigl(B^\top \bigl(E \odot (A^\top F^\top)\bigr)\Bigr) \odot D\Bigr) C^\top`, `((Bᵀ (E ∘ (Aᵀ Fᵀ))) ∘ D) Cᵀ`},
	// In LaTeX a sum beside a Frobenius product gets parentheses, which
	// the language does not need.
	{Frob(Add(A, B), C), `(A + B) : C`, `A + B : C`},
	{Frob(C, Sub(A, B)), `C : (A - B)`, `C : A − B`},
	{Neg(Add(A, B)), `-(A + B)`, `−(A + B)`},
	{Sub(A, Sub(B, C)), `A - (B - C)`, `A − (B − C)`},
	// Sizes: \left( \right) only around what is tall.
	{Mul(Div(A, N(2)), B), `\frac{A}{2} B`, `(A / 2) B`},
	{Fn(ast.FnExp, Div(x, N(2))), `\exp\left(\frac{x}{2}\right)`, `exp(x / 2)`},
	{Fn(ast.FnLog, Add(N(1), Fn(ast.FnExp, x))), `\log\bigl(1 + \exp(x)\bigr)`, `log(1 + exp(x))`},
	// No double superscripts; the inverse of a transpose is X^{-\top}.
	{Pow(T(X), 2), `(X^\top)^{2}`, `(Xᵀ)²`},
	{T(Inv(A)), `A^{-\top}`, `A⁻ᵀ`},
	{Inv(T(A)), `A^{-\top}`, `A⁻ᵀ`},
	{T(T(A)), `(A^\top)^\top`, `(Aᵀ)ᵀ`},
	{EPow(EPow(x, 2), 3), `(x^{\circ 2})^{\circ 3}`, `(x∘²)∘³`},
	{T(Mul(A, B)), `(A B)^\top`, `(A B)ᵀ`},
	{T(S("W1")), `W_1^\top`, `W1ᵀ`},
	{T(Div(A, N(2))), `\left(\frac{A}{2}\right)^\top`, `(A / 2)ᵀ`},
	{Pow(Fn(ast.FnNorm, x), 2), `\|x\|_F^{2}`, `norm(x)²`},
	{EPow(Fn(ast.FnTanh, x), 2), `\tanh(x)^{\circ 2}`, `tanh(x)∘²`},
	// Spacing: a thin space beside a differential, a dot between numbers.
	{Mul(Mul(A, D(X)), B), `A\,\mathrm{d}X\,B`, `A dX B`},
	{Mul(N(2), N(3)), `2 \cdot 3`, `2 3`},
	{Mul(N(2), ast.Frac(1, 2)), `2 \cdot \frac{1}{2}`, `2 ½`},
	{Mul(x, ast.Frac(1, 2)), `x \frac{1}{2}`, `x ½`},
	{ast.Bin(ast.OpPow, S("s"), Mul(ast.Frac(1, 2), S("n"))), `s^{n/2}`, `s^(½ n)`},
	{ast.Bin(ast.OpPow, S("s"), Mul(ast.Frac(3, 2), S("n"))), `s^{3n/2}`, `s^(³⁄₂ n)`},
	{ast.Bin(ast.OpPow, S("s"), Mul(S("n"), ast.Frac(1, 2))), `s^{n \frac{1}{2}}`, `s^(n ½)`},
}

func TestTypeset(t *testing.T) {
	for _, tt := range typesetTests {
		if got := ast.PrintWith(tt.e, ast.FormatLaTeX, ast.Typeset()); got != tt.latex {
			t.Errorf("%s: LaTeX = %s, want %s", ast.Text(tt.e), got, tt.latex)
		}
		if got := ast.PrintWith(tt.e, ast.FormatUnicode, ast.Typeset()); got != tt.unicode {
			t.Errorf("%s: unicode = %s, want %s", ast.Text(tt.e), got, tt.unicode)
		}
		if got := ast.PrintWith(tt.e, ast.FormatText, ast.Typeset()); got != ast.Text(tt.e) {
			t.Errorf("%s: Typeset changes the text format: %s", ast.Text(tt.e), got)
		}
	}
}

func TestLaTeXOptions(t *testing.T) {
	vec := func(n string) bool { return n == "x" || n == "alpha" || n == "w_ij" }
	for _, tt := range []struct {
		e    ast.Expr
		opts []ast.Option
		want string
	}{
		{T(A), []ast.Option{ast.MathsfTranspose()}, `A^{\mathsf{T}}`},
		{Inv(T(A)), []ast.Option{ast.Typeset(), ast.MathsfTranspose()}, `A^{-\mathsf{T}}`},
		{Mul(T(x), Mul(A, x)), []ast.Option{ast.Typeset(), ast.Bold(vec)}, `\mathbf{x}^\top (A \mathbf{x})`},
		{Mul(S("alpha"), S("w_ij")), []ast.Option{ast.Bold(vec)}, `\boldsymbol{\alpha} \mathbf{w}_{ij}`},
	} {
		if got := ast.PrintWith(tt.e, ast.FormatLaTeX, tt.opts...); got != tt.want {
			t.Errorf("%s: LaTeX = %s, want %s", ast.Text(tt.e), got, tt.want)
		}
	}
}

// TestTypesetWellFormed: on random trees typeset LaTeX has balanced
// braces and \left/\right pairs and no double superscript, and printing
// with the break marks and removing them changes nothing.
func TestTypesetWellFormed(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 3000; i++ {
		e := gen(r, 4)
		if r.Intn(3) == 0 {
			e = D(e)
		}
		s := ast.PrintWith(e, ast.FormatLaTeX, ast.Typeset(), ast.MathsfTranspose())
		if msg := latexProblem(s); msg != "" {
			t.Errorf("%s: LaTeX %s: %s", ast.Text(e), s, msg)
		}
		s = ast.PrintWith(e, ast.FormatLaTeX, ast.Typeset())
		lines := ast.LaTeXLines(e, 12, 20, ast.Typeset())
		unsized := strings.NewReplacer(`\biggl`, `\left`, `\biggr`, `\right`, " ", "")
		if got := strings.Join(lines, " "); unsized.Replace(got) != strings.ReplaceAll(s, " ", "") {
			t.Errorf("%s: lines %q do not join to %s", ast.Text(e), lines, s)
		}
		for _, l := range lines {
			if msg := latexProblem(l); msg != "" {
				t.Errorf("%s: line %s of %s: %s", ast.Text(e), l, s, msg)
			}
		}
	}
}

func TestLaTeXLines(t *testing.T) {
	e := Add(Add(Frob(Mul(A, B), C), Frob(Mul(B, C), A)), Had(Mul(A, C), B))
	got := ast.LaTeXLines(e, 12, 12, ast.Typeset())
	want := []string{`(A B : C)`, `+ (B C : A)`, `+ (A C) \odot B`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("LaTeXLines = %q, want %q", got, want)
	}
	if got := ast.LaTeXLines(e, 100, 100, ast.Typeset()); len(got) != 1 {
		t.Errorf("LaTeXLines with room = %q, want one line", got)
	}
	// Never inside \left ... \right or braces.
	long := Fn(ast.FnExp, Div(Add(Add(A, B), Add(C, X)), N(2)))
	if got := ast.LaTeXLines(long, 3, 3, ast.Typeset()); len(got) != 1 {
		t.Errorf("LaTeXLines broke inside \\left( \\frac{}: %q", got)
	}
}

// A group in parentheses breaks inside only when it does not fit a line
// of its own, at its own top-level operators, with sized delimiters.
func TestLaTeXLinesGroup(t *testing.T) {
	frac := func(e ast.Expr) ast.Expr { return Div(e, S("s")) }
	sum := Sub(Add(Add(frac(Mul(A, B)), frac(Mul(B, C))), frac(Mul(C, A))), frac(Mul(A, A)))
	e := Add(Mul(sum, X), Mul(A, B))
	got := ast.LaTeXLines(e, 11, 11, ast.Typeset())
	want := []string{`\biggl(\frac{A B}{s} + \frac{B C}{s}`, `+ \frac{C A}{s} - \frac{A A}{s}\biggr) X`, `+ A B`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("LaTeXLines = %q, want %q", got, want)
	}
	// Room for the group: the break is outside it.
	got = ast.LaTeXLines(e, 22, 22, ast.Typeset())
	want = []string{`\left(\frac{A B}{s} + \frac{B C}{s} + \frac{C A}{s} - \frac{A A}{s}\right) X`, `+ A B`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("LaTeXLines = %q, want %q", got, want)
	}
}

func TestLaTeXWidth(t *testing.T) {
	for s, want := range map[string]float64{
		`A`: 1.35, `A B`: 2.7, `A + B`: 4.7, `A^{2}`: 2.05, `\frac{A}{B}`: 1.1475, `\alpha`: 1, `x y`: 2,
	} {
		if got := ast.LaTeXWidth(s); got < want-1e-9 || got > want+1e-9 {
			t.Errorf("LaTeXWidth(%s) = %v, want %v", s, got, want)
		}
	}
}

// BenchmarkLaTeXLines breaks a long sum of fractions inside a product,
// the collect step of a Jacobian, into lines.
func BenchmarkLaTeXLines(b *testing.B) {
	var sum ast.Expr = Div(Mul(A, B), S("s"))
	for i := 0; i < 12; i++ {
		sum = Add(sum, Div(Mul(Mul(B, C), Fn(ast.FnTanh, Mul(A, X))), S("s")))
	}
	e := Add(Mul(sum, X), Had(Mul(A, B), C))
	for b.Loop() {
		ast.LaTeXLines(e, 30, 48, ast.Typeset())
	}
}
