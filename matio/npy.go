package matio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

const npyMagic = "\x93NUMPY"

// maxNpyHeader is the longest .npy header read: numpy writes the header of
// an array of numbers in well under a hundred bytes.
const maxNpyHeader = 1 << 16

// npyHeader is what the header of a .npy file says.
type npyHeader struct {
	descr   string
	fortran bool
	dims    []string // the shape, as written: whole numbers
	shape   []int    // the shape, once checked against the limit
	kind    byte     // 'f', 'i', 'u' or 'b'
	size    int      // bytes of an entry
	order   binary.ByteOrder
}

// readNPY reads a NumPy array of 0, 1 or 2 dimensions, of floats, integers
// or booleans. A 1-D array is a column (and Vector says so). The shape is
// checked against the limit before anything is allocated, and the data
// must hold exactly the entries the shape needs: if size, the length of
// the input, is known (not -1), before any is read.
func (lim limits) readNPY(r io.Reader, name string, size int64) (*Value, error) {
	var pre [10]byte
	if n, err := io.ReadFull(r, pre[:8]); err != nil || string(pre[:6]) != npyMagic {
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, lim.readErr(name, err)
		}
		if n < 6 || string(pre[:6]) != npyMagic {
			return nil, bad("%s: not a NumPy .npy file", name)
		}
		return nil, bad("%s: the .npy file ends inside its header", name)
	}
	major, minor := pre[6], pre[7]
	var hlen int
	pos := int64(10) // where the header starts
	switch major {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, lim.npyShort(name, err)
		}
		hlen = int(binary.LittleEndian.Uint16(pre[8:10]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, lim.npyShort(name, err)
		}
		pos = 12
		n := binary.LittleEndian.Uint32(b[:])
		if n > maxNpyHeader {
			return nil, bad("%s: the .npy header is %d bytes long; the header of an array of numbers is under %d", name, n, maxNpyHeader)
		}
		hlen = int(n)
	default:
		return nil, bad("%s: unsupported .npy format version %d.%d; versions 1.0, 2.0 and 3.0 are read", name, major, minor)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, lim.npyShort(name, err)
	}
	h, err := parseNpyHeader(string(hb))
	if err != nil {
		return nil, bad("%s: bad .npy header: %s", name, err.Error())
	}

	// The shape: no more entries than the limit, and not empty.
	total := big.NewInt(1)
	for _, d := range h.dims {
		v, _ := new(big.Int).SetString(d, 10)
		total.Mul(total, v)
	}
	if total.Sign() == 0 {
		return nil, bad("%s: the array is empty (shape %s)", name, shapeString(h.dims))
	}
	if total.Cmp(big.NewInt(int64(lim.maxEntries))) > 0 {
		return nil, beyond("%s: the shape %s has %s entries, more than the %d a value may have", name, shapeString(h.dims), total, lim.maxEntries)
	}
	for _, d := range h.dims {
		v, _ := strconv.Atoi(d)
		h.shape = append(h.shape, v)
	}
	n := int(total.Int64())

	var rows, cols int
	var vector bool
	switch len(h.shape) {
	case 0:
		rows, cols = 1, 1
	case 1:
		rows, cols, vector = h.shape[0], 1, true
	case 2:
		rows, cols = h.shape[0], h.shape[1]
	default:
		return nil, bad("%s: the array has %d dimensions (shape %s); a value is a matrix, of at most 2", name, len(h.shape), shapeString(h.dims))
	}

	// The data: if the size of the input tells how much there is, it must
	// be what the shape needs, and the entries are read into a slice of
	// that size; otherwise the slice grows with what is read, so that
	// memory follows what the input holds, not what its header claims.
	capacity := min(n, 1<<13)
	if size >= 0 {
		if got := size - pos - int64(hlen); got != int64(n)*int64(h.size) {
			return nil, npyCount(name, h, max(got, 0), n)
		}
		capacity = n
	}
	vals := make([]float64, 0, capacity)
	buf := make([]byte, h.size*min(n, 1<<13))
	got := 0 // bytes of data
	for len(vals) < n {
		k, err := io.ReadFull(r, buf[:h.size*min(n-len(vals), len(buf)/h.size)])
		got += k
		if len(vals)+k/h.size > cap(vals) {
			grown := make([]float64, len(vals), min(2*cap(vals), n))
			copy(grown, vals)
			vals = grown
		}
		for i := 0; i+h.size <= k; i += h.size {
			vals = append(vals, h.decode(buf[i:i+h.size]))
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, npyCount(name, h, int64(got), n)
			}
			return nil, lim.readErr(name, err)
		}
	}
	// Nothing may follow.
	more, err := io.Copy(io.Discard, r)
	if err != nil {
		return nil, lim.readErr(name, err)
	}
	if more > 0 {
		return nil, npyCount(name, h, int64(got)+more, n)
	}

	for i, x := range vals {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			var row, col int
			if h.fortran {
				row, col = i%rows, i/rows
			} else {
				row, col = i/cols, i%cols
			}
			return nil, bad("%s: the entry at (%d,%d) is %v, not a finite number", name, row+1, col+1, x)
		}
	}
	var m *mat.Dense
	if h.fortran && rows > 1 && cols > 1 {
		m = mat.NewDense(rows, cols, nil)
		for i, x := range vals {
			m.Set(i%rows, i/rows, x)
		}
	} else {
		m = mat.NewDense(rows, cols, vals)
	}
	return &Value{M: m, Vector: vector}, nil
}

// npyShort words a read error inside the header.
func (lim limits) npyShort(name string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return bad("%s: the .npy file ends inside its header", name)
	}
	return lim.readErr(name, err)
}

// npyCount says that the data of a .npy file, got bytes, is not the n
// entries its shape needs.
func npyCount(name string, h *npyHeader, got int64, n int) error {
	if size := int64(h.size); got%size == 0 {
		return bad("%s: the file holds %s, but its shape %s needs %d", name, entries(int(got/size)), shapeString(h.dims), n)
	}
	return bad("%s: the file holds %d bytes of data, but its shape %s needs %d entries of %d bytes (%d)", name, got, shapeString(h.dims), n, h.size, n*h.size)
}

// shapeString writes a shape as Python does: (), (3,), (3, 2).
func shapeString(parts []string) string {
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// decode reads one entry.
func (h *npyHeader) decode(b []byte) float64 {
	switch h.kind {
	case 'b':
		if b[0] != 0 {
			return 1
		}
		return 0
	case 'u':
		switch h.size {
		case 1:
			return float64(b[0])
		case 2:
			return float64(h.order.Uint16(b))
		case 4:
			return float64(h.order.Uint32(b))
		}
		return float64(h.order.Uint64(b))
	case 'i':
		switch h.size {
		case 1:
			return float64(int8(b[0]))
		case 2:
			return float64(int16(h.order.Uint16(b)))
		case 4:
			return float64(int32(h.order.Uint32(b)))
		}
		return float64(int64(h.order.Uint64(b)))
	}
	switch h.size {
	case 2:
		return half(h.order.Uint16(b))
	case 4:
		return float64(math.Float32frombits(h.order.Uint32(b)))
	}
	return math.Float64frombits(h.order.Uint64(b))
}

// half converts an IEEE 754 half-precision number.
func half(u uint16) float64 {
	sign := 1.0
	if u&0x8000 != 0 {
		sign = -1
	}
	exp := int(u>>10) & 0x1f
	frac := float64(u & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// parseNpyHeader reads the header of a .npy file: a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), } padded with
// spaces and ended by a newline. The three keys, and no other, must be
// there.
func parseNpyHeader(s string) (*npyHeader, error) {
	if !utf8.ValidString(s) {
		return nil, errors.New("it is not text")
	}
	p := &pyLexer{s: s}
	if !p.punct('{') {
		return nil, errors.New("it does not start with {")
	}
	h := &npyHeader{}
	seen := map[string]bool{}
	for !p.punct('}') {
		key, ok := p.str()
		if !ok {
			return nil, fmt.Errorf("expected a key in quotes %s", p.where())
		}
		if seen[key] {
			return nil, fmt.Errorf("the key %q appears twice", key)
		}
		seen[key] = true
		if !p.punct(':') {
			return nil, fmt.Errorf("expected ':' after %q", key)
		}
		switch key {
		case "descr":
			d, ok := p.str()
			if !ok {
				return nil, errors.New("the element type (descr) is not a string such as '<f8'; arrays of records are not read")
			}
			h.descr = d
		case "fortran_order":
			switch w := p.word(); w {
			case "True":
				h.fortran = true
			case "False":
			default:
				return nil, fmt.Errorf("fortran_order is %s, not True or False", quoteOr(w, p))
			}
		case "shape":
			dims, err := p.tuple()
			if err != nil {
				return nil, err
			}
			h.dims = dims
		default:
			return nil, fmt.Errorf("unknown key %q; a .npy header has descr, fortran_order and shape", key)
		}
		if !p.punct(',') {
			if !p.punct('}') {
				return nil, fmt.Errorf("expected ',' or '}' after the value of %q %s", key, p.where())
			}
			break
		}
	}
	p.space()
	if p.i != len(s) {
		return nil, fmt.Errorf("unexpected text after the closing }")
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return nil, fmt.Errorf("no '%s'", k)
		}
	}
	if err := h.parseDescr(); err != nil {
		return nil, err
	}
	return h, nil
}

// parseDescr reads the element type: a byte order (<, >, | or =), a kind
// and a size, such as '<f8'.
func (h *npyHeader) parseDescr() error {
	d := h.descr
	h.order = binary.LittleEndian
	if d != "" && strings.ContainsRune("<>|=", rune(d[0])) {
		if d[0] == '>' {
			h.order = binary.BigEndian
		} else if d[0] == '=' {
			h.order = binary.NativeEndian
		}
		d = d[1:]
	}
	unsupported := fmt.Errorf("unsupported element type %q; use floats, integers or booleans", h.descr)
	if len(d) < 2 {
		return unsupported
	}
	h.kind = d[0]
	size, err := strconv.Atoi(d[1:])
	if err != nil {
		return unsupported
	}
	h.size = size
	ok := false
	switch h.kind {
	case 'f':
		ok = size == 2 || size == 4 || size == 8
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		ok = size == 1
	}
	if !ok {
		return unsupported
	}
	return nil
}

// pyLexer reads the tokens of a Python literal.
type pyLexer struct {
	s string
	i int
}

func (p *pyLexer) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *pyLexer) where() string {
	p.space()
	if p.i >= len(p.s) {
		return "at the end"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return fmt.Sprintf("at %q", r)
}

// punct reads the character c if it comes next.
func (p *pyLexer) punct(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string in single or double quotes (without escapes, which
// no key or element type needs).
func (p *pyLexer) str() (string, bool) {
	p.space()
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", false
	}
	q := p.s[p.i]
	j := strings.IndexByte(p.s[p.i+1:], q)
	if j < 0 {
		return "", false
	}
	v := p.s[p.i+1 : p.i+1+j]
	if strings.ContainsRune(v, '\\') {
		return "", false
	}
	p.i += j + 2
	return v, true
}

// word reads a run of letters, digits and underscores.
func (p *pyLexer) word() string {
	p.space()
	j := p.i
	for j < len(p.s) && (p.s[j] == '_' || ('a' <= p.s[j] && p.s[j] <= 'z') || ('A' <= p.s[j] && p.s[j] <= 'Z') || ('0' <= p.s[j] && p.s[j] <= '9')) {
		j++
	}
	w := p.s[p.i:j]
	p.i = j
	return w
}

// quoteOr quotes the word w, or if it is empty, what comes next.
func quoteOr(w string, p *pyLexer) string {
	if w != "" {
		return strconv.Quote(w)
	}
	p.space()
	if p.i >= len(p.s) {
		return "nothing"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

// tuple reads a shape: a tuple of whole numbers, (), (3,) or (3, 2).
func (p *pyLexer) tuple() ([]string, error) {
	if !p.punct('(') {
		return nil, fmt.Errorf("the shape is not a tuple such as (3, 2), but starts with %s", quoteOr("", p))
	}
	shape := []string{}
	for !p.punct(')') {
		w := p.word()
		w = strings.TrimSuffix(w, "L") // Python 2 long integers
		if w == "" || strings.Trim(w, "0123456789") != "" {
			return nil, fmt.Errorf("the shape has %s where a whole number belongs", quoteOr(w, p))
		}
		if len(shape) == 32 || len(w) > 100 {
			return nil, errors.New("the shape has more than 32 dimensions, or a dimension of more than 100 digits")
		}
		w = strings.TrimLeft(w, "0")
		if w == "" {
			w = "0"
		}
		shape = append(shape, w)
		if !p.punct(',') {
			if !p.punct(')') {
				return nil, fmt.Errorf("expected ',' or ')' in the shape %s", p.where())
			}
			break
		}
	}
	return shape, nil
}
