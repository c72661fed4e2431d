package randexpr_test

import (
	"math/rand/v2"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/parser"
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 42)) }

// Every expression prints, parses back to itself, checks as a scalar, and
// holds its variable; the same seed gives the same case.
func TestGenerate(t *testing.T) {
	cov := map[string]int{}
	n := 2000
	if testing.Short() || raceBuild {
		n = 300
	}
	for seed := uint64(0); seed < uint64(n); seed++ {
		e, decls, wrt := randexpr.Generate(rng(seed), randexpr.Options{})
		src := randexpr.Source(e, decls)
		back, bdecls, err := parser.Parse(src)
		if err != nil {
			t.Errorf("seed %d: %s: does not parse: %v", seed, src, err)
			continue
		}
		if !ast.Equal(back, e) {
			t.Errorf("seed %d: %s: parses to %s", seed, src, ast.Text(back))
		}
		if randexpr.Where(bdecls) != randexpr.Where(decls) {
			t.Errorf("seed %d: where clause %q parses to %q", seed, randexpr.Where(decls), randexpr.Where(bdecls))
		}
		info, err := ast.Check(e, decls)
		if err != nil {
			t.Errorf("seed %d: %s: %v", seed, src, err)
			continue
		}
		if s := info.Shape(e); !s.IsScalar() {
			t.Errorf("seed %d: %s: shape %s", seed, src, s)
		}
		if len(info.Decls()) != len(decls) {
			t.Errorf("seed %d: %s: inferred names %v beyond the declared ones", seed, src, randexpr.Where(info.Decls()))
		}
		if !ast.HasName(e, wrt) {
			t.Errorf("seed %d: %s: no %s", seed, src, wrt)
		}
		e2, _, wrt2 := randexpr.Generate(rng(seed), randexpr.Options{})
		if !ast.Equal(e, e2) || wrt != wrt2 {
			t.Errorf("seed %d: not deterministic", seed)
		}
		randexpr.Coverage(e, cov)
		if testing.Verbose() && seed < 40 {
			t.Logf("%d. d/d%s %s", seed, wrt, src)
		}
	}
	for _, c := range randexpr.AllConstructs() {
		if cov[c] == 0 {
			t.Errorf("no %s in %d expressions", c, n)
		}
	}
	t.Logf("coverage: %v", cov)
}
