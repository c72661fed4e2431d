package rewrite

import (
	"math"
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// simpRules tidy an expression: transposes pushed in, identities and unit
// factors dropped, signs and scalars moved to the front. The simplifier
// applies them bottom-up until none matches.
var simpRules = []*Rule{
	{Name: "simp-transpose-transpose", Title: "double transpose", LHS: "?A''", RHS: "?A",
		Text: "Aᵀᵀ = A", LaTeX: `(A^\top)^\top = A`},
	{Name: "simp-transpose-scalar", Title: "transpose of a scalar", LHS: "?a'", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "aᵀ = a for a scalar", LaTeX: `a^\top = a`},
	{Name: "simp-transpose-symmetric", Title: "transpose of a symmetric matrix", LHS: "?A'", RHS: "?A", Guards: []string{"symmetric(?A)"},
		Text: "Sᵀ = S for a symmetric S", LaTeX: `S^\top = S`},
	{Name: "simp-transpose-product", Title: "transpose of a product", LHS: "(?A ?B)'", RHS: "?B' ?A'",
		Text: "(AB)ᵀ = BᵀAᵀ", LaTeX: `(AB)^\top = B^\top A^\top`, Ref: "(4)"},
	{Name: "simp-transpose-sum", Title: "transpose of a sum", LHS: "(?A + ?B)'", RHS: "?A' + ?B'",
		Text: "(A + B)ᵀ = Aᵀ + Bᵀ", LaTeX: `(A + B)^\top = A^\top + B^\top`, Ref: "(3)"},
	{Name: "simp-transpose-difference", Title: "transpose of a difference", LHS: "(?A - ?B)'", RHS: "?A' - ?B'",
		Text: "(A − B)ᵀ = Aᵀ − Bᵀ", LaTeX: `(A - B)^\top = A^\top - B^\top`},
	{Name: "simp-transpose-negation", Title: "transpose of a negation", LHS: "(-?A)'", RHS: "-?A'",
		Text: "(−A)ᵀ = −Aᵀ", LaTeX: `(-A)^\top = -A^\top`},
	{Name: "simp-transpose-hadamard", Title: "transpose of a Hadamard product", LHS: "(?A .* ?B)'", RHS: "?A' .* ?B'",
		Text: "(A ∘ B)ᵀ = Aᵀ ∘ Bᵀ", LaTeX: `(A \odot B)^\top = A^\top \odot B^\top`},
	{Name: "simp-transpose-hadamard-division", Title: "transpose of an elementwise quotient", LHS: "(?A ./ ?B)'", RHS: "?A' ./ ?B'",
		Text: "(A ⊘ B)ᵀ = Aᵀ ⊘ Bᵀ", LaTeX: `(A \oslash B)^\top = A^\top \oslash B^\top`},
	{Name: "simp-transpose-division", Title: "transpose of a quotient", LHS: "(?A / ?s)'", RHS: "?A' / ?s",
		Text: "(A/s)ᵀ = Aᵀ/s", LaTeX: `(A/s)^\top = A^\top/s`},
	{Name: "simp-transpose-inverse", Title: "transpose of the inverse", LHS: "(?A^-1)'", RHS: "?A'^-1",
		Text: "(A⁻¹)ᵀ = (Aᵀ)⁻¹", LaTeX: `(A^{-1})^\top = (A^\top)^{-1}`, Ref: "(5)"},
	{Name: "simp-double-negation", Title: "double negation", LHS: "--?A", RHS: "?A",
		Text: "−(−A) = A", LaTeX: `-(-A) = A`},
	{Name: "simp-identity-left", Title: "identity matrix", LHS: "I ?A", RHS: "?A", Guards: []string{"nonscalar(?A)"},
		Text: "IA = A", LaTeX: `IA = A`},
	{Name: "simp-identity-right", Title: "identity matrix", LHS: "?A I", RHS: "?A", Guards: []string{"nonscalar(?A)"},
		Text: "AI = A", LaTeX: `AI = A`},
	{Name: "simp-one-left", Title: "multiplying by one", LHS: "1 ?A", RHS: "?A",
		Text: "1A = A", LaTeX: `1A = A`},
	{Name: "simp-hadamard-one-left", Title: "multiplying by one", LHS: "1 .* ?A", RHS: "?A",
		Text: "1 ∘ A = A", LaTeX: `1 \odot A = A`},
	{Name: "simp-divide-one", Title: "dividing by one", LHS: "?A / 1", RHS: "?A",
		Text: "A/1 = A", LaTeX: `A/1 = A`},
	{Name: "simp-minus-one", Title: "multiplying by minus one", LHS: "-1 ?A", RHS: "-?A",
		Text: "(−1)A = −A", LaTeX: `(-1)A = -A`},
	{Name: "simp-negation-product-left", Title: "sign of a product", LHS: "(-?A) ?B", RHS: "-(?A ?B)",
		Text: "(−A)B = −AB", LaTeX: `(-A)B = -AB`},
	{Name: "simp-negation-product-right", Title: "sign of a product", LHS: "?A (-?B)", RHS: "-(?A ?B)",
		Text: "A(−B) = −AB", LaTeX: `A(-B) = -AB`},
	{Name: "simp-negation-hadamard-left", Title: "sign of a Hadamard product", LHS: "(-?A) .* ?B", RHS: "-(?A .* ?B)",
		Text: "(−A) ∘ B = −(A ∘ B)", LaTeX: `(-A) \odot B = -(A \odot B)`},
	{Name: "simp-negation-hadamard-division", Title: "sign of an elementwise quotient", LHS: "(-?A) ./ ?B", RHS: "-(?A ./ ?B)",
		Text: "(−A) ⊘ B = −(A ⊘ B)", LaTeX: `(-A) \oslash B = -(A \oslash B)`},
	{Name: "simp-negation-division", Title: "sign of a quotient", LHS: "(-?A) / ?s", RHS: "-(?A / ?s)",
		Text: "(−A)/s = −(A/s)", LaTeX: `(-A)/s = -(A/s)`},
	{Name: "simp-add-negation", Title: "adding a negation", LHS: "?A + -?B", RHS: "?A - ?B",
		Text: "A + (−B) = A − B", LaTeX: `A + (-B) = A - B`},
	{Name: "simp-subtract-negation", Title: "subtracting a negation", LHS: "?A - -?B", RHS: "?A + ?B",
		Text: "A − (−B) = A + B", LaTeX: `A - (-B) = A + B`},
	{Name: "simp-fold-numbers", Title: "arithmetic", LHS: "?a ?b", Guards: []string{"num(?a)", "num(?b)"}, Build: buildFold,
		Text: "constant folding", LaTeX: `\text{constant folding}`},
	{Name: "simp-fold-numbers-nested", Title: "arithmetic", LHS: "?a (?b ?A)", Guards: []string{"num(?a)", "num(?b)"}, Build: buildFoldNested,
		Text: "a(bA) = (ab)A", LaTeX: `a(bA) = (ab)A`},
	{Name: "simp-scalar-first", Ordered: true, Title: "scalars first", LHS: "?A ?s", RHS: "?s ?A", Guards: []string{"scalar(?s)", "nonscalar(?A)", "notnum(?A)"},
		Text: "As = sA for a scalar s", LaTeX: `As = sA`},
	{Name: "simp-scalar-out", Ordered: true, Title: "scalars first", LHS: "?A (?s ?B)", RHS: "?s ?A ?B", Guards: []string{"scalar(?s)", "nonscalar(?A)", "nonscalar(?B)"},
		Text: "A(sB) = sAB", LaTeX: `A(sB) = sAB`},
	{Name: "simp-scalar-out-hadamard-left", Title: "scalars first", LHS: "(?s ?A) .* ?B", RHS: "?s (?A .* ?B)", Guards: []string{"num(?s)", "nonscalar(?A)"},
		Text: "(sA) ∘ B = s(A ∘ B)", LaTeX: `(sA) \odot B = s(A \odot B)`},
	{Name: "simp-associate", Ordered: true, Title: "associativity", LHS: "?A (?B ?C)", RHS: "?A ?B ?C",
		Text: "A(BC) = (AB)C", LaTeX: `A(BC) = (AB)C`},
	{Name: "simp-division-out-right", Title: "taking a divisor out", LHS: "?A (?B / ?s)", RHS: "(?A ?B) / ?s",
		Text: "A(B/s) = (AB)/s", LaTeX: `A\frac{B}{s} = \frac{AB}{s}`},
	{Name: "simp-division-out-left", Title: "taking a divisor out", LHS: "(?A / ?s) ?B", RHS: "(?A ?B) / ?s",
		Text: "(A/s)B = (AB)/s", LaTeX: `\frac{A}{s}B = \frac{AB}{s}`},
	{Name: "simp-division-out-hadamard-left", Title: "taking a divisor out", LHS: "(?A / ?s) .* ?B", RHS: "(?A .* ?B) / ?s",
		Text: "(A/s) ∘ B = (A ∘ B)/s", LaTeX: `\frac{A}{s} \odot B = \frac{A \odot B}{s}`},
	{Name: "simp-division-division", Title: "dividing twice", LHS: "?A / ?s / ?t", RHS: "?A / (?s ?t)",
		Text: "(A/s)/t = A/(st)", LaTeX: `\frac{A/s}{t} = \frac{A}{st}`},
	{Name: "simp-cancel", Title: "cancelling a factor", LHS: "?A / ?s", Build: buildCancel,
		Text: "(sA)/s = A", LaTeX: `\frac{sA}{s} = A`},
	{Name: "simp-number-first", Ordered: true, Title: "numbers first", LHS: "?s ?a", RHS: "?a ?s", Guards: []string{"num(?a)", "notnum(?s)", "scalar(?s)"},
		Text: "sa = as for numbers a", LaTeX: `sa = as`},
	{Name: "simp-number-first-nested", Ordered: true, Title: "numbers first", LHS: "?A (?a ?B)", RHS: "?a ?A ?B", Guards: []string{"num(?a)", "notnum(?A)"},
		Text: "A(aB) = aAB for a number a", LaTeX: `A(aB) = aAB`},
	{Name: "simp-power", Title: "adding exponents", LHS: "?A ?B", Build: buildPower, Guards: []string{"square(?B)"},
		Text: "AᵏAˡ = Aᵏ⁺ˡ", LaTeX: `A^k A^l = A^{k+l}`},
	{Name: "simp-transpose-power", Title: "transpose of a power", LHS: "(?A^?k)'", RHS: "?A'^?k",
		Text: "(Aᵏ)ᵀ = (Aᵀ)ᵏ", LaTeX: `(A^k)^\top = (A^\top)^k`},
	{Name: "simp-frobenius-columns", Title: "Frobenius product of columns", LHS: "?a : ?b", RHS: "?a' ?b", Guards: []string{"column(?a)", "samedims(?a, ?b)"},
		Text: "a : b = aᵀb for columns", LaTeX: `a : b = a^\top b`},
	{Name: "simp-frobenius-rows", Title: "Frobenius product of rows", LHS: "?a : ?b", RHS: "?a ?b'", Guards: []string{"row(?a)", "samedims(?a, ?b)"},
		Text: "a : b = abᵀ for rows", LaTeX: `a : b = a b^\top`},
	{Name: "simp-hadamard-division-scalar", Title: "elementwise division by a scalar", LHS: "?A ./ ?s", RHS: "?A / ?s", Guards: []string{"scalar(?s)"},
		Text: "A ⊘ s = A/s for a scalar s", LaTeX: `A \oslash s = A/s`},
	{Name: "simp-reciprocal-hadamard", Title: "multiplying by a reciprocal", LHS: "(1 ./ ?A) .* ?B", RHS: "?B ./ ?A",
		Text: "(1 ⊘ A) ∘ B = B ⊘ A", LaTeX: `(1 \oslash A) \odot B = B \oslash A`},
	{Name: "simp-sigmoid", Title: "logistic sigmoid", LHS: "exp(?z) ./ (1 + exp(?z))", RHS: "sigmoid(?z)",
		Text: "eᶻ ⊘ (1 + eᶻ) = σ(z)", LaTeX: `e^z \oslash (1 + e^z) = \sigma(z)`},
	{Name: "simp-sigmoid-hadamard", Title: "logistic sigmoid", LHS: "?B ./ (1 + exp(?z)) .* exp(?z)", RHS: "?B .* sigmoid(?z)",
		Text: "B ⊘ (1 + eᶻ) ∘ eᶻ = B ∘ σ(z)", LaTeX: `B \oslash (1 + e^z) \odot e^z = B \odot \sigma(z)`},
	{Name: "simp-ones-hadamard-left", Title: "Hadamard product with ones", LHS: "?O .* ?B", RHS: "?B", Guards: []string{"ones(?O)", "samedims(?O, ?B)"},
		Text: "𝟏 ∘ B = B", LaTeX: `\mathbf{1} \odot B = B`},
	{Name: "simp-inverse-product", Title: "inverse of a product", LHS: "(?A ?B)^-1", RHS: "?B^-1 ?A^-1", Guards: []string{"square(?A)", "square(?B)", "nonscalar(?A)", "nonscalar(?B)"},
		Text: "(AB)⁻¹ = B⁻¹A⁻¹", LaTeX: `(AB)^{-1} = B^{-1}A^{-1}`, Ref: "(145)"},
	{Name: "simp-common-divisor", Title: "common denominator", LHS: "?A / ?s + ?B / ?s", RHS: "(?A + ?B) / ?s",
		Text: "A/s + B/s = (A + B)/s", LaTeX: `\frac{A}{s} + \frac{B}{s} = \frac{A + B}{s}`},
	{Name: "simp-common-divisor-difference", Title: "common denominator", LHS: "?A / ?s - ?B / ?s", RHS: "(?A - ?B) / ?s",
		Text: "A/s − B/s = (A − B)/s", LaTeX: `\frac{A}{s} - \frac{B}{s} = \frac{A - B}{s}`},
	{Name: "simp-number-out-of-denominator", Title: "taking a scalar out of a denominator", LHS: "?A ./ (?a ?B)", RHS: "(?A ./ ?B) / ?a", Guards: []string{"scalar(?a)", "nonscalar(?B)"},
		Text: "A ⊘ (aB) = (A ⊘ B)/a for a scalar a", LaTeX: `A \oslash (aB) = \frac{A \oslash B}{a}`},
	{Name: "simp-quotient-inner", Title: "inner product with a denominator", LHS: "(?a' ./ ?b') ?b", RHS: "sum(?a)", Guards: []string{"column(?b)", "samedims(?a, ?b)"},
		Text: "(a ⊘ b)ᵀ b = sum(a)", LaTeX: `(a \oslash b)^\top b = \operatorname{sum}(a)`},
	{Name: "simp-scaled-ones-hadamard", Title: "Hadamard product with ones", LHS: "(?s ?O) .* ?B", RHS: "?s ?B", Guards: []string{"scalar(?s)", "ones(?O)", "samedims(?O, ?B)"},
		Text: "s𝟏 ∘ B = sB", LaTeX: `s\mathbf{1} \odot B = sB`},
	{Name: "simp-cancel-hadamard", Title: "cancelling a factor", LHS: "?A .* ?B", Build: buildRatio(ast.OpHad),
		Text: "A ∘ B ⊘ A = B", LaTeX: `A \odot B \oslash A = B`},
	{Name: "simp-cancel-hadamard-division", Title: "cancelling a factor", LHS: "?A ./ ?B", Build: buildRatio(ast.OpHDiv),
		Text: "(A ∘ B) ⊘ (A ∘ C) = B ⊘ C", LaTeX: `(A \odot B) \oslash (A \odot C) = B \oslash C`},
	{Name: "simp-cancel-division", Title: "cancelling a factor", LHS: "?A / ?B", Build: buildRatio(ast.OpDiv),
		Text: "(sA)/(st) = A/t", LaTeX: `\frac{sA}{st} = \frac{A}{t}`},
	{Name: "simp-diag-ones-left", Title: "identity times a matrix", LHS: "Diag(?O) ?A", RHS: "?A", Guards: []string{"ones(?O)", "nonscalar(?A)"},
		Text: "Diag(𝟏)A = IA = A", LaTeX: `\operatorname{Diag}(\mathbf{1})A = A`},
	{Name: "simp-diag-ones-right", Title: "a matrix times the identity", LHS: "?A Diag(?O)", RHS: "?A", Guards: []string{"ones(?O)", "nonscalar(?A)"},
		Text: "A Diag(𝟏) = AI = A", LaTeX: `A\operatorname{Diag}(\mathbf{1}) = A`},
	{Name: "simp-diag-ones-frobenius", Title: "Frobenius product with the identity", LHS: "Diag(?O) : ?A", RHS: "tr(?A)", Guards: []string{"ones(?O)"},
		Text: "Diag(𝟏) : A = I : A = tr(A)", LaTeX: `\operatorname{Diag}(\mathbf{1}) : A = \operatorname{tr}(A)`},
	{Name: "simp-diag-ones-inverse", Title: "inverse of the identity", LHS: "Diag(?O)^-1", RHS: "Diag(?O)", Guards: []string{"ones(?O)"},
		Text: "I⁻¹ = I", LaTeX: `I^{-1} = I`},
	{Name: "simp-kron-identities-associate", Ordered: true, Title: "Kronecker product of identities", LHS: "kron(Diag(?O), kron(Diag(?P), ?C))", RHS: "kron(kron(Diag(?O), Diag(?P)), ?C)", Guards: []string{"ones(?O)", "ones(?P)"},
		Text: "I ⊗ (I ⊗ C) = (I ⊗ I) ⊗ C", LaTeX: `I \otimes (I \otimes C) = (I \otimes I) \otimes C`},
	{Name: "simp-kron-diag-ones", Title: "Kronecker product of identities", LHS: "kron(Diag(?O), Diag(?P))", Build: buildKronDiagOnes,
		Text: "I_m ⊗ I_n = I_mn", LaTeX: `I_m \otimes I_n = I_{mn}`},
	{Name: "simp-diag-outer", Title: "diagonal of an outer product", LHS: "diag(?a ?b')", RHS: "?a .* ?b", Guards: []string{"column(?a)", "column(?b)"},
		Text: "diag(abᵀ) = a ∘ b", LaTeX: `\operatorname{diag}(ab^\top) = a \odot b`},
	{Name: "simp-diag-transpose", Title: "diagonal of a transpose", LHS: "diag(?A')", RHS: "diag(?A)",
		Text: "diag(Aᵀ) = diag(A)", LaTeX: `\operatorname{diag}(A^\top) = \operatorname{diag}(A)`},
	{Name: "simp-diag-Diag", Title: "diag of Diag", LHS: "diag(Diag(?a))", RHS: "?a",
		Text: "diag(Diag(a)) = a", LaTeX: `\operatorname{diag}(\operatorname{Diag}(a)) = a`},
	{Name: "simp-diag-Diag-inverse", Title: "diag of an inverse Diag", LHS: "diag(Diag(?a)^-1)", RHS: "?a.^-1",
		Text: "diag(Diag(a)⁻¹) = a^∘-1", LaTeX: `\operatorname{diag}(\operatorname{Diag}(a)^{-1}) = a^{\circ -1}`},
	{Name: "simp-inverse-scaled", Title: "inverse of a scaled matrix", LHS: "(?s ?A)^-1", RHS: "?A^-1 / ?s", Guards: []string{"scalar(?s)", "nonscalar(?A)"},
		Text: "(sA)⁻¹ = A⁻¹/s", LaTeX: `(sA)^{-1} = A^{-1}/s`},
	{Name: "simp-diag-scaled", Title: "diag of a scaled matrix", LHS: "diag(?s ?A)", RHS: "?s diag(?A)", Guards: []string{"scalar(?s)", "nonscalar(?A)"},
		Text: "diag(sA) = s diag(A)", LaTeX: `\operatorname{diag}(sA) = s\operatorname{diag}(A)`},
	{Name: "simp-identity-middle", Title: "identity matrix", LHS: "(?s I) ?B", RHS: "?s ?B", Guards: []string{"scalar(?s)", "nonscalar(?B)"},
		Text: "(sI)B = sB", LaTeX: `(sI)B = sB`},
	{Name: "simp-number-out-of-reciprocal", Title: "taking a number out of a reciprocal", LHS: "?a ./ ?B", RHS: "?a (1 ./ ?B)", Guards: []string{"num(?a)", "notone(?a)"},
		Text: "a ⊘ B = a(1 ⊘ B)", LaTeX: `a \oslash B = a(1 \oslash B)`},
	{Name: "simp-ones", Title: "the matrix of ones", LHS: "?A.^0", Build: buildOnes,
		Text: "A^∘0 = 𝟏, the matrix of ones of A's shape", LaTeX: `A^{\circ 0} = \mathbf{1}`},
	{Name: "simp-ones-one", Title: "a 1 x 1 matrix of ones", LHS: "ones(?m)", Build: buildOneByOne(ast.N(1)),
		Text: "𝟏 = 1 when 1 x 1", LaTeX: `\mathbf{1}_1 = 1`},
	{Name: "simp-ones-one-matrix", Title: "a 1 x 1 matrix of ones", LHS: "ones(?m, ?n)", Build: buildOneByOne(ast.N(1)),
		Text: "𝟏 = 1 when 1 x 1", LaTeX: `\mathbf{1}_{1 \times 1} = 1`},
	{Name: "simp-zeros-one", Title: "a 1 x 1 matrix of zeros", LHS: "zeros(?m, ?n)", Build: buildOneByOne(ast.N(0)),
		Text: "0 = 0 when 1 x 1", LaTeX: `\mathbf{0}_{1 \times 1} = 0`},
	{Name: "simp-sum-ones", Title: "inner product with ones", LHS: "?a' ?O", RHS: "sum(?a)", Guards: []string{"ones(?O)", "column(?a)", "samedims(?a, ?O)"},
		Text: "aᵀ𝟏 = sum(a)", LaTeX: `a^\top\mathbf{1} = \operatorname{sum}(a)`},
	{Name: "simp-sum-ones-left", Title: "inner product with ones", LHS: "?O' ?a", RHS: "sum(?a)", Guards: []string{"ones(?O)", "column(?a)", "samedims(?a, ?O)"},
		Text: "𝟏ᵀa = sum(a)", LaTeX: `\mathbf{1}^\top a = \operatorname{sum}(a)`},
	{Name: "simp-number-out-of-hadamard", Title: "numbers first", LHS: "?A .* ?B", Build: buildNumberOutOfHadamard,
		Text: "(aA) ∘ B = a(A ∘ B) for a number a", LaTeX: `(aA) \odot B = a(A \odot B)`},
	{Name: "simp-inner-product-first", Ordered: true, Title: "scalars first", LHS: "?a ?r ?b", RHS: "?r ?b ?a", Guards: []string{"column(?a)", "nonscalar(?a)", "row(?r)", "nonscalar(?r)", "column(?b)"},
		Text: "a(rᵀb) = (rᵀb)a", LaTeX: `a(r^\top b) = (r^\top b)a`},
	{Name: "simp-Diag-product", Title: "product of diagonal matrices", LHS: "Diag(?a) Diag(?b)", RHS: "Diag(?a .* ?b)",
		Text: "Diag(a) Diag(b) = Diag(a ∘ b)", LaTeX: `\operatorname{Diag}(a)\operatorname{Diag}(b) = \operatorname{Diag}(a \odot b)`},
	{Name: "simp-Diag-product-chain", Title: "product of diagonal matrices", LHS: "?X Diag(?a) Diag(?b)", RHS: "?X Diag(?a .* ?b)",
		Text: "Diag(a) Diag(b) = Diag(a ∘ b)", LaTeX: `\operatorname{Diag}(a)\operatorname{Diag}(b) = \operatorname{Diag}(a \odot b)`},
	{Name: "simp-Diag-scalar", Title: "scaling a diagonal matrix", LHS: "Diag(?a) / ?s", RHS: "Diag(?a / ?s)",
		Text: "Diag(a)/s = Diag(a/s)", LaTeX: `\operatorname{Diag}(a)/s = \operatorname{Diag}(a/s)`},
	{Name: "simp-ones-Diag", Title: "ones times a diagonal matrix", LHS: "?O' Diag(?a)", RHS: "?a'", Guards: []string{"ones(?O)", "samedims(?a, ?O)"},
		Text: "𝟏ᵀDiag(a) = aᵀ", LaTeX: `\mathbf{1}^\top\operatorname{Diag}(a) = a^\top`},
	{Name: "simp-ones-Diag-chain", Title: "ones times a diagonal matrix", LHS: "?X ?O' Diag(?a)", RHS: "?X ?a'", Guards: []string{"ones(?O)", "samedims(?a, ?O)"},
		Text: "𝟏ᵀDiag(a) = aᵀ", LaTeX: `\mathbf{1}^\top\operatorname{Diag}(a) = a^\top`},
	{Name: "simp-Diag-ones", Title: "a diagonal matrix times ones", LHS: "Diag(?a) ?O", RHS: "?a", Guards: []string{"ones(?O)", "samedims(?a, ?O)"},
		Text: "Diag(a)𝟏 = a", LaTeX: `\operatorname{Diag}(a)\mathbf{1} = a`},
	{Name: "simp-number-out-of-Diag", Title: "numbers first", LHS: "Diag(?a ?B)", RHS: "?a Diag(?B)", Guards: []string{"num(?a)"},
		Text: "Diag(aB) = a Diag(B) for a number a", LaTeX: `\operatorname{Diag}(aB) = a\operatorname{Diag}(B)`},
	{Name: "simp-fold-power", Title: "arithmetic", LHS: "?a^?k", Build: buildFoldPower,
		Text: "constant folding of powers", LaTeX: `\text{constant folding}`},
	{Name: "simp-fold-inverse", Title: "arithmetic", LHS: "?a^-1", Build: buildFoldInverse,
		Text: "constant folding of inverses", LaTeX: `\text{constant folding}`},
	{Name: "simp-power-of-inverse", Title: "power of the inverse", LHS: "?A^-1^?k", Build: buildPowerOfInverse,
		Text: "(A⁻¹)ᵏ = A⁻ᵏ", LaTeX: `(A^{-1})^k = A^{-k}`},
	{Name: "simp-power-minus-one", Title: "power minus one is the inverse", LHS: "?A^?k", Build: buildPowerMinusOne,
		Text: "A^(−1) = A⁻¹", LaTeX: `A^{(-1)} = A^{-1}`},
	{Name: "simp-trace-scalar", Title: "trace of a scalar", LHS: "tr(?a)", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "tr(a) = a for a 1 x 1 a", LaTeX: `\operatorname{tr}(a) = a`},
	{Name: "simp-det-scalar", Title: "determinant of a scalar", LHS: "det(?a)", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "det(a) = a for a 1 x 1 a", LaTeX: `\det(a) = a`},
	{Name: "simp-sum-scalar", Title: "sum of a scalar", LHS: "sum(?a)", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "sum(a) = a for a 1 x 1 a", LaTeX: `\operatorname{sum}(a) = a`},
	{Name: "simp-trace-transpose", Title: "trace of a transpose", LHS: "tr(?A')", RHS: "tr(?A)",
		Text: "tr(Aᵀ) = tr(A)", LaTeX: `\operatorname{tr}(A^\top) = \operatorname{tr}(A)`, Ref: "(13)"},
	{Name: "simp-ones-power", Title: "powers of ones", LHS: "?O.^?p", RHS: "?O", Guards: []string{"ones(?O)"},
		Text: "𝟏^∘p = 𝟏", LaTeX: `\mathbf{1}^{\circ p} = \mathbf{1}`},
	{Name: "simp-Diag-of-scalar", Title: "Diag of a scalar", LHS: "Diag(?a)", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "Diag(a) = a for a 1 x 1 a", LaTeX: `\operatorname{Diag}(a) = a`},
	{Name: "simp-diag-of-scalar", Title: "diag of a scalar", LHS: "diag(?a)", RHS: "?a", Guards: []string{"scalar(?a)"},
		Text: "diag(a) = a for a 1 x 1 a", LaTeX: `\operatorname{diag}(a) = a`},
	{Name: "simp-kron-by-scalar-left", Title: "Kronecker product with a scalar", LHS: "kron(?s, ?A)", RHS: "?s ?A", Guards: []string{"scalar(?s)"},
		Text: "s ⊗ A = sA for a scalar s", LaTeX: `s \otimes A = sA`},
	{Name: "simp-kron-by-scalar-right", Title: "Kronecker product with a scalar", LHS: "kron(?A, ?s)", RHS: "?s ?A", Guards: []string{"scalar(?s)"},
		Text: "A ⊗ s = sA for a scalar s", LaTeX: `A \otimes s = sA`},
	{Name: "simp-zeros-frobenius", Title: "Frobenius product with zero", LHS: "?Z : ?A", RHS: "0", Guards: []string{"zeros(?Z)"},
		Text: "0 : A = 0", LaTeX: `\mathbf{0} : A = 0`},
	{Name: "simp-zeros-frobenius-right", Title: "Frobenius product with zero", LHS: "?A : ?Z", RHS: "0", Guards: []string{"zeros(?Z)"},
		Text: "A : 0 = 0", LaTeX: `A : \mathbf{0} = 0`},
	{Name: "simp-zeros-sum", Title: "sum of zeros", LHS: "sum(?Z)", RHS: "0", Guards: []string{"zeros(?Z)"},
		Text: "sum(0) = 0", LaTeX: `\operatorname{sum}(\mathbf{0}) = 0`},
	{Name: "simp-zeros-trace", Title: "trace of zeros", LHS: "tr(?Z)", RHS: "0", Guards: []string{"zeros(?Z)"},
		Text: "tr(0) = 0", LaTeX: `\operatorname{tr}(\mathbf{0}) = 0`},
	{Name: "simp-zeros-add", Title: "adding zero", LHS: "?Z + ?A", RHS: "?A", Guards: []string{"zeros(?Z)", "samedims(?Z, ?A)"},
		Text: "0 + A = A", LaTeX: `\mathbf{0} + A = A`},
	{Name: "simp-zeros-subtract", Title: "subtracting zero", LHS: "?A - ?Z", RHS: "?A", Guards: []string{"zeros(?Z)", "samedims(?Z, ?A)"},
		Text: "A − 0 = A", LaTeX: `A - \mathbf{0} = A`},
	{Name: "simp-zeros-subtract-from", Title: "subtracting from zero", LHS: "?Z - ?A", RHS: "-?A", Guards: []string{"zeros(?Z)", "samedims(?Z, ?A)"},
		Text: "0 − A = −A", LaTeX: `\mathbf{0} - A = -A`},
	{Name: "simp-zeros-product", Title: "product with zero", LHS: "?A ?B", Build: buildZerosProduct(ast.OpMul),
		Text: "0 B = A 0 = 0, and 0 A = 0 for the number 0", LaTeX: `\mathbf{0} B = A \mathbf{0} = \mathbf{0}`},
	{Name: "simp-zeros-hadamard", Title: "Hadamard product with zero", LHS: "?A .* ?B", Build: buildZerosProduct(ast.OpHad),
		Text: "0 ∘ B = A ∘ 0 = 0", LaTeX: `\mathbf{0} \odot B = A \odot \mathbf{0} = \mathbf{0}`},
	{Name: "simp-vec-ones", Title: "vec of ones", LHS: "vec(ones(?m, ?n))", Build: buildVecOnes,
		Text: "vec(𝟏_{m x n}) = 𝟏_{mn}", LaTeX: `\operatorname{vec}(\mathbf{1}_{m \times n}) = \mathbf{1}_{mn}`},
	{Name: "simp-vec-column", Title: "vec of a column", LHS: "vec(?a)", RHS: "?a", Guards: []string{"column(?a)"},
		Text: "vec(a) = a for a column a", LaTeX: `\operatorname{vec}(a) = a`},
	{Name: "simp-vec-unvec", Title: "vec undoes unvec", LHS: "vec(unvec(?v, ?m, ?n))", RHS: "?v",
		Text: "vec(unvec(v)) = v", LaTeX: `\operatorname{vec}(\operatorname{unvec}(v)) = v`},
	{Name: "simp-unvec-vec", Title: "unvec undoes vec", LHS: "unvec(vec(?A), ?m, ?n)", Build: buildUnvecVec,
		Text: "unvec(vec(A)) = A", LaTeX: `\operatorname{unvec}(\operatorname{vec}(A)) = A`},
	{Name: "simp-unvec-column", Title: "unvec to a column", LHS: "unvec(?v, ?m, 1)", RHS: "?v",
		Text: "unvec(v, m, 1) = v", LaTeX: `\operatorname{unvec}_{m \times 1}(v) = v`},
	{Name: "simp-commutation-transpose", Title: "transpose of the commutation matrix", LHS: "commutation(?m, ?n)'", RHS: "commutation(?n, ?m)",
		Text: "K_{m,n}ᵀ = K_{n,m}", LaTeX: `K_{m,n}^\top = K_{n,m}`},
	{Name: "simp-commutation-vec", Title: "commutation matrix and vec of a transpose", LHS: "commutation(?m, ?n) vec(?A)", Build: buildCommutationVec,
		Text: "K_{m,n} vec(A) = vec(Aᵀ)", LaTeX: `K_{m,n}\operatorname{vec}(A) = \operatorname{vec}(A^\top)`},
	{Name: "simp-commutation-one", Title: "a commutation matrix of size 1", LHS: "commutation(?m, ?n)", Build: buildCommutationOne,
		Text: "K_{m,1} = K_{1,m} = I_m", LaTeX: `K_{m,1} = K_{1,m} = I_m`},
	{Name: "simp-logdet-identity", Title: "log-determinant of the identity", LHS: "logdet(I)", RHS: "0",
		Text: "log det I = 0", LaTeX: `\log\det I = 0`},
	{Name: "simp-det-identity", Title: "determinant of the identity", LHS: "det(I)", RHS: "1",
		Text: "det I = 1", LaTeX: `\det I = 1`},
	{Name: "simp-scalar-elementwise-power", Title: "elementwise power of a scalar", LHS: "?s.^?p", RHS: "?s^?p", Guards: []string{"scalar(?s)", "notone(?p)"},
		Text: "s^∘p = sᵖ for a scalar s", LaTeX: `s^{\circ p} = s^p`},
	{Name: "simp-sum-associate", Ordered: true, Title: "associativity of the sum", LHS: "?A + (?B + ?C)", RHS: "?A + ?B + ?C",
		Text: "A + (B + C) = A + B + C", LaTeX: `A + (B + C) = A + B + C`},
	{Name: "simp-sum-associate-difference", Ordered: true, Title: "associativity of the sum", LHS: "?A + (?B - ?C)", RHS: "?A + ?B - ?C",
		Text: "A + (B − C) = A + B − C", LaTeX: `A + (B - C) = A + B - C`},
	{Name: "simp-difference-associate", Title: "removing parentheses", LHS: "?A - (?B + ?C)", RHS: "?A - ?B - ?C",
		Text: "A − (B + C) = A − B − C", LaTeX: `A - (B + C) = A - B - C`},
	{Name: "simp-difference-associate-difference", Title: "removing parentheses", LHS: "?A - (?B - ?C)", RHS: "?A - ?B + ?C",
		Text: "A − (B − C) = A − B + C", LaTeX: `A - (B - C) = A - B + C`},
	{Name: "simp-kron-mixed-product", Title: "mixed-product property", LHS: "kron(?A, ?B) kron(?C, ?D)", RHS: "kron(?A ?C, ?B ?D)", Guards: []string{"conform(?A, ?C)", "conform(?B, ?D)"},
		Text: "(A ⊗ B)(C ⊗ D) = AC ⊗ BD", LaTeX: `(A \otimes B)(C \otimes D) = AC \otimes BD`, Ref: "(511)"},
	{Name: "simp-kron-mixed-product-chain", Title: "mixed-product property", LHS: "?X kron(?A, ?B) kron(?C, ?D)", RHS: "?X kron(?A ?C, ?B ?D)", Guards: []string{"conform(?A, ?C)", "conform(?B, ?D)"},
		Text: "(A ⊗ B)(C ⊗ D) = AC ⊗ BD", LaTeX: `(A \otimes B)(C \otimes D) = AC \otimes BD`, Ref: "(511)"},
	{Name: "simp-kron-scalar-left", Title: "Kronecker product with a scalar", LHS: "kron(?s ?A, ?B)", RHS: "?s kron(?A, ?B)", Guards: []string{"scalar(?s)"},
		Text: "(sA) ⊗ B = s(A ⊗ B)", LaTeX: `(sA) \otimes B = s(A \otimes B)`},
	{Name: "simp-kron-scalar-right", Title: "Kronecker product with a scalar", LHS: "kron(?A, ?s ?B)", RHS: "?s kron(?A, ?B)", Guards: []string{"scalar(?s)"},
		Text: "A ⊗ (sB) = s(A ⊗ B)", LaTeX: `A \otimes (sB) = s(A \otimes B)`},
	{Name: "simp-kron-identities", Title: "Kronecker product of identities", LHS: "kron(I, I)", RHS: "I",
		Text: "I ⊗ I = I", LaTeX: `I \otimes I = I`},
	{Name: "simp-kron-transpose", Title: "transpose of a Kronecker product", LHS: "kron(?A, ?B)'", RHS: "kron(?A', ?B')",
		Text: "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", LaTeX: `(A \otimes B)^\top = A^\top \otimes B^\top`, Ref: "(508)"},
	{Name: "simp-negative-literal", Title: "negative number", LHS: "-?a", Build: buildNegativeLiteral,
		Text: "−(a) is the number −a", LaTeX: `-(a) = -a`},
	{Name: "simp-negative-number", Title: "sign of a product", LHS: "?a ?B", Build: buildNegativeNumber,
		Text: "(−a)B = −(aB)", LaTeX: `(-a)B = -(aB)`},
	{Name: "simp-frobenius-ones", Title: "Frobenius product with ones", LHS: "?G : ?O", RHS: "sum(?G)", Guards: []string{"ones(?O)", "samedims(?G, ?O)"},
		Text: "G : 𝟏 = sum(G)", LaTeX: `G : \mathbf{1} = \operatorname{sum}(G)`},
	{Name: "simp-number-out-of-sum", Title: "numbers first", LHS: "sum(?a ?A)", RHS: "?a sum(?A)", Guards: []string{"num(?a)"},
		Text: "sum(aA) = a sum(A) for a number a", LaTeX: `\operatorname{sum}(aA) = a\operatorname{sum}(A)`},
	{Name: "simp-number-out-of-trace", Title: "linearity of the trace", LHS: "tr(?a ?A)", RHS: "?a tr(?A)", Guards: []string{"num(?a)"},
		Text: "tr(aA) = a tr(A) for a number a", LaTeX: `\operatorname{tr}(aA) = a\operatorname{tr}(A)`},
	{Name: "simp-hadamard-outer-last", Ordered: true, Title: "Hadamard product commutes", LHS: "?A .* ?B", RHS: "?B .* ?A", Guards: []string{"outer(?A)", "notouter(?B)"},
		Text: "A ∘ B = B ∘ A", LaTeX: `A \odot B = B \odot A`},
	{Name: "simp-hadamard-scalar", Title: "Hadamard product with a scalar", LHS: "?s .* ?A", RHS: "?s ?A", Guards: []string{"scalar(?s)"},
		Text: "s ∘ A = sA for a scalar s", LaTeX: `s \odot A = sA`},
	{Name: "simp-frobenius-identity", Title: "trace as a Frobenius product with the identity", LHS: "I : ?A", RHS: "tr(?A)",
		Text: "I : A = tr(A)", LaTeX: `I : A = \operatorname{tr}(A)`},
	{Name: "simp-power-zero-scalar", Title: "power zero", LHS: "?a^0", RHS: "1", Guards: []string{"scalar(?a)"},
		Text: "a⁰ = 1", LaTeX: `a^0 = 1`},
	{Name: "simp-ones-scalar", Title: "power zero", LHS: "?a.^0", RHS: "1", Guards: []string{"scalar(?a)"},
		Text: "a⁰ = 1", LaTeX: `a^0 = 1`},
	// Powers merged and distributed, as a textbook writes them (issue 11).
	{Name: "simp-power-power", Title: "power of a power", LHS: "?A^?k^?l", Build: buildPowerPower(ast.OpPow),
		Text: "(Aᵏ)ˡ = Aᵏˡ for a whole l", LaTeX: `(A^k)^l = A^{kl}`},
	{Name: "simp-elementwise-power-power", Title: "power of a power", LHS: "?A.^?k.^?l", Build: buildPowerPower(ast.OpEPow),
		Text: "(A^∘k)^∘l = A^∘kl for a whole l", LaTeX: `(A^{\circ k})^{\circ l} = A^{\circ kl}`},
	{Name: "simp-power-of-scaled", Title: "power of a product", LHS: "(?a ?B)^?k", Build: buildPowerOfScaled,
		Text: "(aB)ᵏ = aᵏBᵏ for a number a and a whole k", LaTeX: `(aB)^k = a^k B^k`},
	{Name: "simp-frobenius-division", Title: "a divisor out of a Frobenius product", LHS: "?G / ?s : ?M", RHS: "(?G : ?M) / ?s", Guards: []string{"scalar(?s)", "nonscalar(?G)"},
		Text: "A/s : B = (A : B)/s", LaTeX: `\frac{A}{s} : B = \frac{A : B}{s}`},
	{Name: "simp-power-of-quotient", Title: "power of a quotient", LHS: "(?a / ?b)^?k", RHS: "?a^?k / ?b^?k", Guards: []string{"scalar(?a)", "whole(?k)"},
		Text: "(a/b)ᵏ = aᵏ/bᵏ for scalars and a whole k", LaTeX: `\left(\frac{a}{b}\right)^k = \frac{a^k}{b^k}`},
	{Name: "simp-Diag-sum", Title: "linearity of Diag", LHS: "Diag(?a) + Diag(?b)", RHS: "Diag(?a + ?b)",
		Text: "Diag(a) + Diag(b) = Diag(a + b)", LaTeX: `\operatorname{Diag}(a) + \operatorname{Diag}(b) = \operatorname{Diag}(a + b)`},
	{Name: "simp-Diag-difference", Title: "linearity of Diag", LHS: "Diag(?a) - Diag(?b)", RHS: "Diag(?a - ?b)",
		Text: "Diag(a) − Diag(b) = Diag(a − b)", LaTeX: `\operatorname{Diag}(a) - \operatorname{Diag}(b) = \operatorname{Diag}(a - b)`},
	{Name: "simp-hadamard-power", Title: "adding exponents", LHS: "?A .* ?B", Build: buildHadamardPower,
		Text: "A^∘k ∘ A^∘l = A^∘(k+l)", LaTeX: `A^{\circ k} \odot A^{\circ l} = A^{\circ (k+l)}`},
}

func buildFold(s Shapes, b Binding) ast.Expr {
	v := b["?a"].(*ast.Num).Number().Mul(b["?b"].(*ast.Num).Number())
	if !v.Finite() {
		return nil // beyond float64: keep the factors as they are
	}
	return v.Num()
}

func buildFoldNested(s Shapes, b Binding) ast.Expr {
	v := buildFold(s, b)
	if v == nil {
		return nil
	}
	return ast.Mul(v, b["?A"])
}

// tidyRules tidy a differential before its terms are moved, on top of the
// simplification rules in tidyNames: a division of a sum is split, so that
// each part can cancel on its own.
var tidyRules = []*Rule{
	{Name: "tidy-number-out", Ordered: true, Title: "numbers first", LHS: "(?a ?B) ?C", RHS: "?a (?B ?C)", Guards: []string{"num(?a)", "hasd(?B)"},
		Text: "(aB)C = a(BC) for a number a", LaTeX: `(aB)C = a(BC)`},
	{Name: "tidy-scalar-transpose", Title: "transpose of a scalar", LHS: "?M' ?b", RHS: "?b' ?M", Guards: []string{"hasd(?M)", "column(?M)", "nonscalar(?M)", "const(?b)", "column(?b)", "nonscalar(?b)"},
		Text: "mᵀb = bᵀm for vectors", LaTeX: `m^\top b = b^\top m`},
	{Name: "tidy-scalar-transpose-form", Title: "transpose of a scalar", LHS: "?M' ?B ?b", RHS: "?b' ?B' ?M", Guards: []string{"hasd(?M)", "column(?M)", "nonscalar(?M)", "const(?B)", "const(?b)", "column(?b)", "nonscalar(?b)"},
		Text: "mᵀBb = bᵀBᵀm for vectors", LaTeX: `m^\top B b = b^\top B^\top m`},
	{Name: "tidy-split-hadamard-division", Title: "splitting a quotient", LHS: "(?A + ?B) ./ ?C", RHS: "?A ./ ?C + ?B ./ ?C", Guards: []string{"hasd(?A)", "hasd(?B)"},
		Text: "(A + B) ⊘ C = A ⊘ C + B ⊘ C", LaTeX: `(A + B) \oslash C = A \oslash C + B \oslash C`},
	{Name: "tidy-split-hadamard-division-difference", Title: "splitting a quotient", LHS: "(?A - ?B) ./ ?C", RHS: "?A ./ ?C - ?B ./ ?C", Guards: []string{"hasd(?A)", "hasd(?B)"},
		Text: "(A − B) ⊘ C = A ⊘ C − B ⊘ C", LaTeX: `(A - B) \oslash C = A \oslash C - B \oslash C`},
	{Name: "tidy-split-division", Title: "splitting a quotient", LHS: "(?A + ?B) / ?c", RHS: "?A / ?c + ?B / ?c", Guards: []string{"hasd(?A)", "hasd(?B)"},
		Text: "(A + B)/c = A/c + B/c", LaTeX: `\frac{A + B}{c} = \frac{A}{c} + \frac{B}{c}`},
	{Name: "tidy-split-division-difference", Title: "splitting a quotient", LHS: "(?A - ?B) / ?c", RHS: "?A / ?c - ?B / ?c", Guards: []string{"hasd(?A)", "hasd(?B)"},
		Text: "(A − B)/c = A/c − B/c", LaTeX: `\frac{A - B}{c} = \frac{A}{c} - \frac{B}{c}`},
}

// finishRules give the result its final form, once simplification is done.
var finishRules = []*Rule{
	{Name: "simp-split-square-divisor", Title: "splitting a square divisor", LHS: "(?a ?b') / ?s^2", RHS: "(?a / ?s) (?b / ?s)'", Guards: []string{"column(?a)", "column(?b)"},
		Text: "abᵀ/s² = (a/s)(b/s)ᵀ", LaTeX: `\frac{ab^\top}{s^2} = \frac{a}{s}\left(\frac{b}{s}\right)^\top`},
	{Name: "simp-number-into-reciprocal", Title: "a number over a matrix", LHS: "?a (1 ./ ?B)", RHS: "?a ./ ?B", Guards: []string{"num(?a)"},
		Text: "a(1 ⊘ B) = a ⊘ B", LaTeX: `a(1 \oslash B) = a \oslash B`},
	{Name: "simp-number-into-reciprocal-hadamard", Title: "a number over a matrix", LHS: "?a (1 ./ ?B .* ?C)", RHS: "?a ./ ?B .* ?C", Guards: []string{"num(?a)"},
		Text: "a(1 ⊘ B ∘ C) = a ⊘ B ∘ C", LaTeX: `a(1 \oslash B \odot C) = a \oslash B \odot C`},
}

// collectRules name what the collector does in Go: like terms merged and
// common factors pulled out of sums. Their patterns state the identities;
// the collector applies them across sums of any length.
var collectRules = []*Rule{
	{Name: "frob-collect", Title: "collecting terms", LHS: "(?A : ?C) + (?B : ?C)", RHS: "(?A + ?B) : ?C",
		Text: "A : C + B : C = (A + B) : C", LaTeX: `A : C + B : C = (A + B) : C`},
	{Name: "simp-like-terms", Title: "like terms", LHS: "?A + ?A", RHS: "2 ?A",
		Text: "aA + bA = (a + b)A", LaTeX: `aA + bA = (a + b)A`},
	{Name: "simp-factor-right", Title: "factoring out", LHS: "?A ?C + ?B ?C", RHS: "(?A + ?B) ?C",
		Text: "AC + BC = (A + B)C", LaTeX: `AC + BC = (A + B)C`},
	{Name: "simp-factor-left", Title: "factoring out", LHS: "?C ?A + ?C ?B", RHS: "?C (?A + ?B)",
		Text: "CA + CB = C(A + B)", LaTeX: `CA + CB = C(A + B)`},
	{Name: "simp-distribute-number", Title: "distributing a number", LHS: "?a (?A + ?B)", RHS: "?a ?A + ?a ?B",
		Text: "a(A + B) = aA + aB, where that leaves smaller numbers", LaTeX: `a(A + B) = aA + aB`},
	{Name: "simp-expand-hadamard", Title: "distributivity of the Hadamard product", LHS: "(?A + ?B) .* ?C", RHS: "?A .* ?C + ?B .* ?C",
		Text: "(A + B) ∘ C = A ∘ C + B ∘ C, where that is shorter", LaTeX: `(A + B) \odot C = A \odot C + B \odot C`},
	{Name: "simp-distribute-right", Title: "distributivity", LHS: "(?A + ?B) ?C", RHS: "?A ?C + ?B ?C",
		Text: "(A + B)C = AC + BC, where that leads to a shorter form", LaTeX: `(A + B)C = AC + BC`},
	{Name: "simp-distribute-left", Title: "distributivity", LHS: "?C (?A + ?B)", RHS: "?C ?A + ?C ?B",
		Text: "C(A + B) = CA + CB, where that leads to a shorter form", LaTeX: `C(A + B) = CA + CB`},
	{Name: "simp-number-out", Title: "taking a number out", LHS: "?a ?A + ?a ?B", RHS: "?a (?A + ?B)", Guards: []string{"num(?a)"},
		Text: "aA + aB = a(A + B)", LaTeX: `aA + aB = a(A + B)`},
	{Name: "simp-scalar-factor-out", Title: "taking a scalar out", LHS: "?s ?A + ?s ?B", RHS: "?s (?A + ?B)", Guards: []string{"scalar(?s)"},
		Text: "sA + sB = s(A + B) for a scalar s", LaTeX: `sA + sB = s(A + B)`},
	{Name: "simp-transpose-whole", Title: "transpose of a sum", LHS: "?A' + ?B'", RHS: "(?A + ?B)'",
		Text: "Aᵀ + Bᵀ = (A + B)ᵀ, where that is shorter or reads as f", LaTeX: `A^\top + B^\top = (A + B)^\top`},
	{Name: "jac-collect", Title: "collecting terms", LHS: "?A ?x + ?B ?x", RHS: "(?A + ?B) ?x",
		Text: "A dx + B dx = (A + B) dx", LaTeX: `A\,\mathrm{d}x + B\,\mathrm{d}x = (A + B)\,\mathrm{d}x`},
	{Name: "jac-scalar-variable", Title: "derivative by a scalar", LHS: "?Y", RHS: "?Y",
		Text: "dY = (dY/dt) dt for a scalar t: dY at dt = 1", LaTeX: `\mathrm{d}Y = \tfrac{\mathrm{d}Y}{\mathrm{d}t}\,\mathrm{d}t`},
	{Name: "grad-symmetric", Title: "gradient within the symmetric matrices", LHS: "?G", RHS: "(?G + ?G') / 2",
		Text: "gradient within the symmetric matrices: sym(G) = (G + Gᵀ)/2", LaTeX: `\operatorname{sym}(G) = \tfrac{1}{2}(G + G^\top)`},
}

// buildCancel cancels the factors that the numerator and the divisor
// share, numbers included: (2 s A)/(2 s t) = A/t.
func buildCancel(sh Shapes, b Binding) ast.Expr {
	num, den := factors(sh, b["?A"]), factors(sh, b["?s"])
	changed := false
	coef := ast.Int(1)
	takeNum := func(fs []ast.Expr) []ast.Expr {
		var rest []ast.Expr
		for _, f := range fs {
			if n, ok := f.(*ast.Num); ok && n.Val != 0 {
				coef = coef.Mul(n.Number())
				if len(fs) > 1 || n.Val != 1 {
					changed = changed || len(fs) > 1
				}
				continue
			}
			rest = append(rest, f)
		}
		return rest
	}
	num = takeNum(num)
	numCoef := coef
	coef = ast.Int(1)
	den = takeNum(den)
	denCoef := coef
	if denCoef.Sign() == 0 {
		return nil
	}
	for i := 0; i < len(num); i++ {
		for j := 0; j < len(den); j++ {
			if equalIn(sh, num[i], den[j]) && sh.Shape(num[i]).IsScalar() {
				num = append(num[:i:i], num[i+1:]...)
				den = append(den[:j:j], den[j+1:]...)
				i--
				changed = true
				break
			}
		}
	}
	c, _ := numCoef.Div(denCoef)
	if !c.Finite() || !numCoef.Finite() || !denCoef.Finite() {
		return nil
	}
	if c != numCoef || !denCoef.Is(1) && isWhole(c) {
		changed = true
	}
	if !changed {
		return nil
	}
	top := ast.Expr(nil)
	if !c.Is(1) || len(num) == 0 {
		top = c.Num()
	}
	if len(num) > 0 {
		if top == nil {
			top = ast.MulAll(num...)
		} else {
			top = ast.MulAll(append([]ast.Expr{top}, num...)...)
		}
	}
	if len(den) == 0 {
		return top
	}
	if !denCoef.Is(1) && !isWhole(c) {
		// Keep the numbers where they were when they do not divide.
		return nil
	}
	return ast.Bin(ast.OpDiv, top, ast.MulAll(den...))
}

// powerOf splits a factor into its base and whole exponent: A⁻¹ is
// (A, -1), A^k is (A, k), anything else (A, 1).
func powerOf(e ast.Expr) (ast.Expr, int) {
	switch x := e.(type) {
	case *ast.Unary:
		if x.Op == ast.OpInverse {
			return x.X, -1
		}
	case *ast.Binary:
		if n, ok := x.Y.(*ast.Num); ok && x.Op == ast.OpPow && n.Val == float64(int(n.Val)) {
			return x.X, int(n.Val)
		}
	}
	return e, 1
}

// buildPower merges neighbouring powers of one base in a product:
// A A = A², A A⁻¹ = I, (B A) A² = B A³.
func buildPower(s Shapes, b Binding) ast.Expr {
	left, right := b["?A"], b["?B"]
	var pre ast.Expr
	if m, ok := left.(*ast.Binary); ok && m.Op == ast.OpMul {
		pre, left = m.X, m.Y
	}
	bl, kl := powerOf(left)
	br, kr := powerOf(right)
	if !ast.Equal(bl, br) {
		return nil
	}
	switch bl.(type) {
	case *ast.Num, *ast.Identity:
		return nil // numbers fold, and I I = I
	}
	var merged ast.Expr
	switch k := kl + kr; k {
	case 0:
		merged = ast.Eye()
		if s.Shape(bl).IsScalar() {
			merged = ast.N(1) // a a⁻¹ = 1 for a scalar
		}
	case 1:
		merged = bl
	case -1:
		merged = ast.Inv(bl)
	default:
		merged = ast.Bin(ast.OpPow, bl, ast.N(float64(k)))
	}
	if pre == nil {
		return merged
	}
	return ast.Mul(pre, merged)
}

// ratio is an element-wise product of factors over another, times a number.
type ratio struct {
	coef     ast.Number
	num, den []ast.Expr
	tooMany  bool // more than maxRatioFactors factors: left as it is
}

// maxRatioFactors bounds the factors a ratio is flattened into.
const maxRatioFactors = 64

// flattenRatio reads e as an element-wise ratio. Scalars are factors like
// any other, since they meet every entry.
func flattenRatio(sh Shapes, e ast.Expr, r *ratio, inverse bool) {
	if len(r.num)+len(r.den) > maxRatioFactors {
		r.tooMany = true // (x.^2).^2... doubles the factors at each level
		return
	}
	charge(sh, 1)
	add := func(x ast.Expr) {
		if inverse {
			r.den = append(r.den, x)
		} else {
			r.num = append(r.num, x)
		}
	}
	switch x := e.(type) {
	case *ast.Num:
		if x.Val != 0 {
			if inverse {
				r.coef, _ = r.coef.Div(x.Number())
			} else {
				r.coef = r.coef.Mul(x.Number())
			}
			return
		}
	case *ast.Binary:
		switch x.Op {
		case ast.OpHad:
			flattenRatio(sh, x.X, r, inverse)
			flattenRatio(sh, x.Y, r, inverse)
			return
		case ast.OpHDiv, ast.OpDiv:
			flattenRatio(sh, x.X, r, inverse)
			flattenRatio(sh, x.Y, r, !inverse)
			return
		case ast.OpMul:
			if sh.Shape(x.X).IsScalar() || sh.Shape(x.Y).IsScalar() {
				flattenRatio(sh, x.X, r, inverse)
				flattenRatio(sh, x.Y, r, inverse)
				return
			}
		case ast.OpEPow, ast.OpPow:
			n, ok := x.Y.(*ast.Num)
			if ok && n.Val == float64(int(n.Val)) && n.Val >= -4 && n.Val <= 4 && n.Val != 0 &&
				(x.Op == ast.OpEPow || sh.Shape(x.X).IsScalar()) {
				k := int(n.Val)
				inv := inverse
				if k < 0 {
					k, inv = -k, !inverse
				}
				for i := 0; i < k; i++ {
					flattenRatio(sh, x.X, r, inv)
				}
				return
			}
		}
	}
	add(e)
}

// buildRatio cancels the factors that stand both above and below an
// element-wise division: (A ∘ B) ⊘ (A ∘ C) = B ⊘ C. It returns nil when
// nothing cancels.
func buildRatio(op ast.Op) func(Shapes, Binding) ast.Expr {
	return func(sh Shapes, b Binding) ast.Expr {
		e := ast.Bin(op, b["?A"], b["?B"])
		r := ratio{coef: ast.Int(1)}
		flattenRatio(sh, e, &r, false)
		if r.tooMany {
			return nil
		}
		charge(sh, len(r.num)*len(r.den))
		cancelled := false
		for i := 0; i < len(r.num); i++ {
			for j := 0; j < len(r.den); j++ {
				if equalIn(sh, r.num[i], r.den[j]) {
					r.num = append(r.num[:i:i], r.num[i+1:]...)
					r.den = append(r.den[:j:j], r.den[j+1:]...)
					i--
					cancelled = true
					break
				}
				// Powers of one scalar: a^p / a^q = a^(p-q), the rest on
				// the side whose power is larger (α / α^½ = α^½).
				if n, d, ok := cancelPowers(sh, r.num[i], r.den[j]); ok {
					r.num[i], r.den[j] = n, d
					if n == nil {
						r.num = append(r.num[:i:i], r.num[i+1:]...)
					}
					if d == nil {
						r.den = append(r.den[:j:j], r.den[j+1:]...)
					}
					cancelled = true
					if n == nil {
						i--
					}
					break
				}
			}
		}
		if !cancelled {
			return nil
		}
		if !r.coef.Finite() {
			return nil
		}
		out := r.build(sh)
		if want := sh.Shape(e); !sh.Shape(out).Equal(want) {
			// Every factor of the matrix's shape cancelled: keep the shape
			// with a matrix of ones.
			out = ast.Mul(out, ast.Ones(want))
			if !sh.Shape(out).Equal(want) {
				return nil
			}
		}
		return out
	}
}

// cancelPowers divides a^p by a^q for a scalar a and numbers p and q
// (a alone is a^1): it returns what stays in the numerator and in the
// denominator, nil where nothing does; ok is false when they are not
// powers of one scalar with different exponents.
func cancelPowers(sh Shapes, num, den ast.Expr) (n, d ast.Expr, ok bool) {
	a, p := scalarPower(sh, num)
	b, q := scalarPower(sh, den)
	if a == nil || b == nil || !equalIn(sh, a, b) {
		return nil, nil, false
	}
	diff := p.Sub(q)
	switch {
	case !diff.Finite() || diff.Sign() == 0:
		return nil, nil, false
	case diff.Sign() > 0:
		return raised(a, diff), nil, true
	default:
		return nil, raised(a, diff.Neg()), true
	}
}

// scalarPower splits a scalar e into a base and a numeric exponent: a^p,
// or e itself to the power 1; nil for a matrix or a power that is not by a
// number.
func scalarPower(sh Shapes, e ast.Expr) (ast.Expr, ast.Number) {
	if !sh.Shape(e).IsScalar() {
		return nil, ast.Number{}
	}
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpPow {
		if k, ok := b.Y.(*ast.Num); ok {
			return b.X, k.Number()
		}
		return nil, ast.Number{}
	}
	if _, ok := e.(*ast.Num); ok {
		return nil, ast.Number{} // numbers are the coefficient's
	}
	return e, ast.Int(1)
}

// raised returns a^k, a itself for k = 1.
func raised(a ast.Expr, k ast.Number) ast.Expr {
	if k.Is(1) {
		return a
	}
	return ast.Bin(ast.OpPow, a, k.Num())
}

// build writes the ratio back as an expression.
func (r ratio) build(sh Shapes) ast.Expr {
	hadAll := func(xs []ast.Expr) ast.Expr {
		var e ast.Expr
		for _, x := range xs {
			if e == nil {
				e = x
			} else if sh.Shape(e).IsScalar() || sh.Shape(x).IsScalar() {
				e = ast.Mul(e, x)
			} else {
				e = ast.Had(e, x)
			}
		}
		return e
	}
	num, den := hadAll(r.num), hadAll(r.den)
	coef := r.coef
	if num == nil {
		num = coef.Num()
	} else if !coef.Is(1) {
		num = ast.Mul(coef.Num(), num)
	}
	switch {
	case den == nil:
		return num
	case sh.Shape(den).IsScalar():
		return ast.Bin(ast.OpDiv, num, den)
	}
	return ast.Bin(ast.OpHDiv, num, den)
}

// buildOnes writes A.^0 of a matrix A as the matrix of ones of its shape.
func buildOnes(sh Shapes, b Binding) ast.Expr {
	s := sh.Shape(b["?A"])
	if s.IsScalar() || openShape(s) {
		return nil
	}
	return ast.Ones(s)
}

// buildOneByOne writes a 1 x 1 matrix of ones as 1, of zeros as 0: the
// sizes ?m and ?n (if bound) are both 1.
func buildOneByOne(v *ast.Num) func(Shapes, Binding) ast.Expr {
	return func(sh Shapes, b Binding) ast.Expr {
		for _, k := range []string{"?m", "?n"} {
			if x, ok := b[k]; ok {
				if d, ok := ast.SizeDim(x); !ok || !d.IsOne() {
					return nil
				}
			}
		}
		return ast.N(v.Val)
	}
}

// openShape reports whether s holds a size not yet known (a lone I).
func openShape(s ast.Shape) bool {
	for _, d := range []ast.Dim{s.Rows, s.Cols} {
		for _, n := range d.Names {
			if strings.HasPrefix(n, "?") {
				return true
			}
		}
	}
	return false
}

// hasIdentityIn is hasIdentity, memoized in a derivation.
func hasIdentityIn(sh Shapes, e ast.Expr) bool {
	if c, ok := sh.(*ctx); ok {
		return c.memoAny(e, c.ids, func(x ast.Expr) bool { _, ok := x.(*ast.Identity); return ok })
	}
	return hasIdentity(e)
}

func hasIdentity(e ast.Expr) bool {
	return ast.Contains(e, func(x ast.Expr) bool { _, ok := x.(*ast.Identity); return ok })
}

// onesLike returns the matrix of ones with the shape of e: ones(n) for an
// n x 1 column, ones(m, n) otherwise.
func onesLike(sh Shapes, e ast.Expr) ast.Expr {
	return ast.Ones(sh.Shape(e))
}

// buildNumberOutOfHadamard moves a leading number of either factor of a
// Hadamard product to the front of the product.
func buildNumberOutOfHadamard(sh Shapes, b Binding) ast.Expr {
	split := func(e ast.Expr) (ast.Number, ast.Expr) {
		fs := factors(sh, e)
		if n, ok := fs[0].(*ast.Num); ok && len(fs) > 1 {
			return n.Number(), ast.MulAll(fs[1:]...)
		}
		return ast.Int(1), e
	}
	ka, a := split(b["?A"])
	kb, bb := split(b["?B"])
	if ka.Is(1) && kb.Is(1) || !ka.Mul(kb).Finite() {
		return nil
	}
	return ast.Mul(ka.Mul(kb).Num(), ast.Had(a, bb))
}

// buildNegativeNumber writes a negative factor in front as a minus sign.
func buildNegativeNumber(s Shapes, b Binding) ast.Expr {
	n, ok := b["?a"].(*ast.Num)
	if !ok || n.Val >= 0 {
		return nil
	}
	if n.Val == -1 {
		return ast.Neg(b["?B"])
	}
	return ast.Neg(ast.Mul(negNum(n), b["?B"]))
}

// buildFoldPower folds a number to a number power.
func buildFoldPower(s Shapes, b Binding) ast.Expr {
	a, ok1 := b["?a"].(*ast.Num)
	k, ok2 := b["?k"].(*ast.Num)
	if !ok1 || !ok2 {
		return nil
	}
	x, kk := a.Number(), k.Number()
	if x.Exact() && kk.IsFraction() {
		// 4^(1/2) = 2, but 2^(1/2) stays as it is: no decimal for it.
		p, q, _ := kk.Frac()
		v := ast.Float(math.Round(math.Pow(a.Val, k.Val)))
		lhs, ok1 := v.Pow(ast.Int(q))
		rhs, ok2 := x.Pow(ast.Int(p))
		if !ok1 || !ok2 || !v.Exact() || lhs != rhs || v.Sign() < 0 {
			return nil
		}
		return v.Num()
	}
	v, ok := x.Pow(kk)
	if !ok || !v.Finite() {
		return nil
	}
	return v.Num()
}

// buildFoldInverse folds the inverse of a nonzero number.
func buildFoldInverse(s Shapes, b Binding) ast.Expr {
	a, ok := b["?a"].(*ast.Num)
	if !ok || a.Val == 0 {
		return nil
	}
	v, ok := ast.Int(1).Div(a.Number())
	if !ok || !v.Finite() {
		return nil
	}
	return v.Num()
}

// buildPowerMinusOne writes A^(-1), which the text format cannot tell
// from A^-1, as the inverse it is.
func buildPowerMinusOne(s Shapes, b Binding) ast.Expr {
	if k, ok := b["?k"].(*ast.Num); ok && k.Val == -1 {
		return ast.Inv(b["?A"])
	}
	return nil
}

// buildNegativeLiteral folds the negation of a number into the number, the
// way the parser reads "-1".
func buildNegativeLiteral(s Shapes, b Binding) ast.Expr {
	if n, ok := b["?a"].(*ast.Num); ok {
		return negNum(n)
	}
	return nil
}

// buildPowerOfInverse writes (A⁻¹)ᵏ as A⁻ᵏ.
func buildPowerOfInverse(s Shapes, b Binding) ast.Expr {
	k, ok := b["?k"].(*ast.Num)
	if !ok {
		return nil
	}
	return ast.Bin(ast.OpPow, b["?A"], negNum(k))
}

// finite reports whether v is a number the text format can print.
func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// sizesOf reads the size arguments ?m and ?n of a binding.
func sizesOf(b Binding) (m, n ast.Dim, ok bool) {
	m, ok1 := ast.SizeDim(b["?m"])
	n, ok2 := ast.SizeDim(b["?n"])
	return m, n, ok1 && ok2
}

// buildUnvecVec gives A for unvec(vec(A), m, n) with A m x n.
func buildUnvecVec(sh Shapes, b Binding) ast.Expr {
	m, n, ok := sizesOf(b)
	if !ok || !sh.Shape(b["?A"]).Equal(ast.Shape{Rows: m, Cols: n}) {
		return nil
	}
	return b["?A"]
}

// buildCommutationVec gives vec(Aᵀ) for K_{m,n} vec(A) with A m x n.
func buildCommutationVec(sh Shapes, b Binding) ast.Expr {
	m, n, ok := sizesOf(b)
	if !ok || !sh.Shape(b["?A"]).Equal(ast.Shape{Rows: m, Cols: n}) {
		return nil
	}
	return ast.Fn(ast.FnVec, ast.T(b["?A"]))
}

// buildCommutationOne gives the identity of size m, written with its
// size, for K_{m,1} and K_{1,m}; 1 for K_{1,1}.
func buildCommutationOne(sh Shapes, b Binding) ast.Expr {
	m, n, ok := sizesOf(b)
	switch {
	case !ok || !m.IsOne() && !n.IsOne():
		return nil
	case m.IsOne() && n.IsOne():
		return ast.N(1)
	}
	return sizedEye(m.Times(n))
}

// isZero reports whether e is the number 0 or a matrix of zeros.
func isZero(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Num:
		return e.Val == 0
	case *ast.Call:
		return e.Fun == ast.FnZeros
	}
	return false
}

// buildZerosProduct gives the zero of the product's shape when a factor of
// a matrix or Hadamard product is zero: zeros(m, n), or 0 for a scalar.
func buildZerosProduct(op ast.Op) func(Shapes, Binding) ast.Expr {
	return func(sh Shapes, b Binding) ast.Expr {
		if !isZero(b["?A"]) && !isZero(b["?B"]) {
			return nil
		}
		s := sh.Shape(ast.Bin(op, b["?A"], b["?B"]))
		if openShape(s) {
			return nil
		}
		return zeroOf(s)
	}
}

// buildKronDiagOnes gives the identity of size mn for I_m ⊗ I_n, each
// written Diag(ones(·)).
func buildKronDiagOnes(sh Shapes, b Binding) ast.Expr {
	o, ok1 := b["?O"].(*ast.Call)
	p, ok2 := b["?P"].(*ast.Call)
	if !ok1 || !ok2 || o.Fun != ast.FnOnes || p.Fun != ast.FnOnes || len(o.Args) != 1 || len(p.Args) != 1 {
		return nil
	}
	m, ok1 := ast.SizeDim(o.Args[0])
	n, ok2 := ast.SizeDim(p.Args[0])
	if !ok1 || !ok2 {
		return nil
	}
	return sizedEye(m.Times(n))
}

// sizedEye returns the identity of size n, Diag(ones(n)), which states
// its size where I would leave it to its neighbours.
func sizedEye(n ast.Dim) ast.Expr {
	return ast.Fn(ast.FnDiagM, ast.Ones(ast.Shape{Rows: n, Cols: ast.Known(1)}))
}

// buildVecOnes gives ones(m*n) for vec(ones(m, n)).
func buildVecOnes(sh Shapes, b Binding) ast.Expr {
	m, n, ok := sizesOf(b)
	if !ok {
		return nil
	}
	return ast.Ones(ast.Shape{Rows: m.Times(n), Cols: ast.Known(1)})
}

// maxMergedPower bounds the exponent a power of a power merges into.
const maxMergedPower = 1 << 20

// buildPowerPower merges a whole power of a power: (Aᵏ)ˡ = Aᵏˡ, which
// holds wherever Aᵏ is defined when l is a whole number.
func buildPowerPower(op ast.Op) func(Shapes, Binding) ast.Expr {
	return func(sh Shapes, b Binding) ast.Expr {
		k, ok1 := b["?k"].(*ast.Num)
		l, ok2 := b["?l"].(*ast.Num)
		if !ok1 || !ok2 || l.Val != math.Trunc(l.Val) || k.Val*l.Val == 0 || math.Abs(k.Val*l.Val) > maxMergedPower {
			return nil // past 2²⁰ the exponent would print as a rounded float
		}
		if in, ok := b["?A"].(*ast.Binary); ok && in.Op == op {
			return nil // a power left unmerged below: merging above it would split the tower
		}
		if kl := k.Val * l.Val; kl == 1 {
			return b["?A"]
		} else if kl == -1 && op == ast.OpPow {
			return ast.Inv(b["?A"])
		}
		return ast.Bin(op, b["?A"], ast.N(k.Val*l.Val))
	}
}

// elementwisePowerOf splits a factor of a Hadamard product into its base
// and exponent: A.^k is (A, k), anything else (A, 1).
func elementwisePowerOf(e ast.Expr) (ast.Expr, float64) {
	if x, ok := e.(*ast.Binary); ok && x.Op == ast.OpEPow {
		if n, ok := x.Y.(*ast.Num); ok {
			return x.X, n.Val
		}
	}
	return e, 1
}

// exponentOf is the exact exponent of a factor of a Hadamard product: k
// of A.^k, 1 of anything else.
func exponentOf(e ast.Expr) ast.Number {
	if x, ok := e.(*ast.Binary); ok && x.Op == ast.OpEPow {
		if n, ok := x.Y.(*ast.Num); ok {
			return n.Number()
		}
	}
	return ast.Int(1)
}

// positiveBase reports whether every entry of e is positive by its form
// (exp, sigmoid, softmax), so that its fractional powers merge:
// exp(x).^-1/2 ∘ exp(x) = exp(x).^1/2.
func positiveBase(e ast.Expr) bool {
	c, ok := e.(*ast.Call)
	return ok && (c.Fun == ast.FnExp || c.Fun == ast.FnSigmoid || c.Fun == ast.FnSoftmax)
}

// buildHadamardPower merges neighbouring powers of one base in a Hadamard
// product: A ∘ A = A^∘2, A^∘3 ∘ A^∘2 = A^∘5, (B ∘ A) ∘ A = B ∘ A^∘2,
// A ∘ (A ∘ B) = A^∘2 ∘ B.
func buildHadamardPower(sh Shapes, b Binding) ast.Expr {
	left, right := b["?A"], b["?B"]
	if h, ok := right.(*ast.Binary); ok && h.Op == ast.OpHad {
		// A^∘k ∘ (A ∘ B) = B ∘ A^∘(k+1), and A^∘k ∘ (B ∘ A) likewise:
		// sigmoid(x)^∘-½ ∘ (sigmoid(x) ∘ (1 - sigmoid(x))). The power goes
		// last, where the neighbour rule puts it. One level only, so that
		// a long chain costs no more than its neighbours.
		if m := hadamardPower(sh, left, h.X); m != nil {
			return ast.Had(h.Y, m)
		}
		if m := hadamardPower(sh, left, h.Y); m != nil {
			return ast.Had(h.X, m)
		}
		return nil
	}
	return hadamardPower(sh, left, right)
}

// hadamardPower is buildHadamardPower of left ∘ right, where right is no
// Hadamard product.
func hadamardPower(sh Shapes, left, right ast.Expr) ast.Expr {
	if h, ok := right.(*ast.Binary); ok && h.Op == ast.OpHad {
		return nil
	}
	var pre ast.Expr
	if h, ok := left.(*ast.Binary); ok && h.Op == ast.OpHad {
		pre, left = h.X, h.Y
	}
	bl, kl := elementwisePowerOf(left)
	br, kr := elementwisePowerOf(right)
	whole := kl == math.Trunc(kl) && kr == math.Trunc(kr)
	if !equalIn(sh, bl, br) || !whole && !positiveBase(bl) || kl+kr == 0 {
		return nil // a fractional power merges only where the base is > 0
	}
	if _, ok := bl.(*ast.Num); ok {
		return nil // numbers fold
	}
	if !sh.Shape(left).Equal(sh.Shape(right)) {
		return nil
	}
	merged := ast.Expr(ast.Bin(ast.OpEPow, bl, exponentOf(left).Add(exponentOf(right)).Num()))
	if kl+kr == 1 {
		merged = bl
	}
	if pre == nil {
		return merged
	}
	return ast.Had(pre, merged)
}

// buildPowerOfScaled writes a whole power of a number times B as the
// number's power times Bᵏ: (2s)² = 4s².
func buildPowerOfScaled(sh Shapes, b Binding) ast.Expr {
	a, ok1 := b["?a"].(*ast.Num)
	k, ok2 := b["?k"].(*ast.Num)
	if !ok1 || !ok2 || k.Val != math.Trunc(k.Val) || math.Abs(k.Val) > 16 || !finite(math.Pow(a.Val, k.Val)) {
		return nil
	}
	p, ok := a.Number().Pow(k.Number())
	if !ok {
		return nil
	}
	return ast.Mul(p.Num(), ast.Bin(ast.OpPow, b["?B"], k))
}
