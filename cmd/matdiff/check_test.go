package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

const (
	checkQuad   = "x' A x where x: n x 1, A: n x n"
	checkWorked = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
)

// runCmd runs the command line and returns its status, stdout and stderr.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, false)
	if strings.Contains(errb.String(), "internal error") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("matdiff %q crashed:\n%s", args, errb.String())
	}
	return code, out.String(), errb.String()
}

// wantRun checks the status and that stderr is empty.
func wantRun(t *testing.T, code int, stdout, stderr string, want int) {
	t.Helper()
	if code != want {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, want, stdout, stderr)
	}
	if want != exitInput && stderr != "" {
		t.Errorf("stderr is not empty:\n%s", stderr)
	}
	if want == exitInput && stdout != "" {
		t.Errorf("stdout is not empty on an input error:\n%s", stdout)
	}
}

func wantIn(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

// seedLine is a line of the text report for one instance.
var seedLine = `seed \d+ +sizes: [a-z]=\d(, [a-z]=\d)* +relative error [0-9.e+-]+\n`

func TestCheckSymmetricOnly(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "x", checkQuad, "--against", "2 A x")
	wantRun(t, code, out, errs, exitFail)
	re := regexp.MustCompile(`^candidate: 2 A x\n(` + seedLine + `){5}` +
		`FAIL: largest relative error [0-9.e+-]+ \(tolerance 1e-05\)\n` +
		`worst entry: x\(\d,1\) at seed \d: numeric -?[0-9.e+-]+, candidate -?[0-9.e+-]+\n` +
		`the candidate holds only when A is symmetric \(if it is, declare it so: A: symmetric n x n\)\n` +
		`matdiff's gradient: \(A \+ A'\) x\n$`)
	if !re.MatchString(out) {
		t.Errorf("report:\n%s", out)
	}
}

func TestCheckAgainstRight(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "x", checkQuad, "--against", "(A + A') x")
	wantRun(t, code, out, errs, exitOK)
	re := regexp.MustCompile(`^candidate: \(A \+ A'\) x\n(` + seedLine + `){5}OK: largest relative error [0-9.e+-]+ \(5 instances, tolerance 1e-05\)\n$`)
	if !re.MatchString(out) {
		t.Errorf("report:\n%s", out)
	}
}

func TestCheckWorked(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "X", checkWorked)
	wantRun(t, code, out, errs, exitOK)
	re := regexp.MustCompile(`^gradient: \(\(B' \(E \.\* \(A' F'\)\)\) \.\* D\) C'\n` +
		`(seed \d +sizes: a=\d, b=\d, e=\d +relative error [0-9.e+-]+\n){5}` +
		`OK: largest relative error [0-9.e+-]+ \(5 instances, tolerance 1e-05\)\n$`)
	if !re.MatchString(out) {
		t.Errorf("report:\n%s", out)
	}
}

func TestCheckTranspose(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "X", "tr(A X) where X: n x n", "--against", "A")
	wantRun(t, code, out, errs, exitFail)
	wantIn(t, out, "FAIL: ", "\nthe candidate matches the transpose of the gradient\n", "\nmatdiff's gradient: A'\n")
}

func TestCheckFactor(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "x", checkQuad, "--against", "2 (A + A') x")
	wantRun(t, code, out, errs, exitFail)
	wantIn(t, out, "\nthe candidate is 2 times the gradient\n", "\nmatdiff's gradient: (A + A') x\n")

	code, out, errs = runCmd(t, "check", "--wrt", "x", "sum(exp(x))", "--against", "-exp(x)")
	wantRun(t, code, out, errs, exitFail)
	wantIn(t, out, "\nthe candidate is the negative of the gradient: a sign error\n")
}

func TestCheckSymmetricVariable(t *testing.T) {
	src := "x' S x where S: symmetric n x n"
	code, out, errs := runCmd(t, "check", "--wrt", "S", src, "--against", "x x'")
	wantRun(t, code, out, errs, exitOK)
	code, out, errs = runCmd(t, "check", "--wrt", "S", src, "--against", "2 x x' - Diag(diag(x x'))")
	wantRun(t, code, out, errs, exitFail)
	wantIn(t, out, "the candidate is 2G - Diag(diag(G)) for the gradient G")
}

func TestCheckBadCandidate(t *testing.T) {
	code, out, errs := runCmd(t, "check", "--wrt", "x", checkQuad, "--against", "2 (A + A' x")
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "matdiff: 1:3: ", "\n  | 2 (A + A' x\n  |   ^\n")

	// A shape that is not the variable's.
	code, out, errs = runCmd(t, "check", "--wrt", "X", "tr(A X) where X: n x m", "--against", "A")
	wantRun(t, code, out, errs, exitInput)
	if want := "matdiff: the candidate A is m x n, but X is n x m; a gradient has the shape of its variable\nhint: its transpose would have the right shape\n"; errs != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errs, want)
	}

	// A candidate that does not fit the shapes of the names.
	code, out, errs = runCmd(t, "check", "--wrt", "x", checkQuad, "--against", "A x x")
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "  | A x x\n")
}

func TestCheckQuiet(t *testing.T) {
	code, out, errs := runCmd(t, "check", "-q", "--wrt", "x", checkQuad)
	wantRun(t, code, out, errs, exitOK)
	if !regexp.MustCompile(`^OK \d(\.\d)?e-\d\d\n$`).MatchString(out) {
		t.Errorf("-q output %q", out)
	}
	code, out, errs = runCmd(t, "check", "-q", "--wrt", "x", checkQuad, "--against", "A x")
	wantRun(t, code, out, errs, exitFail)
	if !regexp.MustCompile(`^FAIL \d(\.\d+)?\n$`).MatchString(out) {
		t.Errorf("-q output %q", out)
	}
}

func TestCheckJSON(t *testing.T) {
	type check struct {
		Wrt       string
		Gradient  string
		Source    string
		OK        bool
		MaxRelErr float64 `json:"max_rel_err"`
		Instances []struct {
			Seed  int64
			Sizes map[string]int
		}
		Diagnosis       []string
		MatdiffGradient string `json:"matdiff_gradient"`
	}
	type report struct {
		Input     string
		OK        bool
		MaxRelErr float64 `json:"max_rel_err"`
		Checks    []check
	}
	code, out, errs := runCmd(t, "check", "--format", "json", "--wrt", "X", checkWorked)
	wantRun(t, code, out, errs, exitOK)
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !r.OK || r.Input != checkWorked || len(r.Checks) != 1 || r.Checks[0].Gradient != "((B' (E .* (A' F'))) .* D) C'" ||
		r.Checks[0].Source != "matdiff" || len(r.Checks[0].Instances) != 5 || r.MaxRelErr > 1e-8 {
		t.Errorf("report %+v", r)
	}

	code, out, errs = runCmd(t, "check", "--format", "json", "--wrt", "x", checkQuad, "--against", "2 A x")
	wantRun(t, code, out, errs, exitFail)
	r = report{}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := r.Checks[0]
	if r.OK || c.Source != "candidate" || c.MatdiffGradient != "(A + A') x" || len(c.Diagnosis) != 1 ||
		!strings.HasPrefix(c.Diagnosis[0], "the candidate holds only when A is symmetric") {
		t.Errorf("report %+v", r)
	}

	code, out, errs = runCmd(t, "check", "--format", "json", "-q", "--wrt", "x", checkQuad)
	wantRun(t, code, out, errs, exitOK)
	var q struct {
		OK        bool
		MaxRelErr float64 `json:"max_rel_err"`
	}
	if err := json.Unmarshal([]byte(out), &q); err != nil || !q.OK {
		t.Errorf("%v: %s", err, out)
	}
}

func TestCheckOptions(t *testing.T) {
	// --dims fixes sizes, --seeds says how many instances.
	code, out, errs := runCmd(t, "check", "--wrt", "x", checkQuad, "--dims", "n=3", "--seeds", "2", "--seed", "7")
	wantRun(t, code, out, errs, exitOK)
	re := regexp.MustCompile(`^gradient: \(A \+ A'\) x\nseed 7  sizes: n=3  relative error [0-9.e+-]+\nseed 8  sizes: n=3  relative error [0-9.e+-]+\nOK: `)
	if !re.MatchString(out) {
		t.Errorf("report:\n%s", out)
	}
	// Several variables.
	code, out, errs = runCmd(t, "check", "--wrt", "x", "--wrt", "A", "x' A x + logdet(A)")
	wantRun(t, code, out, errs, exitOK)
	wantIn(t, out, "gradient with respect to x: (A + A') x\n", "\n\ngradient with respect to A: ")

	for _, args := range [][]string{
		{"check", "--wrt", "x", "--wrt", "A", checkQuad, "--against", "A x"},
		{"check", "--wrt", "y", checkQuad},
		{"check", "--wrt", "x", checkQuad, "--dims", "z=3"},
		{"check", "--wrt", "x", checkQuad, "--dims", "n=0"},
		{"check", "--wrt", "x", checkQuad, "--seeds", "0"},
	} {
		code, out, errs := runCmd(t, args...)
		wantRun(t, code, out, errs, exitInput)
		if !strings.HasPrefix(errs, "matdiff: ") {
			t.Errorf("%q: stderr %q", args, errs)
		}
	}
}
