package matio

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
)

// The fuzz targets read with small limits, so that an input can reach
// them. Their seed corpora are in testdata/fuzz; run one with
//
//	go test ./matio -run XXX -fuzz FuzzCSV -fuzztime 60s
var fuzzLimits = limits{maxEntries: 1 << 12, maxBytes: 1 << 16, maxLine: 1 << 12}

// checkRead wants either a clean *ast.Error or a finite matrix within the
// limits that reads back, once written in format f, as itself.
func checkRead(t *testing.T, v *Value, err error, f Format, read func([]byte) (*Value, error)) {
	t.Helper()
	if err != nil {
		var ae *ast.Error
		if !errors.As(err, &ae) {
			t.Fatalf("error %v (%T), not an *ast.Error", err, err)
		}
		checkClean(t, ae)
		return
	}
	r, c := v.M.Dims()
	if r < 1 || c < 1 || r*c > fuzzLimits.maxEntries {
		t.Fatalf("a %d×%d matrix", r, c)
	}
	if i, j, x, ok := nonFinite(v.M); ok {
		t.Fatalf("entry (%d,%d) is %v", i, j, x)
	}
	var b bytes.Buffer
	if err := Write(&b, v.M, f); err != nil {
		t.Fatal(err)
	}
	back, err := read(b.Bytes())
	if err != nil {
		t.Fatalf("%v reading back\n%s", err, b.Bytes())
	}
	if !mat.Equal(back.M, v.M) {
		t.Fatalf("reads back as\n%v\nnot\n%v", mat.Formatted(back.M), mat.Formatted(v.M))
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("1,2\n3,4\n"))
	read := func(data []byte) (*Value, error) { return fuzzLimits.readText(bytes.NewReader(data), "f.csv") }
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := read(data)
		checkRead(t, v, err, CSV, read)
		// Reading in two passes, as from a file, gives the same.
		v2, err2 := fuzzLimits.readTextFile(func() (io.Reader, error) { return bytes.NewReader(data), nil }, "f.csv")
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || (err == nil && !mat.Equal(v.M, v2.M)) {
			t.Fatalf("one pass: %v; two passes: %v", err, err2)
		}
	})
}

func FuzzNPY(f *testing.F) {
	f.Add(npyBytes(npyDict("<f8", false, "(2, 2)"), []float64{1, 2, 3, 4}))
	read := func(data []byte) (*Value, error) { return fuzzLimits.readNPY(bytes.NewReader(data), "f.npy", -1) }
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := read(data)
		checkRead(t, v, err, NPY, read)
		// Knowing the size of the input changes nothing but the memory.
		v2, err2 := fuzzLimits.readNPY(bytes.NewReader(data), "f.npy", int64(len(data)))
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || (err == nil && !mat.Equal(v.M, v2.M)) {
			t.Fatalf("streamed: %v; sized: %v", err, err2)
		}
	})
}

func FuzzMatrixMarket(f *testing.F) {
	f.Add([]byte("%%MatrixMarket matrix array real general\n2 1\n1\n2\n"))
	read := func(data []byte) (*Value, error) {
		return fuzzLimits.readMatrixMarket(bytes.NewReader(data), "f.mtx")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := read(data)
		checkRead(t, v, err, MatrixMarket, read)
	})
}
