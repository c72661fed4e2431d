package ast

import "testing"

// Clone gives a copy whose ShapeOf leaves the original alone.
func TestInfoClone(t *testing.T) {
	x := S("x")
	f := Mul(T(x), x)
	info, err := Check(f, Decls{{Name: "x", Shape: Shape{Rows: Named("n"), Cols: Known(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	c := info.Clone()
	g := Mul(N(2), x)
	if s, err := c.ShapeOf(g); err != nil || s.String() != "n x 1" {
		t.Fatalf("clone: %v %v", s, err)
	}
	if _, ok := info.shapes[g]; ok {
		t.Error("ShapeOf on the clone recorded a shape in the original")
	}
	if _, ok := c.shapes[g]; !ok {
		t.Error("ShapeOf on the clone recorded nothing")
	}
	if s, ok := c.Name("x"); !ok || s.String() != "n x 1" || len(c.Decls()) != 1 {
		t.Errorf("clone lost x: %v %v", s, c.Decls())
	}
}
