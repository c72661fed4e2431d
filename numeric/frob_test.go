package numeric_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"gonum.org/v1/gonum/mat"
)

// TestFrobeniusBroadcast: s : A with s 1 x 1 is s times the sum of A, as
// the shape checker reads it; two matrices of different shapes are an
// error.
func TestFrobeniusBroadcast(t *testing.T) {
	A := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	B := mat.NewDense(2, 3, nil)
	for _, tt := range []struct {
		src  string
		want float64
		err  string
	}{
		{"2 : A where A: 2 x 2", 20, ""},
		{"A : 2 where A: 2 x 2", 20, ""},
		{"A : A where A: 2 x 2", 30, ""},
	} {
		e, decls, err := parser.Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		info, err := ast.Check(e, decls)
		if err != nil {
			t.Fatal(err)
		}
		v, err := numeric.Eval(e, info, &numeric.Instance{Vals: map[string]*mat.Dense{"A": A}})
		if err != nil || v.At(0, 0) != tt.want {
			t.Errorf("%s = %v, %v; want %g", tt.src, v, err, tt.want)
		}
	}
	// Shapes that differ: the checker refuses them; so does Eval, with
	// values that do not match what info expects.
	e := ast.Frob(ast.S("A"), ast.S("B"))
	info, err := ast.Check(ast.Frob(ast.S("A"), ast.S("A")), ast.Decls{{Name: "A", Shape: ast.Shape{Rows: ast.Known(2), Cols: ast.Known(2)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := numeric.Eval(e, info, &numeric.Instance{Vals: map[string]*mat.Dense{"A": A, "B": B}}); err == nil {
		t.Errorf("A : B with A 2x2 and B 2x3: no error")
	}
}
