package rewrite

import "github.com/matdiff/matdiff/ast"

// startRules write a scalar term of the differential, one that holds dX
// somewhere inside, as a Frobenius product G : M. The first rule that
// matches wins; the last one always does.
var startRules = []*Rule{
	{Name: "frob-swap", Title: "symmetry of the Frobenius product", LHS: "?A : ?B", RHS: "?B : ?A", Guards: []string{"hasd(?A)", "const(?B)"},
		Text: "A : B = B : A", LaTeX: `A : B = B : A`},
	{Name: "frob-bilinear", Title: "bilinear form as a Frobenius product", LHS: "?a ?M ?b", RHS: "?a' ?b' : ?M", Guards: []string{"const(?a)", "const(?b)", "nonscalar(?M)"},
		Text: "aᵀMb = abᵀ : M", LaTeX: `a^\top M b = a b^\top : M`},
	{Name: "frob-linear-transposed", Title: "inner product as a Frobenius product", LHS: "?M' ?b", RHS: "?b : ?M", Guards: []string{"const(?b)"},
		Text: "mᵀb = b : m", LaTeX: `m^\top b = b : m`},
	{Name: "frob-bilinear-transposed", Title: "bilinear form as a Frobenius product", LHS: "?M' ?B ?b", RHS: "?B ?b : ?M", Guards: []string{"const(?B)", "const(?b)"},
		Text: "mᵀBb = Bb : m", LaTeX: `m^\top B b = B b : m`},
	{Name: "frob-linear-left", Title: "inner product as a Frobenius product", LHS: "?a ?M", RHS: "?a' : ?M", Guards: []string{"const(?a)"},
		Text: "aᵀm = a : m", LaTeX: `a^\top m = a : m`},
	{Name: "frob-linear-right", Title: "inner product as a Frobenius product", LHS: "?M ?b", RHS: "?b : ?M'", Guards: []string{"const(?b)", "nonscalar(?M)"},
		Text: "mᵀb = b : m", LaTeX: `m^\top b = b : m`},
	{Name: "frob-start-division", Title: "division by a scalar as a Frobenius product", LHS: "?M / ?s", RHS: "1 / ?s : ?M", Guards: []string{"const(?s)"},
		Text: "m/s = 1/s : m", LaTeX: `\frac{m}{s} = \frac{1}{s} : m`},
	{Name: "frob-trace", Title: "trace as a Frobenius product with the identity", LHS: "tr(?M)", RHS: "I : ?M", Guards: []string{"nonscalar(?M)"},
		Text: "tr(A) = I : A", LaTeX: `\operatorname{tr}(A) = I : A`, Ref: "(10)"},
	{Name: "frob-scalar", Title: "a scalar as a Frobenius product with 1", LHS: "?M", RHS: "1 : ?M", Guards: []string{"scalar(?M)"},
		Text: "s = 1 : s", LaTeX: `s = 1 : s`},
}

// moveRules move everything off dX in a term G : M, one layer of M at a
// time, until the term reads G : dX. Guards tell which operand holds dX.
var moveRules = []*Rule{
	{Name: "frob-broadcast-left", Title: "a scalar against a matrix", LHS: "?s : ?M", Build: buildBroadcastLeft, Guards: []string{"scalar(?s)", "nonscalar(?M)"},
		Text: "s : M = s𝟏 : M for a scalar s", LaTeX: `s : M = s\mathbf{1} : M`},
	{Name: "frob-broadcast", Title: "Frobenius product with a constant matrix", LHS: "?G : ?s", RHS: "sum(?G) : ?s", Guards: []string{"scalar(?s)", "nonscalar(?G)"},
		Text: "G : s𝟏 = sum(G) s", LaTeX: `G : s\mathbf{1} = \operatorname{sum}(G)\,s`},
	{Name: "frob-distribute", Title: "linearity of the Frobenius product", LHS: "?G : ?A + ?B", RHS: "(?G : ?A) + (?G : ?B)",
		Text: "A : (B + C) = A : B + A : C", LaTeX: `A : (B + C) = A : B + A : C`},
	{Name: "frob-distribute-difference", Title: "linearity of the Frobenius product", LHS: "?G : ?A - ?B", RHS: "(?G : ?A) - (?G : ?B)",
		Text: "A : (B − C) = A : B − A : C", LaTeX: `A : (B - C) = A : B - A : C`},
	{Name: "frob-negation", Title: "linearity of the Frobenius product", LHS: "?G : -?A", RHS: "-?G : ?A",
		Text: "A : (−B) = (−A) : B", LaTeX: `A : (-B) = (-A) : B`},
	{Name: "frob-transpose", Title: "transposing both sides of a Frobenius product", LHS: "?G : ?A'", RHS: "?G' : ?A",
		Text: "A : Bᵀ = Aᵀ : B", LaTeX: `A : B^\top = A^\top : B`},
	{Name: "frob-scalar-left", Title: "moving a scalar across a Frobenius product", LHS: "?G : ?a ?B", RHS: "?a ?G : ?B", Guards: []string{"scalar(?a)", "const(?a)"},
		Text: "A : sB = sA : B", LaTeX: `A : sB = sA : B`},
	{Name: "frob-scalar-out-left", Title: "taking a scalar out of a Frobenius product", LHS: "?G : ?s ?B", RHS: "?G : ?B : ?s", Guards: []string{"scalar(?s)", "const(?B)"},
		Text: "A : sB = (A : B) s", LaTeX: `A : sB = (A : B)\,s`},
	{Name: "frob-mul-left", Title: "cyclic property of the trace", LHS: "?G : ?A ?B", RHS: "?A' ?G : ?B", Guards: []string{"const(?A)"},
		Text: "A : BC = BᵀA : C", LaTeX: `A : BC = B^\top A : C`, Ref: "(17)"},
	{Name: "frob-mul-right", Title: "cyclic property of the trace", LHS: "?G : ?A ?B", RHS: "?G ?B' : ?A", Guards: []string{"const(?B)"},
		Text: "A : BC = ACᵀ : B", LaTeX: `A : BC = AC^\top : B`, Ref: "(17)"},
	{Name: "frob-hadamard-scalar-out", Title: "taking a scalar out of a Frobenius product", LHS: "?G : ?A .* ?s", RHS: "?G : ?A : ?s", Guards: []string{"scalar(?s)", "nonscalar(?A)", "const(?A)"},
		Text: "A : B∘s = (A : B) s", LaTeX: `A : (B \odot s) = (A : B)\,s`},
	{Name: "frob-hadamard-right", Title: "Frobenius and Hadamard commute", LHS: "?G : ?A .* ?B", RHS: "?G .* ?B : ?A", Guards: []string{"const(?B)"},
		Text: "A : B∘C = A∘C : B", LaTeX: `A : (B \odot C) = (A \odot C) : B`},
	{Name: "frob-hadamard-division-scalar-out", Title: "Frobenius and Hadamard commute", LHS: "?G : ?s ./ ?B", RHS: "sum(?G ./ ?B) : ?s", Guards: []string{"scalar(?s)", "nonscalar(?B)", "const(?B)"},
		Text: "A : s⊘B = sum(A ⊘ B) s", LaTeX: `A : (s \oslash B) = \operatorname{sum}(A \oslash B)\,s`},
	{Name: "frob-hadamard-division", Title: "Frobenius and elementwise division commute", LHS: "?G : ?A ./ ?B", RHS: "?G ./ ?B : ?A", Guards: []string{"const(?B)"},
		Text: "A : B⊘C = A⊘C : B", LaTeX: `A : (B \oslash C) = (A \oslash C) : B`},
	{Name: "frob-division", Title: "moving a divisor across a Frobenius product", LHS: "?G : ?A / ?s", RHS: "?G / ?s : ?A", Guards: []string{"const(?s)"},
		Text: "A : B/s = A/s : B", LaTeX: `A : \frac{B}{s} = \frac{A}{s} : B`},
	{Name: "frob-frobenius-right", Title: "a scalar times a Frobenius product", LHS: "?G : (?A : ?B)", RHS: "?G ?A : ?B", Guards: []string{"const(?A)"},
		Text: "g (A : B) = gA : B", LaTeX: `g\,(A : B) = gA : B`},
	{Name: "frob-frobenius-left", Title: "a scalar times a Frobenius product", LHS: "?G : (?A : ?B)", RHS: "?G ?B : ?A", Guards: []string{"const(?B)"},
		Text: "g (A : B) = gB : A", LaTeX: `g\,(A : B) = gB : A`},
	{Name: "frob-scalar-function", Title: "trace, determinant and sum of a 1 x 1 matrix", LHS: "?G : ?F", Build: buildScalarFunction, Guards: []string{"hasd(?F)"},
		Text: "tr(a) = det(a) = sum(a) = a for a 1 x 1 a", LaTeX: `\operatorname{tr}(a) = \det(a) = \operatorname{sum}(a) = a`},
	{Name: "frob-vec", Title: "Frobenius product with a vec", LHS: "?G : vec(?A)", Build: buildFrobVec, Guards: []string{"hasd(?A)", "nonscalar(?A)"},
		Text: "g : vec(A) = unvec(g) : A", LaTeX: `g : \operatorname{vec}(A) = \operatorname{unvec}(g) : A`},
	{Name: "frob-kron-left", Title: "Frobenius product with a Kronecker product (left factor)", LHS: "?G : kron(?A, ?B)", Build: buildFrobKronLeft, Guards: []string{"hasd(?A)", "const(?B)"},
		Text:  "G : A ⊗ B = (I ⊗ 𝟏)ᵀ (G ∘ (𝟏 ⊗ B)) (I ⊗ 𝟏) : A, entry ij the block G_ij : B",
		LaTeX: `G : A \otimes B = (I \otimes \mathbf{1}_p)^\top \bigl(G \odot (\mathbf{1} \otimes B)\bigr)(I \otimes \mathbf{1}_q) : A`},
	{Name: "frob-kron-right", Title: "Frobenius product with a Kronecker product (right factor)", LHS: "?G : kron(?A, ?B)", Build: buildFrobKronRight, Guards: []string{"const(?A)", "hasd(?B)"},
		Text:  "G : A ⊗ B = (𝟏 ⊗ I)ᵀ (G ∘ (A ⊗ 𝟏)) (𝟏 ⊗ I) : B, the blocks G_ij summed with weights A_ij",
		LaTeX: `G : A \otimes B = (\mathbf{1}_m \otimes I)^\top \bigl(G \odot (A \otimes \mathbf{1})\bigr)(\mathbf{1}_n \otimes I) : B`},
	{Name: "frob-unvec", Title: "Frobenius product with an unvec", LHS: "?G : unvec(?v, ?m, ?n)", RHS: "vec(?G) : ?v", Guards: []string{"hasd(?v)"},
		Text: "G : unvec(v) = vec(G) : v", LaTeX: `G : \operatorname{unvec}(v) = \operatorname{vec}(G) : v`},
	{Name: "frob-trace-inside", Title: "trace as a Frobenius product with the identity", LHS: "?G : tr(?A)", RHS: "?G I : ?A", Guards: []string{"nonscalar(?A)"},
		Text: "g tr(A) = gI : A", LaTeX: `g\operatorname{tr}(A) = gI : A`},
	{Name: "frob-diag", Title: "adjoint of diag", LHS: "?G : diag(?A)", RHS: "Diag(?G) : ?A",
		Text: "a : diag(A) = Diag(a) : A", LaTeX: `a : \operatorname{diag}(A) = \operatorname{Diag}(a) : A`},
	{Name: "frob-Diag", Title: "adjoint of Diag", LHS: "?G : Diag(?a)", RHS: "diag(?G) : ?a",
		Text: "A : Diag(a) = diag(A) : a", LaTeX: `A : \operatorname{Diag}(a) = \operatorname{diag}(A) : a`},
	{Name: "frob-sum-sum", Title: "sum of the entries of a sum", LHS: "?G : sum(?A + ?B)", RHS: "(?G : sum(?A)) + (?G : sum(?B))",
		Text: "sum(A + B) = sum(A) + sum(B)", LaTeX: `\operatorname{sum}(A + B) = \operatorname{sum}(A) + \operatorname{sum}(B)`},
	{Name: "frob-sum-difference", Title: "sum of the entries of a difference", LHS: "?G : sum(?A - ?B)", RHS: "(?G : sum(?A)) - (?G : sum(?B))",
		Text: "sum(A − B) = sum(A) − sum(B)", LaTeX: `\operatorname{sum}(A - B) = \operatorname{sum}(A) - \operatorname{sum}(B)`},
	{Name: "frob-sum-negation", Title: "sum of the entries of a negation", LHS: "?G : sum(-?A)", RHS: "-?G : sum(?A)",
		Text: "sum(−A) = −sum(A)", LaTeX: `\operatorname{sum}(-A) = -\operatorname{sum}(A)`},
	{Name: "frob-sum-transpose", Title: "sum of the entries of a transpose", LHS: "?G : sum(?A')", RHS: "?G : sum(?A)",
		Text: "sum(Aᵀ) = sum(A)", LaTeX: `\operatorname{sum}(A^\top) = \operatorname{sum}(A)`},
	{Name: "frob-sum-hadamard-left", Title: "sum of a Hadamard product as a Frobenius product", LHS: "?G : sum(?A .* ?B)", RHS: "?G ?A : ?B", Guards: []string{"const(?A)", "samedims(?A, ?B)"},
		Text: "g sum(A ∘ B) = gA : B", LaTeX: `g \operatorname{sum}(A \odot B) = gA : B`},
	{Name: "frob-sum-division", Title: "sum of an elementwise quotient as a Frobenius product", LHS: "?G : sum(?A ./ ?B)", RHS: "?G ./ ?B : ?A", Guards: []string{"const(?B)", "samedims(?A, ?B)"},
		Text: "g sum(A ⊘ B) = g ⊘ B : A", LaTeX: `g \operatorname{sum}(A \oslash B) = (g \oslash B) : A`},
	{Name: "frob-sum", Title: "sum of the entries as a Frobenius product with ones", LHS: "?G : sum(?A)", Build: buildFrobSum,
		Text: "g sum(A) = g𝟏𝟏ᵀ : A", LaTeX: `g \operatorname{sum}(A) = g\mathbf{1}\mathbf{1}^\top : A`},
}

// buildFrobSum gives g 𝟏𝟏ᵀ : A for g sum(A), where the matrix of ones of
// A's shape is written A.^0 with dX taken out of A.
func buildFrobSum(s Shapes, b Binding) ast.Expr {
	a := b["?A"]
	return ast.Frob(ast.Mul(b["?G"], onesLike(s, a)), a)
}

// buildBroadcastLeft writes a scalar s in s : M, where it meets every
// entry of M, as s times the matrix of ones of M's shape.
func buildBroadcastLeft(s Shapes, b Binding) ast.Expr {
	return ast.Frob(ast.Mul(b["?s"], onesLike(s, b["?M"])), b["?M"])
}

// scalarFunctionArg returns a when e is tr(a), det(a) or sum(a) of a 1 x 1
// a, which all equal a.
func scalarFunctionArg(sh Shapes, e ast.Expr) (ast.Expr, bool) {
	c, ok := e.(*ast.Call)
	if !ok || len(c.Args) != 1 {
		return nil, false
	}
	switch c.Fun {
	case ast.FnTr, ast.FnDet, ast.FnSum:
		if sh.Shape(c.Args[0]).IsScalar() {
			return c.Args[0], true
		}
	}
	return nil, false
}

// buildScalarFunction gives G : a for G : tr(a), G : det(a) or G : sum(a)
// with a 1 x 1.
func buildScalarFunction(sh Shapes, b Binding) ast.Expr {
	a, ok := scalarFunctionArg(sh, b["?F"])
	if !ok {
		return nil
	}
	return ast.Frob(b["?G"], a)
}

// buildFrobVec gives unvec(g, m, n) : A for g : vec(A) with A m x n (g
// itself for a column A).
func buildFrobVec(sh Shapes, b Binding) ast.Expr {
	a := b["?A"]
	s := sh.Shape(a)
	if s.IsColumn() {
		return ast.Frob(b["?G"], a)
	}
	return ast.Frob(ast.Unvec(b["?G"], s.Rows, s.Cols), a)
}

// buildFrobKronLeft gives M : A for G : kron(A, B) with A m x n, B p x q:
// entry ij of M is G_ij : B, the Frobenius product of the p x q block ij
// of G with B, written (I ⊗ 𝟏_p)ᵀ (G ∘ (𝟏_{m x n} ⊗ B)) (I ⊗ 𝟏_q), the
// block sums of G ∘ (𝟏 ⊗ B). Every I there takes its size from its
// neighbours.
func buildFrobKronLeft(sh Shapes, b Binding) ast.Expr {
	a, bb := b["?A"], b["?B"]
	sa, sb := sh.Shape(a), sh.Shape(bb)
	weighted := ast.Had(b["?G"], ast.Fn(ast.FnKron, ast.Ones(sa), bb))
	rows := ast.T(ast.Fn(ast.FnKron, ast.Eye(), ast.Ones(ast.Shape{Rows: sb.Rows, Cols: ast.Known(1)})))
	cols := ast.Fn(ast.FnKron, ast.Eye(), ast.Ones(ast.Shape{Rows: sb.Cols, Cols: ast.Known(1)}))
	return ast.Frob(ast.MulAll(rows, weighted, cols), a)
}

// buildFrobKronRight gives N : B for G : kron(A, B) with A m x n, B p x q:
// N is the sum of the blocks G_ij of G weighted by A_ij, written
// (𝟏_m ⊗ I)ᵀ (G ∘ (A ⊗ 𝟏_{p x q})) (𝟏_n ⊗ I).
func buildFrobKronRight(sh Shapes, b Binding) ast.Expr {
	a, bb := b["?A"], b["?B"]
	sa, sb := sh.Shape(a), sh.Shape(bb)
	weighted := ast.Had(b["?G"], ast.Fn(ast.FnKron, a, ast.Ones(sb)))
	rows := ast.T(ast.Fn(ast.FnKron, ast.Ones(ast.Shape{Rows: sa.Rows, Cols: ast.Known(1)}), ast.Eye()))
	cols := ast.Fn(ast.FnKron, ast.Ones(ast.Shape{Rows: sa.Cols, Cols: ast.Known(1)}), ast.Eye())
	return ast.Frob(ast.MulAll(rows, weighted, cols), bb)
}
