package randexpr_test

import (
	"math/rand/v2"
	"strings"
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

// Every case of the other generators prints, parses back, checks, has the
// shape its derivative needs, holds its variables with the shapes they
// need, and is the same for the same seed.
func TestGenerateModes(t *testing.T) {
	n := 500
	if testing.Short() {
		n = 100
	}
	type mode struct {
		name string
		gen  func(*rand.Rand) (ast.Expr, ast.Decls, []string)
		ok   func(info *ast.Info, e ast.Expr, wrt []string) bool
	}
	shapeOf := func(info *ast.Info, name string) ast.Shape { s, _ := info.Name(name); return s }
	vector := func(s ast.Shape) bool { return s.IsColumn() && !s.IsScalar() }
	modes := []mode{
		{"vector", func(r *rand.Rand) (ast.Expr, ast.Decls, []string) {
			e, d, x := randexpr.GenerateVector(r, randexpr.Options{})
			return e, d, []string{x}
		}, func(info *ast.Info, e ast.Expr, wrt []string) bool {
			return info.Shape(e).IsColumn() && vector(shapeOf(info, wrt[0]))
		}},
		{"by scalar", func(r *rand.Rand) (ast.Expr, ast.Decls, []string) {
			e, d, x := randexpr.GenerateByScalar(r, randexpr.Options{})
			return e, d, []string{x}
		}, func(info *ast.Info, e ast.Expr, wrt []string) bool {
			return shapeOf(info, wrt[0]).IsScalar()
		}},
		{"hessian", func(r *rand.Rand) (ast.Expr, ast.Decls, []string) {
			e, d, x := randexpr.GenerateHessian(r, randexpr.Options{})
			return e, d, []string{x}
		}, func(info *ast.Info, e ast.Expr, wrt []string) bool {
			return info.Shape(e).IsScalar() && !info.Symmetric(wrt[0])
		}},
		{"two", func(r *rand.Rand) (ast.Expr, ast.Decls, []string) {
			e, d, x, y := randexpr.GenerateTwo(r, randexpr.Options{})
			return e, d, []string{x, y}
		}, func(info *ast.Info, e ast.Expr, wrt []string) bool {
			return info.Shape(e).IsScalar() && wrt[0] != wrt[1] && !info.Symmetric(wrt[0]) && !info.Symmetric(wrt[1])
		}},
	}
	for _, m := range modes {
		cov := map[string]int{}
		for seed := uint64(0); seed < uint64(n); seed++ {
			e, decls, wrt := m.gen(rng(seed))
			src := randexpr.Source(e, decls)
			back, _, err := parser.Parse(src)
			if err != nil {
				t.Errorf("%s: seed %d: %s: does not parse: %v", m.name, seed, src, err)
				continue
			}
			if !ast.Equal(back, e) {
				t.Errorf("%s: seed %d: %s: parses to %s", m.name, seed, src, ast.Text(back))
			}
			info, err := ast.Check(e, decls)
			if err != nil {
				t.Errorf("%s: seed %d: %s: %v", m.name, seed, src, err)
				continue
			}
			for _, x := range wrt {
				if !ast.HasName(e, x) {
					t.Errorf("%s: seed %d: %s: no %s", m.name, seed, src, x)
				}
			}
			if !m.ok(info, e, wrt) {
				t.Errorf("%s: seed %d: %s by %v: wrong shapes", m.name, seed, src, wrt)
			}
			e2, _, wrt2 := m.gen(rng(seed))
			if !ast.Equal(e, e2) || strings.Join(wrt, ",") != strings.Join(wrt2, ",") {
				t.Errorf("%s: seed %d: not deterministic", m.name, seed)
			}
			randexpr.Coverage(e, cov)
		}
		for _, c := range randexpr.AllConstructs() {
			if cov[c] == 0 && n >= 500 {
				t.Errorf("%s: no %s in %d expressions", m.name, c, n)
			}
		}
	}
}
