// Package verify checks a derivation numerically before anyone sees it:
// the derivative it claims is compared with central finite differences of
// the expression on small random instances, by the machinery of package
// numeric (the same as `matdiff check`).
//
// Derivation says whether a derivative passed (Checked), is wrong
// (Failed, with the instance and the worst entry), or could not be checked
// (Unchecked: no random instance is in the domain of the expression, or
// the check is beyond numeric's limits). It is safe for concurrent use and
// changes neither the derivation nor its Info: the shapes it needs come
// from an Info of its own.
package verify

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/rewrite"
	"gonum.org/v1/gonum/mat"
)

// Status is the verdict of a verification.
type Status int

// The verdicts.
const (
	Checked   Status = iota + 1 // the derivative agrees with finite differences
	Unchecked                   // no instance could be checked: Report.Reason says why
	Failed                      // the derivative disagrees with finite differences
)

func (s Status) String() string {
	switch s {
	case Checked:
		return "checked"
	case Unchecked:
		return "unchecked"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// Report is the outcome of a verification.
type Report struct {
	Status    Status
	Passed    int     // instances on which the derivative agreed
	MaxRelErr float64 // the largest error on those (see numeric.Result)
	Reason    string  // Unchecked: why; Failed: what is wrong, in words

	// Failed: the worst instance that disagreed. Result is the zero value
	// when the derivative could not even be compared (a wrong shape).
	Seed   int64
	Inst   *numeric.Instance
	Result numeric.Result
	Wrt    string // the variable the entries of Result are numbered by
}

// Options say how many instances to try. The zero value is the default.
type Options struct {
	Passes int   // instances that must agree; 0 means 2
	Tries  int   // random instances tried at most; 0 means 8
	Seed   int64 // the first seed; 0 means 1
	// Sizes of the dimension names are drawn from [MinDim, MaxDim];
	// 0 means 2..4.
	MinDim, MaxDim int
	// EntryByEntry checks every entry of the derivative by finite
	// differences, without the faster check along random directions
	// first (which the verdict does not depend on but by a chance that
	// random directions hide an error); for comparison.
	EntryByEntry bool
}

// Limits of a verification, lower than those of numeric: it runs before
// every result is printed, so it must stay cheap; beyond them the result
// is printed unchecked. They count work, not time, so that the verdict is
// the same on any machine.
const (
	MaxEntries = 1 << 14 // entries of the values of one instance
	MaxWork    = 3e7     // operations of the finite differences on one instance (numeric.CheckCost), about a tenth of a second
)

// largest bounds the entries of the values of an instance before it is
// made: a dimension name counts as the largest size drawn.
func largest(info *ast.Info, o Options) float64 {
	most := float64(o.MaxDim)
	if most == 0 {
		most = 4
	}
	size := func(d ast.Dim) float64 {
		v := float64(d.N)
		for range d.Names {
			v *= most
		}
		return v
	}
	n := 0.0
	for _, d := range info.Decls() {
		n += size(d.Shape.Rows) * size(d.Shape.Cols)
	}
	return n
}

// entries counts the entries of the values of inst.
func entries(inst *numeric.Instance) int {
	n := 0
	for _, v := range inst.Vals {
		r, c := v.Dims()
		n += r * c
	}
	return n
}

// Names of the direction and the step of a differential's check: not names
// of the language, so that they cannot meet a user's name.
const (
	dirName  = "V·dir"
	stepName = "t·step"
)

// setup is what a check of one derivation compares.
type setup struct {
	f, claim ast.Expr // the function (made a vector for a vec-Jacobian) and its claimed derivative
	wrt      string
	which    numeric.Which
	info     *ast.Info // shapes of f and claim
	all      ast.Expr  // f and the claim together, for Random
	step     bool      // wrt is the step of a differential: 0 at every instance
}

// prepare builds the expressions to compare for d. A claim that does not
// have the shape it should is an error with the reason.
func prepare(d *rewrite.Derivation) (*setup, error) {
	if d == nil || d.Info == nil || d.F == nil || d.Result == nil {
		return nil, errors.New("an incomplete derivation")
	}
	decls := d.Info.Decls()
	x := ast.S(d.Wrt)
	vx := ast.Fn(ast.FnVec, x)
	s := &setup{f: d.F, claim: d.Result, wrt: d.Wrt, which: numeric.WhichGradient}
	var like ast.Expr // a thing of the shape the claim must have
	xs, _ := d.Info.Name(d.Wrt)
	switch {
	case d.What == rewrite.Jacobian && xs.IsScalar(), d.What == rewrite.Hessian && d.Grad != nil && d.Grad.Wrt != d.Wrt:
		// dY/dt by a scalar t has the shape of Y: it is vec(dY/dt) as a
		// Jacobian of vec(Y). A mixed block d2f/dxdy is the Jacobian by
		// y of the gradient by x (which is verified as a gradient).
		f := d.F
		if d.What == rewrite.Hessian {
			f = d.Of
		}
		s.f = ast.Fn(ast.FnVec, f)
		if xs.IsScalar() {
			s.claim = ast.Fn(ast.FnVec, d.Result)
		}
		s.which, like = numeric.WhichJacobian, ast.Mul(s.f, ast.T(vx))
		if d.Zero {
			s.claim = ast.Mul(ast.N(0), like)
		}
		return s.shape(d, decls, like)
	}
	switch d.What {
	case rewrite.Gradient:
		like = x
	case rewrite.Jacobian:
		s.which, like = numeric.WhichJacobian, ast.Mul(d.F, ast.T(x))
	case rewrite.Hessian:
		s.which, like = numeric.WhichHessian, ast.Mul(vx, ast.T(vx))
	case rewrite.VecJacobian:
		s.f = ast.Fn(ast.FnVec, d.F)
		s.which, like = numeric.WhichJacobian, ast.Mul(s.f, ast.T(vx))
	case rewrite.Differential:
		// dY with dX replaced by a direction V must be d/dt Y(X + tV)
		// at t = 0: the Jacobian of vec Y(X + tV) by the scalar t.
		moved := ast.Map(d.F, func(e ast.Expr) ast.Expr {
			if sy, ok := e.(*ast.Sym); ok && sy.Name == d.Wrt {
				return ast.Add(sy, ast.Mul(ast.S(stepName), ast.S(dirName)))
			}
			return e
		})
		dy := ast.Map(d.Result, func(e ast.Expr) ast.Expr {
			if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpDiff {
				return ast.S(dirName)
			}
			return e
		})
		decls = append(decls, ast.Decl{Name: dirName, Shape: xs, Symmetric: d.Info.Symmetric(d.Wrt)},
			ast.Decl{Name: stepName, Shape: ast.Scalar})
		s.f, s.claim, s.wrt, s.step = ast.Fn(ast.FnVec, moved), ast.Fn(ast.FnVec, dy), stepName, true
		s.which, like = numeric.WhichJacobian, ast.Mul(s.f, ast.T(ast.S(stepName)))
	default:
		return nil, fmt.Errorf("cannot verify a derivation of kind %d", d.What)
	}
	if d.Zero {
		s.claim = ast.Mul(ast.N(0), like) // a zero of the right shape
	}
	return s.shape(d, decls, like)
}

// shape gives s the shapes of what it compares; like has the shape the
// claim must have.
func (s *setup) shape(d *rewrite.Derivation, decls ast.Decls, like ast.Expr) (*setup, error) {
	s.all = ast.Add(ast.Frob(s.f, s.f), ast.Frob(s.claim, like))
	// The I's of a result may take their sizes from the derivation only
	// (kron(I, A) - kron(B', I), or sum(I) for the k of a tr(s + M) with
	// M k x k): shape it with a copy of the derivation's Info, which knows
	// them. A differential's check has names of its own: shape it anew.
	var info *ast.Info
	var err error
	if d.What == rewrite.Differential {
		info, err = ast.Check(s.all, decls)
	} else {
		info = d.Info.Clone()
		_, err = info.ShapeOf(s.all)
	}
	if err != nil {
		return nil, fmt.Errorf("the %s %s does not have the shape it should: %s", whatName(d.What), ast.Text(d.Result), message(err))
	}
	s.info = info
	return s, nil
}

// Derivation verifies d on random instances: the derivative must agree
// with finite differences (numeric.Tol) on o.Passes instances.
//
// An instance where the expression or the derivative is undefined (out of
// its domain, overflowing), or where the finite differences do not settle
// (numeric.Result.Unsettled), is passed over for the next seed. A lone
// disagreement among agreeing instances is taken for a finite difference
// across a kink (abs, relu, step) and outvoted by one more agreeing
// instance; two disagreements fail. When no instance could be checked in
// o.Tries, the verdict is Unchecked, with the reason of the first
// failure. A derivation that cannot be compared at all (a derivative of
// the wrong shape) fails.
//
// The error is for what is no verdict: an incomplete derivation, or an
// internal failure.
func Derivation(d *rewrite.Derivation, o Options) (rep *Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("verify: internal error: %v", r)
		}
	}()
	if o.Passes <= 0 {
		o.Passes = 2
	}
	if o.Tries <= 0 {
		o.Tries = 8
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if d == nil {
		return nil, errors.New("no derivation")
	}
	s, err := prepare(d)
	if err != nil {
		if d.Info == nil || d.F == nil || d.Result == nil {
			return nil, err
		}
		return &Report{Status: Failed, Reason: err.Error(), Wrt: d.Wrt}, nil
	}
	if n := largest(s.info, o); n > MaxEntries {
		return &Report{Status: Unchecked, Reason: fmt.Sprintf("the values would have up to %.3g entries, more than the %d a check before printing uses", n, MaxEntries)}, nil
	}
	rep = &Report{Wrt: s.wrt}
	var worst *Report // the worst disagreement
	failures, unsettled := 0, 0
	reason := ""
	skip := func(why error) {
		if reason == "" {
			reason = message(why)
		}
	}
	compare := map[numeric.Which]func(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance) (numeric.Result, error){
		numeric.WhichGradient: numeric.Gradient, numeric.WhichJacobian: numeric.Jacobian, numeric.WhichHessian: numeric.Hessian,
	}[s.which]
	sampler, err := numeric.NewSampler(s.all, s.info, numeric.Options{MinDim: o.MinDim, MaxDim: o.MaxDim})
	if err != nil {
		return &Report{Status: Unchecked, Reason: "no random instance: " + message(err)}, nil
	}
	for i := 0; i < o.Tries; i++ {
		seed := o.Seed + int64(i)
		inst, err := sampler.Instance(seed) // numeric.Random
		if err != nil {
			return &Report{Status: Unchecked, Reason: "no random instance: " + message(err)}, nil
		}
		if s.step {
			inst.Vals[stepName] = mat.NewDense(1, 1, []float64{0})
		}
		if n := entries(inst); n > MaxEntries {
			return &Report{Status: Unchecked, Reason: fmt.Sprintf("the values would have %d entries, more than the %d a check before printing uses", n, MaxEntries)}, nil
		}
		// One evaluation for the cost and the check along directions.
		probe, err := numeric.NewProbe(s.f, s.wrt, s.info, inst)
		var work float64
		if err == nil {
			work, err = probe.Cost(s.which) // CheckCost
		}
		if err != nil {
			if errors.Is(err, ast.ErrBeyondReach) && !numeric.IsOverflow(err) {
				return &Report{Status: Unchecked, Reason: message(err)}, nil
			}
			skip(err)
			continue
		}
		if work > MaxWork {
			return &Report{Status: Unchecked, Reason: fmt.Sprintf("finite differences would take about %.2g operations, more than the %.0g a check before printing does", work, MaxWork)}, nil
		}
		// Along random directions first (a few evaluations); entry by
		// entry when that does not pass, which also says where a wrong
		// claim is wrong.
		var res numeric.Result
		err = errEntries
		if !o.EntryByEntry {
			res, err = probe.Directional(s.claim, s.which, uint64(seed))
		}
		if err != nil || !res.OK() {
			res, err = compare(s.f, s.claim, s.wrt, s.info, inst)
		}
		if err != nil {
			msg := message(err)
			if strings.HasPrefix(msg, "the "+s.which.String()+" is ") {
				// The claim evaluates to the wrong shape.
				return &Report{Status: Failed, Reason: msg, Seed: seed, Inst: inst, Wrt: s.wrt}, nil
			}
			skip(err)
			continue
		}
		if res.Unsettled {
			unsettled++
			continue
		}
		if res.OK() {
			rep.Passed++
			rep.MaxRelErr = math.Max(rep.MaxRelErr, res.MaxRelErr)
		} else {
			failures++
			if worst == nil || !(res.MaxRelErr <= worst.Result.MaxRelErr) {
				worst = &Report{Status: Failed, Seed: seed, Inst: inst, Result: res, Wrt: s.wrt}
			}
		}
		switch {
		case failures >= 2:
			worst.Passed, worst.MaxRelErr = rep.Passed, rep.MaxRelErr
			worst.Reason = fmt.Sprintf("it disagrees with finite differences on %d of %d instances", failures, failures+rep.Passed)
			return worst, nil
		case rep.Passed >= o.Passes+failures:
			rep.Status = Checked
			return rep, nil
		}
	}
	if worst != nil {
		worst.Passed, worst.MaxRelErr = rep.Passed, rep.MaxRelErr
		worst.Reason = fmt.Sprintf("it disagrees with finite differences on %d of %d instances", failures, failures+rep.Passed)
		return worst, nil
	}
	if rep.Passed > 0 {
		rep.Status = Checked
		return rep, nil
	}
	rep.Status = Unchecked
	rep.Reason = fmt.Sprintf("none of %d random instances is in the domain of the expression: %s", o.Tries, reason)
	if reason == "" || unsettled > o.Tries/2 {
		rep.Reason = fmt.Sprintf("at %d of %d random instances finite differences do not settle as their step shrinks (the expression varies too fast for them)", unsettled, o.Tries)
		if reason != "" {
			rep.Reason += fmt.Sprintf(", and the others are out of the domain of the expression: %s", reason)
		}
	}
	return rep, nil
}

var errEntries = errors.New("entry by entry")

func whatName(w rewrite.What) string {
	switch w {
	case rewrite.Jacobian, rewrite.VecJacobian:
		return "Jacobian"
	case rewrite.Hessian:
		return "Hessian"
	case rewrite.Differential:
		return "differential"
	}
	return "gradient"
}

// message is the text of an error, without its position.
func message(err error) string {
	var ae *ast.Error
	if errors.As(err, &ae) {
		return ae.Msg
	}
	return err.Error()
}

// Describe says in words what a failed report found: the instance (sizes
// and values) and the worst entry.
func (r *Report) Describe() string {
	var b strings.Builder
	b.WriteString(r.Reason)
	if r.Inst == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "\ninstance (seed %d):", r.Seed)
	var dims []string
	for n, v := range r.Inst.Dims {
		dims = append(dims, fmt.Sprintf("%s=%d", n, v))
	}
	sort.Strings(dims)
	if r.Inst.Free > 0 {
		dims = append(dims, fmt.Sprintf("I=%d", r.Inst.Free)) // an I that nothing fixes
	}
	if len(dims) > 0 {
		b.WriteString(" sizes " + strings.Join(dims, ", "))
	}
	var names []string
	for n := range r.Inst.Vals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\n  %s = %s", n, matrix(r.Inst.Vals[n]))
	}
	res := r.Result
	if res.Numeric != nil {
		place := ""
		if rr, cc := res.Numeric.Dims(); rr*cc > 1 {
			place = fmt.Sprintf("(%d,%d)", res.Row+1, res.Col+1)
		}
		fmt.Fprintf(&b, "\nworst entry %s: finite differences %.6g, derivative %.6g (relative error %.2g, tolerance %g)",
			place, res.Numeric.At(res.Row, res.Col), res.Symbolic.At(res.Row, res.Col), res.MaxRelErr, numeric.Tol)
	}
	return b.String()
}

// matrix prints a small matrix on one line: [1 2; 3 4], a scalar alone.
func matrix(m *mat.Dense) string {
	r, c := m.Dims()
	if r == 1 && c == 1 {
		return fmt.Sprintf("%.6g", m.At(0, 0))
	}
	var rows []string
	for i := 0; i < r; i++ {
		var row []string
		for j := 0; j < c; j++ {
			row = append(row, fmt.Sprintf("%.6g", m.At(i, j)))
		}
		rows = append(rows, strings.Join(row, " "))
	}
	return "[" + strings.Join(rows, "; ") + "]"
}
