package matdiff

import (
	"errors"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/matio"
	"github.com/matdiff/matdiff/numeric"
)

// EvalOptions say what EvalWith evaluates the expression on.
type EvalOptions struct {
	// Values are the values of names, each read with matio.ReadFile or
	// given (a number is a 1 x 1 value with Number set). A 1 x 1 value of
	// a name the declarations leave open makes that name a scalar; the
	// sizes of the others bind the dimension names (see matio.Fit).
	Values []matio.Binding
	// Dims are sizes of dimension names, besides those the values give.
	Dims map[string]int
	// Random gives every name without a value a random one, reproducible
	// by Seed (sizes not known otherwise are drawn from 2..5); without
	// it, a name without a value is a *MissingValuesError.
	Random bool
	Seed   int64
	// Budget holds the evaluation (nil: the limits of WithLimits, or
	// budget.Default).
	Budget *budget.Budget
}

// An Evaluation is the value of an expression and the sizes of the
// dimension names it was evaluated at.
type Evaluation struct {
	Value *mat.Dense
	Dims  map[string]int
}

// MissingValuesError is the error of EvalWith when names of the expression
// have no value and Random is not set: bad input, an *Error through
// errors.As.
type MissingValuesError struct {
	Names []string // in the order they first occur
	Err   *Error
}

func (e *MissingValuesError) Error() string { return e.Err.Error() }

// Unwrap returns the *Error.
func (e *MissingValuesError) Unwrap() error { return e.Err }

// EvalWith evaluates the expression on the values, sizes and random
// values of o. Without values, an expression whose size the declarations
// leave open is taken to be a scalar, as for a gradient.
func (e *Expr) EvalWith(o EvalOptions) (_ *Evaluation, err error) {
	defer recovered(&err)
	info, err := e.Info(len(o.Values) == 0)
	if err != nil {
		return nil, err
	}
	// A name the declarations leave open takes the shape of its value.
	decls := append(ast.Decls(nil), e.decls...)
	n := len(decls)
	for _, v := range o.Values {
		if r, c := v.M.Dims(); r == 1 && c == 1 && decls.Lookup(v.Name) == nil {
			decls = append(decls, ast.Decl{Name: v.Name, Shape: ast.Scalar})
		}
	}
	if len(decls) > n {
		x := &Expr{src: e.src, expr: e.expr, decls: decls}
		if info, err = x.Info(false); err != nil {
			return nil, err
		}
	}
	dims, vals, err := matio.Fit(info, o.Values, o.Dims)
	if err != nil {
		return nil, err
	}
	var inst *numeric.Instance
	if o.Random {
		inst, err = numeric.Random(e.expr, info, o.Seed, numeric.Options{Dims: dims, MinDim: 2, MaxDim: 5})
		if err != nil {
			return nil, e.withSrc(err)
		}
		for n, m := range vals {
			inst.Vals[n] = m
		}
	} else {
		given := map[string]bool{}
		for _, v := range o.Values {
			given[v.Name] = true
		}
		var missing []string
		for _, n := range ast.Names(e.expr) {
			if _, declared := info.Name(n); !declared && info.IsConstName(n) {
				continue // a dimension's size
			}
			if !given[n] {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			return nil, &MissingValuesError{Names: missing, Err: &ast.Error{Msg: "no value for " + strings.Join(missing, ", "),
				Hint: "give each a value, or evaluate with random values"}}
		}
		inst = &numeric.Instance{Dims: dims, Vals: vals}
	}
	b := o.Budget
	if b == nil {
		lim := budget.Default
		if e.limits != nil {
			lim = *e.limits
		}
		b = budget.New(e.cx, lim, "the evaluation")
	}
	res, err := numeric.EvalBudget(b, e.expr, info, inst)
	if err != nil {
		return nil, e.withSrc(err)
	}
	return &Evaluation{Value: res, Dims: inst.Dims}, nil
}

// withSrc gives an *Error with a position in the expression and no
// source the expression's source, on a copy.
func (e *Expr) withSrc(err error) error {
	var ae *ast.Error
	if errors.As(err, &ae) && ae.Src == "" && ae.Pos.IsValid() {
		c := *ae
		c.Src = e.src
		return &c
	}
	return err
}
