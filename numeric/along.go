package numeric

import (
	"math"
	"math/rand/v2"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// directions is how many random symmetric directions along checks.
const directions = 3

// along checks a Jacobian J (which is WhichJacobian) or a Hessian H of f by
// the symmetric matrix wrt at inst along random symmetric directions V (the
// entries of a symmetric matrix do not move one by one):
// J vec(V) must be the derivative of vec f(X + tV) at t = 0, and
// vec(V)' H vec(V) its second derivative. Both are measured by central
// differences with one Richardson step, as numeric does. The result has one
// column per direction (Numeric and Symbolic), and the error of numeric.
// Along symmetric directions only, the part of J or H that a convention
// for symmetric matrices leaves open is not looked at.
func along(f, claim ast.Expr, wrt string, which Which, info *ast.Info, inst *Instance) (Result, error) {
	return refine(func(step float64) (Result, error) {
		return alongStep(f, claim, wrt, which, info, inst, step)
	})
}

// alongStep is along with steps multiplied by step.
func alongStep(f, claim ast.Expr, wrt string, which Which, info *ast.Info, inst *Instance, step float64) (Result, error) {
	x0 := inst.Vals[wrt]
	n, _ := x0.Dims()
	y0, err := Eval(f, info, inst)
	if err != nil {
		return Result{}, err
	}
	J, err := Eval(claim, info, inst)
	if err != nil {
		return Result{}, err
	}
	yr, yc := y0.Dims()
	rows, cols := yr*yc, n*n
	if which == WhichHessian {
		rows = n * n
	}
	if jr, jc := J.Dims(); jr != rows || jc != cols {
		return Result{}, errAt(claim, "the %s is %s, but it should be %s: %s has %d entries", which, dims(jr, jc), dims(rows, cols), wrt, n*n)
	}
	rng := rand.New(rand.NewPCG(1, 0x616c6f6e67)) // "along": the same directions every time
	big := maxAbs(y0)
	at := func(v *mat.Dense, t float64) (*mat.Dense, error) {
		x := mat.DenseCopyOf(x0)
		x.Add(x, scaledBy(t, v))
		moved := *inst
		moved.Vals = make(map[string]*mat.Dense, len(inst.Vals))
		for k, val := range inst.Vals {
			moved.Vals[k] = val
		}
		moved.Vals[wrt] = x
		y, err := Eval(f, info, &moved)
		if err == nil {
			big = math.Max(big, maxAbs(y))
		}
		return y, err
	}
	var num, sym, spread []float64
	rows = 1
	h := step * hFirst
	if which == WhichHessian {
		h = step * hSecond
	}
	for k := 0; k < directions; k++ {
		v := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				r := 2*rng.Float64() - 1
				v.Set(i, j, r)
				v.Set(j, i, r)
			}
		}
		vv := vecOf(v)
		// d(h): the first or second central difference with step h.
		d := func(h float64) (*mat.Dense, error) {
			p, err := at(v, h)
			if err != nil {
				return nil, err
			}
			m, err := at(v, -h)
			if err != nil {
				return nil, err
			}
			var out mat.Dense
			out.Sub(p, m)
			if which == WhichHessian {
				c, err := at(v, 0)
				if err != nil {
					return nil, err
				}
				out.Add(p, m)
				out.Sub(&out, scaledBy(2, c))
				out.Scale(1/(h*h), &out)
			} else {
				out.Scale(1/(2*h), &out)
			}
			return &out, nil
		}
		d1, err := d(h)
		if err != nil {
			return Result{}, err
		}
		d2, err := d(h / 2)
		if err != nil {
			return Result{}, err
		}
		var rich mat.Dense
		rich.Scale(4, d2)
		rich.Sub(&rich, d1)
		rich.Scale(1.0/3, &rich)
		var claimed mat.Dense
		claimed.Mul(J, vv) // J vec(V)
		if which == WhichHessian {
			var q mat.Dense
			q.Mul(vv.T(), &claimed) // vec(V)' H vec(V)
			claimed = q
		}
		var diff mat.Dense
		diff.Sub(d2, d1)
		got, gap := vecOf(&rich), vecOf(&diff)
		rows, _ = got.Dims()
		for i := 0; i < rows; i++ {
			num = append(num, got.At(i, 0))
			sym = append(sym, claimed.At(i, 0))
			spread = append(spread, math.Abs(gap.At(i, 0)))
		}
	}
	// The rounding noise of f(X + tV) is that of a step h: the entries of
	// V are at most 1.
	noise := noiseFirst * big / h
	if which == WhichHessian {
		noise = noiseSecond * big / (h * h)
	}
	return compare(colMajor(rows, directions, num), colMajor(rows, directions, sym), colMajor(rows, directions, spread), noise), nil
}

func scaledBy(t float64, m *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Scale(t, m)
	return &out
}

// vecOf stacks the columns of m.
func vecOf(m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	out := mat.NewDense(r*c, 1, nil)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			out.Set(j*r+i, 0, m.At(i, j))
		}
	}
	return out
}

// colMajor makes an r x c matrix of values stored column by column.
func colMajor(r, c int, vals []float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for k, v := range vals {
		m.Set(k%r, k/r, v)
	}
	return m
}
