package rewrite

import "github.com/matdiff/matdiff/ast"

// linearRules complete the identities of rules_jac.go and rules_vec.go:
// when none of those moves the differential of a term L (inner), the term
// is read as L vec(inner) and the linear map is read off the structure of
// inner, one layer per step, each layer a vec identity (the rules of
// rules_vec.go and these). Every linear form of the language has one, so
// a differentiable expression always reaches L vec(dx), and L dx for a
// column x.
var linearRules = []*Rule{
	{Name: "lin-vec-differential", Title: "vec of a column", LHS: "?L vec(d(?W))", RHS: "?L d(?W)", Guards: []string{"column(?W)"},
		Text: "vec(dx) = dx for a column x", LaTeX: `\operatorname{vec}(dx) = dx`},
	{Name: "lin-vec-trace-scalar", Title: "trace of a 1 x 1 matrix", LHS: "?L vec(tr(?S))", RHS: "?L vec(?S)", Guards: []string{"scalar(?S)"},
		Text: "tr(s) = s for a scalar s", LaTeX: `\operatorname{tr}(s) = s`},
	{Name: "lin-vec-sum-scalar", Title: "sum of a 1 x 1 matrix", LHS: "?L vec(sum(?S))", RHS: "?L vec(?S)", Guards: []string{"scalar(?S)"},
		Text: "sum(s) = s for a scalar s", LaTeX: `\operatorname{sum}(s) = s`},
	{Name: "lin-vec-diag-scalar", Title: "Diag and diag of a 1 x 1 matrix", LHS: "?L vec(diag(?S))", RHS: "?L vec(?S)", Guards: []string{"scalar(?S)"},
		Text: "diag(s) = s for a scalar s", LaTeX: `\operatorname{diag}(s) = s`},
	{Name: "lin-vec-Diag-diag", Title: "vec of the diagonal part", LHS: "?L vec(Diag(diag(?M)))", Build: buildLinVecDiagPart, Guards: []string{"nonscalar(?M)"},
		Text: "vec(Diag(diag(M))) = vec(I ∘ M) = Diag(vec(I_n)) vec(M) for M n x n", LaTeX: `\operatorname{vec}(\operatorname{Diag}(\operatorname{diag}M)) = \operatorname{Diag}(\operatorname{vec}I_n)\operatorname{vec}M`},
	{Name: "lin-vec-Diag", Title: "vec of a diagonal matrix", LHS: "?L vec(Diag(?V))", Build: buildLinVecDiag, Guards: []string{"nonscalar(?V)"},
		Text:  "vec(Diag(v)) = Diag(vec(I_n)) (𝟏_n ⊗ I_n) v for v n x 1",
		LaTeX: `\operatorname{vec}(\operatorname{Diag}v) = \operatorname{Diag}(\operatorname{vec}I_n)\,(\mathbf{1}_n \otimes I_n)\,v`},
	{Name: "lin-vec-diag", Title: "diagonal as a selection from vec", LHS: "?L vec(diag(?M))", Build: buildLinVecDiagOf, Guards: []string{"nonscalar(?M)"},
		Text:  "diag(M) = (𝟏_nᵀ ⊗ I_n) Diag(vec(I_n)) vec(M) for M n x n",
		LaTeX: `\operatorname{diag}M = (\mathbf{1}_n^\top \otimes I_n)\operatorname{Diag}(\operatorname{vec}I_n)\operatorname{vec}M`},
	{Name: "lin-vec-hadamard-division-scalar", Title: "vec of an elementwise quotient", LHS: "?L vec(?M ./ ?s)", RHS: "(?L / ?s) vec(?M)", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "vec(M ⊘ s) = vec(M)/s", LaTeX: `\operatorname{vec}(M \oslash s) = \operatorname{vec}(M)/s`},
	{Name: "lin-vec-frobenius-broadcast-matrix", Title: "Frobenius product as an inner product of vecs", LHS: "?L vec(?A : ?S)", RHS: "(?L sum(?A)) vec(?S)", Guards: []string{"const(?A)", "nonscalar(?A)", "scalar(?S)"},
		Text: "A : s = sum(A) s for a scalar s", LaTeX: `A : s = \operatorname{sum}(A)\,s`},
	{Name: "lin-column-as-vec", Title: "a column is its own vec", LHS: "?L ?V", RHS: "?L vec(?V)", Guards: []string{"column(?V)", "hasd(?V)", "notvec(?V)"},
		Text: "v = vec(v) for a column v", LaTeX: `v = \operatorname{vec}(v)`},
}

// broadcastRules write a scalar added to (or subtracted from) a matrix
// that is a factor of a matrix product as the matrix of that scalar, s 𝟏,
// before the identities that move dx: those distribute products over
// sums, which holds for P (A + s 𝟏) but not for P (A + s) read as
// P A + P s.
var broadcastRules = []*Rule{
	{Name: "lin-broadcast-sum-in-product-right", Title: "a scalar added to a matrix meets every entry", LHS: "?P (?A + ?S)", Build: buildBroadcast(true, ast.OpAdd, false), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "A + s = A + s 𝟏 for a scalar s", LaTeX: `A + s = A + s\mathbf{1}`},
	{Name: "lin-broadcast-difference-in-product-right", Title: "a scalar added to a matrix meets every entry", LHS: "?P (?A - ?S)", Build: buildBroadcast(true, ast.OpSub, false), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "A − s = A − s 𝟏 for a scalar s", LaTeX: `A - s = A - s\mathbf{1}`},
	{Name: "lin-broadcast-difference-scalar-first-in-product-right", Title: "a scalar added to a matrix meets every entry", LHS: "?P (?S - ?A)", Build: buildBroadcast(true, ast.OpSub, true), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "s − A = s 𝟏 − A for a scalar s", LaTeX: `s - A = s\mathbf{1} - A`},
	{Name: "lin-broadcast-sum-in-product-left", Title: "a scalar added to a matrix meets every entry", LHS: "(?A + ?S) ?P", Build: buildBroadcast(false, ast.OpAdd, false), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "A + s = A + s 𝟏 for a scalar s", LaTeX: `A + s = A + s\mathbf{1}`},
	{Name: "lin-broadcast-difference-in-product-left", Title: "a scalar added to a matrix meets every entry", LHS: "(?A - ?S) ?P", Build: buildBroadcast(false, ast.OpSub, false), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "A − s = A − s 𝟏 for a scalar s", LaTeX: `A - s = A - s\mathbf{1}`},
	{Name: "lin-broadcast-difference-scalar-first-in-product-left", Title: "a scalar added to a matrix meets every entry", LHS: "(?S - ?A) ?P", Build: buildBroadcast(false, ast.OpSub, true), Guards: []string{"nonscalar(?P)", "nonscalar(?A)", "scalar(?S)"},
		Text: "s − A = s 𝟏 − A for a scalar s", LaTeX: `s - A = s\mathbf{1} - A`},
}

// buildBroadcast returns the Build of P (A op s) (of (A op s) P unless
// right; of s op A when scalarLeft): the scalar s becomes s 𝟏, 𝟏 of the
// shape of A.
func buildBroadcast(right bool, op ast.Op, scalarLeft bool) func(Shapes, Binding) ast.Expr {
	return func(sh Shapes, b Binding) ast.Expr {
		a := b["?A"]
		full := ast.Mul(b["?S"], onesLike(sh, a))
		sum := ast.Bin(op, a, full)
		if scalarLeft {
			sum = ast.Bin(op, full, a)
		}
		if right {
			return ast.Mul(b["?P"], sum)
		}
		return ast.Mul(sum, b["?P"])
	}
}

// addLinearTable builds the table of the linear fallback once the
// families are compiled, into the late tables.
func addLinearTable(late map[string][]*Rule) {
	t := append([]*Rule(nil), late["rules_linear.go"]...)
	late["linear"] = append(t, late["rules_vec.go"]...)
}

// buildLinVecDiag gives (L Diag(vec(I_n)) (𝟏_n ⊗ I_n)) vec(v) for
// L vec(Diag(v)), v n x 1: 𝟏 ⊗ I stacks n copies of v, and Diag(vec(I))
// keeps entry i of copy i, which is where vec puts the diagonal.
func buildLinVecDiag(sh Shapes, b Binding) ast.Expr {
	v := b["?V"]
	n := sh.Shape(v).Rows
	eye := sizedEye(n)
	m := ast.Mul(ast.Fn(ast.FnDiagM, ast.Fn(ast.FnVec, eye)), ast.Fn(ast.FnKron, ast.Ones(ast.Shape{Rows: n, Cols: ast.Known(1)}), eye))
	return ast.Mul(ast.Mul(b["?L"], m), ast.Fn(ast.FnVec, v))
}

// buildLinVecDiagOf gives (L (𝟏_nᵀ ⊗ I_n) Diag(vec(I_n))) vec(M) for
// L vec(diag(M)), M n x n: the transpose of the map of buildLinVecDiag.
func buildLinVecDiagOf(sh Shapes, b Binding) ast.Expr {
	m := b["?M"]
	n := sh.Shape(m).Rows
	eye := sizedEye(n)
	sel := ast.Mul(ast.Fn(ast.FnKron, ast.T(ast.Ones(ast.Shape{Rows: n, Cols: ast.Known(1)})), eye), ast.Fn(ast.FnDiagM, ast.Fn(ast.FnVec, eye)))
	return ast.Mul(ast.Mul(b["?L"], sel), ast.Fn(ast.FnVec, m))
}

// buildLinVecDiagPart gives (L Diag(vec(I_n))) vec(M) for
// L vec(Diag(diag(M))), M n x n: the diagonal part of M is I ∘ M.
func buildLinVecDiagPart(sh Shapes, b Binding) ast.Expr {
	m := b["?M"]
	n := sh.Shape(m).Rows
	keep := ast.Fn(ast.FnDiagM, ast.Fn(ast.FnVec, sizedEye(n)))
	return ast.Mul(ast.Mul(b["?L"], keep), ast.Fn(ast.FnVec, m))
}
