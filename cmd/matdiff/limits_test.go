package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/matdiff/matdiff/parser"
)

// runTimed runs the command line and returns its status, stdout, stderr
// and how long it took; a crash fails the test.
func runTimed(t *testing.T, args ...string) (int, string, string, time.Duration) {
	t.Helper()
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(args, &out, &errb, false)
	took := time.Since(start)
	if s := errb.String(); strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
		t.Fatalf("matdiff %.60q crashed:\n%.2000s", args, s)
	}
	return code, out.String(), errb.String(), took
}

// wantInDoc fails unless docs/errors.md shows msg, so that the table of
// limits there says what the command prints.
func wantInDoc(t *testing.T, msg string) {
	t.Helper()
	doc, err := os.ReadFile(errorsDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), msg) {
		t.Errorf("%s does not show the message %q", errorsDoc, msg)
	}
}

// TestNesting: 10,000 open parentheses before x and none closed is bad
// input; 10,000 balanced levels around x' x (the nesting budget) give the
// gradient, and one level more is that limit, beyond reach.
func TestNesting(t *testing.T) {
	open := strings.Repeat("(", 10000) + "x"
	code, out, errs, _ := runTimed(t, "grad", "-q", "--wrt", "x", open)
	if code != exitInput || out != "" || !strings.HasPrefix(errs, "matdiff: 1:10000: unclosed '('\n") ||
		!strings.HasSuffix(errs, "hint: add the ')' that closes it\n") || strings.Count(errs, "\n") != 4 {
		t.Errorf("10,000 unclosed: %d %q\n%.600s", code, out, errs)
	}

	balanced := func(n int) string { return strings.Repeat("(", n) + "x' x" + strings.Repeat(")", n) }
	within := parser.MaxDepth
	if raceBuild {
		within = 2000 // several times slower under the race detector
	}
	for _, cmd := range []string{"grad", "check"} {
		code, out, errs, _ = runTimed(t, cmd, "-q", "--wrt", "x", balanced(within))
		if code != exitOK || cmd == "grad" && out != "2 x\n" || cmd == "check" && !strings.HasPrefix(out, "OK ") {
			t.Errorf("%s of %d balanced: %d %q\n%.600s", cmd, within, code, out, errs)
		}
	}
	code, out, errs, _ = runTimed(t, "grad", "-q", "--wrt", "x", balanced(parser.MaxDepth+1))
	msg := "1:10001: nesting deeper than 10000 levels"
	if code != exitBeyond || out != "" || !strings.HasPrefix(errs, "matdiff: "+msg+"\n") ||
		!strings.HasSuffix(errs, "hint: name an inner part and work with it on its own\n") {
		t.Errorf("10,001 balanced: %d %q\n%.600s", code, out, errs)
	}
	wantInDoc(t, msg)
}

// TestInputTooLong: more than 200,000 characters is a clear error, at
// once, without the input echoed back.
func TestInputTooLong(t *testing.T) {
	long := strings.Repeat("x", 200001)
	code, out, errs, took := runTimed(t, "grad", "-q", "--wrt", "x", long)
	want := "matdiff: input longer than 200000 characters (it has 200001)\nhint: split the expression into parts, or name common subexpressions\n"
	if code != exitInput || out != "" || errs != want {
		t.Errorf("got %d %q %.300q", code, out, errs)
	}
	if took > time.Second {
		t.Errorf("took %v", took)
	}
	wantInDoc(t, "input longer than 200000 characters (it has 200001)")
}

// TestBlowUps: derivations that grow fast end with the right answer or a
// message that says which limit they hit, in seconds and not minutes.
func TestBlowUps(t *testing.T) {
	nest := func(f string, n int, x string) string {
		return strings.Repeat(f+"(", n) + x + strings.Repeat(")", n)
	}
	var product []string
	for i := 0; i < 600; i++ {
		product = append(product, "(X + A"+string(rune('a'+i%26))+strings.Repeat("z", i/26)+")")
	}
	tests := []struct {
		name  string
		args  []string
		want  string // stdout, if the answer is known; "" for any answer
		limit string // the message of the limit it may hit instead
	}{
		{"tr(X^100)", []string{"grad", "-q", "--wrt", "X", "tr(X^100)"}, "100 X'^99\n", ""},
		{"sum(X^200)", []string{"grad", "-q", "--wrt", "X", "sum(X^200)"}, "",
			"d(A^200) has 200 terms, more than the 64 matdiff expands; write the power as a product of smaller ones"},
		{"30 nested det", []string{"grad", "-q", "--wrt", "X", nest("det", 30, "X")}, "", "the derivation"},
		{"200 nested tanh", []string{"grad", "-q", "--wrt", "x", "sum(" + nest("tanh", 200, "x") + ") where x: n x 1"}, "", "the derivation"},
		{"600 factors", []string{"grad", "-q", "--wrt", "X", "tr(" + strings.Join(product, " ") + ")"}, "",
			"the differential has more than 200000 nodes; simplify the expression or split it"},
	}
	for _, tt := range tests {
		code, out, errs, took := runTimed(t, tt.args...)
		switch {
		case code == exitOK && (tt.want == "" || out == tt.want):
		case code == exitBeyond && tt.limit != "" && out == "" && strings.HasPrefix(errs, "matdiff: "+tt.limit):
			if tt.limit != "the derivation" {
				wantInDoc(t, tt.limit)
			}
		default:
			t.Errorf("%s: %d %.300q %.300q", tt.name, code, out, errs)
		}
		if took > 10*time.Second {
			t.Errorf("%s took %v", tt.name, took)
		}
	}
	// The 200 nested tanh: the gradient is right.
	src := "sum(" + nest("tanh", 200, "x") + ") where x: n x 1"
	if code, out, _, _ := runTimed(t, "grad", "-q", "--wrt", "x", src); code == exitOK {
		verify(t, src, "x", strings.TrimSpace(out))
	}
}

// TestHugeSizes: a size in the billions costs no more than a small one
// (shape inference once counted up to it, one by one).
func TestHugeSizes(t *testing.T) {
	for _, n := range []string{"2055555555", "9000000000000000000"} {
		code, out, errs, took := runTimed(t, "jacobian", "-q", "--vec", "--wrt", "et", "A et(X) where A: "+n+" x 1")
		if code != exitOK || out != "kron(X', A)\n" {
			t.Errorf("A: %s x 1: %d %q %q", n, code, out, errs)
		}
		if took > time.Second {
			t.Errorf("A: %s x 1 took %v", n, took)
		}
	}
}

// TestHessianBlowUp: the Hessian of a chain of tanh once took 20 s for 8
// levels and ran out of memory for 60, while Hadamard products of sums
// were multiplied out without bound; now they stop at a few dozen terms.
func TestHessianBlowUp(t *testing.T) {
	src := "sum(" + strings.Repeat("tanh(", 30) + "x" + strings.Repeat(")", 30) + ") where x: n x 1"
	code, _, errs, took := runTimed(t, "hessian", "-q", "--wrt", "x", src)
	if code != exitOK && !strings.HasPrefix(errs, "matdiff: the ") || took > 10*time.Second {
		t.Errorf("%d %q after %v", code, errs, took)
	}
}
