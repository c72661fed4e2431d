package numeric_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// The cheap-gradient principle: evaluating the gradient of the worked
// example costs about as much as evaluating the expression itself, thanks
// to evaluation order and shared subterms. Compare
//
//	go test ./numeric -run XXX -bench WorkedExample -benchtime 3x
const (
	workedExample = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
	workedGrad    = "((B' (E .* (A' F'))) .* D) C'"
)

func workedInstance(b *testing.B, size int) (ast.Expr, ast.Expr, *ast.Info, *numeric.Instance) {
	e, decls, err := parser.Parse(workedExample)
	if err != nil {
		b.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		b.Fatal(err)
	}
	g, err := parser.ParseExpr(workedGrad)
	if err != nil {
		b.Fatal(err)
	}
	inst, err := numeric.Random(e, info, 1, numeric.Options{Dims: map[string]int{"a": size, "b": size, "e": size}})
	if err != nil {
		b.Fatal(err)
	}
	return e, g, info, inst
}

func BenchmarkWorkedExampleExpr1000(b *testing.B) {
	e, _, info, inst := workedInstance(b, 1000)
	for b.Loop() {
		if _, err := numeric.Eval(e, info, inst); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkedExampleGrad1000(b *testing.B) {
	_, g, info, inst := workedInstance(b, 1000)
	for b.Loop() {
		if _, err := numeric.Eval(g, info, inst); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWorkedGradientIsRight checks the gradient the benchmark evaluates.
func TestWorkedGradientIsRight(t *testing.T) {
	e, decls, _ := parser.Parse(workedExample)
	info, _ := ast.Check(e, decls)
	g, _ := parser.ParseExpr(workedGrad)
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(e, info, seed, numeric.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := numeric.Gradient(e, g, "X", info, inst)
		if err != nil || !(res.MaxRelErr < numeric.Tol) {
			t.Fatalf("seed %d: %v, error %g", seed, err, res.MaxRelErr)
		}
	}
}
