package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	md "github.com/matdiff/matdiff"
	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/matio"
)

// evalCmd evaluates an expression on given or random values.
type evalCmd struct {
	exprArgs
	Set    []string `short:"s" sep:"none" placeholder:"NAME=FILE"`
	Random bool
	Seed   int64  `default:"1"`
	Dims   string `placeholder:"a=3,b=4"`
	Out    string `placeholder:"FILE"`
}

// Help is the long help of eval.
func (c *evalCmd) Help() string {
	return `Every name of the expression needs a value: from --set, or with --random a random one
(values that keep the expression defined: positive under log, invertible under inv, ...).
Sizes of dimension names come from the values set, then --dims, then (--random) 2..5.

Output: a scalar as a plain number; a matrix one row a line, its columns aligned
(6 significant digits; the text reads back with --set). --format unicode adds brackets,
latex gives a bmatrix, json {"input", "rows", "cols", "sizes", "value": [[row], ...]}
at full precision. -q changes nothing. With --out FILE the result goes to FILE at full
precision and nothing is printed.

Example:
  matdiff eval "x' A x where x: n x 1, A: n x n" --set A=A.csv --set x=x.npy`
}

func (c *evalCmd) run(e *env, out io.Writer) error {
	// Without values from files, an expression whose size the
	// declarations leave open is a scalar, as for grad and check.
	p, info, err := c.parse(e, len(c.Set) == 0)
	if err != nil {
		return err
	}
	var writeOut func(*mat.Dense) ([]byte, error)
	if c.Out != "" {
		if writeOut, err = outputWriter(c.Out); err != nil {
			return err
		}
	}
	fixed, err := parseDims(c.Dims, info)
	if err != nil {
		return err
	}
	names := ast.Names(p.AST())
	occurs := map[string]bool{}
	for _, n := range names {
		occurs[n] = true
	}

	// The values set.
	var binds []matio.Binding
	set := map[string]string{} // the argument that set each name
	for _, s := range c.Set {
		name, arg, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || arg == "" {
			return &ast.Error{Msg: fmt.Sprintf("--set %s: expected NAME=FILE or NAME=NUMBER", s)}
		}
		if !occurs[name] {
			return &ast.Error{Msg: fmt.Sprintf("--set %s: %s does not occur in the expression", s, name), Hint: "the names in it are " + strings.Join(names, ", ")}
		}
		if prev, dup := set[name]; dup {
			return &ast.Error{Msg: fmt.Sprintf("%s is set twice (%s and %s)", name, prev, arg)}
		}
		b, err := readValue(name, arg)
		if err != nil {
			return err
		}
		set[name] = arg
		binds = append(binds, b)
	}

	// The library declares the values, fits the sizes, draws the random
	// values and evaluates.
	ev, err := p.EvalWith(md.EvalOptions{Values: binds, Dims: fixed, Random: c.Random, Seed: c.Seed, Budget: c.budget("the evaluation")})
	var mv *md.MissingValuesError
	if errors.As(err, &mv) {
		m := *mv.Err
		m.Hint = "give one with --set NAME=FILE, or use --random for random values"
		return &m
	}
	if err != nil {
		return err
	}
	res := ev.Value

	if writeOut != nil {
		b, err := writeOut(res)
		if err != nil {
			return err
		}
		if err := os.WriteFile(c.Out, b, 0o666); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return &ast.Error{Msg: fmt.Sprintf("--out: %s: %v", c.Out, err)}
		}
		return nil
	}
	switch c.Format {
	case "json":
		r, cc := res.Dims()
		rows := make([][]float64, r)
		for i := range rows {
			rows[i] = make([]float64, cc)
			for j := range rows[i] {
				rows[i][j] = res.At(i, j)
			}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"input": c.Expr, "rows": r, "cols": cc, "sizes": ev.Dims, "value": rows})
	case "latex":
		_, err := io.WriteString(out, latexMatrix(res))
		return err
	case "unicode":
		_, err := io.WriteString(out, formatMatrix(res, true))
		return err
	}
	_, err = io.WriteString(out, formatMatrix(res, false))
	return err
}

// readValue reads the value arg gives name: a number, or a file.
func readValue(name, arg string) (matio.Binding, error) {
	b := matio.Binding{Name: name, Src: arg}
	num := strings.TrimSpace(arg)
	if _, err := strconv.ParseFloat(num, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		x, err := matio.ParseNumber(num)
		if err != nil {
			return b, prefixErr(fmt.Sprintf("--set %s=%s: ", name, arg), err)
		}
		b.M, b.Number, b.Src = mat.NewDense(1, 1, []float64{x}), true, "--set "+name+"="+arg
		return b, nil
	}
	if err := matio.CheckFile(arg); err != nil {
		return b, prefixErr("cannot read the value of "+name+": ", err)
	}
	v, err := matio.ReadFile(arg)
	if err != nil {
		return b, err
	}
	b.M, b.Vector = v.M, v.Vector
	return b, nil
}

// prefixErr puts prefix before the message of err, an *ast.Error.
func prefixErr(prefix string, err error) error {
	var ae *ast.Error
	if !errors.As(err, &ae) {
		return err
	}
	e := *ae
	e.Msg = prefix + e.Msg
	return &e
}

// parseDims reads --dims "a=3,b=4"; every name must be a dimension of the
// expression.
func parseDims(s string, info *ast.Info) (map[string]int, error) {
	dims, err := matio.ParseDims(s, info)
	if err != nil {
		return nil, prefixErr("--dims: ", err)
	}
	return dims, nil
}

// formatMatrix prints m: a scalar as a plain number, a matrix one row a
// line with its columns right-aligned (with brackets for unicode).
func formatMatrix(m *mat.Dense, brackets bool) string {
	r, c := m.Dims()
	if r == 1 && c == 1 {
		return num6(m.At(0, 0)) + "\n"
	}
	cells := make([][]string, r)
	width := make([]int, c)
	for i := range cells {
		cells[i] = make([]string, c)
		for j := range cells[i] {
			s := num6(m.At(i, j))
			cells[i][j] = s
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	for i, row := range cells {
		if brackets {
			b.WriteString(bracket(i, r, true))
		}
		for j, s := range row {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(strings.Repeat(" ", width[j]-utf8.RuneCountInString(s)) + s)
		}
		if brackets {
			b.WriteString(bracket(i, r, false))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func bracket(i, r int, left bool) string {
	var s [2]string
	switch {
	case r == 1:
		s = [2]string{"[", "]"}
	case i == 0:
		s = [2]string{"⎡", "⎤"}
	case i == r-1:
		s = [2]string{"⎣", "⎦"}
	default:
		s = [2]string{"⎢", "⎥"}
	}
	if left {
		return s[0]
	}
	return s[1]
}

// num6 prints x with 6 significant digits, and 0 for a negative zero.
func num6(x float64) string {
	if x == 0 {
		x = 0
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func latexMatrix(m *mat.Dense) string {
	r, c := m.Dims()
	if r == 1 && c == 1 {
		return num6(m.At(0, 0)) + "\n"
	}
	var b strings.Builder
	b.WriteString("\\begin{bmatrix}\n")
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if j > 0 {
				b.WriteString(" & ")
			}
			b.WriteString(num6(m.At(i, j)))
		}
		if i < r-1 {
			b.WriteString(` \\`)
		}
		b.WriteByte('\n')
	}
	b.WriteString("\\end{bmatrix}\n")
	return b.String()
}

// outputWriter returns the encoder for the extension of file.
func outputWriter(file string) (func(*mat.Dense) ([]byte, error), error) {
	f, ok := matio.FormatOf(file)
	if !ok {
		return nil, &ast.Error{Msg: fmt.Sprintf("--out %s: cannot tell the format from the extension %q", file, filepath.Ext(file)), Hint: "use .csv, .txt, .npy or .mtx"}
	}
	return func(m *mat.Dense) ([]byte, error) {
		var b bytes.Buffer
		err := matio.Write(&b, m, f)
		return b.Bytes(), err
	}, nil
}
