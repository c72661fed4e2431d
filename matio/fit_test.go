package matio_test

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/matio"
	"github.com/matdiff/matdiff/parser"
)

func info(t *testing.T, src string) *ast.Info {
	t.Helper()
	e, decls, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestFit(t *testing.T) {
	in := info(t, "x A y where x: 1 x n, A: n x n*m, y: n*m x 1")
	x := mat.NewDense(2, 1, []float64{1, 2}) // a 1-D array: fits the row x
	a := mat.NewDense(2, 6, nil)
	y := mat.NewDense(6, 1, nil)
	bs := []matio.Binding{
		{Name: "x", Src: "x.npy", M: x, Vector: true},
		{Name: "A", Src: "A.csv", M: a},
		{Name: "y", Src: "y.csv", M: y},
	}
	fixed := map[string]int{}
	dims, vals, err := matio.Fit(in, bs, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if dims["n"] != 2 || dims["m"] != 3 || len(dims) != 2 {
		t.Errorf("dims %v, want n=2, m=3", dims)
	}
	if r, c := vals["x"].Dims(); r != 1 || c != 2 || vals["x"].At(0, 1) != 2 {
		t.Errorf("x is %d×%d", r, c)
	}
	// Neither the bindings nor fixed change.
	if r, c := bs[0].M.Dims(); r != 2 || c != 1 || bs[0].M != x || len(fixed) != 0 {
		t.Errorf("Fit changed its arguments: x %d×%d, fixed %v", r, c, fixed)
	}
}

func TestFitErrors(t *testing.T) {
	in := info(t, "x' A x where x: n x 1, A: symmetric n x n")
	x := mat.NewDense(2, 1, []float64{1, 2})
	x3 := mat.NewDense(3, 1, nil)
	notsym := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	row := mat.NewDense(1, 2, nil)
	for _, c := range []struct {
		bs    []matio.Binding
		fixed map[string]int
		want  string
	}{
		{[]matio.Binding{{Name: "x", Src: "x.csv", M: x}, {Name: "A", Src: "A.csv", M: notsym}}, nil,
			"A is declared symmetric, but its value from A.csv is not: entry (2,1) is 3 and entry (1,2) is 2"},
		{[]matio.Binding{{Name: "x", Src: "x.csv", M: x}, {Name: "A", Src: "A.csv", M: mat.NewDense(3, 3, nil)}}, nil,
			"the sizes disagree: x (x.csv, 2×1) makes n = 2, but A (A.csv, 3×3) makes n = 3"},
		{[]matio.Binding{{Name: "x", Src: "x.csv", M: x3}}, map[string]int{"n": 2},
			"the sizes disagree: --dims makes n = 2, but x (x.csv, 3×1) makes n = 3"},
		{[]matio.Binding{{Name: "x", Src: "x.csv", M: row}}, nil,
			"x is n x 1 in the expression, but x.csv holds a 1×2 matrix; its transpose would fit"},
		{[]matio.Binding{{Name: "x", Src: "--set x=3", M: mat.NewDense(1, 1, []float64{3}), Number: true}}, nil,
			"x is n x 1 in the expression, but --set x=3 gives a scalar"},
	} {
		_, _, err := matio.Fit(in, c.bs, c.fixed)
		var ae *ast.Error
		if !errors.As(err, &ae) || !strings.Contains(ae.Error(), c.want) {
			t.Errorf("Fit: %v, want %q", err, c.want)
		}
	}
}
