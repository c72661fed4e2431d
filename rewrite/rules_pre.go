package rewrite

// preRules rewrite vec and Kronecker forms into plain matrix forms before
// the differential is taken, so that dX never ends up inside vec(·) or ⊗.
var preRules = []*Rule{
	{Name: "vec-inner", LHS: "vec(?A)' vec(?B)", RHS: "?A : ?B",
		Text: "vec(A)ᵀvec(B) = A : B", LaTeX: `\operatorname{vec}(A)^\top\operatorname{vec}(B) = A : B`},
	{Name: "vec-kron", LHS: "kron(?B, ?A) vec(?X)", RHS: "vec(?A ?X ?B')",
		Text: "(B ⊗ A) vec(X) = vec(AXBᵀ)", LaTeX: `(B \otimes A)\operatorname{vec}(X) = \operatorname{vec}(AXB^\top)`, Ref: "(520)"},
	{Name: "vec-column", LHS: "vec(?a)", RHS: "?a", Guards: []string{"column(?a)"},
		Text: "vec(a) = a for a column a", LaTeX: `\operatorname{vec}(a) = a`},
	{Name: "vec-kron-inner", LHS: "?P kron(?B, ?A) vec(?X)", RHS: "?P vec(?A ?X ?B')",
		Text: "(B ⊗ A) vec(X) = vec(AXBᵀ)", LaTeX: `(B \otimes A)\operatorname{vec}(X) = \operatorname{vec}(AXB^\top)`, Ref: "(520)"},
	{Name: "vec-frobenius", LHS: "vec(?A) : vec(?B)", RHS: "?A : ?B",
		Text: "vec(A) : vec(B) = A : B", LaTeX: `\operatorname{vec}(A) : \operatorname{vec}(B) = A : B`},
	{Name: "vec-sum", LHS: "sum(vec(?A))", RHS: "sum(?A)",
		Text: "sum(vec(A)) = sum(A)", LaTeX: `\operatorname{sum}(\operatorname{vec}A) = \operatorname{sum}(A)`},
	{Name: "vec-norm", LHS: "norm(vec(?A))", RHS: "norm(?A)",
		Text: "‖vec(A)‖ = ‖A‖_F", LaTeX: `\|\operatorname{vec}A\| = \|A\|_F`},
	{Name: "vec-norm1", LHS: "norm1(vec(?A))", RHS: "norm1(?A)",
		Text: "‖vec(A)‖₁ = ‖A‖₁", LaTeX: `\|\operatorname{vec}A\|_1 = \|A\|_1`},
	{Name: "kron-trace", LHS: "tr(kron(?A, ?B))", RHS: "tr(?A) tr(?B)",
		Text: "tr(A ⊗ B) = tr(A) tr(B)", LaTeX: `\operatorname{tr}(A \otimes B) = \operatorname{tr}(A)\operatorname{tr}(B)`, Ref: "(524)"},
	{Name: "kron-sum", LHS: "sum(kron(?A, ?B))", RHS: "sum(?A) sum(?B)",
		Text: "sum(A ⊗ B) = sum(A) sum(B)", LaTeX: `\operatorname{sum}(A \otimes B) = \operatorname{sum}(A)\operatorname{sum}(B)`},
	{Name: "kron-norm", LHS: "norm(kron(?A, ?B))", RHS: "norm(?A) norm(?B)",
		Text: "‖A ⊗ B‖ = ‖A‖ ‖B‖", LaTeX: `\|A \otimes B\|_F = \|A\|_F\|B\|_F`},
	{Name: "kron-transpose", LHS: "kron(?A, ?B)'", RHS: "kron(?A', ?B')",
		Text: "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", LaTeX: `(A \otimes B)^\top = A^\top \otimes B^\top`, Ref: "(508)"},
	{Name: "kron-mixed-product", LHS: "kron(?A, ?B) kron(?C, ?D)", RHS: "kron(?A ?C, ?B ?D)",
		Text: "(A ⊗ B)(C ⊗ D) = AC ⊗ BD", LaTeX: `(A \otimes B)(C \otimes D) = AC \otimes BD`, Ref: "(511)"},
}
