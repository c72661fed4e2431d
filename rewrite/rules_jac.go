package rewrite

import "github.com/matdiff/matdiff/ast"

// jacRules bring one term of the differential of a vector y, written
// L (inner) with inner linear in dx, to the form L dx: each rule moves one
// layer of the inner expression into the constant matrix L on its left.
// The first rule that matches wins.
var jacRules = []*Rule{
	{Name: "jac-split", Title: "linearity", LHS: "?L (?A + ?B)", RHS: "?L ?A + ?L ?B",
		Text: "L(a + b) = La + Lb", LaTeX: `L(a + b) = La + Lb`},
	{Name: "jac-split-difference", Title: "linearity", LHS: "?L (?A - ?B)", RHS: "?L ?A - ?L ?B",
		Text: "L(a − b) = La − Lb", LaTeX: `L(a - b) = La - Lb`},
	{Name: "jac-negation", Title: "linearity", LHS: "?L (-?A)", RHS: "(-?L) ?A",
		Text: "L(−a) = (−L)a", LaTeX: `L(-a) = (-L)a`},
	{Name: "jac-inner-right", Title: "reordering a scalar product", LHS: "?L ((?r ?W) ?v)", RHS: "(?L ?v ?r) ?W", Guards: []string{"const(?r)", "row(?r)", "column(?W)", "conform(?r, ?W)", "const(?v)"},
		Text: "(rᵀw) v = v rᵀ w", LaTeX: `(r^\top w)\,v = v r^\top w`},
	{Name: "jac-inner-left", Title: "reordering a scalar product", LHS: "?L (?v (?r ?W))", RHS: "(?L ?v ?r) ?W", Guards: []string{"const(?r)", "row(?r)", "column(?W)", "conform(?r, ?W)", "const(?v)", "nonscalar(?v)"},
		Text: "v (rᵀw) = v rᵀ w", LaTeX: `v\,(r^\top w) = v r^\top w`},
	{Name: "jac-inner-transposed-right", Title: "reordering a scalar product", LHS: "?L ((?W' ?c) ?v)", RHS: "(?L ?v ?c') ?W", Guards: []string{"column(?W)", "const(?c)", "column(?c)", "samedims(?W, ?c)", "const(?v)"},
		Text: "(wᵀc) v = v cᵀ w", LaTeX: `(w^\top c)\,v = v c^\top w`},
	{Name: "jac-inner-transposed-left", Title: "reordering a scalar product", LHS: "?L (?v (?W' ?c))", RHS: "(?L ?v ?c') ?W", Guards: []string{"column(?W)", "const(?c)", "column(?c)", "samedims(?W, ?c)", "const(?v)", "nonscalar(?v)"},
		Text: "v (wᵀc) = v cᵀ w", LaTeX: `v\,(w^\top c) = v c^\top w`},
	{Name: "jac-inner-transposed", Title: "symmetry of the inner product", LHS: "?L (?W' ?c)", RHS: "(?L ?c') ?W", Guards: []string{"column(?W)", "const(?c)", "column(?c)", "samedims(?W, ?c)"},
		Text: "wᵀc = cᵀw", LaTeX: `w^\top c = c^\top w`},
	{Name: "jac-sum-hadamard", Title: "sum of a Hadamard product as an inner product", LHS: "?L sum(?P .* ?W)", RHS: "(?L ?P') ?W", Guards: []string{"const(?P)", "column(?W)", "samedims(?P, ?W)"},
		Text: "sum(a ∘ w) = aᵀw", LaTeX: `\operatorname{sum}(a \odot w) = a^\top w`},
	{Name: "jac-sum-hadamard-right", Title: "sum of a Hadamard product as an inner product", LHS: "?L sum(?W .* ?P)", RHS: "(?L ?P') ?W", Guards: []string{"const(?P)", "column(?W)", "samedims(?P, ?W)"},
		Text: "sum(w ∘ a) = aᵀw", LaTeX: `\operatorname{sum}(w \odot a) = a^\top w`},
	{Name: "jac-sum", Title: "sum as an inner product with ones", LHS: "?L sum(?W)", Guards: []string{"column(?W)", "nonscalar(?W)"}, Build: buildJacSumBare,
		Text: "sum(w) = 𝟏ᵀw", LaTeX: `\operatorname{sum}(w) = \mathbf{1}^\top w`},
	{Name: "jac-negation-product", Title: "linearity", LHS: "?L ((-?A) ?v)", RHS: "(-?L) (?A ?v)",
		Text: "L((−A)v) = (−L)(Av)", LaTeX: `L((-A)v) = (-L)(Av)`},
	{Name: "jac-diag-outer", Title: "diagonal of an outer product", LHS: "?L diag(?W ?a')", RHS: "(?L Diag(?a)) ?W", Guards: []string{"column(?W)", "const(?a)", "column(?a)"},
		Text: "diag(w aᵀ) = Diag(a) w", LaTeX: `\operatorname{diag}(w a^\top) = \operatorname{Diag}(a)\,w`},
	{Name: "jac-diag-outer-right", Title: "diagonal of an outer product", LHS: "?L diag(?a ?W')", RHS: "(?L Diag(?a)) ?W", Guards: []string{"column(?W)", "const(?a)", "column(?a)"},
		Text: "diag(a wᵀ) = Diag(a) w", LaTeX: `\operatorname{diag}(a w^\top) = \operatorname{Diag}(a)\,w`},
	{Name: "jac-scalar-division-product", Title: "moving a divisor out", LHS: "?L ((?S / ?c) ?v)", RHS: "(?L / ?c) (?S ?v)", Guards: []string{"const(?c)", "scalar(?S)", "const(?v)"},
		Text: "(s/c) v = (s v)/c", LaTeX: `\tfrac{s}{c}\,v = \tfrac{1}{c}(s\,v)`},
	{Name: "jac-trace-Diag", Title: "trace against a diagonal matrix", LHS: "?L tr(?P Diag(?W))", RHS: "(?L diag(?P)') ?W", Guards: []string{"const(?P)"},
		Text: "tr(P Diag(w)) = diag(P)ᵀw", LaTeX: `\operatorname{tr}(P\operatorname{Diag}(w)) = \operatorname{diag}(P)^\top w`},
	{Name: "jac-trace-Diag-left", Title: "trace against a diagonal matrix", LHS: "?L tr(Diag(?W) ?P)", RHS: "(?L diag(?P)') ?W", Guards: []string{"const(?P)"},
		Text: "tr(Diag(w) P) = diag(P)ᵀw", LaTeX: `\operatorname{tr}(\operatorname{Diag}(w)P) = \operatorname{diag}(P)^\top w`},
	{Name: "jac-diag-sum", Title: "linearity of diag", LHS: "?L diag(?A + ?B)", RHS: "?L diag(?A) + ?L diag(?B)",
		Text: "diag(A + B) = diag(A) + diag(B)", LaTeX: `\operatorname{diag}(A + B) = \operatorname{diag}(A) + \operatorname{diag}(B)`},
	{Name: "jac-diag-difference", Title: "linearity of diag", LHS: "?L diag(?A - ?B)", RHS: "?L diag(?A) - ?L diag(?B)",
		Text: "diag(A − B) = diag(A) − diag(B)", LaTeX: `\operatorname{diag}(A - B) = \operatorname{diag}(A) - \operatorname{diag}(B)`},
	{Name: "jac-diag-negation", Title: "linearity of diag", LHS: "?L diag(-?A)", RHS: "(-?L) diag(?A)",
		Text: "diag(−A) = −diag(A)", LaTeX: `\operatorname{diag}(-A) = -\operatorname{diag}(A)`},
	{Name: "jac-diag-scalar", Title: "linearity of diag", LHS: "?L diag(?s ?M)", RHS: "(?L ?s) diag(?M)", Guards: []string{"const(?s)", "scalar(?s)", "nonscalar(?M)"},
		Text: "diag(sM) = s diag(M)", LaTeX: `\operatorname{diag}(sM) = s\operatorname{diag}(M)`},
	{Name: "jac-diag-linear-scalar", Title: "linearity of diag", LHS: "?L diag(?S ?M)", RHS: "(?L diag(?M)) ?S", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?M)", "nonscalar(?M)"},
		Text: "diag(sM) = diag(M) s", LaTeX: `\operatorname{diag}(sM) = \operatorname{diag}(M)\,s`},
	{Name: "jac-diag-product-Diag", Title: "diagonal of a product through a diagonal matrix", LHS: "?L diag(?A Diag(?W) ?B)", RHS: "(?L (?A .* ?B')) ?W", Guards: []string{"const(?A)", "const(?B)"},
		Text: "diag(A Diag(w) B) = (A ∘ Bᵀ) w", LaTeX: `\operatorname{diag}(A\operatorname{Diag}(w)B) = (A \odot B^\top)\,w`},
	{Name: "jac-sum-right", Title: "sum as an inner product with ones", LHS: "?L (sum(?W) ?v)", Guards: []string{"column(?W)", "const(?v)"}, Build: buildJacSum,
		Text: "sum(w) v = v 𝟏ᵀ w", LaTeX: `\operatorname{sum}(w)\,v = v\mathbf{1}^\top w`},
	{Name: "jac-sum-left", Title: "sum as an inner product with ones", LHS: "?L (?v sum(?W))", Guards: []string{"column(?W)", "const(?v)", "nonscalar(?v)"}, Build: buildJacSum,
		Text: "v sum(w) = v 𝟏ᵀ w", LaTeX: `v\operatorname{sum}(w) = v\mathbf{1}^\top w`},
	{Name: "jac-frobenius-broadcast", Title: "Frobenius product as an inner product", LHS: "?L ((?s : ?W) ?v)", Build: buildJacFrobBroadcast, Guards: []string{"scalar(?s)", "const(?s)", "column(?W)", "nonscalar(?W)", "const(?v)"},
		Text: "(s : w) v = v s𝟏ᵀ w", LaTeX: `(s : w)\,v = v\,s\mathbf{1}^\top w`},
	{Name: "jac-frobenius-right", Title: "Frobenius product as an inner product", LHS: "?L ((?a : ?W) ?v)", RHS: "(?L ?v ?a') ?W", Guards: []string{"column(?W)", "const(?a)", "const(?v)", "samedims(?a, ?W)"},
		Text: "(a : w) v = v aᵀ w", LaTeX: `(a : w)\,v = v a^\top w`},
	{Name: "jac-vec-split", Title: "vec of a sum", LHS: "?L vec(?A + ?B)", RHS: "?L vec(?A) + ?L vec(?B)",
		Text: "vec(A + B) = vec(A) + vec(B)", LaTeX: `\operatorname{vec}(A + B) = \operatorname{vec}(A) + \operatorname{vec}(B)`},
	{Name: "jac-kron-left", Title: "Kronecker product with a column (left)", LHS: "?L kron(?W, ?b)", RHS: "(?L kron(I, ?b)) ?W", Guards: []string{"column(?W)", "nonscalar(?W)", "const(?b)", "column(?b)"},
		Text: "w ⊗ b = (I ⊗ b) w for columns", LaTeX: `w \otimes b = (I \otimes b)\,w`},
	{Name: "jac-kron-right", Title: "Kronecker product with a column (right)", LHS: "?L kron(?b, ?W)", RHS: "(?L kron(?b, I)) ?W", Guards: []string{"column(?W)", "nonscalar(?W)", "const(?b)", "column(?b)"},
		Text: "b ⊗ w = (b ⊗ I) w for columns", LaTeX: `b \otimes w = (b \otimes I)\,w`},
	{Name: "jac-vec-outer", Title: "vec of an outer product", LHS: "?L vec(?W ?r)", RHS: "(?L kron(?r', I)) ?W", Guards: []string{"column(?W)", "nonscalar(?W)", "const(?r)", "row(?r)"},
		Text: "vec(w rᵀ) = (r ⊗ I) w", LaTeX: `\operatorname{vec}(w r^\top) = (r \otimes I)\,w`, Ref: "(520)"},
	{Name: "jac-vec-outer-right", Title: "vec of an outer product", LHS: "?L vec(?a ?W')", RHS: "(?L kron(I, ?a)) ?W", Guards: []string{"const(?a)", "column(?a)", "nonscalar(?a)", "column(?W)", "hasd(?W)"},
		Text: "vec(a wᵀ) = (I ⊗ a) w", LaTeX: `\operatorname{vec}(a w^\top) = (I \otimes a)\,w`, Ref: "(520)"},
	{Name: "jac-product", Title: "associativity", LHS: "?L (?A ?B)", RHS: "(?L ?A) ?B", Guards: []string{"const(?A)"},
		Text: "L(Ab) = (LA)b", LaTeX: `L(Ab) = (LA)b`},
	{Name: "jac-scalar-right", Title: "moving a scalar", LHS: "?L (?B ?s)", RHS: "(?L ?s) ?B", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "L(bs) = (Ls)b", LaTeX: `L(bs) = (Ls)b`},
	{Name: "jac-outer", Title: "associativity of an outer product", LHS: "?L ((?W ?c') ?v)", RHS: "(?L (?c' ?v)) ?W", Guards: []string{"column(?W)", "const(?c)", "const(?v)"},
		Text: "(w cᵀ) v = (cᵀv) w", LaTeX: `(w c^\top)v = (c^\top v)\,w`},
	{Name: "jac-Diag", Title: "commuting a diagonal matrix and a vector", LHS: "?L (Diag(?W) ?v)", RHS: "(?L Diag(?v)) ?W", Guards: []string{"const(?v)", "nonscalar(?W)"},
		Text: "Diag(w) v = Diag(v) w", LaTeX: `\operatorname{Diag}(w)\,v = \operatorname{Diag}(v)\,w`},
	{Name: "jac-hadamard-commute", Title: "Hadamard product commutes", LHS: "?L ((?Q .* ?P) ?v)", RHS: "?L ((?P .* ?Q) ?v)", Guards: []string{"hasd(?Q)", "const(?P)"},
		Text: "A ∘ B = B ∘ A", LaTeX: `A \odot B = B \odot A`},
	{Name: "jac-hadamard-diag", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (?B Diag(?W) ?N)) ?f)", RHS: "(?L (?B .* (?E Diag(?f) ?N'))) ?W", Guards: []string{"const(?E)", "const(?B)", "const(?N)", "const(?f)"},
		Text: "(E ∘ (B Diag(w) N)) f = (B ∘ (E Diag(f) Nᵀ)) w", LaTeX: `(E \odot (B\operatorname{Diag}(w)N))f = (B \odot (E\operatorname{Diag}(f)N^\top))w`},
	{Name: "jac-hadamard-diag-right", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (?B Diag(?W))) ?f)", RHS: "(?L (?B .* (?E Diag(?f)))) ?W", Guards: []string{"const(?E)", "const(?B)", "const(?f)"},
		Text: "(E ∘ (B Diag(w))) f = (B ∘ (E Diag(f))) w", LaTeX: `(E \odot (B\operatorname{Diag}(w)))f = (B \odot (E\operatorname{Diag}(f)))w`},
	{Name: "jac-hadamard-diag-left", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (Diag(?W) ?N)) ?f)", RHS: "(?L Diag((?E .* ?N) ?f)) ?W", Guards: []string{"const(?E)", "const(?N)", "const(?f)"},
		Text: "(E ∘ (Diag(w) N)) f = Diag((E ∘ N) f) w", LaTeX: `(E \odot (\operatorname{Diag}(w)N))f = \operatorname{Diag}((E \odot N)f)\,w`},
	{Name: "jac-product-left", Title: "associativity", LHS: "?L ((?A ?Q) ?v)", RHS: "(?L ?A) (?Q ?v)", Guards: []string{"const(?A)"},
		Text: "(AQ)v = A(Qv)", LaTeX: `(AQ)v = A(Qv)`},
	{Name: "jac-product-right", Title: "associativity", LHS: "?L ((?Q ?N) ?v)", RHS: "?L (?Q (?N ?v))", Guards: []string{"const(?N)", "nonscalar(?Q)", "notrow(?Q)"},
		Text: "(QN)v = Q(Nv)", LaTeX: `(QN)v = Q(Nv)`},
	{Name: "jac-frobenius", Title: "Frobenius product as an inner product", LHS: "?L (?a : ?W)", RHS: "(?L ?a') ?W", Guards: []string{"const(?a)", "column(?W)", "samedims(?a, ?W)"},
		Text: "a : w = aᵀw", LaTeX: `a : w = a^\top w`},
	{Name: "jac-frobenius-left", Title: "Frobenius product as an inner product", LHS: "?L (?v (?a : ?W))", RHS: "(?L ?v ?a') ?W", Guards: []string{"const(?a)", "column(?W)", "const(?v)", "samedims(?a, ?W)"},
		Text: "v (a : w) = v aᵀ w", LaTeX: `v\,(a : w) = v a^\top w`},
	{Name: "jac-sum-product", Title: "distributivity", LHS: "?L ((?A + ?B) ?v)", RHS: "?L (?A ?v) + ?L (?B ?v)", Guards: []string{"const(?v)"},
		Text: "(A + B) v = Av + Bv", LaTeX: `(A + B)v = Av + Bv`},
	{Name: "jac-difference-product", Title: "distributivity", LHS: "?L ((?A - ?B) ?v)", RHS: "?L (?A ?v) - ?L (?B ?v)", Guards: []string{"const(?v)"},
		Text: "(A − B) v = Av − Bv", LaTeX: `(A - B)v = Av - Bv`},
	{Name: "jac-scalar-times-matrix", Title: "associativity with a scalar", LHS: "?L ((?S ?M) ?v)", RHS: "?L (?S (?M ?v))", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?M)", "nonscalar(?M)", "const(?v)"},
		Text: "(sM) v = s (Mv)", LaTeX: `(sM)\,v = s\,(Mv)`},
	{Name: "jac-scalar-factor", Title: "associativity with a scalar", LHS: "?L ((?s ?S) ?v)", RHS: "(?L ?s) (?S ?v)", Guards: []string{"const(?s)", "scalar(?s)", "scalar(?S)", "const(?v)"},
		Text: "(sS) v = s (S v)", LaTeX: `(sS)\,v = s\,(Sv)`},
	{Name: "jac-hadamard-by-scalar", Title: "Hadamard product with a scalar", LHS: "?L (?P .* ?S)", RHS: "?L (?S ?P)", Guards: []string{"const(?P)", "scalar(?S)", "nonscalar(?P)"},
		Text: "p ∘ s = s p for a scalar s", LaTeX: `p \odot s = s\,p`},
	{Name: "jac-hadamard-by-scalar-left", Title: "Hadamard product with a scalar", LHS: "?L (?S .* ?P)", RHS: "?L (?S ?P)", Guards: []string{"const(?P)", "scalar(?S)", "nonscalar(?P)"},
		Text: "s ∘ p = s p for a scalar s", LaTeX: `s \odot p = s\,p`},
	{Name: "jac-hadamard-scalar", Title: "Hadamard product with a scalar", LHS: "?L (?P .* ?W)", RHS: "(?L ?P) ?W", Guards: []string{"const(?P)", "scalar(?P)"},
		Text: "s ∘ w = s w", LaTeX: `s \odot w = s\,w`},
	{Name: "jac-hadamard", Title: "Hadamard product as a diagonal matrix", LHS: "?L (?P .* ?W)", RHS: "(?L Diag(?P)) ?W", Guards: []string{"const(?P)", "column(?P)", "column(?W)", "nonscalar(?W)"},
		Text: "a ∘ b = Diag(a) b", LaTeX: `a \odot b = \operatorname{Diag}(a)\,b`},
	{Name: "jac-hadamard-right", Title: "Hadamard product as a diagonal matrix", LHS: "?L (?W .* ?P)", RHS: "(?L Diag(?P)) ?W", Guards: []string{"const(?P)", "column(?P)", "column(?W)", "nonscalar(?W)"},
		Text: "b ∘ a = Diag(a) b", LaTeX: `b \odot a = \operatorname{Diag}(a)\,b`},
	{Name: "jac-hadamard-right-scalar", Title: "Hadamard product with a scalar", LHS: "?L (?W .* ?P)", RHS: "(?L ?P) ?W", Guards: []string{"const(?P)", "scalar(?P)"},
		Text: "w ∘ s = s w", LaTeX: `w \odot s = s\,w`},
	{Name: "jac-hadamard-division-scalar", Title: "elementwise division by a scalar", LHS: "?L (?W ./ ?s)", RHS: "(?L / ?s) ?W", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "w ⊘ s = w/s", LaTeX: `w \oslash s = w/s`},
	{Name: "jac-hadamard-division", Title: "elementwise division as a diagonal matrix", LHS: "?L (?W ./ ?P)", RHS: "(?L Diag(1 ./ ?P)) ?W", Guards: []string{"const(?P)", "nonscalar(?W)"},
		Text: "b ⊘ a = Diag(1 ⊘ a) b", LaTeX: `b \oslash a = \operatorname{Diag}(1 \oslash a)\,b`},
	{Name: "jac-division", Title: "moving a divisor", LHS: "?L (?W / ?s)", RHS: "(?L / ?s) ?W", Guards: []string{"const(?s)"},
		Text: "L(w/s) = (L/s)w", LaTeX: `L\frac{w}{s} = \frac{L}{s}w`},
	{Name: "jac-vec", Title: "vec of a column", LHS: "?L vec(?W)", RHS: "?L ?W", Guards: []string{"column(?W)"},
		Text: "vec(w) = w for a column", LaTeX: `\operatorname{vec}(w) = w`},
	{Name: "jac-diag-Diag", Title: "diag of Diag", LHS: "?L diag(Diag(?W))", RHS: "?L ?W",
		Text: "diag(Diag(w)) = w", LaTeX: `\operatorname{diag}(\operatorname{Diag}(w)) = w`},
	{Name: "jac-scalar-linear-right", Title: "scalars commute", LHS: "?L (?S ?v)", RHS: "(?L ?v) ?S", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?v)", "nonscalar(?v)"},
		Text: "s v = v s for a scalar s", LaTeX: `s\,v = v\,s`},
	{Name: "jac-scalar-linear-left", Title: "scalars commute", LHS: "?L (?v ?S)", RHS: "(?L ?v) ?S", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?v)", "nonscalar(?v)"},
		Text: "L(v s) = (L v) s for a scalar s", LaTeX: `L(v\,s) = (Lv)\,s`},
}

// jacNormRules put a matrix that is linear in dx into the forms the
// jacRules know, before each step.
var jacNormRules = []*Rule{
	{Name: "jac-outer-hadamard", Title: "Hadamard product with an outer product", LHS: "(?W ?c') .* ?D", RHS: "Diag(?W) ?D Diag(?c)", Guards: []string{"hasd(?W)", "column(?W)", "column(?c)", "const(?c)", "const(?D)", "nonscalar(?c)"},
		Text: "x cᵀ ∘ D = Diag(x) D Diag(c)", LaTeX: `xc^\top \odot D = \operatorname{Diag}(x)\,D\operatorname{Diag}(c)`},
	{Name: "jac-outer-hadamard-right", Title: "Hadamard product with an outer product", LHS: "?D .* (?W ?c')", RHS: "Diag(?W) ?D Diag(?c)", Guards: []string{"hasd(?W)", "column(?W)", "column(?c)", "const(?c)", "const(?D)", "nonscalar(?c)"},
		Text: "D ∘ x cᵀ = Diag(x) D Diag(c)", LaTeX: `D \odot xc^\top = \operatorname{Diag}(x)\,D\operatorname{Diag}(c)`},
	{Name: "jac-group-Diag", Title: "associativity", LHS: "?A ?B", Build: buildGroupDiag,
		Text: "B₁(B₂ Diag(w) N₁)N₂ = (B₁B₂) Diag(w) (N₁N₂)", LaTeX: `B_1(B_2\operatorname{Diag}(w)N_1)N_2 = (B_1B_2)\operatorname{Diag}(w)(N_1N_2)`},
}

// jacNormNames are the simplification rules that also normalize the inner
// part of a Jacobian term.
var jacNormNames = []string{
	"simp-transpose-product", "simp-transpose-transpose", "simp-transpose-sum", "simp-transpose-difference",
	"simp-transpose-negation", "simp-transpose-symmetric", "simp-transpose-scalar",
}

// buildJacSum gives (L v 𝟏ᵀ) w for L (sum(w) v).
func buildJacSum(s Shapes, b Binding) ast.Expr {
	ones := onesLike(s, b["?W"])
	return ast.Mul(ast.MulAll(b["?L"], b["?v"], ast.T(ones)), b["?W"])
}

// buildJacSumBare gives (L 𝟏ᵀ) w for L sum(w).
func buildJacSumBare(s Shapes, b Binding) ast.Expr {
	return ast.Mul(ast.Mul(b["?L"], ast.T(onesLike(s, b["?W"]))), b["?W"])
}

// buildGroupDiag regroups a product with one factor Diag(w), w linear in
// dx, as (B) Diag(w) (N): the form the Hadamard identities expect. It
// returns nil when the product is already so grouped or has no such factor.
func buildGroupDiag(sh Shapes, b Binding) ast.Expr {
	e := ast.Mul(b["?A"], b["?B"])
	fs := factors(sh, e)
	at := -1
	for i, f := range fs {
		if c, ok := f.(*ast.Call); ok && c.Fun == ast.FnDiagM && ast.HasDiff(c) {
			if at >= 0 {
				return nil
			}
			at = i
		} else if ast.HasDiff(f) {
			return nil
		}
	}
	if at < 0 {
		return nil
	}
	var out ast.Expr = fs[at]
	if at > 0 {
		out = ast.Mul(ast.MulAll(fs[:at]...), out)
	}
	if at < len(fs)-1 {
		out = ast.Mul(out, ast.MulAll(fs[at+1:]...))
	}
	if ast.Equal(out, e) {
		return nil
	}
	return out
}

// buildJacFrobBroadcast gives (L v s𝟏ᵀ) w for L ((s : w) v), where the
// scalar s meets every entry of w.
func buildJacFrobBroadcast(sh Shapes, b Binding) ast.Expr {
	ones := onesLike(sh, b["?W"])
	return ast.Mul(ast.MulAll(b["?L"], b["?v"], b["?s"], ast.T(ones)), b["?W"])
}
