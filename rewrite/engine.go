package rewrite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
)

// Engine holds the compiled rule tables. It is safe for concurrent use:
// every derivation works on its own state and on its own clone of the
// *ast.Info it is given, which it never changes.
type Engine struct {
	// Limits bound each derivation; New sets DefaultLimits. Change them
	// before the engine is shared, or use WithLimits.
	Limits Limits

	tables map[string][]*Rule
	byName map[string]*Rule
	index  *ruleIndex
	late   *lateTables // the tables of Jacobians, compiled on first use

	noTextbook bool // tests: the simplifier without its textbook search
	whole      bool // gradients from the whole differential, not by the pullback (WithPullback)
}

// ruleIndex holds, per table (by its first rule), the candidate rules by
// node key; it is filled as derivations need it.
type ruleIndex struct {
	mu sync.RWMutex
	m  map[*Rule]map[nodeKind][]*Rule
}

// WithLimits returns an engine with the rules of eng and the limits lim.
func (eng *Engine) WithLimits(lim Limits) *Engine {
	cp := *eng
	cp.Limits = lim
	return &cp
}

// Rule tables by family, in the order they are documented. Those marked
// late are only used by Jacobians (and so Hessians): an engine made by
// Compiled compiles them when a derivation first needs them, since a
// gradient, most of what a process derives, never does (they are more
// than a third of the rules and most of the guards).
var families = []struct {
	file  string
	rules *[]*Rule
	late  bool
}{
	{"rules_diff.go", &diffRules, false},
	{"rules_frob.go (start)", &startRules, false},
	{"rules_frob.go", &moveRules, false},
	{"rules_simp.go", &simpRules, false},
	{"rules_pre.go", &preRules, false},
	{"rules_simp.go (collect)", &collectRules, false},
	{"steps.go", &stepRules, false},
	{"rules_simp.go (finish)", &finishRules, false},
	{"rules_simp.go (tidy)", &tidyRules, false},
	{"rules_jac.go", &jacRules, true},
	{"rules_jac.go (normalize)", &jacNormRules, true},
	{"rules_vec.go", &vecRules, true},
	{"rules_linear.go", &linearRules, true},
	{"rules_linear.go (broadcast)", &broadcastRules, true},
}

// lateTables are the tables of the late families, and those made of them
// (jac-norm, linear), compiled once, on first use, by build. An engine
// and its copies (WithLimits) share them.
type lateTables struct {
	once   sync.Once
	build  func() (map[string][]*Rule, error)
	tables map[string][]*Rule
}

// table returns the late table called name, compiling the late tables
// first if no derivation did yet.
func (e *Engine) table(name string) []*Rule {
	l := e.late
	l.once.Do(func() {
		t, err := l.build()
		if err != nil {
			// Compiled's tables are checked by TestCompiledPatterns,
			// and New compiles them at once.
			panic(fmt.Sprintf("rewrite: compiling the late rule tables: %v", err))
		}
		l.tables, l.build = t, nil
	})
	return l.tables[name]
}

// New compiles every rule table with parse, usually parser.ParsePattern.
// It returns an error when a pattern does not parse or a table is
// malformed (duplicate names, unknown guards, unbound variables).
// Compiled does the same from the patterns parsed when matdiff was built,
// without parsing anything.
func New(parse ParseFunc) (*Engine, error) {
	return newEngine(func(src string) (ast.Expr, error) { return parseWithExponents(parse, src) }, true, nil)
}

// MustNew is New that panics on an error; the tables are part of the
// program, so an error there is a bug.
func MustNew(parse ParseFunc) *Engine {
	e, err := New(parse)
	if err != nil {
		panic(err)
	}
	return e
}

// Compiled returns an engine whose rule tables are compiled from the trees
// of their patterns, which go generate made from the rule tables when
// matdiff was built (patterns_gen.go): the same engine as
// MustNew(parser.ParsePattern), in a fraction of a millisecond. A pattern
// that is not in patterns_gen.go (it changed, and go generate ./rewrite
// was not run since) is parsed with parse, so the engine is right either
// way; TestCompiledPatterns fails until the file is current. Compiled
// panics where MustNew does.
func Compiled(parse ParseFunc) *Engine {
	e, err := newEngine(compiledReader(compiledPatterns[:], parse), false, compiledTrees)
	if err != nil {
		panic(err)
	}
	return e
}

// A compiledPattern is the tree of one pattern, made by go generate.
type compiledPattern struct {
	src  string
	tree ast.Expr
}

// A compiledRule gives the places in compiledPatterns of the sides of one
// rule, made by go generate.
type compiledRule struct{ lhs, rhs int16 }

// compiledTrees gives r, rule i of the tables in the order of families,
// the trees of its sides that compiledRules places, where their text is
// still r's (a rule that changed since go generate, or one added before
// it, is read as any pattern is).
func compiledTrees(i int, r *Rule) {
	if i >= len(compiledRules) {
		return
	}
	c := compiledRules[i]
	if p := &compiledPatterns[c.lhs]; p.src == r.LHS {
		r.lhs = p.tree
	}
	if c.rhs >= 0 && r.Build == nil {
		if p := &compiledPatterns[c.rhs]; p.src == r.RHS {
			r.rhs = p.tree
		}
	}
}

// compiledReader reads a pattern by looking its tree up in table, sorted
// by src, or else with parse (an error if parse is nil). The trees are
// shared by every engine: nothing changes a pattern.
func compiledReader(table []compiledPattern, parse ParseFunc) func(string) (ast.Expr, error) {
	return func(src string) (ast.Expr, error) {
		i := sort.Search(len(table), func(i int) bool { return table[i].src >= src })
		if i < len(table) && table[i].src == src {
			return table[i].tree, nil
		}
		if parse == nil {
			return nil, fmt.Errorf("pattern %q is not in patterns_gen.go: run go generate ./rewrite", src)
		}
		return parseWithExponents(parse, src)
	}
}

// newEngine compiles every rule table, reading each pattern with read
// unless trees (if not nil) gives rule i, in the order of families, the
// trees of its sides; bound says whether to check the variables of the
// patterns.
func newEngine(read func(string) (ast.Expr, error), bound bool, trees func(i int, r *Rule)) (*Engine, error) {
	n, guards := 0, 0
	for _, f := range families {
		n += len(*f.rules)
		for _, r := range *f.rules {
			guards += len(r.Guards)
		}
	}
	e := &Engine{Limits: DefaultLimits, tables: make(map[string][]*Rule, len(families)+4), byName: make(map[string]*Rule, n), index: &ruleIndex{m: map[*Rule]map[nodeKind][]*Rule{}}, late: &lateTables{}}
	// Each engine gets its own copies, so that compiling never races. A
	// process start builds one engine: the copies, the pointers to them
	// and the guards are three allocations, not one or more per rule.
	copies, ptrs := make([]Rule, n), make([]*Rule, n)
	cb := &compileBufs{guards: make([]guard, 0, guards), seen: make(map[string]bool, 160)}
	late := map[string][]*Rule{}
	k := 0 // the place of a rule in the order of families
	for _, f := range families {
		rules := ptrs[:len(*f.rules):len(*f.rules)]
		ptrs = ptrs[len(rules):]
		for i, r := range *f.rules {
			copies[i] = *r
			rules[i] = &copies[i]
			rules[i].lhs, rules[i].rhs = nil, nil
			if trees != nil {
				trees(k, rules[i])
			}
			k++
		}
		copies = copies[len(rules):]
		for _, r := range rules {
			if _, dup := e.byName[r.Name]; dup {
				return nil, fmt.Errorf("%s: rule %s: name used in another table", f.file, r.Name)
			}
			e.byName[r.Name] = r
		}
		if f.late {
			late[f.file] = rules
			continue
		}
		if err := cb.compile(read, rules, f.file, bound); err != nil {
			return nil, err
		}
		e.tables[f.file] = rules
	}
	tidy := append([]*Rule(nil), e.tables["rules_simp.go (tidy)"]...)
	for _, n := range tidyNames {
		r := e.byName[n]
		if r == nil {
			return nil, fmt.Errorf("simplify.go: tidy rule %s is not in the tables", n)
		}
		tidy = append(tidy, r)
	}
	e.tables["tidy"] = tidy
	// The textbook search tidies with the simplification rules that push
	// no transpose in. Its first rule differs from the simplifier's, since
	// the memos of rewriteAll and the rule index go by a table's first
	// rule: the two rules swapped never both match to different ends.
	var book []*Rule
	for _, r := range e.tables["rules_simp.go"] {
		if !textbookKeep(r.Name) {
			book = append(book, r)
		}
	}
	if len(book) > 1 {
		book[0], book[1] = book[1], book[0]
	}
	e.tables["textbook"] = book
	e.late.build = func() (map[string][]*Rule, error) {
		for _, f := range families {
			if f.late {
				if err := cb.compile(read, late[f.file], f.file, bound); err != nil {
					return nil, err
				}
			}
		}
		norm := append([]*Rule(nil), late["rules_linear.go (broadcast)"]...)
		norm = append(norm, late["rules_jac.go (normalize)"]...)
		for _, n := range jacNormNames {
			norm = append(norm, e.byName[n])
		}
		late["jac-norm"] = norm
		addLinearTable(late)
		return late, nil
	}
	if bound {
		// New checks every table at once.
		t, err := e.late.build()
		if err != nil {
			return nil, err
		}
		e.late.once.Do(func() { e.late.tables, e.late.build = t, nil })
	}
	return e, nil
}

func (e *Engine) diff() []*Rule  { return e.tables["rules_diff.go"] }
func (e *Engine) start() []*Rule { return e.tables["rules_frob.go (start)"] }
func (e *Engine) move() []*Rule  { return e.tables["rules_frob.go"] }
func (e *Engine) simp() []*Rule  { return e.tables["rules_simp.go"] }
func (e *Engine) pre() []*Rule   { return e.tables["rules_pre.go"] }
func (e *Engine) collect(name string) *Rule {
	return e.byName[name]
}

// Rules returns every rule, by family and in table order.
func (e *Engine) Rules() []*Rule {
	var all []*Rule
	for _, f := range families {
		if f.late {
			all = append(all, e.table(f.file)...)
		} else {
			all = append(all, e.tables[f.file]...)
		}
	}
	return all
}

// Lookup returns the rule called name, or nil.
func (e *Engine) Lookup(name string) *Rule {
	e.table("") // the rule is compiled, whatever its table
	return e.byName[name]
}

// Limits bound the work of one derivation: rule applications, nodes of
// any expression, units of work (see package budget).
type Limits = budget.Limits

// DefaultLimits are generous for anything a person types; New gives them
// to the engine.
var DefaultLimits = budget.Default

// ctx is the state of one derivation.
type ctx struct {
	eng  *Engine
	info *ast.Info // a clone of the caller's: shapes found here stay here
	wrt  string
	f    ast.Expr // the expression differentiated, once begin has it
	// bookForms remembers the forms the textbook search made of a node.
	bookForms map[bookKey][]bookForm
	// fparts holds the structural hashes of the parts of f (partsOfF).
	fparts   map[uint64]bool
	fired    map[string]int
	hasd     map[ast.Expr]bool
	dep      map[ast.Expr]bool
	zeros    map[ast.Expr]bool // whether a node holds a vanished differential
	ids      map[ast.Expr]bool // whether a node holds an I
	texts    map[ast.Expr]string
	hashes   map[ast.Expr]uint64 // structural hashes (hashOf)
	expanded map[ast.Expr][]sumTerm
	chains   map[*ast.Binary]*chain // sums and products taken apart (commute.go)
	kinds    map[ast.Expr]kindSet   // the kinds of the nodes of a subtree (kindsIn)
	budget   *budget.Budget
	sizes    map[ast.Expr]int64 // nodes of a subtree as printed (size)
	// bindings are free binding maps for apply to reuse.
	bindings []Binding
	// guardArgs is the stack of the arguments of the guards being checked.
	guardArgs []ast.Expr
	// rw remembers, per table (by its first rule), what rewriteAll made of
	// each node; expressions are immutable, so the answer never changes.
	rw map[*Rule]map[ast.Expr]rewritten
	// graph makes equal subexpressions one node (intern.go).
	graph *graph
}

// newCtx starts a derivation with info, which it clones, and the budget b
// (a new one from cx and the engine's limits when b is nil).
func (eng *Engine) newCtx(cx context.Context, b *budget.Budget, info *ast.Info, wrt string) *ctx {
	if b == nil {
		b = budget.New(cx, eng.Limits, "the derivation")
	}
	return &ctx{
		eng: eng, info: info.Clone(), wrt: wrt,
		fired:     map[string]int{},
		hasd:      make(map[ast.Expr]bool, graphHint/2), // room for a common derivation (graphHint)
		dep:       map[ast.Expr]bool{},
		zeros:     map[ast.Expr]bool{},
		ids:       make(map[ast.Expr]bool, graphHint/2),
		texts:     map[ast.Expr]string{},
		hashes:    make(map[ast.Expr]uint64, graphHint),
		expanded:  map[ast.Expr][]sumTerm{},
		budget:    b,
		sizes:     make(map[ast.Expr]int64, graphHint/2),
		chains:    map[*ast.Binary]*chain{},
		kinds:     make(map[ast.Expr]kindSet, graphHint),
		rw:        map[*Rule]map[ast.Expr]rewritten{},
		graph:     newGraph(),
		bookForms: map[bookKey][]bookForm{},
	}
}

// limitError is raised (by panic, caught in the entry points) when a
// derivation grows past its limits.
type limitError struct{ err *ast.Error }

// stop panics with the limit err, if there is one.
func stop(err error) {
	if err != nil {
		panic(limitError{err.(*ast.Error)})
	}
}

// tick counts one rule application.
func (c *ctx) tick() { stop(c.budget.Step()) }

// work counts n units of work.
func (c *ctx) work(n int) { stop(c.budget.Work(int64(n))) }

// size returns the nodes of e as printed, each shared subtree counted as
// often as it occurs, but worked out once per node: a differential whose
// parts are shared costs no more than its distinct nodes to measure, however
// large it would print. It is what printing e costs (textOf charges it);
// the node limit counts distinct nodes instead (nodes).
func (c *ctx) size(e ast.Expr) int64 {
	if n, ok := c.sizes[e]; ok {
		return n
	}
	c.work(1)
	n := int64(1)
	var buf [2]ast.Expr
	for _, k := range operandsIn(e, &buf) {
		n += c.size(k)
	}
	n = min(n, 1<<60) // no overflow on a deep shared tree
	c.sizes[e] = n
	return n
}

// checkSize stops a derivation whose expression grew too large: past the
// node limit in distinct nodes (see nodes).
func (c *ctx) checkSize(e ast.Expr, what string) {
	stop(c.budget.Nodes(c.nodes(e), what))
}

// Shape returns the shape of e; it panics if e does not fit.
func (c *ctx) Shape(e ast.Expr) ast.Shape { return c.shape(e) }

func (c *ctx) shape(e ast.Expr) ast.Shape {
	s, err := c.info.ShapeOf(e)
	if err != nil {
		panic(fmt.Sprintf("rewrite: shape of %s: %v", ast.Text(e), err))
	}
	return s
}

// charge counts n units of work when sh is the state of a derivation.
func charge(sh Shapes, n int) {
	if c, ok := sh.(*ctx); ok {
		c.work(n)
	}
}

// sizeOf returns the nodes of e as printed: measured once per node in a
// derivation, walked otherwise.
func sizeOf(sh Shapes, e ast.Expr) int64 {
	if c, ok := sh.(*ctx); ok {
		return c.size(e)
	}
	return int64(ast.Size(e))
}

// equalIn is ast.Equal that, in a derivation, counts the nodes it
// compares as work.
func equalIn(sh Shapes, a, b ast.Expr) bool {
	c, ok := sh.(*ctx)
	if !ok {
		return ast.Equal(a, b)
	}
	return c.equal(a, b)
}

// equal is ast.Equal, counting the nodes it compares.
func (c *ctx) equal(a, b ast.Expr) bool {
	if a == b {
		return true
	}
	c.work(1)
	switch x := a.(type) {
	case *ast.Unary:
		y, ok := b.(*ast.Unary)
		return ok && x.Op == y.Op && c.equal(x.X, y.X)
	case *ast.Binary:
		y, ok := b.(*ast.Binary)
		return ok && x.Op == y.Op && c.equal(x.X, y.X) && c.equal(x.Y, y.Y)
	case *ast.Call:
		y, ok := b.(*ast.Call)
		if !ok || x.Fun != y.Fun || len(x.Args) != len(y.Args) {
			return false
		}
		for i := range x.Args {
			if !c.equal(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	}
	return ast.Equal(a, b) // a leaf
}

// hasDiffIn reports whether e holds a differential, memoized in a
// derivation.
func hasDiffIn(sh Shapes, e ast.Expr) bool {
	if c, ok := sh.(*ctx); ok {
		return c.hasDiff(e)
	}
	return ast.HasDiff(e)
}

// hasDiff reports whether e holds a differential (memoized by node).
func (c *ctx) hasDiff(e ast.Expr) bool {
	return c.memoAny(e, c.hasd, func(x ast.Expr) bool {
		u, ok := x.(*ast.Unary)
		return ok && u.Op == ast.OpDiff
	})
}

// depends reports whether e holds the variable (memoized by node).
func (c *ctx) depends(e ast.Expr) bool {
	return c.memoAny(e, c.dep, func(x ast.Expr) bool {
		s, ok := x.(*ast.Sym)
		return ok && s.Name == c.wrt
	})
}

// memoAny reports whether is holds for e or a node below it, remembering
// the answer for every node it looks at: shared subtrees are looked at
// once.
func (c *ctx) memoAny(e ast.Expr, memo map[ast.Expr]bool, is func(ast.Expr) bool) bool {
	if v, ok := memo[e]; ok {
		return v
	}
	c.work(1)
	v := is(e)
	var buf [2]ast.Expr
	kids := operandsIn(e, &buf)
	if c, ok := e.(*ast.Call); ok {
		kids = ast.Values(c) // the sizes of ones(n) are no values
	}
	for _, k := range kids {
		if v {
			break
		}
		v = c.memoAny(k, memo, is)
	}
	memo[e] = v
	return v
}

// symmetric reports whether e is a symmetric matrix by its form: a name
// declared symmetric, I, a scalar, Diag(v), A + Aᵀ, AᵀA, AAᵀ, ABAᵀ with B
// symmetric, and sums, inverses and element-wise functions of those.
func (c *ctx) symmetric(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Sym:
		return c.info.Symmetric(e.Name) || c.shape(e).IsScalar()
	case *ast.Num, *ast.Identity:
		return true
	case *ast.Unary:
		switch e.Op {
		case ast.OpNeg, ast.OpInverse, ast.OpTranspose:
			return c.symmetric(e.X)
		}
	case *ast.Binary:
		switch e.Op {
		case ast.OpAdd, ast.OpSub:
			if c.mirror(e.X, e.Y) && !c.symmetric(e.X) {
				return e.Op == ast.OpAdd
			}
			return c.symmetric(e.X) && c.symmetric(e.Y)
		case ast.OpHad, ast.OpHDiv:
			return c.symmetric(e.X) && c.symmetric(e.Y)
		case ast.OpDiv, ast.OpPow, ast.OpEPow:
			return c.symmetric(e.X)
		case ast.OpMul:
			if c.shape(e.X).IsScalar() {
				return c.symmetric(e.Y)
			}
			if c.shape(e.Y).IsScalar() {
				return c.symmetric(e.X)
			}
			if !c.shape(e).IsSquare() {
				// vec(I) vec(I)ᵀ with identities of two sizes reads as a
				// palindrome, and is not even square.
				return false
			}
			fs := factors(c, e)
			// A palindrome up to transposition: F1 F2 ... Fk with
			// Fi = F(k+1-i)ᵀ and the middle factor symmetric.
			for i, j := 0, len(fs)-1; i <= j; i, j = i+1, j-1 {
				if i == j {
					return c.symmetric(fs[i])
				}
				if !c.mirror(fs[i], fs[j]) {
					return false
				}
			}
			return true
		}
	case *ast.Call:
		switch {
		case e.Fun == ast.FnDiagM:
			return true
		case e.Fun.Elementwise():
			return c.symmetric(e.Args[0])
		}
		return c.shape(e).IsScalar()
	}
	return false
}

// mirror reports whether a = bᵀ: in form, or after transposes are pushed
// in, or because a and b are one symmetric matrix.
func (c *ctx) mirror(a, b ast.Expr) bool {
	if isTransposeOf(a, b) || c.equal(a, b) && c.symmetric(a) {
		return true
	}
	bt, _ := c.rewriteAll(c.eng.simp(), ast.T(b))
	return c.equal(a, bt)
}

// isTransposeOf reports whether a = bᵀ in form.
func isTransposeOf(a, b ast.Expr) bool {
	if u, ok := a.(*ast.Unary); ok && u.Op == ast.OpTranspose && ast.Equal(u.X, b) {
		return true
	}
	if u, ok := b.(*ast.Unary); ok && u.Op == ast.OpTranspose && ast.Equal(u.X, a) {
		return true
	}
	return false
}

// factors flattens a tree of matrix products into its factors, in order.
// Inside it, a product of matrices that is 1 x 1, such as x' A y, stays
// one factor: its own factors do not multiply with those around it, so
// that any grouping of the factors returned is again a valid product.
func factors(sh Shapes, e ast.Expr) []ast.Expr {
	b, ok := e.(*ast.Binary)
	if !ok || b.Op != ast.OpMul {
		return []ast.Expr{e}
	}
	return append(innerFactors(sh, b.X), innerFactors(sh, b.Y)...)
}

func innerFactors(sh Shapes, e ast.Expr) []ast.Expr {
	charge(sh, 1)
	b, ok := e.(*ast.Binary)
	if !ok || b.Op != ast.OpMul {
		return []ast.Expr{e}
	}
	if sh.Shape(e).IsScalar() && !(sh.Shape(b.X).IsScalar() && sh.Shape(b.Y).IsScalar()) {
		return []ast.Expr{e}
	}
	return append(innerFactors(sh, b.X), innerFactors(sh, b.Y)...)
}

// rewriteAll applies the rules of table everywhere in e, bottom-up, until
// none matches. It returns the result and the rules that fired, in order of
// first firing.
//
// What a node becomes is remembered per node for the whole derivation,
// with the rules that made it: a subexpression met again (one node, since
// equal subexpressions are interned) is not rewritten again, but the rules
// that rewrote it are reported again, so that each step names the
// identities its own change used, however much it shares with others.
func (c *ctx) rewriteAll(table []*Rule, e ast.Expr) (ast.Expr, []*Rule) {
	if len(table) == 0 {
		return e, nil
	}
	done := c.rw[table[0]]
	if done == nil {
		done = map[ast.Expr]rewritten{}
		c.rw[table[0]] = done
	}
	var walk func(x ast.Expr) (ast.Expr, []*Rule)
	walk = func(x ast.Expr) (ast.Expr, []*Rule) {
		if y, ok := done[x]; ok {
			return y.to, y.rules
		}
		c.work(1)
		orig := x
		var used []*Rule
		kids := ast.Children(x)
		for i, k := range kids {
			var u []*Rule
			kids[i], u = walk(k)
			used = addRules(used, u...)
		}
		x = c.intern(ast.With(x, kids))
		if y, ok := done[x]; ok && x != orig {
			// The node its operands made was met before.
			used = addRules(used, y.rules...)
			done[orig] = rewritten{y.to, used}
			return y.to, used
		}
		var forms map[string]bool // what this node has been, to stop a cycle
		for i := 0; ; i++ {
			y, r := c.first(table, x)
			if r == nil {
				break
			}
			if i >= 8 {
				// Rules that undo each other would run forever; every
				// form is equal to the others, so keep the first one
				// that comes back.
				if forms == nil {
					forms = map[string]bool{}
				}
				t := textOf(c, y)
				if forms[t] {
					break
				}
				forms[t] = true
				if i > 200 {
					break
				}
			}
			c.tick()
			c.checkSize(y, "an expression in the derivation")
			used = addRules(used, r)
			// The replacement is new: tidy its parts too.
			kids := ast.Children(y)
			for i, k := range kids {
				var u []*Rule
				kids[i], u = walk(k)
				used = addRules(used, u...)
			}
			x = c.intern(ast.With(y, kids))
		}
		done[orig] = rewritten{x, used}
		if _, ok := done[x]; !ok {
			done[x] = rewritten{to: x}
		}
		return x, used
	}
	out, used := walk(e)
	return out, slices.Clip(used) // the list is remembered: appending must copy
}

// rewritten is what rewriteAll made of a node, and the rules that made it.
type rewritten struct {
	to    ast.Expr
	rules []*Rule
}

// addRules appends to list the rules of rs it does not hold yet.
func addRules(list []*Rule, rs ...*Rule) []*Rule {
	for _, r := range rs {
		found := false
		for _, q := range list {
			if q == r {
				found = true
				break
			}
		}
		if !found {
			list = append(list, r)
		}
	}
	return list
}

// Fired returns how often each rule fired in a derivation, by name, sorted.
func (d *Derivation) Fired() []string {
	var out []string
	for n, k := range d.fired {
		out = append(out, fmt.Sprintf("%s %d", n, k))
	}
	sort.Strings(out)
	return out
}
