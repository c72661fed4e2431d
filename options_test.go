package matdiff_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
)

// TestWithLimits: a derivation keeps within the limits it is given (a
// limit reached is beyond reach, named), and stops with its context; e
// itself keeps the defaults.
func TestWithLimits(t *testing.T) {
	e, err := matdiff.Parse(worked)
	if err != nil {
		t.Fatal(err)
	}
	lim := budget.Default
	lim.Steps = 3
	_, err = e.WithLimits(nil, lim).Grad("X")
	if !errors.Is(err, matdiff.ErrBeyondReach) || !strings.Contains(err.Error(), "rule applications") {
		t.Errorf("3 steps: %v", err)
	}
	cx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.WithLimits(cx, budget.Default).Grad("X"); err == nil {
		t.Errorf("a derivation went on after its context ended")
	}
	d, err := e.WithLimits(context.Background(), budget.Default).Grad("X")
	if err != nil || d.Result() != "((B' (E .* (A' F'))) .* D) C'" || d.Verified != matdiff.Checked {
		t.Errorf("default limits: %v %v", d, err)
	}
	if _, err := e.Grad("X"); err != nil {
		t.Errorf("e itself: %v", err)
	}
}

// TestVerify: a derivative derived Unverified is checked on request, and
// Verify returns a new Derivation; a wrong one is an internal error with
// the instance and the worst entry, never a result. With steps, the
// gradient of a Hessian's derivation is checked too.
func TestVerify(t *testing.T) {
	e, err := matdiff.Parse("x' A x where x: n x 1, A: n x n")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Unverified().Grad("x")
	if err != nil || d.Verified != 0 {
		t.Fatalf("unverified: %v %v", d, err)
	}
	v, err := d.Verify(true)
	if err != nil || v.Verified != matdiff.Checked || d.Verified != 0 {
		t.Errorf("verified: %v %v (the original: %v)", v.Verified, err, d.Verified)
	}
	// The result checked numerically here too: (A + A') x.
	checkGrad(t, "x' A x where x: n x 1, A: n x n", "x", v.Result())

	wrong := *d
	w := *d.Derivation
	w.Result = ast.Mul(ast.N(2), ast.Mul(ast.S("A"), ast.S("x")))
	wrong.Derivation = &w
	_, err = wrong.Verify(true)
	if !errors.Is(err, matdiff.ErrInternal) || !strings.Contains(err.Error(), "the result for x, 2 (A x), failed its numerical check") || !strings.Contains(err.Error(), "worst entry") {
		t.Errorf("a wrong gradient: %v", err)
	}

	h, err := matdiff.Parse("sum(exp(x)) where x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	hd, err := h.Unverified().Hessian("x")
	if err != nil {
		t.Fatal(err)
	}
	bad := *hd
	g := *hd.Grad
	g.Result = ast.Mul(ast.N(2), g.Result)
	hb := *hd.Derivation
	hb.Grad = &g
	bad.Derivation = &hb
	if _, err := bad.Verify(true); !errors.Is(err, matdiff.ErrInternal) || !strings.Contains(err.Error(), "the result for x, 2 exp(x), failed") {
		t.Errorf("a wrong gradient in a Hessian's steps: %v", err)
	}
	if v, err := bad.Verify(false); err != nil || v.Verified != matdiff.Checked {
		t.Errorf("the Hessian alone: %v %v", v, err)
	}
}

// TestAmbiguities: the notes carry the source, for the caret.
func TestAmbiguities(t *testing.T) {
	src := "A x .* z where x: n x 1, A: n x n, z: n x 1"
	e, err := matdiff.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	info, err := e.Info(false)
	if err != nil {
		t.Fatal(err)
	}
	ns := e.Ambiguities(info)
	if len(ns) != 1 || ns[0].Src != src || !strings.Contains(ns[0].Pretty(), "^") {
		t.Errorf("notes: %v", ns)
	}
	if e2, _ := matdiff.Parse("A (x .* z) where x: n x 1, A: n x n, z: n x 1"); len(e2.Ambiguities(info)) != 0 {
		t.Errorf("a note on an expression with its parentheses")
	}
}

// checkGrad checks a gradient against finite differences.
func checkGrad(t *testing.T, src, wrt, grad string) {
	t.Helper()
	e, err := matdiff.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Check(wrt, grad)
	if err != nil || !r.OK {
		t.Errorf("%s is not the gradient of %s: %v %v", grad, src, r, err)
	}
}
