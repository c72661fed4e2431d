package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// checkCmd verifies a gradient numerically.
//
// The report goes to stdout whether the check passes (exit 0) or fails
// (exit 1); errors in the input go to stderr (exit 2).
type checkCmd struct {
	exprArgs
	Wrt     []string `required:"" help:"The variable to differentiate by; repeat for several (not with --against)." placeholder:"X"`
	Against string   `placeholder:"GRADIENT" help:"Check this gradient (yours, in the language) instead of matdiff's; on a mismatch, say how it is off (transposed, a constant factor, true only for a symmetric matrix) and show matdiff's."`
	Seeds   int      `default:"5" help:"How many random instances to check on."`
	Seed    int64    `default:"1" help:"The seed of the first instance; the others follow."`
	Dims    string   `placeholder:"a=3,b=4" help:"Sizes of dimension names; the others are drawn from 2..5 for each instance."`
	Hessian bool     `help:"Check the Hessian instead of the gradient (a column-vector expression is always checked by its Jacobian)."`

	kind derivative // what is checked: set by run
}

// derivative is what check verifies: a gradient, a Jacobian or a Hessian.
type derivative struct {
	name    string
	derive  func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)
	shaped  func(f, g ast.Expr, wrt string) ast.Expr // an expression that fits when g has the right shape
	compare func(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance) (numeric.Result, error)
	which   numeric.Which
}

var (
	gradientKind = derivative{"gradient", engine.Grad,
		func(f, g ast.Expr, wrt string) ast.Expr { return ast.Frob(g, ast.S(wrt)) }, numeric.Gradient, numeric.WhichGradient}
	jacobianKind = derivative{"Jacobian", engine.Jacobian,
		func(f, g ast.Expr, wrt string) ast.Expr { return ast.Frob(g, ast.Mul(f, ast.T(ast.S(wrt)))) }, numeric.Jacobian, numeric.WhichJacobian}
	hessianKind = derivative{"Hessian", engine.Hessian,
		func(f, g ast.Expr, wrt string) ast.Expr {
			x := ast.Fn(ast.FnVec, ast.S(wrt))
			return ast.Frob(g, ast.Mul(x, ast.T(x)))
		}, numeric.Hessian, numeric.WhichHessian}
)

// Help is the long help of check.
func (c *checkCmd) Help() string {
	return `Compares the gradient with central finite differences on random instances
(sizes from 2..5 unless --dims fixes them; values that keep the expression defined).
The relative error of an entry is |numeric - symbolic| / max(1, largest numeric entry);
the check passes when it stays below 1e-05 everywhere. An instance where the expression
or the gradient is undefined is passed over for the next seed (20 tries at most, or 4
times --seeds); a check that finite differences would make too costly (they evaluate
the expression 4 times per entry of the variable, 8 per pair for a Hessian) is refused
before it starts.

The report (stdout): the gradient checked, one line per instance with its sizes and
error, then OK, or FAIL with the worst entry. With --against and a mismatch, what is
wrong with the candidate (transposed, a constant factor off, right only for a symmetric
matrix) and matdiff's own gradient. -q prints "OK 3.2e-11" or "FAIL 0.84" alone.
Exit status: 0 OK, 1 FAIL, 2 bad input (also: no random instance in the domain),
4 beyond reach (a check too costly, values that overflow).

Example:
  matdiff check --wrt x "x' A x where x: n x 1, A: symmetric n x n" --against "2 A x"`
}

// One instance checked.
type checkRun struct {
	seed int64
	inst *numeric.Instance
	res  numeric.Result
}

// The check of one variable.
type checkOutcome struct {
	wrt       string
	grad      ast.Expr // what was checked
	candidate bool     // grad is the user's
	runs      []checkRun
	worst     int // index into runs
	ok        bool
	diagnosis []string
	own       ast.Expr // matdiff's gradient, with --against (nil if none)
	ownErr    string   // why there is none
	ownOK     bool     // matdiff's gradient passes on the same instances
}

func (o *checkOutcome) maxErr() float64 {
	if len(o.runs) == 0 {
		return 0
	}
	return o.runs[o.worst].res.MaxRelErr
}

func (c *checkCmd) run(e *env, out io.Writer) error {
	f, info, err := c.load(e, true)
	if err != nil {
		return err
	}
	c.kind = gradientKind
	switch s := info.Shape(f); {
	case c.Hessian:
		c.kind = hessianKind
	case s.IsColumn() && !s.IsScalar():
		c.kind = jacobianKind
	}
	if c.Against != "" && len(c.Wrt) > 1 {
		return &ast.Error{Msg: fmt.Sprintf("--against checks one gradient, but %d variables were given with --wrt", len(c.Wrt))}
	}
	if c.Seeds < 1 {
		return &ast.Error{Msg: fmt.Sprintf("--seeds must be at least 1, not %d", c.Seeds)}
	}
	for _, wrt := range c.Wrt {
		if _, ok := info.Name(wrt); !ok {
			return &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", wrt), Hint: fmt.Sprintf("the names in it are %v", ast.Names(f))}
		}
	}
	dims, err := parseDims(c.Dims, info)
	if err != nil {
		return err
	}
	var outcomes []*checkOutcome
	for _, wrt := range c.Wrt {
		o, err := c.checkOne(f, info, wrt, dims)
		if err != nil {
			return err
		}
		outcomes = append(outcomes, o)
	}

	ok := true
	worst := 0.0
	for _, o := range outcomes {
		ok = ok && o.ok
		if w := o.maxErr(); w > worst || math.IsNaN(w) {
			worst = w
		}
	}
	var buf bytes.Buffer
	switch {
	case c.Format == "json":
		err = c.writeJSON(&buf, outcomes, ok, worst)
	case c.Q:
		word := "OK"
		if !ok {
			word = "FAIL"
		}
		fmt.Fprintf(&buf, "%s %s\n", word, err2(worst))
	default:
		for i, o := range outcomes {
			if i > 0 {
				buf.WriteByte('\n')
			}
			c.writeText(&buf, o, len(outcomes) > 1)
		}
	}
	if err != nil {
		return err
	}
	if !ok {
		// The report of a failed check is the command's output too.
		e.stdout.Write(buf.Bytes())
		return errCheckFailed
	}
	_, err = out.Write(buf.Bytes())
	return err
}

// checkOne checks the gradient with respect to wrt: matdiff's own, or the
// candidate of --against.
func (c *checkCmd) checkOne(f ast.Expr, info *ast.Info, wrt string, fixed map[string]int) (*checkOutcome, error) {
	o := &checkOutcome{wrt: wrt}
	var gSrc string // the text positions in the checked gradient refer to
	if c.Against != "" {
		g, candInfo, err := c.candidate(f, info, wrt)
		if err != nil {
			return nil, err
		}
		o.grad, o.candidate, gSrc = g, true, c.Against
		d, err := c.derive(f, info, wrt)
		switch {
		case err != nil:
			o.ownErr = err.Error()
		default:
			if _, err := candInfo.ShapeOf(c.kind.shaped(f, d.Result, wrt)); err != nil {
				o.ownErr = err.Error()
			} else {
				o.own = d.Result
			}
		}
		info = candInfo
	} else {
		d, err := c.derive(f, info, wrt)
		if err != nil {
			return nil, withSrc(err, c.Expr)
		}
		info = d.Info // it knows the size of every I the derivation made
		if _, err := info.ShapeOf(c.kind.shaped(f, d.Result, wrt)); err != nil {
			return nil, fmt.Errorf("the %s %s does not have the right shape: %v", c.kind.name, ast.Text(d.Result), err)
		}
		o.grad = d.Result
	}

	// The instances: f, the gradient checked and matdiff's get values
	// that keep them defined.
	all := ast.Expr(ast.Add(f, ast.Frob(o.grad, o.grad)))
	if o.own != nil {
		all = ast.Add(all, ast.Frob(o.own, o.own))
	}
	// An instance where f or a gradient is undefined (out of its domain,
	// or overflowing) is set aside for the next seed, up to maxTries.
	maxTries := max(4*c.Seeds, 20)
	var fErr, gErr error // the first failure of each
	tries := 0
	for seed := c.Seed; len(o.runs) < c.Seeds && tries < maxTries; seed++ {
		tries++
		inst, err := numeric.Random(all, info, seed, numeric.Options{Dims: fixed, MinDim: 2, MaxDim: 5})
		if err != nil {
			return nil, withSrc(err, c.Expr)
		}
		// The finite differences count against --max-flops and stop at
		// --timeout, as evaluation does.
		inst.Budget = c.budget("the check")
		if err := numeric.CheckBudget(f, wrt, c.kind.which, info, inst); err != nil {
			if errors.Is(err, ast.ErrBeyondReach) && !numeric.IsOverflow(err) {
				ae := err.(*ast.Error)
				return nil, ast.Beyond(ae.Msg+" (sizes "+sizes(inst)+")", "finite differences cost a number of evaluations that grows with the entries of the variable: give smaller sizes with --dims (2 to 5 are enough to catch a wrong derivative)")
			}
			if fErr == nil {
				fErr = withSrc(err, c.Expr)
			}
			continue
		}
		res, err := c.gradientAt(f, o.grad, wrt, info, inst, c.Expr, gSrc)
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
		o.runs = append(o.runs, checkRun{seed: seed, inst: inst, res: res})
		if e := res.MaxRelErr; e > o.runs[o.worst].res.MaxRelErr || math.IsNaN(e) {
			o.worst = len(o.runs) - 1
		}
	}
	if len(o.runs) == 0 {
		return nil, noInstance(fErr, gErr, tries)
	}
	o.ok = passes(o.runs)
	if o.own != nil {
		o.ownOK = c.holds(f, o.own, wrt, info, o.runs, nil)
	}
	if !o.ok && o.candidate {
		o.diagnosis = c.diagnose(f, o, info)
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
func (c *checkCmd) candidate(f ast.Expr, info *ast.Info, wrt string) (ast.Expr, *ast.Info, error) {
	g, err := parser.ParseExpr(c.Against)
	if err != nil {
		return nil, nil, err
	}
	candInfo, err := ast.Check(g, info.Decls())
	if err != nil {
		return nil, nil, withSrc(err, c.Against)
	}
	gs, err := candInfo.ShapeOf(g)
	if err != nil {
		return nil, nil, withSrc(err, c.Against)
	}
	ws, _ := candInfo.Name(wrt)
	if _, err := candInfo.ShapeOf(c.kind.shaped(f, g, wrt)); err != nil && c.kind.name != "gradient" {
		return nil, nil, &ast.Error{Msg: fmt.Sprintf("the candidate %s is %s, which does not fit a %s of %s", c.Against, gs, c.kind.name, wrt)}
	} else if err != nil {
		e := &ast.Error{Msg: fmt.Sprintf("the candidate %s is %s, but %s is %s; a gradient has the shape of its variable", c.Against, gs, wrt, ws)}
		if gs.T().Equal(ws) {
			e.Hint = "its transpose would have the right shape"
		}
		return nil, nil, e
	}
	return g, candInfo, nil
}

// gradientAt evaluates g first, so that an error in it points into its
// own text, then compares it with the numeric gradient of f.
func (c *checkCmd) gradientAt(f, g ast.Expr, wrt string, info *ast.Info, inst *numeric.Instance, fSrc, gSrc string) (numeric.Result, error) {
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

func passes(runs []checkRun) bool {
	for _, r := range runs {
		if !r.res.OK() {
			return false
		}
	}
	return true
}

// holds reports whether g passes the check on the instances of runs, with
// each value changed by change first (when not nil). Errors count as
// failures.
func (c *checkCmd) holds(f, g ast.Expr, wrt string, info *ast.Info, runs []checkRun, change func(*numeric.Instance) *numeric.Instance) bool {
	for _, r := range runs {
		inst := r.inst
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
func (c *checkCmd) diagnose(f ast.Expr, o *checkOutcome, info *ast.Info) []string {
	var out []string
	ws, _ := info.Name(o.wrt)
	square := ws.IsSquare() && !ws.Rows.IsOne()

	// Does the candidate vanish?
	zero := true
	for _, r := range o.runs {
		if mat.Norm(r.res.Symbolic, math.Inf(1)) > 1e-12*math.Max(1, mat.Norm(r.res.Numeric, math.Inf(1))) {
			zero = false
		}
	}
	if zero {
		return []string{"the candidate is zero, but the gradient is not"}
	}

	// A factor (1 or another) times the gradient, or its transpose.
	factorOf := func(transpose bool) (float64, bool) {
		k0 := math.NaN()
		for _, r := range o.runs {
			var num mat.Matrix = r.res.Numeric
			if transpose {
				num = num.T()
			}
			nn := mat.Dot(asVec(num), asVec(num))
			if nn < 1e-20 {
				return 0, false
			}
			k := mat.Dot(asVec(num), asVec(r.res.Symbolic)) / nn
			var scaled mat.Dense
			scaled.Scale(k, num)
			if !(relErr(&scaled, r.res.Symbolic) < numeric.Tol*math.Max(1, math.Abs(k))) {
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
	if info.Symmetric(o.wrt) && square {
		all := true
		for _, r := range o.runs {
			var s mat.Dense
			s.Add(r.res.Symbolic, r.res.Symbolic.T())
			s.Scale(0.5, &s)
			if !(relErr(r.res.Numeric, &s) < numeric.Tol) {
				all = false
			}
		}
		if all {
			out = append(out, fmt.Sprintf("the candidate is not symmetric, but its symmetric part (G + G')/2 matches: with respect to the symmetric %s, the gradient is the symmetric one", o.wrt))
		}
		// 2G - Diag(diag(G)): the derivative by the independent entries.
		all = true
		for _, r := range o.runs {
			var s mat.Dense
			s.Scale(2, r.res.Numeric)
			n, _ := s.Dims()
			for i := 0; i < n; i++ {
				s.Set(i, i, r.res.Numeric.At(i, i))
			}
			if !(relErr(&s, r.res.Symbolic) < numeric.Tol) {
				all = false
			}
		}
		if all {
			out = append(out, fmt.Sprintf("the candidate is 2G - Diag(diag(G)) for the gradient G: the derivative by the independent entries of %s, not the gradient under the Frobenius product (LANGUAGE.md), which is G", o.wrt))
		}
	}

	// Symmetry the candidate assumes of a square matrix of f.
	var square2 []string
	for _, n := range ast.Names(f) {
		s, _ := info.Name(n)
		if n != o.wrt && !info.Symmetric(n) && s.IsSquare() && !s.Rows.IsOne() {
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
		if c.holds(f, o.grad, o.wrt, info, o.runs, symmetrize([]string{n})) {
			s, _ := info.Name(n)
			out = append(out, fmt.Sprintf("the candidate holds only when %s is symmetric (if it is, declare it so: %s: symmetric %s)", n, n, s))
			found = true
		}
	}
	if !found && len(square2) > 1 && c.holds(f, o.grad, o.wrt, info, o.runs, symmetrize(square2)) {
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

// err2 prints a relative error with two significant digits.
func err2(x float64) string {
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// sizes prints the sizes of an instance: "a=3, b=4, e=2", and "I=3" for
// an I whose size nothing fixes.
func sizes(inst *numeric.Instance) string {
	var parts []string
	for _, n := range sortedKeys(inst.Dims) {
		parts = append(parts, fmt.Sprintf("%s=%d", n, inst.Dims[n]))
	}
	if inst.Free > 0 {
		// The size of an I that nothing fixes.
		parts = append(parts, fmt.Sprintf("I=%d", inst.Free))
	}
	return strings.Join(parts, ", ")
}

func (c *checkCmd) writeText(w io.Writer, o *checkOutcome, several bool) {
	p := func(x ast.Expr) string { return ast.Print(x, c.format()) }
	what := c.kind.name
	if o.candidate {
		what = "candidate"
	}
	if several {
		what += " with respect to " + o.wrt
	}
	fmt.Fprintf(w, "%s: %s\n", what, p(o.grad))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range o.runs {
		sz := sizes(r.inst)
		if sz != "" {
			sz = "sizes: " + sz
		}
		fmt.Fprintf(tw, "seed %d\t%s\trelative error %s\n", r.seed, sz, err2(r.res.MaxRelErr))
	}
	tw.Flush()
	n := fmt.Sprintf("%d instance", len(o.runs))
	if len(o.runs) > 1 {
		n += "s"
	}
	if o.ok {
		fmt.Fprintf(w, "OK: largest relative error %s (%s, tolerance %g)\n", err2(o.maxErr()), n, numeric.Tol)
		if !(o.maxErr() < numeric.Tol) {
			fmt.Fprintln(w, "(above the tolerance only where the finite differences themselves are uncertain: a kink, or rounding of large values)")
		}
		return
	}
	r := o.runs[o.worst]
	fmt.Fprintf(w, "FAIL: largest relative error %s (tolerance %g)\n", err2(o.maxErr()), numeric.Tol)
	who := "matdiff"
	if o.candidate {
		who = "candidate"
	}
	fmt.Fprintf(w, "worst entry: %s%s at seed %d: numeric %s, %s %s\n", o.wrt, entry(r.res), r.seed,
		num6(r.res.Numeric.At(r.res.Row, r.res.Col)), who, num6(r.res.Symbolic.At(r.res.Row, r.res.Col)))
	for _, d := range o.diagnosis {
		fmt.Fprintln(w, d)
	}
	if o.candidate {
		if o.own != nil {
			fmt.Fprintf(w, "matdiff's gradient: %s\n", p(o.own))
			if !o.ownOK {
				fmt.Fprintln(w, "(it fails this check too: please report this, with the command line)")
			}
		} else {
			fmt.Fprintf(w, "matdiff has no gradient to offer: %s\n", o.ownErr)
		}
	} else {
		fmt.Fprintln(w, "this is a bug in matdiff: please report it, with the command line")
	}
}

// entry prints the 1-based place of the worst entry: "(2,1)", or "" for a
// scalar variable.
func entry(res numeric.Result) string {
	r, c := res.Numeric.Dims()
	if r == 1 && c == 1 {
		return ""
	}
	return fmt.Sprintf("(%d,%d)", res.Row+1, res.Col+1)
}

// jnum is x for JSON: null when it is not finite.
func jnum(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func (c *checkCmd) writeJSON(w io.Writer, outcomes []*checkOutcome, ok bool, worst float64) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if c.Q {
		return enc.Encode(map[string]any{"ok": ok, "max_rel_err": jnum(worst)})
	}
	enc.SetIndent("", "  ")
	var checks []map[string]any
	for _, o := range outcomes {
		var runs []map[string]any
		for _, r := range o.runs {
			runs = append(runs, map[string]any{
				"seed":    r.seed,
				"sizes":   r.inst.Dims,
				"rel_err": jnum(r.res.MaxRelErr),
				"worst": map[string]any{
					"row": r.res.Row + 1, "col": r.res.Col + 1,
					"numeric":  jnum(r.res.Numeric.At(r.res.Row, r.res.Col)),
					"symbolic": jnum(r.res.Symbolic.At(r.res.Row, r.res.Col)),
				},
			})
		}
		source := "matdiff"
		if o.candidate {
			source = "candidate"
		}
		m := map[string]any{
			"wrt": o.wrt, "gradient": ast.Text(o.grad), "source": source,
			"ok": o.ok, "max_rel_err": jnum(o.maxErr()), "instances": runs,
		}
		if o.candidate {
			m["diagnosis"] = append([]string{}, o.diagnosis...)
			if o.own != nil {
				m["matdiff_gradient"] = ast.Text(o.own)
			} else {
				m["matdiff_gradient"] = nil
				m["matdiff_error"] = o.ownErr
			}
		}
		checks = append(checks, m)
	}
	return enc.Encode(map[string]any{
		"input": c.Expr, "ok": ok, "max_rel_err": jnum(worst), "tolerance": numeric.Tol, "checks": checks,
	})
}
