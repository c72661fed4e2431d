package rewrite

import (
	"hash/maphash"
	"math"

	"github.com/matdiff/matdiff/ast"
)

// hashSeed makes the structural hashes of one process comparable.
var hashSeed = maphash.MakeSeed()

// hashOf returns a structural hash of e: expressions that ast.Equal calls
// equal hash alike, so that equal summands or factors are found by
// looking up a hash, not by comparing every pair. It is remembered per
// node in a derivation, and a shared subtree is hashed once.
func hashOf(sh Shapes, e ast.Expr) uint64 {
	c, _ := sh.(*ctx)
	if c != nil {
		if h, ok := c.hashes[e]; ok {
			return h
		}
		c.work(1)
	}
	var h maphash.Hash
	h.SetSeed(hashSeed)
	word := func(v uint64) {
		var b [8]byte
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		h.Write(b[:])
	}
	switch x := e.(type) {
	case *ast.Sym:
		h.WriteByte('s')
		h.WriteString(x.Name)
	case *ast.Num:
		h.WriteByte('n')
		switch {
		case math.IsNaN(x.Val):
			word(1)
		case x.Val == 0:
			word(0) // 0 and -0 are equal
		default:
			word(math.Float64bits(x.Val))
		}
		if x.IsFraction() {
			// The exact 1/2 and the decimal 0.5 are different numbers to
			// ast.Equal (they print differently), so they hash apart.
			h.WriteByte('/')
			word(uint64(x.P))
			word(uint64(x.Q))
		}
	case *ast.Identity:
		h.WriteByte('I')
	case *ast.Unary:
		h.WriteByte('u')
		word(uint64(x.Op))
		word(hashOf(sh, x.X))
	case *ast.Binary:
		h.WriteByte('b')
		word(uint64(x.Op))
		word(hashOf(sh, x.X))
		word(hashOf(sh, x.Y))
	case *ast.Call:
		h.WriteByte('c')
		word(uint64(x.Fun))
		for _, a := range x.Args {
			word(hashOf(sh, a))
		}
	default:
		h.WriteString(ast.Text(e))
	}
	v := h.Sum64()
	if c != nil {
		c.hashes[e] = v
	}
	return v
}

// operandsIn returns the operands of e as ast.Children does, but in buf
// when they fit (a unary or binary node) and as e's own arguments for a
// call: for reading only, without making a slice for every node visited.
func operandsIn(e ast.Expr, buf *[2]ast.Expr) []ast.Expr {
	switch x := e.(type) {
	case *ast.Unary:
		buf[0] = x.X
		return buf[:1]
	case *ast.Binary:
		buf[0], buf[1] = x.X, x.Y
		return buf[:2]
	case *ast.Call:
		return x.Args
	}
	return ast.Children(e)
}

// A kindSet is a set of node kinds (nodeKind): Sym, Num, I, and each
// operator and function, a bit each.
type kindSet [2]uint64

// kindBit returns the bit of the kind k in a kindSet; -1 for none (a
// pattern variable, or an operator or function beyond the set).
func kindBit(k nodeKind) int {
	const ops, funcs = 20, 64 // room for ast's operators and functions
	b := -1
	switch k.kind {
	case 's':
		b = 0
	case 'n':
		b = 1
	case 'I':
		b = 2
	case 'u':
		if k.op < ops {
			b = 3 + k.op
		}
	case 'b':
		if k.op < ops {
			b = 3 + ops + k.op
		}
	case 'c':
		if k.op < funcs {
			b = 3 + 2*ops + k.op
		}
	}
	if b >= 128 {
		return -1
	}
	return b
}

func (s *kindSet) add(k nodeKind) {
	if b := kindBit(k); b >= 0 {
		s[b/64] |= 1 << (b % 64)
	}
}

// covers reports whether every kind of t is in s.
func (s kindSet) covers(t kindSet) bool { return t[0]&^s[0] == 0 && t[1]&^s[1] == 0 }

// patternKinds returns the kinds of the nodes of the pattern p, but for
// its variables, and whether p has a kind kindSet leaves out.
func patternKinds(p ast.Expr) (s kindSet, ok bool) {
	ok = true
	ast.Inspect(p, func(x ast.Expr) bool {
		k := nodeKey(x)
		if k == (nodeKind{}) {
			return true
		}
		if kindBit(k) < 0 {
			ok = false
		}
		s.add(k)
		return true
	})
	return s, ok
}

// kindsIn returns the kinds of the nodes of e, remembered per node in a
// derivation: a rule whose pattern has a kind that e has nowhere cannot
// match e, as written or with operands in another order (another order
// makes nodes of the operations e has only).
func (c *ctx) kindsIn(e ast.Expr) kindSet {
	if s, ok := c.kinds[e]; ok {
		return s
	}
	var s kindSet
	s.add(nodeKey(e))
	var buf [2]ast.Expr
	for _, k := range operandsIn(e, &buf) {
		t := c.kindsIn(k)
		s[0] |= t[0]
		s[1] |= t[1]
	}
	c.kinds[e] = s
	return s
}
