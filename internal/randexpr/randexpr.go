// Package randexpr generates random well-shaped scalar expressions of the
// matdiff language, with their declarations, for property tests: every
// expression has a gradient with respect to one of its names, and its
// domain is kept safe by construction where that is cheap (log, sqrt and
// negative or fractional powers of positive arguments, arcsin and arccos of
// small ones, det, logdet and inverses of matrices that are invertible with
// a positive determinant on the instances numeric.Random makes).
//
// The generator is typed: expr(shape, depth) returns an expression of the
// requested shape, chosen among the constructions that produce that shape
// (a matrix product with a random inner size, a Hadamard product, an
// element-wise function, a transpose of the transposed shape, Diag of a
// column when square, kron when the sizes factor, and so on). Leaves are
// declared names, numbers, and I where a neighbour fixes its size.
package randexpr

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// Options tune the generator. The zero value is the default.
type Options struct {
	MaxDepth int // deepest nesting of constructions; 0 means 6
	MaxSize  int // soft bound on the nodes of an expression; 0 means 60
}

// Generate returns a random scalar expression, its declarations (every name
// in it, in order of first use, some of them symmetric) and wrt, one of its
// names (scalar, vector or matrix) to take the gradient by. The same rng
// state gives the same result.
func Generate(rng *rand.Rand, opts Options) (expr ast.Expr, decls ast.Decls, wrt string) {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = 6
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = 60
	}
	for {
		g := &gen{rng: rng, opts: opts, pool: map[string][]string{}}
		g.size++
		e := g.scalar(opts.MaxDepth - 1)
		names := ast.Names(e)
		if len(names) == 0 {
			continue
		}
		// Declarations in order of first use.
		var ds ast.Decls
		for _, n := range names {
			ds = append(ds, *g.decls.Lookup(n))
		}
		return e, ds, names[rng.IntN(len(names))]
	}
}

// Where returns the declarations as a where clause: "x: n x 1, S:
// symmetric n x n, alpha: scalar".
func Where(decls ast.Decls) string {
	var parts []string
	for _, d := range decls {
		s := d.Shape.String()
		if d.Symmetric {
			s = "symmetric " + s
		}
		parts = append(parts, d.Name+": "+s)
	}
	return strings.Join(parts, ", ")
}

// Source returns "EXPR where DECLS" in the text format, the input that
// reproduces a generated case.
func Source(e ast.Expr, decls ast.Decls) string {
	return ast.Text(e) + " where " + Where(decls)
}

type gen struct {
	rng   *rand.Rand
	opts  Options
	size  int                 // nodes made so far
	decls ast.Decls           // every name made
	pool  map[string][]string // shape key -> names of that shape
}

var (
	one      = ast.Known(1)
	simple   = []ast.Dim{ast.Named("n"), ast.Named("m"), ast.Named("k"), ast.Known(1), ast.Known(2), ast.Known(3)}
	simpleW  = []int{4, 4, 3, 3, 1, 1}
	nonOne   = []ast.Dim{ast.Named("n"), ast.Named("m"), ast.Named("k"), ast.Known(2), ast.Known(3)}
	nonOneW  = []int{4, 3, 2, 1, 1}
	epowSafe = []float64{2, 3}
	epowPos  = []float64{0.5, -1}
)

func (g *gen) pick(weights []int) int {
	t := 0
	for _, w := range weights {
		t += w
	}
	r := g.rng.IntN(t)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	panic("unreachable")
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// dim is a random size: a dimension name, 1, 2 or 3.
func (g *gen) dim() ast.Dim { return simple[g.pick(simpleW)] }

// bigDim is a random size other than 1.
func (g *gen) bigDim() ast.Dim { return nonOne[g.pick(nonOneW)] }

// squareDim is a size for a square matrix under tr, det and the like:
// mostly a plain size, sometimes a product, which only kron can fill.
func (g *gen) squareDim() ast.Dim {
	if g.chance(0.08) {
		return g.bigDim().Times(g.bigDim())
	}
	return g.bigDim()
}

func (g *gen) shape() ast.Shape { return ast.Shape{Rows: g.dim(), Cols: g.dim()} }

func isProduct(d ast.Dim) bool { return len(d.Names) > 1 || (len(d.Names) == 1 && d.N > 1) }

func isSimple(s ast.Shape) bool { return !isProduct(s.Rows) && !isProduct(s.Cols) }

// factors lists every way to write d as a product d1·d2.
func factors(d ast.Dim) [][2]ast.Dim {
	var out [][2]ast.Dim
	seen := map[string]bool{}
	for a := 1; a <= d.N; a++ {
		if d.N%a != 0 {
			continue
		}
		for mask := 0; mask < 1<<len(d.Names); mask++ {
			var in, rest []string
			for i, n := range d.Names {
				if mask&(1<<i) != 0 {
					in = append(in, n)
				} else {
					rest = append(rest, n)
				}
			}
			d1, d2 := ast.Dim{N: a, Names: in}, ast.Dim{N: d.N / a, Names: rest}
			key := d1.String() + "|" + d2.String()
			if !seen[key] {
				seen[key] = true
				out = append(out, [2]ast.Dim{d1, d2})
			}
		}
	}
	return out
}

// split picks a factorization of d, preferring one with no factor 1 when
// there is one and prefer is set.
func (g *gen) split(d ast.Dim, prefer bool) (ast.Dim, ast.Dim) {
	fs := factors(d)
	if prefer {
		var good [][2]ast.Dim
		for _, f := range fs {
			if !f[0].IsOne() && !f[1].IsOne() {
				good = append(good, f)
			}
		}
		if len(good) > 0 {
			fs = good
		}
	}
	f := fs[g.rng.IntN(len(fs))]
	return f[0], f[1]
}

// ---- leaves ----

var (
	scalarNames = []string{"alpha", "beta", "gamma", "eta", "theta", "kappa", "mu", "nu", "rho", "tau"}
	vectorNames = []string{"x", "y", "z", "u", "v", "w", "a", "b", "c", "p", "q"}
	rowNames    = []string{"h", "g", "r"}
	matrixNames = []string{"A", "B", "C", "X", "Y", "Z", "W", "M", "N", "P", "Q", "R", "U", "V", "K", "L", "F", "G", "H", "E"}
	symNames    = []string{"S", "Sg", "Sb", "Sc"}
)

func shapeKey(s ast.Shape, sym bool) string {
	k := s.Rows.String() + "x" + s.Cols.String()
	if sym {
		k += "s"
	}
	return k
}

// name returns a name of shape s: one made before with that shape, or a new
// one.
func (g *gen) name(s ast.Shape, sym bool) *ast.Sym {
	key := shapeKey(s, sym)
	if old := g.pool[key]; len(old) > 0 && g.chance(0.5) {
		return ast.S(old[g.rng.IntN(len(old))])
	}
	var base []string
	switch {
	case sym:
		base = symNames
	case s.IsScalar():
		base = scalarNames
	case s.IsColumn():
		base = vectorNames
	case s.IsRow():
		base = rowNames
	default:
		base = matrixNames
	}
	n := ""
	for i := 0; n == ""; i++ {
		c := base[i%len(base)]
		if i >= len(base) {
			c += fmt.Sprint(i/len(base) + 1)
		}
		if g.decls.Lookup(c) == nil {
			n = c
		}
	}
	g.decls = append(g.decls, ast.Decl{Name: n, Shape: s, Symmetric: sym})
	g.pool[key] = append(g.pool[key], n)
	return ast.S(n)
}

// leaf returns a name or a number of shape s; for a shape with a product
// size, which no declaration can have, a kron or vec of names.
func (g *gen) leaf(s ast.Shape) ast.Expr {
	g.size++
	if !isSimple(s) {
		if s.IsColumn() && g.chance(0.5) {
			a, b := g.split(s.Rows, true)
			return ast.Fn(ast.FnVec, g.leaf(ast.Shape{Rows: a, Cols: b}))
		}
		r1, r2 := g.split(s.Rows, true)
		c1, c2 := g.split(s.Cols, true)
		return ast.Fn(ast.FnKron, g.leaf(ast.Shape{Rows: r1, Cols: c1}), g.leaf(ast.Shape{Rows: r2, Cols: c2}))
	}
	if s.IsScalar() && g.chance(0.2) {
		return ast.N([]float64{2, 3, 0.5}[g.rng.IntN(3)])
	}
	if s.IsSquare() && !s.Rows.IsOne() && g.chance(0.3) {
		return g.name(s, true)
	}
	return g.name(s, false)
}

// ---- helpers ----

func neg(x ast.Expr) ast.Expr {
	// The parser folds -2 into the number: make the same tree.
	if n, ok := x.(*ast.Num); ok {
		if n.IsFraction() {
			return n.Number().Neg().Num()
		}
		return ast.N(-n.Val)
	}
	return ast.Neg(x)
}

func call(f ast.Func, x ast.Expr) ast.Expr { return ast.Fn(f, x) }

// clone copies e, so that a subexpression written twice is two trees, as
// after parsing.
func clone(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.Sym:
		return ast.S(e.Name)
	case *ast.Num:
		return &ast.Num{Val: e.Val, P: e.P, Q: e.Q}
	case *ast.Identity:
		return ast.Eye()
	case *ast.Unary:
		return ast.Un(e.Op, clone(e.X))
	case *ast.Binary:
		return ast.Bin(e.Op, clone(e.X), clone(e.Y))
	case *ast.Call:
		var args []ast.Expr
		for _, a := range e.Args {
			args = append(args, clone(a))
		}
		return ast.Fn(e.Fun, args...)
	}
	panic(fmt.Sprintf("randexpr: unknown node %T", e))
}

type choice struct {
	w float64
	f func() ast.Expr
}

func (g *gen) choose(cs []choice) ast.Expr {
	t := 0.0
	for _, c := range cs {
		t += c.w
	}
	r := g.rng.Float64() * t
	for _, c := range cs {
		if r < c.w {
			return c.f()
		}
		r -= c.w
	}
	for i := len(cs) - 1; ; i-- { // rounding
		if cs[i].w > 0 {
			return cs[i].f()
		}
	}
}

// stop says whether to put a leaf here.
func (g *gen) stop(depth int) bool {
	if depth <= 0 || g.size >= g.opts.MaxSize {
		return true
	}
	// Leaves get likelier with depth.
	frac := float64(depth) / float64(g.opts.MaxDepth)
	return g.chance(0.55 - 0.45*frac)
}

func w(cond bool, weight float64) float64 {
	if cond {
		return weight
	}
	return 0
}

// ---- the typed generator ----

// expr returns an expression of shape s.
func (g *gen) expr(s ast.Shape, depth int) ast.Expr {
	if g.stop(depth) {
		return g.leaf(s)
	}
	g.size++
	d := depth - 1
	if s.IsScalar() {
		return g.scalar(d)
	}
	return g.matrix(s, d)
}

// elementwise returns f(arg) of shape s for a random element-wise f, with
// an argument in f's domain.
func (g *gen) elementwise(s ast.Shape, d int) ast.Expr {
	fs := []ast.Func{ast.FnExp, ast.FnLog, ast.FnSin, ast.FnCos, ast.FnTan, ast.FnArcsin, ast.FnArccos,
		ast.FnArctan, ast.FnTanh, ast.FnSqrt, ast.FnSigmoid, ast.FnAbs, ast.FnSign, ast.FnRelu, ast.FnStep}
	f := fs[g.rng.IntN(len(fs))]
	switch f {
	case ast.FnLog, ast.FnSqrt:
		return call(f, g.pos(s, d))
	case ast.FnArcsin, ast.FnArccos, ast.FnTan:
		return call(f, g.small(s, d))
	}
	return call(f, g.expr(s, d))
}

// epow returns base.^p of shape s.
func (g *gen) epow(s ast.Shape, d int) ast.Expr {
	if g.chance(0.5) {
		return ast.Bin(ast.OpEPow, g.expr(s, d), ast.N(epowSafe[g.rng.IntN(2)]))
	}
	return ast.Bin(ast.OpEPow, g.pos(s, d), ast.N(epowPos[g.rng.IntN(2)]))
}

// broadcast returns x op y where one side may be a scalar that meets every
// entry of the other.
func (g *gen) broadcast(op ast.Op, s ast.Shape, d int, right func(ast.Shape, int) ast.Expr) ast.Expr {
	if !s.IsScalar() && g.chance(0.2) {
		if g.chance(0.5) {
			return ast.Bin(op, g.expr(ast.Scalar, d), right(s, d))
		}
		return ast.Bin(op, g.expr(s, d), right(ast.Scalar, d))
	}
	return ast.Bin(op, g.expr(s, d), right(s, d))
}

// matrix returns a non-scalar expression of shape s.
func (g *gen) matrix(s ast.Shape, d int) ast.Expr {
	square := s.IsSquare()
	column := s.IsColumn()
	return g.choose([]choice{
		{6, func() ast.Expr { return g.broadcast(ast.OpAdd, s, d, g.expr) }},
		{3, func() ast.Expr { return g.broadcast(ast.OpSub, s, d, g.expr) }},
		{2, func() ast.Expr { return neg(g.expr(s, d)) }},
		{10, func() ast.Expr { // matrix product with a random inner size
			k := g.dim()
			return ast.Mul(g.expr(ast.Shape{Rows: s.Rows, Cols: k}, d), g.expr(ast.Shape{Rows: k, Cols: s.Cols}, d))
		}},
		{3, func() ast.Expr { // scaling by a 1 x 1 factor
			if g.chance(0.7) {
				return ast.Mul(g.expr(ast.Scalar, d), g.expr(s, d))
			}
			return ast.Mul(g.expr(s, d), g.expr(ast.Scalar, d))
		}},
		{2, func() ast.Expr { return ast.Bin(ast.OpDiv, g.expr(s, d), g.pos(ast.Scalar, d)) }},
		{5, func() ast.Expr { return g.broadcast(ast.OpHad, s, d, g.expr) }},
		{2, func() ast.Expr { return g.broadcast(ast.OpHDiv, s, d, g.pos) }},
		{5, func() ast.Expr { return ast.T(g.expr(s.T(), d)) }},
		{8, func() ast.Expr { return g.elementwise(s, d) }},
		{1, func() ast.Expr { return ast.Fn(ast.FnSoftmax, g.expr(s, d)) }},
		{3, func() ast.Expr { return g.epow(s, d) }},
		{w(square, 2), func() ast.Expr { return ast.Inv(g.invertible(s.Rows, d)) }},
		{w(square, 2), func() ast.Expr {
			if g.chance(0.2) {
				return ast.Bin(ast.OpPow, g.invertible(s.Rows, d), ast.N(-2))
			}
			return ast.Bin(ast.OpPow, g.expr(s, d), ast.N(float64(2+g.rng.IntN(2))))
		}},
		{w(square, 2), func() ast.Expr { return ast.Fn(ast.FnDiagM, g.expr(ast.Shape{Rows: s.Rows, Cols: one}, d)) }},
		{1, func() ast.Expr { // a matrix of ones, as a factor or a term
			if g.chance(0.5) {
				return ast.Had(ast.Ones(s), g.expr(s, d))
			}
			return ast.Mul(g.expr(ast.Scalar, d), ast.Ones(s))
		}},
		{0.5, func() ast.Expr { return ast.Add(g.expr(s, d), ast.Zeros(s)) }},
		{w(isProduct(s.Rows), 2), func() ast.Expr { // the commutation matrix
			a, b := g.split(s.Rows, true)
			return ast.Mul(ast.Commutation(a, b), g.expr(s, d))
		}},
		{w(isSimple(s), 1.5), func() ast.Expr { // unvec of a vector
			return ast.Unvec(g.expr(ast.Shape{Rows: s.Rows.Times(s.Cols), Cols: one}, d), s.Rows, s.Cols)
		}},
		{w(square, 3), func() ast.Expr { // I where its size is fixed by the other side
			x := g.expr(s, d)
			switch g.rng.IntN(4) {
			case 0:
				return ast.Add(x, ast.Eye())
			case 1:
				return ast.Sub(ast.Eye(), x)
			case 2:
				return ast.Sub(x, ast.Eye())
			}
			return ast.Had(ast.Eye(), x)
		}},
		{w(column, 2), func() ast.Expr {
			a, b := g.split(s.Rows, g.chance(0.7))
			if g.chance(0.5) {
				a, b = b, a
			}
			return ast.Fn(ast.FnVec, g.expr(ast.Shape{Rows: a, Cols: b}, d))
		}},
		{w(column, 2), func() ast.Expr { return ast.Fn(ast.FnDiag, g.expr(ast.Shape{Rows: s.Rows, Cols: s.Rows}, d)) }},
		// kron: of matrices where a size is a product; otherwise of
		// vectors and scalars, which is rarely how one writes it.
		{w(!isSimple(s), 3) + w(isSimple(s), 0.4), func() ast.Expr {
			r1, r2 := g.split(s.Rows, true)
			c1, c2 := g.split(s.Cols, true)
			return ast.Fn(ast.FnKron, g.expr(ast.Shape{Rows: r1, Cols: c1}, d), g.expr(ast.Shape{Rows: r2, Cols: c2}, d))
		}},
	})
}

// scalar returns a 1 x 1 expression.
func (g *gen) scalar(d int) ast.Expr {
	sc := ast.Scalar
	return g.choose([]choice{
		{5, func() ast.Expr { n := g.squareDim(); return ast.Fn(ast.FnTr, g.expr(ast.Shape{Rows: n, Cols: n}, d)) }},
		{1, func() ast.Expr { // u' K v with the commutation matrix K
			a, b := g.bigDim(), g.bigDim()
			v := ast.Shape{Rows: a.Times(b), Cols: one}
			return ast.Mul(ast.Mul(ast.T(g.expr(v, d)), ast.Commutation(a, b)), g.expr(v, d))
		}},
		{8, func() ast.Expr { // x' A y
			r, c := g.bigDim(), g.dim()
			var left ast.Expr
			if g.chance(0.6) {
				left = ast.T(g.expr(ast.Shape{Rows: r, Cols: one}, d))
			} else {
				left = g.expr(ast.Shape{Rows: one, Cols: r}, d)
			}
			return ast.Mul(ast.Mul(left, g.expr(ast.Shape{Rows: r, Cols: c}, d)), g.expr(ast.Shape{Rows: c, Cols: one}, d))
		}},
		{4, func() ast.Expr { // u' v
			r := g.bigDim()
			return ast.Mul(ast.T(g.expr(ast.Shape{Rows: r, Cols: one}, d)), g.expr(ast.Shape{Rows: r, Cols: one}, d))
		}},
		{5, func() ast.Expr { return ast.Fn(ast.FnSum, g.expr(g.shape(), d)) }},
		{3, func() ast.Expr { return ast.Fn(ast.FnNorm, g.expr(g.shape(), d)) }},
		{3, func() ast.Expr { return ast.Fn(ast.FnNorm1, g.expr(g.shape(), d)) }},
		{1, func() ast.Expr { return ast.Fn(ast.FnLogsumexp, g.expr(g.shape(), d)) }},
		{5, func() ast.Expr {
			s := g.shape()
			if s.IsSquare() && !s.Rows.IsOne() && g.chance(0.15) {
				return ast.Frob(ast.Eye(), g.expr(s, d))
			}
			return ast.Frob(g.expr(s, d), g.expr(s, d))
		}},
		// det of kron(A, B) is det(A)^m det(B)^n: too large for finite
		// differences to see the other terms next to it.
		{3, func() ast.Expr { return ast.Fn(ast.FnDet, g.invertible(g.bigDim(), d)) }},
		{4, func() ast.Expr { return ast.Fn(ast.FnLogdet, g.invertible(g.squareDim(), d)) }},
		{2, func() ast.Expr { // vec(A)' kron(B, C) vec(D)
			p, q, r, s := g.bigDim(), g.bigDim(), g.bigDim(), g.dim()
			a := ast.Fn(ast.FnVec, g.expr(ast.Shape{Rows: r, Cols: p}, d))
			k := ast.Fn(ast.FnKron, g.expr(ast.Shape{Rows: p, Cols: q}, d), g.expr(ast.Shape{Rows: r, Cols: s}, d))
			b := ast.Fn(ast.FnVec, g.expr(ast.Shape{Rows: s, Cols: q}, d))
			return ast.Mul(ast.Mul(ast.T(a), k), b)
		}},
		{6, func() ast.Expr { return g.broadcast(ast.OpAdd, sc, d, g.expr) }},
		{3, func() ast.Expr { return g.broadcast(ast.OpSub, sc, d, g.expr) }},
		{2, func() ast.Expr { return neg(g.expr(sc, d)) }},
		{4, func() ast.Expr { return ast.Mul(g.expr(sc, d), g.expr(sc, d)) }},
		{2, func() ast.Expr { return ast.Bin(ast.OpDiv, g.expr(sc, d), g.pos(sc, d)) }},
		{2, func() ast.Expr { return ast.Had(g.expr(sc, d), g.expr(sc, d)) }},
		{1, func() ast.Expr { return ast.Bin(ast.OpHDiv, g.expr(sc, d), g.pos(sc, d)) }},
		{1, func() ast.Expr { return ast.T(g.expr(sc, d)) }},
		{8, func() ast.Expr { return g.elementwise(sc, d) }},
		{2, func() ast.Expr { return g.epow(sc, d) }},
		{2, func() ast.Expr {
			if g.chance(0.3) {
				return ast.Bin(ast.OpPow, g.pos(sc, d), ast.N(-2))
			}
			return ast.Bin(ast.OpPow, g.expr(sc, d), ast.N(float64(2+g.rng.IntN(2))))
		}},
		{1, func() ast.Expr { return ast.Inv(g.strongPos(sc, d)) }},
		{1, func() ast.Expr { // diag of a 1 x 1, Diag of a 1 x 1, vec of a 1 x 1, kron of two
			switch g.rng.IntN(3) {
			case 0:
				return ast.Fn(ast.FnDiag, g.expr(sc, d))
			case 1:
				return ast.Fn(ast.FnDiagM, g.expr(sc, d))
			}
			return ast.Fn(ast.FnKron, g.expr(sc, d), g.expr(sc, d))
		}},
	})
}

// pos returns an expression of shape s with positive entries: by
// construction (exp, sigmoid, 1 + x.^2), or through names that
// numeric.Random makes positive because they stand under log, sqrt, a
// divisor, or a negative or fractional power, and only sums, products,
// quotients, powers and transposes lie in between.
func (g *gen) pos(s ast.Shape, depth int) ast.Expr {
	if g.stop(depth) {
		if s.IsScalar() && g.chance(0.2) {
			g.size++
			return ast.N([]float64{2, 0.5, 3}[g.rng.IntN(3)])
		}
		return g.leaf(s)
	}
	g.size++
	d := depth - 1
	sc := ast.Scalar
	return g.choose([]choice{
		{4, func() ast.Expr { return g.strongPos(s, depth) }},
		{2, func() ast.Expr { return ast.Add(g.pos(s, d), g.pos(s, d)) }},
		{2, func() ast.Expr { return ast.Had(g.pos(s, d), g.pos(s, d)) }},
		{1, func() ast.Expr { return ast.Bin(ast.OpHDiv, g.pos(s, d), g.pos(s, d)) }},
		{2, func() ast.Expr {
			k := g.dim()
			return ast.Mul(g.pos(ast.Shape{Rows: s.Rows, Cols: k}, d), g.pos(ast.Shape{Rows: k, Cols: s.Cols}, d))
		}},
		{w(!s.IsScalar(), 1), func() ast.Expr { return ast.Mul(g.pos(sc, d), g.pos(s, d)) }},
		{1, func() ast.Expr { return ast.Bin(ast.OpDiv, g.pos(s, d), g.pos(sc, d)) }},
		{1, func() ast.Expr { return call(ast.FnSqrt, g.pos(s, d)) }},
		{1, func() ast.Expr {
			ps := []float64{2, 3, 0.5, -1}
			return ast.Bin(ast.OpEPow, g.pos(s, d), ast.N(ps[g.rng.IntN(len(ps))]))
		}},
		{1, func() ast.Expr { return ast.T(g.pos(s.T(), d)) }},
		{w(s.IsScalar(), 2), func() ast.Expr { return ast.Fn(ast.FnSum, g.pos(g.shape(), d)) }},
		{w(s.IsScalar(), 1), func() ast.Expr { n := g.bigDim(); return ast.Fn(ast.FnTr, g.pos(ast.Shape{Rows: n, Cols: n}, d)) }},
		{w(s.IsScalar(), 1), func() ast.Expr { t := g.shape(); return ast.Frob(g.pos(t, d), g.pos(t, d)) }},
		{w(s.IsColumn() && !s.IsScalar(), 1), func() ast.Expr {
			a, b := g.split(s.Rows, true)
			return ast.Fn(ast.FnVec, g.pos(ast.Shape{Rows: a, Cols: b}, d))
		}},
		{w(!isSimple(s), 1) + w(isSimple(s) && !s.IsScalar(), 0.1), func() ast.Expr {
			r1, r2 := g.split(s.Rows, true)
			c1, c2 := g.split(s.Cols, true)
			return ast.Fn(ast.FnKron, g.pos(ast.Shape{Rows: r1, Cols: c1}, d), g.pos(ast.Shape{Rows: r2, Cols: c2}, d))
		}},
	})
}

// strongPos returns an expression of shape s that is positive whatever the
// values of its names.
func (g *gen) strongPos(s ast.Shape, d int) ast.Expr {
	g.size++
	switch g.rng.IntN(4) {
	case 0:
		return call(ast.FnExp, g.expr(s, d))
	case 1:
		return call(ast.FnSigmoid, g.expr(s, d))
	case 2:
		return ast.Add(ast.N(1), ast.Bin(ast.OpEPow, g.expr(s, d), ast.N(2)))
	}
	if s.IsScalar() {
		return ast.Add(ast.N(1), ast.Fn(ast.FnNorm, g.expr(g.shape(), d)))
	}
	return call(ast.FnSqrt, ast.Add(ast.N(1), ast.Bin(ast.OpEPow, g.expr(s, d), ast.N(2))))
}

// small returns an expression of shape s with entries well inside (-1, 1):
// names that numeric.Random keeps small under arcsin and arccos, and
// bounded functions scaled down.
func (g *gen) small(s ast.Shape, depth int) ast.Expr {
	if g.stop(depth) {
		return g.leaf(s)
	}
	g.size++
	d := depth - 1
	return g.choose([]choice{
		{3, func() ast.Expr { return ast.Mul(ast.N(0.5), call(ast.FnTanh, g.expr(s, d))) }},
		{2, func() ast.Expr { return ast.Mul(ast.N(0.5), call(ast.FnSin, g.expr(s, d))) }},
		{1, func() ast.Expr { return ast.Mul(ast.N(0.5), ast.Add(g.small(s, d), g.small(s, d))) }},
		{2, func() ast.Expr { return ast.Had(g.small(s, d), g.small(s, d)) }},
		{1, func() ast.Expr { return neg(g.small(s, d)) }},
		{1, func() ast.Expr { return ast.T(g.small(s.T(), d)) }},
		{1, func() ast.Expr { return ast.Bin(ast.OpEPow, g.small(s, d), ast.N(3)) }},
	})
}

// invertible returns an n x n expression that is invertible with a
// positive determinant: names under det, logdet, inv or a negative power
// get such values from numeric.Random, and products, transposes, inverses,
// powers, M M' + I, Diag of a positive vector and kron keep the property.
func (g *gen) invertible(n ast.Dim, depth int) ast.Expr {
	s := ast.Shape{Rows: n, Cols: n}
	if n.IsOne() {
		return g.strongPos(ast.Scalar, depth)
	}
	if isProduct(n) && (depth <= 1 || g.chance(0.6)) {
		a, b := g.split(n, true)
		return ast.Fn(ast.FnKron, g.invertible(a, depth-1), g.invertible(b, depth-1))
	}
	if g.stop(depth) {
		g.size++
		if isProduct(n) {
			a, b := g.split(n, true)
			return ast.Fn(ast.FnKron, g.invertible(a, 0), g.invertible(b, 0))
		}
		return g.name(s, g.chance(0.3))
	}
	g.size++
	d := depth - 1
	return g.choose([]choice{
		{3, func() ast.Expr { return ast.Mul(g.invertible(n, d), g.invertible(n, d)) }},
		{2, func() ast.Expr { return ast.T(g.invertible(n, d)) }},
		{1, func() ast.Expr { return ast.Inv(g.invertible(n, d)) }},
		{3, func() ast.Expr { // M M' + I or M' M + I
			k := g.dim()
			if g.chance(0.5) {
				m := g.expr(ast.Shape{Rows: n, Cols: k}, d)
				return ast.Add(ast.Mul(m, ast.T(clone(m))), ast.Eye())
			}
			m := g.expr(ast.Shape{Rows: k, Cols: n}, d)
			return ast.Add(ast.Mul(ast.T(m), clone(m)), ast.Eye())
		}},
		{2, func() ast.Expr { return ast.Fn(ast.FnDiagM, g.pos(ast.Shape{Rows: n, Cols: one}, d)) }},
		{1, func() ast.Expr { return ast.Bin(ast.OpPow, g.invertible(n, d), ast.N(float64(2+g.rng.IntN(2)))) }},
		{1, func() ast.Expr {
			c := []float64{2, 0.5, 3}[g.rng.IntN(3)]
			return ast.Mul(ast.N(c), g.invertible(n, d))
		}},
		{w(isProduct(n), 4), func() ast.Expr {
			a, b := g.split(n, true)
			return ast.Fn(ast.FnKron, g.invertible(a, d), g.invertible(b, d))
		}},
	})
}

// Coverage counts the operators and functions of e, by name ("mul",
// "kron", "I", "num", "sym", ...), into into.
func Coverage(e ast.Expr, into map[string]int) {
	ast.Inspect(e, func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.Sym:
			into["name"]++
		case *ast.Num:
			into["number"]++
		case *ast.Identity:
			into["I"]++
		case *ast.Unary:
			into[x.Op.String()]++
		case *ast.Binary:
			name := x.Op.String()
			if x.Op == ast.OpMul {
				if isOneByOne(x.X) || isOneByOne(x.Y) {
					into["mul-scale"]++
				}
			}
			if n, ok := x.Y.(*ast.Num); ok && (x.Op == ast.OpEPow || x.Op == ast.OpPow) {
				name += ast.FormatNum(n.Val)
			}
			into[name]++
		case *ast.Call:
			into[x.Fun.String()]++
		}
		return true
	})
}

// isOneByOne is a rough syntactic test, for coverage only.
func isOneByOne(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Num:
		return true
	case *ast.Call:
		switch e.Fun {
		case ast.FnTr, ast.FnDet, ast.FnLogdet, ast.FnSum, ast.FnNorm, ast.FnNorm1, ast.FnLogsumexp:
			return true
		}
	case *ast.Binary:
		return e.Op == ast.OpFrob
	}
	return false
}

// AllConstructs lists what Coverage counts that every large enough sample
// should contain.
func AllConstructs() []string {
	out := []string{"name", "number", "I", "mul-scale", "epow2", "epow3", "epow0.5", "epow-1", "pow2", "pow3", "pow-2"}
	for _, op := range []ast.Op{ast.OpFrob, ast.OpAdd, ast.OpSub, ast.OpNeg, ast.OpMul, ast.OpDiv, ast.OpHad, ast.OpHDiv, ast.OpTranspose, ast.OpInverse} {
		out = append(out, op.String())
	}
	out = append(out, ast.FuncNames()...)
	sort.Strings(out)
	return out
}
