package rewrite

import "github.com/matdiff/matdiff/ast"

// present writes the number that opens a scalar factor of a product
// before the factor's parentheses, in every step of d and its result: (4
// xᵀx) x reads 4 (xᵀx) x, as a textbook writes it. The rules keep the
// number inside the factor ((4 xᵀ) x, grouped from the left), which is
// the form the next derivation (the Hessian of a gradient) works on, so
// the regrouping is for the reader only and costs no step. The value,
// the nodes and the steps stay as they are.
func present(d *Derivation) {
	if d == nil || d.Info == nil {
		return
	}
	p := presenter{info: d.Info, done: map[ast.Expr]ast.Expr{}}
	for x := d; x != nil; x = x.Grad {
		for i := range x.Steps {
			x.Steps[i].Expr = p.expr(x.Steps[i].Expr)
		}
		x.Result = p.expr(x.Result)
		x.Of = p.expr(x.Of)
	}
}

type presenter struct {
	info *ast.Info
	done map[ast.Expr]ast.Expr // by node: the node written for the reader
}

func (p *presenter) expr(e ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	switch e.(type) {
	case *ast.Sym, *ast.Num, *ast.Identity:
		return e
	}
	if y, ok := p.done[e]; ok {
		return y
	}
	y := e
	switch x := e.(type) {
	case *ast.Binary:
		if a, b := p.expr(x.X), p.expr(x.Y); a != x.X || b != x.Y {
			y = ast.With(e, []ast.Expr{a, b})
		}
	case *ast.Unary:
		if a := p.expr(x.X); a != x.X {
			y = ast.With(e, []ast.Expr{a})
		}
	default:
		kids := ast.Children(e)
		changed := false
		for i, k := range kids {
			if nk := p.expr(k); nk != k {
				kids[i], changed = nk, true
			}
		}
		if changed {
			y = ast.With(e, kids)
		}
	}
	if m, ok := y.(*ast.Binary); ok && m.Op == ast.OpMul {
		if l := p.numberFirst(m.X); l != nil && !p.scalar(m.Y) {
			y = ast.Mul(l, m.Y)
		}
	}
	p.done[e] = y
	return y
}

// numberFirst returns k (A B …) for the scalar ((k A) B) … grouped from
// the left, where A is not 1 x 1 (k Aᵀ B x); nil when l is no such scalar.
func (p *presenter) numberFirst(l ast.Expr) ast.Expr {
	var fs []ast.Expr // the factors after the number, last first
	e := l
	for {
		m, ok := e.(*ast.Binary)
		if !ok || m.Op != ast.OpMul {
			break
		}
		fs = append(fs, m.Y)
		e = m.X
	}
	k, ok := e.(*ast.Num)
	if !ok || len(fs) < 2 || !p.scalar(l) || p.scalar(fs[len(fs)-1]) {
		return nil // 2 s t needs no parentheses
	}
	rest := fs[len(fs)-1]
	for i := len(fs) - 2; i >= 0; i-- {
		rest = ast.Mul(rest, fs[i])
	}
	return ast.Mul(k, rest)
}

// scalar reports whether e is surely 1 x 1.
func (p *presenter) scalar(e ast.Expr) bool {
	s, err := p.info.ShapeOf(e)
	return err == nil && s.IsScalar()
}
