package rewrite_test

// FuzzPipeline puts any input through the whole path of the command line:
// parse, shapes, derivatives by the first two names, every printer, and the
// text of each result parsed back. It fails on a panic anywhere, on an
// error that is not an *ast.Error (an internal error), and on a result
// whose text does not parse back to the same tree.
//
// The seed corpus is testdata/fuzz/FuzzPipeline (the golden inputs of
// testdata/derive and every input the fuzzer ever failed on); go test
// replays it. Run the fuzzer with
//
//	go test ./rewrite -run XXX -fuzz FuzzPipeline -fuzztime 10m -parallel 1

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// fuzzEng has tight limits, so that an input that blows up stops soon,
// after the same work on any machine.
var fuzzEng = rewrite.MustNew(parser.ParsePattern).WithLimits(rewrite.Limits{Steps: 20000, Nodes: 20000, Work: 5_000_000})

// fuzzKnown are failures the fuzzer finds that are known bugs of the
// engine or the printer, reported and left to their owners; each says when
// a failure is one of them, from the parsed input (e and info, nil if it
// did not get that far) and the message. The fuzzer skips them so that it
// can look for others. It is empty: the bugs it found (broadcast scalars in
// sums and Frobenius products, d(A^0), the guards of tidy-scalar-transpose,
// jac-Diag, vec-product, vec-kron-inner, simp-frobenius-rows and the vec
// Hadamard rules, an I whose size nothing fixes, dX printed as a reserved
// word, +Inf from folding numbers, sizes in the billions) are fixed, and
// their inputs are in testdata/fuzz/FuzzPipeline.
var fuzzKnown = []struct {
	bug  string
	is   func(e ast.Expr, info *ast.Info, msg string) bool
	repr string // a minimal reproducer
}{}

func FuzzPipeline(f *testing.F) {
	f.Add("x' A x")
	f.Add("ones(n)' x + sum(zeros(m, n) .* X)")
	f.Add("vec(A)' commutation(m, n) vec(X) where X: m x n")
	f.Add("sum(unvec(v, m, n) .* C) where v: m*n x 1")
	f.Add("a' kron(X, B) c where a: m*p x 1")
	f.Add("x' Kₙ,ₙ x + 𝟏ₙᵀ (Iₙ ⊗ y) where x: n*n x 1")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 300 {
			t.Skip()
		}
		var e ast.Expr
		var info *ast.Info
		if msg := pipeline(in, &e, &info); msg != "" {
			for _, k := range fuzzKnown {
				if k.is(e, info, msg) {
					t.Skipf("known bug (%s): %s", k.bug, msg)
				}
			}
			t.Fatalf("input %q: %s", in, msg)
		}
	})
}

// pipeline runs in through the whole path and says what went wrong, or "".
// It sets *pe and *pinfo to the parsed input and its shapes as soon as it
// has them.
func pipeline(in string, pe *ast.Expr, pinfo **ast.Info) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("panic: %v", r)
		}
	}()
	e, decls, err := parser.Parse(in)
	if err != nil {
		return userError("parse", err)
	}
	*pe = e
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		return userError("check", err)
	}
	*pinfo = info
	names := ast.Names(e)
	if len(names) > 2 {
		names = names[:2]
	}
	ys := info.Shape(e)
	for _, wrt := range names {
		xs, _ := info.Name(wrt)
		type derive struct {
			what string
			by   func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)
		}
		ds := []derive{}
		switch {
		case ys.IsScalar():
			ds = append(ds, derive{"grad", fuzzEng.Grad})
			if xs.IsColumn() && len(in) <= 80 {
				ds = append(ds, derive{"hessian", fuzzEng.Hessian})
			}
		case ys.IsColumn() && xs.IsColumn():
			ds = append(ds, derive{"jacobian", fuzzEng.Jacobian})
		default:
			ds = append(ds, derive{"differential", fuzzEng.Differential}, derive{"vec jacobian", fuzzEng.VecJacobian})
		}
		// grad of a non-scalar must be a clean error too.
		if !ys.IsScalar() {
			ds = append(ds, derive{"grad", fuzzEng.Grad})
		}
		for _, dv := range ds {
			d, err := dv.by(e, info, wrt)
			if err != nil {
				if m := userError(dv.what+" by "+wrt, err); m != "" {
					return m
				}
				continue
			}
			if m := printAll(dv.what+" by "+wrt, e, d); m != "" {
				return m
			}
		}
	}
	return ""
}

// userError returns "" if err is an error for the user (an *ast.Error with
// a message), and what is wrong with it otherwise.
func userError(what string, err error) string {
	var ae *ast.Error
	if !errors.As(err, &ae) {
		return fmt.Sprintf("%s: internal error %T: %v", what, err, err)
	}
	if ae.Msg == "" || strings.HasPrefix(ae.Msg, "internal error") {
		return fmt.Sprintf("%s: %v", what, err)
	}
	return ""
}

// printAll prints d in every format and parses the text of its result
// back.
func printAll(what string, e ast.Expr, d *rewrite.Derivation) string {
	if d == nil || d.Result == nil {
		return what + ": no derivation and no error"
	}
	if err := render.Document(io.Discard, e, d.Info, []*rewrite.Derivation{d}, render.Options{Format: ast.FormatLaTeX}); err != nil {
		return fmt.Sprintf("%s: render a LaTeX document: %v", what, err)
	}
	for _, f := range []ast.Format{ast.FormatText, ast.FormatUnicode, ast.FormatLaTeX} {
		ast.Print(d.Result, f)
		for _, quiet := range []bool{false, true} {
			if err := render.Derivation(io.Discard, d, render.Options{Format: f, Quiet: quiet}); err != nil {
				return fmt.Sprintf("%s: render %v: %v", what, f, err)
			}
		}
	}
	if err := render.JSONWith(io.Discard, "", d.Info, []*rewrite.Derivation{d}, render.Options{}); err != nil {
		return fmt.Sprintf("%s: render json: %v", what, err)
	}
	text := ast.Text(d.Result)
	parse := parser.ParseExpr
	if ast.HasDiff(d.Result) && ast.HasName(d.F, "d") {
		return "" // with a name d, "d (X)" and the differential d(X) read alike
	}
	if ast.HasDiff(d.Result) {
		// The text writes the differential of X as dX, or d(X) where dX
		// would be a reserved word: a pattern reads d(X) as the
		// differential, and dX as a name, mapped below.
		parse = parser.ParsePattern
	}
	back, err := parse(text)
	if err == nil && ast.HasDiff(d.Result) {
		back = ast.Map(back, func(x ast.Expr) ast.Expr {
			if s, ok := x.(*ast.Sym); ok && s.Name == "d"+d.Wrt {
				return ast.D(ast.S(d.Wrt))
			}
			return x
		})
	}
	if err != nil {
		return fmt.Sprintf("%s: the result %s does not parse: %v", what, text, err)
	}
	if !ast.Equal(canon(back), canon(d.Result)) {
		return fmt.Sprintf("%s: the result %s parses to another tree, printed %s", what, text, ast.Text(back))
	}
	return ""
}

// canon folds the forms the text gives the same value and that the parser
// reads one way: -(2) as the number -2, A^-1 as the inverse.
func canon(e ast.Expr) ast.Expr {
	return ast.Map(e, func(x ast.Expr) ast.Expr {
		switch x := x.(type) {
		case *ast.Unary:
			if n, ok := x.X.(*ast.Num); ok && x.Op == ast.OpNeg {
				return ast.N(-n.Val)
			}
		case *ast.Binary:
			if n, ok := x.Y.(*ast.Num); ok && x.Op == ast.OpPow && n.Val == -1 {
				return ast.Inv(x.X)
			}
		}
		return x
	})
}
