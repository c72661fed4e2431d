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
// starts a comment; blank lines are skipped. size is the length of the
// input, or -1: it only sizes the first allocation.
func (lim limits) readText(r io.Reader, name string, size int64) (*Value, error) {
	sc := lim.newScanner(r)
	var vals []float64
	cols, rows, firstLine := -1, 0, 0
	var read int64 // bytes read so far
	ln := 0
	for sc.Scan() {
		b := sc.Bytes()
		ln++
		read += int64(len(b)) + 1
		if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
			return nil, bad("%s: not a text file (nor .npy or MatrixMarket)", name)
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
		fields := splitFields(line)
		if len(vals)+len(fields) > lim.maxEntries {
			return nil, beyond("%s:%d: row %d, of %s, takes the matrix past the %d entries a value may have", name, ln, rows+1, entries(len(fields)), lim.maxEntries)
		}
		for _, f := range fields {
			x, err := ParseNumber(f.text)
			if err != nil {
				return nil, at(name, ln, f.col, err)
			}
			vals = append(vals, x)
		}
		if cols < 0 {
			cols, firstLine = len(fields), ln
			if size > read && cols > 0 {
				// Room for as many rows as the rest of the file holds if
				// they are as long as this one, within the limit.
				est := (size-read)/int64(len(b)+1) + 1
				n := min(int64(lim.maxEntries), est*int64(cols)+int64(cols))
				vals = append(make([]float64, 0, n), vals...)
			}
		} else if len(fields) != cols {
			return nil, bad("%s:%d: ragged rows: this row has %s, but the first (line %d) has %d", name, ln, entries(len(fields)), firstLine, cols)
		}
		rows++
	}
	if err := sc.Err(); err != nil {
		return nil, lim.scanErr(name, ln, err)
	}
	if rows == 0 {
		return nil, bad("%s: no numbers in the file", name)
	}
	return &Value{M: mat.NewDense(rows, cols, vals[:len(vals):len(vals)])}, nil
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
	col  int // 1-based column, in runes
}

// splitFields splits a line on commas (or semicolons) if it has any, on
// blanks (spaces and tabs) otherwise. encoding/csv reads neither a mix of
// the two separators nor runs of blanks, and this is what the files of
// values have always been read as.
func splitFields(line string) []field {
	sep := func(r rune) bool { return r == ' ' || r == '\t' }
	blankSep := !strings.ContainsAny(line, ",;")
	if !blankSep {
		sep = func(r rune) bool { return r == ',' || r == ';' }
	}
	var out []field
	col, start, startCol := 1, 0, 1
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
