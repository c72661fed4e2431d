package rewrite

import (
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// diffRules take the differential one node at a time. Each left side is
// d(...) of one kind of node; the engine applies the first that matches to
// every d(E) whose E depends on the variable, and d(E) of a constant E is 0.
var diffRules = []*Rule{
	{Name: "d-sum", Title: "differential of a sum", LHS: "d(?A + ?B)", RHS: "d(?A) + d(?B)",
		Text: "d(A + B) = dA + dB", LaTeX: `\mathrm{d}(A + B) = \mathrm{d}A + \mathrm{d}B`},
	{Name: "d-difference", Title: "differential of a difference", LHS: "d(?A - ?B)", RHS: "d(?A) - d(?B)",
		Text: "d(A − B) = dA − dB", LaTeX: `\mathrm{d}(A - B) = \mathrm{d}A - \mathrm{d}B`},
	{Name: "d-negation", Title: "differential of a negation", LHS: "d(-?A)", RHS: "-d(?A)",
		Text: "d(−A) = −dA", LaTeX: `\mathrm{d}(-A) = -\mathrm{d}A`},
	{Name: "d-product", Title: "product rule", LHS: "d(?A ?B)", RHS: "d(?A) ?B + ?A d(?B)",
		Text: "d(AB) = dA B + A dB", LaTeX: `\mathrm{d}(AB) = (\mathrm{d}A)B + A\,\mathrm{d}B`, Ref: "(37)"},
	{Name: "d-hadamard", Title: "product rule for the Hadamard product", LHS: "d(?A .* ?B)", RHS: "d(?A) .* ?B + ?A .* d(?B)",
		Text: "d(A ∘ B) = dA ∘ B + A ∘ dB", LaTeX: `\mathrm{d}(A \odot B) = \mathrm{d}A \odot B + A \odot \mathrm{d}B`, Ref: "(38)"},
	{Name: "d-hadamard-division", Title: "quotient rule, elementwise", LHS: "d(?A ./ ?B)", RHS: "d(?A) ./ ?B - (?A ./ ?B.^2) .* d(?B)",
		Text: "d(A ⊘ B) = dA ⊘ B − (A ⊘ B∘B) ∘ dB", LaTeX: `\mathrm{d}(A \oslash B) = \mathrm{d}A \oslash B - (A \oslash B^{\circ 2}) \odot \mathrm{d}B`},
	{Name: "d-division", Title: "quotient rule", LHS: "d(?A / ?s)", RHS: "d(?A) / ?s - ?A d(?s) / ?s^2",
		Text: "d(A/s) = dA/s − A ds/s²", LaTeX: `\mathrm{d}\frac{A}{s} = \frac{\mathrm{d}A}{s} - \frac{A\,\mathrm{d}s}{s^2}`},
	{Name: "d-frobenius", Title: "product rule for the Frobenius product", LHS: "d(?A : ?B)", RHS: "(d(?A) : ?B) + (?A : d(?B))",
		Text: "d(A : B) = dA : B + A : dB", LaTeX: `\mathrm{d}(A : B) = \mathrm{d}A : B + A : \mathrm{d}B`},
	{Name: "d-transpose", Title: "differential of a transpose", LHS: "d(?A')", RHS: "d(?A)'",
		Text: "d(Aᵀ) = (dA)ᵀ", LaTeX: `\mathrm{d}(A^\top) = (\mathrm{d}A)^\top`, Ref: "(34)"},
	{Name: "d-inverse", Title: "differential of the inverse", LHS: "d(?A^-1)", RHS: "-?A^-1 d(?A) ?A^-1",
		Text: "d(A⁻¹) = −A⁻¹ dA A⁻¹", LaTeX: `\mathrm{d}(A^{-1}) = -A^{-1}(\mathrm{d}A)A^{-1}`, Ref: "(40)"},
	{Name: "d-norm-squared", Title: "differential of the squared Frobenius norm", LHS: "d(norm(?A)^2)", RHS: "2 ?A : d(?A)",
		Text: "d‖A‖² = d(A : A) = 2A : dA", LaTeX: `\mathrm{d}\lVert A\rVert^2 = 2A : \mathrm{d}A`},
	{Name: "d-scalar-power", Title: "power rule", LHS: "d(?A^?k)", Guards: []string{"scalar(?A)"}, Build: buildScalarPow,
		Text: "d(aᵏ) = k aᵏ⁻¹ da", LaTeX: `\mathrm{d}(a^k) = k a^{k-1}\mathrm{d}a`},
	{Name: "d-power", Title: "differential of a matrix power", LHS: "d(?A^?k)", Build: buildMatrixPow,
		Text: "d(Aᵏ) = Σᵢ Aⁱ dA Aᵏ⁻¹⁻ⁱ", LaTeX: `\mathrm{d}(A^k) = \sum_{i=0}^{k-1} A^i(\mathrm{d}A)A^{k-1-i}`},
	{Name: "d-elementwise-power", Title: "power rule, elementwise", LHS: "d(?A.^?p)", Build: buildElemPow,
		Text: "d(A^∘p) = p A^∘(p−1) ∘ dA", LaTeX: `\mathrm{d}(A^{\circ p}) = p\,A^{\circ (p-1)} \odot \mathrm{d}A`},
	{Name: "d-scalar-function", Title: "differential of a function of a 1 x 1 argument", LHS: "d(?F)", Build: buildDScalarFunction,
		Text: "d tr(a) = d det(a) = d sum(a) = da for a 1 x 1 a", LaTeX: `\mathrm{d}\operatorname{tr}(a) = \mathrm{d}\det(a) = \mathrm{d}a`},
	{Name: "d-logdet-scalar", Title: "differential of the log-determinant of a scalar", LHS: "d(logdet(?a))", RHS: "d(?a) / ?a", Guards: []string{"scalar(?a)"},
		Text: "d log det(a) = da/a for a 1 x 1 a", LaTeX: `\mathrm{d}\log\det(a) = \frac{\mathrm{d}a}{a}`},
	{Name: "d-unvec", Title: "differential of unvec (linearity)", LHS: "d(unvec(?v, ?m, ?n))", RHS: "unvec(d(?v), ?m, ?n)",
		Text: "d unvec(v) = unvec(dv)", LaTeX: `\mathrm{d}\operatorname{unvec}(v) = \operatorname{unvec}(\mathrm{d}v)`},
	{Name: "d-trace-power", Title: "differential of the trace of a power", LHS: "d(tr(?A^?k))", Build: buildTracePow, Guards: []string{"nonscalar(?A)"},
		Text: "d tr(Aᵏ) = k tr(Aᵏ⁻¹ dA)", LaTeX: `\mathrm{d}\operatorname{tr}(A^k) = k\operatorname{tr}(A^{k-1}\mathrm{d}A)`},
	{Name: "d-trace", Title: "differential of the trace", LHS: "d(tr(?A))", RHS: "tr(d(?A))",
		Text: "d tr(A) = tr(dA)", LaTeX: `\mathrm{d}\operatorname{tr}(A) = \operatorname{tr}(\mathrm{d}A)`, Ref: "(36)"},
	{Name: "d-det", Title: "Jacobi's formula", LHS: "d(det(?A))", RHS: "det(?A) tr(?A^-1 d(?A))",
		Text: "d det(A) = det(A) tr(A⁻¹ dA)", LaTeX: `\mathrm{d}\det(A) = \det(A)\operatorname{tr}(A^{-1}\mathrm{d}A)`, Ref: "(41)"},
	{Name: "d-logdet", Title: "differential of the log-determinant", LHS: "d(logdet(?A))", RHS: "tr(?A^-1 d(?A))",
		Text: "d log det(A) = tr(A⁻¹ dA)", LaTeX: `\mathrm{d}\log\det(A) = \operatorname{tr}(A^{-1}\mathrm{d}A)`, Ref: "(43)"},
	{Name: "d-diag", Title: "differential of diag", LHS: "d(diag(?A))", RHS: "diag(d(?A))",
		Text: "d diag(A) = diag(dA)", LaTeX: `\mathrm{d}\operatorname{diag}(A) = \operatorname{diag}(\mathrm{d}A)`},
	{Name: "d-Diag", Title: "differential of Diag", LHS: "d(Diag(?a))", RHS: "Diag(d(?a))",
		Text: "d Diag(a) = Diag(da)", LaTeX: `\mathrm{d}\operatorname{Diag}(a) = \operatorname{Diag}(\mathrm{d}a)`},
	{Name: "d-vec", Title: "differential of vec", LHS: "d(vec(?A))", RHS: "vec(d(?A))",
		Text: "d vec(A) = vec(dA)", LaTeX: `\mathrm{d}\operatorname{vec}(A) = \operatorname{vec}(\mathrm{d}A)`},
	{Name: "d-kron", Title: "product rule for the Kronecker product", LHS: "d(kron(?A, ?B))", RHS: "kron(d(?A), ?B) + kron(?A, d(?B))",
		Text: "d(A ⊗ B) = dA ⊗ B + A ⊗ dB", LaTeX: `\mathrm{d}(A \otimes B) = \mathrm{d}A \otimes B + A \otimes \mathrm{d}B`, Ref: "(39)"},
	{Name: "d-sum-entries", Title: "differential of a sum of entries", LHS: "d(sum(?A))", RHS: "sum(d(?A))",
		Text: "d sum(A) = sum(dA)", LaTeX: `\mathrm{d}\operatorname{sum}(A) = \operatorname{sum}(\mathrm{d}A)`},
	{Name: "d-norm", Title: "differential of the Frobenius norm", LHS: "d(norm(?A))", RHS: "?A / norm(?A) : d(?A)",
		Text: "d‖A‖ = A/‖A‖ : dA", LaTeX: `\mathrm{d}\|A\|_F = \frac{A}{\|A\|_F} : \mathrm{d}A`},
	{Name: "d-norm1", Title: "differential of the 1-norm", LHS: "d(norm1(?A))", RHS: "sign(?A) : d(?A)",
		Text: "d‖A‖₁ = sign(A) : dA", LaTeX: `\mathrm{d}\|A\|_1 = \operatorname{sign}(A) : \mathrm{d}A`},
	{Name: "d-softmax-vector", Title: "derivative of softmax", LHS: "d(softmax(?x))", Guards: []string{"column(?x)"}, RHS: "(Diag(softmax(?x)) - softmax(?x) softmax(?x)') d(?x)",
		Text: "d softmax(x) = (Diag(s) − s sᵀ) dx, s = softmax(x)", LaTeX: `\mathrm{d}\operatorname{softmax}(x) = (\operatorname{Diag}(s) - s s^\top)\,\mathrm{d}x,\ s = \operatorname{softmax}(x)`},
	{Name: "d-softmax", Title: "derivative of softmax", LHS: "d(softmax(?A))", RHS: "softmax(?A) .* d(?A) - softmax(?A) Diag(diag(softmax(?A)' d(?A)))",
		Text: "d softmax(A) = S ∘ dA − S Diag(diag(Sᵀ dA)), S = softmax(A)", LaTeX: `\mathrm{d}\operatorname{softmax}(A) = S \odot \mathrm{d}A - S \operatorname{Diag}(\operatorname{diag}(S^\top \mathrm{d}A)),\ S = \operatorname{softmax}(A)`},
	{Name: "d-logsumexp-vector", Title: "derivative of log-sum-exp", LHS: "d(logsumexp(?x))", Guards: []string{"column(?x)"}, RHS: "softmax(?x) : d(?x)",
		Text: "d logsumexp(x) = softmax(x) : dx", LaTeX: `\mathrm{d}\operatorname{logsumexp}(x) = \operatorname{softmax}(x) : \mathrm{d}x`},
	{Name: "d-logsumexp", Title: "derivative of log-sum-exp", LHS: "d(logsumexp(?A))", RHS: "exp(?A - logsumexp(?A)) : d(?A)",
		Text: "d logsumexp(A) = exp(A − logsumexp(A)) : dA", LaTeX: `\mathrm{d}\operatorname{logsumexp}(A) = \exp(A - \operatorname{logsumexp}(A)) : \mathrm{d}A`},
	{Name: "d-exp", Title: "derivative of exp", LHS: "d(exp(?A))", RHS: "exp(?A) .* d(?A)",
		Text: "d exp(A) = exp(A) ∘ dA", LaTeX: `\mathrm{d}\exp(A) = \exp(A) \odot \mathrm{d}A`},
	{Name: "d-log", Title: "derivative of log", LHS: "d(log(?A))", RHS: "d(?A) ./ ?A",
		Text: "d log(A) = dA ⊘ A", LaTeX: `\mathrm{d}\log(A) = \mathrm{d}A \oslash A`},
	{Name: "d-sin", Title: "derivative of sin", LHS: "d(sin(?A))", RHS: "cos(?A) .* d(?A)",
		Text: "d sin(A) = cos(A) ∘ dA", LaTeX: `\mathrm{d}\sin(A) = \cos(A) \odot \mathrm{d}A`},
	{Name: "d-cos", Title: "derivative of cos", LHS: "d(cos(?A))", RHS: "-sin(?A) .* d(?A)",
		Text: "d cos(A) = −sin(A) ∘ dA", LaTeX: `\mathrm{d}\cos(A) = -\sin(A) \odot \mathrm{d}A`},
	{Name: "d-tan", Title: "derivative of tan", LHS: "d(tan(?A))", RHS: "(1 + tan(?A).^2) .* d(?A)",
		Text: "d tan(A) = (1 + tan²(A)) ∘ dA", LaTeX: `\mathrm{d}\tan(A) = (1 + \tan(A)^{\circ 2}) \odot \mathrm{d}A`},
	{Name: "d-arcsin", Title: "derivative of arcsin", LHS: "d(arcsin(?A))", RHS: "d(?A) ./ sqrt(1 - ?A.^2)",
		Text: "d arcsin(A) = dA ⊘ √(1 − A²)", LaTeX: `\mathrm{d}\arcsin(A) = \mathrm{d}A \oslash \sqrt{1 - A^{\circ 2}}`},
	{Name: "d-arccos", Title: "derivative of arccos", LHS: "d(arccos(?A))", RHS: "-d(?A) ./ sqrt(1 - ?A.^2)",
		Text: "d arccos(A) = −dA ⊘ √(1 − A²)", LaTeX: `\mathrm{d}\arccos(A) = -\mathrm{d}A \oslash \sqrt{1 - A^{\circ 2}}`},
	{Name: "d-arctan", Title: "derivative of arctan", LHS: "d(arctan(?A))", RHS: "d(?A) ./ (1 + ?A.^2)",
		Text: "d arctan(A) = dA ⊘ (1 + A²)", LaTeX: `\mathrm{d}\arctan(A) = \mathrm{d}A \oslash (1 + A^{\circ 2})`},
	{Name: "d-tanh", Title: "derivative of tanh", LHS: "d(tanh(?A))", RHS: "(1 - tanh(?A).^2) .* d(?A)",
		Text: "d tanh(A) = (1 − tanh²(A)) ∘ dA", LaTeX: `\mathrm{d}\tanh(A) = (1 - \tanh(A)^{\circ 2}) \odot \mathrm{d}A`},
	{Name: "d-sqrt", Title: "derivative of the square root", LHS: "d(sqrt(?A))", RHS: "d(?A) ./ (2 sqrt(?A))",
		Text: "d √A = dA ⊘ 2√A", LaTeX: `\mathrm{d}\sqrt{A} = \mathrm{d}A \oslash 2\sqrt{A}`},
	{Name: "d-sigmoid", Title: "derivative of the logistic sigmoid", LHS: "d(sigmoid(?A))", RHS: "(sigmoid(?A) .* (1 - sigmoid(?A))) .* d(?A)",
		Text: "d σ(A) = σ(A) ∘ (1 − σ(A)) ∘ dA", LaTeX: `\mathrm{d}\sigma(A) = \sigma(A) \odot (1 - \sigma(A)) \odot \mathrm{d}A`},
	{Name: "d-abs", Title: "derivative of the absolute value", LHS: "d(abs(?A))", RHS: "sign(?A) .* d(?A)",
		Text: "d|A| = sign(A) ∘ dA", LaTeX: `\mathrm{d}|A| = \operatorname{sign}(A) \odot \mathrm{d}A`},
	{Name: "d-relu", Title: "derivative of relu", LHS: "d(relu(?A))", RHS: "step(?A) .* d(?A)",
		Text: "d relu(A) = step(A) ∘ dA", LaTeX: `\mathrm{d}\operatorname{relu}(A) = \operatorname{step}(A) \odot \mathrm{d}A`},
	{Name: "d-sign", Title: "derivative of sign", LHS: "d(sign(?A))", RHS: "0",
		Text: "d sign(A) = 0 (where it exists)", LaTeX: `\mathrm{d}\operatorname{sign}(A) = 0`},
	{Name: "d-step", Title: "derivative of the step function", LHS: "d(step(?A))", RHS: "0",
		Text: "d step(A) = 0 (where it exists)", LaTeX: `\mathrm{d}\operatorname{step}(A) = 0`},
}

// buildScalarPow gives k a^(k-1) da for a scalar a.
func buildScalarPow(s Shapes, b Binding) ast.Expr {
	a := b["?A"]
	n, ok := b["?k"].(*ast.Num)
	if !ok {
		// A constant exponent such as 1/3 or n/2.
		k := b["?k"]
		return ast.Mul(ast.Mul(k, ast.Bin(ast.OpPow, a, ast.Sub(k, ast.N(1)))), ast.D(a))
	}
	k := n.Number()
	return ast.Mul(ast.Mul(k.Num(), powOfNumber(a, k.Sub(ast.Int(1)))), ast.D(a))
}

func powOf(a ast.Expr, k float64) ast.Expr { return powOfNumber(a, ast.Float(k)) }

// powOfNumber returns a^k: 1, a, a⁻¹ or the power, exact when k is.
func powOfNumber(a ast.Expr, k ast.Number) ast.Expr {
	switch {
	case k.Is(0):
		return ast.N(1)
	case k.Is(1):
		return a
	case k.Is(-1):
		return ast.Inv(a)
	}
	return ast.Bin(ast.OpPow, a, k.Num())
}

// buildTracePow gives k tr(A^(k-1) dA), by the cyclic property of the
// trace, for a whole k.
func buildTracePow(s Shapes, b Binding) ast.Expr {
	n, ok := b["?k"].(*ast.Num)
	if !ok {
		return nil
	}
	a, k := b["?A"], n.Val
	if k != float64(int(k)) || k == 0 {
		return nil
	}
	return ast.Mul(ast.N(k), ast.Fn(ast.FnTr, ast.Mul(powOf(a, k-1), ast.D(a))))
}

// maxPowerTerms bounds the terms of the expansion of d(A^k).
const maxPowerTerms = 64

// buildMatrixPow expands d(A^k) for a whole k: the sum over i of
// A^i dA A^(k-1-i); for negative k it differentiates (A^-1)^|k|.
func buildMatrixPow(s Shapes, b Binding) ast.Expr {
	n, ok := b["?k"].(*ast.Num)
	if !ok {
		return nil
	}
	a, kf := b["?A"], n.Val
	k := int(kf)
	if float64(k) != kf {
		return nil
	}
	if k == 0 {
		return ast.N(0) // A⁰ = I is constant
	}
	if k > maxPowerTerms || k < -maxPowerTerms {
		panic(limitError{ast.Beyond(fmt.Sprintf("d(A^%d) has %d terms, more than the %d matdiff expands; write the power as a product of smaller ones", k, max(k, -k), maxPowerTerms), "")})
	}
	if k < 0 {
		// A^k = (A^-1)^|k|, and d(A^-1) = -A^-1 dA A^-1.
		inv := ast.Inv(a)
		dinv := ast.Neg(ast.MulAll(inv, ast.D(a), inv))
		return sumPowTerms(inv, dinv, -k)
	}
	return sumPowTerms(a, ast.D(a), k)
}

func sumPowTerms(a, da ast.Expr, k int) ast.Expr {
	var sum ast.Expr
	for i := 0; i < k; i++ {
		var t ast.Expr = da
		if i > 0 {
			t = ast.Mul(powOf(a, float64(i)), t)
		}
		if k-1-i > 0 {
			t = ast.Mul(t, powOf(a, float64(k-1-i)))
		}
		if sum == nil {
			sum = t
		} else {
			sum = ast.Add(sum, t)
		}
	}
	return sum
}

// buildElemPow gives p A.^(p-1) .* dA.
func buildElemPow(s Shapes, b Binding) ast.Expr {
	a, p := b["?A"], b["?p"].(*ast.Num).Number()
	var f ast.Expr
	switch {
	case p.Is(0):
		return ast.N(0) // A.^0 is constant (ones): no 0 A.^-1, which fails where A has a zero
	case p.Is(1):
		return ast.D(a)
	case p.Is(2):
		f = a
	default:
		f = ast.Bin(ast.OpEPow, a, p.Sub(ast.Int(1)).Num())
	}
	return ast.Had(ast.Mul(p.Num(), f), ast.D(a))
}

// buildDScalarFunction gives da for d tr(a), d det(a) or d sum(a) with a
// 1 x 1.
func buildDScalarFunction(sh Shapes, b Binding) ast.Expr {
	u := b["?F"]
	a, ok := scalarFunctionArg(sh, u)
	if !ok {
		return nil
	}
	return ast.D(a)
}
