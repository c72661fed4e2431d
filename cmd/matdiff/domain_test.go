package main

import (
	"strings"
	"testing"
)

// The reproducers of issue 9, section 3: check never says "internal
// error" for ordinary input. runCmd fails the test on an internal error.
func TestCheckOrdinaryInput(t *testing.T) {
	cases := []struct {
		args  []string
		code  int
		wants []string
	}{
		// Out of the domain at every random point: exit 2, at the node.
		{[]string{"check", "--wrt", "x", "sum(sqrt(x - 10)) where x: n x 1"}, exitInput,
			[]string{"1:5: none of the 20 random instances tried is in the domain of the expression: sqrt of a negative entry",
				"  | sum(sqrt(x - 10)) where x: n x 1\n  |     ^\n", "hint: check draws values in [-1, 1]"}},
		// Overflow: valid input beyond the range of floating-point numbers.
		{[]string{"check", "--wrt", "x", "1e308 x' x"}, exitBeyond,
			[]string{"the values overflow at each of the 20 random instances tried", "hint: floating-point numbers reach only about 1.8e308"}},
		// An I whose size nothing fixes gets a random size.
		{[]string{"check", "--wrt", "x", "tr(I) x' x"}, exitOK, []string{"gradient: 2 tr(I) x\n", "sizes: n=4, I=", "OK: largest relative error"}},
		{[]string{"check", "--wrt", "A", "det(inv(det(A)))"}, exitOK, []string{"OK: largest relative error"}},
		// Rounding of a large value: within the uncertainty of the differences.
		{[]string{"check", "--wrt", "x", "1e9 + x' x"}, exitOK, []string{"OK: largest relative error", "(above the tolerance only where the finite differences themselves are uncertain"}},
		// The I of a Hessian by a scalar stands for a 1 x 1.
		{[]string{"check", "--hessian", "--wrt", "alpha", "sin(alpha - 2) where alpha: scalar"}, exitOK, []string{"Hessian: -sin(alpha - 2)\n", "OK: largest relative error"}},
		// Too big for finite differences: refused up front with the cost.
		{[]string{"check", "--wrt", "X", "--hessian", "--dims", "n=200", "tr(X' X) where X: n x n"}, exitBeyond,
			[]string{"checking the Hessian by finite differences would evaluate tr(X' X) 6.4e+09 times (8 for each pair of entries of X, which has 40000)",
				"more than the 4e+09 a check may do (sizes n=200)", "give smaller sizes with --dims"}},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.args...)
		if code != c.code {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", c.args, code, c.code, out, errs)
			continue
		}
		got := out
		if code != exitOK {
			got = errs
			if out != "" {
				t.Errorf("%q: stdout not empty:\n%s", c.args, out)
			}
		}
		wantIn(t, got, c.wants...)
	}
}

// Division by a zero constant is bad input for every command.
func TestZeroDivisionEverywhere(t *testing.T) {
	for _, args := range [][]string{
		{"grad", "--wrt", "x", "sum(x) / 0"},
		{"check", "--wrt", "x", "sum(x) / 0"},
		{"eval", "--random", "sum(x) / 0"},
		{"hessian", "--wrt", "x", "sum(x) / 0"},
	} {
		code, out, errs := runCmd(t, args...)
		wantRun(t, code, out, errs, exitInput)
		wantIn(t, errs, "matdiff: 1:8: / divides by zero\n  | sum(x) / 0\n  |        ^\n")
	}
	code, out, errs := runCmd(t, "jacobian", "--wrt", "x", "x ./ (-0)")
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "1:3: ./ divides by zero")
}

// eval reads an expression whose size is left open as a scalar, as grad
// does.
func TestEvalScalarReading(t *testing.T) {
	code, out, errs := runCmd(t, "grad", "-q", "--wrt", "x", "x' A x")
	wantRun(t, code, out, errs, exitOK)
	code, out, errs = runCmd(t, "eval", "--random", "--format", "json", "x' A x")
	wantRun(t, code, out, errs, exitOK)
	wantIn(t, out, `"rows":1`, `"cols":1`)
	code, out, errs = runCmd(t, "eval", "--random", "x' A x")
	wantRun(t, code, out, errs, exitOK)
	if strings.Count(strings.TrimSpace(out), "\n") != 0 || strings.Contains(strings.TrimSpace(out), " ") {
		t.Errorf("eval of x' A x is not a number: %q", out)
	}
}

// log(det(A)) with a det that underflows says so, and suggests logdet; log
// of a subnormal number is right.
func TestLogUnderflow(t *testing.T) {
	code, out, errs := runCmd(t, "eval", "--random", "--dims", "n=3", "log(det(1e-200 A)) where A: n x n")
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "1:1: log of det(1e-200 A), which underflowed to 0", "hint: write logdet(1e-200 A)")
	code, out, errs = runCmd(t, "eval", "log(1e-310)")
	wantRun(t, code, out, errs, exitOK)
	if out != "-713.801\n" {
		t.Errorf("log(1e-310) = %q, want -713.801", out)
	}
	code, out, errs = runCmd(t, "eval", "arcsin(2)")
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "arcsin of a number outside [-1, 1]: 2")
}

// An expression too fast for finite differences: check says they cannot
// tell (exit 4), grad prints the result unchecked.
func TestCheckUnsettled(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "x", "sin(1e9 x' x)")
	if code != exitBeyond || out != "" {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	wantIn(t, errs, "at none of the 20 random instances tried can finite differences tell whether the derivative is right")
	code, out, errs = runCmd(t, "grad", "--wrt", "x", "sin(1e9 x' x)")
	wantRun(t, code, out, errs, exitOK)
	wantIn(t, out, "not checked numerically: at 8 of 8 random instances finite differences do not settle")
}
