package rewrite

import (
	"context"
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// MixedHessian derives the block ∂²f/∂x∂yᵀ of the Hessian of the scalar f
// by the names x and y: the Jacobian by y of the gradient by x, n x m for
// x: n x 1 and y: m x 1 (for matrices, by vec(x) and vec(y)). d.Grad is
// the derivation of the gradient by x, and d.Wrt is y.
func (eng *Engine) MixedHessian(f ast.Expr, info *ast.Info, x, y string) (*Derivation, error) {
	return eng.MixedHessianContext(context.Background(), f, info, x, y)
}

// MixedHessianContext is MixedHessian that also stops when cx is done.
// Both passes count against one budget.
func (eng *Engine) MixedHessianContext(cx context.Context, f ast.Expr, info *ast.Info, x, y string) (d *Derivation, err error) {
	if x == y {
		return eng.HessianContext(cx, f, info, x)
	}
	defer finish(&d, &err)
	for _, v := range []string{x, y} {
		if err := occurs(f, info, v); err != nil {
			return nil, err
		}
	}
	c := eng.newCtx(cx, nil, info, x)
	g, err := c.grad(f)
	if err != nil {
		return nil, err
	}
	d, err = c.second(y).jacobianOfGradient(f, g)
	if err != nil {
		return nil, err
	}
	if d.Grad == nil || d.Grad.Wrt != x {
		panic(fmt.Sprintf("rewrite: mixed Hessian by %s and %s lost its gradient", x, y))
	}
	return d, nil
}
