package ast

// ZeroDivision returns an error at the first division by a zero constant
// (x / 0, x ./ 0): an expression that has no value anywhere is bad input
// for every command, whether it evaluates it or differentiates it.
func ZeroDivision(e Expr) *Error {
	var bad *Error
	Inspect(e, func(x Expr) bool {
		b, ok := x.(*Binary)
		if bad != nil || !ok || (b.Op != OpDiv && b.Op != OpHDiv) {
			return bad == nil
		}
		d := b.Y
		for {
			u, ok := d.(*Unary)
			if !ok || u.Op != OpNeg {
				break
			}
			d = u.X
		}
		if n, ok := d.(*Num); ok && n.Val == 0 {
			op := "/"
			if b.Op == OpHDiv {
				op = "./"
			}
			bad = &Error{Pos: b.Pos(), Msg: op + " divides by zero", Hint: "the expression has no value anywhere"}
		}
		return bad == nil
	})
	return bad
}
