package main

import (
	"strings"
	"testing"
)

// TestCheckUnderLimits: the finite differences of check count against
// --max-flops and stop at --timeout, like every evaluation.
func TestCheckUnderLimits(t *testing.T) {
	src := "sum(exp(A x)) where A: n x n, x: n x 1"
	code, out, errs := runLimited(t, "check", "--max-flops", "10", "--wrt", "x", src)
	if code != exitBeyond || out != "" || !strings.HasPrefix(errs, "matdiff: the check needs more than 10 arithmetic operations, the limit of --max-flops") {
		t.Errorf("--max-flops 10: %d %q %q", code, out, errs)
	}
	code, out, errs = runLimited(t, "check", "--timeout", "1ns", "--wrt", "x", src)
	if code != exitBeyond || out != "" || !strings.Contains(errs, "the limit of --timeout") {
		t.Errorf("--timeout 1ns: %d %q %q", code, out, errs)
	}
	code, out, errs = runLimited(t, "check", "--wrt", "x", src)
	if code != exitOK || !strings.Contains(out, "OK: largest relative error") {
		t.Errorf("within the limits: %d %q %q", code, out, errs)
	}
}
