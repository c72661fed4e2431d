package matdiff_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/verify"
)

const worked = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// Every derivative the API returns has been checked against finite
// differences (Verified == matdiff.Checked); the tests assert that too.
func TestDerivatives(t *testing.T) {
	cases := []struct {
		src, what string
		wrt       []string
		want      string
	}{
		{worked, "grad", []string{"X"}, "((B' (E .* (A' F'))) .* D) C'"},
		{"x' A x where x: n x 1, A: n x n", "grad", []string{"x"}, "(A + A') x"},
		{"x' A x where x: n x 1, A: n x n", "hessian", []string{"x"}, "A + A'"},
		{"x' A y where x: n x 1, A: n x m, y: m x 1", "hessian", []string{"x", "y"}, "A"},
		{"A x where x: n x 1, A: m x n", "jacobian", []string{"x"}, "A"},
		{"sin(x) where x: n x 1", "jacobian", []string{"x"}, "Diag(cos(x))"},
	}
	for _, c := range cases {
		e, err := matdiff.Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		var d *matdiff.Derivation
		switch c.what {
		case "grad":
			d, err = e.Grad(c.wrt[0])
		case "hessian":
			d, err = e.Hessian(c.wrt...)
		case "jacobian":
			d, err = e.Jacobian(c.wrt[0])
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.what, c.src, err)
			continue
		}
		if got := d.Result(); got != c.want {
			t.Errorf("%s %s by %v = %s, want %s", c.what, c.src, c.wrt, got, c.want)
		}
		if d.Verified != matdiff.Checked {
			t.Errorf("%s %s: not checked numerically: %s", c.what, c.src, d.Reason)
		}
	}
}

func TestDifferential(t *testing.T) {
	e, err := matdiff.Parse("A X B where A: m x n, X: n x p, B: p x q")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Differential("X")
	if err != nil {
		t.Fatal(err)
	}
	if got := ast.Text(d.Derivation.Result); !strings.Contains(got, "A") || d.Verified == verify.Failed {
		t.Errorf("differential = %s (%v)", got, d.Verified)
	}
}

// The trap of the old API: a gradient of an expression whose size the
// declarations leave open is taken as a scalar's, a Jacobian keeps it.
func TestScalarOrNot(t *testing.T) {
	e, err := matdiff.Parse("x' x")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Grad("x")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Result(); got != "2 x" {
		t.Errorf("grad x' x = %s", got)
	}
}

func TestFormats(t *testing.T) {
	d, err := matdiff.Grad("x' A x where x: n x 1, A: n x n", "x")
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[matdiff.Format]string{
		matdiff.Text:    "(A + A') x",
		matdiff.Unicode: "(A + Aᵀ) x",
		matdiff.LaTeX:   `\frac{\partial f}{\partial x} &= (A + A^\top) x`,
		matdiff.JSON:    `"result": "(A + A') x"`,
	} {
		s, err := d.Render(f, false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s, want) {
			t.Errorf("format %d: %q lacks %q", f, s, want)
		}
	}
	if !strings.Contains(d.String(), "checked numerically") {
		t.Errorf("String() = %q", d.String())
	}
}

func TestErrors(t *testing.T) {
	_, err := matdiff.Grad("x' A x where x: n x 1, A: m x m", "x")
	var ae *matdiff.Error
	if !errors.As(err, &ae) || !errors.Is(err, matdiff.ErrBadInput) || errors.Is(err, matdiff.ErrInternal) {
		t.Fatalf("shape error: %v", err)
	}
	if !strings.Contains(ae.Pretty(), "^") {
		t.Errorf("no caret: %s", ae.Pretty())
	}
	if _, err := matdiff.Parse("x +* y"); !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("syntax error: %v", err)
	}
	if _, err := matdiff.Grad("x' x where x: n x 1", "y"); !errors.Is(err, matdiff.ErrBadInput) || !strings.Contains(err.Error(), "y does not occur") {
		t.Errorf("wrt not in expression: %v", err)
	}
	e, _ := matdiff.Parse("x' x where x: n x 1")
	if _, err := e.Hessian("x", "x", "x"); !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("three variables: %v", err)
	}
	ie := error(&matdiff.InternalError{Msg: "boom", Err: os.ErrClosed})
	wrapped := fmt.Errorf("context: %w", ie)
	var got *matdiff.InternalError
	if !errors.Is(wrapped, matdiff.ErrInternal) || !errors.As(wrapped, &got) || !errors.Is(wrapped, os.ErrClosed) {
		t.Errorf("internal error does not match: %v", wrapped)
	}
}

func TestEval(t *testing.T) {
	e, err := matdiff.Parse("x' A x + alpha")
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Eval(map[string]*mat.Dense{
		"A":     mat.NewDense(2, 2, []float64{2, 1, 1, 3}),
		"x":     mat.NewDense(2, 1, []float64{1, 2}),
		"alpha": mat.NewDense(1, 1, []float64{0.5}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if v.At(0, 0) != 18.5 {
		t.Errorf("eval = %v, want 18.5", v.At(0, 0))
	}
	if _, err := e.Eval(map[string]*mat.Dense{"A": mat.NewDense(2, 2, nil)}); !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("missing values: %v", err)
	}
	if _, err := e.Eval(map[string]*mat.Dense{"A": mat.NewDense(2, 3, nil), "x": mat.NewDense(2, 1, nil), "alpha": mat.NewDense(1, 1, nil)}); !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("wrong shapes: %v", err)
	}
}

func TestCheckCandidate(t *testing.T) {
	e, err := matdiff.Parse("tr(A X) where A: n x n, X: n x n")
	if err != nil {
		t.Fatal(err)
	}
	for cand, want := range map[string]string{
		"A'":   "",
		"A":    "the candidate matches the transpose of the gradient",
		"2 A'": "the candidate is 2 times the gradient",
	} {
		r, err := e.Check("X", cand)
		if err != nil {
			t.Fatal(err)
		}
		if r.OK != (want == "") {
			t.Errorf("%s: OK = %v", cand, r.OK)
		}
		if want != "" && !strings.Contains(strings.Join(r.Diagnosis, "\n"), want) {
			t.Errorf("%s: diagnosis %q, want %q", cand, r.Diagnosis, want)
		}
	}
}

// TestConcurrent runs the API from many goroutines at once, on shared
// Exprs (go test -race shows any data race).
func TestConcurrent(t *testing.T) {
	e, err := matdiff.Parse("x' A x where x: n x 1, A: n x n")
	if err != nil {
		t.Fatal(err)
	}
	w, err := matdiff.Parse(worked)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := w.Hessian("X")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		// One derivation printed from many goroutines.
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := shared.Render(matdiff.Format(i%4), i%2 == 0); err != nil {
				errs <- err
			}
		}(i)
	}
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var got string
			var err error
			var d *matdiff.Derivation
			switch i % 4 {
			case 0:
				d, err = e.Grad("x")
				if err == nil {
					got, want := d.Result(), "(A + A') x"
					if got != want {
						err = fmt.Errorf("grad %s", got)
					}
				}
			case 1:
				d, err = e.Hessian("x")
				if err == nil && d.Result() != "A + A'" {
					err = fmt.Errorf("hessian %s", d.Result())
				}
			case 2:
				d, err = w.Grad("X")
				if err == nil {
					got, err = d.Render(matdiff.LaTeX, false)
					if err == nil && !strings.Contains(got, `\odot`) {
						err = fmt.Errorf("latex %s", got)
					}
				}
			case 3:
				var r *matdiff.CheckResult
				r, err = e.Check("x", "2 A x")
				if err == nil && r.OK {
					err = fmt.Errorf("2 A x passes")
				}
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestOutsideModule builds a program outside the module that derives the
// worked example through the public API in five lines of code.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	body := []string{
		`d, err := matdiff.Grad("` + worked + `", "X")`,
		`if err != nil {`,
		`	panic(err)`,
		`}`,
		`fmt.Println(d.Result())`,
	}
	main := "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/matdiff/matdiff\"\n)\n\nfunc main() {\n\t" + strings.Join(body, "\n\t") + "\n}\n"
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := "1.22"
	for _, l := range strings.Split(string(gomod), "\n") {
		if v, ok := strings.CutPrefix(l, "go "); ok {
			goVersion = v
		}
	}
	mod := "module example.com/user\n\ngo " + goVersion + "\n\nrequire github.com/matdiff/matdiff v0.0.0\n\nreplace github.com/matdiff/matdiff => " + root + "\n"
	for name, data := range map[string]string{"main.go": main, "go.mod": mod} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// go.sum: the checkout's, which holds every module it needs.
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gobin, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "((B' (E .* (A' F'))) .* D) C'" {
		t.Errorf("the program printed %q", got)
	}
	if len(body) > 5 {
		t.Errorf("the program takes %d lines", len(body))
	}
}

func TestEmit(t *testing.T) {
	d, err := matdiff.Grad("x' A x where x: n x 1, A: n x n", "x")
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{"numpy": "def value_and_grad(", "torch": "import torch", "go": "func ValueAndGrad("} {
		src, err := d.Emit(target)
		if err != nil || !strings.Contains(src, want) {
			t.Errorf("emit %s: %v, lacks %q", target, err, want)
		}
	}
	if _, err := d.Emit("fortran"); !errors.Is(err, matdiff.ErrBadInput) {
		t.Errorf("emit fortran: %v", err)
	}
}
