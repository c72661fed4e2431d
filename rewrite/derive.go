package rewrite

import (
	"context"
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// Kind says what a step of a derivation did.
type Kind int

// The kinds of steps, in the order they occur.
const (
	KindRewrite      Kind = iota // f itself rewritten (vec and Kronecker forms)
	KindDifferential             // df taken, by the d-rules in Also
	KindMove                     // one identity moved terms towards G : dX
	KindCollect                  // terms G : dX gathered into one
	KindSimplify                 // the gradient tidied
	KindSymmetric                // the gradient made symmetric
	KindLikewise                 // a term that is another one transposed joins it: derived once
)

// Step is one line of a derivation: the whole expression after one named
// identity was applied.
type Step struct {
	Kind Kind
	Expr ast.Expr // f after a KindRewrite step, df after every other step
	Rule *Rule    // the identity applied; nil for the differential and for tidying
	Also []*Rule  // further identities used in the step: the d-rules of a differential, the rules of a final simplification
	// Tidy lists the tidying that followed the identity (transposes of
	// transposes, scalar factors, a factor 1): one "simplify" on the line,
	// so that a step that moves dX names exactly the identity it used.
	Tidy []*Rule
}

// Rules returns the rule of the step and then the others it used.
func (s Step) Rules() []*Rule {
	if s.Rule == nil {
		return s.Also
	}
	return append([]*Rule{s.Rule}, s.Also...)
}

// What says what a derivation derives.
type What int

// The derivatives.
const (
	Gradient     What = iota // of a scalar: the shape of the variable
	Jacobian                 // of an m x 1 vector by an n x 1 vector: m x n
	Hessian                  // of a scalar by a vector (n x n) or a matrix (in Kronecker form)
	Differential             // of a matrix: dY in matrix form
	VecJacobian              // of vec(Y) by vec(X): in Kronecker form
)

// Derivation is a derivative with the steps that reach it.
type Derivation struct {
	What      What        // gradient, Jacobian or Hessian
	Of        ast.Expr    // for a Hessian, the gradient whose Jacobian it is; else nil
	Grad      *Derivation // for a Hessian, the derivation of that gradient; else nil
	F         ast.Expr    // the expression differentiated
	Wrt       string      // the variable
	Info      *ast.Info   // shapes of every name and node: the derivation's own clone of the Info given, which knows the size of every I it made
	Steps     []Step      // the derivation; the last step reads G : dX
	Result    ast.Expr    // the gradient G, with the shape of the variable
	Shape     ast.Shape   // the shape of the result
	Symmetric bool        // the variable is symmetric and Result is sym(G)
	Zero      bool        // f does not change with the variable: the gradient is 0
	fired     map[string]int
	pulled    bool // the gradient was derived by the pullback (pullback.go)
	unpulled  bool // the pullback was tried and left the gradient to the whole differential
}

// term is one summand of the differential while it is moved into the
// form G : dX.
type term struct {
	neg bool
	e   ast.Expr
}

// Grad derives the gradient of the scalar f with respect to the name wrt.
// info comes from ast.Check of f; Grad does not change it. The error is an
// *ast.Error for what the user can fix (f not a scalar, wrt not in f) and
// for what is beyond reach (a limit of the engine, no identity for a form),
// and a plain error for an internal failure.
func (eng *Engine) Grad(f ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.GradContext(context.Background(), f, info, wrt)
}

// GradContext is Grad that also stops, with an *ast.Error of kind
// BeyondReach, when cx is done (its deadline has passed).
func (eng *Engine) GradContext(cx context.Context, f ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	return eng.newCtx(cx, nil, info, wrt).grad(f)
}

// grad derives the gradient of f by c.wrt.
func (c *ctx) grad(f ast.Expr) (d *Derivation, err error) {
	info, wrt := c.info, c.wrt
	if err := occurs(f, info, wrt); err != nil {
		return nil, err
	}
	if s := info.Shape(f); !s.IsScalar() {
		return nil, &ast.Error{Pos: f.Pos(), Msg: fmt.Sprintf("a gradient needs a scalar expression, but this one is %s", s.Dims()),
			Hint: jacobianHint(s)}
	}
	if xs := info.Shape(&ast.Sym{Name: wrt}); xs.IsScalar() {
		// By a scalar the differential is linear in dt itself: df = f' dt.
		d, err := c.byScalar(f, xs)
		if d != nil {
			d.What = Gradient
		}
		return d, err
	}
	d = &Derivation{Wrt: wrt, Info: info, Shape: info.Shape(&ast.Sym{Name: wrt}), Symmetric: info.Symmetric(wrt), fired: c.fired}
	if !c.eng.whole {
		return c.pullbackOrWhole(d, f)
	}
	return c.wholeGrad(d, f)
}

// wholeGrad derives the gradient from the whole differential of f, its
// terms moved one identity at a time until each reads G : dX.
func (c *ctx) wholeGrad(d *Derivation, f ast.Expr) (*Derivation, error) {
	df, dused := c.begin(d, f)
	if df == nil {
		return d, nil
	}
	terms := splitTerms(df, false, nil)
	d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: sumOf(terms), Also: dused})

	if err := c.moveAll(d, &terms); err != nil {
		return nil, err
	}

	return c.gather(d, terms), nil
}

// gather ends a gradient whose terms all read G : dX: it collects them
// into one, simplifies G and makes it symmetric where the variable is.
func (c *ctx) gather(d *Derivation, terms []term) *Derivation {
	eng := c.eng
	if len(terms) == 0 {
		// Every term lost its differential to a zero factor.
		d.Zero, d.Result = true, zeroOf(d.Shape)
		return d
	}
	// Gather G1 : dX + G2 : dX + ... into (G1 + G2 + ...) : dX.
	g := sumOf(lefts(terms, nil))
	dx := terms[0].e.(*ast.Binary).Y
	if len(terms) > 1 {
		d.Steps = append(d.Steps, Step{Kind: KindCollect, Expr: ast.Frob(g, dx), Rule: eng.collect("frob-collect")})
	}
	g2, sused, plain := c.simplifyPlain(g)
	if !c.equal(g2, g) {
		d.Steps = append(d.Steps, Step{Kind: KindSimplify, Expr: ast.Frob(g2, dx), Also: sused})
	}
	g = g2
	if d.Symmetric && !c.symmetric(g) {
		gs, _ := c.simplify(ast.Bin(ast.OpDiv, ast.Add(g, ast.T(g)), ast.N(2)))
		if plain != g {
			// The textbook form of G need not give the smaller sym(G).
			if gp, _ := c.simplify(ast.Bin(ast.OpDiv, ast.Add(plain, ast.T(plain)), ast.N(2))); c.size(gp) < c.size(gs) {
				gs = gp
			}
		}
		d.Steps = append(d.Steps, Step{Kind: KindSymmetric, Expr: ast.Frob(gs, dx), Rule: eng.collect("grad-symmetric")})
		g = gs
	}
	d.Result = c.sizeIdentities(g, d.Shape)
	return d
}

// sizeIdentities writes every I of a result whose size nothing in the
// result fixes as the identity of its size, Diag(ones(n)): a result must
// read alone.
func (c *ctx) sizeIdentities(r ast.Expr, shape ast.Shape) ast.Expr {
	if !hasIdentity(r) {
		return r
	}
	alone, err := ast.Check(r, c.info.Decls())
	if err != nil {
		alone = nil
	}
	// The sizes the derivation gave each I, with the result's shape.
	c.info.ShapeOf(ast.Add(ast.Zeros(shape), r))
	return ast.Map(r, func(x ast.Expr) ast.Expr {
		if _, ok := x.(*ast.Identity); !ok {
			return x
		}
		if alone != nil {
			if s, err := alone.ShapeOf(x); err == nil && !openShape(s) {
				return x
			}
		}
		s, err := c.info.ShapeOf(x)
		if err != nil || openShape(s) {
			return x
		}
		return sizedEye(s.Rows)
	})
}

// occurs returns an error when wrt is not a name of e.
// occurs checks that wrt is a variable of e: a name in it, or one its
// declarations give a shape (the derivative by a declared name that does
// not occur is zeros of its shape, LANGUAGE.md).
func occurs(e ast.Expr, info *ast.Info, wrt string) error {
	if ast.HasName(e, wrt) {
		return nil
	}
	if _, ok := info.Name(wrt); ok {
		return nil
	}
	return &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", wrt), Hint: variablesHint(e)}
}

// begin rewrites vec and Kronecker forms of f, which becomes d.F, and
// takes the differential. When f does not change with the variable it
// records a zero result and returns nil.
func (c *ctx) begin(d *Derivation, f ast.Expr) (ast.Expr, []*Rule) {
	f2, used := c.rewriteAll(c.eng.pre(), f)
	d.F = f2
	c.f, c.fparts = f2, nil
	if len(used) > 0 {
		d.Steps = append(d.Steps, Step{Kind: KindRewrite, Expr: f2, Rule: used[0], Also: used[1:]})
	}
	df, dused := c.diffTop(c.intern(f2))
	if df == nil {
		d.Zero = true
		d.Result = zeroOf(d.Shape)
		d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: zeroOf(c.shape(f2)), Also: dused})
	}
	return df, dused
}

// zeroOf returns the zero of shape s: 0 for a scalar, zeros(m, n) else.
func zeroOf(s ast.Shape) ast.Expr {
	if s.IsScalar() {
		return ast.N(0)
	}
	return ast.Zeros(s)
}

func variablesHint(f ast.Expr) string {
	names := ast.Names(f)
	if len(names) == 0 {
		return "the expression has no names to differentiate by"
	}
	return fmt.Sprintf("the names in it are %v", names)
}

func jacobianHint(s ast.Shape) string {
	if s.IsColumn() {
		return "use jacobian for a vector-valued expression, or take a scalar of it such as sum(...) or norm(...)"
	}
	return "take a scalar of it, such as tr(...), sum(...) or norm(...)"
}

// diffTop takes the differential of f and lists the d-rules it used.
func (c *ctx) diffTop(f ast.Expr) (ast.Expr, []*Rule) {
	var used []*Rule
	seen := map[string]bool{}
	before := map[string]int{}
	for k, v := range c.fired {
		before[k] = v
	}
	df := c.diff(f, map[ast.Expr]ast.Expr{})
	if df != nil {
		c.checkSize(df, "the differential")
	}
	for _, r := range c.eng.diff() {
		if c.fired[r.Name] > before[r.Name] && !seen[r.Name] {
			seen[r.Name] = true
			used = append(used, r)
		}
	}
	if df != nil {
		df, _ = c.tidyDifferential(df)
		// Terms that cancelled leave constants behind, and a term without
		// a differential is zero, since every term is linear in it.
		var kept []term
		for _, t := range splitTerms(df, false, nil) {
			if c.hasDiff(t.e) {
				kept = append(kept, t)
			}
		}
		df = nil
		if len(kept) > 0 {
			df = sumOf(kept)
		}
	}
	return df, used
}

// diff returns d(e), or nil when e does not hold the variable.
func (c *ctx) diff(e ast.Expr, memo map[ast.Expr]ast.Expr) ast.Expr {
	if !c.depends(e) {
		return nil
	}
	if r, ok := memo[e]; ok {
		return r
	}
	c.tick()
	var out ast.Expr
	if _, ok := e.(*ast.Sym); ok {
		out = ast.D(e)
	} else if b, ok := c.broadcastSum(e); ok {
		out = c.diffBroadcastSum(b, memo)
	} else {
		var rule *Rule
		out, rule = c.dRule(e, func(rhs ast.Expr) ast.Expr { return c.fill(rhs, memo) })
		if rule == nil {
			panic(fmt.Sprintf("rewrite: no d-rule for %s", ast.Text(e)))
		}
	}
	if out != nil {
		out = c.intern(out)
		c.checkSize(out, "the differential")
	}
	memo[e] = out
	return out
}

// dRule takes d(e) by the first d-rule that matches, the differentials in
// its right side filled in by fill; out is nil when d(e) is zero, rule nil
// when no d-rule matches.
func (c *ctx) dRule(e ast.Expr, fill func(ast.Expr) ast.Expr) (out ast.Expr, rule *Rule) {
	rhs, rule := c.first(c.eng.diff(), ast.D(e))
	if rule == nil {
		return nil, nil
	}
	out = c.prune(fill(rhs))
	if n, ok := out.(*ast.Num); out == nil || ok && n.Val == 0 {
		return nil, rule // d(sign(A)) = 0
	}
	// A scalar that met every entry of a matrix (x + s) has a
	// differential that still meets every entry: ds 𝟏.
	if want := c.shape(e); c.shape(out).IsScalar() && !want.IsScalar() {
		out = ast.Mul(out, onesLike(c, e))
	}
	return out, rule
}

// broadcastSum reports whether e is a sum or difference of a scalar and
// a matrix, where the scalar meets every entry.
func (c *ctx) broadcastSum(e ast.Expr) (*ast.Binary, bool) {
	b, ok := e.(*ast.Binary)
	if !ok || (b.Op != ast.OpAdd && b.Op != ast.OpSub) {
		return nil, false
	}
	return b, c.shape(b.X).IsScalar() != c.shape(b.Y).IsScalar()
}

// diffBroadcastSum takes d(s + M) = ds 𝟏 + dM: the differential of the
// scalar meets every entry of M as the scalar did.
func (c *ctx) diffBroadcastSum(b *ast.Binary, memo map[ast.Expr]ast.Expr) ast.Expr {
	dx, dy := c.diff(b.X, memo), c.diff(b.Y, memo)
	if dx != nil && c.shape(b.X).IsScalar() {
		dx = ast.Mul(dx, onesLike(c, b.Y))
	}
	if dy != nil && c.shape(b.Y).IsScalar() {
		dy = ast.Mul(dy, onesLike(c, b.X))
	}
	name := "d-sum"
	if b.Op == ast.OpSub {
		name = "d-difference"
	}
	c.fired[name]++
	switch {
	case dx == nil && dy == nil:
		return nil
	case dy == nil:
		return dx
	case dx == nil && b.Op == ast.OpSub:
		return ast.Neg(dy)
	case dx == nil:
		return dy
	}
	return ast.Bin(b.Op, dx, dy)
}

// fill replaces every d(E) in the right side of a d-rule by the
// differential of E (nil for a constant E).
func (c *ctx) fill(e ast.Expr, memo map[ast.Expr]ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpDiff {
		return c.diff(u.X, memo)
	}
	if !c.hasDiff(e) {
		return e
	}
	kids := ast.Children(e)
	for i, k := range kids {
		kids[i] = c.fill(k, memo)
		if kids[i] == nil {
			kids[i] = zero
		}
	}
	return ast.With(e, kids)
}

// zero marks a differential that vanished; prune takes it out.
var zero = &ast.Num{Val: 0}

// containsZero reports whether e holds a vanished differential.
func (c *ctx) containsZero(e ast.Expr) bool {
	return c.memoAny(e, c.zeros, func(x ast.Expr) bool { return x == zero })
}

// prune removes the vanished differentials: 0 + A = A, 0 B = 0, and so on.
// It returns nil when the whole expression vanishes.
func (c *ctx) prune(e ast.Expr) ast.Expr {
	if e == nil || e == zero {
		return nil
	}
	if !c.containsZero(e) {
		return e // constants stay as they are, zeros in them included
	}
	switch x := e.(type) {
	case *ast.Unary:
		if x.Op == ast.OpDiff {
			return x
		}
		in := c.prune(x.X)
		if in == nil {
			return nil
		}
		return ast.With(x, []ast.Expr{in})
	case *ast.Binary:
		l, r := c.prune(x.X), c.prune(x.Y)
		switch x.Op {
		case ast.OpAdd:
			if l == nil {
				return r
			}
			if r == nil {
				return l
			}
		case ast.OpSub:
			if r == nil {
				return l
			}
			if l == nil {
				return ast.Neg(r)
			}
		case ast.OpDiv, ast.OpHDiv, ast.OpPow, ast.OpEPow:
			if l == nil {
				return nil
			}
			return ast.With(x, []ast.Expr{l, x.Y})
		default:
			if l == nil || r == nil {
				return nil
			}
		}
		return ast.With(x, []ast.Expr{l, r})
	case *ast.Call:
		kids := ast.Children(x)
		for i, k := range kids {
			kids[i] = c.prune(k)
			if kids[i] == nil {
				return nil
			}
		}
		return ast.With(x, kids)
	}
	return e
}

// tidyDifferential cleans the differential the way a person writes it:
// no double negation, no factor 1.
func (c *ctx) tidyDifferential(e ast.Expr) (ast.Expr, []*Rule) {
	e, used := c.rewriteAll(c.eng.simpTidy(), e)
	e2, used2 := c.collectTerms(e)
	if e2 != e {
		e2, _ = c.rewriteAll(c.eng.simpTidy(), e2)
	}
	return e2, append(used, used2...)
}

// splitTerms flattens sums and differences at the top of e into terms.
func splitTerms(e ast.Expr, neg bool, out []term) []term {
	ast.EachTerm(e, neg, func(neg bool, t ast.Expr) { out = append(out, term{neg, t}) })
	return out
}

// lefts returns the terms G : dX or L dx with each replaced by its G or L,
// through f when f is not nil.
func lefts(ts []term, f func(ast.Expr) ast.Expr) []term {
	out := make([]term, len(ts))
	for i, t := range ts {
		x := t.e.(*ast.Binary).X
		if f != nil {
			x = f(x)
		}
		out[i] = term{t.neg, x}
	}
	return out
}

// sumOf rebuilds the expression the terms stand for.
func sumOf(ts []term) ast.Expr {
	var e ast.Expr
	for _, t := range ts {
		e = ast.AddTerm(e, t.neg, t.e)
	}
	return e
}

// done reports whether t reads G : dX, with G of the shape of dX (a
// scalar G there still meets every entry, and has to be written so).
func (c *ctx) done(t term) bool {
	b, ok := t.e.(*ast.Binary)
	if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) || !compatible(c.shape(b.Y), c.shape(b.X)) {
		return false
	}
	u, ok := b.Y.(*ast.Unary)
	if !ok || u.Op != ast.OpDiff {
		return false
	}
	s, ok := u.X.(*ast.Sym)
	return ok && s.Name == c.wrt
}

// next finds the identity that applies to t.
func (c *ctx) next(t term) (ast.Expr, *Rule) {
	if b, ok := t.e.(*ast.Binary); ok && b.Op == ast.OpFrob && !c.hasDiff(b.X) {
		return c.first(c.eng.move(), t.e)
	}
	return c.first(c.eng.start(), t.e)
}

// moveAll applies identities, one per step, until every term reads G : dX.
// A step applies its identity to every term that it is the next one for,
// on either side (frob-mul-left and frob-mul-right are one identity, the
// cyclic property of the trace).
func (c *ctx) moveAll(d *Derivation, terms *[]term) error {
	seen := 0 // the number of terms when twins were last looked for
	looked := map[ast.Expr]bool{}
	for {
		if len(*terms) > seen {
			seen = len(*terms)
			c.twins(d, terms, looked)
		}
		var rule *Rule
		var out []term
		var tidied, mirrors []*Rule
		scalars := false // a moved term reads s : M of scalars, shown s M
		seenTidy := map[*Rule]bool{}
		for _, t := range *terms {
			if c.done(t) {
				out = append(out, t)
				continue
			}
			if !c.hasDiff(t.e) {
				continue // a term that lost its differential to a zero factor is zero
			}
			e, r := c.next(t)
			if r == nil {
				return c.stuck(t)
			}
			if rule == nil {
				rule = r
			}
			if !sameIdentity(r, rule) {
				out = append(out, t)
				continue
			}
			if r != rule {
				mirrors = appendNew(mirrors, r)
			}
			c.tick()
			if c.showTerm(t.e) != t.e {
				scalars = true
			}
			for _, nt := range splitTerms(e, t.neg, nil) {
				nt, used := c.tidyTerm(nt)
				if c.showTerm(nt.e) != nt.e {
					scalars = true
				}
				for _, u := range used {
					if !seenTidy[u] {
						seenTidy[u] = true
						tidied = append(tidied, u)
					}
				}
				out = append(out, nt)
			}
		}
		*terms = out // terms that vanished are gone even when nothing moved
		if rule == nil {
			return nil
		}
		c.checkSize(sumOf(out), "the derivation")
		c.addMove(d, Step{Kind: KindMove, Expr: c.showTerms(out), Rule: rule, Also: mirrors, Tidy: tidied}, scalars)
	}
}

// tidyTerm tidies the G of a term G : M, and folds a sign into it.
func (c *ctx) tidyTerm(t term) (term, []*Rule) {
	b, ok := t.e.(*ast.Binary)
	if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) {
		return t, nil
	}
	g, used := c.rewriteAll(c.eng.simp(), b.X)
	// The textbook form as soon as G is whole: (x − μ)(x − μ)ᵀ, not
	// (x − μ)(xᵀ − μᵀ), in every step that shows it.
	g, u := c.textbookTransposes(g)
	used = append(used, u...)
	// A leading minus on G goes to the sign of the term.
	if u, ok := g.(*ast.Unary); ok && u.Op == ast.OpNeg {
		g = u.X
		t.neg = !t.neg
	}
	if g == b.X {
		return t, used
	}
	return term{t.neg, c.intern(&ast.Binary{Op: ast.OpFrob, X: g, Y: b.Y, At: b.At})}, used
}

// stuck explains a term that no identity moves further.
func (c *ctx) stuck(t term) error {
	where := "here"
	ast.Inspect(t.e, func(x ast.Expr) bool {
		if call, ok := x.(*ast.Call); ok && (call.Fun == ast.FnVec || call.Fun == ast.FnKron) && c.hasDiff(x) {
			where = "inside " + call.Fun.String() + "(...)"
			return false
		}
		return true
	})
	return &ast.Error{Kind: ast.BeyondReach, Msg: fmt.Sprintf("cannot move d%s out of %s in %s: matdiff has no identity for that form yet", c.wrt, where, ast.Text(t.e)),
		Hint: "rewriting vec/kron forms as traces or Frobenius products may help"}
}
