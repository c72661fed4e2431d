package main

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/parser"
)

// The limits of matdiff are deterministic work budgets (package budget):
// these tests assert the verdict an input gets, exit status and message,
// which is the same on any machine; none of them looks at a clock. How
// fast the work goes is for the benchmarks.

// runLimited runs the command line and returns its status, stdout and
// stderr; a crash fails the test.
func runLimited(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, false)
	if s := errb.String(); strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
		t.Fatalf("matdiff %.60q crashed:\n%.2000s", args, s)
	}
	return code, out.String(), errb.String()
}

// nest returns f(f(...f(x)...)), n deep.
func nest(f string, n int, x string) string {
	return strings.Repeat(f+"(", n) + x + strings.Repeat(")", n)
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
	code, out, errs := runLimited(t, "grad", "-q", "--wrt", "x", open)
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
		code, out, errs = runLimited(t, cmd, "-q", "--wrt", "x", balanced(within))
		if code != exitOK || cmd == "grad" && out != "2 x\n" || cmd == "check" && !strings.HasPrefix(out, "OK ") {
			t.Errorf("%s of %d balanced: %d %q\n%.600s", cmd, within, code, out, errs)
		}
	}
	code, out, errs = runLimited(t, "grad", "-q", "--wrt", "x", balanced(parser.MaxDepth+1))
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
	code, out, errs := runLimited(t, "grad", "-q", "--wrt", "x", long)
	want := "matdiff: input longer than 200000 characters (it has 200001)\nhint: split the expression into parts, or name common subexpressions\n"
	if code != exitInput || out != "" || errs != want {
		t.Errorf("got %d %q %.300q", code, out, errs)
	}
	wantInDoc(t, "input longer than 200000 characters (it has 200001)")
}

// TestBlowUps: derivations that grow fast end with the right answer or a
// message that says which limit they hit and the flag that raises it.
func TestBlowUps(t *testing.T) {
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
			"the derivation needs more than 10000000 units of work, the limit of --max-work"},
	}
	for _, tt := range tests {
		code, out, errs := runLimited(t, tt.args...)
		switch {
		case code == exitOK && (tt.want == "" || out == tt.want):
		case code == exitBeyond && tt.limit != "" && out == "" && strings.HasPrefix(errs, "matdiff: "+tt.limit):
			if tt.limit != "the derivation" {
				wantInDoc(t, tt.limit)
			}
		default:
			t.Errorf("%s: %d %.300q %.300q", tt.name, code, out, errs)
		}
	}
	// The 200 nested tanh: the gradient is right.
	src := "sum(" + nest("tanh", 200, "x") + ") where x: n x 1"
	if code, out, _ := runLimited(t, "grad", "-q", "--wrt", "x", src); code == exitOK {
		verify(t, src, "x", strings.TrimSpace(out))
	}
}

// TestHugeSizes: a size in the billions costs no more than a small one
// (shape inference once counted up to it, one by one).
func TestHugeSizes(t *testing.T) {
	for _, n := range []string{"2055555555", "9000000000000000000"} {
		code, out, errs := runLimited(t, "jacobian", "-q", "--vec", "--wrt", "et", "A et(X) where A: "+n+" x 1")
		if code != exitOK || out != "kron(X', A)\n" {
			t.Errorf("A: %s x 1: %d %q %q", n, code, out, errs)
		}
	}
}

// TestHessianBlowUp: the Hessian of a chain of tanh once took 20 s for 8
// levels and ran out of memory for 60, while Hadamard products of sums
// were multiplied out without bound; now they stop at a few dozen terms,
// and the 30 levels are answered.
func TestHessianBlowUp(t *testing.T) {
	src := "sum(" + nest("tanh", 30, "x") + ") where x: n x 1"
	code, out, errs := runLimited(t, "hessian", "-q", "--wrt", "x", src)
	if code != exitOK || !strings.HasPrefix(out, "-2 Diag(") {
		t.Errorf("%d %.200q %.300q", code, out, errs)
	}
}

// reproducers are the inputs of issue 9 that once took minutes or never
// ended: each now ends, answered or refused with exit status 4, after the
// same work on any machine.
var reproducers = []struct {
	name   string
	args   []string
	code   int
	prefix string // of stdout when code is 0, of stderr otherwise
}{
	// The node limit counts distinct nodes: the 60 levels, refused while
	// it counted nodes as printed, are a few thousand distinct nodes, and
	// answered; 300 levels are past it.
	{"60 nested sigmoid, Hessian",
		[]string{"hessian", "-q", "--wrt", "x", "sum(" + nest("sigmoid", 60, "x") + ") where x: n x 1"},
		exitOK, "Diag("},
	{"300 nested sigmoid, Hessian",
		[]string{"hessian", "-q", "--wrt", "x", "sum(" + nest("sigmoid", 300, "x") + ") where x: n x 1"},
		exitBeyond, "matdiff: the differential has more than 200000 nodes, the limit of --max-nodes\nhint: raise --max-nodes"},
	{"30 nested sigmoid, Hessian",
		[]string{"hessian", "-q", "--wrt", "x", "sum(" + nest("sigmoid", 30, "x") + ") where x: n x 1"},
		exitOK, "Diag("},
	{"30 nested sigmoid, Hessian with its steps",
		[]string{"hessian", "--wrt", "x", "sum(" + nest("sigmoid", 30, "x") + ") where x: n x 1"},
		exitBeyond, "matdiff: the derivation would print more than 2000000 nodes, the limit of --max-print\nhint: raise --max-print, print the result alone with -q"},
	{"tr(A^2^...^2), 40 levels",
		[]string{"grad", "-q", "--wrt", "A", "tr(A" + strings.Repeat("^2", 40) + ")"},
		exitBeyond, "matdiff: d(A^1048576) has 1048576 terms, more than the 64 matdiff expands"},
	{"499 nested exp",
		[]string{"grad", "-q", "--wrt", "x", "sum(" + nest("exp", 499, "x") + ") where x: n x 1"},
		exitOK, "exp(" + nest("exp", 498, "x") + ") .* "},
	{"x.^2.^2..., 200 deep",
		[]string{"grad", "-q", "--wrt", "x", "sum(x" + strings.Repeat(".^2", 200) + ") where x: n x 1"},
		// The chain rule's factors print from x outward, the first
		// twenty-one levels folded into one power, x.^(2^21 - 1), which
		// goes last: x.^2^20.^2 .* (x.^2^20.^2.^2 .* (… .* x.^2097151)).
		exitOK, "1.6069380442589903e+60 (x.^1048576.^2 .* (x.^1048576.^2.^2 .* (x.^1048576.^2.^2.^2 .* "},
}

// TestReproducers: each reproducer gets its verdict, the same twice.
func TestReproducers(t *testing.T) {
	for _, r := range reproducers {
		t.Run(r.name, func(t *testing.T) {
			var first string
			for i := 0; i < 2; i++ {
				code, out, errs := runLimited(t, r.args...)
				got := out
				if code != exitOK {
					got = errs
				}
				if code != r.code || !strings.HasPrefix(got, r.prefix) || code != exitOK && out != "" {
					t.Fatalf("run %d: %d %.300q %.300q, want %d and %.200q", i+1, code, out, errs, r.code, r.prefix)
				}
				verdict := fmt.Sprint(code, got)
				if i == 1 && verdict != first {
					t.Errorf("the second run differs from the first")
				}
				first = verdict
			}
		})
	}
}

// TestReproducersSmall: the same forms, small enough to check, give right
// derivatives.
func TestReproducersSmall(t *testing.T) {
	for _, src := range []string{
		"sum(" + nest("exp", 3, "x") + ") where x: n x 1",
		"sum(x" + strings.Repeat(".^2", 3) + ") where x: n x 1",
		"sum(" + nest("sigmoid", 6, "x") + ") where x: n x 1",
	} {
		code, out, errs := runLimited(t, "grad", "-q", "--wrt", "x", src)
		if code != exitOK {
			t.Errorf("%s: %d %q", src, code, errs)
			continue
		}
		verify(t, src, "x", strings.TrimSpace(out))
	}
	code, out, errs := runLimited(t, "hessian", "-q", "--wrt", "x", "sum("+nest("sigmoid", 4, "x")+") where x: n x 1")
	if code != exitOK {
		t.Fatalf("%d %q", code, errs)
	}
	verifyJacobian(t, "sum("+nest("sigmoid", 4, "x")+") where x: n x 1", "x", strings.TrimSpace(out), true)
}

// TestLimitFlags: each limit has a flag that lowers or raises it, and the
// message of a limit reached names it.
func TestLimitFlags(t *testing.T) {
	src := "sum(" + nest("tanh", 8, "x") + ") where x: n x 1"
	tests := []struct {
		flag, msg string
	}{
		{"--max-steps=10", "matdiff: the derivation needs more than 10 rule applications, the limit of --max-steps\nhint: raise --max-steps"},
		{"--max-nodes=20", "matdiff: the differential has more than 20 nodes, the limit of --max-nodes\nhint: raise --max-nodes"},
		{"--max-work=1000", "matdiff: the derivation needs more than 1000 units of work, the limit of --max-work\nhint: raise --max-work"},
		{"--max-print=50", "matdiff: the derivation would print more than 50 nodes, the limit of --max-print\nhint: raise --max-print"},
		{"--timeout=1ns", "matdiff: the derivation took longer than 1ns, the limit of --timeout\nhint: raise --timeout"},
	}
	for _, tt := range tests {
		code, out, errs := runLimited(t, "hessian", tt.flag, "--wrt", "x", src)
		if code != exitBeyond || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%s: %d %.100q %q, want %q", tt.flag, code, out, errs, tt.msg)
		}
	}
	// check and eval run under the same limits.
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"check", "--max-steps=3", "--wrt", "x", "x' A x"}, "matdiff: the derivation needs more than 3 rule applications, the limit of --max-steps\n"},
		{[]string{"check", "--timeout=1ns", "--wrt", "x", "x' A x"}, "matdiff: the derivation took longer than 1ns, the limit of --timeout\n"},
		{[]string{"eval", "--max-flops=1000", "--random", "--dims", "n=20", "A B where A: n x n, B: n x n"},
			"matdiff: the evaluation needs more than 1000 arithmetic operations, the limit of --max-flops\n"},
	} {
		code, out, errs := runLimited(t, tt.args...)
		if code != exitBeyond || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%q: %d %.100q %q, want %q", tt.args, code, out, errs, tt.msg)
		}
	}
	// Raised, the limits let it through.
	code, out, errs := runLimited(t, "hessian", "-q", "--max-steps=1000000", "--max-nodes=1000000", "--max-work=1000000000", "--max-print=100000000", "--timeout=10m", "--wrt", "x", src)
	if code != exitOK || !strings.HasPrefix(out, "-2 Diag(") {
		t.Errorf("raised: %d %.100q %q", code, out, errs)
	}
}

// TestLimitDefaults: the flags default to budget.Default, which the
// library uses.
func TestLimitDefaults(t *testing.T) {
	var c cli
	k, err := kong.New(&c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Parse([]string{"grad", "--wrt", "x", "x' x"}); err != nil {
		t.Fatal(err)
	}
	if got := c.Grad.limits(); !reflect.DeepEqual(got, budget.Default) {
		t.Errorf("flags give %+v, budget.Default is %+v", got, budget.Default)
	}
	if c.Grad.Timeout.String() != "1m0s" {
		t.Errorf("--timeout defaults to %v", c.Grad.Timeout)
	}
}
