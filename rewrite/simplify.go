package rewrite

import (
	"cmp"
	"slices"
	"sort"

	"github.com/matdiff/matdiff/ast"
)

// tidyNames are the simplification rules that also tidy a differential:
// they change no transposes and move no factors around dX.
var tidyNames = []string{
	"simp-double-negation", "simp-one-left", "simp-minus-one",
	"simp-fold-numbers", "simp-fold-numbers-nested", "simp-add-negation",
	"simp-subtract-negation", "simp-hadamard-one-left",
	"simp-divide-one", "simp-hadamard-division-scalar", "simp-division-out-right", "simp-cancel", "simp-cancel-hadamard", "simp-cancel-hadamard-division", "simp-cancel-division",
	"simp-zeros-frobenius", "simp-zeros-frobenius-right", "simp-zeros-sum", "simp-zeros-trace", "simp-zeros-add",
	"simp-zeros-subtract", "simp-zeros-subtract-from", "simp-zeros-product", "simp-zeros-hadamard",
	// One form for a power of a power and for an inverse transpose, in
	// every line of a derivation: s^6, not s^3^2; A^-T, never A^-1'.
	"simp-power-power", "simp-elementwise-power-power", "simp-transpose-inverse",
}

// simpTidy returns the rules that tidy a differential.
func (e *Engine) simpTidy() []*Rule { return e.tables["tidy"] }

// simplify tidies e with the simplification rules and collects like terms,
// until neither changes anything; then it searches for the textbook form.
func (c *ctx) simplify(e ast.Expr) (ast.Expr, []*Rule) {
	g, used, _ := c.simplifyPlain(e)
	return g, used
}

// simplifyPlain is simplify that also returns the form e takes without the
// textbook search. The result is that form when the search's would have
// more nodes; the gradient within the symmetric matrices tries both.
func (c *ctx) simplifyPlain(e ast.Expr) (ast.Expr, []*Rule, ast.Expr) {
	var used []*Rule
	seen := map[*Rule]bool{}
	note := func(rs []*Rule) {
		for _, r := range rs {
			if !seen[r] {
				seen[r] = true
				used = append(used, r)
			}
		}
	}
	for i := 0; i < 20; i++ {
		e2, u := c.rewriteAll(c.eng.simp(), e)
		note(u)
		e3, u2 := c.collectTerms(e2)
		note(u2)
		if c.equal(e3, e) {
			break
		}
		e = e3
	}
	finish := c.eng.tables["rules_simp.go (finish)"]
	plain, up := c.rewriteAll(finish, e)
	book, ub := c.textbook(e)
	if book == e {
		note(up)
		return plain, used, plain
	}
	book, ub2 := c.rewriteAll(finish, book)
	if c.size(book) > c.size(plain) && !c.symmetricWin(book, plain) {
		note(up)
		return plain, used, plain
	}
	note(ub)
	note(ub2)
	return book, used, plain
}

// sumTerm is one summand: coef times x.
type sumTerm struct {
	coef ast.Number // exact while the numbers are (LANGUAGE.md)
	x    ast.Expr
}

// flattenSum splits e into its summands, each with its numeric factor.
func flattenSum(sh Shapes, e ast.Expr, sign ast.Number, out []sumTerm) []sumTerm {
	charge(sh, 1)
	switch x := e.(type) {
	case *ast.Binary:
		switch x.Op {
		case ast.OpAdd:
			return flattenSum(sh, x.Y, sign, flattenSum(sh, x.X, sign, out))
		case ast.OpSub:
			return flattenSum(sh, x.Y, sign.Neg(), flattenSum(sh, x.X, sign, out))
		case ast.OpMul:
			if fs := factors(sh, x); len(fs) > 1 {
				if n, ok := fs[0].(*ast.Num); ok {
					return append(out, sumTerm{sign.Mul(n.Number()), ast.MulAll(fs[1:]...)})
				}
			}
		}
	case *ast.Unary:
		if x.Op == ast.OpNeg {
			return flattenSum(sh, x.X, sign.Neg(), out)
		}
	case *ast.Num:
		return append(out, sumTerm{sign.Mul(x.Number()), ast.N(1)})
	}
	return append(out, sumTerm{sign, e})
}

// buildSum writes the summands back, positive ones first where possible;
// a number that every summand carries goes in front: 1/2 A + 1/2 B =
// 1/2 (A + B).
func buildSum(ts []sumTerm) ast.Expr {
	if len(ts) == 0 {
		return ast.N(0)
	}
	if e, ok := commonCoef(ts); ok {
		return e
	}
	var e ast.Expr
	// Start with the first positive term, so that the sum does not open
	// with a minus when it need not.
	first := 0
	for i, t := range ts {
		if t.coef.Sign() > 0 {
			first = i
			break
		}
	}
	order := append([]int{first}, seqWithout(len(ts), first)...)
	for _, i := range order {
		t := ts[i]
		mag := t.coef.Abs()
		var x ast.Expr = t.x
		if n, ok := x.(*ast.Num); ok && n.Val == 1 {
			x = mag.Num()
		} else if !mag.Is(1) {
			x = ast.Mul(mag.Num(), x)
		}
		switch {
		case e == nil && t.coef.Sign() < 0:
			e = ast.Neg(x)
		case e == nil:
			e = x
		case t.coef.Sign() < 0:
			e = ast.Sub(e, x)
		default:
			e = ast.Add(e, x)
		}
	}
	if e == nil {
		return ast.N(0)
	}
	return e
}

func seqWithout(n, skip int) []int {
	var s []int
	for i := 0; i < n; i++ {
		if i != skip {
			s = append(s, i)
		}
	}
	return s
}

// collectTerms merges like terms (A + A = 2A) and pulls common factors out
// of pairs of summands (AC + BC = (A + B)C), everywhere in e.
func (c *ctx) collectTerms(e ast.Expr) (ast.Expr, []*Rule) {
	var used []*Rule
	seen := map[string]bool{}
	note := func(name string) {
		if !seen[name] {
			seen[name] = true
			used = append(used, c.eng.byName[name])
		}
	}
	out := mapSums(e, func(x ast.Expr) ast.Expr {
		c.work(1)
		if y := distributeNumber(c, x); y != nil {
			note("simp-distribute-number")
			return y
		}
		if y := scalarPowers(c, x); y != nil {
			note("simp-power")
			return y
		}
		b, ok := x.(*ast.Binary)
		if !ok || (b.Op != ast.OpAdd && b.Op != ast.OpSub) {
			return x
		}
		ts := flattenSum(c, x, ast.Int(1), nil)
		kept := mergeLike(c, ts)
		changed := len(kept) != len(ts)
		if changed {
			note("simp-like-terms")
		}
		// Common factors, one pair at a time. Two summands can share a
		// factor only where the hashes of their first or last factors
		// agree, which is checked first.
		ends := make([][2]uint64, len(kept))
		end := func(i int) {
			fs := factors(c, kept[i].x)
			ends[i] = [2]uint64{hashOf(c, fs[0]), hashOf(c, fs[len(fs)-1])}
		}
		for i := range kept {
			end(i)
		}
		for again := true; again; {
			again = false
			for i := 0; i < len(kept) && !again; i++ {
				for j := i + 1; j < len(kept) && !again; j++ {
					if ends[i][0] != ends[j][0] && ends[i][1] != ends[j][1] {
						continue
					}
					c.work(1)
					if f, name := c.factorPair(kept[i], kept[j]); f != nil {
						note(name)
						kept[i] = sumTerm{ast.Int(1), f}
						kept = append(kept[:j], kept[j+1:]...)
						ends = append(ends[:j], ends[j+1:]...)
						end(i)
						again, changed = true, true
					}
				}
			}
		}
		var result ast.Expr = x
		if changed {
			result = buildSum(kept)
			if want := c.shape(x); c.shape(result).IsScalar() && !want.IsScalar() {
				// What is left of x - x + s is a scalar meeting every
				// entry, or a zero: it keeps the shape of the sum.
				result = ast.Mul(result, onesLike(c, x))
			}
		}
		// Hadamard products of sums multiplied out, when that is shorter:
		// (1 - y) ∘ s - y ∘ (1 - s) = s - y.
		if exp := expandHadamard(c, x); c.size(exp) < c.size(result) && c.shape(exp).Equal(c.shape(x)) {
			note("simp-expand-hadamard")
			return exp
		}
		return result
	})
	return out, used
}

// mapSums is ast.Map, except that f does not see a sum (or difference)
// that is itself a summand of a sum: the enclosing sum flattens it with
// its own summands, so that a sum of k terms is gathered once, not once
// per partial sum.
//
// A subtree shared by several parents (as the differential of a chain
// shares its inner layers) is walked once: expressions are immutable, and
// f gives the same answer for the same node.
func mapSums(e ast.Expr, f func(ast.Expr) ast.Expr) ast.Expr {
	type key struct {
		x     ast.Expr
		inSum bool
	}
	memo := map[key]ast.Expr{}
	var walk func(x ast.Expr, inSum bool) ast.Expr
	walk = func(x ast.Expr, inSum bool) ast.Expr {
		b, isSum := x.(*ast.Binary)
		isSum = isSum && (b.Op == ast.OpAdd || b.Op == ast.OpSub)
		k := key{x, inSum && isSum}
		if y, ok := memo[k]; ok {
			return y
		}
		kids := ast.Children(x)
		for i, kid := range kids {
			kids[i] = walk(kid, isSum)
		}
		y := ast.With(x, kids)
		if !(isSum && inSum) {
			y = f(y)
		}
		memo[k] = y
		return y
	}
	return walk(e, false)
}

// expandHadamard multiplies out the Hadamard products of sums in the sum e
// and merges like terms.
func expandHadamard(sh Shapes, e ast.Expr) ast.Expr {
	ts := expandTerms(sh, e)
	for _, t := range ts {
		if !t.coef.Finite() {
			return e // the numbers outgrow float64: keep e as it is
		}
	}
	return buildSum(mergeLike(sh, ts))
}

// mergeLike adds the numbers of equal summands and drops those that
// cancel: A + 2B - A = 2B. Summands that are products of scalars are
// equal whatever the order of their factors: a b + b a = 2 a b.
func mergeLike(sh Shapes, ts []sumTerm) []sumTerm {
	merged := make([]sumTerm, 0, len(ts))
	forms := make([]ast.Expr, 0, len(ts)) // of merged, as likeForm gives them
	byHash := map[uint64][]int{}          // summands of merged by the hash of their form
	for _, t := range ts {
		found := false
		form := likeForm(sh, t.x)
		h := hashOf(sh, form)
		for _, i := range byHash[h] {
			if sum := merged[i].coef.Add(t.coef); equalIn(sh, forms[i], form) && sum.Finite() {
				merged[i].coef = sum
				found = true
				break
			}
		}
		if !found {
			byHash[h] = append(byHash[h], len(merged))
			merged = append(merged, t)
			forms = append(forms, form)
		}
	}
	var kept []sumTerm
	for _, t := range merged {
		if t.coef.Sign() != 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

// maxExpandTerms bounds the terms a Hadamard product of sums may be
// multiplied out into: the Hessian of nested tanh would grow exponentially.
const maxExpandTerms = 32

// expandTerms writes e as a sum of terms in which no Hadamard product has
// a sum as a factor; the factors of each product are sorted.
// In a derivation the terms of each node are remembered: nested sums are
// expanded once, not once per sum around them. The slice returned is
// shared; callers must not change it.
func expandTerms(sh Shapes, e ast.Expr) []sumTerm {
	c, ok := sh.(*ctx)
	if !ok {
		return expandTermsOnce(sh, e)
	}
	if ts, ok := c.expanded[e]; ok {
		return ts
	}
	ts := expandTermsOnce(sh, e)
	c.work(len(ts))
	c.expanded[e] = ts
	return ts
}

func expandTermsOnce(sh Shapes, e ast.Expr) []sumTerm {
	if b, ok := e.(*ast.Binary); ok && (b.Op == ast.OpHad || b.Op == ast.OpMul && scalarProduct(sh, b)) {
		ls, rs := expandTerms(sh, b.X), expandTerms(sh, b.Y)
		op := b.Op
		if scalarProduct(sh, b) {
			op = ast.OpMul // a Hadamard product of scalars is their product
		}
		if len(ls)*len(rs) > maxExpandTerms {
			return []sumTerm{{ast.Int(1), e}} // multiplying out would only grow
		}
		var out []sumTerm
		for _, l := range ls {
			for _, r := range rs {
				out = append(out, sumTerm{l.coef.Mul(r.coef), productOf(sh, op, l.x, r.x)})
			}
		}
		return out
	}
	if n, ok := e.(*ast.Num); ok {
		return []sumTerm{{n.Number(), ast.N(1)}}
	}
	ts := flattenSum(sh, e, ast.Int(1), nil)
	if len(ts) == 1 && (ts[0].x == e || sizeOf(sh, ts[0].x) >= sizeOf(sh, e)) {
		return []sumTerm{{ast.Int(1), e}}
	}
	var out []sumTerm
	for _, t := range ts {
		for _, u := range expandTerms(sh, t.x) {
			out = append(out, sumTerm{t.coef.Mul(u.coef), u.x})
		}
	}
	return out
}

// scalarProduct reports whether b is a product of two scalars, which
// commute as the factors of a Hadamard product do:
// (1 - y) s - y (1 - s) = s - y.
func scalarProduct(sh Shapes, b *ast.Binary) bool {
	return sh.Shape(b.X).IsScalar() && sh.Shape(b.Y).IsScalar()
}

// productOf returns a ∘ b (op Had) or the product a b of two scalars (op
// Mul) with the factors in a fixed order; the number 1 is no factor.
func productOf(sh Shapes, op ast.Op, a, b ast.Expr) ast.Expr {
	if op == ast.OpHad {
		return hadamardOf(sh, a, b)
	}
	var fs []ast.Expr
	for _, x := range []ast.Expr{a, b} {
		if n, ok := x.(*ast.Num); ok && n.Val == 1 {
			continue
		}
		fs = append(fs, scalarFactors(sh, x)...)
	}
	if len(fs) == 0 {
		return ast.N(1)
	}
	sortByText(sh, fs)
	return ast.MulAll(fs...)
}

// commuting splits a product into the factors that commute, its 1x1 factors
// (each kept whole: a'x in (a'x) a' x), and the others, in their order.
// Unlike factors, it keeps a product of scalars that stands as a factor
// whole too: alpha (1 - s²) (I - 2 s alpha M) keeps its inner alpha apart
// from the outer one, which the textbook search takes out of the sum.
// When the others multiply to a 1x1 value, as a' x does, their product is
// one more scalar factor and others is nil. ok is false for what is not a
// product.
func commuting(sh Shapes, x ast.Expr) (scalars, others []ast.Expr, ok bool) {
	b, isMul := x.(*ast.Binary)
	if !isMul || b.Op != ast.OpMul {
		return nil, nil, false
	}
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if m, ok := e.(*ast.Binary); ok && m.Op == ast.OpMul && (e == x || !sh.Shape(e).IsScalar()) {
			walk(m.X)
			walk(m.Y)
			return
		}
		if sh.Shape(e).IsScalar() {
			scalars = append(scalars, e)
		} else {
			others = append(others, e)
		}
	}
	walk(x)
	if len(others) > 0 && sh.Shape(x).IsScalar() {
		scalars, others = append(scalars, ast.MulAll(others...)), nil
	}
	return scalars, others, true
}

// likeForm returns the product x with its 1x1 factors first, in the order
// of their hashes, so that products that differ only in where their
// scalars stand are one form (b'x sin(t) and sin(t) b'x); x itself when
// they stand so already or x is no product.
func likeForm(sh Shapes, x ast.Expr) ast.Expr {
	scalars, others, ok := commuting(sh, x)
	if !ok || len(scalars) == 0 || len(scalars) == 1 && len(others) == 0 {
		return x
	}
	hs := make(map[ast.Expr]uint64, len(scalars))
	for _, f := range scalars {
		hs[f] = hashOf(sh, f)
	}
	fs := slices.Clone(scalars)
	slices.SortStableFunc(fs, func(a, b ast.Expr) int { return cmp.Compare(hs[a], hs[b]) })
	return ast.MulAll(append(fs, others...)...)
}

// scalarPowers merges the equal 1x1 factors of a product, which commute,
// into powers, as buildPower does for neighbours (a a = a²): a b a = a² b,
// (a'x) a' x = (a'x)², and a b a⁻¹ = b; nil when no two share a base.
// Numbers are left to folding. The merged scalars go first.
func scalarPowers(sh Shapes, x ast.Expr) ast.Expr {
	fs, others, ok := commuting(sh, x)
	if !ok || len(fs) < 2 || hasDiffIn(sh, x) {
		// In a differential, the steps that move factors about dX say
		// what they do; the powers are merged once dX is gone.
		return nil
	}
	type power struct {
		base ast.Expr
		exp  ast.Number
		keep bool // a number, or a power by a non-number: as it was
	}
	var ps []power
	merged := false
	for _, f := range fs {
		base, k := scalarPower(sh, f)
		if base == nil {
			ps = append(ps, power{base: f, keep: true})
			continue
		}
		found := false
		for i := range ps {
			if !ps[i].keep && equalIn(sh, ps[i].base, base) {
				if sum := ps[i].exp.Add(k); sum.Finite() {
					ps[i].exp, found, merged = sum, true, true
					break
				}
			}
		}
		if !found {
			ps = append(ps, power{base: base, exp: k})
		}
	}
	if !merged {
		return nil
	}
	var out []ast.Expr
	for _, p := range ps {
		switch {
		case p.keep:
			out = append(out, p.base)
		case p.exp.Sign() == 0: // a a⁻¹ = 1
		default:
			out = append(out, raised(p.base, p.exp))
		}
	}
	out = append(out, others...)
	if len(out) == 0 {
		return ast.N(1)
	}
	return ast.MulAll(out...)
}

// scalarFactors flattens a product of scalars into its factors.
func scalarFactors(sh Shapes, e ast.Expr) []ast.Expr {
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpMul && scalarProduct(sh, b) {
		return append(scalarFactors(sh, b.X), scalarFactors(sh, b.Y)...)
	}
	return []ast.Expr{e}
}

// sortByText orders factors that commute by their text, each printed
// once; a factor that holds a differential comes last, as in t dt.
func sortByText(sh Shapes, fs []ast.Expr) {
	keys := make(map[ast.Expr]string, len(fs))
	for _, f := range fs {
		if _, ok := keys[f]; !ok {
			keys[f] = textOf(sh, f)
			if hasDiffIn(sh, f) {
				keys[f] = "\xff" + keys[f]
			}
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return keys[fs[i]] < keys[fs[j]] })
}

// hadamardOf returns a ∘ b with the factors in a fixed order; the number 1
// is no factor.
func hadamardOf(sh Shapes, a, b ast.Expr) ast.Expr {
	var fs []ast.Expr
	for _, x := range []ast.Expr{a, b} {
		if n, ok := x.(*ast.Num); ok && n.Val == 1 {
			continue
		}
		fs = append(fs, hadFactors(x)...)
	}
	if len(fs) == 0 {
		return ast.N(1)
	}
	charge(sh, 2*len(fs)) // flattened, sorted and built again
	// The order is by text. The start of each factor's text decides
	// it, mostly: the whole text is printed only where the starts do not.
	keys := make(map[ast.Expr]textStart, len(fs))
	for _, f := range fs {
		if _, ok := keys[f]; !ok {
			keys[f] = textStartOf(sh, f)
		}
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := keys[fs[i]], keys[fs[j]]
		if less, ok := a.less(b); ok {
			return less
		}
		return textOf(sh, fs[i]) < textOf(sh, fs[j])
	})
	e := fs[0]
	for _, f := range fs[1:] {
		e = ast.Had(e, f)
	}
	return e
}

// textStart is the start of the text of an expression.
type textStart struct {
	s     string
	whole bool // s is the whole text
}

// textStartLen is how much of a text textStartOf prints.
const textStartLen = 256

// textStartOf returns the start of ast.Text(e), remembered per node in a
// derivation.
func textStartOf(sh Shapes, e ast.Expr) textStart {
	c, ok := sh.(*ctx)
	if !ok {
		s, whole := ast.TextPrefix(e, textStartLen)
		return textStart{s, whole}
	}
	e = c.intern(e) // equal subexpressions are printed once
	if t, ok := c.graph.starts[e]; ok {
		return t
	}
	c.work(int(min(c.size(e), textStartLen)))
	s, whole := ast.TextPrefix(e, textStartLen)
	t := textStart{s, whole}
	c.graph.starts[e] = t
	return t
}

// less orders a and b as their whole texts are ordered, and reports
// whether their starts suffice to tell.
func (a textStart) less(b textStart) (less, ok bool) {
	n := min(len(a.s), len(b.s))
	if a.s[:n] != b.s[:n] {
		return a.s[:n] < b.s[:n], true
	}
	// One start begins the other.
	switch {
	case a.whole && b.whole:
		return len(a.s) < len(b.s), true
	case a.whole && len(a.s) < len(b.s):
		return true, true // a is a proper start of b's text
	case b.whole && len(b.s) < len(a.s):
		return false, true
	}
	return false, false
}

// textOf returns ast.Text(e), remembered per node in a derivation.
func textOf(sh Shapes, e ast.Expr) string {
	c, ok := sh.(*ctx)
	if !ok {
		return ast.Text(e)
	}
	e = c.intern(e) // equal subexpressions are printed once
	if t, ok := c.texts[e]; ok {
		return t
	}
	c.work(int(c.size(e)))
	t := ast.Text(e)
	c.texts[e] = t
	return t
}

func hadFactors(e ast.Expr) []ast.Expr {
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpHad {
		return append(hadFactors(b.X), hadFactors(b.Y)...)
	}
	return []ast.Expr{e}
}

// factorPair writes a A C + b B C as (a A + b B) C, or C A + C B as
// C (A + B), when the two summands share a last (or first) factor.
func (c *ctx) factorPair(s, t sumTerm) (ast.Expr, string) {
	fs, ft := factors(c, s.x), factors(c, t.x)
	if len(fs) < 2 || len(ft) < 2 {
		return nil, ""
	}
	want, err := c.info.ShapeOf(s.x)
	if err != nil {
		return nil, ""
	}
	// Flattening forgets how scalar sub-products were grouped, so a
	// candidate must still fit, with the shape of the summands.
	fits := func(e ast.Expr) bool {
		got, err := c.info.ShapeOf(e)
		return err == nil && got.Equal(want)
	}
	// pair sums the two remaining parts; a scalar part beside a square
	// matrix stands for that scalar times I, not for a scalar meeting
	// every entry.
	pair := func(a, b []ast.Expr) (ast.Expr, bool) {
		if len(a) == 0 || len(b) == 0 {
			return nil, false
		}
		x, y := ast.MulAll(a...), ast.MulAll(b...)
		sx, err1 := c.info.ShapeOf(x)
		sy, err2 := c.info.ShapeOf(y)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		switch {
		case sx.Equal(sy):
		case sx.IsScalar() && sy.IsSquare():
			x = ast.Mul(x, ast.Eye())
		case sy.IsScalar() && sx.IsSquare():
			y = ast.Mul(y, ast.Eye())
		default:
			return nil, false
		}
		return buildSum([]sumTerm{{s.coef, x}, {t.coef, y}}), true
	}
	if c.equal(fs[len(fs)-1], ft[len(ft)-1]) && !c.shape(fs[len(fs)-1]).IsScalar() {
		if inner, ok := pair(fs[:len(fs)-1], ft[:len(ft)-1]); ok {
			if f := ast.Mul(inner, fs[len(fs)-1]); fits(f) {
				return f, "simp-factor-right"
			}
		}
	}
	if c.equal(fs[0], ft[0]) && !c.shape(fs[0]).IsScalar() {
		if inner, ok := pair(fs[1:], ft[1:]); ok {
			if f := ast.Mul(fs[0], inner); fits(f) {
				return f, "simp-factor-left"
			}
		}
	}
	return nil, ""
}

// distributeNumber multiplies a number into a sum when that leaves the
// sum with smaller numbers: 0.5 (2 A - 2 B) = A - B. It returns nil
// otherwise.
func distributeNumber(sh Shapes, e ast.Expr) ast.Expr {
	m, ok := e.(*ast.Binary)
	if !ok || m.Op != ast.OpMul {
		return nil
	}
	n, ok := m.X.(*ast.Num)
	if !ok {
		return nil
	}
	s, ok := m.Y.(*ast.Binary)
	if !ok || (s.Op != ast.OpAdd && s.Op != ast.OpSub) {
		return nil
	}
	ts := flattenSum(sh, s, ast.Int(1), nil)
	before, after := 1, 0
	for i := range ts {
		if !ts[i].coef.Abs().Is(1) {
			before++
		}
		ts[i].coef = ts[i].coef.Mul(n.Number())
		if !ts[i].coef.Finite() {
			return nil
		}
		if c := ts[i].coef.Abs(); !isWhole(c) {
			return nil
		} else if !c.Is(1) {
			after++
		}
	}
	if after >= before {
		return nil
	}
	return buildSum(ts)
}
