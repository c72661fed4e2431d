package numeric

import (
	"fmt"
	"math"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// Tol is the default tolerance for Result.MaxRelErr used by tests.
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
}

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
func Gradient(f, g ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.scalar(); err != nil {
		return Result{}, err
	}
	sym, err := Eval(g, info, inst)
	if err != nil {
		return Result{}, err
	}
	r, c := p.x0.Dims()
	if sr, sc := sym.Dims(); sr != r || sc != c {
		return Result{}, errAt(g, "the gradient is %s, but %s is %s", dims(sr, sc), wrt, dims(r, c))
	}
	symmetric := info.Symmetric(wrt) && r == c
	num := mat.NewDense(r, c, nil)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			if symmetric && i < j {
				continue // filled from (j, i)
			}
			moves := []move{{i, j, 1}}
			if symmetric && i != j {
				moves = append(moves, move{j, i, 1})
			}
			d, err := p.derivative(moves, hFirst*math.Max(1, math.Abs(p.x0.At(i, j))))
			if err != nil {
				return Result{}, err
			}
			v := d.At(0, 0)
			if symmetric && i != j {
				v /= 2
				num.Set(j, i, v)
			}
			num.Set(i, j, v)
		}
	}
	return compare(num, sym), nil
}

// Jacobian checks a claimed Jacobian J of y with respect to the name wrt at
// inst: J_ij = ∂y_i/∂x_j. For the m x 1 y and n x 1 x of LANGUAGE.md, J is
// m x n; more generally the entries of y and of x are numbered as in vec
// (columns stacked), so J is len(vec y) x len(vec x). Differences and the
// error measure are those of Gradient, with scale the largest magnitude in
// the numeric Jacobian. wrt must not be a symmetric matrix.
func Jacobian(y, J ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(y, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.notSymmetric("Jacobian"); err != nil {
		return Result{}, err
	}
	y0, err := p.at(nil)
	if err != nil {
		return Result{}, err
	}
	yr, yc := y0.Dims()
	xr, xc := p.x0.Dims()
	m, n := yr*yc, xr*xc
	sym, err := Eval(J, info, inst)
	if err != nil {
		return Result{}, err
	}
	if sr, sc := sym.Dims(); sr != m || sc != n {
		return Result{}, errAt(J, "the Jacobian is %s, but it should be %s: %s has %d entries and %s has %d",
			dims(sr, sc), dims(m, n), ast.Text(y), m, wrt, n)
	}
	num := mat.NewDense(m, n, nil)
	for k := 0; k < n; k++ {
		i, j := k%xr, k/xr
		d, err := p.derivative([]move{{i, j, 1}}, hFirst*math.Max(1, math.Abs(p.x0.At(i, j))))
		if err != nil {
			return Result{}, err
		}
		for l := 0; l < m; l++ {
			num.Set(l, k, d.At(l%yr, l/yr))
		}
	}
	return compare(num, sym), nil
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
// Gradient, with scale the largest magnitude in the numeric Hessian. wrt
// must not be a symmetric matrix.
func Hessian(f, H ast.Expr, wrt string, info *ast.Info, inst *Instance) (_ Result, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return Result{}, err
	}
	if err := p.notSymmetric("Hessian"); err != nil {
		return Result{}, err
	}
	if err := p.scalar(); err != nil {
		return Result{}, err
	}
	xr, xc := p.x0.Dims()
	n := xr * xc
	sym, err := Eval(H, info, inst)
	if err != nil {
		return Result{}, err
	}
	if sr, sc := sym.Dims(); sr != n || sc != n {
		return Result{}, errAt(H, "the Hessian is %s, but it should be %s: %s has %d entries", dims(sr, sc), dims(n, n), wrt, n)
	}
	num := mat.NewDense(n, n, nil)
	for a := 0; a < n; a++ {
		for b := 0; b <= a; b++ {
			ia, ja := a%xr, a/xr
			ib, jb := b%xr, b/xr
			ha := hSecond * math.Max(1, math.Abs(p.x0.At(ia, ja)))
			hb := hSecond * math.Max(1, math.Abs(p.x0.At(ib, jb)))
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
			num.Set(a, b, v)
			num.Set(b, a, v)
		}
	}
	return compare(num, sym), nil
}

// compare measures num against sym as Gradient describes.
func compare(num, sym *mat.Dense) Result {
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
			e := math.Abs(num.At(i, j)-sym.At(i, j)) / scale
			if e > res.MaxRelErr || math.IsNaN(e) {
				res.MaxRelErr, res.Row, res.Col = e, i, j
			}
		}
	}
	return res
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
	own := &Instance{Dims: inst.Dims, Vals: vals}
	return &probe{ev: newEvaluator(info, own, wrt), e: e, wrt: wrt, x0: mat.DenseCopyOf(x)}, nil
}

// at evaluates the expression with the moves applied to the variable.
func (p *probe) at(moves []move) (*mat.Dense, error) {
	x := mat.DenseCopyOf(p.x0)
	for _, m := range moves {
		x.Set(m.i, m.j, x.At(m.i, m.j)+m.d)
	}
	p.ev.setVary(x)
	v, err := p.ev.run(p.e)
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

func (p *probe) notSymmetric(what string) error {
	r, c := p.x0.Dims()
	if p.ev.info.Symmetric(p.wrt) && r > 1 && c > 1 {
		return &ast.Error{Msg: fmt.Sprintf("cannot check a %s with respect to the symmetric matrix %s", what, p.wrt)}
	}
	return nil
}

// derivative returns the derivative of the expression along the direction
// the moves give (each with its d), by central differences with step h and
// h/2 combined by Richardson extrapolation.
func (p *probe) derivative(dir []move, h float64) (*mat.Dense, error) {
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
		return nil, err
	}
	d2, err := central(h / 2)
	if err != nil {
		return nil, err
	}
	var out mat.Dense
	out.Scale(4, d2)
	out.Sub(&out, d1)
	out.Scale(1.0/3, &out)
	return &out, nil
}
