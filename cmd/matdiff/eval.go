package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"codeberg.org/sbinet/npyio"
	"codeberg.org/sbinet/npyio/npy"
	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// evalCmd evaluates an expression on given or random values.
type evalCmd struct {
	exprArgs
	Set    []string `short:"s" sep:"none" placeholder:"NAME=FILE" help:"The value of a name: a file (.csv or whitespace-separated text, one row a line, # comments; NumPy .npy, a 1-D array being a column; MatrixMarket .mtx) or, for a scalar, a number (--set alpha=0.5). Repeat for several names."`
	Random bool     `help:"Give every name not set a random value (reproducible: see --seed)."`
	Seed   int64    `default:"1" help:"The seed of --random."`
	Dims   string   `placeholder:"a=3,b=4" help:"Sizes of dimension names; the others come from the values set, or with --random are drawn from 2..5."`
	Out    string   `placeholder:"FILE" help:"Write the result to FILE, in the format its extension names (.csv, .txt, .npy, .mtx), at full precision, and print nothing."`
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
	expr, info, err := c.load(false)
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
	names := ast.Names(expr)
	occurs := map[string]bool{}
	for _, n := range names {
		occurs[n] = true
	}

	// The values set.
	var vals []*value
	set := map[string]*value{}
	for _, s := range c.Set {
		name, arg, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || arg == "" {
			return &ast.Error{Msg: fmt.Sprintf("--set %s: expected NAME=FILE or NAME=NUMBER", s)}
		}
		if !occurs[name] {
			return &ast.Error{Msg: fmt.Sprintf("--set %s: %s does not occur in the expression", s, name), Hint: "the names in it are " + strings.Join(names, ", ")}
		}
		if set[name] != nil {
			return &ast.Error{Msg: fmt.Sprintf("%s is set twice (%s and %s)", name, set[name].src, arg)}
		}
		v, err := readValue(name, arg)
		if err != nil {
			return err
		}
		set[name] = v
		vals = append(vals, v)
	}

	// A name the declarations leave open takes the shape of its value.
	if info, err = c.declareValues(expr, info, vals); err != nil {
		return err
	}
	dims, err := inferDims(info, vals, fixed)
	if err != nil {
		return err
	}
	for _, v := range vals {
		if info.Symmetric(v.name) {
			if err := checkSymmetric(v); err != nil {
				return err
			}
		}
	}

	var inst *numeric.Instance
	if c.Random {
		inst, err = numeric.Random(expr, info, c.Seed, numeric.Options{Dims: dims, MinDim: 2, MaxDim: 5})
		if err != nil {
			return withSrc(err, c.Expr)
		}
		for _, v := range vals {
			inst.Vals[v.name] = v.m
		}
	} else {
		var missing []string
		for _, n := range names {
			if set[n] == nil {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			return &ast.Error{Msg: "no value for " + strings.Join(missing, ", "), Hint: "give one with --set NAME=FILE, or use --random for random values"}
		}
		inst = &numeric.Instance{Dims: dims, Vals: map[string]*mat.Dense{}}
		for _, v := range vals {
			inst.Vals[v.name] = v.m
		}
	}
	res, err := numeric.EvalBudget(c.budget("the evaluation"), expr, info, inst)
	if err != nil {
		return withSrc(err, c.Expr)
	}

	if writeOut != nil {
		b, err := writeOut(res)
		if err != nil {
			return err
		}
		if err := os.WriteFile(c.Out, b, 0o666); err != nil {
			return &ast.Error{Msg: "--out: " + fileErr(err)}
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
		return enc.Encode(map[string]any{"input": c.Expr, "rows": r, "cols": cc, "sizes": inst.Dims, "value": rows})
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

// declareValues checks expr again with the undeclared names that have a
// 1 x 1 value declared scalar, so that "alpha x" with alpha set to a number
// reads alpha as a scalar. (Other values leave the inferred shapes alone:
// their sizes bind dimension names, see inferDims.)
func (c *evalCmd) declareValues(expr ast.Expr, info *ast.Info, vals []*value) (*ast.Info, error) {
	_, decls, err := parser.Parse(c.Expr)
	if err != nil {
		return nil, err
	}
	more, err := parser.ParseDecls(c.Where)
	if err != nil {
		return nil, err
	}
	decls = append(decls, more...)
	n := len(decls)
	for _, v := range vals {
		if r, cc := v.m.Dims(); r == 1 && cc == 1 && decls.Lookup(v.name) == nil {
			decls = append(decls, ast.Decl{Name: v.name, Shape: ast.Scalar})
		}
	}
	if len(decls) == n {
		return info, nil
	}
	info, err = ast.Check(expr, decls)
	if err != nil {
		return nil, withSrc(err, c.Expr)
	}
	return info, nil
}

// withSrc gives an *ast.Error with a position in the expression its source.
func withSrc(err error, src string) error {
	var ae *ast.Error
	if errors.As(err, &ae) && ae.Src == "" && ae.Pos.IsValid() {
		ae.Src = src
	}
	return err
}

// A value is what --set gives a name.
type value struct {
	name   string
	src    string // the file, or the number as given
	m      *mat.Dense
	vector bool // a 1-D array, which fits a row as well as a column
	inline bool // a number on the command line
}

// fileErr words an error of the file system without the operation:
// "a.csv: no such file or directory".
func fileErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// readValue reads the value arg gives: a number, or a file.
func readValue(name, arg string) (*value, error) {
	if f, err := strconv.ParseFloat(strings.TrimSpace(arg), 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, &ast.Error{Msg: fmt.Sprintf("--set %s=%s: the value is not a finite number", name, arg)}
		}
		return &value{name: name, src: arg, m: mat.NewDense(1, 1, []float64{f}), inline: true}, nil
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return nil, &ast.Error{Msg: fmt.Sprintf("cannot read the value of %s: %s", name, fileErr(err))}
	}
	v := &value{name: name, src: arg}
	ext := strings.ToLower(filepath.Ext(arg))
	switch {
	case bytes.HasPrefix(data, []byte("\x93NUMPY")):
		v.m, v.vector, err = readNpy(arg, data)
	case ext == ".npy":
		err = fmt.Errorf("%s: not a NumPy .npy file", arg)
	case bytes.HasPrefix(data, []byte("%%MatrixMarket")) || ext == ".mtx":
		v.m, err = readMatrixMarket(arg, data)
	default:
		v.m, err = readText(arg, data)
	}
	if err != nil {
		return nil, &ast.Error{Msg: err.Error()}
	}
	return v, nil
}

// readText reads CSV or whitespace-separated numbers, one row a line. A #
// starts a comment; blank lines are skipped.
func readText(file string, data []byte) (*mat.Dense, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not a text file (nor .npy or MatrixMarket)", file)
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var vals []float64
	cols, rows, firstLine := -1, 0, 0
	for ln, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := splitFields(line)
		for _, f := range fields {
			x, err := parseEntry(f.text)
			if err != nil {
				return nil, fmt.Errorf("%s:%d:%d: %v", file, ln+1, f.col, err)
			}
			vals = append(vals, x)
		}
		if cols < 0 {
			cols, firstLine = len(fields), ln+1
		} else if len(fields) != cols {
			return nil, fmt.Errorf("%s:%d: ragged rows: this row has %s, but the first (line %d) has %d", file, ln+1, entries(len(fields)), firstLine, cols)
		}
		rows++
	}
	if rows == 0 {
		return nil, fmt.Errorf("%s: no numbers in the file", file)
	}
	return mat.NewDense(rows, cols, vals), nil
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

type field struct {
	text string
	col  int // 1-based column, in runes
}

// splitFields splits a line on commas (or semicolons, or tabs) if it has
// any, on blanks otherwise.
func splitFields(line string) []field {
	sep := func(r rune) bool { return r == ' ' || r == '\t' }
	if strings.ContainsAny(line, ",;") {
		sep = func(r rune) bool { return r == ',' || r == ';' }
	}
	var out []field
	col, start, startCol := 1, 0, 1
	blankSep := !strings.ContainsAny(line, ",;")
	flush := func(end int) {
		s := line[start:end]
		lead := len(s) - len(strings.TrimLeft(s, " \t"))
		t := strings.TrimSpace(s)
		if blankSep && t == "" {
			return
		}
		out = append(out, field{t, startCol + utf8.RuneCountInString(s[:lead])})
	}
	for i, r := range line {
		if sep(r) {
			flush(i)
			start, startCol = i+utf8.RuneLen(r), col+1
		}
		col++
	}
	flush(len(line))
	return out
}

// parseEntry reads one number, allowing double quotes around it.
func parseEntry(s string) (float64, error) {
	t := s
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if t == "" {
		return 0, errors.New("an empty entry")
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%q is out of the range of float64", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return x, nil
}

// readNpy reads a NumPy array of 0, 1 or 2 dimensions, of floats, integers
// or booleans. A 1-D array is a column (and vector reports it).
func readNpy(file string, data []byte) (m *mat.Dense, vector bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, vector, err = nil, false, fmt.Errorf("%s: cannot read the NumPy array: %v", file, r)
		}
	}()
	rd, err := npyio.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, false, fmt.Errorf("%s: not a readable NumPy .npy file: %v", file, err)
	}
	h := rd.Header.Descr
	var r, c int
	switch len(h.Shape) {
	case 0:
		r, c = 1, 1
	case 1:
		r, c, vector = h.Shape[0], 1, true
	case 2:
		r, c = h.Shape[0], h.Shape[1]
	default:
		return nil, false, fmt.Errorf("%s: the array has %d dimensions (shape %v); a value is a matrix, of at most 2", file, len(h.Shape), h.Shape)
	}
	if r == 0 || c == 0 {
		return nil, false, fmt.Errorf("%s: the array is empty (shape %v)", file, h.Shape)
	}
	t := npy.TypeFrom(h.Type)
	if t == nil {
		return nil, false, fmt.Errorf("%s: unsupported element type %s; use floats or integers", file, h.Type)
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Bool:
	default:
		return nil, false, fmt.Errorf("%s: unsupported element type %s (%v); use floats or integers", file, h.Type, t)
	}
	ptr := reflect.New(reflect.SliceOf(t))
	if err := rd.Read(ptr.Interface()); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("%s: cannot read the NumPy array: %v", file, err)
	}
	s := ptr.Elem()
	if s.Len() != r*c {
		return nil, false, fmt.Errorf("%s: the file holds %d entries, but its shape %v needs %d", file, s.Len(), h.Shape, r*c)
	}
	vals := make([]float64, r*c)
	for i := range vals {
		x := s.Index(i)
		switch {
		case x.CanFloat():
			vals[i] = x.Float()
		case x.CanInt():
			vals[i] = float64(x.Int())
		case x.CanUint():
			vals[i] = float64(x.Uint())
		case x.Kind() == reflect.Bool:
			if x.Bool() {
				vals[i] = 1
			}
		}
		if math.IsNaN(vals[i]) || math.IsInf(vals[i], 0) {
			var k int
			if h.Fortran {
				k = i
			} else {
				k = (i%c)*r + i/c
			}
			return nil, false, fmt.Errorf("%s: the entry at (%d,%d) is %v, not a finite number", file, k%r+1, k/r+1, vals[i])
		}
	}
	m = mat.NewDense(r, c, nil)
	for i, x := range vals {
		if h.Fortran {
			m.Set(i%r, i/r, x)
		} else {
			m.Set(i/c, i%c, x)
		}
	}
	return m, vector, nil
}

// readMatrixMarket reads a MatrixMarket file: dense ("array") or sparse
// ("coordinate"), real or integer, general or symmetric.
func readMatrixMarket(file string, data []byte) (*mat.Dense, error) {
	lines := strings.Split(string(data), "\n")
	header := strings.Fields(strings.ToLower(strings.TrimRight(lines[0], "\r")))
	if len(header) != 5 || header[0] != "%%matrixmarket" || header[1] != "matrix" {
		return nil, fmt.Errorf("%s:1: expected a MatrixMarket header such as %q", file, "%%MatrixMarket matrix array real general")
	}
	layout, kind, sym := header[2], header[3], header[4]
	if layout != "array" && layout != "coordinate" {
		return nil, fmt.Errorf("%s:1: unknown MatrixMarket format %q; expected array or coordinate", file, layout)
	}
	if kind != "real" && kind != "integer" && kind != "double" {
		return nil, fmt.Errorf("%s:1: unsupported MatrixMarket field %q; only real and integer are", file, kind)
	}
	if sym != "general" && sym != "symmetric" {
		return nil, fmt.Errorf("%s:1: unsupported MatrixMarket symmetry %q; only general and symmetric are", file, sym)
	}
	// The data lines, with their line numbers.
	type dataLine struct {
		n      int
		fields []field
	}
	var rest []dataLine
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if strings.HasPrefix(l, "%") || strings.TrimSpace(l) == "" {
			continue
		}
		rest = append(rest, dataLine{i + 1, splitFields(l)})
	}
	if len(rest) == 0 {
		return nil, fmt.Errorf("%s: no size line", file)
	}
	size := rest[0]
	want := 2
	if layout == "coordinate" {
		want = 3
	}
	if len(size.fields) != want {
		return nil, fmt.Errorf("%s:%d: expected the size line (%d whole numbers), found %d entries", file, size.n, want, len(size.fields))
	}
	var nums [3]int
	for i, f := range size.fields {
		v, err := strconv.Atoi(f.text)
		if err != nil || v < 0 || (i < 2 && v == 0) {
			return nil, fmt.Errorf("%s:%d:%d: %q is not a valid size", file, size.n, f.col, f.text)
		}
		nums[i] = v
	}
	r, c := nums[0], nums[1]
	if sym == "symmetric" && r != c {
		return nil, fmt.Errorf("%s:%d: a symmetric matrix must be square, not %d×%d", file, size.n, r, c)
	}
	m := mat.NewDense(r, c, nil)
	entries := rest[1:]
	if layout == "array" {
		// Column-major; symmetric stores the lower triangle.
		var at [][2]int
		for j := 0; j < c; j++ {
			for i := 0; i < r; i++ {
				if sym == "general" || i >= j {
					at = append(at, [2]int{i, j})
				}
			}
		}
		k := 0
		for _, l := range entries {
			for _, f := range l.fields {
				x, err := parseEntry(f.text)
				if err != nil {
					return nil, fmt.Errorf("%s:%d:%d: %v", file, l.n, f.col, err)
				}
				if k >= len(at) {
					return nil, fmt.Errorf("%s:%d:%d: more entries than the %d×%d matrix holds (%d)", file, l.n, f.col, r, c, len(at))
				}
				m.Set(at[k][0], at[k][1], x)
				if sym == "symmetric" {
					m.Set(at[k][1], at[k][0], x)
				}
				k++
			}
		}
		if k < len(at) {
			return nil, fmt.Errorf("%s: %d entries, but the %d×%d matrix needs %d", file, k, r, c, len(at))
		}
		return m, nil
	}
	if len(entries) != nums[2] {
		return nil, fmt.Errorf("%s: %d entries, but the size line says %d", file, len(entries), nums[2])
	}
	for _, l := range entries {
		if len(l.fields) != 3 {
			return nil, fmt.Errorf("%s:%d: expected \"row column value\", found %d entries", file, l.n, len(l.fields))
		}
		var ij [2]int
		for k := 0; k < 2; k++ {
			v, err := strconv.Atoi(l.fields[k].text)
			if err != nil || v < 1 || v > [2]int{r, c}[k] {
				return nil, fmt.Errorf("%s:%d:%d: %q is not an index between 1 and %d", file, l.n, l.fields[k].col, l.fields[k].text, [2]int{r, c}[k])
			}
			ij[k] = v - 1
		}
		x, err := parseEntry(l.fields[2].text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d:%d: %v", file, l.n, l.fields[2].col, err)
		}
		m.Set(ij[0], ij[1], m.At(ij[0], ij[1])+x)
		if sym == "symmetric" && ij[0] != ij[1] {
			m.Set(ij[1], ij[0], m.At(ij[1], ij[0])+x)
		}
	}
	return m, nil
}

// parseDims reads --dims "a=3,b=4"; every name must be a dimension of the
// expression.
func parseDims(s string, info *ast.Info) (map[string]int, error) {
	out := map[string]int{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	known := dimNames(info)
	for _, part := range strings.Split(s, ",") {
		name, num, ok := strings.Cut(part, "=")
		name, num = strings.TrimSpace(name), strings.TrimSpace(num)
		if !ok || name == "" {
			return nil, &ast.Error{Msg: fmt.Sprintf("--dims: expected NAME=SIZE, found %q", strings.TrimSpace(part))}
		}
		v, err := strconv.Atoi(num)
		if err != nil || v < 1 {
			return nil, &ast.Error{Msg: fmt.Sprintf("--dims: the size of %s must be a positive whole number, not %q", name, num)}
		}
		if !known[name] {
			return nil, &ast.Error{Msg: fmt.Sprintf("--dims: the expression has no dimension %s", name), Hint: "its dimensions are " + listOrNone(sortedKeys(known))}
		}
		if _, dup := out[name]; dup {
			return nil, &ast.Error{Msg: fmt.Sprintf("--dims: %s is given twice", name)}
		}
		out[name] = v
	}
	return out, nil
}

// dimNames returns the dimension names of the shapes of info's names.
func dimNames(info *ast.Info) map[string]bool {
	known := map[string]bool{}
	for _, d := range info.Decls() {
		for _, n := range append(append([]string(nil), d.Shape.Rows.Names...), d.Shape.Cols.Names...) {
			if !strings.HasPrefix(n, "?") {
				known[n] = true
			}
		}
	}
	return known
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// inferDims finds the size of every dimension name the values determine,
// starting from fixed (--dims), and checks that each value has the shape of
// its name.
func inferDims(info *ast.Info, vals []*value, fixed map[string]int) (map[string]int, error) {
	dims := map[string]int{}
	from := map[string]string{}
	fromVal := map[string]*value{}
	for n, v := range fixed {
		dims[n] = v
		from[n] = "--dims"
	}
	type pending struct {
		v    *value
		d    ast.Dim
		size int
	}
	var todo []pending
	for _, v := range vals {
		shape, _ := info.Name(v.name)
		r, c := v.m.Dims()
		if v.vector && shape.IsRow() && !shape.IsColumn() {
			v.m = mat.DenseCopyOf(v.m.T())
			r, c = c, r
		}
		bad := func() error {
			got := fmt.Sprintf("%s holds a %d×%d matrix", v.src, r, c)
			if v.inline {
				got = fmt.Sprintf("--set %s=%s gives a scalar", v.name, v.src)
			}
			e := &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s", v.name, shape, got)}
			if r == c || r*c == 0 {
				return e
			}
			if ok, _ := fits(shape.T(), r, c, dims); ok {
				e.Hint = "its transpose would fit"
			}
			return e
		}
		if v.inline && !shape.IsScalar() {
			return nil, bad()
		}
		if ok, _ := fits(shape, r, c, dims); !ok {
			return nil, bad()
		}
		todo = append(todo, pending{v, shape.Rows, r}, pending{v, shape.Cols, c})
	}
	// Resolve dimensions until nothing changes: a product of names is
	// resolved once all but one of its names are.
	for progress := true; progress; {
		progress = false
		rest := todo[:0]
		for _, p := range todo {
			n := p.d.N
			var open []string
			for _, name := range p.d.Names {
				if s, ok := dims[name]; ok {
					n *= s
				} else {
					open = append(open, name)
				}
			}
			r, c := p.v.m.Dims()
			shape, _ := info.Name(p.v.name)
			switch {
			case len(open) == 0:
				if n != p.size && len(p.d.Names) == 1 && fromVal[p.d.Names[0]] == p.v {
					return nil, &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix", p.v.name, shape, p.v.src, r, c)}
				}
				if n != p.size {
					return nil, dimConflict(p.d, p.size, p.v, shape, r, c, dims, from)
				}
			case len(open) == 1:
				if p.size%n != 0 {
					return nil, &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix", p.v.name, shape, p.v.src, r, c)}
				}
				dims[open[0]] = p.size / n
				from[open[0]] = fmt.Sprintf("%s (%s, %d×%d)", p.v.name, p.v.src, r, c)
				fromVal[open[0]] = p.v
				progress = true
			default:
				rest = append(rest, p)
				continue
			}
		}
		todo = rest
	}
	return dims, nil
}

// fits reports whether an r x c value fits shape as far as its fixed sizes
// tell.
func fits(shape ast.Shape, r, c int, dims map[string]int) (bool, error) {
	for _, p := range [2]struct {
		d ast.Dim
		n int
	}{{shape.Rows, r}, {shape.Cols, c}} {
		if p.d.IsKnown() && p.d.N != p.n {
			return false, nil
		}
		if !p.d.IsKnown() && p.n%p.d.N != 0 {
			return false, nil
		}
	}
	return true, nil
}

// dimConflict says that the size of d disagrees with what it was given
// before.
func dimConflict(d ast.Dim, size int, v *value, shape ast.Shape, r, c int, dims map[string]int, from map[string]string) error {
	if len(d.Names) == 1 {
		name := d.Names[0]
		if d.N == 1 {
			return &ast.Error{Msg: fmt.Sprintf("the sizes disagree: %s makes %s = %d, but %s (%s, %d×%d) makes %s = %d",
				from[name], name, dims[name], v.name, v.src, r, c, name, size)}
		}
	}
	return &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix, and the sizes %s already has make it %s",
		v.name, shape, v.src, r, c, shapeDims(shape, dims), shapeWith(shape, dims))}
}

func shapeDims(s ast.Shape, dims map[string]int) string {
	var parts []string
	seen := map[string]bool{}
	for _, n := range append(append([]string(nil), s.Rows.Names...), s.Cols.Names...) {
		if v, ok := dims[n]; ok && !seen[n] {
			seen[n] = true
			parts = append(parts, fmt.Sprintf("%s = %d", n, v))
		}
	}
	return strings.Join(parts, ", ")
}

func shapeWith(s ast.Shape, dims map[string]int) string {
	size := func(d ast.Dim) int {
		n := d.N
		for _, name := range d.Names {
			n *= dims[name]
		}
		return n
	}
	return fmt.Sprintf("%d×%d", size(s.Rows), size(s.Cols))
}

// checkSymmetric checks the value of a name declared symmetric.
func checkSymmetric(v *value) error {
	r, c := v.m.Dims()
	if r != c {
		return nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < i; j++ {
			a, b := v.m.At(i, j), v.m.At(j, i)
			if math.Abs(a-b) > 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
				return &ast.Error{Msg: fmt.Sprintf("%s is declared symmetric, but its value from %s is not: entry (%d,%d) is %g and entry (%d,%d) is %g",
					v.name, v.src, i+1, j+1, a, j+1, i+1, b)}
			}
		}
	}
	return nil
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
	full := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	rows := func(m *mat.Dense, sep string) []byte {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		r, c := m.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if j > 0 {
					w.WriteString(sep)
				}
				w.WriteString(full(m.At(i, j)))
			}
			w.WriteByte('\n')
		}
		w.Flush()
		return b.Bytes()
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".csv":
		return func(m *mat.Dense) ([]byte, error) { return rows(m, ","), nil }, nil
	case ".txt", ".dat", ".tsv":
		sep := " "
		if strings.ToLower(filepath.Ext(file)) == ".tsv" {
			sep = "\t"
		}
		return func(m *mat.Dense) ([]byte, error) { return rows(m, sep), nil }, nil
	case ".npy":
		return func(m *mat.Dense) ([]byte, error) {
			var b bytes.Buffer
			if err := npyio.Write(&b, m); err != nil {
				return nil, err
			}
			return b.Bytes(), nil
		}, nil
	case ".mtx":
		return func(m *mat.Dense) ([]byte, error) {
			var b bytes.Buffer
			r, c := m.Dims()
			fmt.Fprintf(&b, "%%%%MatrixMarket matrix array real general\n%d %d\n", r, c)
			for j := 0; j < c; j++ {
				for i := 0; i < r; i++ {
					b.WriteString(full(m.At(i, j)) + "\n")
				}
			}
			return b.Bytes(), nil
		}, nil
	}
	return nil, &ast.Error{Msg: fmt.Sprintf("--out %s: cannot tell the format from the extension %q", file, filepath.Ext(file)), Hint: "use .csv, .txt, .npy or .mtx"}
}
