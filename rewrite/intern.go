package rewrite

import (
	"math"

	"github.com/matdiff/matdiff/ast"
)

// A graph is the hash-consing table of one derivation, shared by its
// passes (the gradient and the Jacobian of a Hessian): structurally equal
// subexpressions the engine builds are one node, so that what is worked
// out per node (shape, hash, size, whether it depends on the variable or
// holds a differential) is worked out once per distinct subexpression, and
// an expression is a graph whose size is its distinct nodes.
//
// Two kinds of node are never merged with another: an I, whose size is
// fixed by where it stands (each I keeps its own), and the marker of a
// vanished differential (zero). Nodes above them still merge when they
// hold the very same I.
type graph struct {
	first map[uint64]ast.Expr   // the first canonical node of each structural hash
	more  map[uint64][]ast.Expr // the others, when hashes collide
	rep   map[ast.Expr]ast.Expr // every node interned, to its canonical node
	nodes int64                 // canonical nodes made so far
	dag   map[ast.Expr]int64    // distinct nodes below a node, capped (nodes)
	lin   map[linKey]int64      // operations around the differentials, capped (linSize)
	occ   map[ast.Expr]int64    // occurrences of a differential, as printed, capped
	// starts are the starts of the texts of nodes (textStartOf).
	starts map[ast.Expr]textStart
}

// graphHint is room for the nodes of a small derivation (the golden ones
// have some 40 to 60), made at once rather than grown in steps.
const graphHint = 32

func newGraph() *graph {
	return &graph{
		first:  make(map[uint64]ast.Expr, graphHint),
		more:   map[uint64][]ast.Expr{},
		rep:    make(map[ast.Expr]ast.Expr, graphHint),
		dag:    map[ast.Expr]int64{},
		lin:    map[linKey]int64{},
		occ:    map[ast.Expr]int64{},
		starts: map[ast.Expr]textStart{},
	}
}

// intern returns the canonical node equal to e: e itself when it is the
// first of its form, or the node of that form made before. Operands are
// interned first; e is never changed (a node with new operands is a new
// node), so trees the caller holds stay as they are.
func (c *ctx) intern(e ast.Expr) ast.Expr {
	g := c.graph
	if r, ok := g.rep[e]; ok {
		return r
	}
	if _, ok := e.(*ast.Identity); ok || e == zero {
		g.rep[e] = e // one of its own: never merged
		return e
	}
	c.work(1)
	var n ast.Expr = e
	switch x := e.(type) {
	case *ast.Unary:
		if k := c.intern(x.X); k != x.X {
			n = &ast.Unary{Op: x.Op, X: k, At: x.At}
		}
	case *ast.Binary:
		k1, k2 := c.intern(x.X), c.intern(x.Y)
		if k1 != x.X || k2 != x.Y {
			n = &ast.Binary{Op: x.Op, X: k1, Y: k2, At: x.At}
		}
	case *ast.Call:
		var args []ast.Expr
		for i, a := range x.Args {
			k := c.intern(a)
			if k != a && args == nil {
				args = append(make([]ast.Expr, 0, len(x.Args)), x.Args[:i]...)
			}
			if args != nil {
				args = append(args, k)
			}
		}
		if args != nil {
			n = &ast.Call{Fun: x.Fun, Args: args, At: x.At, Spectral: x.Spectral}
		}
	}
	h := hashOf(c, n)
	if m, ok := g.first[h]; !ok {
		g.first[h] = n
	} else {
		same := sameNode(m, n)
		for _, o := range g.more[h] {
			if same {
				break
			}
			m, same = o, sameNode(o, n)
		}
		if same {
			g.rep[e] = m
			if n != e {
				g.rep[n] = m
			}
			return m
		}
		g.more[h] = append(g.more[h], n)
	}
	g.nodes++
	g.rep[n] = n
	g.rep[e] = n
	return n
}

// sameNode reports whether a and b, whose operands are canonical, are one
// node: the same operator and the very same operands. Numbers are the
// same when their bits are (0 and -0 print differently).
func sameNode(a, b ast.Expr) bool {
	switch x := a.(type) {
	case *ast.Sym:
		y, ok := b.(*ast.Sym)
		return ok && x.Name == y.Name
	case *ast.Num:
		y, ok := b.(*ast.Num)
		return ok && math.Float64bits(x.Val) == math.Float64bits(y.Val)
	case *ast.Unary:
		y, ok := b.(*ast.Unary)
		return ok && x.Op == y.Op && x.X == y.X
	case *ast.Binary:
		y, ok := b.(*ast.Binary)
		return ok && x.Op == y.Op && x.X == y.X && x.Y == y.Y
	case *ast.Call:
		y, ok := b.(*ast.Call)
		if !ok || x.Fun != y.Fun || x.Spectral != y.Spectral || len(x.Args) != len(y.Args) {
			return false
		}
		for i := range x.Args {
			if x.Args[i] != y.Args[i] {
				return false
			}
		}
		return true
	}
	return false
}

// nodes returns the size of e that --max-nodes bounds: its distinct
// nodes, a subexpression that occurs several times counted once, except
// around the differential. There the work is per occurrence: the
// derivation moves each occurrence of dX into a term G : dX of its own,
// one identity per operation around it. So each occurrence of a
// differential counts the operations on its way up to the top of e, a sum
// of sums counting as one (splitting a sum into its terms is free).
// An expression without a differential counts its distinct nodes. The
// count is exact up to the limit; past it, it is some number past it.
//
// It costs no walk of e in most derivations: the size as printed (c.size)
// bounds it, and so do the operations around the differentials (linSize)
// plus every distinct node the derivation has made. Only when both bounds
// are past the limit are e's distinct nodes counted, once per node.
func (c *ctx) nodes(e ast.Expr) int64 {
	max := c.budget.MaxNodes()
	t := c.size(e)
	if max <= 0 || t <= max {
		return t
	}
	l := c.linSize(e, false)
	if l > max {
		return l
	}
	g := c.graph
	if l+g.nodes <= max {
		return l + g.nodes
	}
	if n, ok := g.dag[e]; ok {
		return n
	}
	// Count the distinct nodes without a differential, up to the limit.
	seen := map[ast.Expr]bool{}
	n := l
	var walk func(x ast.Expr)
	walk = func(x ast.Expr) {
		if n > max {
			return
		}
		if !c.hasDiff(x) {
			x = c.intern(x)
		}
		if seen[x] {
			return
		}
		seen[x] = true
		c.work(1)
		if !c.hasDiff(x) {
			n++
		}
		for _, k := range ast.Children(x) {
			walk(k)
		}
	}
	walk(e)
	g.dag[e] = n
	return n
}

// linKey is a node and whether it is an operand of a sum.
type linKey struct {
	e     ast.Expr
	inSum bool
}

// linSize returns, summed over the occurrences of a differential in e (as
// printed), the operations between it and the top of e, itself included;
// a sum or negation that is an operand of a sum does not count again. It
// is worked out once per node, and capped past the node limit. The parts
// without a differential are interned on the way, so that the distinct
// nodes the derivation has made include them.
func (c *ctx) linSize(e ast.Expr, inSum bool) int64 {
	g := c.graph
	k := linKey{e, inSum}
	if n, ok := g.lin[k]; ok {
		return n
	}
	if !c.hasDiff(e) {
		c.intern(e)
		g.lin[k] = 0
		return 0
	}
	c.work(1)
	sum := isSumNode(e)
	var n int64
	if !(inSum && sum) {
		n = c.occurrences(e)
	}
	if u, ok := e.(*ast.Unary); !ok || u.Op != ast.OpDiff {
		for _, x := range ast.Children(e) {
			n += c.linSize(x, sum)
		}
	}
	g.lin[k] = c.capNodes(n)
	return g.lin[k]
}

// occurrences returns how often a differential occurs in e as printed,
// capped past the node limit.
func (c *ctx) occurrences(e ast.Expr) int64 {
	g := c.graph
	if n, ok := g.occ[e]; ok {
		return n
	}
	var n int64
	switch {
	case !c.hasDiff(e):
	case isDiffNode(e):
		n = 1
	default:
		c.work(1)
		for _, x := range ast.Children(e) {
			n += c.occurrences(x)
		}
	}
	g.occ[e] = c.capNodes(n)
	return g.occ[e]
}

// capNodes caps a count just past the node limit, or, without one, where
// it cannot overflow.
func (c *ctx) capNodes(n int64) int64 {
	if max := c.budget.MaxNodes(); max > 0 && n > max+1 {
		return max + 1
	}
	return min(n, 1<<60)
}

func isDiffNode(e ast.Expr) bool {
	u, ok := e.(*ast.Unary)
	return ok && u.Op == ast.OpDiff
}

// isSumNode reports whether e is a sum, a difference or a negation: what
// splitting a differential into terms takes apart.
func isSumNode(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Binary:
		return x.Op == ast.OpAdd || x.Op == ast.OpSub
	case *ast.Unary:
		return x.Op == ast.OpNeg
	}
	return false
}
