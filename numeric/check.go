package numeric

import (
	"fmt"
	"maps"
	"math"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// Tol is the tolerance of Result.OK (and of tests on Result.MaxRelErr).
//
// The finite differences here are central differences improved by one
// Richardson step, so their own error is of order h⁴ (h = 1e-3 relative) plus
// rounding of order 1e-16/h: about 1e-10 of the gradient's scale for the
// gradient and Jacobian, about 1e-9 for the Hessian (a second difference
// divides by h²). A wrong derivative (a missing transpose, a lost factor 2, a
// wrong sign) is off by a sizable fraction of that scale on random values,
// typically 1e-1 or more. 1e-5 sits far from both, with room for the
// conditioning of inverses and of large sums.
const Tol = 1e-5

// Result is the outcome of a derivative check.
type Result struct {
	MaxRelErr float64    // largest |numeric - symbolic| / max(1, scale); see Gradient
	Row, Col  int        // 0-based place of the worst entry in Numeric and Symbolic
	Numeric   *mat.Dense // the finite-difference derivative
	Symbolic  *mat.Dense // the value of the claimed derivative
	// Unexplained is the largest error that the uncertainty of the finite
	// differences does not explain, on the scale of MaxRelErr: for each
	// entry, |numeric - symbolic| less 8 times the difference of the two
	// central differences that Richardson's step combines (large where f
	// is not smooth at the scale of the step, or where rounding swamps the
	// differences) and less the rounding noise, about 32ε·|f|/h for the
	// largest |f| evaluated (128ε·|f|/h² for a Hessian). For values of
	// order 1 it is MaxRelErr within 1e-6 or so; a wrong derivative leaves
	// it large.
	Unexplained float64
	// Unsettled says that the claim failed and the finite differences
	// did not settle as the step shrank (100 times): they cannot tell
	// whether the claim is right (an expression that varies too fast for
	// them, such as sin of a large value).
	Unsettled bool
}

// OK reports whether the claimed derivative agrees with the finite
// differences: every error below Tol, once the uncertainty of the
// differences is allowed for (see Unexplained).
func (r Result) OK() bool { return r.Unexplained < Tol }

// noiseFirst·|f|/h and noiseSecond·|f|/h² bound the rounding error of a
// first and a second central difference with one Richardson step (about
// 3ε and 23ε), with a margin for the rounding of f itself.
const (
	noiseFirst  = 32 * 0x1p-52
	noiseSecond = 128 * 0x1p-52
)

// spreadFactor times the spread |D(h/2) - D(h)| bounds the error of the
// extrapolation: by far where f is smooth at the scale of h (the error is
// then of order h⁴), and for a kink of f (abs, relu) a few steps from the
// point.
const spreadFactor = 8

// Step sizes, relative to max(1, |x|) of the entry that moves.
const (
	hFirst  = 1e-3 // gradient and Jacobian
	hSecond = 3e-3 // Hessian
)

// Gradient checks a claimed gradient g of the scalar f with respect to the
// name wrt at inst. g must have the shape of wrt.
//
// Each entry of the numeric gradient is a central difference
// (f(X+hE) - f(X-hE))/2h, with h = 1e-3·max(1, |X_ij|), improved by one
// Richardson extrapolation ((4 D(h/2) - D(h))/3, error O(h⁴)).
//
// The error of an entry is |numeric - symbolic| / max(1, scale), where scale
// is the largest magnitude among the entries of the numeric gradient: an
// absolute error for gradients of order 1 or less, relative to the whole
// gradient for larger ones (so that a tiny entry of a large gradient is not
// held to a relative standard that finite differences cannot meet).
// MaxRelErr is the largest such error, at (Row, Col).
//
// If wrt is declared symmetric, X stays symmetric: an off-diagonal pair
// X_ij, X_ji moves together. The derivative along E_ij + E_ji is
// G_ij + G_ji for the unconstrained gradient G, that is 2·sym(G)_ij, and
// along E_ii it is sym(G)_ii; so the numeric gradient is sym(G), the
// convention of LANGUAGE.md, and it is compared entry by entry with g as
// given (a claim that is not symmetric fails, even if its symmetric part is
// right).
//
// A claim that does not pass (Result.OK) is measured again with steps 10
// and 100 times smaller, and the closest agreement is returned; when the
// differences do not settle as the step shrinks, Result.Unsettled says so.
// The same holds for Jacobian and Hessian.
func Gradient(f, g ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.budget(WhichGradient); err != nil {
		return Result{}, err
	}
	if err := p.scalar(); err != nil {
		return Result{}, err
	}
	r, c := p.x0.Dims()
	sym, err := claim(g, info, inst, r, c)
	if err != nil {
		return Result{}, err
	}
	if sr, sc := sym.Dims(); sr != r || sc != c {
		return Result{}, errAt(g, "the gradient is %s, but %s is %s", dims(sr, sc), wrt, dims(r, c))
	}
	symmetric := info.Symmetric(wrt) && r == c
	fd := func() (Result, error) {
		num := mat.NewDense(r, c, nil)
		spread := mat.NewDense(r, c, nil)
		for j := 0; j < c; j++ {
			for i := 0; i < r; i++ {
				if symmetric && i < j {
					continue // filled from (j, i)
				}
				moves := []move{{i, j, 1}}
				if symmetric && i != j {
					moves = append(moves, move{j, i, 1})
				}
				d, u, err := p.derivative(moves, p.step*hFirst*math.Max(1, math.Abs(p.x0.At(i, j))))
				if err != nil {
					return Result{}, err
				}
				v, w := d.At(0, 0), u.At(0, 0)
				if symmetric && i != j {
					v, w = v/2, w/2
					num.Set(j, i, v)
					spread.Set(j, i, w)
				}
				num.Set(i, j, v)
				spread.Set(i, j, w)
			}
		}
		return compare(num, sym, spread, noiseFirst*p.big/(p.step*hFirst)), nil
	}
	res, err := p.refine(fd)
	if err == nil && !res.OK() && !res.Unsettled {
		i, j := res.Row, res.Col
		moves := []move{{i, j, 1}}
		if symmetric && i != j {
			moves = append(moves, move{j, i, 1})
		}
		res.Unsettled = p.unresolved(g, res, minStep*hFirst, moves) || p.roundedAway(res, noiseFirst/(minStep*hFirst))
	}
	return res, err
}

// Jacobian checks a claimed Jacobian J of y with respect to the name wrt at
// inst: J_ij = ∂y_i/∂x_j. For the m x 1 y and n x 1 x of LANGUAGE.md, J is
// m x n; more generally the entries of y and of x are numbered as in vec
// (columns stacked), so J is len(vec y) x len(vec x). Differences and the
// error measure are those of Gradient, with scale the largest magnitude in
// the numeric Jacobian.
//
// If wrt is a symmetric matrix, whose entries do not move one by one, J is
// checked along three random symmetric directions V instead: J vec(V)
// against the central difference of vec y(X + tV) at t = 0. Numeric and
// Symbolic then have one column per direction.
func Jacobian(y, J ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(y, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.budget(WhichJacobian); err != nil {
		return Result{}, err
	}
	if p.symmetric() {
		return along(y, J, wrt, WhichJacobian, info, inst)
	}
	y0, err := p.at(nil)
	if err != nil {
		return Result{}, err
	}
	yr, yc := y0.Dims()
	xr, xc := p.x0.Dims()
	m, n := yr*yc, xr*xc
	sym, err := claim(J, info, inst, m, n)
	if err != nil {
		return Result{}, err
	}
	if sr, sc := sym.Dims(); sr != m || sc != n {
		return Result{}, errAt(J, "the Jacobian is %s, but it should be %s: %s has %d entries and %s has %d",
			dims(sr, sc), dims(m, n), ast.Text(y), m, wrt, n)
	}
	fd := func() (Result, error) {
		num := mat.NewDense(m, n, nil)
		spread := mat.NewDense(m, n, nil)
		for k := 0; k < n; k++ {
			i, j := k%xr, k/xr
			d, u, err := p.derivative([]move{{i, j, 1}}, p.step*hFirst*math.Max(1, math.Abs(p.x0.At(i, j))))
			if err != nil {
				return Result{}, err
			}
			for l := 0; l < m; l++ {
				num.Set(l, k, d.At(l%yr, l/yr))
				spread.Set(l, k, u.At(l%yr, l/yr))
			}
		}
		return compare(num, sym, spread, noiseFirst*p.big/(p.step*hFirst)), nil
	}
	res, err := p.refine(fd)
	if err == nil && !res.OK() && !res.Unsettled {
		res.Unsettled = p.unresolved(J, res, minStep*hFirst, []move{{res.Col % xr, res.Col / xr, 1}}) || p.roundedAway(res, noiseFirst/(minStep*hFirst))
	}
	return res, err
}

// Hessian checks a claimed Hessian H of the scalar f with respect to the
// name wrt at inst: H_ij = ∂²f/∂x_i∂x_j, n x n for an n x 1 x (for a matrix
// x, the entries are numbered as in vec). Each entry is the second central
// difference
//
//	(f(x+hᵢeᵢ+hⱼeⱼ) - f(x+hᵢeᵢ-hⱼeⱼ) - f(x-hᵢeᵢ+hⱼeⱼ) + f(x-hᵢeᵢ-hⱼeⱼ)) / 4hᵢhⱼ
//
// with h = 3e-3·max(1, |x|), improved by one Richardson step; the numeric
// Hessian is symmetric by construction. The error measure is that of
// Gradient, with scale the largest magnitude in the numeric Hessian.
//
// If wrt is a symmetric matrix, H is checked along three random symmetric
// directions V instead: vec(V)' H vec(V) against the second central
// difference of f(X + tV) at t = 0 (so the part of H that a convention for
// symmetric matrices leaves open is not looked at). Numeric and Symbolic
// are then 1 x 3.
func Hessian(f, H ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.budget(WhichHessian); err != nil {
		return Result{}, err
	}
	if err := p.scalar(); err != nil {
		return Result{}, err
	}
	if p.symmetric() {
		return along(f, H, wrt, WhichHessian, info, inst)
	}
	xr, xc := p.x0.Dims()
	n := xr * xc
	sym, err := claim(H, info, inst, n, n)
	if err != nil {
		return Result{}, err
	}
	if sr, sc := sym.Dims(); sr != n || sc != n {
		return Result{}, errAt(H, "the Hessian is %s, but it should be %s: %s has %d entries", dims(sr, sc), dims(n, n), wrt, n)
	}
	fd := func() (Result, error) {
		num := mat.NewDense(n, n, nil)
		spread := mat.NewDense(n, n, nil)
		for a := 0; a < n; a++ {
			for b := 0; b <= a; b++ {
				ia, ja := a%xr, a/xr
				ib, jb := b%xr, b/xr
				ha := p.step * hSecond * math.Max(1, math.Abs(p.x0.At(ia, ja)))
				hb := p.step * hSecond * math.Max(1, math.Abs(p.x0.At(ib, jb)))
				second := func(s float64) (float64, error) {
					v := 0.0
					for _, sg := range [4][3]float64{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}} {
						y, err := p.at([]move{{ia, ja, sg[0] * s * ha}, {ib, jb, sg[1] * s * hb}})
						if err != nil {
							return 0, err
						}
						v += sg[2] * y.At(0, 0)
					}
					return v / (4 * s * s * ha * hb), nil
				}
				d1, err := second(1)
				if err != nil {
					return Result{}, err
				}
				d2, err := second(0.5)
				if err != nil {
					return Result{}, err
				}
				v := (4*d2 - d1) / 3
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return Result{}, p.overflow()
				}
				num.Set(a, b, v)
				num.Set(b, a, v)
				spread.Set(a, b, math.Abs(d2-d1))
				spread.Set(b, a, math.Abs(d2-d1))
			}
		}
		return compare(num, sym, spread, noiseSecond*p.big/(p.step*p.step*hSecond*hSecond)), nil
	}
	res, err := p.refine(fd)
	if err == nil && !res.OK() && !res.Unsettled {
		a, b := res.Row, res.Col
		res.Unsettled = p.unresolved(H, res, minStep*hSecond, []move{{a % xr, a / xr, 1}}, []move{{b % xr, b / xr, 1}}) ||
			p.roundedAway(res, noiseSecond/(minStep*minStep*hSecond*hSecond))
	}
	return res, err
}

// roundedAway reports whether the disagreement at the worst entry is
// within the rounding of the values that depend on the variable, at the
// smallest step (noise per unit of magnitude): sin(det(M) + s) with a det
// in the 1e19, whose rounding (an ulp of 2048) swallows any change that s
// makes, leaves the differences at 0 whatever the derivative. The noise
// that Result.Unexplained allows for is that of f alone, which can be
// small where an intermediate value is huge; a disagreement that only the
// intermediate's rounding explains cannot be judged either way.
// The differences must have seen no change at all (exactly 0), as where
// a change is swallowed whole; where they saw one, the rounding of an
// intermediate may be scaled down on its way to f (1e-12 sin(1e12 s)).
func (p *probe) roundedAway(res Result, noise float64) bool {
	num := res.Numeric.At(res.Row, res.Col)
	gap := math.Abs(num - res.Symbolic.At(res.Row, res.Col))
	return num == 0 && p.ev.bigDep > p.big && gap <= noise*p.ev.bigDep
}

// minStep is the smallest multiplier of the steps that refine tries.
const minStep = 0.01

// unresolved reports whether the claim varies, across the points that the
// smallest step h (times max(1, |x|) of the entry that moves) reaches
// from the instance, by as much as half its disagreement with the finite
// differences at the worst entry (res.Row, res.Col). The differences
// measure the mean slope between those points, which then does not tell
// the claim's value at the instance: the derivative swings at a scale
// below the smallest step (that of cos of a value in the millions, whose
// period in x is far below any step). A wrong claim on an expression that
// varies at the scale of the step barely varies across it, and still
// fails. Each of dirs is a set of entries that move together, forward and
// back.
func (p *probe) unresolved(claimed ast.Expr, res Result, h float64, dirs ...[]move) bool {
	sym := res.Symbolic.At(res.Row, res.Col)
	gap := math.Abs(res.Numeric.At(res.Row, res.Col) - sym)
	r, c := res.Symbolic.Dims()
	for _, dir := range dirs {
		for _, sign := range []float64{1, -1} {
			x := mat.DenseCopyOf(p.x0)
			for _, m := range dir {
				x.Set(m.i, m.j, x.At(m.i, m.j)+sign*m.d*h*math.Max(1, math.Abs(p.x0.At(m.i, m.j))))
			}
			moved := *p.ev.inst
			moved.Vals = maps.Clone(moved.Vals)
			moved.Vals[p.wrt] = x
			v, err := claim(claimed, p.ev.info, &moved, r, c)
			if err != nil {
				return true // undefined a step away: no smoother than that
			}
			if vr, vc := v.Dims(); vr != r || vc != c {
				return false
			}
			if math.Abs(v.At(res.Row, res.Col)-sym) >= gap/2 {
				return true
			}
		}
	}
	return false
}

// claim evaluates a claimed derivative that should be r x c. An I whose
// size nothing in the claim fixes takes inst.Free; when that does not give
// the claim its shape, the I stood for a 1 x 1 (the Hessian by a scalar
// s, -sin(s) I), and the claim is evaluated again with free sizes 1.
func claim(g ast.Expr, info *ast.Info, inst *Instance, r, c int) (*mat.Dense, error) {
	v, err := Eval(g, info, inst)
	if err != nil {
		return nil, err
	}
	if vr, vc := v.Dims(); (vr != r || vc != c) && inst.Free > 1 {
		one := *inst
		one.Free = 1
		if w, err := Eval(g, info, &one); err == nil {
			if wr, wc := w.Dims(); wr == r && wc == c {
				return w, nil
			}
		}
	}
	return v, nil
}

// compare measures num against sym as Gradient describes; spread (entry
// by entry) and noise (for all) are the uncertainty of num, which
// Result.Unexplained allows for.
func compare(num, sym, spread *mat.Dense, noise float64) Result {
	scale := 1.0
	r, c := num.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			scale = math.Max(scale, math.Abs(num.At(i, j)))
		}
	}
	res := Result{Numeric: num, Symbolic: mat.DenseCopyOf(sym)}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d := math.Abs(num.At(i, j) - sym.At(i, j))
			if e := d / scale; e > res.MaxRelErr || math.IsNaN(e) {
				res.MaxRelErr, res.Row, res.Col = e, i, j
			}
			if u := (d - spreadFactor*spread.At(i, j) - noise) / scale; u > res.Unexplained || math.IsNaN(u) {
				res.Unexplained = u
			}
		}
	}
	return res
}

// maxAbs returns the largest magnitude of an entry of m.
func maxAbs(m *mat.Dense) float64 {
	r, c := m.Dims()
	big := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			big = math.Max(big, math.Abs(m.At(i, j)))
		}
	}
	return big
}

// A move changes one entry of the variable: X_ij += d (times a step).
type move struct {
	i, j int
	d    float64
}

// A probe evaluates an expression as one name moves away from its value,
// recomputing only the subexpressions that depend on that name.
type probe struct {
	ev  *evaluator
	e   ast.Expr
	wrt string
	x0  *mat.Dense // the value of wrt at the instance
	big float64    // the largest magnitude of an entry of the expression evaluated
	// step multiplies the steps hFirst and hSecond: 1, or smaller when
	// refine looks closer.
	step float64
	// atX0 says that the last evaluation was at the instance itself.
	atX0 bool
	// What measure found: the cost of one evaluation and the shape of
	// the value.
	measured bool
	one      float64
	yr, yc   int
}

// refine runs the finite differences fd with the usual steps and, when the
// claim does not pass, again with steps 10 and 100 times smaller, and
// returns the closest agreement: an expression that varies fast at the
// scale of the step (sin of a large value) needs a smaller one, and a wrong
// derivative fails at every step. The verdict is as deterministic as one
// run.
func (p *probe) refine(fd func() (Result, error)) (Result, error) {
	return refine(func(step float64) (Result, error) {
		p.step = step
		return fd()
	})
}

// refine is probe.refine for fd that takes the step multiplier. When the
// claim fails at every step, the differences at the two smallest steps
// must agree with each other (to 1e-4 of their scale), or the result is
// Unsettled.
func refine(fd func(step float64) (Result, error)) (Result, error) {
	res, err := fd(1)
	var last *mat.Dense
	for _, s := range []float64{0.1, minStep} {
		if err != nil || res.OK() {
			return res, err
		}
		r, err := fd(s)
		if err != nil {
			return res, nil
		}
		if last != nil && !settled(last, r.Numeric) {
			res.Unsettled = true
		}
		last = r.Numeric
		if r.Unexplained < res.Unexplained {
			unsettled := res.Unsettled
			res = r
			res.Unsettled = unsettled
		}
	}
	return res, err
}

// settled reports whether two finite-difference derivatives agree to 1e-4
// of the larger's scale (at least 1).
func settled(a, b *mat.Dense) bool {
	scale := math.Max(1, math.Max(maxAbs(a), maxAbs(b)))
	var d mat.Dense
	d.Sub(a, b)
	return maxAbs(&d) <= 1e-4*scale
}

func newProbe(e ast.Expr, wrt string, info *ast.Info, inst *Instance) (*probe, error) {
	if info == nil || inst == nil {
		return nil, &ast.Error{Msg: "no shape information or no instance to evaluate with"}
	}
	x, ok := inst.Vals[wrt]
	if !ok || x == nil {
		return nil, &ast.Error{Msg: fmt.Sprintf("no value for %s, the variable", wrt)}
	}
	vals := make(map[string]*mat.Dense, len(inst.Vals))
	for k, v := range inst.Vals {
		vals[k] = v
	}
	own := &Instance{Dims: inst.Dims, Vals: vals, Free: inst.Free, Budget: inst.Budget}
	return &probe{ev: newEvaluator(info, own, wrt), e: e, wrt: wrt, x0: mat.DenseCopyOf(x), step: 1}, nil
}

// at evaluates the expression with the moves applied to the variable.
func (p *probe) at(moves []move) (*mat.Dense, error) {
	x := mat.DenseCopyOf(p.x0)
	for _, m := range moves {
		x.Set(m.i, m.j, x.At(m.i, m.j)+m.d)
	}
	p.ev.setVary(x)
	p.atX0 = len(moves) == 0
	v, err := p.ev.run(p.e)
	if err == nil {
		p.big = math.Max(p.big, maxAbs(v))
	}
	if err != nil && len(moves) > 0 {
		if ae, ok := err.(*ast.Error); ok {
			m := moves[0]
			return nil, &ast.Error{Pos: ae.Pos, Msg: fmt.Sprintf("%s (with %s%s moved by %g)", ae.Msg, p.wrt, at(m.i, m.j), m.d), Hint: ae.Hint, Src: ae.Src, Kind: ae.Kind}
		}
	}
	return v, err
}

// scalar checks that the expression is 1 x 1 at the instance.
func (p *probe) scalar() error {
	v, err := p.at(nil)
	if err != nil {
		return err
	}
	if r, c := v.Dims(); r != 1 || c != 1 {
		return errAt(p.e, "%s is %s, not a scalar", ast.Text(p.e), dims(r, c))
	}
	return nil
}

// symmetric reports whether the variable is a symmetric matrix (not 1 x 1).
func (p *probe) symmetric() bool {
	r, c := p.x0.Dims()
	return p.ev.info.Symmetric(p.wrt) && r > 1 && c > 1
}

// derivative returns the derivative of the expression along the direction
// the moves give (each with its d), by central differences with step h and
// h/2 combined by Richardson extrapolation, and the spread |D(h/2) - D(h)|
// of the two differences: a bound on the error of the extrapolation where f
// is smooth at the scale of h, and large where it is not.
func (p *probe) derivative(dir []move, h float64) (_, spread *mat.Dense, _ error) {
	central := func(h float64) (*mat.Dense, error) {
		plus := make([]move, len(dir))
		minus := make([]move, len(dir))
		for k, m := range dir {
			plus[k] = move{m.i, m.j, m.d * h}
			minus[k] = move{m.i, m.j, -m.d * h}
		}
		fp, err := p.at(plus)
		if err != nil {
			return nil, err
		}
		fp = mat.DenseCopyOf(fp)
		fm, err := p.at(minus)
		if err != nil {
			return nil, err
		}
		var d mat.Dense
		d.Sub(fp, fm)
		d.Scale(1/(2*h), &d)
		return &d, nil
	}
	d1, err := central(h)
	if err != nil {
		return nil, nil, err
	}
	d2, err := central(h / 2)
	if err != nil {
		return nil, nil, err
	}
	var out, diff mat.Dense
	out.Scale(4, d2)
	out.Sub(&out, d1)
	out.Scale(1.0/3, &out)
	if _, _, _, bad := nonFinite(&out); bad {
		return nil, nil, p.overflow()
	}
	diff.Sub(d2, d1)
	return &out, apply(&diff, math.Abs), nil
}

// overflow is the error of a finite difference that is not finite: the
// values of the expression are too large for their differences to be
// measured.
func (p *probe) overflow() *ast.Error {
	e := errAt(p.e, "the finite differences of %s overflowed", ast.Text(p.e))
	e.Hint = overflowHint
	return e
}
