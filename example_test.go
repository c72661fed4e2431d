package matdiff_test

import (
	"context"
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/matio"
)

// The worked example of the README: the gradient by X.
func Example() {
	d, err := matdiff.Grad("(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1", "X")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Result())
	// Output:
	// ((B' (E .* (A' F'))) .* D) C'
}

// A Hessian, checked numerically before it is returned.
func ExampleExpr_Hessian() {
	e, err := matdiff.Parse("x' A x where x: n x 1, A: n x n")
	if err != nil {
		panic(err)
	}
	h, err := e.Hessian("x")
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Result(), h.Verified)
	// Output:
	// A + A' checked
}

// Checking a candidate answer: this one forgets that A need not be
// symmetric.
func ExampleExpr_Check() {
	e, _ := matdiff.Parse("x' A x where x: n x 1, A: n x n")
	r, err := e.Check("x", "2 A x")
	if err != nil {
		panic(err)
	}
	fmt.Println(r.OK)
	for _, d := range r.Diagnosis {
		fmt.Println(d)
	}
	fmt.Println("matdiff's gradient:", ast.Text(r.Own))
	// Output:
	// false
	// the candidate holds only when A is symmetric (if it is, declare it so: A: symmetric n x n)
	// matdiff's gradient: (A + A') x
}

// Evaluating from CSV files: the sizes come from the values.
func ExampleExpr_EvalFiles() {
	e, _ := matdiff.Parse("x' A x")
	v, err := e.EvalFiles(map[string]string{"A": "testdata/A.csv", "x": "testdata/x.csv"})
	if err != nil {
		panic(err)
	}
	fmt.Println(mat.Formatted(v))
	// Output:
	// [18]
}

// Printing a derivation in each format.
func ExampleDerivation_Render() {
	d, _ := matdiff.Grad("tr(A X) where A: n x m, X: m x n", "X")
	for _, f := range []matdiff.Format{matdiff.Text, matdiff.Unicode, matdiff.LaTeX} {
		s, _ := d.Render(f, true)
		fmt.Print(s)
	}
	// Output:
	// A'
	// Aᵀ
	// A^\top
}

// Limits on a derivation, as a deterministic work budget: reaching one is
// beyond matdiff's reach (errors.Is ErrBeyondReach), with the limit named.
func ExampleExpr_WithLimits() {
	e, _ := matdiff.Parse("tr(A X B X') where X: n x m")
	lim := budget.Default
	lim.Steps = 3
	_, err := e.WithLimits(context.Background(), lim).Grad("X")
	fmt.Println(errors.Is(err, matdiff.ErrBeyondReach))
	d, err := e.WithLimits(context.Background(), budget.Default).Grad("X")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Result())
	// Output:
	// true
	// A' X B' + A X B
}

// A derivation made without its numerical check, checked later.
func ExampleDerivation_Verify() {
	e, _ := matdiff.Parse("sum(exp(x)) where x: n x 1")
	d, err := e.Unverified().Hessian("x")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Result(), d.Verified)
	v, err := d.Verify(true) // the gradient of the steps too
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Result(), v.Verified)
	// Output:
	// Diag(exp(x)) unknown
	// Diag(exp(x)) checked
}

// Evaluating with a value given for one name and random values for the
// others, as matdiff eval --random does: a 1 x 1 value of a name the
// declarations leave open makes it a scalar, and Dims fixes a size.
func ExampleExpr_EvalWith() {
	p, err := matdiff.Parse("alpha sum(x .^ 2) where x: n x 1")
	if err != nil {
		panic(err)
	}
	ev, err := p.EvalWith(matdiff.EvalOptions{
		Values: []matio.Binding{{Name: "alpha", Src: "alpha", M: mat.NewDense(1, 1, []float64{2}), Number: true}},
		Random: true, Seed: 1, Dims: map[string]int{"n": 3},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Value.At(0, 0) > 0, ev.Dims["n"]) // 2 times a sum of squares

	// Without Random, a name without a value is an error that names it.
	_, err = p.EvalWith(matdiff.EvalOptions{})
	var missing *matdiff.MissingValuesError
	fmt.Println(errors.As(err, &missing), missing.Names)
	// Output:
	// true 3
	// true [alpha x]
}
