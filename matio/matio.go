package matio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
)

// MaxEntries is the most entries a value read from a file may have: the
// limit of values that eval computes and of random values
// (numeric.MaxEntries, 2^24).
const MaxEntries = numeric.MaxEntries

// MaxBytes is the longest file ReadFile reads: 16 bytes for each of
// MaxEntries entries (256 MiB).
const MaxBytes = 16 * MaxEntries

// MaxLine is the longest line of a text or MatrixMarket file (64 MiB).
const MaxLine = 1 << 26

// A Value is a matrix read from a file.
type Value struct {
	M      *mat.Dense
	Vector bool // a 1-D .npy array, which fits a row as well as the column M is
}

// limits are the bounds of a reader; the fuzz tests use smaller ones.
type limits struct {
	maxEntries int
	maxBytes   int64
	maxLine    int
}

var defaults = limits{maxEntries: MaxEntries, maxBytes: MaxBytes, maxLine: MaxLine}

// bad returns a bad-input error.
func bad(format string, args ...any) *ast.Error {
	return &ast.Error{Msg: fmt.Sprintf(format, args...)}
}

// beyond returns an error for a file or shape beyond the limits.
func beyond(format string, args ...any) *ast.Error {
	return &ast.Error{Msg: fmt.Sprintf(format, args...), Kind: ast.BeyondReach}
}

// CheckFile returns an error unless path names a regular file that exists,
// can be opened for reading and is no longer than MaxBytes: a directory, a
// device (/dev/zero), a named pipe or a socket is refused without being
// opened. ReadFile makes the same checks; CheckFile lets a caller word
// these errors of the file system apart from those of its contents.
func CheckFile(path string) error {
	f, err := defaults.open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

// open opens the regular file path for reading, and returns its size.
func (lim limits) open(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, bad("%s", fileErr(path, err))
	}
	if err := checkInfo(path, fi, lim); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the file have become a named pipe since the
	// Stat, opening it does not wait for a writer; it is then refused.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, bad("%s", fileErr(path, err))
	}
	if fi, err = f.Stat(); err == nil {
		err = checkInfo(path, fi, lim)
	} else {
		err = bad("%s", fileErr(path, err))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func checkInfo(path string, fi fs.FileInfo, lim limits) error {
	mode := fi.Mode()
	if !mode.IsRegular() {
		what := "not a regular file"
		hint := "give a file of values: .csv, .txt, .npy or .mtx"
		switch {
		case mode.IsDir():
			what = "a directory, not a file"
		case mode&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO), not a regular file"
			hint = "save what it gives to a file, and give that file"
		case mode&fs.ModeSocket != 0:
			what = "a socket, not a regular file"
		case mode&fs.ModeDevice != 0:
			what = "a device, not a regular file"
		}
		return &ast.Error{Msg: fmt.Sprintf("%s is %s", path, what), Hint: hint}
	}
	if fi.Size() > lim.maxBytes {
		return tooLong(path, fi.Size(), lim)
	}
	return nil
}

func tooLong(path string, size int64, lim limits) error {
	if size < 0 {
		return beyond("%s is longer than %d bytes, the most a file of values may have (16 for each of the %d entries a value may have)", path, lim.maxBytes, lim.maxEntries)
	}
	return beyond("%s has %d bytes, more than the %d a file of values may have (16 for each of the %d entries a value may have)", path, size, lim.maxBytes, lim.maxEntries)
}

// fileErr words an error of the file system without the operation:
// "a.csv: no such file or directory".
func fileErr(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return path + ": " + err.Error()
}

// ReadFile reads the matrix in the file path. The format is a NumPy .npy
// file if the file starts as one does, a MatrixMarket file if it starts
// with %%MatrixMarket or its name ends in .mtx, and text otherwise (see
// the package documentation); a file whose name ends in .npy must be a
// NumPy file.
//
// Only regular files are read (see CheckFile), and at most MaxBytes bytes
// of them: a file that is longer when read than its size said is refused
// as soon as the limit is passed.
func ReadFile(path string) (*Value, error) {
	return defaults.readFile(path)
}

func (lim limits) readFile(path string) (*Value, error) {
	f, err := lim.open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, bad("%s", fileErr(path, err))
	}
	size := fi.Size()
	if size == 0 {
		size = -1 // a file of /proc says 0, whatever it holds
	}
	ext := strings.ToLower(filepath.Ext(path))
	return lim.read(f, path, ext, f, size)
}

// Read reads a matrix from r, in the format its first bytes show: NumPy
// if r starts with the .npy magic string, MatrixMarket if it starts with
// %%MatrixMarket, text otherwise. name names the input in messages. Read
// reads at most MaxBytes bytes of r.
func Read(r io.Reader, name string) (*Value, error) {
	return defaults.read(r, name, "", nil, -1)
}

// read reads r after its format; ext is the extension of its name, or "".
// If rs is not nil, r is rs, and a text is read in two passes; size is the
// length of r, or -1.
func (lim limits) read(r io.Reader, name, ext string, rs io.ReadSeeker, size int64) (*Value, error) {
	br := bufio.NewReaderSize(&limitReader{r: r, n: lim.maxBytes}, 1<<16)
	head, _ := br.Peek(len("%%MatrixMarket"))
	switch {
	case bytes.HasPrefix(head, []byte(npyMagic)):
		return lim.readNPY(br, name, size)
	case ext == ".npy":
		return nil, bad("%s: not a NumPy .npy file", name)
	case bytes.HasPrefix(head, []byte("%%MatrixMarket")) || ext == ".mtx":
		return lim.readMatrixMarket(br, name)
	}
	if rs == nil {
		return lim.readText(br, name)
	}
	first := true
	return lim.readTextFile(func() (io.Reader, error) {
		if first {
			first = false
			return br, nil
		}
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			return nil, lim.readErr(name, err)
		}
		return &limitReader{r: rs, n: lim.maxBytes}, nil
	}, name)
}

// ReadText reads a matrix in text from r (see the package documentation);
// name names the input in messages. It reads at most MaxBytes bytes of r.
func ReadText(r io.Reader, name string) (*Value, error) {
	return defaults.readText(&limitReader{r: r, n: defaults.maxBytes}, name)
}

// ReadNPY reads a NumPy .npy array from r; name names the input in
// messages. It reads at most MaxBytes bytes of r.
func ReadNPY(r io.Reader, name string) (*Value, error) {
	return defaults.readNPY(&limitReader{r: r, n: defaults.maxBytes}, name, -1)
}

// ReadMatrixMarket reads a MatrixMarket matrix from r; name names the
// input in messages. It reads at most MaxBytes bytes of r.
func ReadMatrixMarket(r io.Reader, name string) (*Value, error) {
	return defaults.readMatrixMarket(&limitReader{r: r, n: defaults.maxBytes}, name)
}

// errTooLong is what limitReader returns past its limit.
var errTooLong = errors.New("longer than the limit")

// limitReader reads at most n bytes of r, and then fails with errTooLong
// if r has more.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// One byte more tells whether r ends here; a reader that keeps
		// returning nothing is taken to end.
		var one [1]byte
		for range 100 {
			k, err := l.r.Read(one[:])
			if k > 0 {
				return 0, errTooLong
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

// readErr words an error of reading name.
func (lim limits) readErr(name string, err error) error {
	if errors.Is(err, errTooLong) {
		return tooLong(name, -1, lim)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return bad("%s: %s", name, pe.Err.Error())
	}
	return bad("%s: cannot read: %s", name, err.Error())
}

// nonFinite returns the first NaN or infinite entry of m.
func nonFinite(m *mat.Dense) (i, j int, x float64, ok bool) {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if x := m.At(i, j); math.IsNaN(x) || math.IsInf(x, 0) {
				return i, j, x, true
			}
		}
	}
	return 0, 0, 0, false
}
