// Package golden reads and writes the golden derivations under
// rewrite/testdata/derive, for the tests of every package that uses them.
//
// A file holds cases: a line "X: EXPR where DECLS" names the variable and
// the input ("jacobian x:", "hessian x:", "differential X:" and "vec X:"
// ask for those derivatives instead), and the lines after it, each
// indented by a tab, are the derivation as `matdiff --format text` prints
// it. A blank line ends a case; lines starting with # are comments that
// belong to the case after them.
package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

// Case is one golden derivation.
type Case struct {
	File     string   // the file it is in
	Line     int      // the line of its input
	Comments []string // comment lines before it
	Wrt      string   // the variable, or "jacobian x", "hessian x", ...
	Input    string   // "EXPR where DECLS"
	Want     string   // the expected derivation, without the indentation
}

// Where returns "file:line" of the case.
func (c *Case) Where() string { return fmt.Sprintf("%s:%d", c.File, c.Line) }

// Files returns the golden files in dir.
func Files(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no golden files in %s", dir)
	}
	return files, err
}

// Read returns the cases of a golden file.
func Read(path string) ([]*Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []*Case
	var cur *Case
	var comments []string
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "\t"):
			if cur == nil {
				return nil, fmt.Errorf("%s:%d: output line before any input", path, i+1)
			}
			cur.Want += l[1:] + "\n"
		case strings.TrimSpace(l) == "":
			cur = nil
		case strings.HasPrefix(l, "#"):
			comments = append(comments, l)
		default:
			wrt, input, ok := strings.Cut(l, ":")
			if !ok {
				return nil, fmt.Errorf("%s:%d: want 'X: EXPR where DECLS'", path, i+1)
			}
			cur = &Case{File: path, Line: i + 1, Comments: comments, Wrt: strings.TrimSpace(wrt), Input: strings.TrimSpace(input)}
			comments = nil
			cases = append(cases, cur)
		}
	}
	return cases, nil
}

// Write writes cases to path in the format Read reads.
func Write(path string, cases []*Case) error {
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, cm := range c.Comments {
			b.WriteString(cm + "\n")
		}
		fmt.Fprintf(&b, "%s: %s\n", c.Wrt, c.Input)
		for _, l := range strings.Split(strings.TrimSuffix(c.Want, "\n"), "\n") {
			b.WriteString("\t" + l + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// Derive runs the whole path for one case: parse, shapes, derivative.
// wrt is the variable, or "jacobian x", "hessian x", "differential X" or
// "hessian x y" (the mixed block), "vec X" or "derivative t" (by a scalar t: dY/dt, the shape of Y).
func Derive(eng *rewrite.Engine, input, wrt string) (ast.Expr, *ast.Info, *rewrite.Derivation, error) {
	e, info, derive, err := Prepare(eng, input, wrt)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := derive()
	return e, info, d, err
}

// Prepare parses one case and infers its shapes, and returns a function
// that derives it with eng: each call derives anew, from the same
// expression and Info, so that tests can derive one case many times and
// at once.
func Prepare(eng *rewrite.Engine, input, wrt string) (ast.Expr, *ast.Info, func() (*rewrite.Derivation, error), error) {
	e, decls, err := parser.Parse(input)
	if err != nil {
		return nil, nil, nil, err
	}
	by, check := eng.Grad, ast.CheckScalar
	if what, v, ok := strings.Cut(wrt, " "); ok {
		wrt = v
		switch what {
		case "jacobian":
			by, check = eng.Jacobian, ast.Check
		case "hessian":
			by = eng.Hessian
			if x, y, mixed := strings.Cut(v, " "); mixed {
				wrt, by = y, func(f ast.Expr, info *ast.Info, y string) (*rewrite.Derivation, error) {
					return eng.MixedHessian(f, info, x, y)
				}
			}
		case "differential":
			by, check = eng.Differential, ast.Check
		case "vec":
			by, check = eng.VecJacobian, ast.Check
		case "derivative":
			by, check = eng.ByScalar, ast.Check
		default:
			return nil, nil, nil, fmt.Errorf("unknown derivative %q", what)
		}
	}
	info, err := check(e, decls)
	if err != nil {
		return nil, nil, nil, err
	}
	return e, info, func() (*rewrite.Derivation, error) { return by(e, info, wrt) }, nil
}
