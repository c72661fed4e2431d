package numeric

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// Directions is how many random directions (pairs of directions for a
// Hessian) Directional checks.
const Directions = 2

// errFewer says that Directional cannot decide: the caller checks entry
// by entry.
var errFewer = errors.New("numeric: check entry by entry")

// Directional checks a claimed gradient, Jacobian or Hessian (which) of f
// by wrt at inst along random directions instead of entry by entry: for a
// gradient G, G : V against the central difference of f(X + tV) at t = 0;
// for a Jacobian J, J vec(V) against that of vec f(X + tV); for a Hessian
// H, vec(V)' H vec(W), with V and W drawn independently, against the
// mixed second difference of f(X + sV + tW) at s = t = 0. The error
// measure is that of Gradient, Jacobian and Hessian, rounding noise
// allowed for, times Margin (100): Directional passes a claim only when it
// agrees 100 times closer than Tol. The differences are accurate enough
// for that where f is smooth: a plain central difference with a step of
// 1e-4 (relative) for a first derivative, a second difference with one
// Richardson step for a Hessian; where f is not smooth (a kink, a fast
// variation), the claim fails here and the check entry by entry, with its
// smaller steps, decides. The directions are drawn from seed: the same
// seed gives the same verdict.
//
// A claim that differs from the derivative differs from it along a random
// direction with probability 1, so a wrong claim fails here too; but the
// error it shows is a combination of entries. So Directional is a fast
// first check: when it passes, so would the check entry by entry (up to
// the probability that random directions hide an error 100 times, in
// practice nil); when it fails, or errs, the check entry by entry (Gradient,
// Jacobian, Hessian) decides and says where the claim is wrong. Numeric
// and Symbolic have one column per direction.
//
// By a symmetric matrix the directions are symmetric, and a Hessian is
// checked as vec(V)' H vec(V), as Jacobian and Hessian do (along).
//
// An error says that the directions cannot decide (a claim of the wrong
// shape, a gradient by a symmetric matrix that is not symmetric, a value
// out of the domain): the check entry by entry is the one to make.
func Directional(f, claimed ast.Expr, wrt string, which Which, info *ast.Info, inst *Instance, seed uint64) (Result, error) {
	p, err := NewProbe(f, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	return p.Directional(claimed, which, seed)
}

// A Probe is an expression at an instance, evaluated once, ready for the
// checks of its derivative by one name: what the check entry by entry
// would cost (Cost), and the check along random directions
// (Directional), which share that evaluation and the values of the
// subexpressions that do not depend on the name. A Probe is for one
// goroutine.
type Probe struct{ p *probe }

// NewProbe evaluates f at inst, where wrt will move. The error is that of
// the evaluation.
func NewProbe(f ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ *Probe, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return nil, err
	}
	if err := p.measure(); err != nil {
		return nil, err
	}
	return &Probe{p}, nil
}

// Cost is CheckCost: the operations a check of the derivative which entry
// by entry would do, and an error of kind ast.BeyondReach beyond
// MaxCheckWork.
func (pr *Probe) Cost(which Which) (_ float64, err error) {
	defer internal(&err)
	return pr.p.cost(which)
}

// Directional is the function Directional at the probe's expression and
// instance.
func (pr *Probe) Directional(claimed ast.Expr, which Which, seed uint64) (_ Result, err error) {
	defer internal(&err)
	p := pr.p
	if !p.atX0 {
		if _, err := p.at(nil); err != nil {
			return Result{}, err
		}
	}
	info := p.ev.info
	xr, xc := p.x0.Dims()
	n := xr * xc
	yr, yc := p.yr, p.yc
	symmetric := info.Symmetric(p.wrt) && xr == xc && xr > 1
	if which != WhichJacobian && (yr != 1 || yc != 1) {
		return Result{}, errFewer
	}
	rows, cols := xr, xc
	switch which {
	case WhichJacobian:
		rows, cols = yr*yc, n
	case WhichHessian:
		rows, cols = n, n
	}
	// The claim at the instance, by the probe's evaluator: it shares the
	// values of the subexpressions it has in common with f.
	g, err := p.ev.run(claimed)
	if err != nil {
		return Result{}, err
	}
	if gr, gc := g.Dims(); gr != rows || gc != cols {
		return Result{}, errFewer
	}
	if symmetric && which == WhichGradient && !isSymmetric(g) {
		return Result{}, errFewer // a gradient by a symmetric matrix must be symmetric
	}
	rng := rand.New(rand.NewPCG(seed, 0x646972)) // "dir"
	direction := func() []float64 {
		v := make([]float64, n) // column-major, as vec
		for j := 0; j < xc; j++ {
			for i := 0; i < xr; i++ {
				if symmetric && i < j {
					v[j*xr+i] = v[i*xr+j]
					continue
				}
				v[j*xr+i] = 2*rng.Float64() - 1
			}
		}
		return v
	}
	scale := math.Max(1, maxAbs(p.x0))
	if which == WhichHessian {
		return p.directionalHessian(g, direction, symmetric, hSecond*scale)
	}
	h := hDirection * scale
	out := 1
	if which == WhichJacobian {
		out = yr * yc
	}
	num := mat.NewDense(out, Directions, nil)
	sym := mat.NewDense(out, Directions, nil)
	spread := mat.NewDense(out, Directions, nil)
	for k := 0; k < Directions; k++ {
		v := direction()
		moves := make([]move, n)
		for e := range v {
			moves[e] = move{e % xr, e / xr, v[e]}
		}
		d, err := p.central(moves, h)
		if err != nil {
			return Result{}, err
		}
		// The claim along v: G : V, or J vec(V).
		for l := 0; l < out; l++ {
			s := 0.0
			for e := range v {
				if which == WhichJacobian {
					s += g.At(l, e) * v[e]
				} else {
					s += g.At(e%xr, e/xr) * v[e]
				}
			}
			sym.Set(l, k, s)
			num.Set(l, k, d.At(l%yr, l/yr))
		}
	}
	return strict(compare(num, sym, spread, noiseFirst*p.big/hDirection)), nil
}

// hDirection is the step of Directional's first differences, relative to
// max(1, |X|).
const hDirection = 1e-4

// central returns the central difference (f(X + h D) - f(X - h D)) / 2h
// along the direction D that the moves give.
func (p *probe) central(dir []move, h float64) (*mat.Dense, error) {
	step := make([]move, len(dir))
	for k, m := range dir {
		step[k] = move{m.i, m.j, m.d * h}
	}
	fp, err := p.at(step)
	if err != nil {
		return nil, err
	}
	fp = mat.DenseCopyOf(fp)
	for k := range step {
		step[k].d = -step[k].d
	}
	fm, err := p.at(step)
	if err != nil {
		return nil, err
	}
	var d mat.Dense
	d.Sub(fp, fm)
	d.Scale(1/(2*h), &d)
	if _, _, _, bad := nonFinite(&d); bad {
		return nil, p.overflow()
	}
	return &d, nil
}

// directionalHessian is Directional for a Hessian H: vec(V)' H vec(W)
// against the mixed second central difference along V and W with step h.
// By a symmetric matrix, W is V: the part of H that the convention for
// symmetric matrices leaves open is not looked at (as along does).
func (p *probe) directionalHessian(H *mat.Dense, direction func() []float64, symmetric bool, h float64) (Result, error) {
	xr, _ := p.x0.Dims()
	num := mat.NewDense(1, Directions, nil)
	sym := mat.NewDense(1, Directions, nil)
	spread := mat.NewDense(1, Directions, nil)
	for k := 0; k < Directions; k++ {
		v := direction()
		w := v
		if !symmetric {
			w = direction()
		}
		moves := make([]move, len(v))
		second := func(h float64) (float64, error) {
			d := 0.0
			for _, sg := range [4][3]float64{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}} {
				for e := range v {
					moves[e] = move{e % xr, e / xr, h * (sg[0]*v[e] + sg[1]*w[e])}
				}
				y, err := p.at(moves)
				if err != nil {
					return 0, err
				}
				d += sg[2] * y.At(0, 0)
			}
			return d / (4 * h * h), nil
		}
		// One Richardson step: an error of order h⁴, far below the
		// margin.
		d1, err := second(h)
		if err != nil {
			return Result{}, err
		}
		d2, err := second(h / 2)
		if err != nil {
			return Result{}, err
		}
		d := (4*d2 - d1) / 3
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return Result{}, p.overflow()
		}
		claimed := 0.0
		for a := range v {
			for b := range w {
				claimed += v[a] * H.At(a, b) * w[b]
			}
		}
		num.Set(0, k, d)
		sym.Set(0, k, claimed)
	}
	return strict(compare(num, sym, spread, noiseSecond*p.big/(h*h))), nil
}

// Margin is how much stricter than Tol Directional is: the errors of its
// Result are those along the directions times Margin. A wrong claim whose
// error along random directions comes out smaller than entry by entry
// (an error in one entry that the directions weigh little, or a
// derivative small along them) then still fails there, and the check
// entry by entry says whether it is wrong.
const Margin = 100

// strict scales the errors of r by Margin.
func strict(r Result) Result {
	r.MaxRelErr *= Margin
	r.Unexplained *= Margin
	return r
}

// isSymmetric reports whether the square m is symmetric to rounding.
func isSymmetric(m *mat.Dense) bool {
	r, c := m.Dims()
	if r != c {
		return false
	}
	tol := 1e-12 * math.Max(1, maxAbs(m))
	for i := 0; i < r; i++ {
		for j := 0; j < i; j++ {
			if !(math.Abs(m.At(i, j)-m.At(j, i)) <= tol) {
				return false
			}
		}
	}
	return true
}
