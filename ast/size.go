package ast

import "math"

// A size argument (of ones, zeros, commutation and unvec) is a whole
// number, a dimension name, or a product of them written with * (m*n).

// SizeDim returns the size a size argument stands for, and whether e is
// one: a positive whole number, a name, or a product of those.
func SizeDim(e Expr) (Dim, bool) {
	switch e := e.(type) {
	case *Num:
		if e.Val >= 1 && e.Val == math.Trunc(e.Val) && e.Val <= 1<<40 {
			return Known(int(e.Val)), true
		}
	case *Sym:
		return Named(e.Name), true
	case *Binary:
		if k, ok := e.Y.(*Num); ok && e.Op == OpPow && k.Val >= 1 && k.Val <= 64 && k.Val == math.Trunc(k.Val) {
			// n^2, as the simplifier writes n*n once a dimension name is
			// a value.
			a, ok := SizeDim(e.X)
			if !ok {
				return Dim{}, false
			}
			d := Known(1)
			for i := 0; i < int(k.Val); i++ {
				d = d.Times(a)
			}
			return d, true
		}
		if e.Op != OpMul {
			return Dim{}, false
		}
		a, ok1 := SizeDim(e.X)
		b, ok2 := SizeDim(e.Y)
		if ok1 && ok2 {
			return a.Times(b), true
		}
	}
	return Dim{}, false
}

// SizeExpr returns the size argument that stands for d: 3, n or 2*m*n.
func SizeExpr(d Dim) Expr {
	var e Expr
	if d.N != 1 || len(d.Names) == 0 {
		e = N(float64(d.N))
	}
	for _, n := range d.Names {
		if e == nil {
			e = S(n)
		} else {
			e = Mul(e, S(n))
		}
	}
	return e
}

// IsSizeArg reports whether the i-th argument of c is a size.
func IsSizeArg(c *Call, i int) bool {
	k := c.Fun.FirstSize()
	return k >= 0 && i >= k
}

// Values returns the arguments of c that are values, not sizes.
func Values(c *Call) []Expr {
	if k := c.Fun.FirstSize(); k >= 0 && k < len(c.Args) {
		return c.Args[:k]
	}
	return c.Args
}

// Ones returns the matrix of ones of shape s: ones(n) for an n x 1
// column, ones(m, n) otherwise.
func Ones(s Shape) *Call {
	if s.Cols.IsOne() {
		return Fn(FnOnes, SizeExpr(s.Rows))
	}
	return Fn(FnOnes, SizeExpr(s.Rows), SizeExpr(s.Cols))
}

// Zeros returns the matrix of zeros of shape s, zeros(m, n).
func Zeros(s Shape) *Call { return Fn(FnZeros, SizeExpr(s.Rows), SizeExpr(s.Cols)) }

// Commutation returns commutation(m, n), the mn x mn permutation K with
// K vec(A) = vec(Aᵀ) for an m x n matrix A.
func Commutation(m, n Dim) *Call { return Fn(FnComm, SizeExpr(m), SizeExpr(n)) }

// Unvec returns unvec(v, m, n), the m x n matrix whose vec is v.
func Unvec(v Expr, m, n Dim) *Call { return Fn(FnUnvec, v, SizeExpr(m), SizeExpr(n)) }

// SizedShape returns the shape of a call to ones, zeros or commutation
// (with its sizes read by SizeDim), or of unvec, and whether c is one
// whose sizes read.
func SizedShape(c *Call) (Shape, bool) {
	var ds []Dim
	for _, a := range c.Args[max(c.Fun.FirstSize(), 0):] {
		d, ok := SizeDim(a)
		if !ok {
			return Shape{}, false
		}
		ds = append(ds, d)
	}
	switch {
	case c.Fun == FnOnes && len(ds) == 1:
		return Shape{ds[0], Known(1)}, true
	case (c.Fun == FnOnes || c.Fun == FnZeros || c.Fun == FnUnvec) && len(ds) == 2:
		return Shape{ds[0], ds[1]}, true
	case c.Fun == FnComm && len(ds) == 2:
		mn := ds[0].Times(ds[1])
		return Shape{mn, mn}, true
	}
	return Shape{}, false
}
