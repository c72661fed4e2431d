package rewrite_test

import (
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/rewrite"
)

// TestLateTables derives, from several goroutines at once, Jacobians,
// Hessians and gradients with a fresh engine of Compiled, whose Jacobian
// tables are compiled by whichever derivation needs them first: each
// result must be the one of the engine of New, which compiles every
// table at once. Under go test -race it also catches a derivation that
// reads a rule while another compiles it.
func TestLateTables(t *testing.T) {
	cases := []struct{ input, wrt string }{
		{"tanh(W x) where W: m x n, x: n x 1", "jacobian x"},
		{"log(sum(exp(x))) where x: n x 1", "hessian x"},
		{"(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1", "X"},
		{"A x x' b where A: m x n, x: n x 1, b: n x 1", "jacobian x"},
		{"x' A x where x: n x 1, A: n x n", "x"},
	}
	want := make([]string, len(cases))
	for i, c := range cases {
		_, _, derive, err := golden.Prepare(eng, c.input, c.wrt)
		if err != nil {
			t.Fatalf("%s by %s: %v", c.input, c.wrt, err)
		}
		d, err := derive()
		if err != nil {
			t.Fatalf("%s by %s: %v", c.input, c.wrt, err)
		}
		want[i] = ast.Text(d.Result)
	}
	late := rewrite.Compiled(nil)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range cases {
				i := (w + k) % len(cases)
				c := cases[i]
				_, _, derive, err := golden.Prepare(late, c.input, c.wrt)
				if err != nil {
					t.Errorf("%s by %s: %v", c.input, c.wrt, err)
					continue
				}
				d, err := derive()
				if err != nil {
					t.Errorf("%s by %s: %v", c.input, c.wrt, err)
					continue
				}
				if got := ast.Text(d.Result); got != want[i] {
					t.Errorf("%s by %s: %s, want %s", c.input, c.wrt, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
	if n, m := len(late.Rules()), len(eng.Rules()); n != m {
		t.Errorf("%d rules, want %d", n, m)
	}
}
