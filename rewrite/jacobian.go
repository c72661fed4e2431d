package rewrite

import (
	"context"
	"fmt"
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// Jacobian derives the m x n Jacobian of the m x 1 expression y with
// respect to the n x 1 name wrt: entry ij is ∂y_i/∂x_j; by a scalar name,
// y may have any shape (see ByScalar). The steps take the
// differential dy and move every term to the form L dx; J is the sum of
// the L. info comes from ast.Check of y.
func (eng *Engine) Jacobian(y ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.JacobianContext(context.Background(), y, info, wrt)
}

// JacobianContext is Jacobian that also stops when cx is done.
func (eng *Engine) JacobianContext(cx context.Context, y ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	if err := checkVariable(y, info, wrt); err != nil {
		return nil, err
	}
	c := eng.newCtx(cx, nil, info, wrt)
	if xs, _ := c.info.Name(wrt); xs.IsScalar() {
		return c.byScalar(y, c.info.Shape(y))
	}
	ys := c.info.Shape(y)
	if !ys.IsColumn() {
		return nil, &ast.Error{Pos: y.Pos(), Msg: fmt.Sprintf("a Jacobian needs a column vector, but this expression is %s", ys.Dims()),
			Hint: "use grad for a scalar; for a matrix, take vec(...) of it"}
	}
	return c.jacobian(y, ys)
}

// Hessian derives the n x n Hessian of the scalar f with respect to the
// n x 1 name wrt, as the Jacobian of its gradient.
func (eng *Engine) Hessian(f ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.HessianContext(context.Background(), f, info, wrt)
}

// HessianContext is Hessian that also stops when cx is done. Both passes,
// the gradient and its Jacobian, count against one budget.
func (eng *Engine) HessianContext(cx context.Context, f ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	c := eng.newCtx(cx, nil, info, wrt)
	g, err := c.grad(f)
	if err != nil {
		return nil, err
	}
	return c.second(wrt).jacobianOfGradient(f, g)
}

// jacobianOfGradient derives the Jacobian of the gradient g of f by the
// variable of c: a Hessian, or a mixed block of one.
func (c *ctx) jacobianOfGradient(f ast.Expr, g *Derivation) (d *Derivation, err error) {
	xs, _ := c.info.Name(c.wrt)
	switch {
	case xs.IsScalar():
		d, err = c.byScalar(g.Result, g.Shape)
	case g.Shape.IsColumn() && xs.IsColumn():
		d, err = c.jacobian(g.Result, g.Shape)
	default:
		// The Hessian of vec(X), in Kronecker form where one exists.
		d, err = c.vecJacobian(g.Result, g.Shape)
	}
	if err != nil {
		return nil, err
	}
	d.What, d.Of, d.Grad, d.F = Hessian, g.Result, g, f
	return d, nil
}

// finish ends a public derivation: a limit reached (a panic with a
// limitError) becomes its error, any other panic an internal error, and a
// derivation that succeeded is regrouped for display (present).
func finish(d **Derivation, err *error) {
	if r := recover(); r != nil {
		if le, ok := r.(limitError); ok {
			*err = le.err
			return
		}
		*err = fmt.Errorf("internal error: %v", r)
		return
	}
	if *err == nil {
		present(*d)
	}
}

// second returns the state for a second pass of a derivation by wrt (the
// Jacobian of a gradient): the same shapes, memos and budget, and its own
// count of the rules that fire.
func (c *ctx) second(wrt string) *ctx {
	cp := *c
	cp.fired = map[string]int{}
	if wrt != c.wrt {
		cp.wrt, cp.dep = wrt, map[ast.Expr]bool{} // dep holds "depends on wrt"
	}
	return &cp
}

// checkVariable checks that wrt occurs in e and is a column vector.
func checkVariable(e ast.Expr, info *ast.Info, wrt string) error {
	if err := occurs(e, info, wrt); err != nil {
		return err
	}
	if s, _ := info.Name(wrt); !s.IsColumn() {
		return &ast.Error{Msg: fmt.Sprintf("%s is %s, but Jacobians and Hessians are taken by a column vector", wrt, s.Dims()),
			Hint: "declare it n x 1, or take the gradient of a scalar with grad"}
	}
	return nil
}

func (c *ctx) jacobian(y ast.Expr, ys ast.Shape) (*Derivation, error) {
	eng := c.eng
	xs, _ := c.info.Name(c.wrt)
	d := &Derivation{What: Jacobian, Wrt: c.wrt, Info: c.info, Shape: ast.Shape{Rows: ys.Rows, Cols: xs.Rows}, fired: c.fired}
	dy, dused := c.begin(d, y)
	if dy == nil {
		return d, nil
	}
	var terms []term
	for _, t := range splitTerms(dy, false, nil) {
		terms = append(terms, term{t.neg, ast.Mul(ast.Eye(), t.e)})
	}
	d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: c.jacShow(terms), Also: dused})
	if err := c.moveTerms(d, &terms, eng.table("rules_jac.go"), c.jacDone, c.jacTidy); err != nil {
		return nil, err
	}
	return c.finishLinear(d, terms, ast.D(&ast.Sym{Name: c.wrt}))
}

// dropIdentity returns the product l without its factors I, which are
// 1 x 1 in it; 1 for I alone.
func dropIdentity(sh Shapes, l ast.Expr) ast.Expr {
	if _, ok := l.(*ast.Identity); ok {
		return ast.N(1)
	}
	b, ok := l.(*ast.Binary)
	if !ok || b.Op != ast.OpMul {
		return l
	}
	_, leftI := b.X.(*ast.Identity)
	_, rightI := b.Y.(*ast.Identity)
	switch {
	case leftI && sh.Shape(b.Y).Rows.IsOne():
		return dropIdentity(sh, b.Y)
	case rightI && sh.Shape(b.X).Cols.IsOne():
		return dropIdentity(sh, b.X)
	}
	x, y := dropIdentity(sh, b.X), dropIdentity(sh, b.Y)
	if x == b.X && y == b.Y {
		return l
	}
	return ast.Mul(x, y)
}

// finishLinear sums the L of the terms L dx into the result, and
// simplifies it.
func (c *ctx) finishLinear(d *Derivation, terms []term, dx ast.Expr) (*Derivation, error) {
	if len(terms) == 0 {
		d.Zero, d.Result = true, zeroOf(d.Shape)
		return d, nil
	}
	j := sumOf(lefts(terms, func(l ast.Expr) ast.Expr {
		if c.shape(l).IsScalar() && !d.Shape.IsScalar() {
			return ast.Mul(l, ast.Eye()) // a scalar L stands for L I
		}
		if d.Shape.Rows.IsOne() {
			// The I that every L began with is 1 x 1 when y is: nothing
			// else in L would size it (6 sum(h) I s^-4 ones(k)', the mixed
			// block of sum(h .* alpha)^-2 by alpha and a row h).
			return dropIdentity(c, l)
		}
		return l
	}))
	if len(terms) > 1 {
		d.Steps = append(d.Steps, Step{Kind: KindCollect, Expr: ast.Mul(j, dx), Rule: c.eng.collect("jac-collect")})
	}
	j2, sused := c.simplify(j)
	if isZeroValue(j2) {
		// Every term cancelled (I - I): the zero has the Jacobian's
		// shape, which nothing inside a bare 0 would fix.
		j2, d.Zero = zeroOf(d.Shape), true
	}
	if !c.equal(j2, j) {
		d.Steps = append(d.Steps, Step{Kind: KindSimplify, Expr: ast.Mul(j2, dx), Also: sused})
	}
	d.Result = c.sizeIdentities(j2, d.Shape)
	return d, nil
}

// isZeroValue reports whether e is 0 whatever its shape: the number 0,
// zeros(…), or a product with such a factor.
func isZeroValue(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Num:
		return x.Val == 0
	case *ast.Call:
		return x.Fun == ast.FnZeros
	case *ast.Binary:
		if x.Op == ast.OpMul || x.Op == ast.OpHad {
			return isZeroValue(x.X) || isZeroValue(x.Y)
		}
	}
	return false
}

// jacShow writes the terms L (inner) for display, without a leading I.
func (c *ctx) jacShow(ts []term) ast.Expr {
	shown := make([]term, len(ts))
	for i, t := range ts {
		shown[i] = t
		if b, ok := t.e.(*ast.Binary); ok && b.Op == ast.OpMul {
			if _, isI := b.X.(*ast.Identity); isI {
				shown[i].e = b.Y
			}
		}
	}
	return sumOf(shown)
}

// jacDone reports whether t reads L dx.
func (c *ctx) jacDone(t term) bool {
	b := t.e.(*ast.Binary)
	u, ok := b.Y.(*ast.Unary)
	if !ok || u.Op != ast.OpDiff {
		return false
	}
	s, ok := u.X.(*ast.Sym)
	return ok && s.Name == c.wrt
}

// moveTerms applies the identities of table, one per step, until every
// term is done, as moveAll does for gradients. Before each step the inner
// part of a term L (inner) is normalized with the jac-norm rules.
func (c *ctx) moveTerms(d *Derivation, terms *[]term, table []*Rule, done func(term) bool, tidy func(term) (term, []*Rule)) error {
	norm := c.eng.table("jac-norm")
	linear := c.eng.table("linear")
	// Each term has a state (by node): whether the linear fallback moves
	// it, and the inner parts it went through.
	states := map[ast.Expr]*moveState{}
	for {
		var rule *Rule
		var out []term
		var also, normOnly, norms []*Rule
		seen := map[*Rule]bool{}
		noteAll := func(rs []*Rule) {
			for _, r := range rs {
				if !seen[r] {
					seen[r] = true
					also = append(also, r)
				}
			}
		}
		for _, t := range *terms {
			if done(t) {
				out = append(out, t)
				continue
			}
			b := t.e.(*ast.Binary)
			if !c.hasDiff(b.Y) {
				continue // a term that lost its differential to a zero factor is zero
			}
			inner, used := c.rewriteAll(norm, b.Y)
			cur := t.e
			if inner != b.Y {
				cur = ast.Mul(b.X, inner)
			}
			if nt := (term{t.neg, cur}); done(nt) {
				// Normalizing alone brought it to the form L dx.
				normOnly = append(normOnly, used...)
				out = append(out, nt)
				continue
			}
			st := states[t.e]
			isLin := st.isLinear()
			var e ast.Expr
			var r *Rule
			if !isLin && !c.wentThrough(st, inner) {
				e, r = c.first(table, cur)
			}
			if r == nil {
				// No identity of the table moves dx, or the identities
				// of the table went round in a circle: read the linear
				// map off the structure of inner.
				e, r = c.first(linear, cur)
				isLin = r != nil
			}
			if r == nil {
				return c.jacStuck(inner)
			}
			if rule == nil {
				rule = r
			}
			if r != rule {
				if st != nil {
					states[cur] = st
				}
				out = append(out, term{t.neg, cur})
				continue
			}
			for _, u := range used {
				if tidying(u) {
					noteAll([]*Rule{u}) // tidying
				} else {
					norms = appendNew(norms, u)
				}
			}
			c.tick()
			next := &moveState{lin: isLin}
			if !isLin {
				next.inner, next.hash, next.up = inner, hashOf(c, inner), st
			}
			for _, nt := range splitTerms(e, t.neg, nil) {
				nt, used := tidy(nt)
				noteAll(used)
				states[nt.e] = next
				out = append(out, nt)
			}
		}
		*terms = out // terms that vanished are gone even when nothing moved
		switch {
		case rule == nil && len(normOnly) > 0:
			rule = normOnly[0]
			noteAll(normOnly[1:])
		case len(normOnly) > 0:
			noteAll(normOnly)
		}
		if rule == nil {
			return nil
		}
		shown := c.jacShow(out)
		if n := len(d.Steps); n > 0 && ast.Equal(d.Steps[n-1].Expr, shown) {
			// Only the grouping changed, which the display does not show:
			// the identities join the step before, or, after the
			// differential, go unsaid.
			if last := &d.Steps[n-1]; last.Kind == KindMove {
				last.Tidy = appendNew(last.Tidy, append([]*Rule{rule}, also...)...)
			}
			continue
		}
		// The identities that brought the inner parts to the form the
		// rule moves (a Hadamard product with an outer product as a
		// diagonal scaling) are named after it; tidying is one word.
		d.Steps = append(d.Steps, Step{Kind: KindMove, Expr: shown, Rule: rule, Also: norms, Tidy: also})
	}
}

// tidying reports whether r only tidies (regrouping, a Diag of a
// scalar, the simplification rules) rather than states an identity a
// reader checks.
func tidying(r *Rule) bool {
	return strings.HasPrefix(r.Name, "simp-") || r.Title == "associativity" || r.Name == "jac-Diag-scalar-inner"
}

// A moveState is what moveTerms knows of a term: whether the linear
// fallback moves it and, while the identities of the table move it, the
// inner parts it went through, newest first.
type moveState struct {
	lin   bool
	inner ast.Expr
	hash  uint64
	up    *moveState
}

func (s *moveState) isLinear() bool { return s != nil && s.lin }

// wentThrough reports whether the term with state s had the inner part
// inner before: the identities of the table would go round in a circle.
func (c *ctx) wentThrough(s *moveState, inner ast.Expr) bool {
	if s == nil {
		return false
	}
	h := hashOf(c, inner)
	for ; s != nil && s.inner != nil; s = s.up {
		c.work(1)
		if s.hash == h && c.equal(s.inner, inner) {
			return true
		}
	}
	return false
}

// jacTidy tidies the L of a term L (inner) and folds its sign into the term.
func (c *ctx) jacTidy(t term) (term, []*Rule) {
	b, ok := t.e.(*ast.Binary)
	if !ok || b.Op != ast.OpMul {
		panic(fmt.Sprintf("rewrite: a Jacobian term is not L (inner): %s", ast.Text(t.e)))
	}
	l, used := c.rewriteAll(c.eng.simp(), b.X)
	if u, ok := l.(*ast.Unary); ok && u.Op == ast.OpNeg {
		l = u.X
		t.neg = !t.neg
	}
	if l == b.X {
		return t, used
	}
	return term{t.neg, ast.Mul(l, b.Y)}, used
}

func (c *ctx) jacStuck(inner ast.Expr) error {
	return &ast.Error{Kind: ast.BeyondReach, Msg: fmt.Sprintf("cannot bring d%s to the right in %s: matdiff has no identity for that form yet", c.wrt, ast.Text(inner))}
}

// Differential takes the differential of a matrix-valued expression y by
// the name wrt, in matrix form: dY = A dX B + …, tidied.
func (eng *Engine) Differential(y ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.DifferentialContext(context.Background(), y, info, wrt)
}

// DifferentialContext is Differential that also stops when cx is done.
func (eng *Engine) DifferentialContext(cx context.Context, y ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	if err := occurs(y, info, wrt); err != nil {
		return nil, err
	}
	c := eng.newCtx(cx, nil, info, wrt)
	d = &Derivation{What: Differential, Wrt: wrt, Info: c.info, Shape: c.info.Shape(y), fired: c.fired}
	dy, dused := c.begin(d, y)
	if dy == nil {
		return d, nil
	}
	d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: dy, Also: dused})
	d.Result = dy
	return d, nil
}

// VecJacobian derives the Jacobian of vec(y) by vec(wrt), in Kronecker
// form where one exists: vec(A X B) gives Bᵀ ⊗ A.
func (eng *Engine) VecJacobian(y ast.Expr, info *ast.Info, wrt string) (*Derivation, error) {
	return eng.VecJacobianContext(context.Background(), y, info, wrt)
}

// VecJacobianContext is VecJacobian that also stops when cx is done.
func (eng *Engine) VecJacobianContext(cx context.Context, y ast.Expr, info *ast.Info, wrt string) (d *Derivation, err error) {
	defer finish(&d, &err)
	if err := occurs(y, info, wrt); err != nil {
		return nil, err
	}
	c := eng.newCtx(cx, nil, info, wrt)
	return c.vecJacobian(y, c.info.Shape(y))
}

func (c *ctx) vecJacobian(y ast.Expr, ys ast.Shape) (*Derivation, error) {
	eng := c.eng
	xs, _ := c.info.Name(c.wrt)
	d := &Derivation{What: VecJacobian, Wrt: c.wrt, Info: c.info,
		Shape: ast.Shape{Rows: ys.Rows.Times(ys.Cols), Cols: xs.Rows.Times(xs.Cols)}, fired: c.fired}
	dy, dused := c.begin(d, y)
	if dy == nil {
		return d, nil
	}
	d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: ast.Fn(ast.FnVec, dy), Also: dused})
	terms := []term{{false, ast.Mul(ast.Eye(), ast.Fn(ast.FnVec, dy))}}
	if err := c.moveTerms(d, &terms, eng.table("rules_vec.go"), c.vecDone, c.jacTidy); err != nil {
		return nil, err
	}
	return c.finishLinear(d, terms, ast.Fn(ast.FnVec, ast.D(&ast.Sym{Name: c.wrt})))
}

// vecDone reports whether t reads L vec(dX).
func (c *ctx) vecDone(t term) bool {
	b := t.e.(*ast.Binary)
	v, ok := b.Y.(*ast.Call)
	if !ok || v.Fun != ast.FnVec {
		return false
	}
	u, ok := v.Args[0].(*ast.Unary)
	if !ok || u.Op != ast.OpDiff {
		return false
	}
	s, ok := u.X.(*ast.Sym)
	return ok && s.Name == c.wrt
}
