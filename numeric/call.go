package numeric

import (
	"math"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

func (ev *evaluator) call(e *ast.Call) *mat.Dense {
	args := make([]*mat.Dense, len(e.Args))
	for i, a := range e.Args {
		args[i] = ev.eval(a)
	}
	ev.cur = e
	x := args[0]
	r, c := x.Dims()
	// What the call costs besides its entries: a factorization for det,
	// logdet and norm, a pass over the argument for the others.
	switch e.Fun {
	case ast.FnDet, ast.FnLogdet, ast.FnNorm:
		ev.charge(float64(r) * float64(c) * float64(min(r, c)))
	default:
		ev.charge(float64(r) * float64(c))
	}
	square := func() {
		if r != c {
			fail(e, "%s needs a square matrix, but the value is %s", e.Fun, dims(r, c))
		}
	}
	switch e.Fun {
	case ast.FnTr:
		square()
		s := 0.0
		for i := 0; i < r; i++ {
			s += x.At(i, i)
		}
		return scalar(s)
	case ast.FnDet:
		square()
		return scalar(mat.Det(x))
	case ast.FnLogdet:
		square()
		var lu mat.LU
		lu.Factorize(x)
		logAbs, sign := lu.LogDet()
		if math.IsInf(logAbs, -1) || math.IsNaN(logAbs) {
			fail(e, "logdet of a matrix with det <= 0 (det = 0)")
		}
		if sign < 0 {
			fail(e, "logdet of a matrix with det <= 0 (det = %.6g)", -math.Exp(logAbs))
		}
		return scalar(logAbs)
	case ast.FnDiag:
		square()
		out := mat.NewDense(r, 1, nil)
		for i := 0; i < r; i++ {
			out.Set(i, 0, x.At(i, i))
		}
		return out
	case ast.FnDiagM:
		if c != 1 {
			fail(e, "Diag needs a column vector, but the value is %s", dims(r, c))
		}
		out := mat.NewDense(r, r, nil)
		for i := 0; i < r; i++ {
			out.Set(i, i, x.At(i, 0))
		}
		return out
	case ast.FnVec:
		out := mat.NewDense(r*c, 1, nil)
		for j := 0; j < c; j++ {
			for i := 0; i < r; i++ {
				out.Set(j*r+i, 0, x.At(i, j))
			}
		}
		return out
	case ast.FnKron:
		var out mat.Dense
		out.Kronecker(x, args[1])
		return &out
	case ast.FnSum:
		return scalar(sum(x, func(v float64) float64 { return v }))
	case ast.FnNorm:
		return scalar(mat.Norm(x, 2))
	case ast.FnNorm1:
		return scalar(sum(x, math.Abs))
	}
	return elementwise(e, x)
}

// elementwise applies an element-wise function, after checking its domain.
func elementwise(e *ast.Call, x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	check := func(bad func(float64) bool, format string) {
		if i, j, v, ok := find(x, bad); ok {
			what := "entry"
			if r == 1 && c == 1 {
				what = "number"
			}
			fail(e, format, e.Fun, what, v, where(r, c, i, j))
		}
	}
	var f func(float64) float64
	switch e.Fun {
	case ast.FnExp:
		f = math.Exp
	case ast.FnLog:
		check(func(v float64) bool { return v <= 0 }, "%s of a non-positive %s %g%s")
		f = math.Log
	case ast.FnSin:
		f = math.Sin
	case ast.FnCos:
		f = math.Cos
	case ast.FnTan:
		f = math.Tan
	case ast.FnArcsin:
		check(func(v float64) bool { return v < -1 || v > 1 }, "%s of an %s outside [-1, 1]: %g%s")
		f = math.Asin
	case ast.FnArccos:
		check(func(v float64) bool { return v < -1 || v > 1 }, "%s of an %s outside [-1, 1]: %g%s")
		f = math.Acos
	case ast.FnArctan:
		f = math.Atan
	case ast.FnTanh:
		f = math.Tanh
	case ast.FnSqrt:
		check(func(v float64) bool { return v < 0 }, "%s of a negative %s %g%s")
		f = math.Sqrt
	case ast.FnSigmoid:
		f = sigmoid
	case ast.FnAbs:
		f = math.Abs
	case ast.FnSign:
		f = func(v float64) float64 {
			switch {
			case v > 0:
				return 1
			case v < 0:
				return -1
			}
			return 0
		}
	case ast.FnRelu:
		f = func(v float64) float64 { return math.Max(v, 0) }
	case ast.FnStep:
		f = func(v float64) float64 {
			if v > 0 {
				return 1
			}
			return 0
		}
	default:
		fail(e, "cannot evaluate the function %s", e.Fun)
	}
	return apply(x, f)
}

// sigmoid is 1/(1+exp(-v)), computed without overflow for large |v|.
func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	z := math.Exp(v)
	return z / (1 + z)
}
