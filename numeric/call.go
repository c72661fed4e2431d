package numeric

import (
	"fmt"
	"math"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

func (ev *evaluator) call(e *ast.Call) *mat.Dense {
	if e.Fun.FirstSize() >= 0 {
		return ev.sized(e)
	}
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
		logAbs, sign := logDet(x)
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
	case ast.FnSoftmax:
		out := mat.NewDense(r, c, nil)
		for j := 0; j < c; j++ {
			m := math.Inf(-1)
			for i := 0; i < r; i++ {
				m = math.Max(m, x.At(i, j))
			}
			t := 0.0
			for i := 0; i < r; i++ {
				t += math.Exp(x.At(i, j) - m)
			}
			for i := 0; i < r; i++ {
				out.Set(i, j, math.Exp(x.At(i, j)-m)/t)
			}
		}
		return out
	case ast.FnLogsumexp:
		return scalar(logsumexp(x))
	}
	if e.Fun == ast.FnLog {
		ev.underflow(e, x)
	}
	return elementwise(e, x)
}

// logDet returns log|det(x)| and the sign of det(x), from the LU
// factorization, with the logarithms of subnormal pivots right (see log).
func logDet(x *mat.Dense) (logAbs, sign float64) {
	var lu mat.LU
	lu.Factorize(x)
	_, sign = lu.LogDet()
	var u mat.TriDense
	lu.UTo(&u)
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		logAbs += log(math.Abs(u.At(i, i)))
	}
	return logAbs, sign
}

// minNormal is the smallest positive normal float64, 2^-1022.
const minNormal = 0x1p-1022

// log is math.Log, right for subnormal numbers too: math.Log on amd64 does
// not normalise them (golang/go#56600; log(1e-310) gives -709.09, not
// -713.80), so a subnormal v is scaled by 2^52 first and 52 ln 2 taken off.
func log(v float64) float64 {
	if v > 0 && v < minNormal {
		return math.Log(v*0x1p52) - 52*math.Ln2
	}
	return math.Log(v)
}

// elementwise applies an element-wise function, after checking its domain.
func elementwise(e *ast.Call, x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	// check fails at the first entry for which bad holds; format has
	// the function, the entry ("entry" or "number", article included
	// where the format has none), its value and where it is.
	check := func(bad func(float64) bool, format string, article bool) {
		if i, j, v, ok := find(x, bad); ok {
			what := "entry"
			if r == 1 && c == 1 {
				what = "number"
			}
			if article {
				what = map[string]string{"entry": "an entry", "number": "a number"}[what]
			}
			fail(e, format, e.Fun, what, v, where(r, c, i, j))
		}
	}
	var f func(float64) float64
	switch e.Fun {
	case ast.FnExp:
		f = math.Exp
	case ast.FnLog:
		check(func(v float64) bool { return v <= 0 }, "%s of a non-positive %s %.6g%s", false)
		f = log
	case ast.FnSin:
		f = math.Sin
	case ast.FnCos:
		f = math.Cos
	case ast.FnTan:
		f = math.Tan
	case ast.FnArcsin:
		check(func(v float64) bool { return v < -1 || v > 1 }, "%s of %s outside [-1, 1]: %.6g%s", true)
		f = math.Asin
	case ast.FnArccos:
		check(func(v float64) bool { return v < -1 || v > 1 }, "%s of %s outside [-1, 1]: %.6g%s", true)
		f = math.Acos
	case ast.FnArctan:
		f = math.Atan
	case ast.FnTanh:
		f = math.Tanh
	case ast.FnSqrt:
		check(func(v float64) bool { return v < 0 }, "%s of a negative %s %.6g%s", false)
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

// underflow fails at the log e when its argument is a det that
// underflowed to 0 while the matrix is not singular: the determinant is a
// product of pivots too small for a floating-point number, and logdet takes
// the logarithm without forming it.
func (ev *evaluator) underflow(e *ast.Call, x *mat.Dense) {
	d, ok := e.Args[0].(*ast.Call)
	if !ok || d.Fun != ast.FnDet || !isScalar(x) || x.At(0, 0) != 0 {
		return
	}
	m := ev.eval(d.Args[0])
	if r, c := m.Dims(); r != c {
		return
	}
	if l, _ := logDet(m); math.IsInf(l, 0) || math.IsNaN(l) {
		return // singular: det is 0 indeed
	}
	panic(&ast.Error{Pos: e.Pos(), Msg: fmt.Sprintf("log of %s, which underflowed to 0: the determinant is smaller than floating-point numbers reach (about 1e-308)", ast.Text(d)),
		Hint: fmt.Sprintf("write logdet(%s) for the log of the determinant, which does not form it", ast.Text(d.Args[0]))})
}

// sigmoid is 1/(1+exp(-v)), computed without overflow for large |v|.
func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	z := math.Exp(v)
	return z / (1 + z)
}

// logsumexp returns log(sum(exp(x))) without overflow: the largest entry
// is taken out first.
func logsumexp(x *mat.Dense) float64 {
	m := mat.Max(x)
	if math.IsInf(m, 0) {
		return m
	}
	return m + math.Log(sum(x, func(v float64) float64 { return math.Exp(v - m) }))
}

// sizedDims returns the rows and columns of a call to ones, zeros,
// commutation or unvec, from its size arguments and the instance's sizes.
func (ev *evaluator) sizedDims(e *ast.Call) (int, int) {
	s, ok := ast.SizedShape(e)
	if !ok {
		fail(e, "the sizes of %s must be whole numbers, dimension names or products of them", e.Fun)
	}
	r, c, err := ev.inst.shape(s)
	if err != nil {
		fail(e, "%s (in the size of %s)", msgOf(err), ast.Text(e))
	}
	if float64(r)*float64(c) > MaxEntries {
		beyond(e, "%s would be %s, more than the %d entries eval computes", ast.Text(e), dims(r, c), MaxEntries)
	}
	return r, c
}

// sized evaluates ones, zeros, commutation and unvec.
func (ev *evaluator) sized(e *ast.Call) *mat.Dense {
	r, c := ev.sizedDims(e)
	switch e.Fun {
	case ast.FnOnes:
		out := mat.NewDense(r, c, nil)
		raw := out.RawMatrix().Data
		for i := range raw {
			raw[i] = 1
		}
		return out
	case ast.FnZeros:
		return mat.NewDense(r, c, nil)
	case ast.FnComm:
		// K vec(A) = vec(Aᵀ) for an m x n A: entry (i, j) of A stands at
		// i + j m in vec(A) and at j + i n in vec(Aᵀ).
		m, _ := ev.inst.Size(ev.sizeArg(e, 0))
		n, _ := ev.inst.Size(ev.sizeArg(e, 1))
		out := mat.NewDense(r, c, nil)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				out.Set(j+i*n, i+j*m, 1)
			}
		}
		return out
	case ast.FnUnvec:
		v := ev.eval(e.Args[0])
		ev.cur = e
		vr, vc := v.Dims()
		if vc != 1 || vr != r*c {
			fail(e, "unvec needs a %s column vector, but the value is %s", dims(r*c, 1), dims(vr, vc))
		}
		out := mat.NewDense(r, c, nil)
		for j := 0; j < c; j++ {
			for i := 0; i < r; i++ {
				out.Set(i, j, v.At(j*r+i, 0))
			}
		}
		return out
	}
	fail(e, "cannot evaluate the function %s", e.Fun)
	return nil
}

// sizeArg returns the i-th size argument of e as a dimension.
func (ev *evaluator) sizeArg(e *ast.Call, i int) ast.Dim {
	d, _ := ast.SizeDim(e.Args[e.Fun.FirstSize()+i])
	return d
}
