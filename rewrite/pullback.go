package rewrite

import (
	"slices"

	"github.com/matdiff/matdiff/ast"
)

// The pullback: reverse mode over the shared graph of f. The state of the
// derivation is a sum of terms ±G : M, each M holding the differential
// d(N) of one node N of f, opaque. It starts as 1 : d(f). A node is pulled
// back once every node above it has been: the terms G_i : d(N) are first
// gathered into (G_1 + G_2 + ...) : d(N), so that a subexpression used
// several times costs once; then d(N) is taken one level by the d-rule of
// its operation, each operand's differential left as d(operand), and the
// move identities bring each term to G' : d(operand). Terms on d(X) are
// done; the end collects, simplifies and symmetrises them as grad does.
//
// A step names the one identity it applied (to every term it was the
// next one for, as often as it applied), the d-rules of the nodes it
// pulled back beside it. Sums, negations and transposes pass for free:
// their identities go into the tidying of the step they occur in.

// WithPullback returns an engine with the rules and limits of eng that
// derives gradients by the pullback (on, the default) or from the whole
// differential, its terms moved one identity at a time (off), as matdiff
// did before the pullback. Either way a gradient the pullback cannot take
// comes from the whole differential.
func (eng *Engine) WithPullback(on bool) *Engine {
	cp := *eng
	cp.whole = !on
	return &cp
}

// freeMoves are the identities a step applies beside its own, as tidying:
// linearity and transposition, which a reader does by eye.
var freeMoves = map[string]bool{
	"frob-transpose":             true,
	"frob-negation":              true,
	"frob-distribute":            true,
	"frob-distribute-difference": true,
	"frob-scalar-left":           true,
}

// pterm is one term ±G : M of the pullback, M holding d(target).
type pterm struct {
	neg    bool
	g, m   ast.Expr
	target ast.Expr
	from   ast.Expr // the node whose pullback made the term
	// next is the identity that moves the term on (nil once it reads
	// G : d(target)), and moved what it makes of the term.
	next  *Rule
	moved ast.Expr
}

func (t pterm) arrived() bool { return t.next == nil }

// pnode is what the pullback knows of one node of f.
type pnode struct {
	exp     []term     // d(N), one level: terms that each hold one d(child)
	targets []ast.Expr // the child of each term of exp
	rules   []*Rule    // the d-rules that gave exp
	kids    []ast.Expr
	parents int  // nodes above it not yet pulled back
	flying  int  // terms on their way to d(N)
	queued  bool // in the ready list
	done    bool
	// Once ready, the terms its pullback makes, and their identity (nil
	// when they need none but free ones).
	cand    []pterm
	candSet bool
	ident   *Rule
}

// noPullback is raised (by panic, caught in pullbackGrad) where a node
// cannot be pulled back: the gradient takes the whole differential.
type noPullback struct{}

type pullback struct {
	c     *ctx
	x     ast.Expr
	nodes map[ast.Expr]*pnode
	// parents counts the nodes of f that have a node as an operand.
	parents map[ast.Expr]int
	// byTarget holds the positions of the terms by target (at).
	byTarget map[ast.Expr][]int
	ready    []ast.Expr
	terms    []pterm
}

// pullbackOrWhole derives the gradient of f by the pullback, or from the
// whole differential where the pullback cannot pass a node (a derivative
// that is zero, or whose terms cancel).
func (c *ctx) pullbackOrWhole(d *Derivation, f ast.Expr) (*Derivation, error) {
	pd, ok, err := c.pullbackGrad(d, f)
	if err != nil || ok {
		return pd, err
	}
	return c.wholeGrad(&Derivation{Wrt: d.Wrt, Info: d.Info, Shape: d.Shape, Symmetric: d.Symmetric, fired: c.fired, unpulled: true}, f)
}

// pullbackGrad derives the gradient of f by the pullback. ok is false when
// some node cannot be pulled back: grad then takes the whole differential.
func (c *ctx) pullbackGrad(d *Derivation, f ast.Expr) (out *Derivation, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(noPullback); is {
				out, ok, err = nil, false, nil
				return
			}
			panic(r)
		}
	}()
	f2, used := c.rewriteAll(c.eng.pre(), f)
	// The nodes pulled back are those of f tidied as every line of a
	// derivation is (A^-T, not A^-1'; no factor 1).
	root, _ := c.rewriteAll(c.eng.simpTidy(), c.intern(f2))
	if !c.depends(root) {
		return nil, false, nil
	}
	d.F = f2
	c.f, c.fparts = f2, nil
	if len(used) > 0 {
		d.Steps = append(d.Steps, Step{Kind: KindRewrite, Expr: f2, Rule: used[0], Also: used[1:]})
	}
	p := &pullback{c: c, x: c.intern(&ast.Sym{Name: c.wrt}), nodes: map[ast.Expr]*pnode{}, parents: map[ast.Expr]int{}}
	p.countParents(root, map[ast.Expr]bool{})
	p.visit(root)
	p.terms = []pterm{p.newTerm(false, ast.N(1), ast.D(root), root)}
	p.enqueue(root)
	first := len(d.Steps)
	for {
		var st stepRecord
		p.free(&st)
		ident := p.choose()
		if ident == nil {
			if len(st.tidy) > 0 || len(st.drules) > 0 {
				p.record(d, &st, first)
			}
			break
		}
		for again := true; again; {
			again = p.wave(ident, &st)
			if p.free(&st) {
				again = true
			}
		}
		p.merge(&st)
		p.record(d, &st, first)
	}
	var terms []term
	for _, t := range p.terms {
		if t.target != p.x || !t.arrived() {
			panic(noPullback{})
		}
		terms = append(terms, term{t.neg, c.intern(ast.Frob(t.g, t.m))})
	}
	if len(terms) == 0 {
		panic(noPullback{})
	}
	d.pulled = true
	return c.gather(d, terms), true, nil
}

// stepRecord gathers what one step did.
type stepRecord struct {
	rule    *Rule
	mirrors []*Rule
	drules  []*Rule
	tidy    []*Rule
}

// record appends the step; the first step is the differential.
func (p *pullback) record(d *Derivation, st *stepRecord, first int) {
	c := p.c
	if len(p.terms) == 0 {
		panic(noPullback{}) // every term cancelled: the whole differential shows it
	}
	var shown []term
	scalars := false // a term of two scalars, shown as their product
	for _, t := range p.terms {
		e := c.intern(ast.Frob(t.g, t.m))
		s := c.showTerm(e)
		scalars = scalars || s != e
		shown = append(shown, term{t.neg, s})
	}
	e := sumOf(shown)
	c.checkSize(e, "the differential")
	if len(d.Steps) == first {
		also := append([]*Rule(nil), st.drules...)
		also = appendNew(also, st.rule)
		also = appendNew(also, st.mirrors...)
		d.Steps = append(d.Steps, Step{Kind: KindDifferential, Expr: e, Also: also, Tidy: st.tidy})
		return
	}
	rule, also, drules := st.rule, append([]*Rule(nil), st.mirrors...), st.drules
	switch {
	case rule != nil:
	case len(st.tidy) > 0:
		// Only free identities: the first of them names the step.
		rule, st.tidy = st.tidy[0], st.tidy[1:]
	default:
		// Only d-rules (a sum split into its terms).
		rule, drules = drules[0], drules[1:]
	}
	also = appendNew(also, drules...)
	c.addMove(d, Step{Kind: KindMove, Expr: e, Rule: rule, Also: also, Tidy: st.tidy}, scalars)
}

func (st *stepRecord) applied(r *Rule) {
	switch {
	case freeMoves[r.Name]:
		st.tidy = appendNew(st.tidy, r)
	case st.rule == nil:
		st.rule = r
	case r != st.rule:
		st.mirrors = appendNew(st.mirrors, r)
	}
}

// newTerm makes the term ±g : m on its way to d(target), with the
// identity that moves it on.
func (p *pullback) newTerm(neg bool, g, m, target ast.Expr) pterm {
	c := p.c
	t := pterm{neg: neg, g: g, m: m, target: target}
	if isDiffNode(m) && !c.hasDiff(g) && compatible(c.shape(m), c.shape(g)) {
		return t
	}
	e, r := c.first(c.eng.move(), c.intern(ast.Frob(g, m)))
	if r == nil {
		panic(noPullback{})
	}
	t.next, t.moved = r, e
	return t
}

// countParents counts, for every node below n that depends on the
// variable, the distinct nodes that have it as an operand.
func (p *pullback) countParents(n ast.Expr, seen map[ast.Expr]bool) {
	if seen[n] {
		return
	}
	seen[n] = true
	kids := ast.Children(n)
	for i, k := range kids {
		if !p.c.depends(k) || slices.Contains(kids[:i], k) {
			continue
		}
		p.parents[k]++
		p.countParents(k, seen)
	}
}

// visit finds the nodes below n that depend on the variable, with their
// differentials one level deep, and counts the parents of each.
func (p *pullback) visit(n ast.Expr) {
	if _, ok := p.nodes[n]; ok {
		return
	}
	pn := p.expand(n)
	p.nodes[n] = pn
	for _, k := range pn.kids {
		p.visit(k)
		p.nodes[k].parents++
	}
}

// expandOne returns d(n) taken one level deep, every operand's
// differential left as d(operand), and the d-rules it took.
func (p *pullback) expandOne(n ast.Expr) (out ast.Expr, rules []*Rule) {
	c := p.c
	if isSumNode(n) {
		// d(A + B − C) = dA + dB − dC, at once however the sum nests; a
		// scalar that meets every entry of a matrix keeps doing so.
		seen := map[string]bool{}
		ast.EachTerm(n, false, func(neg bool, t ast.Expr) {
			if !c.depends(t) {
				return
			}
			var e ast.Expr = ast.D(t)
			if c.shape(t).IsScalar() && !c.shape(n).IsScalar() {
				e = ast.Mul(e, onesLike(c, n))
			}
			out = ast.AddTerm(out, neg, e)
		})
		ast.Inspect(n, func(x ast.Expr) bool {
			if !isSumNode(x) {
				return false
			}
			name := "d-negation"
			if b, ok := x.(*ast.Binary); ok {
				name = map[ast.Op]string{ast.OpAdd: "d-sum", ast.OpSub: "d-difference"}[b.Op]
			}
			c.fired[name]++
			if !seen[name] {
				seen[name] = true
				rules = append(rules, c.eng.collect(name))
			}
			return true
		})
	} else if b, ok := n.(*ast.Binary); ok && b.Op == ast.OpMul {
		// d(F1 F2 ... Fk) = Σ F1 ... dFi ... Fk: the product rule over
		// the whole product at once.
		// The products before and after each factor are built once, as
		// chains that share their nodes: linear in the factors.
		fs := factors(c, n)
		pre := make([]ast.Expr, len(fs)+1) // pre[i] = F1 ... Fi, left to right
		for i, f := range fs {
			if i == 0 {
				pre[1] = f
			} else {
				pre[i+1] = ast.Mul(pre[i], f)
			}
		}
		suf := make([]ast.Expr, len(fs)+1) // suf[i] = Fi+1 ... Fk
		for i := len(fs) - 1; i >= 0; i-- {
			if i == len(fs)-1 {
				suf[i] = fs[i]
			} else {
				suf[i] = ast.Mul(fs[i], suf[i+1])
			}
		}
		for i, f := range fs {
			if !c.depends(f) {
				continue
			}
			var e ast.Expr = ast.D(f)
			if i > 0 {
				e = ast.Mul(pre[i], e)
			}
			if i < len(fs)-1 {
				e = ast.Mul(e, suf[i+1])
			}
			out = ast.AddTerm(out, false, e)
		}
		rules = []*Rule{c.eng.collect("d-product")}
		c.fired["d-product"]++
	} else {
		var rule *Rule
		out, rule = c.dRule(n, p.fillOne)
		if rule == nil {
			panic(noPullback{})
		}
		rules = []*Rule{rule}
	}
	if out != nil {
		// Tidied (constants that vanish, a product with zeros, leave the
		// term), as long as the differentials stay those of nodes of f.
		out = c.intern(out)
		if tidy, _ := c.rewriteAll(c.eng.simpTidy(), out); tidy != out && p.sameDiffs(out, tidy) {
			out = tidy
		}
		if !c.hasDiff(out) {
			out = nil
		}
	}
	return out, rules
}

// expand takes d(n) one level deep.
func (p *pullback) expand(n ast.Expr) *pnode {
	c := p.c
	c.tick()
	pn := &pnode{}
	if n == p.x {
		return pn
	}
	out, rules := p.expandOne(n)
	if call, ok := n.(*ast.Call); ok && call.Fun == ast.FnSum && out != nil {
		out, rules = p.fuseSum(out, rules)
	}
	pn.rules = rules
	if out == nil {
		return pn
	}
	kids := map[ast.Expr]bool{}
	for _, t := range splitTerms(out, false, nil) {
		var target ast.Expr
		count := 0
		ast.Inspect(t.e, func(x ast.Expr) bool {
			if isDiffNode(x) {
				target = x.(*ast.Unary).X
				count++
				return false
			}
			return c.hasDiff(x)
		})
		if count == 0 {
			continue // a constant left where a term cancelled
		}
		if count > 1 {
			panic(noPullback{})
		}
		target = c.intern(target)
		pn.exp = append(pn.exp, t)
		pn.targets = append(pn.targets, target)
		if !kids[target] {
			kids[target] = true
			pn.kids = append(pn.kids, target)
		}
	}
	return pn
}

// sameDiffs reports whether every differential d(E) in b is one of a:
// tidying did not rewrite the E inside.
func (p *pullback) sameDiffs(a, b ast.Expr) bool {
	c := p.c
	in := map[ast.Expr]bool{}
	var collect func(e ast.Expr, add bool) bool
	collect = func(e ast.Expr, add bool) bool {
		if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpDiff {
			if add {
				in[u.X] = true
				return true
			}
			return in[u.X]
		}
		if !c.hasDiff(e) {
			return true
		}
		for _, k := range ast.Children(e) {
			if !collect(k, add) {
				return false
			}
		}
		return true
	}
	collect(a, true)
	return collect(b, false)
}

// fuseSum takes, in the differential of a sum of entries, every sum(dA)
// and sum(dAᵀ) of an operand A that nothing else uses one level further:
// sum(dA) of A = B ∘ C is sum(dB ∘ C) + sum(B ∘ dC), so that the
// identities of a sum of entries (sum(A ∘ B) = A : B, sum(Aᵀ) = sum(A),
// ...) move it, rather than a matrix of ones that the simplifier then has
// to take out again. Each operand is taken so once, as it has one parent.
func (p *pullback) fuseSum(out ast.Expr, rules []*Rule) (ast.Expr, []*Rule) {
	c := p.c
	for changed := true; changed && out != nil; {
		changed = false
		var sum ast.Expr
		for _, t := range splitTerms(out, false, nil) {
			if call, ok := t.e.(*ast.Call); ok && call.Fun == ast.FnSum {
				arg, tr := call.Args[0], false
				if u, ok := arg.(*ast.Unary); ok && u.Op == ast.OpTranspose {
					arg, tr = u.X, true
				}
				if u, ok := arg.(*ast.Unary); ok && u.Op == ast.OpDiff {
					if a := u.X; a != p.x && p.parents[a] == 1 && !c.shape(a).IsScalar() {
						inner, used := p.expandOne(a)
						rules = appendNew(rules, used...)
						changed = true
						if inner == nil {
							continue // d(A) = 0: the term vanishes
						}
						for _, it := range splitTerms(inner, false, nil) {
							x := it.e
							if tr {
								x = ast.T(x)
							}
							sum = ast.AddTerm(sum, t.neg != it.neg, ast.Fn(ast.FnSum, x))
						}
						continue
					}
				}
			}
			sum = ast.AddTerm(sum, t.neg, t.e)
		}
		out = nil
		if sum != nil {
			out = c.intern(sum)
		}
	}
	return out, rules
}

// fillOne replaces, in the right side of a d-rule, the differential of
// every constant by the marker of a vanished differential; the others
// stay as they are, opaque.
func (p *pullback) fillOne(e ast.Expr) ast.Expr {
	c := p.c
	if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpDiff {
		if c.depends(u.X) {
			return u
		}
		return zero
	}
	if !c.hasDiff(e) {
		return e
	}
	kids := ast.Children(e)
	for i, k := range kids {
		kids[i] = p.fillOne(k)
	}
	return ast.With(e, kids)
}

// enqueue puts n in the ready list once nothing above it is left.
func (p *pullback) enqueue(n ast.Expr) {
	pn := p.nodes[n]
	if n == p.x || pn.done || pn.queued || pn.parents > 0 || pn.flying > 0 {
		return
	}
	pn.queued = true
	p.ready = append(p.ready, n)
}

// candidates works out, for a ready node, the terms its pullback makes.
func (p *pullback) candidates(n ast.Expr) *pnode {
	c := p.c
	pn := p.nodes[n]
	if pn.candSet {
		return pn
	}
	pn.candSet = true
	var gs []term
	for _, i := range p.at()[n] {
		t := p.terms[i]
		gs = append(gs, term{t.neg, t.g})
	}
	if len(gs) == 0 || len(pn.exp) == 0 {
		return pn
	}
	g := sumOf(gs)
	neg := false
	if len(gs) > 1 {
		g, _ = c.rewriteAll(c.eng.simp(), c.intern(g))
	} else {
		g, neg = gs[0].e, gs[0].neg
	}
	pn.cand = p.through(n, pn, []term{{neg, g}})
	// G a sum of a few terms: each pulled through on its own may cancel
	// with what the node multiplies it by, (a ⊘ s + b) ∘ s = a + b ∘ s;
	// the smaller of the two is kept.
	if parts := splitTerms(g, neg, nil); len(parts) > 1 && len(parts) <= maxSplit && len(pn.exp) <= 2 {
		if sep := p.through(n, pn, parts); p.finalSize(sep) < p.finalSize(pn.cand) {
			pn.cand = sep
		}
	}
	for _, t := range pn.cand {
		if t.next != nil && !freeMoves[t.next.Name] {
			pn.ident = t.next
			break
		}
	}
	return pn
}

// maxSplit is the most summands of a G that are tried through a node one
// by one.
const maxSplit = 4

// through returns the terms G : (d(n), one level) for each G of gs.
func (p *pullback) through(n ast.Expr, pn *pnode, gs []term) []pterm {
	var out []pterm
	for _, g := range gs {
		for i, et := range pn.exp {
			t := p.newTerm(et.neg != g.neg, g.e, et.e, pn.targets[i])
			t.from = n
			out = append(out, t)
		}
	}
	return out
}

// finalSize returns the size of the G's the terms ts make once they have
// reached their operands and are gathered there.
func (p *pullback) finalSize(ts []pterm) int64 {
	c := p.c
	var order []ast.Expr
	at := map[ast.Expr][]term{}
	var walk func(t pterm)
	walk = func(t pterm) {
		if t.arrived() {
			if _, ok := at[t.target]; !ok {
				order = append(order, t.target)
			}
			at[t.target] = append(at[t.target], term{t.neg, t.g})
			return
		}
		for _, nt := range splitTerms(t.moved, t.neg, nil) {
			if !c.hasDiff(nt.e) {
				continue
			}
			nt, _ = c.tidyTerm(nt)
			b, ok := nt.e.(*ast.Binary)
			if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) {
				panic(noPullback{})
			}
			walk(p.newTerm(nt.neg, b.X, b.Y, t.target))
		}
	}
	for _, t := range ts {
		walk(t)
	}
	var n int64
	for _, target := range order {
		g, _ := c.rewriteAll(c.eng.simp(), c.intern(sumOf(at[target])))
		g, _ = c.collectTerms(g)
		n += c.size(g)
	}
	return n
}

// at returns the positions of the terms by the node they are on their way
// to, worked out once per change of the terms.
func (p *pullback) at() map[ast.Expr][]int {
	if p.byTarget == nil {
		p.byTarget = map[ast.Expr][]int{}
		for i, t := range p.terms {
			p.byTarget[t.target] = append(p.byTarget[t.target], i)
		}
	}
	return p.byTarget
}

// setTerms replaces the terms.
func (p *pullback) setTerms(ts []pterm) {
	p.terms = ts
	p.byTarget = nil
}

// pull replaces, for every node of ns, the terms on d(n) by the terms
// its pullback makes, in one pass over the terms.
func (p *pullback) pull(ns []ast.Expr, st *stepRecord) {
	if len(ns) == 0 {
		return
	}
	pulled := map[ast.Expr]*pnode{}
	for _, n := range ns {
		pn := p.candidates(n)
		pn.done = true
		pulled[n] = pn
	}
	out := make([]pterm, 0, len(p.terms))
	placed := map[ast.Expr]bool{}
	gathered := false
	for _, t := range p.terms {
		pn, ok := pulled[t.target]
		if !ok {
			out = append(out, t)
			continue
		}
		if placed[t.target] {
			gathered = true
			continue
		}
		placed[t.target] = true
		out = append(out, pn.cand...)
		if len(pn.cand) > 0 {
			st.drules = appendNew(st.drules, pn.rules...)
		}
	}
	if gathered {
		st.tidy = appendNew(st.tidy, p.c.eng.collect("frob-collect"))
	}
	p.setTerms(out)
	for _, n := range ns {
		pn := pulled[n]
		for _, t := range pn.cand {
			if !t.arrived() {
				p.nodes[t.target].flying++
			}
		}
		for _, k := range pn.kids {
			p.nodes[k].parents--
		}
	}
	for _, n := range ns {
		for _, k := range pulled[n].kids {
			p.enqueue(k)
		}
	}
}

// merge gathers the terms that have reached the same d(N) into one as
// soon as they have: G1 : dN + G2 : dN = (G1 + G2) : dN, G tidied and its
// like terms collected.
func (p *pullback) merge(st *stepRecord) {
	c := p.c
	groups := map[ast.Expr][]int{}
	var order []ast.Expr
	for i, t := range p.terms {
		if !t.arrived() {
			continue
		}
		if _, ok := groups[t.target]; !ok {
			order = append(order, t.target)
		}
		groups[t.target] = append(groups[t.target], i)
	}
	drop := map[int]bool{}
	merged := map[int]pterm{}
	for _, target := range order {
		at := groups[target]
		if len(at) < 2 {
			continue
		}
		// The terms one node made are gathered first, as a person
		// gathers the terms of one product rule.
		var froms []ast.Expr
		byFrom := map[ast.Expr][]term{}
		for _, i := range at {
			t := p.terms[i]
			if _, ok := byFrom[t.from]; !ok {
				froms = append(froms, t.from)
			}
			byFrom[t.from] = append(byFrom[t.from], term{t.neg, t.g})
		}
		st.tidy = appendNew(st.tidy, c.eng.collect("frob-collect"))
		var used []*Rule
		tidy := func(e ast.Expr) ast.Expr {
			if target == p.x {
				// The gradient, or a part of it: simplified as the end would.
				g, u := c.simplify(c.intern(e))
				used = append(used, u...)
				return g
			}
			g, u := c.rewriteAll(c.eng.simp(), c.intern(e))
			used = append(used, u...)
			if g2, u := c.collectTerms(g); g2 != g {
				used = append(used, u...)
				g = g2
			}
			return g
		}
		var gs []term
		for _, f := range froms {
			part := byFrom[f]
			if len(part) > 1 && len(froms) > 1 {
				part = []term{{false, tidy(sumOf(part))}}
			}
			gs = append(gs, part...)
		}
		g := tidy(sumOf(gs))
		st.tidy = appendNew(st.tidy, used...)
		m := p.terms[at[0]].m
		nt, used := c.tidyTerm(term{false, c.intern(ast.Frob(g, m))})
		st.tidy = appendNew(st.tidy, used...)
		g = nt.e.(*ast.Binary).X
		for _, i := range at[1:] {
			drop[i] = true
		}
		if isZero(g) {
			drop[at[0]] = true
			continue
		}
		merged[at[0]] = p.newTerm(nt.neg, g, m, target)
	}
	if len(drop) == 0 && len(merged) == 0 {
		return
	}
	var out []pterm
	for i, t := range p.terms {
		if drop[i] {
			continue
		}
		if m, ok := merged[i]; ok {
			t = m
		}
		out = append(out, t)
	}
	p.setTerms(out)
}

// move applies to every term that pick chooses its next identity, and
// again while want accepts the identity, in one pass over the terms.
func (p *pullback) move(pick func(pterm) bool, want func(*Rule) bool, st *stepRecord) bool {
	c := p.c
	var out []pterm
	var walk func(t pterm)
	walk = func(t pterm) {
		if t.arrived() || !want(t.next) {
			out = append(out, t)
			return
		}
		c.tick()
		st.applied(t.next)
		for _, nt := range splitTerms(t.moved, t.neg, nil) {
			if !c.hasDiff(nt.e) {
				continue // lost its differential to a zero factor
			}
			nt, used := c.tidyTerm(nt)
			st.tidy = appendNew(st.tidy, used...)
			b, ok := nt.e.(*ast.Binary)
			if !ok || b.Op != ast.OpFrob || c.hasDiff(b.X) {
				panic(noPullback{})
			}
			moved := p.newTerm(nt.neg, b.X, b.Y, t.target)
			moved.from = t.from
			walk(moved)
		}
	}
	var targets []ast.Expr
	any := false
	for i, t := range p.terms {
		if t.arrived() || !pick(t) {
			if any {
				out = append(out, t)
			}
			continue
		}
		if !any {
			any = true
			out = append(make([]pterm, 0, len(p.terms)), p.terms[:i]...)
		}
		p.nodes[t.target].flying--
		from := len(out)
		walk(t)
		for _, nt := range out[from:] {
			if !nt.arrived() {
				p.nodes[nt.target].flying++
			}
		}
		targets = append(targets, t.target)
	}
	if !any {
		return false
	}
	p.setTerms(out)
	for _, n := range targets {
		p.enqueue(n)
	}
	return true
}

// free pulls back the ready nodes that need no identity of their own and
// applies the free identities, until neither is left; it reports whether
// it did anything.
func (p *pullback) free(st *stepRecord) bool {
	isFree := func(r *Rule) bool { return freeMoves[r.Name] }
	any := false
	for changed := true; changed; {
		changed = false
		// Terms on one node are gathered before it is pulled back.
		p.merge(st)
		var ns []ast.Expr
		for _, n := range p.ready {
			if pn := p.candidates(n); !pn.done && pn.ident == nil {
				ns = append(ns, n)
			}
		}
		if len(ns) > 0 {
			p.pull(ns, st)
			changed = true
		}
		if p.move(func(t pterm) bool { return isFree(t.next) }, isFree, st) {
			changed = true
		}
		p.compact()
		any = any || changed
	}
	return any
}

// compact drops the nodes pulled back from the ready list.
func (p *pullback) compact() {
	out := p.ready[:0]
	for _, n := range p.ready {
		if !p.nodes[n].done {
			out = append(out, n)
		}
	}
	p.ready = out
}

// choose returns the identity of the next step: that of the first term
// on its way, else that of the first ready node.
func (p *pullback) choose() *Rule {
	for _, t := range p.terms {
		if !t.arrived() {
			return t.next
		}
	}
	for _, n := range p.ready {
		if pn := p.candidates(n); !pn.done && pn.ident != nil {
			return pn.ident
		}
	}
	return nil
}

// wave applies ident, and its mirror image, to every term and ready node
// it is the next identity of; it reports whether it did anything.
func (p *pullback) wave(ident *Rule, st *stepRecord) bool {
	same := func(r *Rule) bool { return sameIdentity(r, ident) || freeMoves[r.Name] }
	p.merge(st)
	var ns []ast.Expr
	for _, n := range p.ready {
		if pn := p.candidates(n); !pn.done && pn.ident != nil && sameIdentity(pn.ident, ident) {
			ns = append(ns, n)
		}
	}
	p.pull(ns, st)
	p.compact()
	moved := p.move(func(t pterm) bool { return sameIdentity(t.next, ident) }, same, st)
	return len(ns) > 0 || moved
}
