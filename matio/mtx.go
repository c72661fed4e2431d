package matio

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// readMatrixMarket reads a MatrixMarket file: dense ("array") or sparse
// ("coordinate"), real or integer, general or symmetric. The size line is
// checked against the limit before the matrix is allocated, and the number
// of entries must be the number the size line calls for.
func (lim limits) readMatrixMarket(in io.Reader, name string) (*Value, error) {
	sc := lim.newScanner(in)
	ln := 0
	var line string // the current line
	var fields []field
	// next returns the next line that is not a comment or blank, and its
	// fields.
	next := func() ([]field, bool) {
		for sc.Scan() {
			ln++
			line = sc.Text()
			if strings.HasPrefix(line, "%") || strings.TrimSpace(line) == "" {
				continue
			}
			fields = splitFields(line, fields)
			return fields, true
		}
		return nil, false
	}
	stopped := func() error {
		if err := sc.Err(); err != nil {
			return lim.scanErr(name, ln, err)
		}
		return nil
	}

	if !sc.Scan() {
		if err := stopped(); err != nil {
			return nil, err
		}
	}
	ln++
	header := strings.Fields(strings.ToLower(sc.Text()))
	if len(header) != 5 || header[0] != "%%matrixmarket" || header[1] != "matrix" {
		return nil, bad("%s:1: expected a MatrixMarket header such as %q", name, "%%MatrixMarket matrix array real general")
	}
	layout, kind, sym := header[2], header[3], header[4]
	if layout != "array" && layout != "coordinate" {
		return nil, bad("%s:1: unknown MatrixMarket format %q; expected array or coordinate", name, layout)
	}
	if kind != "real" && kind != "integer" && kind != "double" {
		return nil, bad("%s:1: unsupported MatrixMarket field %q; only real and integer are", name, kind)
	}
	if sym != "general" && sym != "symmetric" {
		return nil, bad("%s:1: unsupported MatrixMarket symmetry %q; only general and symmetric are", name, sym)
	}

	size, ok := next()
	if !ok {
		if err := stopped(); err != nil {
			return nil, err
		}
		return nil, bad("%s: no size line", name)
	}
	want := 2
	if layout == "coordinate" {
		want = 3
	}
	if len(size) != want {
		return nil, bad("%s:%d: expected the size line (%d whole numbers), found %s", name, ln, want, entries(len(size)))
	}
	var nums [3]*big.Int
	for i, f := range size {
		v, ok := wholeNumber(f.text)
		if !ok || (i < 2 && v.Sign() == 0) {
			return nil, bad("%s:%d:%d: %q is not a valid size", name, ln, col(line, f.off), f.text)
		}
		nums[i] = v
	}
	total := new(big.Int).Mul(nums[0], nums[1])
	if total.Cmp(big.NewInt(int64(lim.maxEntries))) > 0 {
		return nil, beyond("%s:%d: the size line declares a %s×%s matrix, %s entries, more than the %d a value may have", name, ln, nums[0], nums[1], total, lim.maxEntries)
	}
	r, c := int(nums[0].Int64()), int(nums[1].Int64())
	if sym == "symmetric" && r != c {
		return nil, bad("%s:%d: a symmetric matrix must be square, not %d×%d", name, ln, r, c)
	}
	// The entries the file must give: all, or the lower triangle.
	need := r * c
	what := fmt.Sprintf("the %d×%d matrix", r, c)
	if sym == "symmetric" {
		need = r * (r + 1) / 2
		what = fmt.Sprintf("the lower triangle of the %d×%d symmetric matrix", r, c)
	}
	m := mat.NewDense(r, c, nil)

	if layout == "array" {
		// Column-major; symmetric gives the lower triangle.
		i, j, k := 0, 0, 0
		extra := [2]int{} // where the first entry too many is
		for {
			fields, ok := next()
			if !ok {
				break
			}
			for _, f := range fields {
				if k >= need {
					if k == need {
						extra = [2]int{ln, col(line, f.off)}
					}
					k++
					continue
				}
				x, err := ParseNumber(f.text)
				if err != nil {
					return nil, at(name, ln, col(line, f.off), err)
				}
				m.Set(i, j, x)
				if sym == "symmetric" {
					m.Set(j, i, x)
				}
				k++
				if i++; i == r {
					j++
					i = j
					if sym == "general" {
						i = 0
					}
				}
			}
		}
		if err := stopped(); err != nil {
			return nil, err
		}
		if k > need {
			return nil, bad("%s:%d:%d: the file has %d entries, but %s holds %d", name, extra[0], extra[1], k, what, need)
		}
		if k < need {
			return nil, bad("%s: the file has %s, but %s needs %d", name, entries(k), what, need)
		}
		return &Value{M: m}, nil
	}

	nnz := nums[2]
	if nnz.Cmp(big.NewInt(int64(need))) > 0 {
		return nil, bad("%s:%d:%d: the size line says %s entries, more than %s holds (%d)", name, ln, col(line, size[2].off), nnz, what, need)
	}
	n := int(nnz.Int64())
	k := 0
	for {
		fields, ok := next()
		if !ok {
			break
		}
		k++
		if k > n {
			continue // counted, for the message
		}
		if len(fields) != 3 {
			return nil, bad("%s:%d: expected \"row column value\", found %s", name, ln, entries(len(fields)))
		}
		var ij [2]int
		for t, bound := range [2]int{r, c} {
			f := fields[t]
			v, err := strconv.Atoi(f.text)
			if err != nil || v < 1 || v > bound {
				return nil, bad("%s:%d:%d: %q is not an index between 1 and %d", name, ln, col(line, f.off), f.text, bound)
			}
			ij[t] = v - 1
		}
		x, err := ParseNumber(fields[2].text)
		if err != nil {
			return nil, at(name, ln, col(line, fields[2].off), err)
		}
		m.Set(ij[0], ij[1], m.At(ij[0], ij[1])+x)
		if sym == "symmetric" && ij[0] != ij[1] {
			m.Set(ij[1], ij[0], m.At(ij[1], ij[0])+x)
		}
	}
	if err := stopped(); err != nil {
		return nil, err
	}
	if k != n {
		return nil, bad("%s: the file has %s, but the size line says %d", name, entries(k), n)
	}
	if i, j, x, ok := nonFinite(m); ok {
		return nil, bad("%s: the entries at (%d,%d) add up to %v, not a finite number", name, i+1, j+1, x)
	}
	return &Value{M: m}, nil
}

// wholeNumber reads a size: decimal digits only.
func wholeNumber(s string) (*big.Int, bool) {
	if s == "" || len(s) > 1000 || strings.Trim(s, "0123456789") != "" {
		return nil, false
	}
	v, ok := new(big.Int).SetString(s, 10)
	return v, ok
}
