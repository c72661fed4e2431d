package verify_test

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/internal/verify"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

var eng = rewrite.MustNew(parser.ParsePattern)

const worked = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

func derive(t testing.TB, input, wrt string) *rewrite.Derivation {
	t.Helper()
	_, _, d, err := golden.Derive(eng, input, wrt)
	if err != nil {
		t.Fatalf("%s by %s: %v", input, wrt, err)
	}
	return d
}

// Every golden derivation passes its own verification.
func TestGoldenVerified(t *testing.T) {
	files, err := golden.Files("../../rewrite/testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[rewrite.What]int{}
	total := 0
	for _, path := range files {
		cases, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			_, _, d, err := golden.Derive(eng, c.Input, c.Wrt)
			if err != nil {
				t.Errorf("%s: %v", c.Where(), err)
				continue
			}
			total++
			kinds[d.What]++
			rep, err := verify.Derivation(d, verify.Options{})
			if err != nil {
				t.Errorf("%s: %v", c.Where(), err)
				continue
			}
			if rep.Status != verify.Checked {
				t.Errorf("%s: %s %s: %s", c.Where(), rep.Status, ast.Text(d.Result), rep.Describe())
			}
		}
	}
	for _, w := range []rewrite.What{rewrite.Gradient, rewrite.Jacobian, rewrite.Hessian, rewrite.Differential, rewrite.VecJacobian} {
		if kinds[w] == 0 {
			t.Errorf("no golden derivation of kind %d", w)
		}
	}
	t.Logf("%d golden derivations verified (%v by kind)", total, kinds)
}

// broken returns d with its result changed by f, as a wrong identity
// would have left it.
func broken(d *rewrite.Derivation, f func(ast.Expr) ast.Expr) *rewrite.Derivation {
	b := *d
	b.Result = f(d.Result)
	return &b
}

// A wrong derivative fails, with the instance and the worst entry.
func TestBrokenFails(t *testing.T) {
	cases := []struct {
		input, wrt string
		wrong      func(ast.Expr) ast.Expr
	}{
		{"x' A x where x: n x 1, A: n x n", "x", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(2), ast.S("A")) }},
		{worked, "X", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(1.001), e) }},
		{"tr(A X B) where X: n x n", "X", func(e ast.Expr) ast.Expr { return ast.T(e) }},
		{"logdet(S) where S: symmetric n x n", "S", func(e ast.Expr) ast.Expr { return ast.S("S") }},
		{"tanh(W x) where W: m x n, x: n x 1", "jacobian x", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(-1), e) }},
		{"sum(exp(x)) where x: n x 1", "hessian x", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(2), e) }},
		{"A X B where X: n x m", "vec X", func(e ast.Expr) ast.Expr { return ast.Fn(ast.FnKron, ast.S("A"), ast.T(ast.S("B"))) }},
		{"tr(S A S) where S: symmetric n x n", "hessian S", func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(1.01), e) }},
		{"inv(S) where S: symmetric n x n", "vec S", func(e ast.Expr) ast.Expr { return ast.Fn(ast.FnKron, ast.S("S"), ast.S("S")) }},
		{"X' X where X: n x m", "differential X", func(e ast.Expr) ast.Expr {
			return ast.Mul(ast.T(&ast.Unary{Op: ast.OpDiff, X: ast.S("X")}), ast.S("X"))
		}},
	}
	for _, c := range cases {
		d := derive(t, c.input, c.wrt)
		w := c.wrong(d.Result)
		b := broken(d, func(ast.Expr) ast.Expr { return w })
		rep, err := verify.Derivation(b, verify.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.input, err)
		}
		if rep.Status != verify.Failed {
			t.Errorf("%s by %s: %s passes as %s", c.input, c.wrt, ast.Text(w), rep.Status)
			continue
		}
		desc := rep.Describe()
		if !strings.Contains(desc, "disagrees with finite differences") && !strings.Contains(desc, "does not have the shape") {
			t.Errorf("%s: description %q", c.input, desc)
		}
		if rep.Inst != nil && !strings.Contains(desc, "worst entry") {
			t.Errorf("%s: no worst entry in %q", c.input, desc)
		}
		// The right one passes.
		if rep, err := verify.Derivation(d, verify.Options{}); err != nil || rep.Status != verify.Checked {
			t.Errorf("%s by %s: %v %v", c.input, c.wrt, rep, err)
		}
	}
}

// A domain that random values cannot meet leaves the derivative
// unchecked, with the reason.
func TestUnchecked(t *testing.T) {
	d := derive(t, "sum(sqrt(x - 10)) where x: n x 1", "x")
	rep, err := verify.Derivation(d, verify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != verify.Unchecked || !strings.Contains(rep.Reason, "none of 8 random instances is in the domain of the expression: sqrt of a negative entry") {
		t.Errorf("got %s: %s", rep.Status, rep.Reason)
	}
}

// Symmetric variables (the gradient is sym(G)) and Hessians by matrices.
func TestSymmetricAndMatrices(t *testing.T) {
	for _, c := range []struct{ input, wrt string }{
		{"x' S x where S: symmetric n x n, x: n x 1", "S"},
		{"tr(S A S) where S: symmetric n x n", "S"},
		{"tr(X' A X) where X: n x m, A: n x n", "hessian X"},
		{"inv(X) where X: n x n", "differential X"},
		{"inv(X) where X: n x n", "vec X"},
		{"S A S where S: symmetric n x n", "differential S"},
		{"tr(I) x' x", "x"},
		{"tr(S A S) where S: symmetric n x n", "hessian S"},
		{"logdet(S) where S: symmetric n x n", "hessian S"},
		{"A S B where S: symmetric n x n", "vec S"},
	} {
		d := derive(t, c.input, c.wrt)
		rep, err := verify.Derivation(d, verify.Options{})
		if err != nil || rep.Status != verify.Checked || rep.Passed < 2 {
			t.Errorf("%s by %s: %+v %v", c.input, c.wrt, rep, err)
		}
	}
}

// Verification is safe for concurrent use on one derivation, and does not
// change it.
func TestConcurrent(t *testing.T) {
	d := derive(t, worked, "X")
	before := ast.Text(d.Result)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if rep, err := verify.Derivation(d, verify.Options{}); err != nil || rep.Status != verify.Checked {
					t.Errorf("%+v %v", rep, err)
				}
			}
		}()
	}
	wg.Wait()
	if ast.Text(d.Result) != before {
		t.Errorf("the result changed: %s", ast.Text(d.Result))
	}
}

// The cost of the verification of the worked example: the target is under
// a millisecond.
func BenchmarkVerifyWorked(b *testing.B) {
	d := derive(b, worked, "X")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		rep, err := verify.Derivation(d, verify.Options{})
		if err != nil || rep.Status != verify.Checked {
			b.Fatal(rep, err)
		}
	}
}

// Sizes too large for a quick check leave the result unchecked, before
// any value is made.
func TestTooLargeUnchecked(t *testing.T) {
	for _, c := range []struct{ input, wrt, reason string }{
		{"x' A x where A: 4000 x 4000", "x", "the values would have up to 1.6e+07 entries, more than the 16384"},
		{"tr(X' A X) where X: 30 x 30, A: 30 x 30", "X", "finite differences would take about"},
	} {
		d := derive(t, c.input, c.wrt)
		rep, err := verify.Derivation(d, verify.Options{})
		if err != nil || rep.Status != verify.Unchecked || !strings.Contains(rep.Reason, c.reason) {
			t.Errorf("%s: %+v %v", c.input, rep, err)
		}
	}
}

// Random expressions: every gradient and Hessian matdiff derives passes its
// verification (a Hessian by a symmetric matrix along symmetric
// directions).
func TestRandomExpressionsVerified(t *testing.T) {
	n := uint64(200)
	if testing.Short() {
		n = 50
	}
	counts := map[string]int{}
	for seed := uint64(1); seed <= n; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		e, decls, wrt := randexpr.Generate(rng, randexpr.Options{})
		src := randexpr.Source(e, decls)
		for _, what := range []string{"", "hessian "} {
			_, _, d, err := golden.Derive(eng, src, what+wrt)
			if err != nil {
				continue // beyond the engine: not the verifier's matter
			}
			rep, err := verify.Derivation(d, verify.Options{})
			if err != nil {
				t.Errorf("%s by %s%s: %v", src, what, wrt, err)
				continue
			}
			counts[what+rep.Status.String()]++
			if rep.Status == verify.Checked {
				continue
			}
			t.Errorf("%s by %s%s: %s: %s", src, what, wrt, rep.Status, rep.Describe())
		}
	}
	t.Logf("%v", counts)
}

// Finite differences that cannot tell leave the result unchecked, not
// failed.
func TestUnsettledUnchecked(t *testing.T) {
	d := derive(t, "sin(1e9 x' x) where x: n x 1", "x")
	rep, err := verify.Derivation(d, verify.Options{})
	if err != nil || rep.Status != verify.Unchecked || !strings.Contains(rep.Reason, "at 8 of 8 random instances finite differences do not settle") {
		t.Errorf("%+v %v", rep, err)
	}
}
