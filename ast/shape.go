package ast

import (
	"sort"
	"strconv"
	"strings"
)

// Dim is a size: a whole number times a product of dimension names.
// A known size has no names; the plain dimension "n" is {1, ["n"]}. Names
// that start with '?' are unknowns that inference may still bind.
type Dim struct {
	N     int      // the whole-number factor, at least 1
	Names []string // dimension names, sorted; nil for a plain number
}

// Known returns the dimension of fixed size n.
func Known(n int) Dim { return Dim{N: n} }

// Named returns the dimension called name.
func Named(name string) Dim { return Dim{N: 1, Names: []string{name}} }

// IsKnown reports whether d is a plain number.
func (d Dim) IsKnown() bool { return len(d.Names) == 0 }

// IsOne reports whether d is the number 1.
func (d Dim) IsOne() bool { return d.IsKnown() && d.N == 1 }

// isVar reports whether d is a single unknown.
func (d Dim) isVar() bool { return d.N == 1 && len(d.Names) == 1 && strings.HasPrefix(d.Names[0], "?") }

// Times returns d·e.
func (d Dim) Times(e Dim) Dim {
	names := append(append([]string(nil), d.Names...), e.Names...)
	sort.Strings(names)
	return Dim{N: d.N * e.N, Names: names}
}

// Equal reports whether d and e are the same size.
func (d Dim) Equal(e Dim) bool {
	if d.N != e.N || len(d.Names) != len(e.Names) {
		return false
	}
	for i := range d.Names {
		if d.Names[i] != e.Names[i] {
			return false
		}
	}
	return true
}

func (d Dim) String() string {
	if d.IsKnown() {
		return strconv.Itoa(d.N)
	}
	parts := d.Names
	if d.N != 1 {
		parts = append([]string{strconv.Itoa(d.N)}, parts...)
	}
	return strings.Join(parts, "*")
}

// Shape is the size of a matrix: rows by columns.
type Shape struct {
	Rows, Cols Dim
}

// Scalar is the shape 1 x 1.
var Scalar = Shape{Known(1), Known(1)}

// IsScalar reports whether s is 1 x 1.
func (s Shape) IsScalar() bool { return s.Rows.IsOne() && s.Cols.IsOne() }

// IsSquare reports whether s has as many rows as columns.
func (s Shape) IsSquare() bool { return s.Rows.Equal(s.Cols) }

// IsColumn reports whether s has one column.
func (s Shape) IsColumn() bool { return s.Cols.IsOne() }

// IsRow reports whether s has one row.
func (s Shape) IsRow() bool { return s.Rows.IsOne() }

// T returns the shape of the transpose.
func (s Shape) T() Shape { return Shape{s.Cols, s.Rows} }

// Equal reports whether s and t are the same shape.
func (s Shape) Equal(t Shape) bool { return s.Rows.Equal(t.Rows) && s.Cols.Equal(t.Cols) }

// String prints "3 x 4", "n x 1" or "scalar" for 1 x 1.
func (s Shape) String() string {
	if s.IsScalar() {
		return "scalar"
	}
	return s.Rows.String() + " x " + s.Cols.String()
}

// Dims prints "3×4", the short form used inside messages.
func (s Shape) Dims() string { return s.Rows.String() + "×" + s.Cols.String() }

// A Decl is one declaration of a where clause: "A: n x n" or
// "S: symmetric n x n".
type Decl struct {
	Name      string // the declared name
	Shape     Shape  // its shape
	Symmetric bool   // declared symmetric
	At        Pos    // position of the name in the declaration
}

// Decls is the where clause: the declarations in the order given.
type Decls []Decl

// Lookup returns the declaration of name, or nil.
func (ds Decls) Lookup(name string) *Decl {
	for i := range ds {
		if ds[i].Name == name {
			return &ds[i]
		}
	}
	return nil
}
