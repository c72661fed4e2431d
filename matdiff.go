// Package matdiff does matrix calculus from Go: gradients, Jacobians and
// Hessians in compact matrix form, derived step by step, checked
// numerically, printed as text, unicode, LaTeX or JSON.
//
//	d, err := matdiff.Grad("x' A x where x: n x 1, A: n x n", "x")
//	if err != nil { ... }
//	fmt.Println(d.Result()) // A' x + A x
//
// Parse reads an expression with its declarations once; its methods Grad,
// Jacobian, Hessian and Differential derive it, Eval evaluates it and
// Check checks a candidate answer. Every function of the package is safe
// for concurrent use, and nothing it returns is changed afterwards.
//
// # Errors
//
// Bad input and input beyond matdiff's reach are *ast.Error values (alias
// Error here), with a position and a caret excerpt (Error.Pretty);
// errors.Is(err, ErrBadInput) and errors.Is(err, ErrBeyondReach) tell them
// apart. A failure of matdiff itself matches ErrInternal and is an
// *InternalError.
package matdiff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/codegen"
	"github.com/matdiff/matdiff/internal/diagnose"
	"github.com/matdiff/matdiff/internal/verify"
	"github.com/matdiff/matdiff/matio"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// Error is the error of bad input or of input beyond matdiff's reach: it
// has the position, the message, a hint and the kind.
type Error = ast.Error

// The kinds of error, for errors.Is.
var (
	ErrBadInput    = ast.ErrBadInput    // the input is wrong: the message says what and where
	ErrBeyondReach = ast.ErrBeyondReach // valid input beyond matdiff's reach: a limit, a missing identity
	ErrInternal    = errors.New("internal error")
)

// InternalError is a failure of matdiff itself: a bug, to be reported.
// errors.Is(err, ErrInternal) matches it.
type InternalError struct {
	Msg string
	Err error // the cause, or nil
}

func (e *InternalError) Error() string {
	if e.Err != nil {
		return "internal error: " + e.Msg + ": " + e.Err.Error()
	}
	return "internal error: " + e.Msg
}

// Is matches ErrInternal.
func (e *InternalError) Is(target error) bool { return target == ErrInternal }

// Unwrap returns the cause.
func (e *InternalError) Unwrap() error { return e.Err }

var engineOnce = sync.OnceValue(func() *rewrite.Engine { return rewrite.Compiled(parser.ParsePattern) })

// Engine returns the one derivation engine of the package, compiled on
// first use. It is safe for concurrent use.
func Engine() *rewrite.Engine { return engineOnce() }

// Expr is an expression with the declarations of its names, as Parse
// reads it. It is immutable and safe for concurrent use.
type Expr struct {
	src, where string
	expr       ast.Expr
	decls      ast.Decls
	noVerify   bool
	cx         context.Context // of the derivations; nil: context.Background()
	limits     *budget.Limits  // of the derivations; nil: the engine's
	found      *found          // shared by the copies of e; nil: none kept
}

// found keeps the first Info that Info returned for an Expr (and its
// copies), with scalar and without, for the derivations: a command that
// asks for the shapes and then derives has them worked out once.
type found struct {
	mu   sync.Mutex
	info [2]*ast.Info
}

// Parse reads an expression, optionally followed by "where" and the
// shapes of its names: "x' A x where x: n x 1, A: n x n". The error is an
// *Error with the position of the problem.
func Parse(src string) (*Expr, error) { return ParseWhere(src, "") }

// ParseWhere is Parse with more declarations in where (as --where gives
// them): "A: n x n, x: n x 1".
func ParseWhere(src, where string) (*Expr, error) {
	expr, decls, err := parser.Parse(src)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(where) != "" {
		more, err := parser.ParseDecls(where)
		if err != nil {
			return nil, err
		}
		for _, d := range more {
			if decls.Lookup(d.Name) != nil {
				return nil, &ast.Error{Pos: d.At, Src: where, Msg: fmt.Sprintf("%s is declared both in the expression's where clause and in --where", d.Name)}
			}
			decls = append(decls, d)
		}
	}
	if err := ast.ZeroDivision(expr); err != nil {
		err.Src = src
		return nil, err
	}
	return &Expr{src: src, where: where, expr: expr, decls: decls, found: &found{}}, nil
}

// ParseWith is Parse with declarations kept from elsewhere (an
// interactive session's): those of src's own where clause win, and a
// declaration of a name that src does not use is left out.
func ParseWith(src string, decls ast.Decls) (*Expr, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, n := range ast.Names(e.expr) {
		used[n] = true
	}
	for _, d := range decls {
		if used[d.Name] && e.decls.Lookup(d.Name) == nil {
			e.decls = append(e.decls, d)
		}
	}
	return e, nil
}

// Source returns the text the expression was parsed from.
func (e *Expr) Source() string { return e.src }

// AST returns the syntax tree of the expression (without the declarations).
func (e *Expr) AST() ast.Expr { return e.expr }

// Decls returns the declarations, those of the where clause then those of
// ParseWhere's where.
func (e *Expr) Decls() ast.Decls { return append(ast.Decls(nil), e.decls...) }

// Unverified returns a copy of e whose derivatives are not checked
// numerically before they are returned.
func (e *Expr) Unverified() *Expr {
	c := *e
	c.noVerify = true
	return &c
}

// WithLimits returns a copy of e whose derivations stop when cx ends (nil:
// never) and keep within lim: the most rule applications, nodes and units
// of work a derivation may use (see package budget). A limit reached is an
// *Error of kind BeyondReach that names it.
func (e *Expr) WithLimits(cx context.Context, lim budget.Limits) *Expr {
	c := *e
	c.cx, c.limits = cx, &lim
	return &c
}

// engine returns the engine with the limits of e, and its context.
func (e *Expr) engine() (context.Context, *rewrite.Engine) {
	cx, eng := e.cx, Engine()
	if cx == nil {
		cx = context.Background()
	}
	if e.limits != nil {
		eng = eng.WithLimits(*e.limits)
	}
	return cx, eng
}

// Info returns the shapes of the expression and its names. With scalar,
// an expression whose size the declarations leave open is taken to be a
// scalar (as for a gradient); without, it keeps the size inferred (as for
// a Jacobian). Each call returns a new Info; the derivations of e (and of
// its copies) may use the first, which is safe for concurrent use (an
// ast.Info only caches the shapes it is asked for).
func (e *Expr) Info(scalar bool) (*ast.Info, error) {
	check, i := ast.Check, 0
	if scalar {
		check, i = ast.CheckScalar, 1
	}
	info, err := e.check(check)
	if err == nil && e.found != nil {
		e.found.mu.Lock()
		if e.found.info[i] == nil {
			e.found.info[i] = info
		}
		e.found.mu.Unlock()
	}
	return info, err
}

// info is Info for a derivation: the first Info that Info returned, when
// there is one.
func (e *Expr) info(scalar bool) (*ast.Info, error) {
	if e.found != nil {
		i := 0
		if scalar {
			i = 1
		}
		e.found.mu.Lock()
		info := e.found.info[i]
		e.found.mu.Unlock()
		if info != nil {
			return info, nil
		}
	}
	return e.Info(scalar)
}

func (e *Expr) check(check func(ast.Expr, ast.Decls) (*ast.Info, error)) (*ast.Info, error) {
	info, err := check(e.expr, e.decls)
	if err != nil {
		var ae *ast.Error
		if errors.As(err, &ae) && ae.Src == "" {
			c := *ae
			c.Src = e.src
			return nil, &c
		}
		return nil, err
	}
	return info, nil
}

// Ambiguities returns notes on the places where the tokens of the
// expression could be grouped two ways that both fit the shapes (A x .* z
// reads as A (x .* z), but (A x) .* z fits too), each at its operator and
// showing both readings; info is what Info returned. They are notes, not
// errors: the expression is read as the language says.
func (e *Expr) Ambiguities(info *ast.Info) []*Error {
	ns := ast.Ambiguities(e.expr, e.decls, info)
	out := make([]*Error, len(ns))
	for i, n := range ns {
		c := *n
		c.Src = e.src
		out[i] = &c
	}
	return out
}

// Derivation is a derivative with the steps that reach it and what its
// numerical check found.
type Derivation struct {
	*rewrite.Derivation
	// Verified is what the check against finite differences found:
	// Checked, or Unchecked with Reason saying why (too
	// costly, no instance in the domain), or 0 when not checked on request.
	Verified verify.Status
	Reason   string

	input, where string // the text of the expression and of ParseWhere's where
}

// Grad parses src and derives its gradient by wrt: a shortcut for Parse
// then Expr.Grad.
func Grad(src, wrt string) (*Derivation, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return e.Grad(wrt)
}

// Grad derives the gradient of a scalar expression by wrt: the matrix G
// of the shape of wrt with df = G : d(wrt).
func (e *Expr) Grad(wrt string) (*Derivation, error) {
	cx, eng := e.engine()
	return e.derive(true, wrt, func(f ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) {
		return eng.GradContext(cx, f, info, wrt)
	})
}

// Jacobian derives the Jacobian of a column vector by a column vector (m x
// n); by a scalar, the derivative; for a matrix expression or variable, the
// differential dY in matrix form (see Differential).
func (e *Expr) Jacobian(wrt string) (*Derivation, error) {
	cx, eng := e.engine()
	return e.derive(false, wrt, func(y ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) {
		xs, _ := info.Name(wrt)
		switch {
		case xs.IsScalar():
			return eng.ByScalarContext(cx, y, info, wrt)
		case info.Shape(y).IsColumn() && xs.IsColumn():
			return eng.JacobianContext(cx, y, info, wrt)
		}
		return eng.DifferentialContext(cx, y, info, wrt)
	})
}

// Differential derives the differential dY = A dX B + ... of a matrix
// expression by wrt.
func (e *Expr) Differential(wrt string) (*Derivation, error) {
	cx, eng := e.engine()
	return e.derive(false, wrt, func(y ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) {
		return eng.DifferentialContext(cx, y, info, wrt)
	})
}

// VecJacobian derives the Jacobian of vec(Y) by vec(X), in Kronecker form.
func (e *Expr) VecJacobian(wrt string) (*Derivation, error) {
	cx, eng := e.engine()
	return e.derive(false, wrt, func(y ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) {
		return eng.VecJacobianContext(cx, y, info, wrt)
	})
}

// Hessian derives the Hessian of a scalar expression by one variable, or
// with two (x, y) the mixed block d2f/dxdy: the Jacobian by y of the
// gradient by x.
func (e *Expr) Hessian(wrt ...string) (*Derivation, error) {
	cx, eng := e.engine()
	switch len(wrt) {
	case 1:
		return e.derive(true, wrt[0], func(f ast.Expr, info *ast.Info, x string) (*rewrite.Derivation, error) {
			return eng.HessianContext(cx, f, info, x)
		})
	case 2:
		x := wrt[0]
		return e.derive(true, wrt[1], func(f ast.Expr, info *ast.Info, y string) (*rewrite.Derivation, error) {
			if _, ok := info.Name(x); !ok {
				return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", x), Hint: fmt.Sprintf("the names in it are %v", ast.Names(f))}
			}
			return eng.MixedHessianContext(cx, f, info, x, y)
		})
	}
	return nil, &ast.Error{Msg: fmt.Sprintf("hessian takes one variable, or two for a mixed block, not %d", len(wrt)),
		Hint: "--wrt x for the Hessian by x; --wrt x --wrt y for the block d2f/dxdy"}
}

// recovered turns a panic into an *InternalError (whose message has no
// stack trace: set MATDIFF_DEBUG to have it on stderr).
func recovered(err *error) {
	if r := recover(); r != nil {
		if os.Getenv("MATDIFF_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "panic: %v\n%s", r, debug.Stack())
		}
		ie := &InternalError{Msg: fmt.Sprint(r)}
		if e, ok := r.(error); ok {
			ie.Msg, ie.Err = "unexpected failure", e
		}
		*err = ie
	}
}

func (e *Expr) derive(scalar bool, wrt string, by func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)) (_ *Derivation, err error) {
	defer recovered(&err)
	info, err := e.info(scalar)
	if err != nil {
		return nil, err
	}
	if _, ok := info.Name(wrt); !ok {
		return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", wrt), Hint: fmt.Sprintf("the names in it are %v", ast.Names(e.expr))}
	}
	rd, err := by(e.expr, info, wrt)
	if err != nil {
		var ae *ast.Error
		if errors.As(err, &ae) && ae.Src == "" && ae.Pos.IsValid() {
			c := *ae
			c.Src = e.src
			return nil, &c
		}
		return nil, err
	}
	d := &Derivation{Derivation: rd, input: e.src, where: e.where}
	if e.noVerify {
		return d, nil
	}
	return d.Verify(true)
}

// Verify checks a derivative that was derived Unverified (or changed
// since) against finite differences, and returns it with Verified and
// Reason saying what the check found; d itself does not change. A result
// that disagrees with finite differences is an *InternalError with the
// instance and the worst entry. With steps, the gradient that the
// derivation of a Hessian shows is checked too.
func (d *Derivation) Verify(steps bool) (_ *Derivation, err error) {
	defer recovered(&err)
	v := *d
	if err := v.verify(steps); err != nil {
		return nil, err
	}
	return &v, nil
}

// verify checks d numerically; a result that disagrees with finite
// differences is an internal error (never returned as a result).
func (d *Derivation) verify(steps bool) error {
	check := func(rd *rewrite.Derivation) (*verify.Report, error) {
		rep, err := verify.Derivation(rd, verify.Options{})
		if err != nil {
			return nil, &InternalError{Msg: "the numerical check of the derivative by " + rd.Wrt + " failed", Err: err}
		}
		if rep.Status == verify.Failed {
			src := d.input
			if strings.TrimSpace(d.where) != "" {
				src += " (--where " + d.where + ")"
			}
			return nil, &InternalError{Msg: fmt.Sprintf("the result for %s, %s, failed its numerical check\nexpression: %s\n%s",
				rd.Wrt, ast.Text(rd.Result), src, rep.Describe())}
		}
		return rep, nil
	}
	rep, err := check(d.Derivation)
	if err != nil {
		return err
	}
	if steps && d.What == rewrite.Hessian && d.Grad != nil {
		// The derivation of a Hessian shows the gradient too.
		if _, err := check(d.Grad); err != nil {
			return err
		}
	}
	d.Verified, d.Reason = rep.Status, rep.Reason
	return nil
}

// Format is an output format.
type Format int

// The formats.
const (
	Text    Format = iota // plain text that parses back: x' A x
	Unicode               // xᵀ A x
	LaTeX                 // an align* environment
	JSON                  // see docs/json.md
)

// Result returns the derivative alone, as text that parses back.
func (d *Derivation) Result() string { return ast.Text(d.Derivation.Result) }

// String returns the whole derivation as text.
func (d *Derivation) String() string {
	var b strings.Builder
	d.Write(&b, Text, false)
	return b.String()
}

// Render returns the derivation in format f; with quiet, the result alone.
func (d *Derivation) Render(f Format, quiet bool) (string, error) {
	var b strings.Builder
	err := d.Write(&b, f, quiet)
	return b.String(), err
}

// Write prints the derivation to w in format f; with quiet, the result
// alone.
func (d *Derivation) Write(w io.Writer, f Format, quiet bool) error {
	checks := map[*rewrite.Derivation]render.Check{d.Derivation: {Checked: d.Verified == verify.Checked, Reason: d.Reason}}
	if d.Verified == 0 {
		checks = nil
	}
	if f == JSON {
		return render.JSONWith(w, d.input, d.Info, []*rewrite.Derivation{d.Derivation}, render.Options{Quiet: quiet, Checks: checks})
	}
	o := render.Options{Format: ast.FormatText, Quiet: quiet, Checks: checks}
	switch f {
	case Unicode:
		o.Format = ast.FormatUnicode
	case LaTeX:
		o.Format = ast.FormatLaTeX
	}
	return render.Derivation(w, d.Derivation, o)
}

// Emit returns the derivative as source code in target: "numpy", "torch"
// or "go" (see package codegen). The error is an *Error: an unknown
// target, or (beyond reach) an expression that cannot be exported.
func (d *Derivation) Emit(target string) (_ string, err error) {
	defer recovered(&err)
	t, err := codegen.ParseTarget(target)
	if err != nil {
		return "", err
	}
	return codegen.Source([]*rewrite.Derivation{d.Derivation}, codegen.Options{Target: t, Input: d.input})
}

// Eval evaluates the expression with the values of its names. Sizes of
// the dimension names come from the values; a 1 x 1 value of a name the
// declarations leave open makes it a scalar.
func (e *Expr) Eval(vals map[string]*mat.Dense) (*mat.Dense, error) {
	var bs []matio.Binding
	for _, n := range ast.Names(e.expr) {
		if v, ok := vals[n]; ok {
			bs = append(bs, matio.Binding{Name: n, Src: n, M: v})
		}
	}
	return e.eval(bs, vals)
}

// EvalFiles evaluates the expression with the values of its names read
// from files: .csv or whitespace-separated text, NumPy .npy, MatrixMarket
// .mtx (see package matio).
func (e *Expr) EvalFiles(files map[string]string) (*mat.Dense, error) {
	var bs []matio.Binding
	for _, n := range ast.Names(e.expr) {
		path, ok := files[n]
		if !ok {
			continue
		}
		if err := matio.CheckFile(path); err != nil {
			return nil, err
		}
		v, err := matio.ReadFile(path)
		if err != nil {
			return nil, err
		}
		bs = append(bs, matio.Binding{Name: n, Src: path, M: v.M, Vector: v.Vector})
	}
	given := map[string]*mat.Dense{}
	for _, b := range bs {
		given[b.Name] = b.M
	}
	return e.eval(bs, given)
}

func (e *Expr) eval(bs []matio.Binding, given map[string]*mat.Dense) (_ *mat.Dense, err error) {
	defer recovered(&err)
	for n := range given {
		if !containsName(ast.Names(e.expr), n) {
			return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", n), Hint: "the names in it are " + strings.Join(ast.Names(e.expr), ", ")}
		}
	}
	var missing []string
	for _, n := range ast.Names(e.expr) {
		if _, ok := given[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, &ast.Error{Msg: "no value for " + strings.Join(missing, ", ")}
	}
	decls := append(ast.Decls(nil), e.decls...)
	for _, b := range bs {
		if r, c := b.M.Dims(); r == 1 && c == 1 && decls.Lookup(b.Name) == nil {
			decls = append(decls, ast.Decl{Name: b.Name, Shape: ast.Scalar})
		}
	}
	x := &Expr{src: e.src, expr: e.expr, decls: decls}
	info, err := x.Info(false)
	if err != nil {
		return nil, err
	}
	dims, vals, err := matio.Fit(info, bs, nil)
	if err != nil {
		return nil, err
	}
	res, err := numeric.Eval(e.expr, info, &numeric.Instance{Dims: dims, Vals: vals})
	if err != nil {
		var ae *ast.Error
		if errors.As(err, &ae) && ae.Src == "" && ae.Pos.IsValid() {
			c := *ae
			c.Src = e.src
			return nil, &c
		}
		return nil, err
	}
	return res, nil
}

func containsName(names []string, n string) bool {
	for _, m := range names {
		if m == n {
			return true
		}
	}
	return false
}

// Status is the verdict of a numerical check, in Derivation.Verified.
type Status = verify.Status

// The verdicts.
const (
	Checked   = verify.Checked   // the derivative agrees with finite differences
	Unchecked = verify.Unchecked // no instance could be checked: Derivation.Reason says why
	Failed    = verify.Failed    // the derivative disagrees with finite differences
)

// CheckRun is one instance a check ran on: its seed, the values and what
// the comparison found (CheckResult.Runs).
type CheckRun = diagnose.Run

// CheckResult is what Check found: whether the derivative passed, on
// which instances, and for a wrong candidate how it is wrong.
type CheckResult = diagnose.Outcome

// Check checks a candidate derivative by wrt, in the language ("2 A x"),
// on random instances against finite differences: the gradient, or the
// Jacobian of a column-vector expression. A wrong candidate is no error:
// CheckResult.OK is false and CheckResult.Diagnosis says how it is wrong
// (transposed, off by a constant factor, right only for a symmetric
// matrix). With candidate "", matdiff's own derivative is checked.
func (e *Expr) Check(wrt, candidate string) (_ *CheckResult, err error) {
	return e.check1(wrt, diagnose.Options{Candidate: candidate, Seed: 1})
}

// CheckHessian is Check for a candidate Hessian.
func (e *Expr) CheckHessian(wrt, candidate string) (*CheckResult, error) {
	return e.check1(wrt, diagnose.Options{Candidate: candidate, Seed: 1, Hessian: true})
}

func (e *Expr) check1(wrt string, o diagnose.Options) (_ *CheckResult, err error) {
	defer recovered(&err)
	info, err := e.Info(true)
	if err != nil {
		return nil, err
	}
	outs, err := diagnose.Check(Engine(), e.expr, info, e.src, []string{wrt}, o)
	if err != nil {
		return nil, err
	}
	return outs[0], nil
}
