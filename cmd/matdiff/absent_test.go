package main

import (
	"strings"
	"testing"
)

// TestDeclaredButAbsent: the derivative by a variable that is declared but
// does not occur is zeros of its shape, with a note on stderr
// (LANGUAGE.md); a name neither declared nor used stays an error.
func TestDeclaredButAbsent(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"grad", "-q", "--wrt", "y", "x' x where x: n x 1, y: m x 1"}, "zeros(m, 1)\n"},
		{[]string{"jacobian", "-q", "--wrt", "z", "A x where x: n x 1, z: m x 1, A: k x n"}, "zeros(k, m)\n"},
		{[]string{"hessian", "-q", "--wrt", "y", "x' x where x: n x 1, y: m x 1"}, "zeros(m, m)\n"},
		{[]string{"hessian", "-q", "--wrt", "x", "--wrt", "y", "x' x where x: n x 1, y: m x 1"}, "zeros(n, m)\n"},
	} {
		code, out, errs := runLimited(t, tt.args...)
		if code != exitOK || out != tt.want || !strings.Contains(errs, "matdiff: note: y is declared but does not occur in the expression: its derivative is zero") && !strings.Contains(errs, "note: z is declared") {
			t.Errorf("%q: %d %q %q; want %q and a note", tt.args, code, out, errs, tt.want)
		}
	}
	code, out, errs := runLimited(t, "grad", "-q", "--wrt", "z", "x' x where x: n x 1")
	if code != exitInput || out != "" || !strings.HasPrefix(errs, "matdiff: z does not occur in the expression") {
		t.Errorf("undeclared z: %d %q %q", code, out, errs)
	}
}
