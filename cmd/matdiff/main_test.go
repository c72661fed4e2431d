package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

const worked = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// matdiff runs the command line and returns its status and output.
func matdiff(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, false)
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("matdiff %q crashed:\n%s", args, errb.String())
	}
	return code, out.String(), errb.String()
}

// verify checks a printed gradient of src with respect to wrt against
// finite differences.
func verify(t *testing.T, src, wrt, grad string) {
	t.Helper()
	e, decls, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	g, err := parser.ParseExpr(grad)
	if err != nil {
		t.Fatalf("gradient %q does not parse: %v", grad, err)
	}
	if _, err := info.ShapeOf(ast.Frob(g, ast.S(wrt))); err != nil {
		t.Fatalf("gradient %q does not fit %s: %v", grad, wrt, err)
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(ast.Add(e, ast.Frob(g, g)), info, seed, numeric.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := numeric.Gradient(e, g, wrt, info, inst)
		if err != nil {
			t.Fatal(err)
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Fatalf("gradient %q of %q is wrong: relative error %g", grad, src, res.MaxRelErr)
		}
	}
}

func TestGradQuiet(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"grad", "-q", "--wrt", "X", worked}, "((B' (E .* (A' F'))) .* D) C'\n"},
		{[]string{"grad", "-q", "--wrt", "X", strings.NewReplacer("X: b x 1", "X: b x k", "C: 1 x e", "C: k x e").Replace(worked)}, "((B' (E .* (A' F'))) .* D) C'\n"},
		{[]string{"grad", "-q", "--wrt", "x", "x' A x"}, "(A + A') x\n"},
		{[]string{"grad", "-q", "--wrt", "x", "x' A x", "--where", "x: n x 1, A: n x n"}, "(A + A') x\n"},
		{[]string{"grad", "-q", "--wrt", "x", "-y' x + log(sum(exp(x))) where x: n x 1, y: n x 1"}, "exp(x) / sum(exp(x)) - y\n"},
		{[]string{"grad", "-q", "--format", "unicode", "--wrt", "x", "x' A x"}, "(A + Aᵀ) x\n"},
		{[]string{"grad", "-q", "--format", "latex", "--wrt", "x", "x' A x"}, `(A + A^\top) x` + "\n"},
		{[]string{"grad", "-q", "--wrt", "A", "--wrt", "x", "x' A x where x: n x 1, A: n x n"}, "x x'\n(A + A') x\n"},
	}
	for _, tt := range tests {
		code, out, errs := matdiff(t, tt.args...)
		if code != 0 || out != tt.want || errs != "" {
			t.Errorf("matdiff %q = %d, %q, %q; want 0, %q, \"\"", tt.args, code, out, errs, tt.want)
			continue
		}
		if f := tt.args[len(tt.args)-1]; !strings.HasPrefix(f, "x: ") && !strings.Contains(strings.Join(tt.args, " "), "--format") {
			src := f
			if tt.args[len(tt.args)-2] == "--where" {
				src = tt.args[len(tt.args)-3] + " where " + f
			}
			for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
				wrts := wrtsOf(tt.args)
				verify(t, src, wrts[i], line)
			}
		}
	}
}

func wrtsOf(args []string) []string {
	var w []string
	for i, a := range args {
		if a == "--wrt" {
			w = append(w, args[i+1])
		}
	}
	return w
}

func TestGradDerivation(t *testing.T) {
	code, out, errs := matdiff(t, "grad", "--wrt", "X", worked)
	want := `f = A ((B ((X C) .* D)) .* E) F
 1. df = A' F' : d((B ((X C) .* D)) .* E)  [differential: d-product, frob-mul-right, frob-mul-left, simplify]
 2.    = E .* (A' F') : d(B ((X C) .* D))  [frob-hadamard-right, d-hadamard, simplify]
         where H = B' (E .* (A' F'))
 3.    = H : d((X C) .* D)                 [frob-mul-left, d-product]
         where K = H .* D
 4.    = K : d(X C)                        [frob-hadamard-right, d-hadamard]
 5.    = K C' : dX                         [frob-mul-right, d-product]
df/dX = K C'
shape: b x 1
checked numerically
`
	if code != 0 || out != want || errs != "" {
		t.Fatalf("got %d\n%s\n%s\nwant\n%s", code, out, errs, want)
	}
	// At most 7 steps after the differential, each naming its identity.
	steps := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "[frob-") {
			steps++
		}
	}
	if steps == 0 || steps > 7 {
		t.Errorf("%d steps after the differential; want 1 to 7", steps)
	}
	verify(t, worked, "X", "((B' (E .* (A' F'))) .* D) C'")
}

func TestGradDeterministic(t *testing.T) {
	for _, format := range []string{"text", "unicode", "latex", "json"} {
		_, a, _ := matdiff(t, "grad", "--format", format, "--wrt", "w", "sum(log(1 + exp(-y .* (X w)))) where X: m x n, w: n x 1, y: m x 1")
		for i := 0; i < 5; i++ {
			if _, b, _ := matdiff(t, "grad", "--format", format, "--wrt", "w", "sum(log(1 + exp(-y .* (X w)))) where X: m x n, w: n x 1, y: m x 1"); b != a {
				t.Fatalf("%s output differs between runs:\n%s\n%s", format, a, b)
			}
		}
	}
}

func TestGradJSON(t *testing.T) {
	code, out, _ := matdiff(t, "grad", "--format", "json", "--wrt", "X", worked)
	if code != 0 {
		t.Fatal(code)
	}
	var doc struct {
		Input     string            `json:"input"`
		Shapes    map[string]string `json:"shapes"`
		Gradients []struct {
			Wrt   string `json:"wrt"`
			Steps []struct {
				Kind  string `json:"kind"`
				Text  string `json:"text"`
				Rules []struct {
					Name string `json:"name"`
				} `json:"rules"`
			} `json:"steps"`
			Result string `json:"result"`
			Shape  string `json:"shape"`
		} `json:"gradients"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	g := doc.Gradients[0]
	if g.Result != "((B' (E .* (A' F'))) .* D) C'" || g.Shape != "b x 1" || doc.Shapes["E"] != "a x e" || g.Wrt != "X" {
		t.Errorf("unexpected document: %+v", doc)
	}
	if len(g.Steps) != 5 || g.Steps[0].Kind != "differential" || g.Steps[1].Rules[0].Name != "frob-hadamard-right" || g.Steps[1].Rules[1].Name != "d-hadamard" {
		t.Errorf("unexpected steps: %+v", g.Steps)
	}
	code, out, _ = matdiff(t, "grad", "-q", "--format", "json", "--wrt", "x", "x' A x")
	if code != 0 || out != `{"x":"(A + A') x"}`+"\n" {
		t.Errorf("json -q: %d %q", code, out)
	}
}

func TestGradErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // stderr
	}{
		{[]string{"grad", "--wrt", "X", "A(B(X C) .* D) .* E) F"},
			"matdiff: 1:20: unmatched ')': no '(' opens it\n  | A(B(X C) .* D) .* E) F\n  |                    ^\nhint: remove it, or add the '(' it closes\n"},
		{[]string{"grad", "--wrt", "x", "x where x: n x 1"},
			"matdiff: 1:1: a gradient needs a scalar expression, but this one is n×1\n  | x where x: n x 1\n  | ^\nhint: use jacobian for a vector-valued expression, or take a scalar of it such as sum(...) or norm(...)\n"},
		{[]string{"grad", "--wrt", "z", "x' x"},
			"matdiff: z does not occur in the expression\nhint: the names in it are [x]\n"},
		{[]string{"grad", "--wrt", "x", "x' A x where x: n x 1, A: m x m"},
			"matdiff: 1:4: cannot multiply x' (1×n) by A (m×m)\n  | x' A x where x: n x 1, A: m x m\n  |    ^\n"},
		{[]string{"grad", "--wrt", "X", "B (X C) .* D where B: a x b, X: b x 1, C: 1 x e, D: a x e"},
			""},
		{[]string{"grad", "--wrt", "x", "trace(x x')"}, ""},
		{[]string{"grad", "--wrt", "x", ""}, ""},
		{[]string{"grad", "x' x"}, ""},
		{[]string{"grad", "--wrt", "x", "--format", "pdf", "x' x"}, ""},
	}
	for _, tt := range tests {
		code, out, errs := matdiff(t, tt.args...)
		if code != 2 || out != "" || errs == "" {
			t.Errorf("matdiff %q = %d, stdout %q, stderr %q; want 2, nothing, a message", tt.args, code, out, errs)
			continue
		}
		if tt.want != "" && errs != tt.want {
			t.Errorf("matdiff %q stderr:\n%s\nwant:\n%s", tt.args, errs, tt.want)
		}
	}
}

func TestRegroupHint(t *testing.T) {
	_, _, errs := matdiff(t, "grad", "--wrt", "X", "sum(B (X C) .* D) where B: a x b, X: b x 1, C: 1 x e, D: a x e")
	if !strings.Contains(errs, "hint: the shapes fit if this is read as (B (X C)) .* D") {
		t.Errorf("no regrouping hint:\n%s", errs)
	}
	_, _, errs = matdiff(t, "grad", "--wrt", "x", "sum(x c' .* D) where x: b x 1, c: e x 1, D: b x e")
	if !strings.Contains(errs, "(x c') .* D") {
		t.Errorf("no regrouping hint:\n%s", errs)
	}
}

// TestAmbiguityNote: when both groupings of a mixed chain of juxtaposition
// and Hadamard products fit the shapes, matdiff reads it as LANGUAGE.md says,
// exits 0 and shows the other reading on stderr; when only one fits, or a
// 1x1 factor makes both the same, or parentheses say which, it says nothing.
func TestAmbiguityNote(t *testing.T) {
	code, out, errs := matdiff(t, "grad", "-q", "--wrt", "x", "sum(A x .* z) where A: n x n, x: n x 1, z: n x 1")
	want := "matdiff: note: 1:9: read as A (x .* z); (A x) .* z fits the shapes too\n" +
		"  | sum(A x .* z) where A: n x n, x: n x 1, z: n x 1\n" +
		"  |         ^\n" +
		"hint: write the parentheses of the reading meant\n"
	if code != 0 || out == "" || errs != want {
		t.Errorf("got %d, stdout %q, stderr:\n%s\nwant stderr:\n%s", code, out, errs, want)
	}
	code, _, errs = matdiff(t, "grad", "--wrt", "x", "sum(B A x ./ z .* y) where A: n x n, B: n x n, x: n x 1, z: n x 1, y: n x 1")
	if code != 0 || !strings.Contains(errs, "1:11: read as B A (x ./ z .* y); (B A x) ./ z .* y fits the shapes too") {
		t.Errorf("got %d, stderr:\n%s", code, errs)
	}
	for _, in := range []string{
		"sum(A (x .* z)) where A: n x n, x: n x 1, z: n x 1",
		"sum((A x) .* z) where A: n x n, x: n x 1, z: n x 1",
		"sum(A x .* z) where A: m x n, x: n x 1, z: n x 1",
		"sum(A x .* 2) where A: n x n, x: n x 1",
		"sum(2 x .* z) where x: n x 1, z: n x 1",
		"sum(A * x .* z) where A: n x n, x: n x 1, z: n x 1",
	} {
		code, _, errs := matdiff(t, "grad", "-q", "--wrt", "x", in)
		if code != 0 || errs != "" {
			t.Errorf("%s: got %d, stderr:\n%s", in, code, errs)
		}
	}
}

// TestHelp: the help of each command shows its own example, which runs,
// and only its own flags (the LaTeX flags belong to the commands that
// print derivations), and every help ends with where the whole language
// is described. The functions the help names are the language's.
func TestHelp(t *testing.T) {
	examples := map[string]string{
		"grad":     `matdiff grad --wrt X "(A (B (X C) .* D) .* E) F where A: 1 x a`,
		"jacobian": `matdiff jacobian --wrt x "tanh(W x) where W: m x n, x: n x 1"`,
		"hessian":  `matdiff hessian --wrt x "log(sum(exp(x))) where x: n x 1"`,
		"check":    `matdiff check --wrt x "x' A x where x: n x 1, A: symmetric n x n" --against "2 A x"`,
		"eval":     `matdiff eval "x' A x where x: n x 1, A: n x n" --set A=A.csv --set x=x.npy`,
	}
	latexFlags := []string{"--standalone", "--no-names", "--transpose", "--bold-vectors"}
	for _, args := range [][]string{{"--help"}, {"grad", "--help"}, {"jacobian", "--help"}, {"hessian", "--help"}, {"check", "--help"}, {"eval", "--help"}} {
		code, out, errs := matdiff(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("matdiff %q = %d, stderr %q", args, code, errs)
			continue
		}
		if !strings.HasSuffix(out, "docs/language.md\nin the matdiff repository.\n") {
			t.Errorf("matdiff %q does not end with a pointer to docs/language.md:\n%s", args, out)
		}
		cmd := args[0]
		for name, ex := range examples {
			if got := strings.Contains(out, ex); got != (name == cmd) {
				t.Errorf("matdiff %q: shows the example of %s: %v", args, name, got)
			}
		}
		for _, f := range latexFlags {
			want := cmd == "grad" || cmd == "jacobian" || cmd == "hessian"
			if got := strings.Contains(out, f); got != want {
				t.Errorf("matdiff %q: lists %s: %v", args, f, got)
			}
		}
		if cmd == "grad" || cmd == "--help" {
			for _, fn := range append(ast.FuncNames(), "norm2") {
				if !regexp.MustCompile(`\b` + fn + `\b`).MatchString(out) {
					t.Errorf("matdiff %q does not name the function %s", args, fn)
				}
			}
		}
	}
	// The examples of the commands that derive run as they are shown.
	for _, name := range []string{"grad", "jacobian", "hessian", "check"} {
		ex := examples[name]
		if name == "grad" {
			ex += `, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"`
		}
		args, err := splitShell(strings.TrimPrefix(ex, "matdiff "))
		if err != nil {
			t.Fatal(err)
		}
		if code, out, errs := matdiff(t, args...); code != 0 {
			t.Errorf("the example of %s exits %d:\n%s%s", name, code, out, errs)
		}
	}
}

// splitShell splits a command line of words and double-quoted strings.
func splitShell(s string) ([]string, error) {
	var args []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote in %s", s)
			}
			args = append(args, s[1:end+1])
			s = s[end+2:]
			continue
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		args = append(args, s[:end])
		s = s[end:]
	}
	return args, nil
}

func TestInternalErrorExits3(t *testing.T) {
	testHook = func() { panic("boom") }
	defer func() { testHook = nil }()
	code, out, errs := matdiff(t, "grad", "--wrt", "x", "x' x")
	if code != 3 || out != "" || !strings.Contains(errs, "internal error: boom") || !strings.Contains(errs, "please report") {
		t.Errorf("got %d %q %q", code, out, errs)
	}
	if strings.Contains(errs, "goroutine") {
		t.Errorf("stack trace without MATDIFF_DEBUG:\n%s", errs)
	}
}

// verifyJacobian checks a printed Jacobian (or, with hessian, Hessian) of
// src by wrt against finite differences.
func verifyJacobian(t *testing.T, src, wrt, result string, hessian bool) {
	t.Helper()
	e, decls, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	check := ast.Check
	if hessian {
		check = ast.CheckScalar
	}
	info, err := check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	j, err := parser.ParseExpr(result)
	if err != nil {
		t.Fatalf("%q does not parse: %v", result, err)
	}
	x := ast.S(wrt)
	want := ast.Mul(e, ast.T(x))
	if hessian {
		want = ast.Mul(x, ast.T(x))
	}
	if _, err := info.ShapeOf(ast.Frob(j, want)); err != nil {
		t.Fatalf("%q has the wrong shape: %v", result, err)
	}
	for seed := int64(1); seed <= 3; seed++ {
		inst, err := numeric.Random(e, info, seed, numeric.Options{})
		if err != nil {
			t.Fatal(err)
		}
		by := numeric.Jacobian
		if hessian {
			by = numeric.Hessian
		}
		res, err := by(e, j, wrt, info, inst)
		if err != nil {
			t.Fatal(err)
		}
		if !(res.MaxRelErr < numeric.Tol) {
			t.Fatalf("%q of %q is wrong: relative error %g", result, src, res.MaxRelErr)
		}
	}
}

func TestJacobianWorkedVectorCase(t *testing.T) {
	src := "(A (B (x c') .* D) .* E) f where A: q x a, B: a x b, x: b x 1, c: e x 1, D: b x e, E: a x e, f: e x 1"
	code, out, errs := matdiff(t, "jacobian", "-q", "--wrt", "x", src)
	if code != 0 || errs != "" {
		t.Fatalf("%d %s", code, errs)
	}
	j := strings.TrimSpace(out)
	if j != "A (B .* (E Diag(f .* c) D'))" {
		t.Errorf("Jacobian %q", j)
	}
	e, err := parser.ParseExpr(j)
	if err != nil {
		t.Fatal(err)
	}
	if n := ast.Size(e); n > 15 {
		t.Errorf("the Jacobian has %d nodes; want at most 15", n)
	}
	verifyJacobian(t, src, "x", j, false)
	// Without -q the derivation names each step.
	code, out, _ = matdiff(t, "jacobian", "--wrt", "x", src)
	if code != 0 || !strings.Contains(out, "[jac-hadamard-diag") || !strings.Contains(out, "dy/dx = ") {
		t.Errorf("derivation:\n%s", out)
	}
	// The tidying on the way is one "simplify" on the line; JSON names it.
	code, out, _ = matdiff(t, "jacobian", "--format", "json", "--wrt", "x", src)
	if code != 0 || !strings.Contains(out, `"tidy"`) || !strings.Contains(out, "jac-outer-hadamard") {
		t.Errorf("derivation in JSON:\n%s", out)
	}
}

func TestHessians(t *testing.T) {
	tests := []struct{ src, wrt, want string }{
		{"x' A x where x: n x 1, A: n x n", "x", "A + A'"},
		{"-y' log(sigmoid(X w)) - (1 - y)' log(1 - sigmoid(X w)) where X: m x n, w: n x 1, y: m x 1", "w", "X' Diag(sigmoid(X w) .* (1 - sigmoid(X w))) X"},
		{"log(sum(exp(x))) where x: n x 1", "x", "Diag(exp(x) / sum(exp(x))) - (exp(x) / sum(exp(x))) (exp(x) / sum(exp(x)))'"},
		{"(x' x)^2 where x: n x 1", "x", "8 x x' + 4 (x' x) I"},
	}
	for _, tt := range tests {
		code, out, errs := matdiff(t, "hessian", "-q", "--wrt", tt.wrt, tt.src)
		if code != 0 || strings.TrimSpace(out) != tt.want {
			t.Errorf("hessian of %q = %d %q %q; want %q", tt.src, code, out, errs, tt.want)
			continue
		}
		verifyJacobian(t, tt.src, tt.wrt, tt.want, true)
	}
	// The full output names the softmax, in the step that first holds it.
	_, out, _ := matdiff(t, "hessian", "--wrt", "x", "log(sum(exp(x))) where x: n x 1")
	if !strings.Contains(out, "where s = exp(x) / sum(exp(x))\n") || !strings.Contains(out, "d2f/dx2 = Diag(s) - s s'\n") {
		t.Errorf("no named softmax:\n%s", out)
	}
}

func TestMatrixJacobians(t *testing.T) {
	src := "A X B where A: m x n, X: n x k, B: k x p"
	code, out, _ := matdiff(t, "jacobian", "--wrt", "X", src)
	if code != 0 || !strings.Contains(out, "dY = A dX B") {
		t.Errorf("differential: %d\n%s", code, out)
	}
	code, out, _ = matdiff(t, "jacobian", "-q", "--vec", "--wrt", "X", src)
	if code != 0 || out != "kron(B', A)\n" {
		t.Errorf("vec Jacobian: %d %q", code, out)
	}
	code, out, _ = matdiff(t, "hessian", "-q", "--wrt", "X", "tr(X' A X) where A: n x n, X: n x k")
	// With -q nothing but the result is printed: the identity has its size.
	if code != 0 || out != "kron(Diag(ones(k)), A + A')\n" {
		t.Errorf("Kronecker Hessian: %d %q", code, out)
	}
}

func TestCheckJacobiansAndHessians(t *testing.T) {
	code, out, _ := matdiff(t, "check", "-q", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1")
	if code != 0 || !strings.HasPrefix(out, "OK ") {
		t.Errorf("Jacobian check: %d %q", code, out)
	}
	code, out, _ = matdiff(t, "check", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1")
	if code != 0 || !strings.Contains(out, "Jacobian: Diag(1 - tanh(W x).^2) W") {
		t.Errorf("Jacobian check: %d %q", code, out)
	}
	code, out, _ = matdiff(t, "check", "-q", "--hessian", "--wrt", "x", "log(sum(exp(x))) where x: n x 1")
	if code != 0 || !strings.HasPrefix(out, "OK ") {
		t.Errorf("Hessian check: %d %q", code, out)
	}
	code, out, _ = matdiff(t, "check", "--hessian", "--wrt", "x", "x' A x where x: n x 1, A: n x n", "--against", "2 A")
	if code != 1 || !strings.Contains(out, "holds only when A is symmetric") || !strings.Contains(out, "A + A'") {
		t.Errorf("Hessian check against 2 A: %d %q", code, out)
	}
	code, out, _ = matdiff(t, "check", "-q", "--hessian", "--wrt", "x", "x' A x where x: n x 1, A: n x n", "--against", "A + A'")
	if code != 0 || !strings.HasPrefix(out, "OK ") {
		t.Errorf("Hessian check against A + A': %d %q", code, out)
	}
}
