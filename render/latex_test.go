package render_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata with the current output")

var eng = rewrite.MustNew(parser.ParsePattern)

// goldenCase is one input of the golden derivations under
// rewrite/testdata/derive.
type goldenCase struct {
	where string // file:line
	wrt   string
	input string
}

func goldenInputs(t *testing.T) []goldenCase {
	t.Helper()
	files, err := golden.Files("../rewrite/testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, f := range files {
		cs, err := golden.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			cases = append(cases, goldenCase{fmt.Sprintf("%s:%d", filepath.Base(f), c.Line), c.Wrt, c.Input})
		}
	}
	return cases
}

// derive runs one case: the expression, its shapes and the derivation.
func derive(input, wrt string) (ast.Expr, *ast.Info, *rewrite.Derivation, error) {
	return golden.Derive(eng, input, wrt)
}

// deriveWhole is derive with the gradient taken from the whole
// differential, its terms moved one identity at a time: the derivations
// that show twin terms and terms left as they were.
func deriveWhole(input, wrt string) (ast.Expr, *ast.Info, *rewrite.Derivation, error) {
	return golden.Derive(eng.WithPullback(false), input, wrt)
}

// document returns the --standalone output of one case.
func document(t *testing.T, c goldenCase, o render.Options) string {
	t.Helper()
	e, info, d, err := derive(c.input, c.wrt)
	if err != nil {
		t.Fatalf("%s: %v", c.where, err)
	}
	var b bytes.Buffer
	o.Format = ast.FormatLaTeX
	if err := render.Document(&b, e, info, []*rewrite.Derivation{d}, o); err != nil {
		t.Fatalf("%s: %v", c.where, err)
	}
	return b.String()
}

// pdflatex returns the path of pdflatex, or skips the test outside CI
// when there is none. In CI (CI=true) a missing pdflatex is a failure:
// .ci/run installs it.
func pdflatex(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("pdflatex")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdflatex is missing in CI: .ci/run should have installed texlive-latex-base and texlive-latex-recommended")
		}
		t.Skip("pdflatex not found; install texlive-latex-base and texlive-latex-recommended to compile the LaTeX output")
	}
	return path
}

// compile runs pdflatex on doc in dir and returns what is wrong with the
// result: a failed run, an error or an overfull box in the log.
func compile(bin, dir, name, doc string) string {
	out, log := compileLog(bin, dir, name, doc)
	var problems []string
	if out != "" {
		problems = append(problems, out)
	}
	lines := strings.Split(log, "\n")
	for i, l := range lines {
		if strings.Contains(l, "Overfull") || strings.HasPrefix(l, "!") || strings.Contains(l, "Error") {
			problems = append(problems, strings.Join(lines[i:min(i+3, len(lines))], "\n"))
		}
	}
	return strings.Join(problems, "\n")
}

// compileLog runs pdflatex on doc in dir; it returns what pdflatex said
// if it failed, and the log.
func compileLog(bin, dir, name, doc string) (failed, log string) {
	if err := os.WriteFile(filepath.Join(dir, name+".tex"), []byte(doc), 0o644); err != nil {
		return err.Error(), ""
	}
	cmd := exec.Command(bin, "-halt-on-error", "-interaction=nonstopmode", "-no-shell-escape", "-draftmode", name+".tex")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	data, _ := os.ReadFile(filepath.Join(dir, name+".log"))
	if err != nil {
		failed = fmt.Sprintf("pdflatex failed: %v\n%s", err, tail(string(out), 20))
	}
	return failed, string(data)
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestStandaloneCompiles compiles the --standalone document of every
// golden derivation with pdflatex -halt-on-error and requires no error
// and no overfull box; the cases cover every function and operator. To
// keep it quick, the documents (all with the same preamble) go through
// pdflatex in batches, their bodies one after another, each after a
// \typeout that attributes what the log says to its case.
func TestStandaloneCompiles(t *testing.T) {
	bin := pdflatex(t)
	cases := goldenInputs(t)
	if len(cases) < 20 {
		t.Fatalf("only %d golden derivations", len(cases))
	}
	checkCoverage(t, cases)
	dir := t.TempDir()
	start := time.Now()
	docs := make([]string, len(cases))
	for i, c := range cases {
		docs[i] = document(t, c, render.Options{})
	}
	const batch = 20
	var wg sync.WaitGroup
	problems := make([]string, len(cases))
	for lo := 0; lo < len(cases); lo += batch {
		hi := min(lo+batch, len(cases))
		wg.Add(1)
		go func() {
			defer wg.Done()
			preamble, _, _ := strings.Cut(docs[lo], `\begin{document}`)
			var b strings.Builder
			b.WriteString(preamble + "\\begin{document}\n")
			for i := lo; i < hi; i++ {
				pre, rest, ok := strings.Cut(docs[i], `\begin{document}`)
				body, _, ok2 := strings.Cut(rest, `\end{document}`)
				if !ok || !ok2 || pre != preamble {
					problems[i] = "not a document with the common preamble"
					continue
				}
				fmt.Fprintf(&b, "\\typeout{==case %d==}\n%s\n\\clearpage\n", i, body)
			}
			b.WriteString("\\typeout{==case end==}\n\\end{document}\n")
			out, log := compileLog(bin, dir, fmt.Sprintf("batch%03d", lo), b.String())
			cur := lo
			lines := strings.Split(log, "\n")
			for k, l := range lines {
				if n, ok := strings.CutPrefix(l, "==case "); ok {
					fmt.Sscanf(n, "%d", &cur)
					continue
				}
				if strings.Contains(l, "Overfull") || strings.HasPrefix(l, "!") || strings.Contains(l, "Error") {
					if cur < hi {
						problems[cur] += strings.Join(lines[k:min(k+3, len(lines))], "\n") + "\n"
					}
				}
			}
			if out != "" && !strings.Contains(strings.Join(problems[lo:hi], ""), "!") {
				problems[min(cur, hi-1)] += out
			}
		}()
	}
	wg.Wait()
	for i, c := range cases {
		if problems[i] != "" {
			t.Errorf("%s: %s %s: the --standalone LaTeX does not compile cleanly:\n%s", c.where, c.wrt, c.input, problems[i])
		}
	}
	t.Logf("%d documents compiled in %v", len(cases), time.Since(start).Round(time.Millisecond))
}

// TestStandaloneOptions compiles the documents with the other options:
// ^{\mathsf{T}}, bold vectors, no names.
func TestStandaloneOptions(t *testing.T) {
	bin := pdflatex(t)
	dir := t.TempDir()
	cases := goldenInputs(t)
	for i, o := range []render.Options{{MathsfTranspose: true, BoldVectors: true}, {NoNames: true}} {
		var picked []goldenCase
		for j, c := range cases {
			if j%25 == i || strings.HasPrefix(c.where, "worked") || strings.HasPrefix(c.where, "long") {
				picked = append(picked, c)
			}
		}
		for j, c := range picked {
			if p := compile(bin, dir, fmt.Sprintf("opt%d_%03d", i, j), document(t, c, o)); p != "" {
				t.Errorf("%s: %s %s with %+v:\n%s", c.where, c.wrt, c.input, o, p)
			}
		}
	}
}

// checkCoverage fails unless the inputs use every function and operator.
func checkCoverage(t *testing.T, cases []goldenCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		e, _, err := parser.Parse(c.input)
		if err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		ast.Inspect(e, func(x ast.Expr) bool {
			switch x := x.(type) {
			case *ast.Binary:
				seen[x.Op.String()] = true
			case *ast.Unary:
				seen[x.Op.String()] = true
			case *ast.Call:
				seen[x.Fun.String()] = true
			}
			return true
		})
	}
	var missing []string
	for _, name := range ast.FuncNames() {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	for op := ast.OpFrob; op < ast.OpDiff; op++ {
		if !seen[op.String()] {
			missing = append(missing, op.String())
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no golden derivation uses %v", missing)
	}
}

const workedExample = "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1"

// docPictures are the derivations drawn in docs/ for the README: the
// worked example and two long ones.
var docPictures = []struct{ file, wrt, input string }{
	{"worked-example", "X", workedExample},
	{"mlp", "W1", "sum((W2 tanh(W1 x + b1) + b2 - y).^2) where W1: h x n, W2: m x h, x: n x 1, b1: h x 1, b2: m x 1, y: m x 1"},
	{"gaussian", "S", "-N/2 logdet(S) - 1/2 tr(S^-1 C) where S: symmetric n x n, C: symmetric n x n, N: scalar"},
}

// TestWorkedExamplePicture renders the pictures of docs/ (the worked
// example, docs/worked-example.png, and two long derivations), for the
// README. It runs only with MATDIFF_DOCS=1 (and pdflatex and pdftoppm
// installed):
//
//	MATDIFF_DOCS=1 go test ./render -run WorkedExamplePicture
func TestWorkedExamplePicture(t *testing.T) {
	if os.Getenv("MATDIFF_DOCS") != "1" {
		t.Skip("set MATDIFF_DOCS=1 to render the pictures of docs/")
	}
	bin := pdflatex(t)
	ppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm not found (poppler-utils)")
	}
	dir := t.TempDir()
	for _, pic := range docPictures {
		doc := document(t, goldenCase{pic.file, pic.wrt, pic.input}, render.Options{Crop: true})
		if p := compile(bin, dir, pic.file, doc); p != "" {
			t.Fatal(p)
		}
		cmd := exec.Command(bin, "-halt-on-error", "-interaction=nonstopmode", pic.file+".tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		cmd = exec.Command(ppm, "-png", "-r", "110", "-singlefile", pic.file+".pdf", filepath.Join(mustAbs(t, "../docs"), pic.file))
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// renderCases are the golden derivations of render/testdata: for each,
// NAME.tex holds the --format latex output and NAME.unicode the
// --format unicode one. Regenerate with go test ./render -update.
var renderCases = []struct{ name, wrt, input string }{
	{"worked", "X", workedExample},
	{"logistic", "w", "-y' log(sigmoid(X w)) - (1 - y)' log(1 - sigmoid(X w)) where X: m x n, w: n x 1, y: m x 1"},
	{"ridge", "w", "norm(X w - y)^2 + lambda w' w where X: m x n, w: n x 1, y: m x 1, lambda: scalar"},
	{"logdet_symmetric", "S", "logdet(S) - tr(S A) where S: symmetric n x n, A: symmetric n x n"},
	{"inverse", "X", "tr(inv(X) A) where X: n x n, A: n x n"},
	{"jacobian_tanh", "jacobian x", "tanh(W x) where W: m x n, x: n x 1"},
	{"hessian_logsumexp", "hessian x", "log(sum(exp(x))) where x: n x 1"},
	{"hessian_power", "hessian x", "sum(x.^4) where x: n x 1"},
}

func TestGoldenRender(t *testing.T) {
	for _, c := range renderCases {
		_, _, d, err := derive(c.input, c.wrt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for ext, f := range map[string]ast.Format{"tex": ast.FormatLaTeX, "unicode": ast.FormatUnicode} {
			var b bytes.Buffer
			if err := render.Derivation(&b, d, render.Options{Format: f}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.name+"."+ext)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./render -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s: got\n%s\nwant\n%s", path, b.String(), want)
			}
		}
	}
}

// TestLaTeXDerivationShape checks what the LaTeX of the worked example
// must say: the Frobenius steps aligned in one align*, each identity
// named, H and K introduced where they first appear, the result as \frac{\partial f}{\partial X}.
func TestLaTeXDerivationShape(t *testing.T) {
	_, _, d, err := derive(workedExample, "X")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Derivation(&b, d, render.Options{Format: ast.FormatLaTeX}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		`\begin{align*}`, `\mathrm{d}f &= `, `\mathrm{d}f &= H : \mathrm{d}\bigl((X C) \odot D\bigr) \tag*{\small $A : BC = B^\top A : C$}`,
		`H &= B^\top \bigl(E \odot (A^\top F^\top)\bigr)`, `K &= H \odot D`, `\frac{\partial f}{\partial X} &= K C^\top`, `\end{align*}`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the LaTeX lacks %s:\n%s", want, s)
		}
	}
	b.Reset()
	render.Derivation(&b, d, render.Options{Format: ast.FormatLaTeX, NoNames: true, MathsfTranspose: true})
	if s := b.String(); strings.Contains(s, "H &=") || strings.Contains(s, `^\top`) {
		t.Errorf("--no-names --transpose=mathsf:\n%s", s)
	}
}

// TestCompileDetects: the check finds an overfull box and an error.
func TestCompileDetects(t *testing.T) {
	bin := pdflatex(t)
	dir := t.TempDir()
	doc := "\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n%s\n\\end{document}\n"
	if p := compile(bin, dir, "wide", fmt.Sprintf(doc, `\[`+strings.Repeat("x_1 x_2 ", 60)+`\]`)); !strings.Contains(p, "Overfull") {
		t.Errorf("an overfull line passes: %q", p)
	}
	if p := compile(bin, dir, "bad", fmt.Sprintf(doc, `\[ x^\top^2 \]`)); p == "" {
		t.Error("a double superscript passes")
	}
}

// TestLaTeXReadersNames: no LaTeX document names a rule by its internal
// name, in the note beside a step or in the list of identities, which
// gives each identity its reader's name.
func TestLaTeXReadersNames(t *testing.T) {
	var names []string
	for _, r := range eng.Rules() {
		names = append(names, r.Name)
	}
	sawTitle := false
	for _, c := range goldenInputs(t) {
		doc := document(t, c, render.Options{})
		for _, n := range names {
			if strings.Contains(doc, `\item `+n) || strings.Contains(doc, `\small `+n) {
				t.Errorf("%s: the document names rule %s", c.where, n)
			}
		}
		sawTitle = sawTitle || strings.Contains(doc, `\item Product rule (Matrix Cookbook (37)): `)
	}
	if !sawTitle {
		t.Error("no document lists the product rule with its Matrix Cookbook number")
	}
}

// TestBoldVectorsPartial: --bold-vectors bolds the vector in the name of
// the result too, and the vector a Jacobian or a Hessian differentiates.
func TestBoldVectorsPartial(t *testing.T) {
	for _, c := range []struct {
		wrt, input string
		want       []string
	}{
		{"x", "x' A x where x: n x 1, A: n x n", []string{`\frac{\partial f}{\partial \mathbf{x}}`}},
		{"jacobian x", "tanh(W x) where W: m x n, x: n x 1", []string{`\frac{\partial \mathbf{y}}{\partial \mathbf{x}}`, `\mathrm{d}\mathbf{y} &=`, `\mathbf{y} &= \tanh(W \mathbf{x})`}},
		{"hessian x", "log(sum(exp(x))) where x: n x 1", []string{`\frac{\partial^2 f}{\partial \mathbf{x}\,\partial \mathbf{x}^\top}`, `\mathrm{d}\mathbf{g} &=`,
			`\mathbf{s} &= \frac{\exp(\mathbf{x})}`, `&= \operatorname{Diag}(\mathbf{s}) - \mathbf{s} \mathbf{s}^\top`}},
		{"X", "tr(A X) where A: n x n, X: n x n", []string{`\frac{\partial f}{\partial X}`}},
	} {
		doc := document(t, goldenCase{"bold", c.wrt, c.input}, render.Options{BoldVectors: true})
		for _, w := range c.want {
			if !strings.Contains(doc, w) {
				t.Errorf("%s by %s: no %s in\n%s", c.input, c.wrt, w, doc)
			}
		}
	}
}
