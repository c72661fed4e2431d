package main

import (
	"io"
	"reflect"
	"testing"
)

// TestQuickLine: a line that quickLine reads without kong gives the
// command that kong and checkFlags give; the lines it leaves to kong
// include every flag it does not know, a flag given twice, and a --wrt
// that kong splits or checkFlags refuses or trims.
func TestQuickLine(t *testing.T) {
	quick := [][]string{
		{"grad", "-q", "--wrt", "x", "x' A x where x: n x 1, A: n x n"},
		{"grad", "--wrt", "x", "x' A x where x: n x 1, A: n x n"},
		{"grad", "x' A x", "--wrt=x", "--quiet", "--where", "x: n x 1, A: n x n"},
		{"grad", "--no-verify", "--format", "unicode", "--wrt", "A", "--wrt", "x", "x' A x"},
		{"grad", "--format=json", "--wrt", "x", "-x' x"},
		{"jacobian", "-q", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1"},
		{"jacobian", "-q", "--vec", "--wrt", "X", "A X B where X: n x n, A: n x n, B: n x n"},
		{"hessian", "-q", "--wrt", "x", "log(sum(exp(x))) where x: n x 1"},
		{"hessian", "--wrt", "x", "--wrt", "y", "x' A y where x: n x 1, y: n x 1"},
	}
	toKong := [][]string{
		{"grad", "-q", "x"},
		{"grad", "-q", "--wrt", "x"},
		{"grad", "--wrt", "x", "x", "y"},
		{"grad", "-q", "-q", "--wrt", "x", "x' x"},
		{"grad", "--wrt", "x,y", "x' y"},
		{"grad", "--wrt", " x", "x' x"},
		{"grad", "--wrt", "", "x' x"},
		{"grad", "--wrt=", "x' x"},
		{"grad", "--wrt", "x", "--wrt", "x", "x' x"},
		{"grad", "--wrt", "х", "x' x"}, // a Cyrillic х
		{"grad", "--wrt", "-q", "x' x"},
		{"grad", "--vec", "--wrt", "x", "x' x"},
		{"grad", "--format", "html", "--wrt", "x", "x' x"},
		{"grad", "--max-steps", "2", "--wrt", "x", "x' x"},
		{"grad", "--help"},
		{"grad", "--", "--wrt", "x", "x' x"},
		{"grad", "-q=true", "--wrt", "x", "x' x"},
		{"check", "--wrt", "x", "x' x"},
		{"eval", "--random", "x' x"},
	}
	for _, args := range quick {
		cmd, ok := quickLine(args)
		if !ok {
			t.Errorf("%q: not read quickly", args)
			continue
		}
		r := newRunnerFor(args[0])
		ctx, err := r.parse(args, io.Discard)
		if err != nil || r.exited >= 0 {
			t.Fatalf("%q: kong: %v", args, err)
		}
		if err := checkFlags(ctx, &r.c); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		var want command
		switch args[0] {
		case "grad":
			want = &r.c.Grad
		case "jacobian":
			want = &r.c.Jacobian
		case "hessian":
			want = &r.c.Hessian
		}
		if !reflect.DeepEqual(cmd, want) {
			t.Errorf("%q: quickly\n%+v\nkong\n%+v", args, cmd, want)
		}
	}
	for _, args := range toKong {
		if _, ok := quickLine(args); ok {
			t.Errorf("%q: read quickly, not by kong", args)
		}
	}
}
