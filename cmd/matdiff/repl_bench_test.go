package main

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// The derivations of the benchmarks, taken in turn.
var benchExprs = []string{
	"x' A x where x: n x 1, A: n x n",
	"tr(A X B) where A: m x n, X: n x p, B: p x m",
	"log(sum(exp(x))) where x: n x 1",
	worked,
}

func benchWrt(i int) string { return []string{"x", "X", "x", "X"}[i%4] }

// BenchmarkPipe is one derivation of a pipe of b.N derivations into one
// matdiff process (go test -bench Pipe -benchtime 1000x); compare with
// BenchmarkProcess, one matdiff grad -q process per derivation.
func BenchmarkPipe(b *testing.B) {
	bin := build(b)
	var in strings.Builder
	for i := 0; i < b.N; i++ {
		fmt.Fprintf(&in, "grad -q --wrt %s %q\n", benchWrt(i), benchExprs[i%4])
	}
	b.ResetTimer()
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	if n := strings.Count(string(out), "\n"); n != b.N {
		b.Fatalf("%d answers for %d lines", n, b.N)
	}
}

// BenchmarkProcess is one matdiff grad -q process.
func BenchmarkProcess(b *testing.B) {
	bin := build(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := exec.Command(bin, "grad", "-q", "--wrt", benchWrt(i), benchExprs[i%4]).Output()
		if err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}
