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
	// v is inferred m*n x 1: its size is checked once A gives m and n.
	in := info(t, "v' vec(A) + x A u where A: m x n, x: 1 x m")
	v := mat.NewDense(6, 1, nil)
	a := mat.NewDense(2, 3, nil)
	x := mat.NewDense(2, 1, []float64{1, 2}) // a 1-D array: fits the row x
	u := mat.NewDense(3, 1, nil)
	bs := []matio.Binding{
		{Name: "v", Src: "v.csv", M: v},
		{Name: "x", Src: "x.npy", M: x, Vector: true},
		{Name: "A", Src: "A.csv", M: a},
		{Name: "u", Src: "u.csv", M: u},
	}
	fixed := map[string]int{}
	dims, vals, err := matio.Fit(in, bs, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if dims["m"] != 2 || dims["n"] != 3 {
		t.Errorf("dims %v, want m=2, n=3", dims)
	}
	if r, c := vals["x"].Dims(); r != 1 || c != 2 || vals["x"].At(0, 1) != 2 {
		t.Errorf("x is %d×%d", r, c)
	}
	// Neither the bindings nor fixed change.
	if r, c := bs[1].M.Dims(); r != 2 || c != 1 || bs[1].M != x || len(fixed) != 0 {
		t.Errorf("Fit changed its arguments: x %d×%d, fixed %v", r, c, fixed)
	}
	bs[0].M = mat.NewDense(5, 1, nil)
	if _, _, err := matio.Fit(in, bs, nil); err == nil || !strings.Contains(err.Error(), "v is m*n x 1 in the expression, but v.csv holds a 5×1 matrix") {
		t.Errorf("v 5×1: %v", err)
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
		{[]matio.Binding{{Name: "y", Src: "y.csv", M: x}}, nil, "y (y.csv) does not occur in the expression"},
		{[]matio.Binding{{Name: "x", Src: "x.csv", M: x}, {Name: "x", Src: "x2.csv", M: x}}, nil, "x is given two values"},
	} {
		_, _, err := matio.Fit(in, c.bs, c.fixed)
		var ae *ast.Error
		if !errors.As(err, &ae) || !strings.Contains(ae.Error(), c.want) {
			t.Errorf("Fit: %v, want %q", err, c.want)
		}
	}
}
