package ast_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// Any power of a scalar is allowed; a fractional power of a matrix is a
// shape error, found by the checker since the parser cannot know shapes.
func TestFractionalPowers(t *testing.T) {
	e, decls, err := parser.Parse("(x' x)^0.5 where x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ast.Check(e, decls); err != nil {
		t.Errorf("scalar^0.5: %v", err)
	}
	src := "A^2.5 where A: n x n"
	e, decls, err = parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ast.Check(e, decls)
	ae, ok := err.(*ast.Error)
	if !ok {
		t.Fatalf("A^2.5: %v", err)
	}
	ae.Src = src
	want := "1:2: a matrix power needs a whole exponent, not 2.5 (use .^ for an element-wise power)\n  | A^2.5 where A: n x n\n  |  ^\n"
	if got := ae.Pretty(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
