package ast

// CheckScalar is Check for an expression that must be a scalar, such as
// the function of a gradient: where the shapes of undeclared names leave
// the size of the whole open, it is taken to be 1 x 1, so that x' A x with
// nothing declared reads x as a column and A as square. When the
// expression cannot be a scalar, CheckScalar gives what Check gives.
func CheckScalar(e Expr, decls Decls) (*Info, error) {
	if err := checkDimNames(decls); err != nil {
		return nil, err
	}
	c := newChecker(decls)
	if err := c.run(e); err != nil {
		return Check(e, decls)
	}
	s := c.shapes[e]
	if !c.unify(s.Rows, Known(1)) || !c.unify(s.Cols, Known(1)) {
		return Check(e, decls)
	}
	return c.info(e), nil
}
