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
	{Name: "simp-associate", LHS: "?A (?B ?C)", RHS: "?A ?B ?C",
		Text: "A(BC) = (AB)C", LaTeX: `A(BC) = (AB)C`},
	{Name: "simp-division-out-right", LHS: "?A (?B / ?s)", RHS: "(?A ?B) / ?s",
		Text: "A(B/s) = (AB)/s", LaTeX: `A\frac{B}{s} = \frac{AB}{s}`},
	{Name: "simp-division-out-left", LHS: "(?A / ?s) ?B", RHS: "(?A ?B) / ?s",
		Text: "(A/s)B = (AB)/s", LaTeX: `\frac{A}{s}B = \frac{AB}{s}`},
	{Name: "simp-division-out-hadamard-left", LHS: "(?A / ?s) .* ?B", RHS: "(?A .* ?B) / ?s",
		Text: "(A/s) ∘ B = (A ∘ B)/s", LaTeX: `\frac{A}{s} \odot B = \frac{A \odot B}{s}`},
	{Name: "simp-division-out-hadamard-right", LHS: "?A .* (?B / ?s)", RHS: "(?A .* ?B) / ?s",
		Text: "A ∘ (B/s) = (A ∘ B)/s", LaTeX: `A \odot \frac{B}{s} = \frac{A \odot B}{s}`},
	{Name: "simp-division-division", LHS: "?A / ?s / ?t", RHS: "?A / (?s ?t)",
		Text: "(A/s)/t = A/(st)", LaTeX: `\frac{A/s}{t} = \frac{A}{st}`},
	{Name: "simp-cancel", LHS: "?A / ?s", Build: buildCancel,
		Text: "(sA)/s = A", LaTeX: `\frac{sA}{s} = A`},
	{Name: "simp-number-first", LHS: "?s ?a", RHS: "?a ?s", Guards: []string{"num(?a)", "notnum(?s)", "scalar(?s)"},
		Text: "sa = as for numbers a", LaTeX: `sa = as`},
	{Name: "simp-number-first-nested", LHS: "?A (?a ?B)", RHS: "?a ?A ?B", Guards: []string{"num(?a)", "notnum(?A)"},
		Text: "A(aB) = aAB for a number a", LaTeX: `A(aB) = aAB`},
	{Name: "simp-power", LHS: "?A ?B", Build: buildPower, Guards: []string{"square(?B)"},
		Text: "AᵏAˡ = Aᵏ⁺ˡ", LaTeX: `A^k A^l = A^{k+l}`},
	{Name: "simp-transpose-power", LHS: "(?A^?k)'", RHS: "?A'^?k",
		Text: "(Aᵏ)ᵀ = (Aᵀ)ᵏ", LaTeX: `(A^k)^\top = (A^\top)^k`},
	{Name: "simp-frobenius-columns", LHS: "?a : ?b", RHS: "?a' ?b", Guards: []string{"column(?a)"},
		Text: "a : b = aᵀb for columns", LaTeX: `a : b = a^\top b`},
	{Name: "simp-frobenius-rows", LHS: "?a : ?b", RHS: "?a ?b'", Guards: []string{"row(?a)"},
		Text: "a : b = abᵀ for rows", LaTeX: `a : b = a b^\top`},
	{Name: "simp-hadamard-division-scalar", LHS: "?A ./ ?s", RHS: "?A / ?s", Guards: []string{"scalar(?s)"},
		Text: "A ⊘ s = A/s for a scalar s", LaTeX: `A \oslash s = A/s`},
	{Name: "simp-reciprocal-hadamard", LHS: "(1 ./ ?A) .* ?B", RHS: "?B ./ ?A",
		Text: "(1 ⊘ A) ∘ B = B ⊘ A", LaTeX: `(1 \oslash A) \odot B = B \oslash A`},
	{Name: "simp-reciprocal-hadamard-right", LHS: "?B .* (1 ./ ?A)", RHS: "?B ./ ?A",
		Text: "B ∘ (1 ⊘ A) = B ⊘ A", LaTeX: `B \odot (1 \oslash A) = B \oslash A`},
	{Name: "simp-sigmoid", LHS: "exp(?z) ./ (1 + exp(?z))", RHS: "sigmoid(?z)",
		Text: "eᶻ ⊘ (1 + eᶻ) = σ(z)", LaTeX: `e^z \oslash (1 + e^z) = \sigma(z)`},
	{Name: "simp-sigmoid-hadamard", LHS: "?B ./ (1 + exp(?z)) .* exp(?z)", RHS: "?B .* sigmoid(?z)",
		Text: "B ⊘ (1 + eᶻ) ∘ eᶻ = B ∘ σ(z)", LaTeX: `B \oslash (1 + e^z) \odot e^z = B \odot \sigma(z)`},
	{Name: "simp-ones-hadamard-left", LHS: "?A.^0 .* ?B", RHS: "?B", Guards: []string{"samedims(?A, ?B)"},
		Text: "𝟏 ∘ B = B", LaTeX: `\mathbf{1} \odot B = B`},
	{Name: "simp-ones-hadamard-right", LHS: "?B .* ?A.^0", RHS: "?B", Guards: []string{"samedims(?A, ?B)"},
		Text: "B ∘ 𝟏 = B", LaTeX: `B \odot \mathbf{1} = B`},
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
func buildTransposeElementwise(s Shapes, b Binding) ast.Expr {
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

func buildFold(s Shapes, b Binding) ast.Expr {
	return ast.N(b["?a"].(*ast.Num).Val * b["?b"].(*ast.Num).Val)
}

func buildFoldNested(s Shapes, b Binding) ast.Expr {
	return ast.Mul(buildFold(s, b), b["?A"])
}

// collectRules name what the collector does in Go: like terms merged and
// common factors pulled out of sums. Their patterns state the identities;
// the collector applies them across sums of any length.
var collectRules = []*Rule{
	{Name: "frob-collect", LHS: "(?A : ?C) + (?B : ?C)", RHS: "(?A + ?B) : ?C",
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

// buildCancel cancels the factors that the numerator and the divisor
// share, numbers included: (2 s A)/(2 s t) = A/t.
func buildCancel(sh Shapes, b Binding) ast.Expr {
	num, den := factors(b["?A"]), factors(b["?s"])
	changed := false
	coef := 1.0
	takeNum := func(fs []ast.Expr) []ast.Expr {
		var rest []ast.Expr
		for _, f := range fs {
			if n, ok := f.(*ast.Num); ok && n.Val != 0 {
				coef *= n.Val
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
	coef = 1
	den = takeNum(den)
	denCoef := coef
	if denCoef == 0 {
		return nil
	}
	for i := 0; i < len(num); i++ {
		for j := 0; j < len(den); j++ {
			if ast.Equal(num[i], den[j]) && sh.Shape(num[i]).IsScalar() {
				num = append(num[:i:i], num[i+1:]...)
				den = append(den[:j:j], den[j+1:]...)
				i--
				changed = true
				break
			}
		}
	}
	c := numCoef / denCoef
	if c != numCoef || denCoef != 1 && c == float64(int(c)) {
		changed = true
	}
	if !changed {
		return nil
	}
	top := ast.Expr(nil)
	if c != 1 || len(num) == 0 {
		top = ast.N(c)
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
	if denCoef != 1 && c != float64(int(c)) {
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
	if _, ok := bl.(*ast.Num); ok {
		return nil
	}
	var merged ast.Expr
	switch k := kl + kr; k {
	case 0:
		merged = ast.Eye()
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
