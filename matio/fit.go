package matio

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/matdiff/matdiff/ast"
)

// A Binding is the value given to a name of an expression.
type Binding struct {
	Name   string     // the name
	Src    string     // where the value comes from, for messages: a file name, or for a Number how it was given ("--set alpha=0.5")
	M      *mat.Dense // the value
	Vector bool       // a 1-D array (Value.Vector), which fits a row as well as a column
	Number bool       // a number rather than a file: it fits a scalar only
}

// Fit checks that the value of each binding has the shape of its name in
// info, and finds the size of every dimension name the values determine,
// starting from fixed (sizes given otherwise, such as --dims). A dimension
// of a product of names (n*m) is found once all but one of its names are.
// The value of a name declared symmetric must be symmetric (to 1e-12,
// relative).
//
// Every binding must name a name of info, and no name may have two.
// Fit returns the sizes, fixed ones included, and the values by name: a
// Vector bound to a row is transposed (a copy); the others are the
// matrices of bs. It changes neither bs nor fixed.
func Fit(info *ast.Info, bs []Binding, fixed map[string]int) (map[string]int, map[string]*mat.Dense, error) {
	dims := map[string]int{}
	from := map[string]string{}
	fromVal := map[string]int{} // the binding a dimension came from
	for n, v := range fixed {
		dims[n] = v
		from[n] = "--dims"
	}
	vals := map[string]*mat.Dense{}
	seen := map[string]bool{}
	type pending struct {
		b    int // index in bs
		d    ast.Dim
		size int
	}
	var todo []pending
	for k := range bs {
		v := &bs[k]
		shape, ok := info.Name(v.Name)
		if !ok {
			return nil, nil, &ast.Error{Msg: fmt.Sprintf("%s (%s) does not occur in the expression", v.Name, v.Src)}
		}
		if seen[v.Name] {
			return nil, nil, &ast.Error{Msg: fmt.Sprintf("%s is given two values", v.Name)}
		}
		seen[v.Name] = true
		m := v.M
		r, c := m.Dims()
		if v.Vector && shape.IsRow() && !shape.IsColumn() {
			m = mat.DenseCopyOf(m.T())
			r, c = c, r
		}
		vals[v.Name] = m
		mismatch := func() error {
			got := fmt.Sprintf("%s holds a %d×%d matrix", v.Src, r, c)
			if v.Number {
				got = v.Src + " gives a scalar"
			}
			e := &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s", v.Name, shape, got)}
			if r == c || r*c == 0 {
				return e
			}
			if fits(shape.T(), r, c) {
				e.Hint = "its transpose would fit"
			}
			return e
		}
		if v.Number && !shape.IsScalar() {
			return nil, nil, mismatch()
		}
		if !fits(shape, r, c) {
			return nil, nil, mismatch()
		}
		todo = append(todo, pending{k, shape.Rows, r}, pending{k, shape.Cols, c})
	}
	// Resolve dimensions until nothing changes: a product of names is
	// resolved once all but one of its names are.
	for progress := true; progress; {
		progress = false
		rest := todo[:0]
		for _, p := range todo {
			v := &bs[p.b]
			n := p.d.N
			var open []string
			for _, name := range p.d.Names {
				if s, ok := dims[name]; ok {
					n *= s
				} else {
					open = append(open, name)
				}
			}
			r, c := vals[v.Name].Dims()
			shape, _ := info.Name(v.Name)
			switch {
			case len(open) == 0:
				if n != p.size && len(p.d.Names) == 1 && boundBy(fromVal, p.d.Names[0], p.b) {
					return nil, nil, &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix", v.Name, shape, v.Src, r, c)}
				}
				if n != p.size {
					return nil, nil, dimConflict(p.d, p.size, v, shape, r, c, dims, from)
				}
			case len(open) == 1:
				if p.size%n != 0 {
					return nil, nil, &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix", v.Name, shape, v.Src, r, c)}
				}
				dims[open[0]] = p.size / n
				from[open[0]] = fmt.Sprintf("%s (%s, %d×%d)", v.Name, v.Src, r, c)
				fromVal[open[0]] = p.b
				progress = true
			default:
				rest = append(rest, p)
				continue
			}
		}
		todo = rest
	}
	for _, v := range bs {
		if info.Symmetric(v.Name) {
			if err := checkSymmetric(v); err != nil {
				return nil, nil, err
			}
		}
	}
	return dims, vals, nil
}

// boundBy reports whether the size of name came from binding b.
func boundBy(fromVal map[string]int, name string, b int) bool {
	k, ok := fromVal[name]
	return ok && k == b
}

// fits reports whether an r x c value fits shape as far as its fixed sizes
// tell.
func fits(shape ast.Shape, r, c int) bool {
	for _, p := range [2]struct {
		d ast.Dim
		n int
	}{{shape.Rows, r}, {shape.Cols, c}} {
		if p.d.IsKnown() && p.d.N != p.n {
			return false
		}
		if !p.d.IsKnown() && p.n%p.d.N != 0 {
			return false
		}
	}
	return true
}

// dimConflict says that the size of d disagrees with what it was given
// before.
func dimConflict(d ast.Dim, size int, v *Binding, shape ast.Shape, r, c int, dims map[string]int, from map[string]string) error {
	if len(d.Names) == 1 {
		name := d.Names[0]
		if d.N == 1 {
			return &ast.Error{Msg: fmt.Sprintf("the sizes disagree: %s makes %s = %d, but %s (%s, %d×%d) makes %s = %d",
				from[name], name, dims[name], v.Name, v.Src, r, c, name, size)}
		}
	}
	return &ast.Error{Msg: fmt.Sprintf("%s is %s in the expression, but %s holds a %d×%d matrix, and the sizes %s already has make it %s",
		v.Name, shape, v.Src, r, c, shapeDims(shape, dims), shapeWith(shape, dims))}
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
func checkSymmetric(v Binding) error {
	r, c := v.M.Dims()
	if r != c {
		return nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < i; j++ {
			a, b := v.M.At(i, j), v.M.At(j, i)
			if math.Abs(a-b) > 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
				return &ast.Error{Msg: fmt.Sprintf("%s is declared symmetric, but its value from %s is not: entry (%d,%d) is %g and entry (%d,%d) is %g",
					v.Name, v.Src, i+1, j+1, a, j+1, i+1, b)}
			}
		}
	}
	return nil
}
