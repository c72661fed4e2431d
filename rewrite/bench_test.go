package rewrite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

const workedExample = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// chain returns sum(tanh(Wn tanh(... tanh(W1 x)))) with n layers.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("sum(")
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, "tanh(W%d ", i)
	}
	b.WriteString("x")
	b.WriteString(strings.Repeat(")", n+1))
	b.WriteString(" where x: n x 1")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, ", W%d: n x n", i)
	}
	return b.String()
}

func benchGrad(b *testing.B, src, wrt string) { benchDerive(b, src, wrt, false, false) }

// BenchmarkWorkedExample derives the gradient of the worked example of
// LANGUAGE.md, from a checked expression to the simplified gradient.
func BenchmarkWorkedExample(b *testing.B) { benchGrad(b, workedExample, "X") }

// BenchmarkWorkedExampleFromText adds parsing and shape inference.
func BenchmarkWorkedExampleFromText(b *testing.B) {
	defer rewrite.SetCheckRewrites(rewrite.SetCheckRewrites(false))
	b.ReportAllocs()
	for b.Loop() {
		e, decls, err := parser.Parse(workedExample)
		if err != nil {
			b.Fatal(err)
		}
		info, err := ast.Check(e, decls)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := eng.Grad(e, info, "X"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChain50 derives a 50-layer tanh chain with respect to its input.
func BenchmarkChain50(b *testing.B) { benchGrad(b, chain(50), "x") }

// BenchmarkChain50FirstLayer derives the same chain with respect to W1.
func BenchmarkChain50FirstLayer(b *testing.B) { benchGrad(b, chain(50), "W1") }

// TestChainGradient checks the gradient of a deep chain numerically, so
// the benchmark measures a right answer.
func TestChainGradient(t *testing.T) {
	for _, n := range []int{1, 3, 10} {
		for _, wrt := range []string{"x", "W1"} {
			e, info, d, err := derive(chain(n), wrt)
			if err != nil {
				t.Fatalf("chain %d: %v", n, err)
			}
			checkNumerically(t, fmt.Sprintf("chain %d wrt %s", n, wrt), e, info, d)
		}
	}
}

// Fired counts the rules a derivation used, which shows dead and looping
// rules.
func TestFired(t *testing.T) {
	_, _, d, err := derive(workedExample, "X")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(d.Fired(), "; ")
	for _, want := range []string{"d-product", "d-hadamard", "frob-mul-left", "frob-mul-right", "frob-hadamard-right"} {
		if !strings.Contains(got, want) {
			t.Errorf("Fired() = %s; want it to hold %q", got, want)
		}
	}
}

// nest returns f(f(...f(x)...)), n deep.
func nest(f string, n int, x string) string {
	return strings.Repeat(f+"(", n) + x + strings.Repeat(")", n)
}

// benchDerive derives src by wrt (a Hessian when hessian is set) and wants
// an error (a limit) when refused is set, or none.
func benchDerive(b *testing.B, src, wrt string, hessian, refused bool) {
	e, decls, err := parser.Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		b.Fatal(err)
	}
	defer rewrite.SetCheckRewrites(rewrite.SetCheckRewrites(false))
	en := eng
	if *benchWhole {
		en = eng.WithPullback(false)
	}
	by := en.Grad
	if hessian {
		by = en.Hessian
	}
	b.ReportAllocs()
	for b.Loop() {
		_, err := by(e, info, wrt)
		if (err != nil) != refused {
			b.Fatalf("refused %v: %v", refused, err)
		}
	}
}

// The reproducers of issue 9, which once ran for minutes: their verdicts
// are tested in cmd/matdiff (TestReproducers); these measure how fast the
// budgets let them end.

func BenchmarkSigmoidHessian30(b *testing.B) {
	benchDerive(b, "sum("+nest("sigmoid", 30, "x")+") where x: n x 1", "x", true, false)
}

func BenchmarkSigmoidHessian60(b *testing.B) {
	benchDerive(b, "sum("+nest("sigmoid", 60, "x")+") where x: n x 1", "x", true, true)
}

func BenchmarkPowerTower40(b *testing.B) {
	benchDerive(b, "tr(A"+strings.Repeat("^2", 40)+")", "A", false, true)
}

func BenchmarkExp499(b *testing.B) {
	benchDerive(b, "sum("+nest("exp", 499, "x")+") where x: n x 1", "x", false, false)
}

func BenchmarkElementwiseSquares200(b *testing.B) {
	benchDerive(b, "sum(x"+strings.Repeat(".^2", 200)+") where x: n x 1", "x", false, false)
}
