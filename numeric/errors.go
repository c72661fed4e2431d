package numeric

import (
	"errors"
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// Every message of the package is made here.

// errAt returns an *ast.Error at the node e.
func errAt(e ast.Expr, format string, args ...any) *ast.Error {
	var pos ast.Pos
	if e != nil {
		pos = e.Pos()
	}
	return &ast.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// internal turns a panic that is not an *ast.Error into an internal
// error: every exported function defers it, so that a bug surfaces as an
// error at the API and never as a crash of the caller.
func internal(err *error) {
	if r := recover(); r != nil {
		if ae, ok := r.(*ast.Error); ok {
			*err = ae
			return
		}
		*err = fmt.Errorf("numeric: internal error: %v", r)
	}
}

// fail panics with an *ast.Error at e; Eval recovers it.
func fail(e ast.Expr, format string, args ...any) {
	panic(errAt(e, format, args...))
}

// beyond stops an evaluation at e that would go past a limit: valid input
// beyond reach (exit status 4), not bad input.
func beyond(e ast.Expr, format string, args ...any) {
	err := errAt(e, format, args...)
	err.Kind = ast.BeyondReach
	panic(err)
}

// overflowHint is the hint of an infinite value: IsOverflow looks for it.
const overflowHint = "the value overflowed: floating-point numbers reach only about 1.8e308"

// IsOverflow reports whether err is an evaluation error for a value that
// overflowed (an infinite entry computed from finite ones): valid input
// beyond the range of floating-point numbers, rather than input outside
// the domain of a function.
func IsOverflow(err error) bool {
	var ae *ast.Error
	return errors.As(err, &ae) && ae.Hint == overflowHint
}

// at prints a 0-based (i, j) as the 1-based "(i,j)" of the messages.
func at(i, j int) string { return fmt.Sprintf("(%d,%d)", i+1, j+1) }

// where says where in a matrix an entry is: " at (2,1)", or "" for a 1 x 1.
func where(r, c, i, j int) string {
	if r == 1 && c == 1 {
		return ""
	}
	return " at " + at(i, j)
}

// what names the operation of a node, for "... produced NaN".
func what(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Unary:
		switch e.Op {
		case ast.OpNeg:
			return "the negation"
		case ast.OpTranspose:
			return "the transpose"
		case ast.OpInverse:
			return "the inverse"
		}
	case *ast.Binary:
		switch e.Op {
		case ast.OpFrob:
			return "the Frobenius product"
		case ast.OpAdd:
			return "the sum"
		case ast.OpSub:
			return "the difference"
		case ast.OpMul:
			return "the matrix product"
		case ast.OpDiv:
			return "the division /"
		case ast.OpHad:
			return "the Hadamard product"
		case ast.OpHDiv:
			return "the element-wise division ./"
		case ast.OpPow:
			return "the power ^"
		case ast.OpEPow:
			return "the element-wise power .^"
		}
	case *ast.Call:
		return e.Fun.String()
	case *ast.Sym:
		return "the value of " + e.Name
	case *ast.Num:
		return "the number"
	}
	return "the expression"
}

func dims(r, c int) string { return fmt.Sprintf("%d×%d", r, c) }
