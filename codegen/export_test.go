package codegen_test

// The exported code of every golden derivation (rewrite/testdata/derive)
// is run: NumPy and PyTorch in one python3 process each, Go compiled once
// in a temporary module with the repository's gonum. Each compares the
// value and the derivative with matdiff's own gonum evaluation on a random
// instance from numeric.Random (relative error at most 1e-9) and runs the
// exported check_gradient, at that instance and at inputs of its own.
//
// Outside CI (CI != "true") the tests skip when python3, NumPy, PyTorch or
// go is missing; in CI they fail.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/codegen"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
	"gonum.org/v1/gonum/mat"
)

var eng = rewrite.MustNew(parser.ParsePattern)

// tol is the largest relative error allowed between the exported code and
// matdiff's evaluation.
const tol = 1e-9

// exportCase is one golden derivation with an instance and the values
// matdiff computes there.
type exportCase struct {
	ID     string                 `json:"id"`
	Where  string                 `json:"where"`
	Kind   string                 `json:"kind"`
	Func   string                 `json:"func"`
	Module string                 `json:"module"`
	Args   map[string][][]float64 `json:"args"`
	Dirs   map[string][][]float64 `json:"dirs"`
	Value  [][]float64            `json:"value"`
	Deriv  [][]float64            `json:"deriv"`
	Bad    string                 `json:"bad"` // an input whose shape the others fix
	// Sizes are the instance's sizes by dimension name: the exported code
	// takes those no input's shape fixes as arguments.
	Sizes map[string]int `json:"sizes"`

	ds []*rewrite.Derivation
}

type result struct {
	ID  string `json:"id"`
	Err string `json:"err"`
}

func rows(m *mat.Dense) [][]float64 {
	r, c := m.Dims()
	out := make([][]float64, r)
	for i := range out {
		out[i] = make([]float64, c)
		for j := range out[i] {
			out[i][j] = m.At(i, j)
		}
	}
	return out
}

var (
	goldenOnce sync.Once
	golds      []*exportCase
	goldErrs   []string
)

// goldenCases derives every golden case and evaluates it with matdiff,
// once for all the tests.
func goldenCases(t *testing.T) []*exportCase {
	t.Helper()
	goldenOnce.Do(func() { golds, goldErrs = readGolden() })
	for _, e := range goldErrs {
		t.Error(e)
	}
	if len(golds) < 100 {
		t.Fatalf("only %d golden derivations", len(golds))
	}
	return golds
}

func readGolden() ([]*exportCase, []string) {
	var errs []string
	files, err := golden.Files("../rewrite/testdata/derive")
	if err != nil {
		return nil, []string{err.Error()}
	}
	var out []*exportCase
	for _, path := range files {
		cases, err := golden.Read(path)
		if err != nil {
			return nil, []string{err.Error()}
		}
		for _, c := range cases {
			e, info, d, err := golden.Derive(eng, c.Input, c.Wrt)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", c.Where(), err))
				continue
			}
			ec := &exportCase{ID: fmt.Sprintf("c%03d", len(out)), Where: c.Where(), ds: []*rewrite.Derivation{d}}
			fixShapes(e, info, d)
			if err := ec.evaluate(e, info, d); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", c.Where(), err))
				continue
			}
			out = append(out, ec)
		}
	}
	return out, errs
}

// fixShapes gives every I in d's result its size, from the shape the
// result must have (as rewrite's golden test does).
func fixShapes(f ast.Expr, info *ast.Info, d *rewrite.Derivation) {
	if d.Zero {
		return
	}
	x := ast.S(d.Wrt)
	vx := ast.Fn(ast.FnVec, x)
	target := ast.Expr(x)
	switch d.What {
	case rewrite.Jacobian:
		if xs, _ := info.Name(d.Wrt); xs.IsScalar() {
			target = f
		} else {
			target = ast.Mul(f, ast.T(x))
		}
	case rewrite.Hessian:
		target = ast.Mul(vx, ast.T(vx))
		if d.Grad != nil && d.Grad.Wrt != d.Wrt {
			target = ast.Mul(ast.Fn(ast.FnVec, ast.S(d.Grad.Wrt)), ast.T(vx))
		}
	case rewrite.VecJacobian:
		target = ast.Mul(ast.Fn(ast.FnVec, f), ast.T(vx))
	case rewrite.Differential:
		target = f
	}
	info.ShapeOf(ast.Frob(d.Result, target))
}

func (ec *exportCase) evaluate(e ast.Expr, info *ast.Info, d *rewrite.Derivation) error {
	inst, err := numeric.Random(e, info, 1, numeric.Options{})
	if err != nil {
		return err
	}
	ec.Sizes = inst.Dims
	ec.Args = map[string][][]float64{}
	for name, v := range inst.Vals {
		if _, declared := info.Name(name); declared {
			ec.Args[name] = rows(v)
		}
	}
	val, err := numeric.Eval(e, info, inst)
	if err != nil {
		return err
	}
	ec.Value = rows(val)
	ec.Bad = constrained(info)
	ec.Kind = map[rewrite.What]string{rewrite.Gradient: "grad", rewrite.Jacobian: "jacobian", rewrite.VecJacobian: "jacobian",
		rewrite.Hessian: "hessian", rewrite.Differential: "differential"}[d.What]
	ec.Func = "value_and_" + map[string]string{"grad": "grad", "jacobian": "jacobian", "hessian": "hessian", "differential": "differential"}[ec.Kind]
	r, err := inst.Size(d.Shape.Rows)
	if err != nil {
		return err
	}
	c, err := inst.Size(d.Shape.Cols)
	if err != nil {
		return err
	}
	if d.Zero {
		ec.Deriv = rows(mat.NewDense(r, c, nil))
		return nil
	}
	result, evalInfo := d.Result, info
	if d.What == rewrite.Differential {
		// dX becomes a direction, a value of its own.
		dir := "d" + d.Wrt
		for info.Decls().Lookup(dir) != nil {
			dir += "_"
		}
		xs, _ := info.Name(d.Wrt)
		result = ast.Map(d.Result, func(x ast.Expr) ast.Expr {
			if u, ok := x.(*ast.Unary); ok && u.Op == ast.OpDiff {
				return ast.S(dir)
			}
			return x
		})
		decls := append(info.Decls(), ast.Decl{Name: dir, Shape: xs})
		if evalInfo, err = ast.Check(ast.Frob(e, result), decls); err != nil {
			return err
		}
		xr, xc, _ := size(inst, xs)
		rng := rand.New(rand.NewPCG(7, 7))
		v := mat.NewDense(xr, xc, nil)
		v.Apply(func(i, j int, _ float64) float64 { return 2*rng.Float64() - 1 }, v)
		inst.Vals[dir] = v
		ec.Dirs = map[string][][]float64{dir: rows(v)}
	}
	der, err := numeric.Eval(result, evalInfo, inst)
	if err != nil {
		return err
	}
	if dr, dc := der.Dims(); (dr != r || dc != c) && !(dr == 1 && dc == 1) {
		return fmt.Errorf("matdiff's derivative is %d x %d, not %d x %d", dr, dc, r, c)
	} else if dr == 1 && dc == 1 && (r != 1 || c != 1) {
		full := mat.NewDense(r, c, nil)
		full.Apply(func(int, int, float64) float64 { return der.At(0, 0) }, full)
		der = full
	}
	ec.Deriv = rows(der)
	return nil
}

// constrained returns a name whose shape the declarations fix: a side of a
// known size, or a dimension that another side shares. A 7 x 9 value of it
// must be refused.
func constrained(info *ast.Info) string {
	count := map[string]int{}
	for _, d := range info.Decls() {
		for _, n := range append(append([]string(nil), d.Shape.Rows.Names...), d.Shape.Cols.Names...) {
			count[n]++
		}
	}
	for _, d := range info.Decls() {
		if count[d.Name] > 0 {
			continue // a dimension name used as a value
		}
		for _, side := range []ast.Dim{d.Shape.Rows, d.Shape.Cols} {
			if side.IsKnown() || len(side.Names) == 1 && count[side.Names[0]] > 1 {
				return d.Name
			}
		}
	}
	return ""
}

func size(inst *numeric.Instance, s ast.Shape) (int, int, error) {
	r, err := inst.Size(s.Rows)
	if err != nil {
		return 0, 0, err
	}
	c, err := inst.Size(s.Cols)
	return r, c, err
}

// need returns a program or skips the test (outside CI) when it is missing.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing; CI must run the export tests (.ci/run installs it)", what)
	}
	t.Skipf("%s is missing: the export tests skip outside CI", what)
}

// python returns Debian's python3 where there is one: its packages
// (python3-numpy, python3-torch) belong to it.
func python(t *testing.T, module string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py, err = exec.LookPath("python3")
		need(t, "python3", err == nil)
	}
	err := exec.Command(py, "-c", "import "+module).Run()
	need(t, "python3's "+module, err == nil)
	return py
}

const driver = `
import importlib.util, inspect, json, sys, traceback
import numpy as np

def arr(x):
    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        a = a.reshape(1, 1)
    return a

def relerr(got, want, what):
    got, want = arr(got), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise AssertionError("%s is %s, matdiff's is %s" % (what, got.shape, want.shape))
    if want.size == 0:
        return 0.0
    return float(np.max(np.abs(got - want))) / max(float(np.max(np.abs(want))), 1e-8)

cases = json.load(open(sys.argv[1]))
tol = float(sys.argv[2])
out = []
for c in cases:
    err = ""
    try:
        spec = importlib.util.spec_from_file_location(c["id"], c["module"])
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        fn = getattr(mod, c["func"])
        args = {k: np.array(v) for k, v in c["args"].items()}
        # A scalar goes in as a float, a vector as n x 1.
        for k, v in list(args.items()):
            if v.shape == (1, 1):
                args[k] = float(v[0, 0])
        # The sizes the function takes as arguments (those no shape fixes), as ints.
        params = inspect.signature(fn).parameters
        for k, v in (c["sizes"] or {}).items():
            if k in params and params[k].kind == inspect.Parameter.KEYWORD_ONLY:
                args[k] = int(v)
        dirs = {k: np.array(v) for k, v in (c["dirs"] or {}).items()}
        if "torch" in c["module"]:
            import torch
            args = {k: (torch.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in args.items()}
            dirs = {k: torch.tensor(v) for k, v in dirs.items()}
        value, deriv = fn(**args, **dirs)
        e1 = relerr(value, c["value"], "the value")
        e2 = relerr(deriv, c["deriv"], "the derivative")
        if not (e1 <= tol and e2 <= tol):
            raise AssertionError("relative error %.3g in the value, %.3g in the derivative" % (e1, e2))
        # An input of the wrong shape is a ValueError that names its declaration.
        name = c["bad"]
        if name:
            bad = dict(args)
            bad[name] = np.zeros((7, 9))
            try:
                fn(**bad, **dirs)
                raise AssertionError("a 7 x 9 value of %s was taken" % name)
            except ValueError as ex:
                if name + ": " not in str(ex):
                    raise AssertionError("the error %r does not name the declaration of %s" % (str(ex), name))
        mod.check_gradient(values=args, seed=1)
        mod.check_gradient(seed=2)
    except Exception as ex:
        err = "".join(traceback.format_exception_only(type(ex), ex)).strip()
    out.append({"id": c["id"], "err": err})
json.dump(out, sys.stdout)
`

func TestExportPython(t *testing.T) {
	cases := goldenCases(t)
	for _, target := range []codegen.Target{codegen.NumPy, codegen.Torch} {
		t.Run(target.String(), func(t *testing.T) {
			module := map[codegen.Target]string{codegen.NumPy: "numpy", codegen.Torch: "torch"}[target]
			py := python(t, module)
			if target == codegen.Torch {
				python(t, "numpy") // the driver compares with NumPy
			}
			dir := t.TempDir()
			if keep := os.Getenv("MATDIFF_KEEP_EXPORT"); keep != "" {
				dir = keep
			}
			var list []*exportCase
			for _, c := range cases {
				src, err := codegen.Source(c.ds, codegen.Options{Target: target})
				if err != nil {
					t.Errorf("%s: %v", c.Where, err)
					continue
				}
				cc := *c
				cc.Module = filepath.Join(dir, module+"_"+c.ID+".py")
				if err := os.WriteFile(cc.Module, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				list = append(list, &cc)
			}
			runDriver(t, list, func(casesFile string) *exec.Cmd {
				driverFile := filepath.Join(dir, "driver.py")
				if err := os.WriteFile(driverFile, []byte(driver), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(py, driverFile, casesFile, fmt.Sprint(tol))
				cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
				return cmd
			})
		})
	}
}

// runDriver writes the cases, runs the command on them and reports every
// case that failed.
func runDriver(t *testing.T, list []*exportCase, command func(casesFile string) *exec.Cmd) {
	t.Helper()
	data, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	casesFile := filepath.Join(t.TempDir(), "cases.json")
	if keep := os.Getenv("MATDIFF_KEEP_EXPORT"); keep != "" {
		casesFile = filepath.Join(keep, "cases.json")
	}
	if err := os.WriteFile(casesFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := command(casesFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, stderr.String())
	}
	var results []result
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("reading the results: %v\n%s", err, stdout.String())
	}
	if len(results) != len(list) {
		t.Fatalf("%d results for %d cases", len(results), len(list))
	}
	where := map[string]string{}
	for _, c := range list {
		where[c.ID] = c.Where
	}
	for _, r := range results {
		if r.Err != "" {
			t.Errorf("%s: %s", where[r.ID], r.Err)
		}
	}
	t.Logf("%d golden derivations exported and run", len(results))
}

// gonumVersion reads the version of gonum the repository uses.
func gonumVersion(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`gonum\.org/v1/gonum (v\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no gonum in go.mod")
	}
	return string(m[1])
}

func TestExportGo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	need(t, "go", err == nil)
	cases := goldenCases(t)
	dir := t.TempDir()
	sum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	mod := fmt.Sprintf("module exported\n\ngo 1.24\n\nrequire gonum.org/v1/gonum %s\n", gonumVersion(t))
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", mod)
	write("go.sum", string(sum))

	// Every case in one package, with prefixed names.
	var b strings.Builder
	b.WriteString(strings.Replace(codegen.GoPrelude("main"), "import (", "import (\n\t\"encoding/json\"\n\t\"os\"\n\t\"strings\"", 1))
	b.WriteString("\nvar cases = map[string]struct {\n\tcall  func(map[string]*mat.Dense) (*mat.Dense, []*mat.Dense, error)\n\tcheck func(map[string]*mat.Dense, uint64, float64) (float64, error)\n}{\n")
	var list []*exportCase
	var srcs []string
	for _, c := range cases {
		prefix := strings.ToUpper(c.ID[:1]) + c.ID[1:]
		src, err := codegen.Source(c.ds, codegen.Options{Target: codegen.Go, Prefix: prefix, NoRuntime: true})
		if err != nil {
			t.Errorf("%s: %v", c.Where, err)
			continue
		}
		srcs = append(srcs, src)
		list = append(list, c)
		name := map[string]string{"grad": "ValueAndGrad", "jacobian": "ValueAndJacobian", "hessian": "ValueAndHessian", "differential": "ValueAndDifferential"}[c.Kind]
		fmt.Fprintf(&b, "\t%q: {%sCall, %sCheckGradient},\n", c.ID, strings.ToLower(c.ID[:1])+c.ID[1:]+name, prefix)
	}
	b.WriteString("}\n\n")
	b.WriteString(strings.Join(srcs, "\n"))
	b.WriteString(goDriver)
	write("all/main.go", b.String())

	// Two files as the command line prints them: compiling on their own.
	we := "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"
	_, _, d, err := golden.Derive(eng, we, "X")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"", "grad"} {
		src, err := codegen.Source([]*rewrite.Derivation{d}, codegen.Options{Target: codegen.Go, Package: pkg, Input: we, Header: "f = ..."})
		if err != nil {
			t.Fatal(err)
		}
		write("standalone"+pkg+"/export.go", src)
	}
	// A main whose sizes are arguments: CheckGradient draws them.
	const sized = "sum(exp(a)) + b' b where a: n*p x 1, b: q x 1"
	_, _, d, err = golden.Derive(eng, sized, "a")
	if err != nil {
		t.Fatal(err)
	}
	src, err := codegen.Source([]*rewrite.Derivation{d}, codegen.Options{Target: codegen.Go, Input: sized})
	if err != nil {
		t.Fatal(err)
	}
	write("standalonesized/export.go", src)
	// The sizes are checked: a size that is not positive, inputs that do
	// not fit the sizes given, a size missing from the map of inputs.
	src, err = codegen.Source([]*rewrite.Derivation{d}, codegen.Options{Target: codegen.Go, Input: sized, NoRuntime: true})
	if err != nil {
		t.Fatal(err)
	}
	write("sizecheck/main.go", codegen.GoPrelude("main")+src+`
func main() {
	a, b := mat.NewDense(6, 1, nil), mat.NewDense(2, 1, nil)
	_, _, err := ValueAndGrad(a, b, 0, 3)
	fmt.Println(err)
	_, _, err = ValueAndGrad(a, b, 3, 3)
	fmt.Println(err)
	_, _, err = valueAndGradCall(map[string]*mat.Dense{"a": a, "b": b, "n": mdC(2)})
	fmt.Println(err)
	_, _, err = valueAndGradCall(map[string]*mat.Dense{"a": a, "b": b, "n": mdC(2), "p": mdC(1.5)})
	fmt.Println(err)
	f, g, err := ValueAndGrad(a, b, 2, 3)
	r, c := g.Dims()
	fmt.Println(f, r, c, err)
}
`)

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off")
	build := exec.Command(goBin, "build", "-o", filepath.Join(dir, "bin")+string(filepath.Separator), "./...")
	build.Dir, build.Env = dir, env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the exported code: %v\n%s", err, firstLines(string(out), 40))
	}
	for _, main := range []string{"standalone", "standalonesized"} {
		out, err := exec.Command(filepath.Join(dir, "bin", main)).CombinedOutput()
		if err != nil || !strings.HasPrefix(string(out), "largest relative error against central differences: ") {
			t.Errorf("the exported main (%s): %v\n%s", main, err, out)
		}
	}
	out, err := exec.Command(filepath.Join(dir, "bin", "sizecheck")).CombinedOutput()
	want := `n: the size must be a positive whole number, not 0
a: n*p x 1: the value is 6 x 1, but the declaration asks for 9 x 1 (n, p as given)
no value for the size p
p: the size must be a positive whole number, not 1.5
6 6 1 <nil>
`
	if err != nil || string(out) != want {
		t.Errorf("the checks of the sizes: %v\n%s\nwant\n%s", err, out, want)
	}
	runDriver(t, list, func(casesFile string) *exec.Cmd {
		return exec.Command(filepath.Join(dir, "bin", "all"), casesFile, fmt.Sprint(tol))
	})
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

const goDriver = `
type exportCase struct {
	ID    string                 ` + "`json:\"id\"`" + `
	Args  map[string][][]float64 ` + "`json:\"args\"`" + `
	Dirs  map[string][][]float64 ` + "`json:\"dirs\"`" + `
	Value [][]float64            ` + "`json:\"value\"`" + `
	Deriv [][]float64            ` + "`json:\"deriv\"`" + `
	Bad   string                 ` + "`json:\"bad\"`" + `
	Sizes map[string]int         ` + "`json:\"sizes\"`" + `
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		for j, v := range r {
			m.Set(i, j, v)
		}
	}
	return m
}

func relErr(got *mat.Dense, want [][]float64, what string) (float64, error) {
	w := dense(want)
	gr, gc := got.Dims()
	wr, wc := w.Dims()
	if gr != wr || gc != wc {
		return 0, fmt.Errorf("%s is %d x %d, matdiff's is %d x %d", what, gr, gc, wr, wc)
	}
	var d mat.Dense
	d.Sub(got, w)
	return mdMaxAbs(&d) / math.Max(mdMaxAbs(w), 1e-8), nil
}

func run(c exportCase, tol float64) error {
	vals := map[string]*mat.Dense{}
	for k, v := range c.Args {
		vals[k] = dense(v)
	}
	for k, v := range c.Dirs {
		vals[k] = dense(v)
	}
	// Every size goes in as a 1 x 1 entry; the function reads those it takes.
	for k, v := range c.Sizes {
		if _, ok := vals[k]; !ok {
			vals[k] = mdC(float64(v))
		}
	}
	fn := cases[c.ID]
	value, ds, err := fn.call(vals)
	if err != nil {
		return err
	}
	e1, err := relErr(value, c.Value, "the value")
	if err != nil {
		return err
	}
	e2, err := relErr(ds[0], c.Deriv, "the derivative")
	if err != nil {
		return err
	}
	if !(e1 <= tol && e2 <= tol) {
		return fmt.Errorf("relative error %.3g in the value, %.3g in the derivative", e1, e2)
	}
	// An input of the wrong shape is an error that names its declaration.
	if name := c.Bad; name != "" {
		bad := map[string]*mat.Dense{}
		for k, v := range vals {
			bad[k] = v
		}
		bad[name] = mat.NewDense(7, 9, nil)
		if _, _, err := fn.call(bad); err == nil || !strings.Contains(err.Error(), name+": ") {
			return fmt.Errorf("a 7 x 9 value of %s: error %v, want one that names its declaration", name, err)
		}
	}
	if _, err := fn.check(vals, 1, 0); err != nil {
		return fmt.Errorf("CheckGradient at matdiff's instance: %v", err)
	}
	if _, err := fn.check(nil, 2, 0); err != nil {
		return fmt.Errorf("CheckGradient at random inputs: %v", err)
	}
	return nil
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var tol float64
	fmt.Sscan(os.Args[2], &tol)
	var list []exportCase
	if err := json.Unmarshal(data, &list); err != nil {
		panic(err)
	}
	type result struct {
		ID  string ` + "`json:\"id\"`" + `
		Err string ` + "`json:\"err\"`" + `
	}
	var out []result
	for _, c := range list {
		r := result{ID: c.ID}
		if err := run(c, tol); err != nil {
			r.Err = err.Error()
		}
		out = append(out, r)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`
