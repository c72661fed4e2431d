package codegen_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/codegen"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/rewrite"
)

const worked = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// source derives input by wrt (as the golden files write it) and exports it.
func source(t *testing.T, input, wrt string, o codegen.Options) string {
	t.Helper()
	_, _, d, err := golden.Derive(eng, input, wrt)
	if err != nil {
		t.Fatal(err)
	}
	src, err := codegen.Source([]*rewrite.Derivation{d}, o)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func wantIn(t *testing.T, src string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(src, w) {
			t.Errorf("the source lacks %q:\n%s", w, src)
		}
	}
}

func wantNot(t *testing.T, src string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(src, w) {
			t.Errorf("the source has %q:\n%s", w, src)
		}
	}
}

// The worked example: the derivation's names H and K, each computed once.
func TestNamedParts(t *testing.T) {
	src := source(t, worked, "X", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(A, B, X, C, D, E, F):",
		"    H = B.T @ (E * (A.T @ F.T))\n", "    K = H * D\n", ", K @ C.T\n")
	if n := strings.Count(src, "A.T @ F.T"); n != 1 {
		t.Errorf("A' F' is computed %d times", n)
	}
	src = source(t, worked, "X", codegen.Options{Target: codegen.NumPy, NoNames: true})
	wantIn(t, src, "    return _scalar(A @ (((B @ ((X @ C) * D)) * E) @ F)), ((B.T @ (E * (A.T @ F.T))) * D) @ C.T\n")
	gsrc := source(t, worked, "X", codegen.Options{Target: codegen.Go})
	wantIn(t, gsrc, "package main", "func ValueAndGrad(A *mat.Dense, B *mat.Dense, X *mat.Dense",
		"\tH := mdMul(mdT(B), mdHad(E, mdMul(mdT(A), mdT(F))))\n", "\tK := mdHad(H, D)\n", "func main() {")
	gsrc = source(t, worked, "X", codegen.Options{Target: codegen.Go, Package: "grad"})
	wantIn(t, gsrc, "package grad\n")
	wantNot(t, gsrc, "func main()")
}

// A repeated subexpression is computed once; Diag that multiplies is a
// broadcast; an inverse that multiplies is a solve.
func TestSharingDiagSolve(t *testing.T) {
	src := source(t, "-y' log(sigmoid(X w)) - (1 - y)' log(1 - sigmoid(X w)) where X: m x n, w: n x 1, y: m x 1",
		"hessian w", codegen.Options{Target: codegen.NumPy})
	if n := strings.Count(src, "_sigmoid(X @ w)"); n != 1 {
		t.Errorf("sigmoid(X w) is computed %d times:\n%s", n, src)
	}
	wantIn(t, src, "X.T @ ((s * _t1) * X)")
	wantNot(t, src, "diagflat")
	// The inverse stands in a sum: computed once, and inv(A') is its transpose.
	src = source(t, "x' inv(A) x where x: n x 1, A: n x n", "x", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "    _t1 = _np.linalg.inv(A)\n", "(_t1 + _t1.T) @ x")
	if n := strings.Count(src, "_np.linalg.inv("); n != 1 {
		t.Errorf("%d inverses:\n%s", n, src)
	}
	// The inverse only multiplies: a solve, shared by the value and the gradient.
	src = source(t, "y' inv(A) x where x: n x 1, y: n x 1, A: n x n", "y", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "    _t1 = _np.linalg.solve(A, x)\n", "return _scalar(y.T @ _t1), _t1\n")
	wantNot(t, src, "_np.linalg.inv(")
	tsrc := source(t, "y' inv(A) x where x: n x 1, y: n x 1, A: n x n", "y", codegen.Options{Target: codegen.Torch})
	wantIn(t, tsrc, "_torch.linalg.solve(A, x)")
	src = source(t, "logdet(X) where X: n x n", "X", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "_logdet(X)", "_np.linalg.slogdet(a)")
}

// A name that is a Python keyword comes from **kwargs under its own name.
func TestKeywordNames(t *testing.T) {
	in := "(X w - y)' (X w - y) + lambda w' w where X: m x n, w: n x 1, y: m x 1, lambda: scalar"
	src := source(t, in, "w", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(X, w, y, **_kwargs):", `_kw_lambda = _kwargs["lambda"]`)
	gsrc := source(t, "x' x + type x' x where x: n x 1, type: scalar", "x", codegen.Options{Target: codegen.Go})
	wantIn(t, gsrc, "_kw_type float64", "_s_type := mdC(_kw_type)")
}

// Every function of the language has an entry for every target.
func TestEveryFunctionMapped(t *testing.T) {
	for _, name := range ast.FuncNames() {
		for _, target := range []codegen.Target{codegen.NumPy, codegen.Torch, codegen.Go} {
			if !codegen.Maps(name, target) {
				t.Errorf("%s has no %s code", name, target)
			}
		}
	}
}

// A node the exporter does not know is an error that says so, of kind
// beyond reach (exit status 4), never a crash.
func TestCannotExport(t *testing.T) {
	_, info, d, err := golden.Derive(eng, "sum(exp(x)) where x: n x 1", "x")
	if err != nil {
		t.Fatal(err)
	}
	d2 := *d
	d2.F = ast.Fn(ast.FnInvalid, ast.S("x"))
	d2.Info = info
	for _, target := range []codegen.Target{codegen.NumPy, codegen.Torch, codegen.Go} {
		_, err := codegen.Source([]*rewrite.Derivation{&d2}, codegen.Options{Target: target})
		if err == nil || !errors.Is(err, ast.ErrBeyondReach) || !strings.Contains(err.Error(), "cannot export invalid to "+target.String()+" yet") {
			t.Errorf("%s: error %v, want cannot export invalid yet, beyond reach", target, err)
		}
	}
	if _, err := codegen.Source([]*rewrite.Derivation{d}, codegen.Options{Target: codegen.Go, Package: "my-grad"}); err == nil || errors.Is(err, ast.ErrBeyondReach) {
		t.Errorf("--package my-grad: error %v, want bad input", err)
	}
	if _, err := codegen.ParseTarget("fortran"); err == nil || errors.Is(err, ast.ErrBeyondReach) {
		t.Errorf("--emit fortran: error %v, want bad input", err)
	}
}

// The exported NumPy takes scalars as floats, vectors as 1-D arrays, and
// refuses inputs that break their declarations with a ValueError that
// names the declaration.
func TestPythonInputs(t *testing.T) {
	py := python(t, "numpy")
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ridge.py", source(t, "(X w - y)' (X w - y) + lambda w' w where X: m x n, w: n x 1, y: m x 1, lambda: scalar", "w", codegen.Options{Target: codegen.NumPy}))
	write("sym.py", source(t, "tr(S A) where S: symmetric n x n, A: n x n", "S", codegen.Options{Target: codegen.NumPy}))
	write("test.py", `
import numpy as np
import ridge, sym

X, y, w = np.arange(6.0).reshape(3, 2), np.ones((3, 1)), np.array([1.0, 2.0])
f, g = ridge.value_and_grad(X=X, w=w, y=y, **{"lambda": 0.5})
r = X @ w.reshape(2, 1) - y
assert abs(f - (float(r.T @ r) + 0.5 * 5.0)) < 1e-12, f
assert np.allclose(g, 2 * X.T @ r + w.reshape(2, 1)), g
assert g.shape == (2, 1), g.shape

def refused(fn, want, **kw):
    try:
        fn(**kw)
    except (ValueError, TypeError) as ex:
        assert want in str(ex), (str(ex), want)
        return
    raise AssertionError("accepted " + want)

refused(ridge.value_and_grad, "y: m x 1: the value is 2 x 1, but the declaration asks for 3 x 1 (m from X: m x n)", X=X, w=w, y=np.ones((2, 1)), **{"lambda": 0.5})
refused(ridge.value_and_grad, "missing argument lambda", X=X, w=w, y=y)
refused(ridge.value_and_grad, "lambda: scalar: the value is 1 x 2", X=X, w=w, y=y, **{"lambda": [[1.0, 2.0]]})
refused(sym.value_and_grad, "S: symmetric n x n: the value is not symmetric", S=np.arange(4.0).reshape(2, 2), A=np.eye(2))
S = np.array([[1.0, 2.0], [2.0, 3.0]])
A = np.array([[1.0, 2.0], [3.0, 4.0]])
f, G = sym.value_and_grad(S=S, A=A)
assert np.allclose(G, (A + A.T) / 2), G
assert ridge.check_gradient() < 1e-6 and sym.check_gradient(seed=3) < 1e-6
print("ok")
`)
	cmd := exec.Command(py, "test.py")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("%v\n%s", err, out)
	}
}

// A size no input's shape fixes (n and p of a: n*p x 1) is an argument of
// the exported function, keyword-only in Python, an int in Go, checked to be
// a positive whole number, and the inputs are checked against it.
func TestSizeArguments(t *testing.T) {
	const in = "sum(exp(a)) + b' b where a: n*p x 1, b: q x 1"
	src := source(t, "sum(exp(a)) where a: n*p x 1", "a", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(a, *, n, p):", `    n = _size(n, "n")`, `    _check_shape(a, n*p, 1, "a: n*p x 1", " (n, p as given)")`,
		"The sizes n, p are keyword arguments (positive whole numbers)", `_SIZES = ("n", "p")`)
	// n*n: no whole root is taken; n is given.
	src = source(t, "sum(a) where a: n*n x 1", "a", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(a, *, n):", "The size n is a keyword argument", `_SIZES = ("n",)`)
	// A size named as a Python keyword comes from **_kwargs, as a name does.
	src = source(t, "sum(a) where a: in*in x 1", "a", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(a, **_kwargs):", `    _kw_in = _kwargs["in"]`, `    _kw_in = _size(_kw_in, "in")`)
	// p is read from the shape of b: only n is an argument; q is read from c.
	src = source(t, "sum(exp(a)) + b' b + c' c where a: n*p x 1, b: p x 1, c: q x 1", "a", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(a, b, c):", "    p = b.shape[0]\n", "    n = (a.shape[0]) // (p)\n")
	wantNot(t, src, "= _size(")
	// n and p are given; q is read from b.
	src = source(t, in, "a", codegen.Options{Target: codegen.NumPy})
	wantIn(t, src, "def value_and_grad(a, b, *, n, p):", "    q = b.shape[0]\n", `" (n, p as given)"`)
	gsrc := source(t, "sum(exp(a)) where a: n*p x 1", "a", codegen.Options{Target: codegen.Go})
	wantIn(t, gsrc, "func ValueAndGrad(a *mat.Dense, n int, p int) (", `	n = mdSize(n, "n")`,
		`ValueAndGrad(vals["a"], mdSizeIn(vals, "n"), mdSizeIn(vals, "p"))`, `"n": mdC(float64(n)),`)
	gsrc = source(t, worked, "X", codegen.Options{Target: codegen.Go, NoRuntime: true})
	wantNot(t, gsrc, "mdSize(", "mdSizeIn(vals")

	py := python(t, "numpy")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sized.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "test.py"), []byte(`
import numpy as np
import sized

a, b = np.linspace(-1.0, 1.0, 6).reshape(6, 1), np.array([0.5, -1.0, 2.0])
f, g = sized.value_and_grad(a, b, n=2, p=3)
assert abs(f - (np.sum(np.exp(a)) + 5.25)) < 1e-12, f
assert np.allclose(g, np.exp(a)) and g.shape == (6, 1), g
f2, _ = sized.value_and_grad(a=a, b=b, n=np.int64(2), p=3)
assert f2 == f

def refused(want, exc, **kw):
    try:
        sized.value_and_grad(**kw)
    except exc as ex:
        assert want in str(ex), (str(ex), want)
        return
    raise AssertionError("accepted " + want)

refused("a: n*p x 1: the value is 6 x 1, but the declaration asks for 9 x 1 (n, p as given)", ValueError, a=a, b=b, n=3, p=3)
refused("n: the size must be a positive whole number, not 0", ValueError, a=a, b=b, n=0, p=3)
refused("p: the size must be a positive whole number, not 3.0", ValueError, a=a, b=b, n=2, p=3.0)
refused("n: the size must be a positive whole number, not True", ValueError, a=a, b=b, n=True, p=3)
refused("'p'", TypeError, a=a, b=b, n=2)
assert sized.check_gradient() < 1e-6
assert sized.check_gradient(values={"a": a, "b": b, "n": 2, "p": 3}) < 1e-6
print("ok")
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "test.py")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("%v\n%s", err, out)
	}
}

// Diag(ones(n)), an identity with its size, is exported as one, and an
// identity factor of a product is left out.
func TestEye(t *testing.T) {
	const in = "unvec(v, m, n) where v: m*n x 1"
	for target, want := range map[codegen.Target]string{
		codegen.NumPy: "_np.eye(m*n)", codegen.Torch: "_torch.eye(m*n, dtype=_f64, device=_dev)", codegen.Go: "mdEye(m*n)",
	} {
		src := source(t, in, "vec v", codegen.Options{Target: target, NoRuntime: true})
		wantIn(t, src, want)
		wantNot(t, src, "diagflat", "_torch.diag(", "mdDiagM(")
	}
	_, _, d, err := golden.Derive(eng, "x' A x where x: n x 1, A: n x n", "x")
	if err != nil {
		t.Fatal(err)
	}
	n := ast.Fn(ast.FnOnes, ast.S("n"))
	d2 := *d
	d2.Result = ast.Mul(ast.Fn(ast.FnDiagM, n), d.Result)
	src, err := codegen.Source([]*rewrite.Derivation{&d2}, codegen.Options{Target: codegen.NumPy})
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, src, "return _scalar(x.T @ (A @ x)), (A + A.T) @ x\n")
	wantNot(t, src, "diagflat")
}

// BenchmarkSource exports the worked example's gradient to NumPy.
func BenchmarkSource(b *testing.B) {
	_, _, d, err := golden.Derive(eng, worked, "X")
	if err != nil {
		b.Fatal(err)
	}
	ds := []*rewrite.Derivation{d}
	for i := 0; i < b.N; i++ {
		if _, err := codegen.Source(ds, codegen.Options{Target: codegen.NumPy}); err != nil {
			b.Fatal(err)
		}
	}
}
