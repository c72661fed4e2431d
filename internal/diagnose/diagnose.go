// Package diagnose checks a derivative numerically — matdiff's own, or a
// candidate answer — and, when a candidate is wrong, says how: transposed,
// off by a constant factor, right only for a symmetric matrix, or wrong.
//
// Check is safe for concurrent use and never changes its inputs.
package diagnose

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// Options say what to check and on how many instances.
type Options struct {
	// Candidate is the derivative to check, in the language (the user's
	// answer); "" checks matdiff's own.
	Candidate string
	Seeds     int            // instances to check on; 0 means 5
	Seed      int64          // the seed of the first instance; the others follow
	Dims      map[string]int // sizes of dimension names; the others are drawn from 2..5
	Hessian   bool           // check the Hessian instead of the gradient
	// Context bounds matdiff's own derivations (nil: context.Background).
	Context context.Context
	// Budget, when not nil, gives the budget of the finite differences on
	// each instance (what names the work in messages).
	Budget func(what string) *budget.Budget
}

// Run is one instance checked.
type Run struct {
	Seed int64
	Inst *numeric.Instance
	Res  numeric.Result
}

// Outcome is the check of one variable.
type Outcome struct {
	Wrt       string
	What      string   // "gradient", "Jacobian" or "Hessian"
	Grad      ast.Expr // what was checked
	Candidate bool     // Grad is the candidate
	Runs      []Run
	Worst     int // index into Runs
	OK        bool
	Diagnosis []string // with a candidate that fails: how it is wrong, in words
	Own       ast.Expr // matdiff's derivative, with a candidate (nil if none)
	OwnErr    string   // why there is none
	OwnOK     bool     // matdiff's derivative passes on the same instances
}

// MaxErr is the largest relative error of the runs.
func (o *Outcome) MaxErr() float64 {
	if len(o.Runs) == 0 {
		return 0
	}
	return o.Runs[o.Worst].Res.MaxRelErr
}

// derivative is what is checked: a gradient, a Jacobian or a Hessian.
type derivative struct {
	name    string
	derive  func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)
	shaped  func(f, g ast.Expr, wrt string) ast.Expr // an expression that fits when g has the right shape
	compare func(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance) (numeric.Result, error)
	which   numeric.Which
}

func kinds(eng *rewrite.Engine, cx context.Context) (grad, jac, hess derivative) {
	bind := func(by func(context.Context, ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)) func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error) {
		return func(f ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) { return by(cx, f, info, wrt) }
	}
	grad = derivative{"gradient", bind(eng.GradContext),
		func(f, g ast.Expr, wrt string) ast.Expr { return ast.Frob(g, ast.S(wrt)) }, numeric.Gradient, numeric.WhichGradient}
	jac = derivative{"Jacobian", bind(eng.JacobianContext),
		func(f, g ast.Expr, wrt string) ast.Expr { return ast.Frob(g, ast.Mul(f, ast.T(ast.S(wrt)))) }, numeric.Jacobian, numeric.WhichJacobian}
	hess = derivative{"Hessian", bind(eng.HessianContext),
		func(f, g ast.Expr, wrt string) ast.Expr {
			x := ast.Fn(ast.FnVec, ast.S(wrt))
			return ast.Frob(g, ast.Mul(x, ast.T(x)))
		}, numeric.Hessian, numeric.WhichHessian}
	return
}

type checker struct {
	kind derivative
	opts Options
	src  string
}

// Check checks the derivative of f (parsed from src, checked with
// ast.CheckScalar) by each variable of wrt on random instances: the
// gradient, or the Jacobian of a column vector, or with o.Hessian the
// Hessian. With o.Candidate, that derivative is checked instead of
// matdiff's, and diagnosed when it fails. Errors are *ast.Error for bad
// input (or beyond reach); a failed check is no error: see Outcome.OK.
func Check(eng *rewrite.Engine, f ast.Expr, info *ast.Info, src string, wrt []string, o Options) ([]*Outcome, error) {
	if o.Seeds == 0 {
		o.Seeds = 5
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	grad, jac, hess := kinds(eng, o.Context)
	c := &checker{kind: grad, opts: o, src: src}
	switch s := info.Shape(f); {
	case o.Hessian:
		c.kind = hess
	case s.IsColumn() && !s.IsScalar():
		c.kind = jac
	}
	if o.Candidate != "" && len(wrt) > 1 {
		return nil, &ast.Error{Msg: fmt.Sprintf("--against checks one gradient, but %d variables were given with --wrt", len(wrt))}
	}
	if o.Seeds < 1 {
		return nil, &ast.Error{Msg: fmt.Sprintf("--seeds must be at least 1, not %d", o.Seeds)}
	}
	for _, x := range wrt {
		if _, ok := info.Name(x); !ok {
			return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", x), Hint: fmt.Sprintf("the names in it are %v", ast.Names(f))}
		}
	}
	var outcomes []*Outcome
	for _, x := range wrt {
		out, err := c.checkOne(f, info, x, o.Dims)
		if err != nil {
			return nil, err
		}
		outcomes = append(outcomes, out)
	}
	return outcomes, nil
}

// withSrc gives an *ast.Error with a position in the expression its source.
func withSrc(err error, src string) error {
	var ae *ast.Error
	if errors.As(err, &ae) && ae.Src == "" && ae.Pos.IsValid() {
		ae.Src = src
	}
	return err
}

// Sizes prints the sizes of an instance: "a=3, b=4, e=2", and "I=3" for
// an I whose size nothing fixes.
func Sizes(inst *numeric.Instance) string {
	var names []string
	for n := range inst.Dims {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s=%d", n, inst.Dims[n]))
	}
	if inst.Free > 0 {
		parts = append(parts, fmt.Sprintf("I=%d", inst.Free))
	}
	return strings.Join(parts, ", ")
}

// checkOne checks the gradient with respect to wrt: matdiff's own, or the
// candidate of --against.
func (c *checker) checkOne(f ast.Expr, info *ast.Info, wrt string, fixed map[string]int) (*Outcome, error) {
	o := &Outcome{Wrt: wrt, What: c.kind.name}
	var gSrc string // the text positions in the checked gradient refer to
	if c.opts.Candidate != "" {
		g, candInfo, err := c.candidate(f, info, wrt)
		if err != nil {
			return nil, err
		}
		o.Grad, o.Candidate, gSrc = g, true, c.opts.Candidate
		d, err := c.kind.derive(f, info, wrt)
		switch {
		case err != nil:
			o.OwnErr = err.Error()
		default:
			if _, err := candInfo.ShapeOf(c.kind.shaped(f, d.Result, wrt)); err != nil {
				o.OwnErr = err.Error()
			} else {
				o.Own = d.Result
			}
		}
		info = candInfo
	} else {
		d, err := c.kind.derive(f, info, wrt)
		if err != nil {
			return nil, withSrc(err, c.src)
		}
		info = d.Info // it knows the size of every I the derivation made
		if _, err := info.ShapeOf(c.kind.shaped(f, d.Result, wrt)); err != nil {
			return nil, fmt.Errorf("the %s %s does not have the right shape: %v", c.kind.name, ast.Text(d.Result), err)
		}
		o.Grad = d.Result
	}

	// The instances: f, the gradient checked and matdiff's get values
	// that keep them defined.
	all := ast.Expr(ast.Add(f, ast.Frob(o.Grad, o.Grad)))
	if o.Own != nil {
		all = ast.Add(all, ast.Frob(o.Own, o.Own))
	}
	// An instance where f or a gradient is undefined (out of its domain,
	// or overflowing) is set aside for the next seed, up to maxTries.
	maxTries := max(4*c.opts.Seeds, 20)
	var fErr, gErr error // the first failure of each
	tries := 0
	for seed := c.opts.Seed; len(o.Runs) < c.opts.Seeds && tries < maxTries; seed++ {
		tries++
		inst, err := numeric.Random(all, info, seed, numeric.Options{Dims: fixed, MinDim: 2, MaxDim: 5})
		if err != nil {
			return nil, withSrc(err, c.src)
		}
		if c.opts.Budget != nil {
			// The finite differences count against --max-flops and stop at
			// --timeout, as evaluation does.
			inst.Budget = c.opts.Budget("the check")
		}
		if err := numeric.CheckBudget(f, wrt, c.kind.which, info, inst); err != nil {
			if errors.Is(err, ast.ErrBeyondReach) && !numeric.IsOverflow(err) {
				ae := err.(*ast.Error)
				return nil, ast.Beyond(ae.Msg+" (sizes "+Sizes(inst)+")", "finite differences cost a number of evaluations that grows with the entries of the variable: give smaller sizes with --dims (2 to 5 are enough to catch a wrong derivative)")
			}
			if fErr == nil {
				fErr = withSrc(err, c.src)
			}
			continue
		}
		res, err := c.gradientAt(f, o.Grad, wrt, info, inst, c.src, gSrc)
		if err != nil {
			var ae *ast.Error
			if !errors.As(err, &ae) {
				return nil, err
			}
			if gErr == nil {
				gErr = err
			}
			continue
		}
		if res.Unsettled {
			if gErr == nil {
				gErr = errUnsettled
			}
			continue
		}
		o.Runs = append(o.Runs, Run{Seed: seed, Inst: inst, Res: res})
		if e := res.MaxRelErr; e > o.Runs[o.Worst].Res.MaxRelErr || math.IsNaN(e) {
			o.Worst = len(o.Runs) - 1
		}
	}
	if len(o.Runs) == 0 {
		return nil, noInstance(fErr, gErr, tries)
	}
	o.OK = passes(o.Runs)
	if o.Own != nil {
		o.OwnOK = c.holds(f, o.Own, wrt, info, o.Runs, nil)
	}
	if !o.OK && o.Candidate {
		o.Diagnosis = c.diagnose(f, o, info)
	}
	return o, nil
}

// errUnsettled is the failure of an instance where the finite differences
// did not settle as their step shrank (numeric.Result.Unsettled).
var errUnsettled = errors.New("they do not settle as their step shrinks")

// noInstance explains why none of the tries random instances could be
// checked: the first error of f if there is one (it points into the
// user's text), else that of the gradient. An overflow is valid input
// beyond the range of floating-point numbers (exit 4); a domain that the
// random values miss is the input's matter (exit 2).
func noInstance(fErr, gErr error, tries int) error {
	err := fErr
	if err == nil {
		err = gErr
	}
	if err == errUnsettled {
		return ast.Beyond(fmt.Sprintf("at none of the %d random instances tried can finite differences tell whether the %s is right: %s", tries, "derivative", err),
			"the expression varies too fast at the scale of their steps; try smaller values, or smaller sizes with --dims")
	}
	var ae *ast.Error
	if !errors.As(err, &ae) {
		return err
	}
	out := *ae
	if numeric.IsOverflow(err) {
		out.Kind = ast.BeyondReach
		out.Msg = fmt.Sprintf("the values overflow at each of the %d random instances tried: %s", tries, ae.Msg)
		out.Hint = "floating-point numbers reach only about 1.8e308; scale the expression down to check it"
		return &out
	}
	out.Msg = fmt.Sprintf("none of the %d random instances tried is in the domain of the expression: %s", tries, ae.Msg)
	out.Hint = "check draws values in [-1, 1], or in [0.5, 2] under log, sqrt and divisions; an expression defined only elsewhere, such as sqrt(x - 10), cannot be checked on them"
	return &out
}

// candidate parses the gradient of --against and checks it against the
// shapes of f's names: it must have the shape of wrt. The Info returned
// knows f's names and the candidate's.
func (c *checker) candidate(f ast.Expr, info *ast.Info, wrt string) (ast.Expr, *ast.Info, error) {
	g, err := parser.ParseExpr(c.opts.Candidate)
	if err != nil {
		return nil, nil, err
	}
	candInfo, err := ast.Check(g, info.Decls())
	if err != nil {
		return nil, nil, withSrc(err, c.opts.Candidate)
	}
	gs, err := candInfo.ShapeOf(g)
	if err != nil {
		return nil, nil, withSrc(err, c.opts.Candidate)
	}
	ws, _ := candInfo.Name(wrt)
	if _, err := candInfo.ShapeOf(c.kind.shaped(f, g, wrt)); err != nil && c.kind.name != "gradient" {
		return nil, nil, &ast.Error{Msg: fmt.Sprintf("the candidate %s is %s, which does not fit a %s of %s", c.opts.Candidate, gs, c.kind.name, wrt)}
	} else if err != nil {
		e := &ast.Error{Msg: fmt.Sprintf("the candidate %s is %s, but %s is %s; a gradient has the shape of its variable", c.opts.Candidate, gs, wrt, ws)}
		if gs.T().Equal(ws) {
			e.Hint = "its transpose would have the right shape"
		}
		return nil, nil, e
	}
	return g, candInfo, nil
}

// gradientAt evaluates g first, so that an error in it points into its
// own text, then compares it with the numeric gradient of f.
func (c *checker) gradientAt(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance, fSrc, gSrc string) (numeric.Result, error) {
	if _, err := numeric.Eval(f, info, inst); err != nil {
		return numeric.Result{}, withSrc(err, fSrc)
	}
	if _, err := numeric.Eval(g, info, inst); err != nil {
		var ae *ast.Error
		if gSrc == "" && errors.As(err, &ae) {
			out := *ae
			out.Msg = fmt.Sprintf("matdiff's %s %s cannot be evaluated: %s", c.kind.name, ast.Text(g), ae.Msg)
			out.Pos = ast.Pos{}
			return numeric.Result{}, &out
		}
		if gSrc == "" {
			return numeric.Result{}, fmt.Errorf("matdiff's %s %s cannot be evaluated: %v", c.kind.name, ast.Text(g), err)
		}
		return numeric.Result{}, withSrc(err, gSrc)
	}
	res, err := c.kind.compare(f, g, wrt, info, inst)
	if err != nil {
		return numeric.Result{}, withSrc(err, fSrc)
	}
	return res, nil
}

func passes(runs []Run) bool {
	for _, r := range runs {
		if !r.Res.OK() {
			return false
		}
	}
	return true
}

// holds reports whether g passes the check on the instances of runs, with
// each value changed by change first (when not nil). Errors count as
// failures.
func (c *checker) holds(f, g ast.Expr, wrt string, info *ast.Info, runs []Run, change func(*numeric.Instance) *numeric.Instance) bool {
	for _, r := range runs {
		inst := r.Inst
		if change != nil {
			inst = change(inst)
		}
		res, err := c.kind.compare(f, g, wrt, info, inst)
		if err != nil || !res.OK() {
			return false
		}
	}
	return true
}

// relErr measures sym against num as numeric.Gradient does.
func relErr(num, sym mat.Matrix) float64 {
	r, c := num.Dims()
	scale := 1.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			scale = math.Max(scale, math.Abs(num.At(i, j)))
		}
	}
	worst := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			e := math.Abs(num.At(i, j)-sym.At(i, j)) / scale
			if e > worst || math.IsNaN(e) {
				worst = e
			}
		}
	}
	return worst
}

// diagnose looks for a simple relation between the candidate and the true
// gradient: a transpose, a constant factor, a symmetry it assumes.
func (c *checker) diagnose(f ast.Expr, o *Outcome, info *ast.Info) []string {
	var out []string
	ws, _ := info.Name(o.Wrt)
	square := ws.IsSquare() && !ws.Rows.IsOne()

	// Does the candidate vanish?
	zero := true
	for _, r := range o.Runs {
		if mat.Norm(r.Res.Symbolic, math.Inf(1)) > 1e-12*math.Max(1, mat.Norm(r.Res.Numeric, math.Inf(1))) {
			zero = false
		}
	}
	if zero {
		return []string{"the candidate is zero, but the gradient is not"}
	}

	// A factor (1 or another) times the gradient, or its transpose.
	factorOf := func(transpose bool) (float64, bool) {
		k0 := math.NaN()
		for _, r := range o.Runs {
			var num mat.Matrix = r.Res.Numeric
			if transpose {
				num = num.T()
			}
			nn := mat.Dot(asVec(num), asVec(num))
			if nn < 1e-20 {
				return 0, false
			}
			k := mat.Dot(asVec(num), asVec(r.Res.Symbolic)) / nn
			var scaled mat.Dense
			scaled.Scale(k, num)
			if !(relErr(&scaled, r.Res.Symbolic) < numeric.Tol*math.Max(1, math.Abs(k))) {
				return 0, false
			}
			if math.IsNaN(k0) {
				k0 = k
			} else if math.Abs(k-k0) > 1e-6*math.Max(1, math.Abs(k0)) {
				return 0, false
			}
		}
		return k0, true
	}
	if square {
		if k, ok := factorOf(true); ok {
			if math.Abs(k-1) < 1e-6 {
				out = append(out, "the candidate matches the transpose of the gradient")
			} else {
				out = append(out, fmt.Sprintf("the candidate is %s the transpose of the gradient", times(k)))
			}
		}
	}
	if k, ok := factorOf(false); ok && math.Abs(k-1) >= 1e-6 {
		if math.Abs(k+1) < 1e-6 {
			out = append(out, "the candidate is the negative of the gradient: a sign error")
		} else {
			out = append(out, fmt.Sprintf("the candidate is %s the gradient", times(k)))
		}
	}

	// The symmetric part of a candidate for a symmetric variable.
	if info.Symmetric(o.Wrt) && square {
		all := true
		for _, r := range o.Runs {
			var s mat.Dense
			s.Add(r.Res.Symbolic, r.Res.Symbolic.T())
			s.Scale(0.5, &s)
			if !(relErr(r.Res.Numeric, &s) < numeric.Tol) {
				all = false
			}
		}
		if all {
			out = append(out, fmt.Sprintf("the candidate is not symmetric, but its symmetric part (G + G')/2 matches: with respect to the symmetric %s, the gradient is the symmetric one", o.Wrt))
		}
		// 2G - Diag(diag(G)): the derivative by the independent entries.
		all = true
		for _, r := range o.Runs {
			var s mat.Dense
			s.Scale(2, r.Res.Numeric)
			n, _ := s.Dims()
			for i := 0; i < n; i++ {
				s.Set(i, i, r.Res.Numeric.At(i, i))
			}
			if !(relErr(&s, r.Res.Symbolic) < numeric.Tol) {
				all = false
			}
		}
		if all {
			out = append(out, fmt.Sprintf("the candidate is 2G - Diag(diag(G)) for the gradient G: the derivative by the independent entries of %s, not the gradient under the Frobenius product (LANGUAGE.md), which is G", o.Wrt))
		}
	}

	// Symmetry the candidate assumes of a square matrix of f.
	var square2 []string
	for _, n := range ast.Names(f) {
		s, _ := info.Name(n)
		if n != o.Wrt && !info.Symmetric(n) && s.IsSquare() && !s.Rows.IsOne() {
			square2 = append(square2, n)
		}
	}
	symmetrize := func(names []string) func(*numeric.Instance) *numeric.Instance {
		return func(inst *numeric.Instance) *numeric.Instance {
			vals := make(map[string]*mat.Dense, len(inst.Vals))
			for k, v := range inst.Vals {
				vals[k] = v
			}
			for _, n := range names {
				var s mat.Dense
				s.Add(inst.Vals[n], inst.Vals[n].T())
				s.Scale(0.5, &s)
				vals[n] = &s
			}
			return &numeric.Instance{Dims: inst.Dims, Vals: vals}
		}
	}
	found := false
	for _, n := range square2 {
		if c.holds(f, o.Grad, o.Wrt, info, o.Runs, symmetrize([]string{n})) {
			s, _ := info.Name(n)
			out = append(out, fmt.Sprintf("the candidate holds only when %s is symmetric (if it is, declare it so: %s: symmetric %s)", n, n, s))
			found = true
		}
	}
	if !found && len(square2) > 1 && c.holds(f, o.Grad, o.Wrt, info, o.Runs, symmetrize(square2)) {
		out = append(out, fmt.Sprintf("the candidate holds only when %s are symmetric", andList(square2)))
	}
	if len(out) == 0 {
		out = append(out, "it is not the transpose of the gradient, nor a constant times it, nor right for symmetric matrices only")
	}
	return out
}

func asVec(m mat.Matrix) *mat.VecDense {
	r, c := m.Dims()
	v := mat.NewVecDense(r*c, nil)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			v.SetVec(j*r+i, m.At(i, j))
		}
	}
	return v
}

// times words a factor: "2 times", "0.5 times".
func times(k float64) string {
	if r := math.Round(k); math.Abs(k-r) < 1e-6*math.Max(1, math.Abs(k)) {
		k = r
	}
	return strconv.FormatFloat(k, 'g', 6, 64) + " times"
}

func andList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
