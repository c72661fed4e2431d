package main

import (
	"strings"
	"testing"
)

// --emit prints code; without -q the derivation comes first, as comments.
// (codegen's tests run the code of every golden derivation.)
func TestEmit(t *testing.T) {
	code, out, errs := matdiff(t, "grad", "--emit", "numpy", "--wrt", "X", worked)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"# f = A ((B ((X C) .* D)) .* E) F\n", "where K = H .* D\n", "# df/dX = K C'\n",
		"def value_and_grad(A, B, X, C, D, E, F):", "    H = B.T @ (E * (A.T @ F.T))\n", "def check_gradient("} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasPrefix(out, "# f = ") {
		t.Errorf("the output does not start with the derivation:\n%s", out)
	}
	_, out, _ = matdiff(t, "grad", "-q", "--emit", "numpy", "--wrt", "X", worked)
	if !strings.HasPrefix(out, "# Exported by matdiff (numpy)") {
		t.Errorf("with -q the output starts %q", firstLine(out))
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"hessian", "-q", "--emit", "torch", "--wrt", "x", "log(sum(exp(A x))) where A: m x n, x: n x 1"}, "def value_and_hessian(A, x):"},
		{[]string{"jacobian", "-q", "--emit", "numpy", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1"}, "def value_and_jacobian(W, x):"},
		{[]string{"jacobian", "-q", "--emit", "numpy", "--wrt", "X", "A X B where A: m x n, X: n x k, B: k x p"}, "def value_and_differential(A, X, B, dX):"},
		{[]string{"grad", "-q", "--emit", "go", "--package", "grad", "--wrt", "x", "x' x"}, "package grad\n"},
		{[]string{"grad", "-q", "--emit", "go", "--wrt", "x", "x' x"}, "func ValueAndGrad(x *mat.Dense) (_value float64, _d1 *mat.Dense, _err error) {"},
		{[]string{"grad", "-q", "--emit", "numpy", "--wrt", "x", "--wrt", "A", "x' A x"}, "    return _scalar(x.T @ (A @ x)), (A + A.T) @ x, x @ x.T\n"},
	}
	for _, c := range cases {
		code, out, errs := matdiff(t, c.args...)
		if code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("%q: exit %d, stderr %q; the output lacks %q:\n%s", c.args, code, errs, c.want, out)
		}
	}
	code, out, errs = matdiff(t, "grad", "--emit", "fortran", "--wrt", "x", "x' x")
	if code != exitInput || out != "" || !strings.Contains(errs, `cannot emit "fortran"`) {
		t.Errorf("--emit fortran: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
