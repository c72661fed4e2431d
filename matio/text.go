package matio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// newScanner returns a line scanner over r whose lines are at most
// lim.maxLine bytes long.
func (lim limits) newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(1<<16, lim.maxLine)), lim.maxLine)
	return sc
}

// scanErr words the error of a scanner that stopped after line ln.
func (lim limits) scanErr(name string, ln int, err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return beyond("%s:%d: the line is longer than %d bytes, the most a line of a file of values may have", name, ln+1, lim.maxLine)
	}
	return lim.readErr(name, err)
}

// readText reads CSV or whitespace-separated numbers, one row a line. A #
// starts a comment; blank lines are skipped. The entries are stored in a
// slice that doubles as it fills, up to the limit.
func (lim limits) readText(r io.Reader, name string) (*Value, error) {
	rows, cols, vals, err := lim.scanText(r, name, true, nil)
	if err != nil {
		return nil, err
	}
	return &Value{M: mat.NewDense(rows, cols, vals[:len(vals):len(vals)])}, nil
}

// readTextFile reads text from f in two passes: the first checks every
// entry and counts them without storing them, so that a file with too many
// entries costs no memory; the second stores them in a slice of the exact
// size. open returns the input from its start.
func (lim limits) readTextFile(open func() (io.Reader, error), name string) (*Value, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	rows, cols, _, err := lim.scanText(r, name, false, nil)
	if err != nil {
		return nil, err
	}
	if r, err = open(); err != nil {
		return nil, err
	}
	rows2, cols2, vals, err := lim.scanText(r, name, true, make([]float64, 0, rows*cols))
	if err != nil {
		return nil, err
	}
	if rows2 != rows || cols2 != cols {
		return nil, bad("%s: the file changed while it was read", name)
	}
	return &Value{M: mat.NewDense(rows, cols, vals)}, nil
}

// scanText reads text, checking every entry, the rows and the limit, and
// returns the number of rows and columns; if store, it appends the entries
// to vals and returns it.
func (lim limits) scanText(r io.Reader, name string, store bool, vals []float64) (rows, cols int, _ []float64, _ error) {
	sc := lim.newScanner(r)
	var fields []field
	cols, firstLine, ln, n := -1, 0, 0, 0
	for sc.Scan() {
		b := sc.Bytes()
		ln++
		if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
			return 0, 0, nil, bad("%s: not a text file (nor .npy or MatrixMarket)", name)
		}
		line := string(b)
		if ln == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields = splitFields(line, fields)
		if n+len(fields) > lim.maxEntries {
			return 0, 0, nil, beyond("%s:%d: row %d, of %s, takes the matrix past the %d entries a value may have", name, ln, rows+1, entries(len(fields)), lim.maxEntries)
		}
		n += len(fields)
		if need := len(vals) + len(fields); store && need > cap(vals) {
			// Double, up to the limit: fewer copies than append's growth.
			grown := make([]float64, len(vals), min(max(2*cap(vals), need, 1024), lim.maxEntries))
			copy(grown, vals)
			vals = grown
		}
		for _, f := range fields {
			x, err := ParseNumber(f.text)
			if err != nil {
				return 0, 0, nil, at(name, ln, col(line, f.off), err)
			}
			if store {
				vals = append(vals, x)
			}
		}
		if cols < 0 {
			cols, firstLine = len(fields), ln
		} else if len(fields) != cols {
			return 0, 0, nil, bad("%s:%d: ragged rows: this row has %s, but the first (line %d) has %d", name, ln, entries(len(fields)), firstLine, cols)
		}
		rows++
	}
	if err := sc.Err(); err != nil {
		return 0, 0, nil, lim.scanErr(name, ln, err)
	}
	if rows == 0 {
		return 0, 0, nil, bad("%s: no numbers in the file", name)
	}
	return rows, cols, vals, nil
}

// at puts a position before the message of err, an *ast.Error of
// ParseNumber.
func at(name string, line, col int, err error) error {
	e := err.(*ast.Error)
	return &ast.Error{Msg: fmt.Sprintf("%s:%d:%d: %s", name, line, col, e.Msg), Hint: e.Hint}
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

type field struct {
	text string
	off  int // byte offset in the line
}

// col returns the 1-based column, in runes, of the byte offset off of line.
func col(line string, off int) int {
	return utf8.RuneCountInString(line[:off]) + 1
}

// splitFields splits a line on commas (or semicolons) if it has any, on
// blanks (spaces and tabs) otherwise, appending the fields to out[:0].
// encoding/csv reads neither a mix of the two separators nor runs of
// blanks, and this is what the files of values have always been read as.
func splitFields(line string, out []field) []field {
	out = out[:0]
	blankSep := strings.IndexByte(line, ',') < 0 && strings.IndexByte(line, ';') < 0
	isSep := func(c byte) bool {
		if blankSep {
			return c == ' ' || c == '\t'
		}
		return c == ',' || c == ';'
	}
	start := 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) && !isSep(line[i]) {
			continue
		}
		a, b := start, i
		for a < b && (line[a] == ' ' || line[a] == '\t') {
			a++
		}
		for b > a && (line[b-1] == ' ' || line[b-1] == '\t') {
			b--
		}
		if a < b || !blankSep {
			out = append(out, field{line[a:b], a})
		}
		start = i + 1
	}
	return out
}

// ParseNumber reads an entry of a file of values: a float64, possibly in
// double quotes. An empty entry, a word, NaN, an infinity, a number too
// large for a float64 and a number so small that it would read as 0 (such
// as 1e-400) are errors (*ast.Error, without a position).
func ParseNumber(s string) (float64, error) {
	t := s
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if t == "" {
		return 0, bad("an empty entry")
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, bad("%q is out of the range of float64", s)
		}
		return 0, bad("%q is not a number", s)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, bad("%q is not a finite number", s)
	}
	if x == 0 && !zeroMantissa(t) {
		return 0, &ast.Error{Msg: fmt.Sprintf("%q is below the smallest float64 (about 4.9e-324) and would read as 0", s), Hint: "write 0 if 0 is meant"}
	}
	return x, nil
}

// zeroMantissa reports whether the number t, which ParseFloat read, has
// only zeros before its exponent: whether it is 0 rather than a number too
// small for a float64.
func zeroMantissa(t string) bool {
	t = strings.TrimLeft(t, "+-")
	digits, exp := "123456789", "eE"
	if len(t) >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		t, digits, exp = t[2:], "123456789abcdefABCDEF", "pP"
	}
	if i := strings.IndexAny(t, exp); i >= 0 {
		t = t[:i]
	}
	return !strings.ContainsAny(t, digits)
}
