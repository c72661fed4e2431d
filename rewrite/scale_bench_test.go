package rewrite_test

import (
	"fmt"
	"strings"
	"testing"
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

// The scaling benchmarks of the engine issue: time(k) for a k-layer chain
// and a sum of k traces; compare k = 100 with k = 1000 (and 10, 200).
func BenchmarkChain(b *testing.B) {
	for _, k := range []int{10, 100, 200} {
		for _, wrt := range []string{"x", "W1"} {
			b.Run(fmt.Sprintf("k=%d/%s", k, wrt), func(b *testing.B) { benchGrad(b, chain(k), wrt) })
		}
	}
}

func BenchmarkTraceSum(b *testing.B) {
	for _, k := range []int{10, 100, 200} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) { benchGrad(b, traceSum(k), "X") })
	}
}
