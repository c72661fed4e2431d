package randexpr

import (
	"math/rand/v2"

	"github.com/matdiff/matdiff/ast"
)

// The generators of this file make the cases of the other derivatives:
// Jacobians of column vectors by a column vector (GenerateVector),
// derivatives of any shape by a scalar (GenerateByScalar), Hessians of a
// scalar by one name (GenerateHessian) and mixed Hessian blocks of a scalar
// by two (GenerateTwo). They use the typed generator of Generate; Generate
// itself is unchanged, so its seeds keep their cases.

// defaults fills in the zero fields of opts.
func (opts Options) defaults() Options {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = 6
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = 60
	}
	return opts
}

// draft makes one expression of shape s (a scalar as Generate makes it)
// and returns it with its declarations in order of first use.
func draft(rng *rand.Rand, opts Options, s ast.Shape) (ast.Expr, ast.Decls) {
	g := &gen{rng: rng, opts: opts, pool: map[string][]string{}}
	g.size++
	var e ast.Expr
	if s.IsScalar() {
		e = g.scalar(opts.MaxDepth - 1)
	} else {
		e = g.matrix(s, opts.MaxDepth-1)
	}
	// One case in three gets 1x1 factors where a matrix stands: the place
	// where identities most often mistake a scalar for a matrix.
	if rng.Float64() < 0.3 {
		if info, err := ast.Check(e, g.decls); err == nil {
			budget := 3
			e = g.scalarize(e, info, &budget)
		}
	}
	var ds ast.Decls
	for _, n := range ast.Names(e) {
		ds = append(ds, *g.decls.Lookup(n))
	}
	return e, ds
}

// scalarize puts a 1x1 factor (a scalar name, or vᵀv for a column v of
// the expression, which may hold the variable) next to some non-scalar
// subexpressions of e: s ∘ M, M ∘ s, s M or M s. It leaves alone what
// must stay in a domain (under arcsin, arccos, det and logdet), I, whose
// size its neighbours fix, and the sizes of ones, zeros, commutation and
// unvec, which are no values.
func (g *gen) scalarize(e ast.Expr, info *ast.Info, budget *int) ast.Expr {
	if c, ok := e.(*ast.Call); ok {
		switch c.Fun {
		case ast.FnArcsin, ast.FnArccos, ast.FnDet, ast.FnLogdet:
			return e
		}
	}
	kids := ast.Children(e)
	values := len(kids)
	if c, ok := e.(*ast.Call); ok {
		values = len(ast.Values(c)) // the sizes of ones(m, n) are no values
	}
	for i, k := range kids[:values] {
		kids[i] = g.scalarize(k, info, budget)
	}
	out := ast.With(e, kids)
	if _, isI := e.(*ast.Identity); isI || *budget <= 0 || info.Shape(e).IsScalar() || !g.chance(0.12) {
		return out
	}
	*budget--
	var s ast.Expr
	var vectors []string
	for _, d := range g.decls {
		if isVector(d) && ast.HasName(out, d.Name) {
			vectors = append(vectors, d.Name)
		}
	}
	if len(vectors) > 0 && g.chance(0.5) {
		v := vectors[g.rng.IntN(len(vectors))]
		s = ast.Mul(ast.T(ast.S(v)), ast.S(v))
	} else {
		s = g.name(ast.Scalar, false)
	}
	switch g.rng.IntN(4) {
	case 0:
		return ast.Had(s, out)
	case 1:
		return ast.Had(out, s)
	case 2:
		return ast.Mul(s, out)
	}
	return ast.Mul(out, s)
}

// namesWhere lists the declared names that satisfy keep.
func namesWhere(ds ast.Decls, keep func(ast.Decl) bool) []string {
	var out []string
	for _, d := range ds {
		if keep(d) {
			out = append(out, d.Name)
		}
	}
	return out
}

// isVector says whether d is a column vector with more than one entry.
func isVector(d ast.Decl) bool { return d.Shape.IsColumn() && !d.Shape.IsScalar() }

// isScalarName says whether d is a scalar.
func isScalarName(d ast.Decl) bool { return d.Shape.IsScalar() }

// notSymmetric says whether d is any name but a symmetric matrix, which
// finite differences of a Jacobian or Hessian cannot move one entry of.
func notSymmetric(d ast.Decl) bool { return !d.Symmetric }

// GenerateVector returns a random column-vector expression (m x 1 with m
// a size other than 1; 1 x 1, a scalar, one time in ten), its
// declarations, and wrt, a column vector among its names, to take the
// Jacobian by.
func GenerateVector(rng *rand.Rand, opts Options) (expr ast.Expr, decls ast.Decls, wrt string) {
	opts = opts.defaults()
	for {
		rows := one
		if rng.Float64() >= 0.1 {
			rows = nonOne[(&gen{rng: rng}).pick(nonOneW)]
		}
		e, ds := draft(rng, opts, ast.Shape{Rows: rows, Cols: one})
		if vs := namesWhere(ds, isVector); len(vs) > 0 {
			return e, ds, vs[rng.IntN(len(vs))]
		}
	}
}

// GenerateByScalar returns a random expression of any shape, its
// declarations, and wrt, a scalar among its names, to take dY/dt by.
func GenerateByScalar(rng *rand.Rand, opts Options) (expr ast.Expr, decls ast.Decls, wrt string) {
	opts = opts.defaults()
	for {
		s := (&gen{rng: rng}).shape()
		e, ds := draft(rng, opts, s)
		if ts := namesWhere(ds, isScalarName); len(ts) > 0 {
			return e, ds, ts[rng.IntN(len(ts))]
		}
	}
}

// GenerateHessian returns a random scalar expression, its declarations,
// and wrt to take the Hessian by: a column vector among its names, or, one
// time in five, any name that is not a symmetric matrix (a scalar gives
// d²f/dt², a matrix the Hessian of vec(X) in Kronecker form).
func GenerateHessian(rng *rand.Rand, opts Options) (expr ast.Expr, decls ast.Decls, wrt string) {
	opts = opts.defaults()
	for {
		keep := isVector
		if rng.Float64() < 0.2 {
			keep = notSymmetric
		}
		e, ds := draft(rng, opts, ast.Scalar)
		if vs := namesWhere(ds, keep); len(vs) > 0 {
			return e, ds, vs[rng.IntN(len(vs))]
		}
	}
}

// GenerateTwo returns a random scalar expression, its declarations, and
// two different names x and y among them for the mixed Hessian block
// ∂²f/∂x∂yᵀ: two column vectors, or, one time in four, any two names that
// are not symmetric matrices.
func GenerateTwo(rng *rand.Rand, opts Options) (expr ast.Expr, decls ast.Decls, x, y string) {
	opts = opts.defaults()
	for {
		keep := isVector
		if rng.Float64() < 0.25 {
			keep = notSymmetric
		}
		e, ds := draft(rng, opts, ast.Scalar)
		if vs := namesWhere(ds, keep); len(vs) >= 2 {
			i := rng.IntN(len(vs))
			j := rng.IntN(len(vs) - 1)
			if j >= i {
				j++
			}
			return e, ds, vs[i], vs[j]
		}
	}
}
