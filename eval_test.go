package matdiff_test

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/matio"
)

// TestEvalWith: the steps of eval (values of names the declarations leave
// open read as scalars, sizes from the values and from Dims, random values
// for the rest, the names without a value, the budget) in the library.
func TestEvalWith(t *testing.T) {
	// alpha has no declaration: its 1 x 1 value makes it a scalar.
	p, err := matdiff.Parse("alpha x' x where x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	ev, err := p.EvalWith(matdiff.EvalOptions{Values: []matio.Binding{
		{Name: "alpha", Src: "alpha", M: mat.NewDense(1, 1, []float64{0.5}), Number: true},
		{Name: "x", Src: "x", M: x},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Value.At(0, 0); got != 7 || ev.Dims["n"] != 3 {
		t.Errorf("alpha x' x = %v with sizes %v, want 7 with n = 3", got, ev.Dims)
	}

	// Random values: the same seed, the same value; Dims fixes a size and
	// a value given keeps its own.
	q, err := matdiff.Parse("x' A x where x: n x 1, A: n x n")
	if err != nil {
		t.Fatal(err)
	}
	o := matdiff.EvalOptions{Random: true, Seed: 3, Dims: map[string]int{"n": 4}}
	a, err := q.EvalWith(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := q.EvalWith(o)
	if err != nil || a.Value.At(0, 0) != b.Value.At(0, 0) || a.Dims["n"] != 4 {
		t.Errorf("two evaluations with seed 3: %v and %v (%v), sizes %v", a.Value.At(0, 0), b.Value.At(0, 0), err, a.Dims)
	}
	ones := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	o = matdiff.EvalOptions{Random: true, Seed: 3, Values: []matio.Binding{{Name: "A", Src: "A", M: ones}, {Name: "x", Src: "x", M: x}}}
	c, err := q.EvalWith(o)
	if err != nil {
		t.Fatal(err)
	}
	// x' 1 1' x is the square of the sum of x.
	if c.Dims["n"] != 3 || c.Value.At(0, 0) != 36 {
		t.Errorf("x' A x with A all ones: %v, sizes %v", c.Value.At(0, 0), c.Dims)
	}
	r, err := p.EvalWith(matdiff.EvalOptions{Random: true, Seed: 1, Dims: map[string]int{"n": 2}})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Value.At(0, 0); math.IsNaN(v) {
		t.Errorf("alpha x' x on random values: %v", v)
	}

	// No value and no Random: the names, in order, as bad input.
	_, err = q.EvalWith(matdiff.EvalOptions{Values: []matio.Binding{{Name: "x", Src: "x", M: x}}})
	var mv *matdiff.MissingValuesError
	if !errors.As(err, &mv) || len(mv.Names) != 1 || mv.Names[0] != "A" || !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("x' A x without A: %v", err)
	}
	var ae *matdiff.Error
	if !errors.As(err, &ae) || ae.Msg != "no value for A" {
		t.Errorf("x' A x without A: %#v", ae)
	}

	// The budget: a limit of arithmetic reached is beyond reach.
	lim := budget.Default
	lim.Flops = 10
	_, err = q.EvalWith(matdiff.EvalOptions{Random: true, Seed: 1, Dims: map[string]int{"n": 50}, Budget: budget.New(nil, lim, "the evaluation")})
	if !errors.Is(err, matdiff.ErrBeyondReach) {
		t.Errorf("50 x 50 within 10 operations: %v", err)
	}
	_, err = q.WithLimits(nil, lim).EvalWith(matdiff.EvalOptions{Random: true, Seed: 1, Dims: map[string]int{"n": 50}})
	if !errors.Is(err, matdiff.ErrBeyondReach) {
		t.Errorf("50 x 50 within the limits of WithLimits: %v", err)
	}
}
