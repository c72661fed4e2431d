package rewrite

import (
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// Matching modulo commutativity.
//
// A rule is written once: its left side matches as written and also with
// the operands of a commutative operation in another order, so that no
// table needs a left and a right copy of an identity. The operations that
// commute are
//
//   - the sum, A + B = B + A, and the terms of a sum of sums;
//   - the Hadamard product, A ∘ B = B ∘ A, and the factors of a chain of
//     them;
//   - a 1 x 1 factor of a matrix product, which commutes with anything:
//     A s = s A, and A s B = s (A B) = (A B) s for a scalar s in the
//     middle of a chain.
//
// The orders are tried in a fixed sequence, as written first, then the
// operands of each node swapped, then each term or factor of a chain taken
// out to the front or the back; the first order for which the guards hold
// and the rule gives a result wins. Every order tried counts as work.
//
// A rule that exists to put operands in an order (associativity, scalars
// first) says Ordered and matches only as written; and the root ?L X of a
// Jacobian or vec pattern is matched as written, since ?L stands for the
// part of the term already moved.

// maxChain bounds the terms or factors a chain is taken apart into: a
// longer chain matches as written and with its top operands swapped.
const maxChain = 16

// commutes reports whether op is a commutative operation whose operands a
// pattern may match in either order.
func commutes(op ast.Op) bool {
	return op == ast.OpAdd || op == ast.OpHad || op == ast.OpMul
}

// hasCommuting reports whether the pattern p has a node that may match
// with its operands in another order; root says whether p's own root may.
func hasCommuting(p ast.Expr, root bool) bool {
	switch p := p.(type) {
	case *ast.Unary:
		return hasCommuting(p.X, true)
	case *ast.Binary:
		if root && commutes(p.Op) {
			return true
		}
		return hasCommuting(p.X, true) || hasCommuting(p.Y, true)
	case *ast.Call:
		for _, a := range p.Args {
			if hasCommuting(a, true) {
				return true
			}
		}
	}
	return false
}

// rigidRoot reports whether the root of the pattern p must match as
// written: ?L X, the form of every Jacobian and vec pattern.
func rigidRoot(p ast.Expr) bool {
	b, ok := p.(*ast.Binary)
	if !ok || b.Op != ast.OpMul {
		return false
	}
	s, ok := b.X.(*ast.Sym)
	return ok && s.Name == "?L"
}

// scalarVars returns the variables that the guards of r call scalar.
func scalarVars(r *Rule) []string {
	var vs []string
	for _, g := range r.guards {
		if g.name == "scalar" || g.name == "num" {
			vs = append(vs, g.args...)
		}
	}
	return vs
}

// matcher matches a pattern against an expression modulo commutativity,
// backtracking over the orders of the operands.
type matcher struct {
	c       *ctx
	b       Binding
	alts    int      // orders other than the written one in the current branch
	rigid   bool     // the root matches as written
	scalars []string // the variables the rule calls scalar
}

// match matches p against e, extending m.b, and calls k on each match
// found, in the fixed order, until k returns true; it returns whether one
// did. m.b is as it was when match returns false.
func (m *matcher) match(p, e ast.Expr, root bool, k func() bool) bool {
	switch p := p.(type) {
	case *ast.Sym:
		if strings.HasPrefix(p.Name, "?") {
			if old, ok := m.b[p.Name]; ok {
				return m.c.equal(old, e) && k()
			}
			m.b[p.Name] = e
			if k() {
				return true
			}
			delete(m.b, p.Name)
			return false
		}
		s, ok := e.(*ast.Sym)
		return ok && s.Name == p.Name && k()
	case *ast.Num:
		n, ok := e.(*ast.Num)
		return ok && n.Val == p.Val && k()
	case *ast.Identity:
		_, ok := e.(*ast.Identity)
		return ok && k()
	case *ast.Unary:
		u, ok := e.(*ast.Unary)
		return ok && u.Op == p.Op && m.match(p.X, u.X, false, k)
	case *ast.Call:
		u, ok := e.(*ast.Call)
		if !ok || u.Fun != p.Fun || len(u.Args) != len(p.Args) {
			return false
		}
		return m.args(p.Args, u.Args, k)
	case *ast.Binary:
		u, ok := e.(*ast.Binary)
		if ok && u.Op == p.Op && m.pair(p, u.X, u.Y, k) {
			return true
		}
		if !ok || !commutes(p.Op) || root && m.rigid {
			return false
		}
		return m.commuted(p, u, k)
	}
	return false
}

// args matches the patterns ps against the arguments es, in order.
func (m *matcher) args(ps, es []ast.Expr, k func() bool) bool {
	if len(ps) == 0 {
		return k()
	}
	return m.match(ps[0], es[0], false, func() bool { return m.args(ps[1:], es[1:], k) })
}

// pair matches the operands of the binary pattern p against x and y.
func (m *matcher) pair(p *ast.Binary, x, y ast.Expr, k func() bool) bool {
	return m.match(p.X, x, false, func() bool { return m.match(p.Y, y, false, k) })
}

// other matches the operands of p against x and y in an order other than
// the written one.
func (m *matcher) other(p *ast.Binary, x, y ast.Expr, k func() bool) bool {
	m.c.work(1)
	m.alts++
	ok := m.pair(p, x, y, k)
	m.alts--
	return ok
}

// commuted tries the orders of e's operands other than the written one:
// the two operands swapped, then each term or factor of a chain taken out
// to the front (for the left operand of p) or to the back (for the right
// one), in the order of the chain.
func (m *matcher) commuted(p *ast.Binary, e *ast.Binary, k func() bool) bool {
	switch {
	case e.Op != p.Op:
		return false
	case p.Op == ast.OpMul:
		// Only a 1 x 1 factor moves past the other, and only onto a
		// variable or number of the pattern: ?s in ?s ?A finds the s
		// of A s.
		if (leaf(p.X) && m.c.isScalar(e.Y) || leaf(p.Y) && m.c.isScalar(e.X)) && m.other(p, e.Y, e.X, k) {
			return true
		}
	default:
		if m.other(p, e.Y, e.X, k) {
			return true
		}
	}
	ch := m.c.chain(e)
	if len(ch.parts) < 3 {
		return false
	}
	mul := p.Op == ast.OpMul
	for i, f := range ch.parts {
		if mul && !ch.scalar[i] {
			continue
		}
		// f to the front: p.X against f, p.Y against the rest. The
		// rest is built only once f matched. A scalar factor is taken
		// out of a product only onto a number or a variable the rule
		// calls scalar: ?s in ?s ?A finds the s of B s C. The rest of
		// a sum or Hadamard product is never a number, and a scalar
		// only when all its parts are: a variable the rule calls
		// scalar does not take a rest that is not (the guard would
		// fail, after the rest's shape was worked out).
		if !(i == 0 && f == e.X) && (!mul || m.scalarLeaf(p.X)) && !(m.scalarLeaf(p.Y) && m.c.restNotScalar(ch, i)) {
			rest := func() ast.Expr { return ch.without(i) }
			if m.split(p.X, p.Y, f, rest, k) {
				return true
			}
		}
		// f to the back: p.Y against f, p.X against the rest.
		if !(i == len(ch.parts)-1 && f == e.Y) && (!mul || m.scalarLeaf(p.Y)) && !(m.scalarLeaf(p.X) && m.c.restNotScalar(ch, i)) {
			rest := func() ast.Expr { return ch.without(i) }
			if m.split(p.Y, p.X, f, rest, k) {
				return true
			}
		}
	}
	return false
}

// leaf reports whether the pattern p is a variable or a number.
func leaf(p ast.Expr) bool {
	switch p.(type) {
	case *ast.Sym, *ast.Num:
		return true
	}
	return false
}

// scalarLeaf reports whether the pattern p is a number or a variable the
// rule calls scalar (in a guard scalar or num).
func (m *matcher) scalarLeaf(p ast.Expr) bool {
	switch p := p.(type) {
	case *ast.Num:
		return true
	case *ast.Sym:
		return contains(m.scalars, p.Name)
	}
	return false
}

// split matches the pattern one against the part f of a chain and then
// the pattern others against the rest of the chain.
func (m *matcher) split(one, others, f ast.Expr, rest func() ast.Expr, k func() bool) bool {
	m.c.work(1)
	m.alts++
	ok := m.match(one, f, false, func() bool { return m.match(others, rest(), false, k) })
	m.alts--
	return ok
}

// chain is a sum, Hadamard product or matrix product taken apart into its
// terms or factors, in order.
type chain struct {
	op        ast.Op
	parts     []ast.Expr
	scalar    []bool     // for a product, which factors are 1 x 1
	rests     []ast.Expr // by i: the chain without part i, once built
	nonScalar []int      // for a sum or Hadamard product, the parts not 1 x 1, once found
	starts    []ast.Expr // by i: parts[:i+1] grouped from the left, once built
}

// restNotScalar reports whether the chain without part i is sure not to
// be a scalar: a sum or Hadamard product (at least two parts remain) with
// a part that is not 1 x 1.
func (c *ctx) restNotScalar(ch *chain, i int) bool {
	if ch.op != ast.OpAdd && ch.op != ast.OpHad {
		return false
	}
	if ch.nonScalar == nil {
		ch.nonScalar = make([]int, 0, len(ch.parts))
		for j, x := range ch.parts {
			if !c.isScalar(x) {
				ch.nonScalar = append(ch.nonScalar, j)
			}
		}
	}
	n := len(ch.nonScalar)
	return n > 1 || n == 1 && ch.nonScalar[0] != i
}

// without returns the chain with part i left out, grouped from the left.
// Each is built once per chain and shared by every rule that tries the
// chain, so that its shape is worked out once: the simplifier tries a
// dozen rules on every Hadamard product, each taking every factor out.
func (ch *chain) without(i int) ast.Expr {
	if ch.rests == nil {
		ch.rests = make([]ast.Expr, len(ch.parts))
	}
	if e := ch.rests[i]; e != nil {
		return e
	}
	var e ast.Expr
	if i > 0 {
		e = ch.start(i - 1)
	}
	for _, x := range ch.parts[i+1:] {
		if e == nil {
			e = x
		} else {
			e = ast.Bin(ch.op, e, x)
		}
	}
	ch.rests[i] = e
	return e
}

// start returns parts[:i+1] grouped from the left, shared by the rests
// that begin with it.
func (ch *chain) start(i int) ast.Expr {
	if ch.starts == nil {
		ch.starts = make([]ast.Expr, len(ch.parts))
	}
	if e := ch.starts[i]; e != nil {
		return e
	}
	e := ch.parts[0]
	if i > 0 {
		e = ast.Bin(ch.op, ch.start(i-1), ch.parts[i])
	}
	ch.starts[i] = e
	return e
}

// chain takes e apart into the terms of a sum, the factors of a Hadamard
// product or the factors of a matrix product, at most maxChain of them
// (none beyond: a longer chain is not taken apart). A 1 x 1 product of
// matrices, such as xᵀAy, stays one factor, as in factors. Remembered per
// node.
func (c *ctx) chain(e *ast.Binary) *chain {
	if ch, ok := c.chains[e]; ok {
		return ch
	}
	ch := &chain{op: e.Op}
	var walk func(x ast.Expr, top bool) bool
	walk = func(x ast.Expr, top bool) bool {
		c.work(1)
		b, ok := x.(*ast.Binary)
		if ok && b.Op == e.Op && (top || e.Op != ast.OpMul || !c.isScalar(x) || c.isScalar(b.X) && c.isScalar(b.Y)) {
			return walk(b.X, false) && walk(b.Y, false)
		}
		if len(ch.parts) == maxChain {
			return false
		}
		ch.parts = append(ch.parts, x)
		return true
	}
	if !walk(e, true) {
		ch.parts = nil
	}
	if e.Op == ast.OpMul {
		for _, f := range ch.parts {
			ch.scalar = append(ch.scalar, c.isScalar(f))
		}
	}
	c.chains[e] = ch
	return ch
}

// isScalar reports whether e is 1 x 1; false when its shape is unknown.
func (c *ctx) isScalar(e ast.Expr) bool {
	s, err := c.info.ShapeOf(e)
	return err == nil && s.IsScalar()
}
