package render_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// Putting the named parts back into the named result gives the result, up
// to the order of the factors of Hadamard products and squares written
// s .* s: naming changes how a
// derivative reads, never what it is.
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
		if !ast.Equal(hadamardSorted(back), hadamardSorted(d.Result)) {
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

// hadamardSorted writes the factors of every chain of Hadamard products
// in the order of their text.
func hadamardSorted(e ast.Expr) ast.Expr {
	var factors func(x ast.Expr, out []ast.Expr) []ast.Expr
	factors = func(x ast.Expr, out []ast.Expr) []ast.Expr {
		if b, ok := x.(*ast.Binary); ok && b.Op == ast.OpHad {
			return factors(b.Y, factors(b.X, out))
		}
		// s.^2 is s .* s: the names may write a square either way.
		if b, ok := x.(*ast.Binary); ok && b.Op == ast.OpEPow {
			if n, ok := b.Y.(*ast.Num); ok && n.Val >= 2 && n.Val <= 4 && n.Val == float64(int(n.Val)) {
				for i := 0; i < int(n.Val); i++ {
					out = append(out, b.X)
				}
				return out
			}
		}
		return append(out, x)
	}
	return ast.Map(e, func(x ast.Expr) ast.Expr {
		b, ok := x.(*ast.Binary)
		if !ok || b.Op != ast.OpHad {
			return x
		}
		fs := factors(b, nil)
		sort.Slice(fs, func(i, j int) bool { return ast.Text(fs[i]) < ast.Text(fs[j]) })
		out := fs[0]
		for _, f := range fs[1:] {
			out = &ast.Binary{Op: ast.OpHad, X: out, Y: f}
		}
		return out
	})
}

// The Hessian of sum(tanh(tanh(…(x)))) written with names grows linearly
// with the depth: the shared subterms (the t_i, the s_i = 1 - t_i.^2 and
// the products of the s_i that the terms share) get names. Without names
// the result grows as depth^2.5. Sizes are node counts, the same on any
// machine. Each result is checked numerically.
func TestNestedTanhNamesLinear(t *testing.T) {
	depths := []int{5, 10, 20, 40}
	sizes := make([]int, len(depths))
	for i, k := range depths {
		e := "x"
		for j := 0; j < k; j++ {
			e = "tanh(" + e + ")"
		}
		f, info, d, err := derive("sum("+e+") where x: n x 1", "hessian x")
		if err != nil {
			t.Fatal(err)
		}
		defs, result := render.NameSubterms(d)
		sizes[i] = ast.Size(result)
		for _, def := range defs {
			sizes[i] += 1 + ast.Size(def.Expr)
		}
		if k <= 10 {
			if err := verifyHessian(f, info, d); err != nil {
				t.Errorf("depth %d: %v", k, err)
			}
		}
		t.Logf("depth %d: %d nodes whole, %d named (%d names)", k, ast.Size(d.Result), sizes[i], len(defs))
	}
	for i := 1; i < len(depths); i++ {
		// Twice as deep: at most twice as large, give or take a few nodes.
		if sizes[i] > 2*sizes[i-1]+8 {
			t.Errorf("depth %d: %d nodes named, depth %d: %d; want linear growth", depths[i-1], sizes[i-1], depths[i], sizes[i])
		}
	}
	if per := sizes[len(sizes)-1] / depths[len(depths)-1]; per > 25 {
		t.Errorf("%d named nodes per level; want at most 25", per)
	}
}

// Every level of nesting adds the same number of named nodes, at small
// depths as at large ones: the terms' squares sⱼ.^2 (merged by the
// simplifier, in chains of up to 16 factors) are written sⱼ ∘ sⱼ where
// that lets the terms share their starts, which is the form chains of
// more factors keep. Depth 14 to 15 crosses that bound.
func TestNestedTanhNamesEvenSteps(t *testing.T) {
	size := func(k int) int {
		e := "x"
		for j := 0; j < k; j++ {
			e = "tanh(" + e + ")"
		}
		f, info, d, err := derive("sum("+e+") where x: n x 1", "hessian x")
		if err != nil {
			t.Fatal(err)
		}
		if k <= 5 {
			if err := verifyHessian(f, info, d); err != nil {
				t.Errorf("depth %d: %v", k, err)
			}
		}
		defs, result := render.NameSubterms(d)
		n := ast.Size(result)
		for _, def := range defs {
			n += 1 + ast.Size(def.Expr)
		}
		return n
	}
	s4, s5, s14, s15 := size(4), size(5), size(14), size(15)
	step := s5 - s4
	if s15-s14 != step || s14-s5 != 9*step {
		t.Errorf("named sizes %d, %d at depths 4, 5 and %d, %d at depths 14, 15; want the same step at every level", s4, s5, s14, s15)
	}
	if step > 22 {
		t.Errorf("%d named nodes per level; want at most 22", step)
	}
}

// verifyHessian checks the named Hessian of d, its names put back,
// against finite differences of f on two random instances.
func verifyHessian(f ast.Expr, info *ast.Info, d *rewrite.Derivation) error {
	defs, back := render.NameSubterms(d)
	for i := len(defs) - 1; i >= 0; i-- {
		def := defs[i]
		back = ast.Map(back, func(x ast.Expr) ast.Expr {
			if s, ok := x.(*ast.Sym); ok && s.Name == def.Name {
				return def.Expr
			}
			return x
		})
	}
	for seed := int64(1); seed <= 2; seed++ {
		inst, err := numeric.Random(f, info, seed, numeric.Options{})
		if err != nil {
			return err
		}
		res, err := numeric.Hessian(f, back, d.Wrt, d.Info, inst)
		if err != nil {
			return err
		}
		if !(res.MaxRelErr < numeric.Tol) {
			return fmt.Errorf("named Hessian wrong: relative error %g (seed %d)", res.MaxRelErr, seed)
		}
	}
	return nil
}
