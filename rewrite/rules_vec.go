package rewrite

import "github.com/matdiff/matdiff/ast"

// vecRules bring one term of d vec(Y), written L vec(inner) with inner
// linear in dX, to the form L vec(dX): each rule moves one layer of the
// inner matrix into L, as a Kronecker or diagonal factor.
var vecRules = []*Rule{
	{Name: "vec-unvec", Title: "vec undoes unvec", LHS: "?L vec(unvec(?v, ?m, ?n))", RHS: "?L vec(?v)",
		Text: "vec(unvec(v)) = v = vec(v)", LaTeX: `\operatorname{vec}(\operatorname{unvec}(v)) = v`},
	{Name: "vec-kron-left", Title: "vec of a Kronecker product", LHS: "?L vec(kron(?A, ?B))", Build: buildVecKronLeft, Guards: []string{"hasd(?A)", "const(?B)"},
		Text: "vec(A ⊗ B) = (I_n ⊗ (K_{q,m} ⊗ I_p)(I_m ⊗ vec(B))) vec(A) for A m x n, B p x q", LaTeX: `\operatorname{vec}(A \otimes B) = \bigl(I_n \otimes (K_{q,m} \otimes I_p)(I_m \otimes \operatorname{vec}B)\bigr)\operatorname{vec}A`},
	{Name: "vec-kron-right", Title: "vec of a Kronecker product", LHS: "?L vec(kron(?A, ?B))", Build: buildVecKronRight, Guards: []string{"const(?A)", "hasd(?B)"},
		Text: "vec(A ⊗ B) = (I_n ⊗ K_{q,m} ⊗ I_p)(vec(A) ⊗ I_pq) vec(B) for A m x n, B p x q", LaTeX: `\operatorname{vec}(A \otimes B) = (I_n \otimes K_{q,m} \otimes I_p)(\operatorname{vec}A \otimes I_{pq})\operatorname{vec}B`},
	{Name: "vec-vec", Title: "vec of a vec", LHS: "?L vec(vec(?A))", RHS: "?L vec(?A)",
		Text: "vec(vec(A)) = vec(A)", LaTeX: `\operatorname{vec}(\operatorname{vec}A) = \operatorname{vec}A`},
	{Name: "vec-transpose", Title: "vec of a transpose (commutation matrix)", LHS: "?L vec(?M')", Build: buildVecTranspose, Guards: []string{"hasd(?M)"},
		Text: "vec(Mᵀ) = K_{m,n} vec(M) for an m x n M", LaTeX: `\operatorname{vec}(M^\top) = K_{m,n}\operatorname{vec}(M)`},
	{Name: "vec-split", Title: "linearity of vec", LHS: "?L vec(?A + ?B)", RHS: "?L vec(?A) + ?L vec(?B)",
		Text: "vec(A + B) = vec(A) + vec(B)", LaTeX: `\operatorname{vec}(A + B) = \operatorname{vec}(A) + \operatorname{vec}(B)`},
	{Name: "vec-split-difference", Title: "linearity of vec", LHS: "?L vec(?A - ?B)", RHS: "?L vec(?A) - ?L vec(?B)",
		Text: "vec(A − B) = vec(A) − vec(B)", LaTeX: `\operatorname{vec}(A - B) = \operatorname{vec}(A) - \operatorname{vec}(B)`},
	{Name: "vec-negation", Title: "linearity of vec", LHS: "?L vec(-?A)", RHS: "(-?L) vec(?A)",
		Text: "vec(−A) = −vec(A)", LaTeX: `\operatorname{vec}(-A) = -\operatorname{vec}(A)`},
	{Name: "vec-transpose-vector", Title: "vec of a transposed vector", LHS: "?L vec(?W')", RHS: "?L vec(?W)", Guards: []string{"vector(?W)"},
		Text: "vec(wᵀ) = vec(w) for a vector w", LaTeX: `\operatorname{vec}(w^\top) = \operatorname{vec}(w)`},
	{Name: "vec-frobenius-commute", Title: "symmetry of the Frobenius product", LHS: "?L vec(?M : ?A)", RHS: "?L vec(?A : ?M)", Guards: []string{"hasd(?M)", "const(?A)"},
		Text: "M : A = A : M", LaTeX: `M : A = A : M`},
	{Name: "vec-Diag-scalar", Title: "Diag of a 1 x 1 matrix", LHS: "?L vec(Diag(?S))", RHS: "?L vec(?S)", Guards: []string{"scalar(?S)"},
		Text: "Diag(s) = s for a scalar s", LaTeX: `\operatorname{Diag}(s) = s`},
	{Name: "vec-sum-entries", Title: "sum of the entries as an inner product with ones", LHS: "?L vec(sum(?M))", Guards: []string{"nonscalar(?M)"}, Build: buildVecSum,
		Text: "sum(M) = vec(𝟏)ᵀ vec(M)", LaTeX: `\operatorname{sum}(M) = \operatorname{vec}(\mathbf{1})^\top\operatorname{vec}(M)`},
	{Name: "vec-scalar-left", Title: "linearity of vec", LHS: "?L vec(?s ?M)", RHS: "(?L ?s) vec(?M)", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "vec(sM) = s vec(M)", LaTeX: `\operatorname{vec}(sM) = s\operatorname{vec}(M)`},
	{Name: "vec-division", Title: "linearity of vec", LHS: "?L vec(?M / ?s)", RHS: "(?L / ?s) vec(?M)", Guards: []string{"const(?s)"},
		Text: "vec(M/s) = vec(M)/s", LaTeX: `\operatorname{vec}(M/s) = \operatorname{vec}(M)/s`},
	{Name: "vec-scalar-times-left", Title: "linearity of vec", LHS: "?L vec(?S ?Q)", RHS: "(?L vec(?Q)) vec(?S)", Guards: []string{"scalar(?S)", "const(?Q)", "nonscalar(?Q)"},
		Text: "vec(sQ) = vec(Q) s for a scalar s", LaTeX: `\operatorname{vec}(sQ) = \operatorname{vec}(Q)\,s`},
	{Name: "vec-trace", Title: "trace as an inner product of vecs", LHS: "?L vec(tr(?M))", RHS: "(?L vec(I)') vec(?M)",
		Text: "tr(M) = vec(I)ᵀ vec(M)", LaTeX: `\operatorname{tr}(M) = \operatorname{vec}(I)^\top\operatorname{vec}(M)`},
	{Name: "vec-inner-frobenius-broadcast", Title: "Frobenius product as an inner product of vecs", LHS: "?L vec(?s : ?M)", Build: buildVecFrobBroadcast, Guards: []string{"const(?s)", "scalar(?s)", "nonscalar(?M)"},
		Text: "s : M = s vec(𝟏)ᵀ vec(M)", LaTeX: `s : M = s\operatorname{vec}(\mathbf{1})^\top\operatorname{vec}(M)`},
	{Name: "vec-inner-frobenius", Title: "Frobenius product as an inner product of vecs", LHS: "?L vec(?A : ?M)", RHS: "(?L vec(?A)') vec(?M)", Guards: []string{"const(?A)", "samedims(?A, ?M)"},
		Text: "A : M = vec(A)ᵀ vec(M)", LaTeX: `A : M = \operatorname{vec}(A)^\top\operatorname{vec}(M)`},
	{Name: "vec-product-left", Title: "vec of a product", LHS: "?L vec(?P ?M)", RHS: "(?L kron(I, ?P)) vec(?M)", Guards: []string{"const(?P)", "nonscalar(?M)"},
		Text: "vec(PM) = (I ⊗ P) vec(M)", LaTeX: `\operatorname{vec}(PM) = (I \otimes P)\operatorname{vec}(M)`, Ref: "(520)"},
	{Name: "vec-product-right", Title: "vec of a product", LHS: "?L vec(?M ?Q)", RHS: "(?L kron(?Q', I)) vec(?M)", Guards: []string{"const(?Q)", "nonscalar(?M)"},
		Text: "vec(MQ) = (Qᵀ ⊗ I) vec(M)", LaTeX: `\operatorname{vec}(MQ) = (Q^\top \otimes I)\operatorname{vec}(M)`, Ref: "(520)"},
	{Name: "vec-hadamard-broadcast", Title: "vec of a Hadamard product with a scalar", LHS: "?L vec(?A .* ?S)", RHS: "(?L vec(?A)) vec(?S)", Guards: []string{"const(?A)", "nonscalar(?A)", "scalar(?S)"},
		Text: "vec(A ∘ s) = vec(A) s for a scalar s", LaTeX: `\operatorname{vec}(A \odot s) = \operatorname{vec}(A)\,s`},
	{Name: "vec-hadamard-division-broadcast", Title: "vec of an elementwise quotient", LHS: "?L vec(?S ./ ?A)", RHS: "(?L vec(1 ./ ?A)) vec(?S)", Guards: []string{"const(?A)", "nonscalar(?A)", "scalar(?S)"},
		Text: "vec(s ⊘ A) = vec(1 ⊘ A) s for a scalar s", LaTeX: `\operatorname{vec}(s \oslash A) = \operatorname{vec}(1 \oslash A)\,s`},
	{Name: "vec-hadamard", Title: "vec of a Hadamard product", LHS: "?L vec(?A .* ?M)", RHS: "(?L Diag(vec(?A))) vec(?M)", Guards: []string{"const(?A)", "nonscalar(?A)"},
		Text: "vec(A ∘ M) = Diag(vec(A)) vec(M)", LaTeX: `\operatorname{vec}(A \odot M) = \operatorname{Diag}(\operatorname{vec}A)\operatorname{vec}(M)`},
	{Name: "vec-hadamard-scalar", Title: "vec of a Hadamard product with a scalar", LHS: "?L vec(?s .* ?M)", RHS: "(?L ?s) vec(?M)", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "vec(s ∘ M) = s vec(M)", LaTeX: `\operatorname{vec}(s \odot M) = s\operatorname{vec}(M)`},
	{Name: "vec-hadamard-division", Title: "vec of an elementwise quotient", LHS: "?L vec(?M ./ ?A)", RHS: "(?L Diag(vec(1 ./ ?A))) vec(?M)", Guards: []string{"const(?A)", "nonscalar(?A)"},
		Text: "vec(M ⊘ A) = Diag(vec(1 ⊘ A)) vec(M)", LaTeX: `\operatorname{vec}(M \oslash A) = \operatorname{Diag}(\operatorname{vec}(1 \oslash A))\operatorname{vec}(M)`},
}

// buildVecFrobBroadcast gives (L s vec(𝟏)ᵀ) vec(M) for L vec(s : M), where
// the scalar s meets every entry of M.
func buildVecFrobBroadcast(sh Shapes, b Binding) ast.Expr {
	ones := onesLike(sh, ast.Fn(ast.FnVec, b["?M"]))
	return ast.Mul(ast.MulAll(b["?L"], b["?s"], ast.T(ones)), ast.Fn(ast.FnVec, b["?M"]))
}

// buildVecTranspose gives (L K_{m,n}) vec(M) for L vec(Mᵀ) with M m x n,
// K_{m,n} the commutation matrix; for a vector M, vec(Mᵀ) = vec(M).
func buildVecTranspose(sh Shapes, b Binding) ast.Expr {
	m := b["?M"]
	s := sh.Shape(m)
	if s.IsColumn() || s.IsRow() {
		return ast.Mul(b["?L"], ast.Fn(ast.FnVec, m))
	}
	return ast.Mul(ast.Mul(b["?L"], ast.Commutation(s.Rows, s.Cols)), ast.Fn(ast.FnVec, m))
}

// kronShapes returns the shapes of A and B in vec(A ⊗ B).
func kronShapes(sh Shapes, b Binding) (a, bb ast.Shape) {
	return sh.Shape(b["?A"]), sh.Shape(b["?B"])
}

// buildVecKronLeft gives (L (I_n ⊗ G)) vec(A), G = (K_{q,m} ⊗ I_p)(I_m ⊗
// vec(B)), for L vec(A ⊗ B) with A m x n and B p x q (Magnus and
// Neudecker, Theorem 3.10). Each identity states its size.
func buildVecKronLeft(sh Shapes, b Binding) ast.Expr {
	sa, sb := kronShapes(sh, b)
	m, n, p, q := sa.Rows, sa.Cols, sb.Rows, sb.Cols
	g := ast.Mul(ast.Fn(ast.FnKron, ast.Commutation(q, m), sizedEye(p)), ast.Fn(ast.FnKron, sizedEye(m), ast.Fn(ast.FnVec, b["?B"])))
	return ast.Mul(ast.Mul(b["?L"], ast.Fn(ast.FnKron, sizedEye(n), g)), ast.Fn(ast.FnVec, b["?A"]))
}

// buildVecKronRight gives (L (I_n ⊗ K_{q,m} ⊗ I_p)(vec(A) ⊗ I_pq)) vec(B)
// for L vec(A ⊗ B) with A m x n and B p x q.
func buildVecKronRight(sh Shapes, b Binding) ast.Expr {
	sa, sb := kronShapes(sh, b)
	m, n, p, q := sa.Rows, sa.Cols, sb.Rows, sb.Cols
	perm := ast.Fn(ast.FnKron, ast.Fn(ast.FnKron, sizedEye(n), ast.Commutation(q, m)), sizedEye(p))
	spread := ast.Fn(ast.FnKron, ast.Fn(ast.FnVec, b["?A"]), sizedEye(p.Times(q)))
	return ast.Mul(ast.Mul(b["?L"], ast.Mul(perm, spread)), ast.Fn(ast.FnVec, b["?B"]))
}
