package ast

import "fmt"

// Pos is a place in the user's input. Line and Col count from 1 (Col in
// runes); Offset counts bytes from 0. The zero Pos means "no position".
type Pos struct {
	Offset int // byte offset, from 0
	Line   int // line, from 1; 0 if unknown
	Col    int // column in runes, from 1; 0 if unknown
}

// IsValid reports whether p refers to a place in the input.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Expr is a node of an expression tree. The set of node types is closed:
// Sym, Num, Identity, Unary, Binary and Call.
type Expr interface {
	// Pos is where the node starts in the input (for a Binary node, where
	// its operator stands), or the zero Pos for a node made by a rewrite.
	Pos() Pos
	exprNode()
}

// A Sym node represents a name: a matrix, vector or scalar the user declared
// or used. In patterns a name that starts with '?' is a pattern variable.
type Sym struct {
	Name string // the name as typed, e.g. "W1", "alpha"
	At   Pos    // position of the name
}

// A Num node represents a numeric literal, a 1 x 1 constant. Numbers are
// exact while they can be: a whole number is exact by its Val, and a
// fraction of whole numbers (1/2, typed or folded) keeps its numerator
// and denominator in P and Q, Q > 1, in lowest terms, with Val the float
// nearest to it. A Num with Q = 0 and a Val that is not whole is a
// decimal the user typed (0.5), or one computed from such a decimal.
// Number gives the value for arithmetic; Frac makes a fraction.
type Num struct {
	Val  float64 // the value; negative only when made by a rewrite or by "-3" folded at parse time
	P, Q int64   // an exact fraction P/Q when Q > 1; otherwise 0, 0
	At   Pos     // position of the literal
}

// An Identity node represents I, the identity matrix, square with its size
// inferred from where it stands.
type Identity struct {
	At Pos // position of the I
}

// A Unary node represents negation, transpose, inverse or the differential
// of its operand.
type Unary struct {
	Op Op   // Neg, Transpose, Inverse or Diff
	X  Expr // operand
	At Pos  // position of the operator
}

// A Binary node represents an infix or postfix operator with two operands.
// For Pow and EPow the right operand is a *Num.
type Binary struct {
	Op Op   // Frob, Add, Sub, Mul, Div, Had, HDiv, Pow or EPow
	X  Expr // left operand
	Y  Expr // right operand
	At Pos  // position of the operator (or of the right operand for a juxtaposition)
}

// A Call node represents a function applied to its arguments.
type Call struct {
	Fun  Func   // the function
	Args []Expr // the arguments: two for Kron, one for every other function
	At   Pos    // position of the function name
	// Spectral marks a norm written ||A||_2: shape inference refuses it
	// when A is a matrix, whose 2-norm would be the spectral norm. It is no
	// part of the value (Equal ignores it).
	Spectral bool
}

func (e *Sym) Pos() Pos      { return e.At }
func (e *Num) Pos() Pos      { return e.At }
func (e *Identity) Pos() Pos { return e.At }
func (e *Unary) Pos() Pos    { return e.At }
func (e *Binary) Pos() Pos   { return e.At }
func (e *Call) Pos() Pos     { return e.At }

func (*Sym) exprNode()      {}
func (*Num) exprNode()      {}
func (*Identity) exprNode() {}
func (*Unary) exprNode()    {}
func (*Binary) exprNode()   {}
func (*Call) exprNode()     {}

// Small constructors, used by rewrites and tests. They set no position.

// S returns a name.
func S(name string) *Sym { return &Sym{Name: name} }

// N returns a numeric literal: exact when v is a whole number, a decimal
// otherwise (use Frac for 1/2).
func N(v float64) *Num { return &Num{Val: v} }

// Eye returns the identity matrix.
func Eye() *Identity { return &Identity{} }

// Un returns op applied to x.
func Un(op Op, x Expr) *Unary { return &Unary{Op: op, X: x} }

// Bin returns x op y.
func Bin(op Op, x, y Expr) *Binary { return &Binary{Op: op, X: x, Y: y} }

// Fn returns the call f(args...).
func Fn(f Func, args ...Expr) *Call { return &Call{Fun: f, Args: args} }

// Neg returns -x.
func Neg(x Expr) *Unary { return Un(OpNeg, x) }

// T returns the transpose of x.
func T(x Expr) *Unary { return Un(OpTranspose, x) }

// Inv returns the inverse of x.
func Inv(x Expr) *Unary { return Un(OpInverse, x) }

// D returns the differential of x.
func D(x Expr) *Unary { return Un(OpDiff, x) }

// Mul returns the matrix product x y.
func Mul(x, y Expr) *Binary { return Bin(OpMul, x, y) }

// Had returns the Hadamard product x ∘ y.
func Had(x, y Expr) *Binary { return Bin(OpHad, x, y) }

// Add returns x + y.
func Add(x, y Expr) *Binary { return Bin(OpAdd, x, y) }

// Sub returns x - y.
func Sub(x, y Expr) *Binary { return Bin(OpSub, x, y) }

// Frob returns the Frobenius product x : y.
func Frob(x, y Expr) *Binary { return Bin(OpFrob, x, y) }

// MulAll returns the left-associated product of xs; it panics on no factor.
func MulAll(xs ...Expr) Expr {
	e := xs[0]
	for _, x := range xs[1:] {
		e = Mul(e, x)
	}
	return e
}
