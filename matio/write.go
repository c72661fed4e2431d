package matio

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// A Format is a format of files of values that Write writes.
type Format int

// The formats.
const (
	CSV          Format = iota + 1 // comma-separated text
	Text                           // blank-separated text
	TSV                            // tab-separated text
	NPY                            // NumPy .npy, float64 in C order
	MatrixMarket                   // MatrixMarket array real general
)

// FormatOf returns the format the extension of path names: .csv, .txt or
// .dat, .tsv, .npy, .mtx; false for any other.
func FormatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, true
	case ".txt", ".dat":
		return Text, true
	case ".tsv":
		return TSV, true
	case ".npy":
		return NPY, true
	case ".mtx":
		return MatrixMarket, true
	}
	return 0, false
}

// Write writes m to w in format f, every entry at full precision (the
// shortest text that reads back as the same float64), so that ReadFile
// reads back exactly m.
func Write(w io.Writer, m mat.Matrix, f Format) error {
	bw := bufio.NewWriter(w)
	r, c := m.Dims()
	full := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch f {
	case CSV, Text, TSV:
		sep := map[Format]string{CSV: ",", Text: " ", TSV: "\t"}[f]
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if j > 0 {
					bw.WriteString(sep)
				}
				bw.WriteString(full(m.At(i, j)))
			}
			bw.WriteByte('\n')
		}
	case NPY:
		h := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", r, c)
		// numpy pads the header with spaces so that the data starts at a
		// multiple of 64 bytes.
		pad := 63 - (len(npyMagic)+4+len(h))%64
		h += strings.Repeat(" ", pad) + "\n"
		bw.WriteString(npyMagic + "\x01\x00")
		binary.Write(bw, binary.LittleEndian, uint16(len(h)))
		bw.WriteString(h)
		var b [8]byte
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(m.At(i, j)))
				bw.Write(b[:])
			}
		}
	case MatrixMarket:
		fmt.Fprintf(bw, "%%%%MatrixMarket matrix array real general\n%d %d\n", r, c)
		for j := 0; j < c; j++ {
			for i := 0; i < r; i++ {
				bw.WriteString(full(m.At(i, j)) + "\n")
			}
		}
	default:
		return fmt.Errorf("matio: unknown format %d", int(f))
	}
	return bw.Flush()
}
