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

// commonCoef finds the fraction that two or more summands all carry, up
// to sign: for 1/2 A - 1/2 B it gives 1/2 and A - B, as a textbook writes
// 1/2 (A - B). (Whole numbers stay with their summands: 2 A + 2 B.)
func commonCoef(ts []sumTerm) (ast.Number, []sumTerm, bool) {
	if len(ts) < 2 {
		return ast.Number{}, nil, false
	}
	c := ts[0].coef.Abs()
	if !c.IsFraction() {
		return ast.Number{}, nil, false
	}
	rest := make([]sumTerm, len(ts))
	for i, t := range ts {
		if t.coef.Abs() != c {
			return ast.Number{}, nil, false
		}
		if _, ok := t.x.(*ast.Num); ok {
			return ast.Number{}, nil, false // 2 + 2 x: the number stays
		}
		rest[i] = sumTerm{ast.Int(int64(t.coef.Sign())), t.x}
	}
	for _, t := range ts {
		if hasDiff(t.x) {
			// A differential's terms are moved one by one: a number
			// taken out of them would only have to go back in.
			return ast.Number{}, nil, false
		}
	}
	return c, rest, true
}
