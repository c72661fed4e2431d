package matio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
)

// internals are what no message may show.
var internals = []string{
	"runtime error", "strconv.", "index out of range", "slice bounds", "makeslice",
	"struct {", "goroutine", "panic", "invalid syntax", "reflect", "*ast.",
	"EOF", "%!", "<nil>", "[]",
}

// wantErr wants err to be an *ast.Error of kind, whose message holds every
// one of wants and none of Go's internals.
func wantErr(t *testing.T, err error, kind ast.ErrorKind, wants ...string) {
	t.Helper()
	var ae *ast.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T), want an *ast.Error", err, err)
	}
	if ae.Kind != kind {
		t.Errorf("%q: kind %d, want %d", ae.Error(), ae.Kind, kind)
	}
	for _, w := range wants {
		if !strings.Contains(ae.Error(), w) {
			t.Errorf("%q lacks %q", ae.Error(), w)
		}
	}
	checkClean(t, ae)
}

// quoted matches what a message quotes of the input: "x4", '-'.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)

// checkClean wants a message without Go's internals (outside what it
// quotes of the input), lower case, without a final period.
func checkClean(t *testing.T, ae *ast.Error) {
	t.Helper()
	msg, hint := quoted.ReplaceAllString(ae.Msg, `""`), quoted.ReplaceAllString(ae.Hint, `""`)
	for _, bad := range internals {
		if strings.Contains(msg, bad) || strings.Contains(hint, bad) {
			t.Errorf("%q shows %q", ae.Error(), bad)
		}
	}
	if ae.Msg == "" || ae.Msg != strings.TrimRight(ae.Msg, ".") {
		t.Errorf("message %q: empty or ends in a period", ae.Msg)
	}
}

func wantMatrix(t *testing.T, v *Value, err error, r, c int, vals ...float64) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(v.M, mat.NewDense(r, c, vals)) {
		t.Errorf("got\n%v\nwant %d×%d %v", mat.Formatted(v.M), r, c, vals)
	}
}

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// npyBytes makes a .npy file of version 1.0 with the header dict h.
func npyBytes(h string, data any) []byte {
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	switch d := data.(type) {
	case nil:
	case []byte:
		b.Write(d)
	default:
		binary.Write(&b, binary.LittleEndian, data)
	}
	return b.Bytes()
}

func npyDict(descr string, fortran bool, shape string) string {
	order := "False"
	if fortran {
		order = "True"
	}
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, shape)
}

// A file longer than MaxBytes is refused from its size, before it is
// read: a sparse file costs nothing to make.
func TestFileTooLong(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(6000 * 6000 * 12); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(p)
	wantErr(t, err, ast.BeyondReach, p+" has 432000000 bytes, more than the 268435456 a file of values may have (16 for each of the 16777216 entries a value may have)")
}

// rows is an endless reader of rows of n ones, separated by commas.
type rows struct {
	row []byte
	off int
}

func (r *rows) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], r.row[r.off:])
		n += k
		r.off = (r.off + k) % len(r.row)
	}
	return n, nil
}

func onesRow(n int) []byte {
	return []byte(strings.Repeat("1,", n-1) + "1\n")
}

// A text file of 6000 columns is refused at the row that passes
// MaxEntries, in the first pass, which stores nothing: the refusal
// allocates no more than the lines it reads (33 MB in all, 12 kB at a
// time), less than half of the 128 MB the entries would take.
func TestTextTooManyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads 16 million entries")
	}
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	row := onesRow(6000)
	w := bufio.NewWriter(f)
	for range MaxEntries/6000 + 1 {
		w.Write(row)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFile(p)
	runtime.ReadMemStats(&after)
	wantErr(t, err, ast.BeyondReach, p+":2797: row 2797, of 6000 entries, takes the matrix past the 16777216 entries a value may have")
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("the refusal allocated %d bytes", n)
	}
}

// The same with small limits, and a reader longer than its limit.
func TestTextLimits(t *testing.T) {
	lim := limits{maxEntries: 100, maxBytes: 1000, maxLine: 50}
	_, err := lim.readFile(write(t, "x.csv", bytes.Repeat(onesRow(6), 17)))
	wantErr(t, err, ast.BeyondReach, "x.csv:17: row 17, of 6 entries, takes the matrix past the 100 entries a value may have")
	v, err := lim.readFile(write(t, "x.csv", bytes.Repeat(onesRow(6), 16)))
	if err != nil || cap(v.M.RawMatrix().Data) != 96 {
		t.Errorf("16 rows of 6: %v, %d entries allocated", err, cap(v.M.RawMatrix().Data))
	}
	_, err = lim.readText(&rows{row: onesRow(6)}, "x.csv")
	wantErr(t, err, ast.BeyondReach, "x.csv:17: row 17, of 6 entries, takes the matrix past the 100 entries a value may have")
	_, err = lim.readText(&limitReader{r: &rows{row: []byte("# a comment\n")}, n: lim.maxBytes}, "x.csv")
	wantErr(t, err, ast.BeyondReach, "x.csv is longer than 1000 bytes, the most a file of values may have")
	_, err = lim.readText(&rows{row: onesRow(30)}, "x.csv")
	wantErr(t, err, ast.BeyondReach, "x.csv:1: the line is longer than 50 bytes")
}

// A reader that fails.
type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("the disk is on fire") }

func TestReadError(t *testing.T) {
	_, err := ReadText(failing{}, "x.csv")
	wantErr(t, err, ast.BadInput, "x.csv: cannot read: the disk is on fire")
	_, err = ReadNPY(failing{}, "x.npy")
	wantErr(t, err, ast.BadInput, "x.npy: cannot read: the disk is on fire")
	_, err = ReadMatrixMarket(failing{}, "x.mtx")
	wantErr(t, err, ast.BadInput, "x.mtx: cannot read: the disk is on fire")
}

func TestText(t *testing.T) {
	read := func(s string) (*Value, error) { return ReadText(strings.NewReader(s), "x.csv") }
	v, err := read("1, 2\n3,4\n")
	wantMatrix(t, v, err, 2, 2, 1, 2, 3, 4)
	v, err = read("\uFEFF# a comment\n1 2 3  # and another\r\n\n\t-4\t5e-1 \"6\"\n")
	wantMatrix(t, v, err, 2, 3, 1, 2, 3, -4, 0.5, 6)
	v, err = read("1;2\n3;4")
	wantMatrix(t, v, err, 2, 2, 1, 2, 3, 4)
	v, err = read("0e-400, -0.0, 4.9e-324, 0x1p-2")
	wantMatrix(t, v, err, 1, 4, 0, 0, 5e-324, 0.25)

	for _, c := range []struct{ in, want, hint string }{
		{"1,2\n1e-400,3\n", `x.csv:2:1: "1e-400" is below the smallest float64 (about 4.9e-324) and would read as 0`, "write 0 if 0 is meant"},
		{"1 -2e-324\n", `x.csv:1:3: "-2e-324" is below the smallest float64`, ""},
		{"1 0x1p-2000\n", `x.csv:1:3: "0x1p-2000" is below the smallest float64`, ""},
		{"1,2\n3, x4\n", `x.csv:2:4: "x4" is not a number`, ""},
		{"1e999", `x.csv:1:1: "1e999" is out of the range of float64`, ""},
		{"1 NaN", `x.csv:1:3: "NaN" is not a finite number`, ""},
		{"1,,2", `x.csv:1:3: an empty entry`, ""},
		{"1 2\n3 4 5\n", "x.csv:2: ragged rows: this row has 3 entries, but the first (line 1) has 2", ""},
		{"# nothing\n\n", "x.csv: no numbers in the file", ""},
		{"", "x.csv: no numbers in the file", ""},
		{"1 2\xff", "x.csv: not a text file (nor .npy or MatrixMarket)", ""},
		{"1 2\x00", "x.csv: not a text file (nor .npy or MatrixMarket)", ""},
	} {
		_, err := read(c.in)
		wantErr(t, err, ast.BadInput, c.want, c.hint)
	}
}

func TestParseNumber(t *testing.T) {
	for s, want := range map[string]float64{"1": 1, ` "2.5" `[1:6]: 2.5, "-0": 0, "1e-320": 1e-320, "0.000e-999": 0} {
		if x, err := ParseNumber(s); err != nil || x != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", s, x, err, want)
		}
	}
	_, err := ParseNumber("1e-400")
	wantErr(t, err, ast.BadInput, `"1e-400" is below the smallest float64 (about 4.9e-324) and would read as 0`)
}

func TestNPY(t *testing.T) {
	read := func(data []byte) (*Value, error) { return ReadNPY(bytes.NewReader(data), "x.npy") }
	// Every element type, in both byte orders where there are two.
	v, err := read(npyBytes(npyDict("<f8", false, "(2, 3)"), []float64{1, 2, 3, 4, 5, 6}))
	wantMatrix(t, v, err, 2, 3, 1, 2, 3, 4, 5, 6)
	v, err = read(npyBytes(npyDict("<f8", true, "(2, 3)"), []float64{1, 4, 2, 5, 3, 6}))
	wantMatrix(t, v, err, 2, 3, 1, 2, 3, 4, 5, 6)
	v, err = read(npyBytes(npyDict("<f4", false, "(3,)"), []float32{1, 2.5, -3}))
	wantMatrix(t, v, err, 3, 1, 1, 2.5, -3)
	if !v.Vector {
		t.Error("a 1-D array is not a Vector")
	}
	v, err = read(npyBytes(npyDict("<f2", false, "(4,)"), []uint16{0x3c00, 0xc000, 0x3555, 0x0001}))
	wantMatrix(t, v, err, 4, 1, 1, -2, 0.333251953125, math.Ldexp(1, -24))
	v, err = read(npyBytes(npyDict("<i8", true, "(2, 2)"), []int64{1, -3, 2, 1 << 40}))
	wantMatrix(t, v, err, 2, 2, 1, 2, -3, 1<<40)
	v, err = read(npyBytes(npyDict("<i4", false, "(1, 2)"), []int32{-7, 8}))
	wantMatrix(t, v, err, 1, 2, -7, 8)
	v, err = read(npyBytes(npyDict("<i2", false, "(2,)"), []int16{-7, 8}))
	wantMatrix(t, v, err, 2, 1, -7, 8)
	v, err = read(npyBytes(npyDict("|i1", false, "(2,)"), []int8{-7, 8}))
	wantMatrix(t, v, err, 2, 1, -7, 8)
	v, err = read(npyBytes(npyDict("|u1", false, "(2,)"), []uint8{255, 8}))
	wantMatrix(t, v, err, 2, 1, 255, 8)
	v, err = read(npyBytes(npyDict("<u2", false, "(1,)"), []uint16{65535}))
	wantMatrix(t, v, err, 1, 1, 65535)
	v, err = read(npyBytes(npyDict("<u4", false, "(1,)"), []uint32{1 << 31}))
	wantMatrix(t, v, err, 1, 1, 1<<31)
	v, err = read(npyBytes(npyDict("<u8", false, "(1,)"), []uint64{1 << 63}))
	wantMatrix(t, v, err, 1, 1, 1<<63)
	v, err = read(npyBytes(npyDict("|b1", false, "(3,)"), []uint8{1, 0, 1}))
	wantMatrix(t, v, err, 3, 1, 1, 0, 1)
	be := new(bytes.Buffer)
	binary.Write(be, binary.BigEndian, []float64{1.5, -2})
	v, err = read(npyBytes(npyDict(">f8", false, "(2,)"), be.Bytes()))
	wantMatrix(t, v, err, 2, 1, 1.5, -2)
	v, err = read(npyBytes(`{"shape": (), "fortran_order": False, "descr": "<f8"}`, []float64{7}))
	wantMatrix(t, v, err, 1, 1, 7)

	// Versions 2.0 and 3.0 have a 4-byte header length.
	h := npyDict("<f8", false, "(1, 2)") + "\n"
	for _, major := range []byte{2, 3} {
		var b bytes.Buffer
		b.WriteString("\x93NUMPY")
		b.Write([]byte{major, 0})
		binary.Write(&b, binary.LittleEndian, uint32(len(h)))
		b.WriteString(h)
		binary.Write(&b, binary.LittleEndian, []float64{3, 4})
		v, err = read(b.Bytes())
		wantMatrix(t, v, err, 1, 2, 3, 4)
	}

	f8 := func(shape string, data any) []byte { return npyBytes(npyDict("<f8", false, shape), data) }
	for _, c := range []struct {
		in   []byte
		want string
		kind ast.ErrorKind
	}{
		{f8("(3, 1)", []float64{1, 2}), "x.npy: the file holds 2 entries, but its shape (3, 1) needs 3", ast.BadInput},
		{f8("(3, 1)", []float64{1, 2, 3, 4}), "x.npy: the file holds 4 entries, but its shape (3, 1) needs 3", ast.BadInput},
		{f8("(3, 1)", nil), "x.npy: the file holds 0 entries, but its shape (3, 1) needs 3", ast.BadInput},
		{f8("(3, 1)", []byte("12345678abc")), "x.npy: the file holds 11 bytes of data, but its shape (3, 1) needs 3 entries of 8 bytes (24)", ast.BadInput},
		{f8("(2,)", []float64{1, math.Inf(-1)}), "x.npy: the entry at (2,1) is -Inf, not a finite number", ast.BadInput},
		{npyBytes(npyDict("<f8", true, "(2, 2)"), []float64{1, 2, math.NaN(), 4}), "x.npy: the entry at (1,2) is NaN, not a finite number", ast.BadInput},
		{f8("(100000, 100000)", nil), "x.npy: the shape (100000, 100000) has 10000000000 entries, more than the 16777216 a value may have", ast.BeyondReach},
		{f8("(4611686018427387904, 4611686018427387904)", nil), "entries, more than the 16777216 a value may have", ast.BeyondReach},
		{f8("(99999999999999999999999999,)", nil), "x.npy: the shape (99999999999999999999999999,) has 99999999999999999999999999 entries", ast.BeyondReach},
		{f8("(0, 3)", nil), "x.npy: the array is empty (shape (0, 3))", ast.BadInput},
		{f8("(1, 1, 2)", []float64{1, 2}), "x.npy: the array has 3 dimensions (shape (1, 1, 2)); a value is a matrix, of at most 2", ast.BadInput},
		{f8("(-1, 2)", nil), "x.npy: bad .npy header: the shape has '-' where a whole number belongs", ast.BadInput},
		{f8("(1))", nil), "x.npy: bad .npy header: expected ',' or '}' after the value of \"shape\" at ')'", ast.BadInput},
		{f8("(1 2)", nil), "x.npy: bad .npy header: expected ',' or ')' in the shape at '2'", ast.BadInput},
		{f8("[1, 2]", nil), "x.npy: bad .npy header: the shape is not a tuple such as (3, 2), but starts with '['", ast.BadInput},
		{npyBytes("{}", nil), "x.npy: bad .npy header: no 'descr'", ast.BadInput},
		{npyBytes("", nil), "x.npy: bad .npy header: it does not start with {", ast.BadInput},
		{npyBytes("{'descr': '<f8', 'fortran_order': False}", nil), "x.npy: bad .npy header: no 'shape'", ast.BadInput},
		{npyBytes("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", nil), `x.npy: bad .npy header: fortran_order is "0", not True or False`, ast.BadInput},
		{npyBytes("{'descr': '<f8', 'descr': '<f8'}", nil), `x.npy: bad .npy header: the key "descr" appears twice`, ast.BadInput},
		{npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", nil), `x.npy: bad .npy header: unknown key "extra"; a .npy header has descr, fortran_order and shape`, ast.BadInput},
		{npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", nil), "x.npy: bad .npy header: the element type (descr) is not a string such as '<f8'; arrays of records are not read", ast.BadInput},
		{npyBytes(npyDict("<c16", false, "(1,)"), nil), `x.npy: bad .npy header: unsupported element type "<c16"; use floats, integers or booleans`, ast.BadInput},
		{npyBytes(npyDict("<U3", false, "(1,)"), nil), `unsupported element type "<U3"`, ast.BadInput},
		{npyBytes(npyDict("O", false, "(1,)"), nil), `unsupported element type "O"`, ast.BadInput},
		{npyBytes(npyDict("<f8", false, "(1,)")+"junk", nil), "x.npy: bad .npy header: unexpected text after the closing }", ast.BadInput},
		{[]byte("\x93NUMPY\x01\x00\xff\x00{'descr'"), "x.npy: the .npy file ends inside its header", ast.BadInput},
		{[]byte("\x93NUMPY\x01"), "x.npy: the .npy file ends inside its header", ast.BadInput},
		{[]byte("\x93NUMPY\x02\x00\xff\xff\xff\xff"), "x.npy: the .npy header is 4294967295 bytes long; the header of an array of numbers is under 65536", ast.BadInput},
		{[]byte("\x93NUMPY\x09\x00"), "x.npy: unsupported .npy format version 9.0; versions 1.0, 2.0 and 3.0 are read", ast.BadInput},
		{[]byte("PK\x03\x04"), "x.npy: not a NumPy .npy file", ast.BadInput},
	} {
		_, err := read(c.in)
		wantErr(t, err, c.kind, c.want)
		// The same when the size of the input is known.
		_, err = defaults.readNPY(bytes.NewReader(c.in), "x.npy", int64(len(c.in)))
		wantErr(t, err, c.kind, c.want)
	}
}

func TestMatrixMarket(t *testing.T) {
	read := func(s string) (*Value, error) { return ReadMatrixMarket(strings.NewReader(s), "x.mtx") }
	const arr, coo = "%%MatrixMarket matrix array real general\n", "%%MatrixMarket matrix coordinate real general\n"
	v, err := read(arr + "% a comment\n2 3\n1\n4\n2 5\n3\n6\n")
	wantMatrix(t, v, err, 2, 3, 1, 2, 3, 4, 5, 6)
	v, err = read("%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n")
	wantMatrix(t, v, err, 2, 2, 1, 2, 2, 3)
	v, err = read(coo + "2 2 3\n1 1 1\n2 1 3\n2 1 1\n")
	wantMatrix(t, v, err, 2, 2, 1, 0, 4, 0)
	v, err = read("%%MatrixMarket matrix coordinate integer symmetric\n2 2 2\n1 1 1\n2 1 3\n")
	wantMatrix(t, v, err, 2, 2, 1, 3, 3, 0)
	v, err = read(coo + "3 1 0\n")
	wantMatrix(t, v, err, 3, 1, 0, 0, 0)

	for _, c := range []struct {
		in, want string
		kind     ast.ErrorKind
	}{
		{arr + "100000 100000\n1\n", "x.mtx:2: the size line declares a 100000×100000 matrix, 10000000000 entries, more than the 16777216 a value may have", ast.BeyondReach},
		{coo + "4611686018427387904 1 0\n", "x.mtx:2: the size line declares a 4611686018427387904×1 matrix, 4611686018427387904 entries, more than the 16777216 a value may have", ast.BeyondReach},
		{coo + "99999999999999999999999 99999999999999999999999 1\n", "x.mtx:2: the size line declares a 99999999999999999999999×99999999999999999999999 matrix", ast.BeyondReach},
		{arr + "2 2\n1\n2\n3\n", "x.mtx: the file has 3 entries, but the 2×2 matrix needs 4", ast.BadInput},
		{arr + "2 2\n1 2 3 4\n5 6\n", "x.mtx:4:1: the file has 6 entries, but the 2×2 matrix holds 4", ast.BadInput},
		{"%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n4\n", "x.mtx:6:1: the file has 4 entries, but the lower triangle of the 2×2 symmetric matrix holds 3", ast.BadInput},
		{arr + "2 2\n1\n2\n3\n1e-400\n", `x.mtx:6:1: "1e-400" is below the smallest float64`, ast.BadInput},
		{coo + "2 2 2\n1 1 1\n", "x.mtx: the file has 1 entry, but the size line says 2", ast.BadInput},
		{coo + "2 2 1\n1 1 1\n2 2 2\n2 1 2\n", "x.mtx: the file has 3 entries, but the size line says 1", ast.BadInput},
		{coo + "2 2 5\n", "x.mtx:2:5: the size line says 5 entries, more than the 2×2 matrix holds (4)", ast.BadInput},
		{coo + "2 2 1\n3 1 1\n", `x.mtx:3:1: "3" is not an index between 1 and 2`, ast.BadInput},
		{coo + "2 2 1\n1 1\n", `x.mtx:3: expected "row column value", found 2 entries`, ast.BadInput},
		{coo + "2 2 2\n1 1 1e308\n1 1 1e308\n", "x.mtx: the entries at (1,1) add up to +Inf, not a finite number", ast.BadInput},
		{arr + "2 -2\n", `x.mtx:2:3: "-2" is not a valid size`, ast.BadInput},
		{arr + "0 2\n", `x.mtx:2:1: "0" is not a valid size`, ast.BadInput},
		{arr + "2 1x\n", `x.mtx:2:3: "1x" is not a valid size`, ast.BadInput},
		{arr + "2\n", "x.mtx:2: expected the size line (2 whole numbers), found 1 entry", ast.BadInput},
		{arr, "x.mtx: no size line", ast.BadInput},
		{"%%MatrixMarket matrix array real symmetric\n2 3\n", "x.mtx:2: a symmetric matrix must be square, not 2×3", ast.BadInput},
		{"%%MatrixMarket matrix array complex general\n", `x.mtx:1: unsupported MatrixMarket field "complex"`, ast.BadInput},
		{"%%MatrixMarket matrix array real hermitian\n", `x.mtx:1: unsupported MatrixMarket symmetry "hermitian"`, ast.BadInput},
		{"%%MatrixMarket matrix list real general\n", `x.mtx:1: unknown MatrixMarket format "list"`, ast.BadInput},
		{"", "x.mtx:1: expected a MatrixMarket header such as", ast.BadInput},
	} {
		_, err := read(c.in)
		wantErr(t, err, c.kind, c.want)
	}
}

// ReadFile tells the formats apart by their first bytes, then by the
// extension.
func TestReadFile(t *testing.T) {
	v, err := ReadFile(write(t, "a.dat", npyBytes(npyDict("<f8", false, "(2,)"), []float64{1, 2})))
	wantMatrix(t, v, err, 2, 1, 1, 2)
	v, err = ReadFile(write(t, "a.txt", []byte("%%MatrixMarket matrix array real general\n1 1\n5\n")))
	wantMatrix(t, v, err, 1, 1, 5)
	v, err = ReadFile(write(t, "a.mtx", []byte("%%matrixmarket matrix array real general\n1 1\n5\n")))
	wantMatrix(t, v, err, 1, 1, 5)
	v, err = ReadFile(write(t, "a.csv", []byte("1,2\n")))
	wantMatrix(t, v, err, 1, 2, 1, 2)
	p := write(t, "a.npy", []byte("1,2\n"))
	_, err = ReadFile(p)
	wantErr(t, err, ast.BadInput, p+": not a NumPy .npy file")
	p = write(t, "a.mtx", []byte("1,2\n"))
	_, err = ReadFile(p)
	wantErr(t, err, ast.BadInput, p+":1: expected a MatrixMarket header")
	v, err = Read(strings.NewReader("%%MatrixMarket matrix array real general\n1 1\n5\n"), "stdin")
	wantMatrix(t, v, err, 1, 1, 5)
}

// Every format reads back what Write writes, exactly.
func TestWriteRead(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, -2.5, math.Pi, 1e-300, 5e-324, -1e300})
	for _, ext := range []string{".csv", ".txt", ".dat", ".tsv", ".npy", ".mtx"} {
		f, ok := FormatOf("out" + strings.ToUpper(ext))
		if !ok {
			t.Fatalf("FormatOf(%s)", ext)
		}
		var b bytes.Buffer
		if err := Write(&b, m, f); err != nil {
			t.Fatal(err)
		}
		if f == NPY && (b.Len()-6*8)%64 != 0 {
			t.Errorf(".npy: the data starts at %d, not a multiple of 64", b.Len()-6*8)
		}
		v, err := ReadFile(write(t, "out"+ext, b.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v\n%s", ext, err, b.String())
		}
		if !mat.Equal(v.M, m) {
			t.Errorf("%s reads back as\n%v", ext, mat.Formatted(v.M))
		}
	}
	if _, ok := FormatOf("out.xlsx"); ok {
		t.Error("FormatOf(.xlsx) is true")
	}
}

func BenchmarkReadText(b *testing.B) {
	var buf bytes.Buffer
	m := mat.NewDense(1000, 1000, nil)
	for i := range 1000 {
		for j := range 1000 {
			m.Set(i, j, float64(i*j)/7)
		}
	}
	Write(&buf, m, CSV)
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := defaults.readText(bytes.NewReader(buf.Bytes()), "x.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadNPY(b *testing.B) {
	var buf bytes.Buffer
	Write(&buf, mat.NewDense(1000, 1000, nil), NPY)
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := ReadNPY(bytes.NewReader(buf.Bytes()), "x.npy"); err != nil {
			b.Fatal(err)
		}
	}
}

var _ io.Reader = (*rows)(nil)

// Readers share nothing: many goroutines read the same files at once
// (run with -race).
func TestConcurrent(t *testing.T) {
	m := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	var paths []string
	for _, ext := range []string{".csv", ".npy", ".mtx"} {
		f, _ := FormatOf(ext)
		var b bytes.Buffer
		Write(&b, m, f)
		paths = append(paths, write(t, "m"+ext, b.Bytes()))
	}
	errs := make(chan error, 8*len(paths))
	for range 8 {
		go func() {
			for _, p := range paths {
				v, err := ReadFile(p)
				if err == nil && !mat.Equal(v.M, m) {
					err = fmt.Errorf("%s reads as %v", p, mat.Formatted(v.M))
				}
				errs <- err
			}
		}()
	}
	for range 8 * len(paths) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
