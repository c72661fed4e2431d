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
	{Name: "jac-frobenius-commute", Title: "symmetry of the Frobenius product", LHS: "?L (?M : ?A)", RHS: "?L (?A : ?M)", Guards: []string{"hasd(?M)", "const(?A)"},
		Text: "M : A = A : M", LaTeX: `M : A = A : M`},
	{Name: "jac-frobenius-scalars", Title: "Frobenius product as an inner product", LHS: "?L (?s : ?S)", RHS: "(?L ?s) ?S", Guards: []string{"const(?s)", "scalar(?s)", "scalar(?S)"},
		Text: "s : t = s t for scalars", LaTeX: `s : t = s\,t`},
	{Name: "jac-frobenius-broadcast-sum", Title: "Frobenius product as an inner product", LHS: "?L (?s : ?M)", RHS: "(?L ?s) sum(?M)", Guards: []string{"const(?s)", "scalar(?s)", "nonscalar(?M)"},
		Text: "s : M = s sum(M) for a scalar s", LaTeX: `s : M = s\operatorname{sum}(M)`},
	{Name: "jac-frobenius-transpose", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M')", RHS: "?L (?A' : ?M)", Guards: []string{"const(?A)", "nonscalar(?A)"},
		Text: "A : Mᵀ = Aᵀ : M", LaTeX: `A : M^\top = A^\top : M`},
	{Name: "jac-frobenius-Diag", Title: "Frobenius product as an inner product", LHS: "?L (?A : Diag(?W))", RHS: "(?L diag(?A)') ?W", Guards: []string{"const(?A)", "nonscalar(?A)", "nonscalar(?W)"},
		Text: "A : Diag(w) = diag(A)ᵀw", LaTeX: `A : \operatorname{Diag}(w) = \operatorname{diag}(A)^\top w`},
	{Name: "jac-frobenius-broadcast-matrix", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?S)", RHS: "(?L sum(?A)) ?S", Guards: []string{"const(?A)", "nonscalar(?A)", "scalar(?S)", "hasd(?S)"},
		Text: "A : s = sum(A) s for a scalar s", LaTeX: `A : s = \operatorname{sum}(A)\,s`},
	{Name: "jac-frobenius-scaled-left", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?P ?S)", RHS: "(?L (?A : ?P)) ?S", Guards: []string{"const(?A)", "const(?P)", "scalar(?S)", "hasd(?S)"},
		Text: "A : Ps = (A : P) s for a scalar s", LaTeX: `A : Ps = (A : P)\,s`},
	{Name: "jac-frobenius-product-left", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?P ?M)", RHS: "?L (?P' ?A : ?M)", Guards: []string{"const(?A)", "nonscalar(?A)", "const(?P)", "hasd(?M)", "nonscalar(?M)"},
		Text: "A : PM = PᵀA : M", LaTeX: `A : PM = P^\top A : M`},
	{Name: "jac-frobenius-product-right", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M ?Q)", RHS: "?L (?A ?Q' : ?M)", Guards: []string{"const(?A)", "nonscalar(?A)", "const(?Q)", "hasd(?M)", "nonscalar(?M)"},
		Text: "A : MQ = AQᵀ : M", LaTeX: `A : MQ = AQ^\top : M`},
	{Name: "jac-frobenius-split", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M + ?N)", RHS: "?L (?A : ?M) + ?L (?A : ?N)", Guards: []string{"const(?A)"},
		Text: "A : (M + N) = A : M + A : N", LaTeX: `A : (M + N) = A : M + A : N`},
	{Name: "jac-frobenius-split-difference", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M - ?N)", RHS: "?L (?A : ?M) - ?L (?A : ?N)", Guards: []string{"const(?A)"},
		Text: "A : (M − N) = A : M − A : N", LaTeX: `A : (M - N) = A : M - A : N`},
	{Name: "jac-frobenius-negation", Title: "Frobenius product as an inner product", LHS: "?L (?A : -?M)", RHS: "(-?L) (?A : ?M)", Guards: []string{"const(?A)"},
		Text: "A : (−M) = −(A : M)", LaTeX: `A : (-M) = -(A : M)`},
	{Name: "jac-frobenius-division", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M / ?s)", RHS: "(?L / ?s) (?A : ?M)", Guards: []string{"const(?A)", "const(?s)"},
		Text: "A : M/s = (A : M)/s", LaTeX: `A : \tfrac{M}{s} = \tfrac{1}{s}(A : M)`},
	{Name: "jac-frobenius-hadamard", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?P .* ?M)", RHS: "?L (?A .* ?P : ?M)", Guards: []string{"const(?A)", "const(?P)", "hasd(?M)"},
		Text: "A : P ∘ M = A ∘ P : M", LaTeX: `A : P \odot M = A \odot P : M`},
	{Name: "jac-frobenius-hadamard-division", Title: "Frobenius product as an inner product", LHS: "?L (?A : ?M ./ ?P)", RHS: "?L (?A ./ ?P : ?M)", Guards: []string{"const(?A)", "const(?P)", "hasd(?M)"},
		Text: "A : M ⊘ P = A ⊘ P : M", LaTeX: `A : M \oslash P = A \oslash P : M`},
	{Name: "jac-Diag-of-scalar", Title: "Diag and diag of a 1 x 1 matrix", LHS: "?L Diag(?S)", RHS: "?L ?S", Guards: []string{"scalar(?S)"},
		Text: "Diag(s) = s for a scalar s", LaTeX: `\operatorname{Diag}(s) = s`},
	{Name: "jac-diag-of-scalar", Title: "Diag and diag of a 1 x 1 matrix", LHS: "?L diag(?S)", RHS: "?L ?S", Guards: []string{"scalar(?S)"},
		Text: "diag(s) = s for a scalar s", LaTeX: `\operatorname{diag}(s) = s`},
	{Name: "jac-trace-scalar", Title: "trace as an inner product", LHS: "?L tr(?S)", RHS: "?L ?S", Guards: []string{"scalar(?S)"},
		Text: "tr(s) = s for a scalar s", LaTeX: `\operatorname{tr}(s) = s`},
	{Name: "jac-sum-scalar", Title: "sum of the entries as an inner product with ones", LHS: "?L sum(?S)", RHS: "?L ?S", Guards: []string{"scalar(?S)"},
		Text: "sum(s) = s for a scalar s", LaTeX: `\operatorname{sum}(s) = s`},
	{Name: "jac-sum-row", Title: "a row vector moved to the left", LHS: "?L sum(?W)", RHS: "?L sum(?W')", Guards: []string{"row(?W)", "nonscalar(?W)"},
		Text: "sum(r) = sum(rᵀ)", LaTeX: `\operatorname{sum}(r) = \operatorname{sum}(r^\top)`},
	{Name: "jac-row-hadamard", Title: "a row vector moved to the left", LHS: "?L ((?P .* ?W') ?v)", RHS: "(?L (?P .* ?v')) ?W", Guards: []string{"const(?P)", "row(?P)", "nonscalar(?P)", "column(?W)", "const(?v)", "column(?v)"},
		Text: "(p ∘ wᵀ) v = (p ∘ vᵀ) w", LaTeX: `(p \odot w^\top)\,v = (p \odot v^\top)\,w`},
	{Name: "jac-row-Diag-column", Title: "a diagonal matrix between a row and a column", LHS: "?L ((?r Diag(?W)) ?v)", RHS: "(?L (?r' .* ?v)') ?W", Guards: []string{"const(?r)", "row(?r)", "nonscalar(?r)", "const(?v)", "column(?v)"},
		Text: "r Diag(w) v = (rᵀ ∘ v)ᵀ w for a row r and a column v", LaTeX: `r\operatorname{Diag}(w)\,v = (r^\top \odot v)^\top w`},
	{Name: "jac-row-product-right", Ordered: true, Title: "a row vector moved to the left", LHS: "?L ((?R ?N) ?v)", RHS: "?L (?R (?N ?v))", Guards: []string{"row(?R)", "nonscalar(?R)", "hasd(?R)", "const(?N)", "const(?v)", "conform(?R, ?N)", "conform(?N, ?v)"},
		Text: "(rN)v = r(Nv)", LaTeX: `(rN)v = r(Nv)`},
	{Name: "jac-row-times-column", Title: "a row vector moved to the left", LHS: "?L (?R ?v)", RHS: "?L (?v' ?R')", Guards: []string{"row(?R)", "nonscalar(?R)", "hasd(?R)", "const(?v)", "column(?v)", "conform(?R, ?v)"},
		Text: "r v = vᵀ rᵀ", LaTeX: `r\,v = v^\top r^\top`},
	{Name: "jac-diag-hadamard-Diag", Title: "Hadamard product with a diagonal matrix", LHS: "?L diag(?P .* Diag(?W))", RHS: "(?L Diag(diag(?P))) ?W", Guards: []string{"const(?P)", "nonscalar(?P)"},
		Text: "diag(P ∘ Diag(w)) = Diag(diag(P)) w", LaTeX: `\operatorname{diag}(P \odot \operatorname{Diag}(w)) = \operatorname{Diag}(\operatorname{diag}(P))\,w`},
	{Name: "jac-diag-division", Title: "division by a scalar", LHS: "?L diag(?M / ?s)", RHS: "(?L / ?s) diag(?M)", Guards: []string{"const(?s)"},
		Text: "diag(M/s) = diag(M)/s", LaTeX: `\operatorname{diag}(M/s) = \operatorname{diag}(M)/s`},
	{Name: "jac-hadamard-division-broadcast", Title: "entrywise division as a diagonal matrix", LHS: "?L (?S ./ ?P)", RHS: "(?L (1 ./ ?P)) ?S", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?P)", "nonscalar(?P)"},
		Text: "s ⊘ p = (1 ⊘ p) s for a scalar s", LaTeX: `s \oslash p = (1 \oslash p)\,s`},
	{Name: "jac-sum-hadamard", Title: "sum of a Hadamard product as an inner product", LHS: "?L sum(?P .* ?W)", RHS: "(?L ?P') ?W", Guards: []string{"const(?P)", "column(?W)", "samedims(?P, ?W)"},
		Text: "sum(a ∘ w) = aᵀw", LaTeX: `\operatorname{sum}(a \odot w) = a^\top w`},
	{Name: "jac-sum", Title: "sum as an inner product with ones", LHS: "?L sum(?W)", Guards: []string{"column(?W)", "nonscalar(?W)"}, Build: buildJacSumBare,
		Text: "sum(w) = 𝟏ᵀw", LaTeX: `\operatorname{sum}(w) = \mathbf{1}^\top w`},
	{Name: "jac-negation-product", Title: "linearity", LHS: "?L ((-?A) ?v)", RHS: "(-?L) (?A ?v)",
		Text: "L((−A)v) = (−L)(Av)", LaTeX: `L((-A)v) = (-L)(Av)`},
	{Name: "jac-diag-outer", Title: "diagonal of an outer product", LHS: "?L diag(?W ?a')", RHS: "(?L Diag(?a)) ?W", Guards: []string{"column(?W)", "const(?a)", "column(?a)"},
		Text: "diag(w aᵀ) = Diag(a) w", LaTeX: `\operatorname{diag}(w a^\top) = \operatorname{Diag}(a)\,w`},
	{Name: "jac-diag-outer-right", Title: "diagonal of an outer product", LHS: "?L diag(?a ?W')", RHS: "(?L Diag(?a)) ?W", Guards: []string{"column(?W)", "const(?a)", "column(?a)"},
		Text: "diag(a wᵀ) = Diag(a) w", LaTeX: `\operatorname{diag}(a w^\top) = \operatorname{Diag}(a)\,w`},
	{Name: "jac-diag-outer-row", Title: "outer product as a diagonal scaling", LHS: "?L diag(?W ?r)", RHS: "(?L Diag(?r')) ?W", Guards: []string{"column(?W)", "hasd(?W)", "const(?r)", "row(?r)", "nonscalar(?W)", "nonscalar(?r)"},
		Text: "diag(w r) = Diag(rᵀ) w", LaTeX: `\operatorname{diag}(w r) = \operatorname{Diag}(r^\top)\,w`},
	{Name: "jac-diag-outer-product", Title: "outer product as a diagonal scaling", LHS: "?L diag(?P (?W ?r))", RHS: "(?L Diag(?r')) (?P ?W)", Guards: []string{"const(?P)", "nonscalar(?P)", "column(?W)", "hasd(?W)", "const(?r)", "row(?r)", "nonscalar(?W)", "nonscalar(?r)"},
		Text: "diag(P w r) = Diag(rᵀ) P w", LaTeX: `\operatorname{diag}(P w r) = \operatorname{Diag}(r^\top) P w`},
	{Name: "jac-diag-outer-regroup", Ordered: true, Title: "outer product as a diagonal scaling", LHS: "?L diag((?W ?r) ?B)", RHS: "?L diag(?W (?r ?B))", Guards: []string{"column(?W)", "hasd(?W)", "const(?r)", "const(?B)", "nonscalar(?B)", "nonscalar(?W)", "nonscalar(?r)", "conform(?r, ?B)"},
		Text: "(w r) B = w (r B)", LaTeX: `(w r) B = w (r B)`},
	{Name: "jac-diag-outer-regroup-left", Ordered: true, Title: "outer product as a diagonal scaling", LHS: "?L diag((?P (?W ?r)) ?B)", RHS: "?L diag((?P ?W) (?r ?B))", Guards: []string{"const(?P)", "column(?W)", "hasd(?W)", "const(?r)", "const(?B)", "nonscalar(?W)", "nonscalar(?r)", "conform(?P, ?W)", "conform(?r, ?B)"},
		Text: "(P (w r)) B = (P w) (r B)", LaTeX: `(P (w r)) B = (P w) (r B)`},
	{Name: "jac-scalar-division-product", Title: "moving a divisor out", LHS: "?L ((?S / ?c) ?v)", RHS: "(?L / ?c) (?S ?v)", Guards: []string{"const(?c)", "scalar(?S)", "const(?v)"},
		Text: "(s/c) v = (s v)/c", LaTeX: `\tfrac{s}{c}\,v = \tfrac{1}{c}(s\,v)`},
	{Name: "jac-trace-scaled", Title: "trace as an inner product", LHS: "?L tr(?s ?M)", RHS: "(?L ?s) tr(?M)", Guards: []string{"const(?s)", "scalar(?s)", "nonscalar(?M)"},
		Text: "tr(sM) = s tr(M)", LaTeX: `\operatorname{tr}(sM) = s\operatorname{tr}(M)`},
	{Name: "jac-division-product", Title: "division by a scalar", LHS: "?L ((?M / ?s) ?v)", RHS: "(?L / ?s) (?M ?v)", Guards: []string{"const(?s)", "const(?v)", "hasd(?M)"},
		Text: "(M/s) v = (Mv)/s", LaTeX: `\tfrac{M}{s}\,v = \tfrac{1}{s}(Mv)`},
	{Name: "jac-hadamard-negation-product", Title: "a sign moved out", LHS: "?L ((?E .* (-?M)) ?v)", RHS: "(-?L) ((?E .* ?M) ?v)",
		Text: "(E ∘ (−M)) v = −(E ∘ M) v", LaTeX: `(E \odot (-M))\,v = -(E \odot M)\,v`},
	{Name: "jac-trace-Diag", Title: "trace against a diagonal matrix", LHS: "?L tr(?P Diag(?W))", RHS: "(?L diag(?P)') ?W", Guards: []string{"const(?P)", "nonscalar(?P)"},
		Text: "tr(P Diag(w)) = diag(P)ᵀw", LaTeX: `\operatorname{tr}(P\operatorname{Diag}(w)) = \operatorname{diag}(P)^\top w`},
	{Name: "jac-trace-Diag-left", Title: "trace against a diagonal matrix", LHS: "?L tr(Diag(?W) ?P)", RHS: "(?L diag(?P)') ?W", Guards: []string{"const(?P)", "nonscalar(?P)"},
		Text: "tr(Diag(w) P) = diag(P)ᵀw", LaTeX: `\operatorname{tr}(\operatorname{Diag}(w)P) = \operatorname{diag}(P)^\top w`},
	{Name: "jac-trace-matrix", Title: "trace as an inner product", LHS: "?L tr(?M)", RHS: "?L (I : ?M)", Guards: []string{"hasd(?M)", "nonscalar(?M)"},
		Text: "tr(M) = I : M", LaTeX: `\operatorname{tr}(M) = I : M`},
	{Name: "jac-sum-outer", Title: "outer product as a diagonal scaling", LHS: "?L sum(?W ?r)", RHS: "(?L sum(?r)) sum(?W)", Guards: []string{"column(?W)", "hasd(?W)", "row(?r)", "const(?r)", "nonscalar(?r)"},
		Text: "sum(w r) = sum(r) sum(w)", LaTeX: `\operatorname{sum}(w r) = \operatorname{sum}(r)\operatorname{sum}(w)`},
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
	{Name: "jac-diag-product-sum", Title: "linearity", LHS: "?L diag(?P (?A + ?B))", RHS: "?L diag(?P ?A) + ?L diag(?P ?B)",
		Text: "diag(P(A + B)) = diag(PA) + diag(PB)", LaTeX: `\operatorname{diag}(P(A + B)) = \operatorname{diag}(PA) + \operatorname{diag}(PB)`},
	{Name: "jac-diag-product-difference", Title: "linearity", LHS: "?L diag(?P (?A - ?B))", RHS: "?L diag(?P ?A) - ?L diag(?P ?B)",
		Text: "diag(P(A − B)) = diag(PA) − diag(PB)", LaTeX: `\operatorname{diag}(P(A - B)) = \operatorname{diag}(PA) - \operatorname{diag}(PB)`},
	{Name: "jac-diag-sum-product", Title: "linearity", LHS: "?L diag((?A + ?B) ?Q)", Guards: []string{"samedims(?A, ?B)"}, RHS: "?L diag(?A ?Q) + ?L diag(?B ?Q)",
		Text: "diag((A + B)Q) = diag(AQ) + diag(BQ)", LaTeX: `\operatorname{diag}((A + B)Q) = \operatorname{diag}(AQ) + \operatorname{diag}(BQ)`},
	{Name: "jac-diag-difference-product", Title: "linearity", LHS: "?L diag((?A - ?B) ?Q)", Guards: []string{"samedims(?A, ?B)"}, RHS: "?L diag(?A ?Q) - ?L diag(?B ?Q)",
		Text: "diag((A − B)Q) = diag(AQ) − diag(BQ)", LaTeX: `\operatorname{diag}((A - B)Q) = \operatorname{diag}(AQ) - \operatorname{diag}(BQ)`},
	{Name: "jac-diag-hadamard", Title: "diagonal of a Hadamard product", LHS: "?L diag(?E .* ?M)", RHS: "?L (diag(?E) .* diag(?M))", Guards: []string{"const(?E)", "nonscalar(?E)", "hasd(?M)", "nonscalar(?M)"},
		Text: "diag(E ∘ M) = diag(E) ∘ diag(M)", LaTeX: `\operatorname{diag}(E \odot M) = \operatorname{diag}(E) \odot \operatorname{diag}(M)`},
	{Name: "jac-diag-hadamard-division", Title: "entrywise division as a diagonal matrix", LHS: "?L diag(?M ./ ?E)", RHS: "?L (diag(?M) ./ diag(?E))", Guards: []string{"const(?E)", "nonscalar(?E)", "hasd(?M)"},
		Text: "diag(M ⊘ E) = diag(M) ⊘ diag(E)", LaTeX: `\operatorname{diag}(M \oslash E) = \operatorname{diag}(M) \oslash \operatorname{diag}(E)`},
	{Name: "jac-diag-hadamard-scalar", Title: "diagonal of a Hadamard product", LHS: "?L diag(?s .* ?M)", RHS: "(?L ?s) diag(?M)", Guards: []string{"const(?s)", "scalar(?s)"},
		Text: "diag(s ∘ M) = s diag(M)", LaTeX: `\operatorname{diag}(s \odot M) = s\operatorname{diag}(M)`},
	{Name: "jac-diag-negation-right", Title: "a sign moved out", LHS: "?L diag(?P (-?M))", RHS: "(-?L) diag(?P ?M)",
		Text: "diag(P(−M)) = −diag(PM)", LaTeX: `\operatorname{diag}(P(-M)) = -\operatorname{diag}(PM)`},
	{Name: "jac-diag-negation-left", Title: "a sign moved out", LHS: "?L diag((-?M) ?Q)", RHS: "(-?L) diag(?M ?Q)",
		Text: "diag((−M)Q) = −diag(MQ)", LaTeX: `\operatorname{diag}((-M)Q) = -\operatorname{diag}(MQ)`},
	{Name: "jac-diag-product-Diag", Title: "diagonal of a product through a diagonal matrix", LHS: "?L diag(?A Diag(?W) ?B)", RHS: "(?L (?A .* ?B')) ?W", Guards: []string{"const(?A)", "const(?B)", "nonscalar(?A)", "nonscalar(?B)"},
		Text: "diag(A Diag(w) B) = (A ∘ Bᵀ) w", LaTeX: `\operatorname{diag}(A\operatorname{Diag}(w)B) = (A \odot B^\top)\,w`},
	{Name: "jac-diag-Diag-product", Title: "diagonal of a product", LHS: "?L diag(Diag(?W) ?B)", RHS: "(?L Diag(diag(?B))) ?W", Guards: []string{"const(?B)", "nonscalar(?B)"},
		Text: "diag(Diag(w) B) = Diag(diag(B)) w", LaTeX: `\operatorname{diag}(\operatorname{Diag}(w)B) = \operatorname{Diag}(\operatorname{diag}(B))\,w`},
	{Name: "jac-diag-product-Diag-right", Title: "diagonal of a product", LHS: "?L diag(?A Diag(?W))", RHS: "(?L Diag(diag(?A))) ?W", Guards: []string{"const(?A)", "nonscalar(?A)"},
		Text: "diag(A Diag(w)) = Diag(diag(A)) w", LaTeX: `\operatorname{diag}(A\operatorname{Diag}(w)) = \operatorname{Diag}(\operatorname{diag}(A))\,w`},
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
	{Name: "jac-outer", Title: "associativity of an outer product", LHS: "?L ((?W ?c') ?v)", RHS: "(?L (?c' ?v)) ?W", Guards: []string{"column(?W)", "const(?c)", "const(?v)"},
		Text: "(w cᵀ) v = (cᵀv) w", LaTeX: `(w c^\top)v = (c^\top v)\,w`},
	{Name: "jac-Diag", Title: "commuting a diagonal matrix and a vector", LHS: "?L (Diag(?W) ?v)", RHS: "(?L Diag(?v)) ?W", Guards: []string{"const(?v)", "nonscalar(?W)"},
		Text: "Diag(w) v = Diag(v) w", LaTeX: `\operatorname{Diag}(w)\,v = \operatorname{Diag}(v)\,w`},
	{Name: "jac-hadamard-scalar-product", Title: "Hadamard product with a scalar", LHS: "?L ((?s .* ?M) ?f)", RHS: "?L ((?s ?M) ?f)", Guards: []string{"scalar(?s)", "nonscalar(?M)"},
		Text: "s ∘ M = s M for a scalar s", LaTeX: `s \odot M = s\,M`},
	{Name: "jac-hadamard-diag-scaled", Title: "Hadamard product with a diagonal matrix", LHS: "?L ((?E .* ((?s Diag(?W)) ?N)) ?f)", RHS: "(?L ?s Diag((?E .* ?N) ?f)) ?W", Guards: []string{"const(?E)", "const(?s)", "scalar(?s)", "const(?N)", "const(?f)", "nonscalar(?N)", "rowsmatch(?E, ?N)", "colsmatch(?E, ?N)"},
		Text: "(E ∘ (s Diag(w) N)) f = s Diag((E ∘ N) f) w", LaTeX: `(E \odot (s\operatorname{Diag}(w)N))f = s\operatorname{Diag}((E \odot N)f)\,w`},
	{Name: "jac-hadamard-diag-scaled-right", Title: "Hadamard product with a diagonal matrix", LHS: "?L ((?E .* ((?B Diag(?W)) ?s)) ?f)", RHS: "(?L ?s (?B .* (?E Diag(?f)))) ?W", Guards: []string{"const(?E)", "const(?B)", "const(?s)", "scalar(?s)", "const(?f)", "nonscalar(?E)", "nonscalar(?B)", "rowsmatch(?E, ?B)", "colsmatch(?E, ?B)"},
		Text: "(E ∘ (B Diag(w) s)) f = s (B ∘ (E Diag(f))) w", LaTeX: `(E \odot (B\operatorname{Diag}(w)s))f = s\,(B \odot (E\operatorname{Diag}(f)))\,w`},
	{Name: "jac-hadamard-Diag-scaled", Title: "Hadamard product with a diagonal matrix", LHS: "?L ((?E .* (?s Diag(?W))) ?f)", RHS: "(?L ?s Diag(diag(?E) .* ?f)) ?W", Guards: []string{"const(?E)", "const(?s)", "scalar(?s)", "const(?f)", "rowsmatch(?E, ?W)"},
		Text: "(E ∘ s Diag(w)) f = s Diag(diag(E) ∘ f) w", LaTeX: `(E \odot s\operatorname{Diag}(w))f = s\operatorname{Diag}(\operatorname{diag}(E) \odot f)\,w`},
	{Name: "jac-hadamard-Diag", Title: "Hadamard product with a diagonal matrix", LHS: "?L ((?E .* Diag(?W)) ?f)", RHS: "(?L Diag(diag(?E) .* ?f)) ?W", Guards: []string{"const(?E)", "const(?f)", "rowsmatch(?E, ?W)"},
		Text: "(E ∘ Diag(w)) f = Diag(diag(E) ∘ f) w", LaTeX: `(E \odot \operatorname{Diag}(w))f = \operatorname{Diag}(\operatorname{diag}(E) \odot f)\,w`},
	{Name: "jac-hadamard-division-matrix", Title: "entrywise division as a diagonal matrix", LHS: "?L ((?M ./ ?P) ?f)", RHS: "?L (((1 ./ ?P) .* ?M) ?f)", Guards: []string{"hasd(?M)", "nonscalar(?M)", "const(?P)", "nonscalar(?P)", "const(?f)"},
		Text: "M ⊘ P = (1 ⊘ P) ∘ M", LaTeX: `M \oslash P = (1 \oslash P) \odot M`},
	{Name: "jac-hadamard-diag", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (?B Diag(?W) ?N)) ?f)", RHS: "(?L (?B .* (?E Diag(?f) ?N'))) ?W", Guards: []string{"const(?E)", "const(?B)", "const(?N)", "const(?f)", "nonscalar(?E)", "nonscalar(?B)", "nonscalar(?N)", "rowsmatch(?E, ?B)", "colsmatch(?E, ?N)"},
		Text: "(E ∘ (B Diag(w) N)) f = (B ∘ (E Diag(f) Nᵀ)) w", LaTeX: `(E \odot (B\operatorname{Diag}(w)N))f = (B \odot (E\operatorname{Diag}(f)N^\top))w`},
	{Name: "jac-hadamard-diag-right", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (?B Diag(?W))) ?f)", RHS: "(?L (?B .* (?E Diag(?f)))) ?W", Guards: []string{"const(?E)", "const(?B)", "const(?f)", "nonscalar(?E)", "nonscalar(?B)", "rowsmatch(?E, ?B)", "colsmatch(?E, ?B)"},
		Text: "(E ∘ (B Diag(w))) f = (B ∘ (E Diag(f))) w", LaTeX: `(E \odot (B\operatorname{Diag}(w)))f = (B \odot (E\operatorname{Diag}(f)))w`},
	{Name: "jac-hadamard-diag-left", Title: "Hadamard product through a diagonal matrix", LHS: "?L ((?E .* (Diag(?W) ?N)) ?f)", RHS: "(?L Diag((?E .* ?N) ?f)) ?W", Guards: []string{"const(?E)", "const(?N)", "const(?f)", "nonscalar(?E)", "nonscalar(?N)", "rowsmatch(?E, ?N)", "colsmatch(?E, ?N)"},
		Text: "(E ∘ (Diag(w) N)) f = Diag((E ∘ N) f) w", LaTeX: `(E \odot (\operatorname{Diag}(w)N))f = \operatorname{Diag}((E \odot N)f)\,w`},
	{Name: "jac-product-left", Title: "associativity", LHS: "?L ((?A ?Q) ?v)", RHS: "(?L ?A) (?Q ?v)", Guards: []string{"const(?A)"},
		Text: "(AQ)v = A(Qv)", LaTeX: `(AQ)v = A(Qv)`},
	{Name: "jac-product-right", Ordered: true, Title: "associativity", LHS: "?L ((?Q ?N) ?v)", RHS: "?L (?Q (?N ?v))", Guards: []string{"const(?N)", "nonscalar(?Q)", "notrow(?Q)"},
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
	{Name: "jac-hadamard-scalar", Title: "Hadamard product with a scalar", LHS: "?L (?P .* ?W)", RHS: "(?L ?P) ?W", Guards: []string{"const(?P)", "scalar(?P)"},
		Text: "s ∘ w = s w", LaTeX: `s \odot w = s\,w`},
	{Name: "jac-hadamard", Title: "Hadamard product as a diagonal matrix", LHS: "?L (?P .* ?W)", RHS: "(?L Diag(?P)) ?W", Guards: []string{"const(?P)", "column(?P)", "column(?W)", "nonscalar(?W)"},
		Text: "a ∘ b = Diag(a) b", LaTeX: `a \odot b = \operatorname{Diag}(a)\,b`},
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
	// The fallbacks: only where no identity above fits.
	{Name: "jac-hadamard-merge", Ordered: true, Title: "associativity of the Hadamard product", LHS: "?L ((?E .* (?F .* ?M)) ?v)", RHS: "?L (((?E .* ?F) .* ?M) ?v)", Guards: []string{"const(?E)", "const(?F)", "hasd(?M)", "nonscalar(?E)", "nonscalar(?F)", "nonscalar(?M)"},
		Text: "E ∘ (F ∘ M) = (E ∘ F) ∘ M", LaTeX: `E \odot (F \odot M) = (E \odot F) \odot M`},
	{Name: "jac-hadamard-merge-right", Ordered: true, Title: "associativity of the Hadamard product", LHS: "?L ((?E .* (?M .* ?F)) ?v)", RHS: "?L (((?E .* ?F) .* ?M) ?v)", Guards: []string{"const(?E)", "const(?F)", "hasd(?M)", "nonscalar(?E)", "nonscalar(?F)", "nonscalar(?M)"},
		Text: "E ∘ (M ∘ F) = (E ∘ F) ∘ M", LaTeX: `E \odot (M \odot F) = (E \odot F) \odot M`},
	{Name: "jac-hadamard-distribute", Title: "distributivity of the Hadamard product", LHS: "?L ((?E .* (?A + ?B)) ?v)", RHS: "?L ((?E .* ?A) ?v) + ?L ((?E .* ?B) ?v)", Guards: []string{"const(?E)", "nonscalar(?E)"},
		Text: "(E ∘ (A + B)) v = (E ∘ A) v + (E ∘ B) v", LaTeX: `(E \odot (A + B))v = (E \odot A)v + (E \odot B)v`},
	{Name: "jac-hadamard-distribute-difference", Title: "distributivity of the Hadamard product", LHS: "?L ((?E .* (?A - ?B)) ?v)", RHS: "?L ((?E .* ?A) ?v) - ?L ((?E .* ?B) ?v)", Guards: []string{"const(?E)", "nonscalar(?E)"},
		Text: "(E ∘ (A − B)) v = (E ∘ A) v − (E ∘ B) v", LaTeX: `(E \odot (A - B))v = (E \odot A)v - (E \odot B)v`},
	{Name: "jac-sum-matrix", Title: "sum of the entries as an inner product with ones", LHS: "?L sum(?M)", Guards: []string{"hasd(?M)", "nonscalar(?M)"}, Build: buildJacSumMatrix,
		Text: "sum(M) = 𝟏 : M", LaTeX: `\operatorname{sum}(M) = \mathbf{1} : M`},
	{Name: "jac-diag-chain", Title: "diagonal of a product", LHS: "?L diag(?A ?B)", Build: buildJacDiagChain,
		Text:  "diag(P s Q) = diag(PQ) s for a scalar s; diag(c r) = Diag(c) rᵀ for a column c and a row r",
		LaTeX: `\operatorname{diag}(P s Q) = \operatorname{diag}(PQ)\,s;\ \operatorname{diag}(c\,r) = \operatorname{Diag}(c)\,r^\top`},
	{Name: "jac-chain", Title: "scalars commute with matrices", LHS: "?L (?A ?B)", Build: buildJacChain,
		Text:  "L(P s F Q) = (L s P)(F Q) for scalars s; L(P s Q) = (L P Q) s for a scalar s that holds dx",
		LaTeX: `L(P s F Q) = (L s P)(F Q);\ L(P s Q) = (L P Q)\,s`},
}

// jacNormRules put a matrix that is linear in dx into the forms the
// jacRules know, before each step.
var jacNormRules = []*Rule{
	{Name: "jac-Diag-scalar-inner", Title: "Diag of a 1 x 1 matrix", LHS: "Diag(?S)", RHS: "?S", Guards: []string{"scalar(?S)", "hasd(?S)"},
		Text: "Diag(s) = s for a scalar s", LaTeX: `\operatorname{Diag}(s) = s`},
	{Name: "jac-hadamard-broadcast-scalar", Title: "Hadamard product with a scalar", LHS: "?s .* ?M", RHS: "?s ?M", Guards: []string{"const(?s)", "scalar(?s)", "hasd(?M)", "nonscalar(?M)"},
		Text: "s ∘ M = s M for a scalar s", LaTeX: `s \odot M = s\,M`},
	{Name: "jac-outer-hadamard", Title: "Hadamard product with an outer product", LHS: "(?W ?c') .* ?D", RHS: "Diag(?W) ?D Diag(?c)", Guards: []string{"hasd(?W)", "column(?W)", "column(?c)", "const(?c)", "const(?D)", "nonscalar(?c)", "nonscalar(?D)"},
		Text: "x cᵀ ∘ D = Diag(x) D Diag(c)", LaTeX: `xc^\top \odot D = \operatorname{Diag}(x)\,D\operatorname{Diag}(c)`},
	{Name: "jac-outer-row-hadamard", Title: "outer product as a diagonal scaling", LHS: "(?W ?r) .* ?D", RHS: "Diag(?W) ?D Diag(?r')", Guards: []string{"hasd(?W)", "column(?W)", "row(?r)", "const(?r)", "const(?D)", "nonscalar(?r)", "nonscalar(?D)"},
		Text: "x r ∘ D = Diag(x) D Diag(rᵀ)", LaTeX: `x r \odot D = \operatorname{Diag}(x)\,D\operatorname{Diag}(r^\top)`},
	{Name: "jac-outer-column-hadamard", Title: "outer product as a diagonal scaling", LHS: "(?c ?R) .* ?D", RHS: "Diag(?c) ?D Diag(?R')", Guards: []string{"hasd(?R)", "row(?R)", "nonscalar(?R)", "column(?c)", "const(?c)", "nonscalar(?c)", "const(?D)", "nonscalar(?D)"},
		Text: "c r ∘ D = Diag(c) D Diag(rᵀ)", LaTeX: `c\,r \odot D = \operatorname{Diag}(c)\,D\operatorname{Diag}(r^\top)`},
	{Name: "jac-outer-regroup-hadamard", Ordered: true, Title: "outer product as a diagonal scaling", LHS: "?D .* (?A (?W ?r))", RHS: "?D .* ((?A ?W) ?r)", Guards: []string{"hasd(?W)", "column(?W)", "row(?r)", "const(?r)", "const(?A)", "nonscalar(?r)"},
		Text: "A (x r) = (A x) r", LaTeX: `A (x r) = (A x) r`},
	{Name: "jac-outer-regroup-hadamard-left", Ordered: true, Title: "outer product as a diagonal scaling", LHS: "(?A (?W ?r)) .* ?D", RHS: "((?A ?W) ?r) .* ?D", Guards: []string{"hasd(?W)", "column(?W)", "row(?r)", "const(?r)", "const(?A)", "nonscalar(?r)"},
		Text: "A (x r) = (A x) r", LaTeX: `A (x r) = (A x) r`},
	{Name: "jac-hadamard-scalar-out", Title: "Hadamard product with a scalar", LHS: "?E .* (?S ?M)", RHS: "?S (?E .* ?M)", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?M)", "nonscalar(?M)", "const(?E)"},
		Text: "E ∘ (sM) = s (E ∘ M) for a scalar s", LaTeX: `E \odot (sM) = s\,(E \odot M)`},
	{Name: "jac-hadamard-scalar-inner", Title: "Hadamard product with a scalar", LHS: "?E .* (?S .* ?M)", RHS: "?S (?E .* ?M)", Guards: []string{"scalar(?S)", "hasd(?S)", "const(?M)", "nonscalar(?M)", "const(?E)"},
		Text: "E ∘ (s ∘ M) = s (E ∘ M) for a scalar s", LaTeX: `E \odot (s \odot M) = s\,(E \odot M)`},
	{Name: "jac-hadamard-division-out", Title: "entrywise division as a diagonal matrix", LHS: "?E .* (?M / ?s)", RHS: "(?E .* ?M) / ?s", Guards: []string{"const(?s)", "hasd(?M)"},
		Text: "E ∘ (M/s) = (E ∘ M)/s", LaTeX: `E \odot \tfrac{M}{s} = \tfrac{E \odot M}{s}`},
	{Name: "jac-hadamard-scalars-out", Title: "Hadamard product with a scalar", LHS: "?E .* (?A ?B)", Build: buildHadamardScalarsOut, Guards: []string{"const(?E)", "nonscalar(?E)"},
		Text: "E ∘ (s P) = s (E ∘ P) for a scalar s", LaTeX: `E \odot (sP) = s\,(E \odot P)`},
	{Name: "jac-hadamard-merge-division", Title: "associativity of the Hadamard product", LHS: "?E .* (?M ./ ?P)", RHS: "(?E ./ ?P) .* ?M", Guards: []string{"const(?E)", "const(?P)", "hasd(?M)", "nonscalar(?E)", "nonscalar(?P)", "nonscalar(?M)"},
		Text: "E ∘ (M ⊘ P) = (E ⊘ P) ∘ M", LaTeX: `E \odot (M \oslash P) = (E \oslash P) \odot M`},
	{Name: "jac-group-Diag", Title: "associativity", LHS: "?A ?B", Build: buildGroupDiag,
		Text: "B₁(B₂ Diag(w) N₁)N₂ = (B₁B₂) Diag(w) (N₁N₂)", LaTeX: `B_1(B_2\operatorname{Diag}(w)N_1)N_2 = (B_1B_2)\operatorname{Diag}(w)(N_1N_2)`},
}

// jacNormNames are the simplification rules that also normalize the inner
// part of a Jacobian term.
var jacNormNames = []string{
	"simp-transpose-product", "simp-transpose-transpose", "simp-transpose-sum", "simp-transpose-difference",
	"simp-transpose-negation", "simp-transpose-symmetric", "simp-transpose-scalar",
	"simp-transpose-hadamard", "simp-transpose-hadamard-division", "simp-transpose-division", "simp-kron-transpose",
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

// buildJacSumMatrix gives L (𝟏 : M) for L sum(M).
func buildJacSumMatrix(sh Shapes, b Binding) ast.Expr {
	return ast.Mul(b["?L"], ast.Frob(onesLike(sh, b["?M"]), b["?M"]))
}

// buildJacChain regroups a product with one factor F that holds dx: a 1x1
// F goes to the right of the others, L (P F Q) = (L P Q) F, as any scalar
// may; otherwise the 1x1 factors go into L and the rest is grouped around
// F, L (P s F Q) = (L s P) (F Q), for the identities that take F Q. It
// returns nil when there is nothing to regroup.
func buildJacChain(sh Shapes, b Binding) ast.Expr {
	inner := ast.Mul(b["?A"], b["?B"])
	fs := factors(sh, inner)
	at := diffFactor(fs)
	if at < 0 || len(fs) < 2 {
		return nil
	}
	f := fs[at]
	if e := splitFactor(b["?L"], fs, at, func(p ast.Expr) ast.Expr { return p }); e != nil {
		// L (P (A ± B) Q) = L (P A Q) ± L (P B Q); L (P (−G) Q) = (−L) (P G Q)
		return e
	}
	if sh.Shape(f).IsScalar() {
		rest := append(append([]ast.Expr{}, fs[:at]...), fs[at+1:]...)
		return ast.Mul(ast.Mul(b["?L"], ast.MulAll(rest...)), f)
	}
	l, before, after := aroundFactor(sh, b["?L"], fs, at)
	if len(before) > 0 {
		l = ast.Mul(l, ast.MulAll(before...))
	}
	in := f
	if len(after) > 0 {
		in = ast.Mul(f, ast.MulAll(after...))
	}
	if l == b["?L"] && ast.Equal(in, inner) {
		return nil
	}
	return ast.Mul(l, in)
}

// buildJacDiagChain takes diag of a product with one factor F that holds
// dx: a 1x1 F comes out, L diag(P F Q) = (L diag(PQ)) F; a row F with a
// column c before it gives L diag(s c F Q) = (L s Diag(c)) (F Q)ᵀ. It
// returns nil otherwise.
func buildJacDiagChain(sh Shapes, b Binding) ast.Expr {
	fs := factors(sh, ast.Mul(b["?A"], b["?B"]))
	at := diffFactor(fs)
	if at < 0 {
		return nil
	}
	f := fs[at]
	diag := func(p ast.Expr) ast.Expr { return ast.Fn(ast.FnDiag, p) }
	if e := splitFactor(b["?L"], fs, at, diag); e != nil {
		// L diag(P (A ± B) Q) = L diag(P A Q) ± L diag(P B Q), and the sign
		// of a negated factor goes into L
		return e
	}
	l, before, after := aroundFactor(sh, b["?L"], fs, at)
	if sh.Shape(f).IsScalar() {
		rest := append(before, after...)
		if len(rest) == 0 {
			return nil
		}
		return ast.Mul(ast.Mul(l, diag(ast.MulAll(rest...))), f)
	}
	if len(before) == 0 {
		return nil
	}
	c := ast.MulAll(before...)
	if !sh.Shape(c).IsColumn() {
		return nil
	}
	r := f
	if len(after) > 0 {
		r = ast.Mul(f, ast.MulAll(after...))
	}
	return ast.Mul(ast.Mul(l, ast.Fn(ast.FnDiagM, c)), ast.T(r))
}

// diffFactor returns the index of the one factor of fs that holds a
// differential, or -1 when none or several do.
func diffFactor(fs []ast.Expr) int {
	at := -1
	for i, f := range fs {
		if ast.HasDiff(f) {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}

// splitFactor distributes L wrap(P F Q) over a factor F = A ± B, or takes
// the sign of F = −G into L; it returns nil for any other F.
func splitFactor(l ast.Expr, fs []ast.Expr, at int, wrap func(ast.Expr) ast.Expr) ast.Expr {
	with := func(g ast.Expr) ast.Expr {
		parts := append(append(append([]ast.Expr{}, fs[:at]...), g), fs[at+1:]...)
		return wrap(ast.MulAll(parts...))
	}
	switch f := fs[at].(type) {
	case *ast.Binary:
		if f.Op == ast.OpAdd || f.Op == ast.OpSub {
			return ast.Bin(f.Op, ast.Mul(l, with(f.X)), ast.Mul(l, with(f.Y)))
		}
	case *ast.Unary:
		if f.Op == ast.OpNeg {
			return ast.Mul(ast.Neg(l), with(f.X))
		}
	}
	return nil
}

// aroundFactor sorts the factors of fs other than fs[at]: the 1x1 ones
// join l, which it returns, and the others stand before or after fs[at].
func aroundFactor(sh Shapes, l ast.Expr, fs []ast.Expr, at int) (ast.Expr, []ast.Expr, []ast.Expr) {
	var scalars, before, after []ast.Expr
	for i, x := range fs {
		switch {
		case i == at:
		case sh.Shape(x).IsScalar():
			scalars = append(scalars, x)
		case i < at:
			before = append(before, x)
		default:
			after = append(after, x)
		}
	}
	if len(scalars) > 0 {
		l = ast.Mul(l, ast.MulAll(scalars...))
	}
	return l, before, after
}

// buildVecSum gives (L vec(𝟏)ᵀ) vec(M) for L vec(sum(M)).
func buildVecSum(sh Shapes, b Binding) ast.Expr {
	ones := ast.Fn(ast.FnVec, onesLike(sh, b["?M"]))
	return ast.Mul(ast.Mul(b["?L"], ast.T(ones)), ast.Fn(ast.FnVec, b["?M"]))
}

// buildHadamardScalarsOut takes the 1x1 factors of a product that holds dx
// out of a Hadamard product with the constant E: E ∘ (P s Q) = s (E ∘ PQ).
// It returns nil when the product has no such factor, or nothing but, or a
// factor Diag(w) holding dx, which the Hadamard-Diag identities take.
func buildHadamardScalarsOut(sh Shapes, b Binding) ast.Expr {
	prod := ast.Mul(b["?A"], b["?B"])
	if !ast.HasDiff(prod) || sh.Shape(prod).IsScalar() {
		return nil
	}
	var scalars, rest []ast.Expr
	for _, f := range factors(sh, prod) {
		if c, ok := f.(*ast.Call); ok && c.Fun == ast.FnDiagM && ast.HasDiff(c) {
			return nil // the Hadamard-Diag identities take the scalars along
		}
		if sh.Shape(f).IsScalar() {
			scalars = append(scalars, f)
		} else {
			rest = append(rest, f)
		}
	}
	if len(scalars) == 0 || len(rest) == 0 {
		return nil
	}
	return ast.Mul(ast.MulAll(scalars...), ast.Had(b["?E"], ast.MulAll(rest...)))
}
