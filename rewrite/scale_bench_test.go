package rewrite_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// traceSum returns tr(A1 X B1) + … + tr(Ak X Bk).
func traceSum(k int) string {
	var b strings.Builder
	for i := 1; i <= k; i++ {
		if i > 1 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "tr(A%d X B%d)", i, i)
	}
	b.WriteString(" where X: n x n")
	for i := 1; i <= k; i++ {
		fmt.Fprintf(&b, ", A%d: n x n, B%d: n x n", i, i)
	}
	return b.String()
}

// unlimited lifts the budgets, so that the benchmarks measure the engine
// at sizes past the default limits (a 1,000-layer chain's differential
// has about a million nodes as printed).
var unlimited = budget.Limits{Steps: 1 << 40, Nodes: 1 << 40, Work: 1 << 40, Flops: 1 << 40, Print: 1 << 40}

// benchWhole benchmarks gradients from the whole differential, the
// engine before the pullback, for comparison.
var benchWhole = flag.Bool("bench.whole", false, "derive gradients from the whole differential (the engine before the pullback)")

func benchScaled(b *testing.B, src, wrt string) {
	e, decls, err := parser.Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		b.Fatal(err)
	}
	big := eng.WithLimits(unlimited)
	if *benchWhole {
		big = big.WithPullback(false)
	}
	defer rewrite.SetCheckRewrites(rewrite.SetCheckRewrites(false))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := big.Grad(e, info, wrt); err != nil {
			b.Fatal(err)
		}
	}
}

// The scaling benchmarks of the engine issue: compare k = 100 with
// k = 1000 (the goal: under 1 s at 1000, and at most 15 times the time at
// 100).
func BenchmarkChain(b *testing.B) {
	for _, k := range []int{10, 100, 1000} {
		for _, wrt := range []string{"x", "W1"} {
			b.Run(fmt.Sprintf("k=%d/%s", k, wrt), func(b *testing.B) { benchScaled(b, chain(k), wrt) })
		}
	}
}

func BenchmarkTraceSum(b *testing.B) {
	for _, k := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) { benchScaled(b, traceSum(k), "X") })
	}
}

// nestedTanh returns sum(tanh(tanh(…(x)))), depth deep.
func nestedTanh(depth int) string {
	return "sum(" + nest("tanh", depth, "x") + ") where x: n x 1"
}

// BenchmarkTanhHessian: the Hessian of nested tanh (the goal: depth 100
// in under 1 s).
func BenchmarkTanhHessian(b *testing.B) {
	for _, k := range []int{10, 50, 100} {
		b.Run(fmt.Sprintf("depth=%d", k), func(b *testing.B) { benchDerive(b, nestedTanh(k), "x", true, false) })
	}
}
