package rewrite

import (
	"strings"

	"github.com/matdiff/matdiff/ast"
)

// The structure of the moving steps, as a reader checks them by eye: one
// identity per step, scalars out in front rather than Frobenius-multiplied,
// and a term that is another one transposed derived once.

// stepRules name what the step structure does in Go. Their patterns state
// the identities.
var stepRules = []*Rule{
	{Name: "scalar-transpose", Title: "a scalar equals its transpose", LHS: "?A : ?B", RHS: "?A' : ?B'",
		Text: "A : B = Aᵀ : Bᵀ (tr(Mᵀ) = tr(M), sᵀ = s)", LaTeX: `A : B = A^\top : B^\top`},
	{Name: "likewise", Title: "likewise for the second term", LHS: "(?A : ?B) + (?A' : ?B')", RHS: "2 (?A : ?B)",
		Text: "the second term is the first transposed, a scalar: T + Tᵀ = 2T", LaTeX: `T + T^\top = 2T`},
}

// maxTrail is the most steps a term is followed ahead to see whether its
// transpose moves in fewer.
const maxTrail = 16

// showTerms writes the terms for a step: a term s : M of two scalars
// reads s M (M alone when s is 1, M / t when s is 1 / t), so that no
// step Frobenius-multiplies a scalar.
func (c *ctx) showTerms(ts []term) ast.Expr {
	shown := make([]term, len(ts))
	for i, t := range ts {
		shown[i] = term{t.neg, c.showTerm(t.e)}
	}
	return sumOf(shown)
}

func (c *ctx) showTerm(e ast.Expr) ast.Expr {
	b, ok := e.(*ast.Binary)
	if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) || !c.shape(b.X).IsScalar() || !c.shape(b.Y).IsScalar() {
		return e
	}
	m := b.Y
	if f, ok := m.(*ast.Binary); ok && f.Op == ast.OpFrob {
		m = c.showTerm(m)
	}
	if n, ok := b.X.(*ast.Num); ok && n.Val == 1 {
		return m
	}
	if q, ok := b.X.(*ast.Binary); ok && q.Op == ast.OpDiv {
		if n, ok := q.X.(*ast.Num); ok && n.Val == 1 {
			return ast.Bin(ast.OpDiv, m, q.Y)
		}
	}
	return ast.Mul(b.X, m)
}

// addMove appends a moving step, unless it shows what the step before
// shows (a scalar written as 1 : s, say): then its identity joins the
// tidying of that step, or goes unsaid after the differential. Only a step
// that moved a term of two scalars (scalars) can show nothing new.
func (c *ctx) addMove(d *Derivation, s Step, scalars bool) {
	if n := len(d.Steps); n > 0 && (c.equal(d.Steps[n-1].Expr, s.Expr) || scalars && c.sameShown(d.Steps[n-1].Expr, s.Expr)) {
		if last := &d.Steps[n-1]; last.Kind == KindMove || last.Kind == KindLikewise {
			last.Tidy = appendNew(last.Tidy, append([]*Rule{s.Rule}, s.Tidy...)...)
		}
		return
	}
	d.Steps = append(d.Steps, s)
}

// sameShown reports whether two steps show the same expression up to the
// grouping of products and factors 1: a step that only regroups is no
// step for a reader.
func (c *ctx) sameShown(a, b ast.Expr) bool {
	if c.equal(a, b) {
		return true
	}
	memo := map[ast.Expr]ast.Expr{} // shared: what a and b share stays one node
	return c.equal(regrouped(a, memo), regrouped(b, memo))
}

// regrouped writes every product of e grouped from the left, without
// factors 1; each node once (memo), however often it is shared.
func regrouped(e ast.Expr, memo map[ast.Expr]ast.Expr) ast.Expr {
	if y, ok := memo[e]; ok {
		return y
	}
	var y ast.Expr
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpMul {
		var fs []ast.Expr
		var walk func(x ast.Expr)
		walk = func(x ast.Expr) {
			if m, ok := x.(*ast.Binary); ok && m.Op == ast.OpMul {
				walk(m.X)
				walk(m.Y)
				return
			}
			if n, ok := x.(*ast.Num); ok && n.Val == 1 {
				return
			}
			fs = append(fs, regrouped(x, memo))
		}
		walk(b)
		if len(fs) == 0 {
			y = ast.N(1)
		} else {
			y = fs[0]
			for _, f := range fs[1:] {
				y = &ast.Binary{Op: ast.OpMul, X: y, Y: f}
			}
		}
	} else {
		kids := ast.Children(e)
		for i, k := range kids {
			kids[i] = regrouped(k, memo)
		}
		y = ast.With(e, kids)
	}
	memo[e] = y
	return y
}

// sameIdentity reports whether two rules state one identity, the same
// rule or its mirror image: frob-mul-left and frob-mul-right are both the
// cyclic property of the trace.
func sameIdentity(a, b *Rule) bool {
	if a == b {
		return true
	}
	side := func(name string) string {
		return strings.TrimSuffix(strings.TrimSuffix(name, "-left"), "-right")
	}
	return a.Title == b.Title && side(a.Name) == side(b.Name)
}

// appendNew appends the rules of rs that are not in to yet.
func appendNew(to []*Rule, rs ...*Rule) []*Rule {
outer:
	for _, r := range rs {
		if r == nil {
			continue
		}
		for _, x := range to {
			if x == r {
				continue outer
			}
		}
		to = append(to, r)
	}
	return to
}

// transposeRules are the simp rules that push a transpose inside, the
// product's first: a table of its own (rewriteAll remembers its work by
// the first rule of a table).
func (c *ctx) transposeRules() []*Rule {
	out := []*Rule{c.eng.collect("simp-transpose-product")}
	for _, r := range c.eng.simp() {
		if strings.HasPrefix(r.Name, "simp-transpose-") && r != out[0] {
			out = append(out, r)
		}
	}
	return out
}

// transposed returns the term G : M written Gᵀ : Mᵀ, the same scalar,
// with the transposes pushed inside. ok is false for a term of another
// form.
func (c *ctx) transposed(t term, rules []*Rule) (term, bool) {
	b, ok := t.e.(*ast.Binary)
	if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) || rules[0] == nil {
		return t, false
	}
	g, _ := c.rewriteAll(rules, ast.T(b.X))
	m, _ := c.rewriteAll(rules, ast.T(b.Y))
	return term{t.neg, &ast.Binary{Op: ast.OpFrob, X: c.leftGrouped(g), Y: c.leftGrouped(m), At: b.At}}, true
}

// leftGrouped groups the products of e from the left, A (B C) as
// (A B) C, where the shapes allow it (a scalar factor between matrices
// does not): the form the moving identities expect.
func (c *ctx) leftGrouped(e ast.Expr) ast.Expr {
	return ast.Map(e, func(x ast.Expr) ast.Expr {
		for {
			b, ok := x.(*ast.Binary)
			if !ok || b.Op != ast.OpMul {
				return x
			}
			r, ok := b.Y.(*ast.Binary)
			if !ok || r.Op != ast.OpMul {
				return x
			}
			ab := &ast.Binary{Op: ast.OpMul, X: b.X, Y: r.X}
			sa, err1 := c.info.ShapeOf(b.X)
			sb, err2 := c.info.ShapeOf(r.X)
			if err1 != nil || err2 != nil || sa.IsScalar() != sb.IsScalar() {
				return x
			}
			if _, err := c.info.ShapeOf(ab); err != nil {
				return x
			}
			x = &ast.Binary{Op: ast.OpMul, X: ab, Y: r.Y, At: b.At}
		}
	})
}

// normal is t with its parts tidied, to compare terms.
func (c *ctx) normal(t term) term {
	if b, ok := t.e.(*ast.Binary); ok && b.Op == ast.OpFrob {
		g, _ := c.rewriteAll(c.eng.simp(), b.X)
		m, _ := c.rewriteAll(c.eng.simp(), b.Y)
		return term{t.neg, &ast.Binary{Op: ast.OpFrob, X: g, Y: m, At: b.At}}
	}
	e, _ := c.rewriteAll(c.eng.simp(), t.e)
	return term{t.neg, e}
}

// trail returns how many steps t takes alone to read G : dX, or -1 when
// no identity moves it there within maxTrail steps.
func (c *ctx) trail(t term) int {
	ts := []term{t}
	for n := 0; n <= maxTrail; n++ {
		var rule *Rule
		var out []term
		for _, t := range ts {
			if c.done(t) {
				out = append(out, t)
				continue
			}
			if !c.hasDiff(t.e) {
				continue
			}
			e, r := c.next(t)
			if r == nil {
				return -1
			}
			if rule == nil {
				rule = r
			}
			if !sameIdentity(r, rule) {
				out = append(out, t)
				continue
			}
			for _, nt := range splitTerms(e, t.neg, nil) {
				nt, _ = c.tidyTerm(nt)
				out = append(out, nt)
			}
		}
		if rule == nil {
			return n
		}
		ts = out
	}
	return -1
}

// twins looks at the terms still to move. A term that is another one
// transposed (a scalar equals its transpose) joins it: the two are derived
// once, in a "likewise" step. A term whose transpose reaches G : dX in
// fewer steps is transposed first, so that the terms move together.
func (c *ctx) twins(d *Derivation, terms *[]term, seen map[ast.Expr]bool) {
	ts := *terms
	var pending []int
	for i, t := range ts {
		if !c.done(t) && c.hasDiff(t.e) && c.shape(t.e).IsScalar() {
			pending = append(pending, i)
		}
	}
	if len(pending) < 2 {
		return
	}
	rules := c.transposeRules()
	// Equal twins: Tᵀ beside T, found by structural hash (linear in the
	// terms), confirmed by comparing.
	gone := map[int]bool{}
	// paired holds the terms that took a twin in already: T + Tᵀ + T + Tᵀ
	// is 2T + 2T, never 4T + T.
	paired := map[int]bool{}
	merged := false
	normals := map[int]term{}
	byHash := map[uint64][]int{}
	for _, i := range pending {
		normals[i] = c.normal(ts[i])
		h := hashOf(c, normals[i].e)
		byHash[h] = append(byHash[h], i)
	}
	for _, j := range pending {
		if gone[j] {
			continue
		}
		tj, ok := c.transposed(ts[j], rules)
		if !ok {
			continue
		}
		nt := c.normal(tj)
		for _, i := range byHash[hashOf(c, nt.e)] {
			if i >= j || gone[i] || paired[i] || !c.equal(nt.e, normals[i].e) {
				continue
			}
			c.tick()
			gone[j] = true
			merged = true
			if nt.neg != normals[i].neg {
				gone[i] = true // T - Tᵀ of a scalar is 0
				break
			}
			// The one that reaches G : dX sooner is derived, for both.
			if nj, ni := c.trail(ts[j]), c.trail(ts[i]); nj >= 0 && (ni < 0 || nj < ni) {
				ts[i] = ts[j]
			}
			ts[i] = c.doubled(ts[i])
			paired[i] = true
			break
		}
	}
	if merged {
		var out []term
		for i, t := range ts {
			if !gone[i] {
				out = append(out, t)
			}
		}
		*terms = out
		d.Steps = append(d.Steps, Step{Kind: KindLikewise, Expr: c.showTerms(out), Rule: c.eng.collect("likewise")})
		return
	}
	// Terms that move in fewer steps transposed.
	changed := false
	for _, i := range pending {
		if seen[ts[i].e] {
			continue // looked at before, when the terms were fewer
		}
		seen[ts[i].e] = true
		n0 := c.trail(ts[i])
		t1, ok := c.transposed(ts[i], rules)
		if !ok {
			continue
		}
		n1 := c.trail(t1)
		if n1 >= 0 && (n0 < 0 || n1+1 < n0) {
			ts[i] = t1
			changed = true
		}
	}
	if changed {
		c.tick()
		d.Steps = append(d.Steps, Step{Kind: KindMove, Expr: c.showTerms(ts), Rule: c.eng.collect("scalar-transpose")})
	}
}

// doubled returns 2 t: the factor 2 goes into G of G : M, else in front.
func (c *ctx) doubled(t term) term {
	if b, ok := t.e.(*ast.Binary); ok && b.Op == ast.OpFrob && !c.hasDiff(b.X) {
		nt, _ := c.tidyTerm(term{t.neg, &ast.Binary{Op: ast.OpFrob, X: ast.Mul(ast.N(2), b.X), Y: b.Y, At: b.At}})
		return nt
	}
	return term{t.neg, ast.Mul(ast.N(2), t.e)}
}
