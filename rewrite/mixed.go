package rewrite

import (
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// MixedHessian derives the block ∂²f/∂x∂yᵀ of the Hessian of the scalar f
// by the names x and y: the Jacobian by y of the gradient by x, n x m for
// x: n x 1 and y: m x 1 (for matrices, by vec(x) and vec(y)). d.Grad is
// the derivation of the gradient by x, and d.Wrt is y.
func (eng *Engine) MixedHessian(f ast.Expr, info *ast.Info, x, y string) (d *Derivation, err error) {
	defer eng.recoverLimits(&err)
	if x == y {
		return eng.Hessian(f, info, x)
	}
	for _, v := range []string{x, y} {
		if err := occurs(f, v); err != nil {
			return nil, err
		}
	}
	g, err := eng.Grad(f, info, x)
	if err != nil {
		return nil, err
	}
	d, err = eng.newCtx(info, y).jacobianOfGradient(f, g)
	if err != nil {
		return nil, err
	}
	if d.Grad == nil || d.Grad.Wrt != x {
		panic(fmt.Sprintf("rewrite: mixed Hessian by %s and %s lost its gradient", x, y))
	}
	return d, nil
}
