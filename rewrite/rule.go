package rewrite

// patterns_gen.go holds the trees of the patterns below, parsed when
// matdiff is built, so that a process starts without parsing them.
//go:generate go test -run ^TestCompiledPatterns$ -update-patterns

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/matdiff/matdiff/ast"
)

// ParseFunc parses a pattern in the surface syntax: names that start with
// '?' are pattern variables and d(E) is the differential of E.
type ParseFunc func(string) (ast.Expr, error)

// A Rule is one identity. Rules live in tables, one per family
// (rules_diff.go, rules_frob.go, rules_simp.go); the first rule of a table
// that matches wins.
type Rule struct {
	Name   string   // kebab-case with a family prefix: d-product, frob-mul-left, simp-transpose-product
	Title  string   // what a reader calls it: "product rule", "cyclic property of the trace"
	LHS    string   // pattern, e.g. "?G : ?A ?B"
	RHS    string   // replacement, e.g. "?A' ?G : ?B"; "" when Build computes it
	Guards []string // named side conditions, e.g. "const(?A)", "scalar(?B)"
	Text   string   // the identity as people write it, in unicode
	LaTeX  string   // the identity in LaTeX
	Ref    string   // where it stands in the Matrix Cookbook, or ""

	// Build computes the replacement when it needs arithmetic that a
	// pattern cannot express (d(A^k) with k folded); nil for most rules.
	Build func(s Shapes, b Binding) ast.Expr

	// Ordered makes the left side match only as written, not modulo
	// commutativity (commute.go): for a rule that exists to put
	// operands in an order, such as associativity or scalars first.
	Ordered bool

	lhs, rhs ast.Expr
	guards   []guard
	comm     bool     // the left side may match with operands in another order
	rigid    bool     // its root, ?L X, matches as written
	rigidX   nodeKind // of a rigid rule, the kind of X: a node it matches has its right operand of that kind (or X is a variable)
	// written, for a rule that matches only as written (not comm, not
	// rigid) and whose root is an operation: the kinds of the operands of
	// its root, which those of a node it matches have (a variable's, the
	// zero kind, matches any).
	written   []nodeKind
	byWritten bool     // written applies
	kinds     kindSet  // the kinds of the nodes of its left side, but for the variables
	byKinds   bool     // kinds has them all
	scalars   []string // the variables its guards call scalar
}

func (r *Rule) String() string { return r.Name }

// Shapes tells the shape of an expression during a derivation.
type Shapes interface {
	Shape(e ast.Expr) ast.Shape
}

// Binding maps pattern variables ("?A") to the subtrees they matched.
type Binding map[string]ast.Expr

type guard struct {
	name string
	fn   guardFunc
	args []string
}

// guardFunc decides a side condition on the bound subtrees.
type guardFunc func(c *ctx, args []ast.Expr) bool

// guards returns the named side conditions a rule may state. The table
// is built on first use, when an engine is compiled, rather than at every
// process start.
var guards = sync.OnceValue(makeGuards)

func makeGuards() map[string]guardFunc {
	return map[string]guardFunc{
		// const(?A): ?A holds no differential.
		"const": func(c *ctx, a []ast.Expr) bool { return !c.hasDiff(a[0]) },
		// hasd(?A): ?A holds the differential.
		"hasd": func(c *ctx, a []ast.Expr) bool { return c.hasDiff(a[0]) },
		// scalar(?A): ?A is 1 x 1.
		"scalar": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).IsScalar() },
		// nonscalar(?A): ?A is not 1 x 1.
		"nonscalar": func(c *ctx, a []ast.Expr) bool { return !c.shape(a[0]).IsScalar() },
		// vector(?A): ?A has one row or one column.
		"vector": func(c *ctx, a []ast.Expr) bool {
			s := c.shape(a[0])
			return s.IsColumn() || s.IsRow()
		},
		// num(?A): ?A is a number.
		"num": func(c *ctx, a []ast.Expr) bool { _, ok := a[0].(*ast.Num); return ok },
		// whole(?A): ?A is a whole number.
		"whole": func(c *ctx, a []ast.Expr) bool {
			n, ok := a[0].(*ast.Num)
			return ok && n.Val == math.Trunc(n.Val) && math.Abs(n.Val) < 1<<20
		},
		// notone(?A): ?A is not the number 1.
		"notone": func(c *ctx, a []ast.Expr) bool { n, ok := a[0].(*ast.Num); return !ok || n.Val != 1 },
		// notnum(?A): ?A is not a number.
		"notnum": func(c *ctx, a []ast.Expr) bool { _, ok := a[0].(*ast.Num); return !ok },
		// symmetric(?A): ?A is a symmetric matrix (declared so, or built so).
		"symmetric": func(c *ctx, a []ast.Expr) bool { return c.symmetric(a[0]) },
		// outer(?A): ?A is a product of a column and a row.
		"outer": func(c *ctx, a []ast.Expr) bool { return c.outer(a[0]) },
		// notouter(?A): the opposite of outer.
		"notouter": func(c *ctx, a []ast.Expr) bool { return !c.outer(a[0]) },
		// square(?A): ?A has as many rows as columns.
		"square": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).IsSquare() },
		// samedims(?A, ?B): ?A and ?B have the same shape.
		"samedims": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).Equal(c.shape(a[1])) },
		// notrow(?A): ?A has more than one row.
		"notrow": func(c *ctx, a []ast.Expr) bool { return !c.shape(a[0]).IsRow() },
		// conform(?A, ?B): the columns of ?A match the rows of ?B, so that AB
		// is a true matrix product.
		"conform": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).Cols.Equal(c.shape(a[1]).Rows) },
		// rowsmatch(?A, ?B): ?A and ?B have as many rows.
		"rowsmatch": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).Rows.Equal(c.shape(a[1]).Rows) },
		// colsmatch(?A, ?B): ?A and ?B have as many columns, so that A Bᵀ is a
		// true matrix product.
		"colsmatch": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).Cols.Equal(c.shape(a[1]).Cols) },
		// row(?A): ?A has one row.
		"row": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).IsRow() },
		// column(?A): ?A has one column.
		"column": func(c *ctx, a []ast.Expr) bool { return c.shape(a[0]).IsColumn() },
		// ones(?A): ?A is a matrix of ones, ones(n) or ones(m, n).
		"ones": func(c *ctx, a []ast.Expr) bool { f, ok := a[0].(*ast.Call); return ok && f.Fun == ast.FnOnes },
		// notvec(?A): ?A is not a call of vec.
		"notvec": func(c *ctx, a []ast.Expr) bool { f, ok := a[0].(*ast.Call); return !ok || f.Fun != ast.FnVec },
		// zeros(?A): ?A is a matrix of zeros, zeros(m, n).
		"zeros": func(c *ctx, a []ast.Expr) bool { f, ok := a[0].(*ast.Call); return ok && f.Fun == ast.FnZeros },
	}
}

// compile reads the patterns (with read) and the guards of the rules of a
// table, and checks the table: unique names, known guards and, if bound is
// set, no variable on the right or in a guard that the left does not bind
// (the patterns made at build time were checked so by a test).
func compile(read func(string) (ast.Expr, error), table []*Rule, file string, bound bool) error {
	return (&compileBufs{}).compile(read, table, file, bound)
}

// compileBufs is what compile allocates from: the guards of the rules,
// their arguments (slices of the guards' text) and the set of names seen
// in a table. A process start compiles every table once; the engine
// makes room for all their guards at once.
type compileBufs struct {
	guards []guard
	args   []string
	seen   map[string]bool
}

func (cb *compileBufs) compile(read func(string) (ast.Expr, error), table []*Rule, file string, bound bool) error {
	if cb.seen == nil {
		cb.seen = make(map[string]bool, len(table))
	}
	seen := cb.seen
	clear(seen)
	for i, r := range table {
		loc := ruleLoc{file, i + 1, r.Name}
		if seen[r.Name] {
			return fmt.Errorf("%s: duplicate name", loc)
		}
		seen[r.Name] = true
		var err error
		if r.lhs == nil {
			if r.lhs, err = read(r.LHS); err != nil {
				return fmt.Errorf("%s: lhs: %v", loc, err)
			}
		}
		var vars []string
		if bound {
			vars = patternVars(r.lhs)
		}
		if r.Build == nil && r.rhs == nil {
			if r.rhs, err = read(r.RHS); err != nil {
				return fmt.Errorf("%s: rhs: %v", loc, err)
			}
		}
		if r.Build == nil && bound {
			for _, v := range patternVars(r.rhs) {
				if !contains(vars, v) {
					return fmt.Errorf("%s: %s is not bound by the left side", loc, v)
				}
			}
		}
		r.rigid = rigidRoot(r.lhs)
		if r.rigid {
			r.rigidX = nodeKey(r.lhs.(*ast.Binary).Y)
		}
		r.comm = !r.Ordered && hasCommuting(r.lhs, !r.rigid)
		r.kinds, r.byKinds = patternKinds(r.lhs)
		r.written, r.byWritten = nil, false
		switch r.lhs.(type) {
		case *ast.Unary, *ast.Binary, *ast.Call:
			if !r.comm && !r.rigid {
				r.byWritten = true
				for _, k := range ast.Children(r.lhs) {
					r.written = append(r.written, nodeKey(k))
				}
			}
		}
		r.guards = nil
		if len(r.Guards) > 0 {
			if cap(cb.guards)-len(cb.guards) < len(r.Guards) {
				cb.guards = make([]guard, 0, max(len(r.Guards), 64))
			}
			start := len(cb.guards)
			for _, g := range r.Guards {
				gd, err := cb.parseGuard(g)
				if err != nil {
					return fmt.Errorf("%s: %v", loc, err)
				}
				for _, a := range gd.args {
					if bound && !contains(vars, a) {
						return fmt.Errorf("%s: guard %s names %s, which the left side does not bind", loc, g, a)
					}
				}
				cb.guards = append(cb.guards, gd)
			}
			r.guards = cb.guards[start:len(cb.guards):len(cb.guards)]
		}
		r.scalars = scalarVars(r)
	}
	return nil
}

// parseGuard reads a guard such as "conform(?A, ?B)". Its arguments are
// slices of g.
func (cb *compileBufs) parseGuard(g string) (guard, error) {
	open := strings.IndexByte(g, '(')
	if open < 0 || !strings.HasSuffix(g, ")") {
		return guard{}, fmt.Errorf("bad guard %q", g)
	}
	name := g[:open]
	fn, ok := guards()[name]
	if !ok {
		return guard{}, fmt.Errorf("unknown guard %q", name)
	}
	list := g[open+1 : len(g)-1]
	if n := strings.Count(list, ",") + 1; cap(cb.args)-len(cb.args) < n {
		cb.args = make([]string, 0, max(n, 256))
	}
	start := len(cb.args)
	for a := range strings.SplitSeq(list, ",") {
		cb.args = append(cb.args, strings.TrimSpace(a))
	}
	return guard{name, fn, cb.args[start:len(cb.args):len(cb.args)]}, nil
}

// ruleLoc names a rule in an error: file, place in its table, name.
type ruleLoc struct {
	file string
	i    int
	name string
}

func (l ruleLoc) String() string { return fmt.Sprintf("%s: rule %d (%s)", l.file, l.i, l.name) }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// patternVars returns the pattern variables of e, each once. It walks the
// tree itself, without maps or closures: every process start runs it on
// every pattern.
func patternVars(e ast.Expr) []string {
	var vs []string
	var walk func(ast.Expr)
	walk = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.Sym:
			if strings.HasPrefix(e.Name, "?") && !contains(vs, e.Name) {
				vs = append(vs, e.Name)
			}
		case *ast.Unary:
			walk(e.X)
		case *ast.Binary:
			walk(e.X)
			walk(e.Y)
		case *ast.Call:
			for _, a := range e.Args {
				walk(a)
			}
		}
	}
	walk(e)
	return vs
}

// match matches pattern p against e, extending b. A variable that occurs
// twice must match equal subtrees.
func match(p, e ast.Expr, b Binding) bool {
	switch p := p.(type) {
	case *ast.Sym:
		if strings.HasPrefix(p.Name, "?") {
			if old, ok := b[p.Name]; ok {
				return ast.Equal(old, e)
			}
			b[p.Name] = e
			return true
		}
		s, ok := e.(*ast.Sym)
		return ok && s.Name == p.Name
	case *ast.Num:
		n, ok := e.(*ast.Num)
		return ok && n.Val == p.Val && n.P == p.P && n.Q == p.Q
	case *ast.Identity:
		_, ok := e.(*ast.Identity)
		return ok
	case *ast.Unary:
		u, ok := e.(*ast.Unary)
		return ok && u.Op == p.Op && match(p.X, u.X, b)
	case *ast.Binary:
		u, ok := e.(*ast.Binary)
		return ok && u.Op == p.Op && match(p.X, u.X, b) && match(p.Y, u.Y, b)
	case *ast.Call:
		u, ok := e.(*ast.Call)
		if !ok || u.Fun != p.Fun || len(u.Args) != len(p.Args) {
			return false
		}
		for i := range p.Args {
			if !match(p.Args[i], u.Args[i], b) {
				return false
			}
		}
		return true
	}
	return false
}

// subst builds the replacement p with the variables of b filled in. The new
// top node takes position at.
func subst(p ast.Expr, b Binding) ast.Expr {
	if s, ok := p.(*ast.Sym); ok && strings.HasPrefix(s.Name, "?") {
		return b[s.Name]
	}
	switch p := p.(type) {
	case *ast.Sym:
		return &ast.Sym{Name: p.Name}
	case *ast.Num:
		return &ast.Num{Val: p.Val, P: p.P, Q: p.Q}
	case *ast.Identity:
		return &ast.Identity{}
	}
	switch p := p.(type) {
	case *ast.Unary:
		return &ast.Unary{Op: p.Op, X: subst(p.X, b)}
	case *ast.Binary:
		x := subst(p.X, b)
		return &ast.Binary{Op: p.Op, X: x, Y: subst(p.Y, b)}
	case *ast.Call:
		args := make([]ast.Expr, len(p.Args))
		for i, a := range p.Args {
			args[i] = subst(a, b)
		}
		return &ast.Call{Fun: p.Fun, Args: args}
	}
	panic("rewrite: unknown pattern node")
}

// apply tries r at the top of e. It returns the replacement and true when
// the pattern matches, as written or modulo commutativity (commute.go),
// and every guard holds.
func (c *ctx) apply(r *Rule, e ast.Expr) (ast.Expr, bool) {
	return c.applyIn(r, e, matchAny)
}

// How applyIn matches: as written, in another order, or either.
const (
	matchAny = iota
	matchWritten
	matchCommuted
)

// applyIn is apply that matches only as mode says.
func (c *ctx) applyIn(r *Rule, e ast.Expr, mode int) (ast.Expr, bool) {
	// Binding maps are reused: nothing keeps one past its attempt, but a
	// guard may rewrite (and so match) while one is in use.
	var b Binding
	if n := len(c.bindings); n > 0 {
		b, c.bindings = c.bindings[n-1], c.bindings[:n-1]
		if len(b) > 0 {
			clear(b)
		}
	} else {
		b = Binding{}
	}
	defer func() { c.bindings = append(c.bindings, b) }()
	var out ast.Expr
	if mode != matchCommuted && match(r.lhs, e, b) {
		out = c.replace(r, b)
	}
	if out == nil && r.comm && mode != matchWritten {
		// The match as written failed: try the other orders. The
		// written one comes first there too, and is skipped.
		if len(b) > 0 {
			clear(b)
		}
		m := matcher{c: c, b: b, rigid: r.rigid, scalars: r.scalars}
		m.match(r.lhs, e, true, func() bool {
			if m.alts == 0 {
				return false
			}
			o := c.replace(r, b)
			if o == nil || c.equal(o, e) {
				return false // another order that gives back e changes nothing
			}
			out = o
			return true
		})
	}
	if out == nil {
		return nil, false
	}
	if hasIdentityIn(c, out) {
		// An I the rule made takes its size from where it stands: work it
		// out now, while the whole replacement is at hand, so that the
		// size is known when the I is looked at alone later. The
		// replacement has the shape of what it replaces, which fixes the
		// size of an I that nothing around it does (A A⁻¹ = I in logdet(A
		// A⁻¹)).
		if before, err := c.info.ShapeOf(e); err != nil || openShape(before) {
			c.info.ShapeOf(out)
		} else if _, err := c.info.ShapeOf(ast.Add(ast.Zeros(before), out)); err != nil {
			c.info.ShapeOf(out)
		}
	}
	if n, isNum := out.(*ast.Num); checkRewrites && !(isNum && n.Val == 0) {
		// Every rewrite keeps the shape; tests turn this check on.
		before, err1 := c.info.ShapeOf(e)
		after, err2 := c.info.ShapeOf(out)
		if err1 == nil && (err2 != nil || !compatible(before, after)) {
			panic(fmt.Sprintf("rewrite: rule %s turned %s (%s) into %s (%v, %v)", r.Name, ast.Text(e), before, ast.Text(out), after, err2))
		}
	}
	c.fired[r.Name]++
	return out, true
}

// replace checks the guards of r on the binding b and builds the
// replacement; nil when a guard fails or Build gives nothing.
func (c *ctx) replace(r *Rule, b Binding) ast.Expr {
	for _, g := range r.guards {
		// The arguments go on a stack of the derivation's rather than in
		// a slice of their own: a guard may match, and so check guards,
		// while its arguments are in use.
		base := len(c.guardArgs)
		for _, a := range g.args {
			c.guardArgs = append(c.guardArgs, b[a])
		}
		end := len(c.guardArgs)
		ok := g.fn(c, c.guardArgs[base:end:end])
		clear(c.guardArgs[base:end])
		c.guardArgs = c.guardArgs[:base]
		if !ok {
			return nil
		}
	}
	if r.Build != nil {
		return r.Build(c, b)
	}
	return subst(r.rhs, b)
}

// nodeKind is the kind of a node for indexing rules by the top of their
// left sides: Sym, Num or Identity, or the operator or function of a
// Unary, Binary or Call; the zero value stands for a pattern variable,
// which matches any node.
type nodeKind struct {
	kind byte
	op   int
}

// nodeKey returns the kind of e (the zero nodeKind for a pattern
// variable).
func nodeKey(e ast.Expr) nodeKind {
	switch e := e.(type) {
	case *ast.Sym:
		if strings.HasPrefix(e.Name, "?") {
			return nodeKind{}
		}
		return nodeKind{kind: 's'}
	case *ast.Num:
		return nodeKind{kind: 'n'}
	case *ast.Identity:
		return nodeKind{kind: 'I'}
	case *ast.Unary:
		return nodeKind{'u', int(e.Op)}
	case *ast.Binary:
		return nodeKind{'b', int(e.Op)}
	case *ast.Call:
		return nodeKind{'c', int(e.Fun)}
	}
	return nodeKind{kind: '?'}
}

// candidates returns the rules of table whose left side can match a node
// with key k, in table order. The lists are built once per engine.
func (eng *Engine) candidates(table []*Rule, k nodeKind) []*Rule {
	if len(table) == 0 {
		return nil
	}
	eng.index.mu.RLock()
	rs, ok := eng.index.m[table[0]][k]
	eng.index.mu.RUnlock()
	if ok {
		return rs
	}
	eng.index.mu.Lock()
	defer eng.index.mu.Unlock()
	byKey, ok := eng.index.m[table[0]]
	if !ok {
		byKey = map[nodeKind][]*Rule{}
		eng.index.m[table[0]] = byKey
	}
	rs, ok = byKey[k]
	if !ok {
		for _, r := range table {
			if rk := nodeKey(r.lhs); rk == (nodeKind{}) || rk == k {
				rs = append(rs, r)
			}
		}
		byKey[k] = rs
	}
	return rs
}

// first applies the first rule of table that matches at the top of e. A
// rule matches as written or with operands in another order (commute.go),
// except that the rules of the form ?L X (the Jacobian and vec tables,
// one careful sequence of identities) are all tried as written before any
// is tried in another order.
func (c *ctx) first(table []*Rule, e ast.Expr) (ast.Expr, *Rule) {
	rs := c.eng.candidates(table, nodeKey(e))
	sv := sieve{c: c, e: e}
	late := false
	for _, r := range rs {
		c.work(1)
		mode := matchAny
		if r.rigid {
			mode = matchWritten
			late = late || r.comm
		}
		if sv.cannot(r) {
			continue
		}
		if out, ok := c.applyIn(r, e, mode); ok {
			return c.intern(out), r
		}
	}
	if !late {
		return nil, nil
	}
	for _, r := range rs {
		if !r.rigid || !r.comm {
			continue
		}
		c.work(1)
		if sv.cannot(r) {
			continue
		}
		if out, ok := c.applyIn(r, e, matchCommuted); ok {
			return c.intern(out), r
		}
	}
	return nil, nil
}

// A sieve tells the rules that cannot match a node e, as written or with
// operands in another order, before they are tried: first passes over
// them (each still counted as work).
type sieve struct {
	c        *ctx
	e        ast.Expr
	kids     []nodeKind // the kinds of e's operands, once asked
	has      kindSet    // the kinds of the nodes of e, once asked
	hasKinds bool
}

// cannot reports whether r cannot match e:
//   - a rigid rule ?L X matches a product whose right operand has the kind
//     of X (commuted or not, an operation stays itself);
//   - a rule that matches only as written, a node whose operands have the
//     kinds of its pattern's;
//   - no rule whose pattern has a kind of node that e has nowhere (another
//     order makes nodes of the operations e has only).
func (s *sieve) cannot(r *Rule) bool {
	if r.rigid || r.byWritten {
		if s.kids == nil {
			s.kids = make([]nodeKind, 0, 2)
			var buf [2]ast.Expr
			for _, k := range operandsIn(s.e, &buf) {
				s.kids = append(s.kids, nodeKey(k))
			}
		}
		if r.rigid && r.rigidX != (nodeKind{}) && (len(s.kids) != 2 || r.rigidX != s.kids[1]) {
			return true
		}
		if r.byWritten {
			if len(r.written) != len(s.kids) {
				return true
			}
			for i, k := range r.written {
				if k != (nodeKind{}) && k != s.kids[i] {
					return true
				}
			}
		}
	}
	if r.byKinds {
		if !s.hasKinds {
			s.has, s.hasKinds = s.c.kindsIn(s.e), true
		}
		return !s.has.covers(r.kinds)
	}
	return false
}

// outer reports whether e is a product of a column and a row.
func (c *ctx) outer(e ast.Expr) bool {
	m, ok := e.(*ast.Binary)
	return ok && m.Op == ast.OpMul && c.shape(m.X).IsColumn() && c.shape(m.Y).IsRow() && !c.shape(e).IsScalar()
}

// parseWithExponents parses a pattern whose exponents may be pattern
// variables (A^?k, A.^?p), which the language itself has no syntax for:
// each such exponent is parsed as a placeholder number and then turned
// into the variable.
func parseWithExponents(parse ParseFunc, src string) (ast.Expr, error) {
	var vars []string
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		if src[i] == '^' && i+1 < len(src) && src[i+1] == '?' {
			j := i + 2
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			vars = append(vars, src[i+1:j])
			fmt.Fprintf(&b, "^%d", placeholderBase+len(vars)-1)
			i = j - 1
			continue
		}
		b.WriteByte(src[i])
	}
	e, err := parse(b.String())
	if err != nil || len(vars) == 0 {
		return e, err
	}
	return ast.Map(e, func(x ast.Expr) ast.Expr {
		if bin, ok := x.(*ast.Binary); ok && (bin.Op == ast.OpPow || bin.Op == ast.OpEPow) {
			if n, ok := bin.Y.(*ast.Num); ok && n.Val >= placeholderBase && int(n.Val)-placeholderBase < len(vars) {
				return &ast.Binary{Op: bin.Op, X: bin.X, Y: &ast.Sym{Name: vars[int(n.Val)-placeholderBase]}}
			}
		}
		return x
	}), nil
}

const placeholderBase = 987650

// checkRewrites makes every rule application check that it kept the shape
// of what it rewrote. Tests turn it on (export_test.go).
var checkRewrites = false

// compatible reports whether a rewrite from shape a to shape b kept the
// shape: equal, or b still open (a lone I, whose size its place fixes).
func compatible(a, b ast.Shape) bool {
	open := func(d ast.Dim) bool { return len(d.Names) > 0 && strings.HasPrefix(d.Names[0], "?") }
	return a.Equal(b) || open(b.Rows) || open(b.Cols)
}
