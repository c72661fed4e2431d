package main

import (
	"strings"
	"testing"
)

// TestInputForms: the forms people type (norm bars, pi, a dimension name as
// a value, softmax, logsumexp, @, X^-T and braced exponents) go through the
// commands, and matdiff's own check finds the derivatives right.
func TestInputForms(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"grad", "-q", "--wrt", "x", "||A x - b||^2 where A: m x n"}, "2 A' (A x - b)\n"},
		{[]string{"grad", "-q", "--wrt", "U", "||X - U V'||_F^2 where X: m x n, U: m x k"}, "-2 (X - U V') V\n"},
		{[]string{"grad", "-q", "--wrt", "x", "x' A @ x"}, "(A + A') x\n"},
		{[]string{"grad", "-q", "--wrt", "X", "logdet(X)"}, "X^-T\n"},
		{[]string{"grad", "-q", "--format", "unicode", "--wrt", "X", "logdet(X)"}, "X⁻ᵀ\n"},
		{[]string{"grad", "-q", "--format", "latex", "--wrt", "X", "logdet(X)"}, "X^{-\\top}\n"},
		{[]string{"grad", "-q", "--wrt", "x", "logsumexp(x) where x: n x 1"}, "softmax(x)\n"},
		{[]string{"hessian", "-q", "--wrt", "x", "logsumexp(x) where x: n x 1"}, "Diag(softmax(x)) - softmax(x) softmax(x)'\n"},
		{[]string{"jacobian", "-q", "--wrt", "x", "softmax(x) where x: n x 1"}, "Diag(softmax(x)) - softmax(x) softmax(x)'\n"},
		{[]string{"grad", "-q", "--format", "latex", "--wrt", "x", "logsumexp(x) where x: n x 1"}, "\\operatorname{softmax}(x)\n"},
		{[]string{"eval", "(2 pi)^(n/2) + sum(x) / n where x: n x 1", "--set", "x=" + td("x.csv")}, "7.78319\n"},
	} {
		code, out, errs := matdiff(t, tt.args...)
		if code != 0 || out != tt.want {
			t.Errorf("matdiff %q = %d %q %q, want %q", tt.args, code, out, errs, tt.want)
		}
	}
	for _, tt := range []struct{ wrt, in string }{
		{"x", "||A x - b||^2 + ||x||_1 + ‖x‖ where A: m x n"},
		{"x", "(2 pi)^(n/2) x' x + sum(x) / n where x: n x 1"},
		{"s", "s^(1/3) + s^{-1/2} where s: scalar"},
		{"X", "x' X^-T y + tr(X^{-1} A) + x^{T} X^{-T} x where X: n x n"},
		{"x", "softmax(x)' y + logsumexp(A x) where x: n x 1"},
		{"A", "sum(softmax(A) .* Y) + logsumexp(A) where A: n x m"},
	} {
		code, out, errs := matdiff(t, "check", "--wrt", tt.wrt, tt.in)
		if code != 0 || !strings.Contains(out, "OK") {
			t.Errorf("check %s: %d %q %q", tt.in, code, out, errs)
		}
	}
}
