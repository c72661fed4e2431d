package rewrite

import "github.com/matdiff/matdiff/ast"

// simpRules tidy an expression: transposes pushed in, identities and unit
// factors dropped, signs and scalars moved to the front. The simplifier
// applies them bottom-up until none matches.
var simpRules = []*Rule{
	{Name: "simp-transpose-transpose", LHS: "?A''", RHS: "?A",
		Text: "Aᵀᵀ = A", LaTeX: `(A^\top)^\top = A`},
	{Name: "simp-transpose-scalar", LHS: "?a'", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "aᵀ = a for a scalar", LaTeX: `a^\top = a`},
	{Name: "simp-transpose-symmetric", LHS: "?A'", RHS: "?A", Guards: []string{"symmetric(?A)"},
		Text: "Sᵀ = S for a symmetric S", LaTeX: `S^\top = S`},
	{Name: "simp-transpose-product", LHS: "(?A ?B)'", RHS: "?B' ?A'",
		Text: "(AB)ᵀ = BᵀAᵀ", LaTeX: `(AB)^\top = B^\top A^\top`, Ref: "(4)"},
	{Name: "simp-transpose-sum", LHS: "(?A + ?B)'", RHS: "?A' + ?B'",
		Text: "(A + B)ᵀ = Aᵀ + Bᵀ", LaTeX: `(A + B)^\top = A^\top + B^\top`, Ref: "(3)"},
	{Name: "simp-transpose-difference", LHS: "(?A - ?B)'", RHS: "?A' - ?B'",
		Text: "(A − B)ᵀ = Aᵀ − Bᵀ", LaTeX: `(A - B)^\top = A^\top - B^\top`},
	{Name: "simp-transpose-negation", LHS: "(-?A)'", RHS: "-?A'",
		Text: "(−A)ᵀ = −Aᵀ", LaTeX: `(-A)^\top = -A^\top`},
	{Name: "simp-transpose-hadamard", LHS: "(?A .* ?B)'", RHS: "?A' .* ?B'",
		Text: "(A ∘ B)ᵀ = Aᵀ ∘ Bᵀ", LaTeX: `(A \odot B)^\top = A^\top \odot B^\top`},
	{Name: "simp-transpose-hadamard-division", LHS: "(?A ./ ?B)'", RHS: "?A' ./ ?B'",
		Text: "(A ⊘ B)ᵀ = Aᵀ ⊘ Bᵀ", LaTeX: `(A \oslash B)^\top = A^\top \oslash B^\top`},
	{Name: "simp-transpose-division", LHS: "(?A / ?s)'", RHS: "?A' / ?s",
		Text: "(A/s)ᵀ = Aᵀ/s", LaTeX: `(A/s)^\top = A^\top/s`},
	{Name: "simp-transpose-inverse", LHS: "(?A^-1)'", RHS: "?A'^-1",
		Text: "(A⁻¹)ᵀ = (Aᵀ)⁻¹", LaTeX: `(A^{-1})^\top = (A^\top)^{-1}`, Ref: "(5)"},
	{Name: "simp-transpose-elementwise", LHS: "?A'", Build: buildTransposeElementwise,
		Text: "f(A)ᵀ = f(Aᵀ) for an element-wise f", LaTeX: `f(A)^\top = f(A^\top)`},
	{Name: "simp-double-negation", LHS: "--?A", RHS: "?A",
		Text: "−(−A) = A", LaTeX: `-(-A) = A`},
	{Name: "simp-identity-left", LHS: "I ?A", RHS: "?A", Guards: []string{"nonscalar(?A)"},
		Text: "IA = A", LaTeX: `IA = A`},
	{Name: "simp-identity-right", LHS: "?A I", RHS: "?A", Guards: []string{"nonscalar(?A)"},
		Text: "AI = A", LaTeX: `AI = A`},
	{Name: "simp-one-left", LHS: "1 ?A", RHS: "?A",
		Text: "1A = A", LaTeX: `1A = A`},
	{Name: "simp-one-right", LHS: "?A 1", RHS: "?A",
		Text: "A1 = A", LaTeX: `A1 = A`},
	{Name: "simp-hadamard-one-left", LHS: "1 .* ?A", RHS: "?A",
		Text: "1 ∘ A = A", LaTeX: `1 \odot A = A`},
	{Name: "simp-hadamard-one-right", LHS: "?A .* 1", RHS: "?A",
		Text: "A ∘ 1 = A", LaTeX: `A \odot 1 = A`},
	{Name: "simp-divide-one", LHS: "?A / 1", RHS: "?A",
		Text: "A/1 = A", LaTeX: `A/1 = A`},
	{Name: "simp-minus-one", LHS: "-1 ?A", RHS: "-?A",
		Text: "(−1)A = −A", LaTeX: `(-1)A = -A`},
	{Name: "simp-negation-product-left", LHS: "(-?A) ?B", RHS: "-(?A ?B)",
		Text: "(−A)B = −AB", LaTeX: `(-A)B = -AB`},
	{Name: "simp-negation-product-right", LHS: "?A (-?B)", RHS: "-(?A ?B)",
		Text: "A(−B) = −AB", LaTeX: `A(-B) = -AB`},
	{Name: "simp-negation-hadamard-left", LHS: "(-?A) .* ?B", RHS: "-(?A .* ?B)",
		Text: "(−A) ∘ B = −(A ∘ B)", LaTeX: `(-A) \odot B = -(A \odot B)`},
	{Name: "simp-negation-hadamard-right", LHS: "?A .* (-?B)", RHS: "-(?A .* ?B)",
		Text: "A ∘ (−B) = −(A ∘ B)", LaTeX: `A \odot (-B) = -(A \odot B)`},
	{Name: "simp-negation-hadamard-division", LHS: "(-?A) ./ ?B", RHS: "-(?A ./ ?B)",
		Text: "(−A) ⊘ B = −(A ⊘ B)", LaTeX: `(-A) \oslash B = -(A \oslash B)`},
	{Name: "simp-negation-division", LHS: "(-?A) / ?s", RHS: "-(?A / ?s)",
		Text: "(−A)/s = −(A/s)", LaTeX: `(-A)/s = -(A/s)`},
	{Name: "simp-add-negation", LHS: "?A + -?B", RHS: "?A - ?B",
		Text: "A + (−B) = A − B", LaTeX: `A + (-B) = A - B`},
	{Name: "simp-subtract-negation", LHS: "?A - -?B", RHS: "?A + ?B",
		Text: "A − (−B) = A + B", LaTeX: `A - (-B) = A + B`},
	{Name: "simp-negation-first", LHS: "-?A + ?B", RHS: "?B - ?A",
		Text: "−A + B = B − A", LaTeX: `-A + B = B - A`},
	{Name: "simp-fold-numbers", LHS: "?a ?b", Guards: []string{"num(?a)", "num(?b)"}, Build: buildFold,
		Text: "constant folding", LaTeX: `\text{constant folding}`},
	{Name: "simp-fold-numbers-nested", LHS: "?a (?b ?A)", Guards: []string{"num(?a)", "num(?b)"}, Build: buildFoldNested,
		Text: "a(bA) = (ab)A", LaTeX: `a(bA) = (ab)A`},
	{Name: "simp-scalar-first", LHS: "?A ?s", RHS: "?s ?A", Guards: []string{"scalar(?s)", "nonscalar(?A)", "notnum(?A)"},
		Text: "As = sA for a scalar s", LaTeX: `As = sA`},
	{Name: "simp-scalar-out", LHS: "?A (?s ?B)", RHS: "?s ?A ?B", Guards: []string{"scalar(?s)", "nonscalar(?A)", "nonscalar(?B)"},
		Text: "A(sB) = sAB", LaTeX: `A(sB) = sAB`},
	{Name: "simp-scalar-out-hadamard-left", LHS: "(?s ?A) .* ?B", RHS: "?s (?A .* ?B)", Guards: []string{"num(?s)", "nonscalar(?A)"},
		Text: "(sA) ∘ B = s(A ∘ B)", LaTeX: `(sA) \odot B = s(A \odot B)`},
	{Name: "simp-scalar-out-hadamard-right", LHS: "?A .* (?s ?B)", RHS: "?s (?A .* ?B)", Guards: []string{"num(?s)", "nonscalar(?B)"},
		Text: "A ∘ (sB) = s(A ∘ B)", LaTeX: `A \odot (sB) = s(A \odot B)`},
	{Name: "simp-associate", LHS: "?A (?B ?C)", RHS: "?A ?B ?C", Guards: []string{"nonscalar(?A)", "nonscalar(?B)", "nonscalar(?C)"},
		Text: "A(BC) = (AB)C", LaTeX: `A(BC) = (AB)C`},
	{Name: "simp-hadamard-outer-last", LHS: "?A .* ?B", RHS: "?B .* ?A", Guards: []string{"outer(?A)", "notouter(?B)"},
		Text: "A ∘ B = B ∘ A", LaTeX: `A \odot B = B \odot A`},
	{Name: "simp-hadamard-scalar", LHS: "?s .* ?A", RHS: "?s ?A", Guards: []string{"scalar(?s)"},
		Text: "s ∘ A = sA for a scalar s", LaTeX: `s \odot A = sA`},
	{Name: "simp-hadamard-scalar-right", LHS: "?A .* ?s", RHS: "?s ?A", Guards: []string{"scalar(?s)", "nonscalar(?A)"},
		Text: "A ∘ s = sA for a scalar s", LaTeX: `A \odot s = sA`},
	{Name: "simp-frobenius-identity", LHS: "I : ?A", RHS: "tr(?A)",
		Text: "I : A = tr(A)", LaTeX: `I : A = \operatorname{tr}(A)`},
	{Name: "simp-ones-scalar", LHS: "?a.^0", RHS: "1", Guards: []string{"scalar(?a)"},
		Text: "a⁰ = 1", LaTeX: `a^0 = 1`},
}

// buildTransposeElementwise pushes a transpose into an element-wise
// function or power: f(A)ᵀ = f(Aᵀ).
func buildTransposeElementwise(b Binding) ast.Expr {
	switch a := b["?A"].(type) {
	case *ast.Call:
		if a.Fun.Elementwise() {
			return ast.Fn(a.Fun, ast.T(a.Args[0]))
		}
	case *ast.Binary:
		if a.Op == ast.OpEPow {
			return ast.Bin(ast.OpEPow, ast.T(a.X), a.Y)
		}
	}
	return nil
}

func buildFold(b Binding) ast.Expr {
	return ast.N(b["?a"].(*ast.Num).Val * b["?b"].(*ast.Num).Val)
}

func buildFoldNested(b Binding) ast.Expr {
	return ast.Mul(buildFold(b), b["?A"])
}

// collectRules name what the collector does in Go: like terms merged and
// common factors pulled out of sums. Their patterns state the identities;
// the collector applies them across sums of any length.
var collectRules = []*Rule{
	{Name: "frob-collect", LHS: "?A : ?C + ?B : ?C", RHS: "(?A + ?B) : ?C",
		Text: "A : C + B : C = (A + B) : C", LaTeX: `A : C + B : C = (A + B) : C`},
	{Name: "simp-like-terms", LHS: "?A + ?A", RHS: "2 ?A",
		Text: "aA + bA = (a + b)A", LaTeX: `aA + bA = (a + b)A`},
	{Name: "simp-factor-right", LHS: "?A ?C + ?B ?C", RHS: "(?A + ?B) ?C",
		Text: "AC + BC = (A + B)C", LaTeX: `AC + BC = (A + B)C`},
	{Name: "simp-factor-left", LHS: "?C ?A + ?C ?B", RHS: "?C (?A + ?B)",
		Text: "CA + CB = C(A + B)", LaTeX: `CA + CB = C(A + B)`},
	{Name: "grad-symmetric", LHS: "?G", RHS: "(?G + ?G') / 2",
		Text: "gradient within the symmetric matrices: sym(G) = (G + Gᵀ)/2", LaTeX: `\operatorname{sym}(G) = \tfrac{1}{2}(G + G^\top)`},
}
