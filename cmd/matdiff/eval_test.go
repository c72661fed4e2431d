package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

const evalQuad = "x' A x where x: n x 1, A: n x n"

// td is a file of testdata/eval.
func td(name string) string { return filepath.Join("testdata", "eval", name) }

// evalOK runs eval and wants exit 0, empty stderr and stdout want.
func evalOK(t *testing.T, want string, args ...string) {
	t.Helper()
	code, out, errs := runCmd(t, append([]string{"eval"}, args...)...)
	wantRun(t, code, out, errs, exitOK)
	if out != want {
		t.Errorf("eval %q:\n%s\nwant:\n%s", args, out, want)
	}
}

// evalErr runs eval and wants exit 2, empty stdout and stderr holding
// every one of wants.
func evalErr(t *testing.T, args []string, wants ...string) {
	t.Helper()
	code, out, errs := runCmd(t, append([]string{"eval"}, args...)...)
	wantRun(t, code, out, errs, exitInput)
	if !strings.HasPrefix(errs, "matdiff: ") {
		t.Errorf("stderr %q", errs)
	}
	wantIn(t, errs, wants...)
}

// x = [1; 2], A = [1 2; 3 4]: x' A x = [1 2] [5; 11] = 27.
// B = [1 0 2; -1 3 1], C = [1 4; 2 5; 3 6]: B C = [7 16; 8 17].
// A B = [-1 6 4; -1 12 10].

func TestEvalCSV(t *testing.T) {
	evalOK(t, "27\n", evalQuad, "--set", "A="+td("A.csv"), "--set", "x="+td("x.csv"))
}

func TestEvalTextAndMatrixMarket(t *testing.T) {
	evalOK(t, "7  16\n8  17\n", "B C", "--set", "B="+td("B.txt"), "--set", "C="+td("C.mtx"))
	evalOK(t, "-1   6   4\n-1  12  10\n", "A B", "--set", "A="+td("A.csv"), "--set", "B="+td("B.txt"))
	evalOK(t, "⎡-1   6   4⎤\n⎣-1  12  10⎦\n", "A B", "--set", "A="+td("A.csv"), "--set", "B="+td("B.txt"), "--format", "unicode")
	evalOK(t, "\\begin{bmatrix}\n7 & 16 \\\\\n8 & 17\n\\end{bmatrix}\n", "B C", "--set", "B="+td("B.txt"), "--set", "C="+td("C.mtx"), "--format", "latex")
	// MatrixMarket, sparse and symmetric.
	dir := t.TempDir()
	sp := filepath.Join(dir, "S.mtx")
	os.WriteFile(sp, []byte("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n2 1 3\n"), 0o666)
	evalOK(t, "1  3\n3  0\n", "S", "--set", "S="+sp)
}

// npyHeader writes a .npy file by hand, for what npyio does not write:
// Fortran order and integer matrices.
func npyFile(t *testing.T, path, descr string, fortran bool, shape string, data any) {
	t.Helper()
	order := "False"
	if fortran {
		order = "True"
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, shape)
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	binary.Write(&b, binary.LittleEndian, data)
	if err := os.WriteFile(path, b.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
}

func TestEvalNpy(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, v any) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := npyio.Write(f, v); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("A.npy", mat.NewDense(2, 2, []float64{1, 2, 3, 4}))
	x := write("x.npy", []float64{1, 2}) // 1-D: a column
	x32 := write("x32.npy", []float32{1, 2})
	evalOK(t, "27\n", evalQuad, "--set", "A="+a, "--set", "x="+x)
	evalOK(t, "27\n", evalQuad, "--set", "A="+a, "--set", "x="+x32)
	// A 1-D array fits a row too.
	evalOK(t, "27\n", "x A x' where x: 1 x n", "--set", "A="+a, "--set", "x="+x)

	// B in Fortran order, as int64; C as int32 in C order.
	b := filepath.Join(dir, "B.npy")
	npyFile(t, b, "<i8", true, "(2, 3)", []int64{1, -1, 0, 3, 2, 1})
	c := filepath.Join(dir, "C.npy")
	npyFile(t, c, "<i4", false, "(3, 2)", []int32{1, 4, 2, 5, 3, 6})
	evalOK(t, "7  16\n8  17\n", "B C", "--set", "B="+b, "--set", "C="+c)

	bad := filepath.Join(dir, "bad.npy")
	os.WriteFile(bad, []byte("not numpy"), 0o666)
	evalErr(t, []string{"x' x", "--set", "x=" + bad}, bad+": not a NumPy .npy file")
	three := filepath.Join(dir, "3d.npy")
	npyFile(t, three, "<f8", false, "(1, 1, 2)", []float64{1, 2})
	evalErr(t, []string{"x' x", "--set", "x=" + three}, "the array has 3 dimensions")
}

func TestEvalOut(t *testing.T) {
	dir := t.TempDir()
	direct := "-1   6   4\n-1  12  10\n"
	for _, ext := range []string{".csv", ".txt", ".npy", ".mtx"} {
		p := filepath.Join(dir, "out"+ext)
		evalOK(t, "", "A B", "--set", "A="+td("A.csv"), "--set", "B="+td("B.txt"), "--out", p)
		evalOK(t, direct, "M", "--set", "M="+p)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	if string(b) != "-1,6,4\n-1,12,10\n" {
		t.Errorf("out.csv:\n%s", b)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "out.mtx"))
	if string(b) != "%%MatrixMarket matrix array real general\n2 3\n-1\n-1\n6\n12\n4\n10\n" {
		t.Errorf("out.mtx:\n%s", b)
	}
	evalErr(t, []string{"A", "--set", "A=" + td("A.csv"), "--out", filepath.Join(dir, "out.xlsx")}, `cannot tell the format from the extension ".xlsx"`)
}

func TestEvalInlineScalar(t *testing.T) {
	// alpha is undeclared: a number makes it a scalar.
	evalOK(t, "0.5\n  1\n", "alpha x where x: n x 1", "--set", "alpha=0.5", "--set", "x="+td("x.csv"))
	evalOK(t, "-13.5\n", "alpha x' A x where alpha: scalar", "--set", "alpha=-0.5", "--set", "A="+td("A.csv"), "--set", "x="+td("x.csv"))
	evalErr(t, []string{evalQuad, "--set", "x=3", "--set", "A=" + td("A.csv")}, "matdiff: x is n x 1 in the expression, but --set x=3 gives a scalar\n")
}

func TestEvalRandom(t *testing.T) {
	args := []string{"A B where A: a x b, B: b x c", "--random", "--seed", "3"}
	code, out1, errs := runCmd(t, append([]string{"eval"}, args...)...)
	wantRun(t, code, out1, errs, exitOK)
	_, out2, _ := runCmd(t, append([]string{"eval"}, args...)...)
	if out1 != out2 || out1 == "" {
		t.Errorf("the same seed gives\n%s\nand\n%s", out1, out2)
	}
	_, out3, _ := runCmd(t, "eval", "A B where A: a x b, B: b x c", "--random", "--seed", "4")
	if out3 == out1 {
		t.Errorf("seeds 3 and 4 give the same values:\n%s", out1)
	}
	// --dims fixes sizes: a 2 x 4 result.
	_, out, _ := runCmd(t, "eval", "A B where A: a x b, B: b x c", "--random", "--dims", "a=2,c=4")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || len(strings.Fields(lines[0])) != 4 {
		t.Errorf("--dims a=2,c=4:\n%s", out)
	}
	// Set values and random ones together: the sizes come from the values.
	_, out, _ = runCmd(t, "eval", "A x where A: m x n", "--set", "x="+td("x3.csv"), "--random", "--format", "json")
	var j struct {
		Rows, Cols int
		Sizes      map[string]int
		Value      [][]float64
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if j.Cols != 1 || j.Sizes["n"] != 3 || len(j.Value) != j.Rows {
		t.Errorf("json %+v", j)
	}
}

func TestEvalErrors(t *testing.T) {
	a, x := "A="+td("A.csv"), "x="+td("x.csv")
	evalErr(t, []string{evalQuad, "--set", "A=" + td("missing.csv"), "--set", x},
		"matdiff: cannot read the value of A: "+td("missing.csv")+": no such file or directory\n")
	evalErr(t, []string{evalQuad, "--set", "A=" + td("word.csv"), "--set", x},
		"matdiff: "+td("word.csv")+`:2:3: "x4" is not a number`+"\n")
	evalErr(t, []string{evalQuad, "--set", "A=" + td("ragged.txt"), "--set", x},
		"matdiff: "+td("ragged.txt")+":2: ragged rows: this row has 3 entries, but the first (line 1) has 2\n")
	evalErr(t, []string{evalQuad, "--set", "A=" + td("A3x2.csv"), "--set", x},
		"matdiff: A is n x n in the expression, but "+td("A3x2.csv")+" holds a 3×2 matrix\n")
	evalErr(t, []string{evalQuad, "--set", a, "--set", "x=" + td("x3.csv")},
		"matdiff: the sizes disagree: A ("+td("A.csv")+", 2×2) makes n = 2, but x ("+td("x3.csv")+", 3×1) makes n = 3\n")
	evalErr(t, []string{evalQuad, "--set", a, "--dims", "n=3"}, "the sizes disagree: --dims makes n = 3, but A")
	evalErr(t, []string{evalQuad, "--set", a},
		"matdiff: no value for x\nhint: give one with --set NAME=FILE, or use --random for random values\n")
	evalErr(t, []string{evalQuad, "--set", a, "--set", x, "--set", "B=" + td("A.csv")},
		"matdiff: --set B="+td("A.csv")+": B does not occur in the expression\nhint: the names in it are x, A\n")
	evalErr(t, []string{evalQuad, "--set", a, "--set", "A=" + a}, "A is set twice")
	evalErr(t, []string{evalQuad, "--set", "junk"}, "expected NAME=FILE or NAME=NUMBER")
	evalErr(t, []string{"x' S x where S: symmetric n x n", "--set", "S=" + td("notsym.csv"), "--set", x},
		"S is declared symmetric, but its value from "+td("notsym.csv")+" is not: entry (2,1) is 3 and entry (1,2) is 2")
	// A domain error points into the expression.
	evalErr(t, []string{"sum(log(x)) where x: n x 1", "--set", "x=" + td("B.txt")}, "x is n x 1 in the expression")
	code, out, errs := runCmd(t, "eval", "1 + sum(log(x - 2))", "--set", x)
	wantRun(t, code, out, errs, exitInput)
	wantIn(t, errs, "matdiff: 1:9: ", "\n  | 1 + sum(log(x - 2))\n  |         ^\n")
}

// evalStatus runs eval and wants exit status want, nothing on stdout, and
// stderr holding every one of wants and no Go internals.
func evalStatus(t *testing.T, want int, args []string, wants ...string) {
	t.Helper()
	code, out, errs := runCmd(t, append([]string{"eval"}, args...)...)
	if code != want || out != "" {
		t.Fatalf("eval %q: exit %d, stdout %q, stderr %q; want exit %d and nothing on stdout", args, code, out, errs, want)
	}
	if !strings.HasPrefix(errs, "matdiff: ") {
		t.Errorf("stderr %q", errs)
	}
	wantIn(t, errs, wants...)
	for _, bad := range []string{"runtime error", "strconv.", "index out of range", "slice bounds", "makeslice", "struct {", "goroutine", "internal error", "EOF"} {
		if strings.Contains(errs, bad) {
			t.Errorf("eval %q shows %q:\n%s", args, bad, errs)
		}
	}
}

// Shapes beyond the entry limit are refused before anything is allocated,
// with exit status 4: a MatrixMarket size line of 100000 x 100000 or 2^62,
// a .npy header of (100000, 100000); a 6000 x 6000 CSV from its size
// alone (a sparse file: its size costs nothing).
func TestEvalTooLarge(t *testing.T) {
	dir := t.TempDir()
	mtx := filepath.Join(dir, "big.mtx")
	os.WriteFile(mtx, []byte("%%MatrixMarket matrix array real general\n100000 100000\n1\n"), 0o666)
	evalStatus(t, exitBeyond, []string{"sum(x)", "--set", "x=" + mtx},
		"matdiff: "+mtx+":2: the size line declares a 100000×100000 matrix, 10000000000 entries, more than the 16777216 a value may have\n")
	os.WriteFile(mtx, []byte("%%MatrixMarket matrix coordinate real general\n4611686018427387904 1 0\n"), 0o666)
	evalStatus(t, exitBeyond, []string{"sum(x)", "--set", "x=" + mtx}, "a 4611686018427387904×1 matrix, 4611686018427387904 entries, more than the 16777216 a value may have")
	evalStatus(t, exitBeyond, []string{"sum(x)", "--set", "x=" + td("huge.npy")},
		"matdiff: "+td("huge.npy")+": the shape (100000, 100000) has 10000000000 entries, more than the 16777216 a value may have\n")

	csv := filepath.Join(dir, "big.csv")
	f, err := os.Create(csv)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(6000 * 6000 * 12); err != nil {
		t.Fatal(err)
	}
	f.Close()
	evalStatus(t, exitBeyond, []string{"sum(x)", "--set", "x=" + csv},
		"matdiff: cannot read the value of x: "+csv+" has 432000000 bytes, more than the 268435456 a file of values may have (16 for each of the 16777216 entries a value may have)\n")
	// The limits are in the table of docs/errors.md (matio tests the others).
	wantInDoc(t, "more than the 268435456 a file of values may have (16 for each of the 16777216 entries a value may have)")
	wantInDoc(t, "matrix, 10000000000 entries, more than the 16777216 a value may have")
}

// A .npy file holds exactly the entries its shape needs; its header is a
// dict with descr, fortran_order and shape; and no message shows Go.
func TestEvalNpyExact(t *testing.T) {
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("truncated.npy")},
		"matdiff: "+td("truncated.npy")+": the file holds 2 entries, but its shape (3, 1) needs 3\n")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("extra.npy")},
		"matdiff: "+td("extra.npy")+": the file holds 4 entries, but its shape (3, 1) needs 3\n")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("nodict.npy")},
		"matdiff: "+td("nodict.npy")+": bad .npy header: no 'descr'\n")
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("records.npy")},
		"the element type (descr) is not a string such as '<f8'; arrays of records are not read")
	// What used to leak Go's internals.
	dir := t.TempDir()
	for _, c := range []struct{ header, want string }{
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", "the shape has '-' where a whole number belongs"},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (1)), }", `expected ',' or '}' after the value of "shape" at ')'`},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }", "has 85070591730234615847396907784232501249 entries, more than the 16777216 a value may have"},
		{"{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", "arrays of records are not read"},
	} {
		p := filepath.Join(dir, "x.npy")
		npyFile(t, p, "<f8", false, "(1,)", []float64{1})
		data, _ := os.ReadFile(p)
		h := c.header
		for (10+len(h)+1)%64 != 0 {
			h += " "
		}
		h += "\n"
		data = append(append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8)), h...)
		os.WriteFile(p, data, 0o666)
		want := exitInput
		if strings.Contains(c.want, "more than") {
			want = exitBeyond
		}
		evalStatus(t, want, []string{"sum(x)", "--set", "x=" + p}, c.want)
	}
	// A header without its newline, and a file that ends inside it.
	p := filepath.Join(dir, "y.npy")
	os.WriteFile(p, []byte("\x93NUMPY\x01\x00\x04\x00{}"), 0o666)
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + p}, "the .npy file ends inside its header")
}

func TestEvalMatrixMarketExact(t *testing.T) {
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("short.mtx")},
		"matdiff: "+td("short.mtx")+": the file has 3 entries, but the 2×2 matrix needs 4\n")
	p := filepath.Join(t.TempDir(), "x.mtx")
	os.WriteFile(p, []byte("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n"), 0o666)
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + p}, p+": the file has 2 entries, but the size line says 1")
}

// A number too small for a float64 is an error, not a silent 0.
func TestEvalUnderflow(t *testing.T) {
	evalStatus(t, exitInput, []string{"sum(x)", "--set", "x=" + td("tiny.csv")},
		"matdiff: "+td("tiny.csv")+":2:1: \"1e-400\" is below the smallest float64 (about 4.9e-324) and would read as 0\nhint: write 0 if 0 is meant\n")
	evalStatus(t, exitInput, []string{"x", "--set", "x=1e-400"},
		"matdiff: --set x=1e-400: \"1e-400\" is below the smallest float64 (about 4.9e-324) and would read as 0\n")
	evalStatus(t, exitInput, []string{"x", "--set", "x=1e999"}, "matdiff: --set x=1e999: \"1e999\" is out of the range of float64\n")
	evalOK(t, "0\n", "x", "--set", "x=0e-400")
}
