package rewrite

import (
	"github.com/matdiff/matdiff/ast"
)

// The last pass of the simplifier looks for the form a textbook prints: a
// bounded search over the forms that a few identities reach from the
// simplified result, in both directions (a product distributed over a sum,
// a number taken out of a sum, a transpose kept whole around a sum or a
// product), each form tidied by the simplification rules that push no
// transpose in. The search never destroys a form: every form found stays
// a candidate, and the cheapest wins, as in equality saturation, though
// over whole expressions and within a fixed number of forms. It is
// deterministic (forms are explored in the order found, ties keep the
// earlier) and counts its work in the derivation's budget.
//
// The cost of a form is its nodes, an identity matrix counting three (a
// textbook writes N S⁻¹, not N I S⁻¹) and X⁻ᵀ counting as X⁻¹ does, with fewer nodes in the parts that
// are not also parts of f breaking ties: (R − UVᵀ)ᵀ, as f has it, rather
// than Rᵀ − VUᵀ. A form is taken only when it has no more nodes than the
// simplified result, so results never grow. Where the variable is
// symmetric, a form that is symmetric by its structure comes first: its
// gradient within the symmetric matrices is itself.

// textbookMaxForms bounds the forms one search explores.
const textbookMaxForms = 32

// textbookMaxSteps bounds the rule applications one search starts more
// forms after (tidying a form applies rules).
const textbookMaxSteps = 200

// textbookMaxNodes bounds the size of a result the search looks at; larger
// results keep the form the rules gave them.
const textbookMaxNodes = 160

// textbookKeep reports whether name is one of the simplification rules
// that the search does not tidy with: they push a transpose into a sum or
// product, which the search keeps whole where that is shorter or reads as
// f does.
func textbookKeep(name string) bool {
	switch name {
	case "simp-transpose-product", "simp-transpose-sum", "simp-transpose-difference",
		"simp-transpose-negation", "simp-transpose-hadamard", "simp-transpose-hadamard-division",
		"simp-transpose-division", "simp-transpose-power", "simp-kron-transpose":
		return true
	}
	return false
}

// textbookTable returns the simplification rules the search tidies with.
func (e *Engine) textbookTable() []*Rule { return e.tables["textbook"] }

// textbookForm is one form found by the search.
type textbookForm struct {
	e     ast.Expr
	nodes int64
	cost  int64 // nodes, an I counting three
	alone int64 // nodes outside the parts f also has
	sym   bool  // symmetric by its structure
	used  []*Rule
}

// textbook returns the cheapest form of g that the search finds, and the
// identities on the way to it; g itself when nothing is cheaper.
func (c *ctx) textbook(g ast.Expr) (ast.Expr, []*Rule) { return c.searchForms(g, true) }

// textbookTransposes is textbook with only the transpose kept whole, for
// the G of a term while it moves: distributing or taking numbers out
// there could keep like terms from merging later.
func (c *ctx) textbookTransposes(g ast.Expr) (ast.Expr, []*Rule) { return c.searchForms(g, false) }

// searchForms is the search; full says whether every identity of the
// search applies, or only keeping a transpose whole.
func (c *ctx) searchForms(g ast.Expr, full bool) (ast.Expr, []*Rule) {
	if c.size(g) > textbookMaxNodes || c.textbookTableMissing() {
		return g, nil
	}
	// The search is a nicety: it takes no more than its own share of the
	// rule applications, and none once half of them are used.
	start, _, _ := c.budget.Used()
	if lim := c.budget.Limits().Steps; lim > 0 && start > lim/2 {
		return g, nil
	}
	spent := func() bool {
		now, _, _ := c.budget.Used()
		return now-start > textbookMaxSteps
	}
	fparts := c.partsOfF()
	limit := c.size(g)
	wantSym := c.info.Symmetric(c.wrt) && c.shape(g).IsSquare()
	measure := func(e ast.Expr, used []*Rule) *textbookForm {
		f := &textbookForm{e: e, nodes: c.size(e), used: used}
		f.cost = f.nodes + 2*int64(countIdentities(e)) - int64(countInverseTransposes(e))
		f.alone = f.nodes - c.sharedNodes(e, fparts)
		f.sym = wantSym && c.symmetric(e)
		return f
	}
	better := func(a, b *textbookForm) bool {
		if a.sym != b.sym {
			return a.sym
		}
		if a.cost != b.cost {
			return a.cost < b.cost
		}
		return a.alone < b.alone
	}
	best := measure(g, nil)
	seen := map[string]bool{textOf(c, g): true}
	queue := []*textbookForm{best}
	for i := 0; i < len(queue) && len(seen) < textbookMaxForms && !spent(); i++ {
		cur := queue[i]
		c.neighbours(cur.e, full, func(x ast.Expr, r *Rule) {
			if len(seen) >= textbookMaxForms {
				return
			}
			c.work(int(c.size(x)))
			y, _ := c.rewriteAll(c.eng.textbookTable(), x)
			if _, err := c.info.ShapeOf(y); err != nil {
				return
			}
			t := textOf(c, y)
			if seen[t] {
				return
			}
			seen[t] = true
			used := append(append([]*Rule(nil), cur.used...), r)
			f := measure(y, used)
			queue = append(queue, f)
			// A form symmetric by its structure may be larger than g, up
			// to the size of sym(g) = (g + gᵀ)/2, which it saves.
			fits := f.nodes <= limit || f.sym && c.symmetricWin(y, g)
			if fits && better(f, best) {
				best = f
			}
		})
	}
	return best.e, best.used
}

// textbookTableMissing reports whether the engine lacks the search's
// table (an engine built without it).
func (c *ctx) textbookTableMissing() bool { return c.eng.noTextbook || len(c.eng.textbookTable()) == 0 }

// countInverseTransposes counts the inverse transposes X⁻ᵀ of e, which
// print as one operator and cost as X⁻¹ does.
func countInverseTransposes(e ast.Expr) int {
	n := 0
	ast.Inspect(e, func(x ast.Expr) bool {
		if u, ok := x.(*ast.Unary); ok && u.Op == ast.OpInverse && isTransposed(u.X) {
			n++
		}
		return true
	})
	return n
}

// countIdentities counts the identity matrices of e.
func countIdentities(e ast.Expr) int {
	n := 0
	ast.Inspect(e, func(x ast.Expr) bool {
		if _, ok := x.(*ast.Identity); ok {
			n++
		}
		return true
	})
	return n
}

// partsOfF returns the structural hash of every compound part of the expression
// differentiated, which the derivation keeps in c.f.
func (c *ctx) partsOfF() map[uint64]bool {
	if c.fparts != nil {
		return c.fparts
	}
	parts := map[uint64]bool{}
	if c.f != nil {
		// By structural hash, not by text: the texts of the parts of a
		// large f would cost its size squared. Worked out once.
		ast.Inspect(c.f, func(x ast.Expr) bool {
			if len(ast.Children(x)) > 0 {
				parts[hashOf(c, x)] = true
			}
			return true
		})
	}
	c.fparts = parts
	return parts
}

// sharedNodes counts the nodes of e in the largest parts that f also has.
func (c *ctx) sharedNodes(e ast.Expr, parts map[uint64]bool) int64 {
	var buf [2]ast.Expr
	kids := operandsIn(e, &buf)
	if len(kids) == 0 {
		return 0
	}
	if parts[hashOf(c, e)] {
		return c.size(e)
	}
	n := int64(0)
	for _, k := range kids {
		n += c.sharedNodes(k, parts)
	}
	return n
}

// neighbours calls emit with every form one identity of the search makes
// of e at one place, and the identity.
func (c *ctx) neighbours(e ast.Expr, full bool, emit func(ast.Expr, *Rule)) {
	c.work(1)
	c.localForms(e, full, emit)
	kids := ast.Children(e)
	if call, ok := e.(*ast.Call); ok {
		kids = ast.Values(call)
	}
	for i := range kids {
		i := i
		c.neighbours(kids[i], full, func(x ast.Expr, r *Rule) {
			all := ast.Children(e)
			all[i] = x
			emit(ast.With(e, all), r)
		})
	}
}

// localForms calls emit with every form one identity of the search makes
// of e itself; the forms of a node are worked out once per derivation.
func (c *ctx) localForms(e ast.Expr, full bool, emit func(ast.Expr, *Rule)) {
	k := bookKey{e, full}
	forms, ok := c.bookForms[k]
	if !ok {
		c.localFormsOnce(e, full, func(x ast.Expr, r *Rule) { forms = append(forms, bookForm{x, r}) })
		c.bookForms[k] = forms
	}
	for _, f := range forms {
		emit(f.e, f.rule)
	}
}

// bookForm is a form of a node and the identity that made it.
type bookForm struct {
	e    ast.Expr
	rule *Rule
}

// bookKey is a node and the identities the search applies to it.
type bookKey struct {
	e    ast.Expr
	full bool
}

func (c *ctx) localFormsOnce(e ast.Expr, full bool, emit func(ast.Expr, *Rule)) {
	b, ok := e.(*ast.Binary)
	if !ok {
		return
	}
	if !full {
		if b.Op == ast.OpAdd || b.Op == ast.OpSub {
			c.transposeWhole(b, emit)
		}
		return
	}
	switch b.Op {
	case ast.OpMul:
		// (A ± B) C = AC ± BC and C (A ± B) = CA ± CB, for a matrix C: a
		// scalar factor stays, as in σ(1 − σ).
		if s, ok := c.plainSum(b.X, b.X); ok && !c.shape(b.Y).IsScalar() {
			emit(ast.Bin(s.Op, ast.Mul(s.X, b.Y), ast.Mul(s.Y, b.Y)), c.eng.byName["simp-distribute-right"])
		}
		if s, ok := c.plainSum(b.Y, b.Y); ok && !c.shape(b.X).IsScalar() {
			emit(ast.Bin(s.Op, ast.Mul(b.X, s.X), ast.Mul(b.X, s.Y)), c.eng.byName["simp-distribute-left"])
		}
		// (k (A ± B)) C = k (AC ± BC) and C (k (A ± B)) = k (CA ± CB) for a
		// scalar k: the number a sum carries in front does not hide it.
		if k, in, ok := c.scaledSum(b.X); ok && !c.shape(b.Y).IsScalar() {
			if s, ok := c.plainSum(in, in); ok {
				emit(ast.Mul(k, ast.Bin(s.Op, ast.Mul(s.X, b.Y), ast.Mul(s.Y, b.Y))), c.eng.byName["simp-distribute-right"])
			}
		}
		if k, in, ok := c.scaledSum(b.Y); ok && !c.shape(b.X).IsScalar() {
			if s, ok := c.plainSum(in, in); ok {
				emit(ast.Mul(k, ast.Bin(s.Op, ast.Mul(b.X, s.X), ast.Mul(b.X, s.Y))), c.eng.byName["simp-distribute-left"])
			}
		}
	case ast.OpAdd, ast.OpSub:
		if x := c.numberOut(b); x != nil {
			emit(x, c.eng.byName["simp-number-out"])
		}
		if x := c.scalarOut(b); x != nil {
			emit(x, c.eng.byName["simp-scalar-factor-out"])
		}
		if x := c.scalarGroup(b); x != nil {
			emit(x, c.eng.byName["simp-scalar-factor-out"])
		}
		c.transposeWhole(b, emit)
	}
}

// scalarGroup takes a scalar factor out of the terms of a sum that share
// it, where not every term does (scalarOut's case): s A + u B + s C + u D
// = s (A + C) + u B + u D, the group where its first term was. The search
// reaches u (B + D) from there. A reverse sweep accumulates the terms of
// a gradient in the order the nodes are pulled back, which puts like
// scalars apart.
func (c *ctx) scalarGroup(b *ast.Binary) ast.Expr {
	if c.shape(b).IsScalar() {
		return nil
	}
	ts := flattenSum(c, b, ast.Int(1), nil)
	if len(ts) < 3 {
		return nil
	}
	lead := make([]ast.Expr, len(ts)) // the scalar factor in front of each term, or nil
	rests := make([]ast.Expr, len(ts))
	for i, t := range ts {
		lead[i], rests[i] = c.leadScalar(t.x)
	}
	for i, s := range lead {
		if s == nil {
			continue
		}
		var group []int
		for j := i; j < len(ts); j++ {
			if lead[j] != nil && c.equal(s, lead[j]) {
				group = append(group, j)
			}
		}
		if len(group) < 2 || len(group) == len(ts) {
			continue
		}
		in := make([]sumTerm, len(group))
		taken := map[int]bool{}
		for k, j := range group {
			in[k] = sumTerm{ts[j].coef, rests[j]}
			taken[j] = true
		}
		var out []sumTerm
		for j, t := range ts {
			switch {
			case j == i:
				out = append(out, sumTerm{ast.Int(1), ast.Mul(s, buildSum(in))})
			case !taken[j]:
				out = append(out, t)
			}
		}
		return buildSum(out)
	}
	return nil
}

// symmetricWin reports whether form, symmetric by its structure, is worth
// its size against plain, which is not, for a symmetric variable: the
// gradient within the symmetric matrices of plain is sym(plain) = (plain +
// plainᵀ)/2, about twice its size, and form needs no such step.
func (c *ctx) symmetricWin(form, plain ast.Expr) bool {
	if !c.info.Symmetric(c.wrt) || !c.shape(plain).IsSquare() {
		return false
	}
	return c.size(form) <= 2*c.size(plain)+2 && c.symmetric(form) && !c.symmetric(plain)
}

// scaledSum reports whether e is a scalar times a sum or difference, k S,
// and returns k and S.
func (c *ctx) scaledSum(e ast.Expr) (ast.Expr, ast.Expr, bool) {
	m, ok := e.(*ast.Binary)
	if !ok || m.Op != ast.OpMul || !c.shape(m.X).IsScalar() || c.shape(m.Y).IsScalar() {
		return nil, nil, false
	}
	if s, ok := m.Y.(*ast.Binary); ok && (s.Op == ast.OpAdd || s.Op == ast.OpSub) {
		return m.X, m.Y, true
	}
	return nil, nil, false
}

// plainSum reports whether e is a sum or difference whose two parts both
// have the shape of the whole (no scalar meets every entry) or are a
// multiple of I.
func (c *ctx) plainSum(e, whole ast.Expr) (*ast.Binary, bool) {
	s, ok := e.(*ast.Binary)
	if !ok || s.Op != ast.OpAdd && s.Op != ast.OpSub {
		return nil, false
	}
	want := c.shape(whole)
	for _, x := range []ast.Expr{s.X, s.Y} {
		got := c.shape(x)
		if !got.Equal(want) && !(openShape(got) && want.IsSquare()) {
			return nil, false
		}
	}
	return s, true
}

// numberOut takes a number common to every summand out of a sum:
// aA − aB = a(A − B), and −aA − aB = −a(A + B) when every summand is
// negative. It returns nil when there is none.
func (c *ctx) numberOut(b *ast.Binary) ast.Expr {
	ts := flattenSum(c, b, ast.Int(1), nil)
	if len(ts) < 2 {
		return nil
	}
	k := ts[0].coef.Abs()
	if k.Is(1) || k.Is(0) || len(mergeLike(c, ts)) < len(ts) {
		return nil // like terms are the collector's: 0.5 A + 0.5 A = A
	}
	neg := true
	for _, t := range ts {
		neg = neg && t.coef.Sign() < 0
	}
	if neg {
		k = k.Neg()
	}
	out := make([]sumTerm, len(ts))
	for i, t := range ts {
		if t.coef.Abs() != k.Abs() {
			return nil
		}
		if n, ok := t.x.(*ast.Num); ok && n.Val == 1 {
			return nil // a number summand: a(A + 1) is no shorter
		}
		q, ok := t.coef.Div(k)
		if !ok {
			return nil
		}
		out[i] = sumTerm{q, t.x}
	}
	return ast.Mul(k.Num(), buildSum(out))
}

// transposeWhole emits Sᵀᵀ for a sum S with the inner transpose pushed
// in: Rᵀ − VUᵀ becomes (R − UVᵀ)ᵀ. A product keeps its transposes on its
// factors (AᵀBᵀ, X⁻ᵀAᵀX⁻ᵀ), as textbooks write it.
func (c *ctx) transposeWhole(b *ast.Binary, emit func(ast.Expr, *Rule)) {
	if c.shape(b).IsScalar() || openShape(c.shape(b)) {
		return
	}
	// Only a sum whose summands all end in a transpose can lose them.
	for _, t := range flattenSum(c, b, ast.Int(1), nil) {
		fs := factors(c, t.x)
		if u, ok := fs[len(fs)-1].(*ast.Unary); !ok || u.Op != ast.OpTranspose && !(u.Op == ast.OpInverse && isTransposed(u.X)) {
			return
		}
	}
	in, _ := c.rewriteAll(c.eng.simp(), ast.T(b))
	if u, ok := in.(*ast.Unary); ok && u.Op == ast.OpTranspose {
		return // nothing to push in
	}
	emit(ast.T(in), c.eng.byName["simp-transpose-whole"])
}

// isTransposed reports whether e is a transpose.
func isTransposed(e ast.Expr) bool {
	u, ok := e.(*ast.Unary)
	return ok && u.Op == ast.OpTranspose
}

// scalarOut takes a scalar factor that opens every summand out of a sum:
// (gᵀVᵀu) K + (gᵀVᵀu) Kᵀ = (gᵀVᵀu)(K + Kᵀ). It returns nil when there is
// none, or when the sum is a scalar (its terms are products of scalars,
// which the simplifier multiplies out and collects).
func (c *ctx) scalarOut(b *ast.Binary) ast.Expr {
	if c.shape(b).IsScalar() {
		return nil
	}
	ts := flattenSum(c, b, ast.Int(1), nil)
	if len(ts) < 2 {
		return nil
	}
	var s ast.Expr
	out := make([]sumTerm, len(ts))
	for i, t := range ts {
		k, rest := c.leadScalar(t.x)
		if k == nil || s != nil && !c.equal(s, k) {
			return nil
		}
		s, out[i] = k, sumTerm{t.coef, rest}
	}
	return ast.Mul(s, buildSum(out))
}

// leadScalar splits a product that opens with a scalar factor other than
// a number (numbers are numberOut's) into that factor and the rest, of the
// product's shape; nil, nil for any other e.
func (c *ctx) leadScalar(e ast.Expr) (s, rest ast.Expr) {
	fs := factors(c, e)
	if len(fs) < 2 || !c.shape(fs[0]).IsScalar() {
		return nil, nil
	}
	if _, ok := fs[0].(*ast.Num); ok {
		return nil, nil
	}
	rest = ast.MulAll(fs[1:]...)
	if !c.shape(rest).Equal(c.shape(e)) {
		return nil, nil
	}
	return fs[0], rest
}
