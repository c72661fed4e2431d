package repl_test

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/repl"
)

func runLines(t *testing.T, lines ...string) (out, errs string, status int) {
	t.Helper()
	var o, e strings.Builder
	status = repl.Run(strings.NewReader(strings.Join(lines, "\n")+"\n"), &o, &e, repl.Options{})
	return o.String(), e.String(), status
}

// Every derivative printed here has been checked numerically by the
// library before it is returned ("checked numerically" under it).
func TestBatch(t *testing.T) {
	out, errs, status := runLines(t,
		"where A: n x n, x: n x 1",
		"grad x' A x wrt x",
		"hessian x' A x wrt x",
		"jacobian A x wrt x",
		"where A: symmetric n x n",
		"grad x' A x wrt x",
		":decls",
		":clear",
		":decls",
		":grad tr(A X) wrt X where A: n x n, X: n x n",
		":jacobian sin(x) wrt x where x: n x 1",
		":format json",
		":hessian x' A y wrt x, y where A: n x m, x: n x 1, y: m x 1",
	)
	if status != 0 || errs != "" {
		t.Fatalf("status %d, stderr %q", status, errs)
	}
	for _, want := range []string{
		"df/dx = (A + A') x\nshape: n x 1\nchecked numerically",
		"d2f/dx2 = A + A'\nshape: n x n\nchecked numerically",
		"dy/dx = A\n",
		"df/dx = 2 A x\nshape: n x 1\nchecked numerically",
		"x: n x 1\nA: symmetric n x n\n",
		"df/dX = A'\n",
		"dy/dx = Diag(cos(x))\n",
		`"input": "x' A y"`,
		`"result": "A"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "checked numerically") != 6 {
		t.Errorf("not every result was checked:\n%s", out)
	}
}

func TestBatchErrors(t *testing.T) {
	out, errs, status := runLines(t,
		"grad x' A x wrt x where x: n x 1, A: m x m",
		"grad x' x wrt x where x: n x 1",
		"grad x' A x wrt x",
		"grad x' x where x: n x 1 wrt x",
		"bogus",
		":check 2 x",
	)
	if status != repl.ExitInput {
		t.Errorf("status %d, want %d", status, repl.ExitInput)
	}
	// The where clause may come before wrt or after the variables.
	if !strings.Contains(out, "df/dx = 2 x") {
		t.Errorf("output lacks the gradient of x' x:\n%s", out)
	}
	for _, want := range []string{
		"line 1: matdiff: 1:9: cannot multiply x' (1×n) by A (m×m)",
		"line 1:   | grad x' A x wrt x where x: n x 1, A: m x m\nline 1:   |         ^",
		"line 5: matdiff: 1:1: unknown command \"bogus\"",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	// Line 3: A undeclared is inferred n x n; line 6 checks 2 x against
	// the derivation of line 4.
	for _, l := range []string{"line 2:", "line 3:", "line 4:", "line 6:"} {
		if strings.Contains(errs, l) {
			t.Errorf("%s should pass:\n%s", l, errs)
		}
	}
	_, errs, _ = runLines(t, ":check 2 x", ":latex")
	if !strings.Contains(errs, "line 1: matdiff: nothing to check against") || !strings.Contains(errs, "line 2: matdiff: no derivation yet") {
		t.Errorf("commands with no derivation:\n%s", errs)
	}
}

func TestCheckCandidate(t *testing.T) {
	out, _, status := runLines(t,
		"where A: n x n, x: n x 1",
		"grad x' A x wrt x",
		":check 2 A x",
	)
	if status != repl.ExitFail {
		t.Errorf("status %d, want %d", status, repl.ExitFail)
	}
	for _, want := range []string{"FAIL", "the candidate holds only when A is symmetric", "matdiff's gradient: (A + A') x"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, status = runLines(t, "grad x' A x wrt x where A: n x n, x: n x 1", ":check A x + A' x")
	if status != 0 || !strings.Contains(out, "OK") {
		t.Errorf("a right candidate: status %d\n%s", status, out)
	}
}

func TestContinuationAndFormats(t *testing.T) {
	out, errs, status := runLines(t,
		"grad tr(A X) \\",
		"  wrt X where A: n x n, X: n x n",
		"grad tr(A X) where A: n x n, X: n x n \\",
		"  wrt X",
		":format unicode",
		"grad tr(A X) where A: n x n, X: n x n wrt X",
		":latex",
		":emit numpy",
		":emit fortran",
		":quit",
		"this is never read",
	)
	_ = out
	if status != repl.ExitInput {
		t.Errorf("status %d, want %d (from :emit fortran)", status, repl.ExitInput)
	}
	if strings.Contains(errs, "line 1:") || strings.Contains(errs, "line 3:") {
		t.Errorf("stderr:\n%s", errs)
	}
	for _, want := range []string{"df/dX = A'", "∂f/∂X = Aᵀ", `\frac{\partial f}{\partial X} &= A^\top`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "import numpy as _np") || !strings.Contains(out, "def value_and_grad(A, X)") || !strings.Contains(errs, "line 9: matdiff: cannot emit \"fortran\"") {
		t.Errorf("stderr:\n%s", errs)
	}
	if strings.Contains(errs, "line 11") {
		t.Errorf("a line after :quit was read:\n%s", errs)
	}
}

func TestWorse(t *testing.T) {
	for _, c := range [][3]int{{0, 1, 1}, {1, 2, 2}, {2, 4, 4}, {4, 3, 3}, {3, 2, 3}, {4, 0, 4}} {
		if got := repl.Worse(c[0], c[1]); got != c[2] {
			t.Errorf("Worse(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}

func TestComplete(t *testing.T) {
	c := repl.NewCompleter(ast.Decls{{Name: "Sigma", Shape: ast.Scalar}})
	for _, tc := range []struct {
		line string
		want []string
	}{
		{":he", []string{"lp", "ssian"}},
		{"grad logd", []string{"et"}},
		{"grad Sig", []string{"ma"}},
		{"grad x' x w", []string{"rt"}},
	} {
		got, n := c.Do([]rune(tc.line), len([]rune(tc.line)))
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if strings.Join(gs, ",") != strings.Join(tc.want, ",") || n == 0 {
			t.Errorf("complete %q = %q (%d), want %q", tc.line, gs, n, tc.want)
		}
	}
}
