package rewrite_test

import "testing"

// TestRayleighJacobian: the Jacobian of (x'Ax)/(x'Bx) B x, once "no
// identity for that form", is right. It is not a golden derivation
// because its standalone LaTeX does not fit the page yet (a parenthesised
// sum too wide for one line, which the line breaker cannot split).
func TestRayleighJacobian(t *testing.T) {
	e, info, d, err := derive("(x' A x) / (x' B x) B x where x: n x 1, A: n x n, B: n x n", "jacobian x")
	if err != nil {
		t.Fatal(err)
	}
	checkNumerically(t, "rayleigh", e, info, d)
}
