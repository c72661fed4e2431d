package ast_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// A scalar product that opens a matrix product prints in parentheses when
// the printer knows the shapes, and the text reads back as the same tree.
func TestScalarsFirst(t *testing.T) {
	e, decls, err := parser.Parse("g' V' u K' u where g: m x 1, V: n x m, u: n x 1, K: n x n")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	scalar := ast.Scalars(func(x ast.Expr) bool {
		s, err := info.ShapeOf(x)
		return err == nil && s.IsScalar()
	})
	for _, c := range []struct {
		f    ast.Format
		opts []ast.Option
		want string
	}{
		{ast.FormatText, nil, "g' V' u K' u"},
		{ast.FormatText, []ast.Option{scalar}, "(g' V' u) K' u"},
		{ast.FormatUnicode, []ast.Option{ast.Typeset(), scalar}, "(gᵀ Vᵀ u) Kᵀ u"},
		{ast.FormatLaTeX, []ast.Option{ast.Typeset(), scalar}, `(g^\top V^\top u) K^\top u`},
	} {
		got := ast.PrintWith(e, c.f, c.opts...)
		if got != c.want {
			t.Errorf("%v: got %q, want %q", c.f, got, c.want)
		}
		if c.f != ast.FormatText {
			continue
		}
		back, err := parser.ParseExpr(got)
		if err != nil || !ast.Equal(back, e) {
			t.Errorf("%q does not read back as the same tree (%v)", got, err)
		}
	}
	// A product that is a scalar as a whole keeps no parentheses.
	whole, _ := parser.ParseExpr("g' V' u")
	if got := ast.PrintWith(whole, ast.FormatText, scalar); got != "g' V' u" {
		t.Errorf("got %q, want g' V' u", got)
	}
}
