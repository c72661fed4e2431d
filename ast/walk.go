package ast

import (
	"fmt"
	"math"
)

// Children returns the operands of e, in order. The slice is new; changing
// it does not change e.
func Children(e Expr) []Expr {
	switch e := e.(type) {
	case *Sym, *Num, *Identity:
		return nil
	case *Unary:
		return []Expr{e.X}
	case *Binary:
		return []Expr{e.X, e.Y}
	case *Call:
		return append([]Expr(nil), e.Args...)
	}
	panic(fmt.Sprintf("ast: unknown node %T", e))
}

// With returns a node like e with the operands kids, keeping e's operator
// and position. It returns e itself when every kid is the same node as
// before, so unchanged trees stay shared.
func With(e Expr, kids []Expr) Expr {
	switch e := e.(type) {
	case *Sym, *Num, *Identity:
		return e
	case *Unary:
		if kids[0] == e.X {
			return e
		}
		return &Unary{Op: e.Op, X: kids[0], At: e.At}
	case *Binary:
		if kids[0] == e.X && kids[1] == e.Y {
			return e
		}
		return &Binary{Op: e.Op, X: kids[0], Y: kids[1], At: e.At}
	case *Call:
		same := len(kids) == len(e.Args)
		for i := 0; same && i < len(kids); i++ {
			same = kids[i] == e.Args[i]
		}
		if same {
			return e
		}
		return &Call{Fun: e.Fun, Args: append([]Expr(nil), kids...), At: e.At, Spectral: e.Spectral}
	}
	panic(fmt.Sprintf("ast: unknown node %T", e))
}

// Inspect visits e and its operands depth-first, parents first. If f
// returns false the operands of that node are not visited. The size
// arguments of a call (the n of ones(n)) are not operands it visits.
func Inspect(e Expr, f func(Expr) bool) {
	if !f(e) {
		return
	}
	switch e := e.(type) {
	case *Sym, *Num, *Identity:
	case *Unary:
		Inspect(e.X, f)
	case *Binary:
		Inspect(e.X, f)
		Inspect(e.Y, f)
	case *Call:
		// Size arguments (the n of ones(n)) are no values: not visited.
		for _, a := range Values(e) {
			Inspect(a, f)
		}
	default:
		panic(fmt.Sprintf("ast: unknown node %T", e))
	}
}

// Map rebuilds e bottom-up: f receives each node with its operands already
// mapped, and returns its replacement. Unchanged subtrees stay shared.
func Map(e Expr, f func(Expr) Expr) Expr {
	kids := Children(e)
	for i, k := range kids {
		kids[i] = Map(k, f)
	}
	return f(With(e, kids))
}

// Equal reports whether a and b are the same expression, ignoring
// positions. Numbers are equal when their values are.
func Equal(a, b Expr) bool {
	if a == b {
		return true
	}
	switch a := a.(type) {
	case *Sym:
		b, ok := b.(*Sym)
		return ok && a.Name == b.Name
	case *Num:
		b, ok := b.(*Num)
		return ok && (a.Val == b.Val && a.P == b.P && a.Q == b.Q || math.IsNaN(a.Val) && math.IsNaN(b.Val))
	case *Identity:
		_, ok := b.(*Identity)
		return ok
	case *Unary:
		b, ok := b.(*Unary)
		return ok && a.Op == b.Op && Equal(a.X, b.X)
	case *Binary:
		b, ok := b.(*Binary)
		return ok && a.Op == b.Op && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Call:
		b, ok := b.(*Call)
		if !ok || a.Fun != b.Fun || len(a.Args) != len(b.Args) {
			return false
		}
		for i := range a.Args {
			if !Equal(a.Args[i], b.Args[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// Size counts the nodes of e: every operator, call, name and number counts
// one.
func Size(e Expr) int {
	n := 0
	Inspect(e, func(Expr) bool { n++; return true })
	return n
}

// Contains reports whether some subtree of e satisfies f.
func Contains(e Expr, f func(Expr) bool) bool {
	found := false
	Inspect(e, func(x Expr) bool {
		if found {
			return false
		}
		if f(x) {
			found = true
			return false
		}
		return true
	})
	return found
}

// HasName reports whether the name occurs in e.
func HasName(e Expr, name string) bool {
	return Contains(e, func(x Expr) bool {
		s, ok := x.(*Sym)
		return ok && s.Name == name
	})
}

// HasDiff reports whether e contains a differential.
func HasDiff(e Expr) bool {
	return Contains(e, func(x Expr) bool {
		u, ok := x.(*Unary)
		return ok && u.Op == OpDiff
	})
}

// Names returns the names that occur in e, each once, in order of first
// occurrence; pi, the number, is no name.
func Names(e Expr) []string {
	var names []string
	seen := map[string]bool{}
	Inspect(e, func(x Expr) bool {
		if s, ok := x.(*Sym); ok && !seen[s.Name] && s.Name != "pi" {
			seen[s.Name] = true
			names = append(names, s.Name)
		}
		return true
	})
	return names
}

// EachTerm calls f with each summand of the sums, differences and
// negations at the top of e, left to right, and whether it is subtracted;
// neg is the sign e itself carries.
func EachTerm(e Expr, neg bool, f func(neg bool, t Expr)) {
	switch x := e.(type) {
	case *Binary:
		switch x.Op {
		case OpAdd:
			EachTerm(x.X, neg, f)
			EachTerm(x.Y, neg, f)
			return
		case OpSub:
			EachTerm(x.X, neg, f)
			EachTerm(x.Y, !neg, f)
			return
		}
	case *Unary:
		if x.Op == OpNeg {
			EachTerm(x.X, !neg, f)
			return
		}
	}
	f(neg, e)
}

// AddTerm returns sum with t added (neg: subtracted), the inverse of
// EachTerm; a nil sum starts one: AddTerm(nil, true, x) is -x.
func AddTerm(sum Expr, neg bool, t Expr) Expr {
	switch {
	case sum == nil && neg:
		return Neg(t)
	case sum == nil:
		return t
	case neg:
		return Sub(sum, t)
	}
	return Add(sum, t)
}
