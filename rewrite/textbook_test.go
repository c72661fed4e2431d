package rewrite_test

import (
	"math/rand/v2"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/rewrite"
)

// TestTextbookNeverLarger: on random expressions, a gradient or Jacobian whose
// simplifier searches for the textbook form has no more nodes than the
// same gradient without the search, and the search is deterministic.
func TestTextbookNeverLarger(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	lim := rewrite.DefaultLimits
	lim.Steps = 20000
	with, without := eng.WithLimits(lim), eng.WithLimits(lim).WithoutTextbook()
	smaller, same := 0, 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x74657874626f6f6b)) // "textbook"
		// Gradients, and every third case a Jacobian.
		gen, check := randexpr.Generate, ast.CheckScalar
		by := func(eng *rewrite.Engine) func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error) {
			return eng.Grad
		}
		if seed%3 == 0 {
			gen, check = randexpr.GenerateVector, ast.Check
			by = func(eng *rewrite.Engine) func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error) {
				return eng.Jacobian
			}
		}
		e, decls, wrt := gen(rng, randexpr.Options{})
		info, err := check(e, decls)
		if err != nil {
			continue
		}
		a, errA := by(with)(e, info, wrt)
		b, errB := by(without)(e, info, wrt)
		if errA != nil || errB != nil {
			if (errA == nil) != (errB == nil) {
				t.Errorf("seed %d: with the search %v, without %v", seed, errA, errB)
			}
			continue
		}
		na, nb := ast.Size(a.Result), ast.Size(b.Result)
		switch {
		case na > nb:
			t.Errorf("seed %d: %s grew from %d to %d nodes: %s, not %s", seed, ast.Text(e), nb, na, ast.Text(a.Result), ast.Text(b.Result))
		case na < nb:
			smaller++
		default:
			same++
		}
		again, err := by(with)(e, info, wrt)
		if err != nil || ast.Text(again.Result) != ast.Text(a.Result) {
			t.Errorf("seed %d: the search is not deterministic: %s, then %s", seed, ast.Text(a.Result), ast.Text(again.Result))
		}
	}
	t.Logf("%d results smaller with the search, %d the same size", smaller, same)
}
