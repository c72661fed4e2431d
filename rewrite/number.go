package rewrite

import "github.com/matdiff/matdiff/ast"

// Numbers fold exactly while they can (LANGUAGE.md): 1/2 stays 1/2, and a
// decimal the user typed stays a decimal. These helpers keep the folding
// rules short.

// isWhole reports whether x is a whole number.
func isWhole(x ast.Number) bool {
	_, ok := x.Whole()
	return ok
}

// negNum returns -n as a node; the negation of 0 is -0, as the parser
// reads "-0".
func negNum(n *ast.Num) *ast.Num {
	if n.IsFraction() {
		return n.Number().Neg().Num()
	}
	return ast.N(-n.Val)
}

// hasDiff reports whether e holds a differential.
func hasDiff(e ast.Expr) bool {
	return ast.Contains(e, func(x ast.Expr) bool { u, ok := x.(*ast.Unary); return ok && u.Op == ast.OpDiff })
}

// commonCoef writes a sum whose summands all carry one fraction (or
// decimal), up to sign, with it in front: 1/2 A - 1/2 B is 1/2 (A - B), and
// -1/2 A - 1/2 B is -1/2 (A + B), as a textbook writes them. Whole numbers
// stay with their summands (2 A + 2 B), and so do the terms of a
// differential, which are moved one by one.
func commonCoef(ts []sumTerm) (ast.Expr, bool) {
	if len(ts) < 2 {
		return nil, false
	}
	c := ts[0].coef.Abs()
	if isWhole(c) || !c.Finite() {
		return nil, false
	}
	neg := true
	for _, t := range ts {
		if t.coef.Abs() != c {
			return nil, false
		}
		if _, ok := t.x.(*ast.Num); ok {
			return nil, false // 1/2 + 1/2 x: the number stays
		}
		neg = neg && t.coef.Sign() < 0
	}
	for _, t := range ts {
		if hasDiff(t.x) {
			return nil, false
		}
	}
	rest := make([]sumTerm, len(ts))
	for i, t := range ts {
		sign := ast.Int(int64(t.coef.Sign()))
		if neg {
			sign = ast.Int(1)
		}
		rest[i] = sumTerm{sign, t.x}
	}
	e := ast.Mul(c.Num(), buildSum(rest))
	if neg {
		return ast.Neg(e), true
	}
	return e, true
}
