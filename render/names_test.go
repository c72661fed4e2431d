package render_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/render"
)

// Putting the named parts back into the named result gives the result:
// naming changes how a derivative reads, never what it is.
func TestNamesSubstituteBack(t *testing.T) {
	named := 0
	for _, c := range goldenInputs(t) {
		_, _, d, err := derive(c.input, c.wrt)
		if err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		defs, result := render.NameSubterms(d)
		if len(defs) == 0 {
			if result != d.Result && !ast.Equal(result, d.Result) {
				t.Errorf("%s: no names, but the result changed", c.where)
			}
			continue
		}
		named++
		// Expand from the last definition back, as each may use the ones
		// before it.
		back := result
		for i := len(defs) - 1; i >= 0; i-- {
			def := defs[i]
			back = ast.Map(back, func(x ast.Expr) ast.Expr {
				if s, ok := x.(*ast.Sym); ok && s.Name == def.Name {
					return def.Expr
				}
				return x
			})
		}
		if !ast.Equal(back, d.Result) {
			t.Errorf("%s: names expand to %s, not %s", c.where, ast.Text(back), ast.Text(d.Result))
		}
		for _, def := range defs {
			if ast.HasName(d.F, def.Name) || def.Name == d.Wrt {
				t.Errorf("%s: name %s is already taken", c.where, def.Name)
			}
		}
	}
	if named < 5 {
		t.Errorf("only %d golden results get names; the worked example, softmax and logistic Hessians should", named)
	}
}

// The worked example reads as the best hand derivation: H, then K, then
// the gradient K C'.
func TestWorkedExampleNames(t *testing.T) {
	_, _, d, err := derive(workedExample, "X")
	if err != nil {
		t.Fatal(err)
	}
	defs, result := render.NameSubterms(d)
	if len(defs) != 2 || defs[0].Name != "H" || ast.Text(defs[0].Expr) != "B' (E .* (A' F'))" ||
		defs[1].Name != "K" || ast.Text(defs[1].Expr) != "H .* D" || ast.Text(result) != "K C'" {
		t.Errorf("got %v, %s", defs, ast.Text(result))
	}
}
