package rewrite

import (
	"context"

	"github.com/matdiff/matdiff/ast"
)

// ByScalar derives dY/dt, the derivative of y (of any shape) by the scalar
// name wrt: the shape of y, entry ij ∂y_ij/∂t. The differential dY is
// linear in the scalar dt, which enters every term as a 1 x 1 factor, so
// dY = Y' dt with Y' the differential at dt = 1: one named step.
func (eng *Engine) ByScalar(y ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.ByScalarContext(context.Background(), y, info, wrt)
}

// ByScalarContext is ByScalar that also stops when cx is done.
func (eng *Engine) ByScalarContext(cx context.Context, y ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	if err := occurs(y, info, wrt); err != nil {
		return nil, err
	}
	c := eng.newCtx(cx, nil, info, wrt)
	return c.byScalar(y, c.info.Shape(y))
}

func (c *ctx) byScalar(y ast.Expr, ys ast.Shape) (*Derivation, error) {
	d := &Derivation{What: Jacobian, Wrt: c.wrt, Info: c.info, Shape: ys, fired: c.fired}
	dy, dused := c.begin(d, y)
	if dy == nil {
		return d, nil
	}
	d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: dy, Also: dused})
	dt := ast.D(&ast.Sym{Name: c.wrt})
	g := ast.Map(dy, func(e ast.Expr) ast.Expr {
		if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpDiff {
			if s, ok := u.X.(*ast.Sym); ok && s.Name == c.wrt {
				return ast.N(1)
			}
		}
		return e
	})
	c.tick()
	c.fired["jac-scalar-variable"]++
	d.Steps = append(d.Steps, Step{Kind: KindMove, Expr: ast.Mul(g, dt), Rule: c.eng.collect("jac-scalar-variable")})
	return c.finishLinear(d, []term{{false, ast.Mul(g, dt)}}, dt)
}
