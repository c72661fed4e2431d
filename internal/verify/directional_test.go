package verify_test

import (
	"math/rand/v2"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/internal/verify"
)

// TestDirectionsAsStrong: on random expressions, their gradients and
// Hessians and those results broken as a wrong identity would leave them
// (a factor off by 0.1 %, the sign, the transpose, a term added), the
// verification along random directions first gives the verdict of the
// check entry by entry: every broken result fails both ways, every right
// one passes both ways.
func TestDirectionsAsStrong(t *testing.T) {
	n := uint64(120)
	if testing.Short() {
		n = 30
	}
	breaks := []struct {
		name string
		f    func(ast.Expr) ast.Expr
	}{
		{"right", func(e ast.Expr) ast.Expr { return e }},
		{"1.001 times", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(1.001), e) }},
		{"minus", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(-1), e) }},
		{"transposed", func(e ast.Expr) ast.Expr { return ast.T(e) }},
		{"plus a constant", func(e ast.Expr) ast.Expr {
			return ast.Add(e, ast.Mul(ast.N(0.01), ast.Mul(ast.N(1), ast.Fn(ast.FnSum, e))))
		}},
	}
	counts := map[string]int{}
	for seed := uint64(1); seed <= n; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		e, decls, wrt := randexpr.Generate(rng, randexpr.Options{})
		src := randexpr.Source(e, decls)
		for _, what := range []string{"", "hessian "} {
			_, _, d, err := golden.Derive(eng, src, what+wrt)
			if err != nil {
				continue
			}
			for _, b := range breaks {
				w := *d
				w.Result = b.f(d.Result)
				fast, err1 := verify.Derivation(&w, verify.Options{})
				full, err2 := verify.Derivation(&w, verify.Options{EntryByEntry: true})
				if err1 != nil || err2 != nil {
					t.Errorf("%s by %s%s, %s: %v %v", src, what, wrt, b.name, err1, err2)
					continue
				}
				counts[b.name+" "+fast.Status.String()]++
				if (fast.Status == verify.Failed) != (full.Status == verify.Failed) || (b.name == "right" && fast.Status != full.Status) {
					t.Errorf("%s by %s%s, %s (%s): along directions %s, entry by entry %s: %s",
						src, what, wrt, b.name, ast.Text(w.Result), fast.Status, full.Status, full.Describe())
				}
			}
		}
	}
	t.Logf("%v", counts)
}
