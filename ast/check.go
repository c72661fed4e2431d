package ast

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Info is what shape inference learned about an expression: the shape of
// every name and of every node.
//
// An Info is safe for concurrent use. What it tells never changes after
// Check; ShapeOf remembers the shapes it works out for new expressions, under
// a lock, so that asking again is cheap. Code that asks about many new
// expressions (a derivation) works on its own Clone, so that the Info it was
// given neither changes nor grows.
type Info struct {
	dims  map[string]bool  // dimension names of the declarations, constants where used as values; read only
	names map[string]Shape // every name, declared or inferred; read only
	order []string         // names in order of declaration, then of first use; read only
	sym   map[string]bool  // names declared symmetric; read only

	mu     sync.RWMutex
	shapes map[Expr]Shape // nodes whose shape holds no unknown; guarded by mu

	// bases are the Infos whose shapes a clone reads through (each
	// under its own lock) besides its own, oldest first: a clone of an
	// Info that knows many shapes (a derivation's) copies none of them.
	bases []*Info
}

// copyMax is the most shapes that Clone copies; a clone of an Info that
// knows more, or of a clone that reads through, reads them through from
// it.
const copyMax = 64

// Clone returns an Info that tells the same as in, with a cache of shapes
// of its own: what ShapeOf remembers in the clone stays out of in. The
// clone knows the shapes that in knows, and (when in knows many, or is a
// clone that reads through) those that in learns later.
func (in *Info) Clone() *Info {
	in.mu.RLock()
	defer in.mu.RUnlock()
	out := &Info{dims: in.dims, names: in.names, order: in.order, sym: in.sym, bases: in.bases}
	if len(in.shapes) <= copyMax && len(in.bases) == 0 {
		out.shapes = make(map[Expr]Shape, len(in.shapes))
		for e, s := range in.shapes {
			out.shapes[e] = s
		}
	} else {
		out.bases = append(in.bases[:len(in.bases):len(in.bases)], in)
		out.shapes = map[Expr]Shape{}
	}
	return out
}

// known returns the shape of e if in knows it; in.mu is held by the
// caller.
func (in *Info) known(e Expr) (Shape, bool) {
	if s, ok := in.shapes[e]; ok {
		return s, true
	}
	for i := len(in.bases) - 1; i >= 0; i-- {
		b := in.bases[i]
		b.mu.RLock()
		s, ok := b.shapes[e]
		b.mu.RUnlock()
		if ok {
			return s, true
		}
	}
	return Shape{}, false
}

// Cached reports whether in has remembered the shape of the node e (for
// tests: a derivation must not teach the Info it was given).
func (in *Info) Cached(e Expr) bool {
	in.mu.RLock()
	defer in.mu.RUnlock()
	_, ok := in.shapes[e]
	return ok
}

// Check infers the shape of every node of e from the declarations and from
// how names are used, by unification of dimension names. Declared dimension
// names are distinct sizes; an undeclared name takes whatever shape its use
// asks for, and a size that stays undetermined becomes a named dimension.
// The error is an *Error at the place where two shapes meet; where another
// grouping of the same tokens would fit, its Hint says so.
func Check(e Expr, decls Decls) (*Info, error) {
	if err := checkDimNames(decls); err != nil {
		return nil, err
	}
	c := newChecker(decls)
	if err := c.run(e); err != nil {
		if err.Hint == "" {
			err.Hint = regroupHint(e, c.errNode, decls)
		}
		return nil, err
	}
	return c.info(e), nil
}

// Shape returns the shape of e, a node of the checked expression or an
// expression built from its names (I takes its size from its neighbours).
// It panics if e does not fit; use ShapeOf to get an error instead.
func (in *Info) Shape(e Expr) Shape {
	s, err := in.ShapeOf(e)
	if err != nil {
		panic(fmt.Sprintf("ast: shape of %s: %v", Text(e), err))
	}
	return s
}

// ShapeOf returns the shape of e, computed from the shapes of the names
// Check found, or an error if e does not fit them.
func (in *Info) ShapeOf(e Expr) (Shape, error) {
	in.mu.RLock()
	s, ok := in.shapes[e] // most asks are of shapes known
	in.mu.RUnlock()
	if ok {
		return s, nil
	}
	c, s, learnt, err := in.infer(e)
	if c != nil || learnt != nil {
		in.mu.Lock()
		defer in.mu.Unlock()
		if c != nil {
			in.record(c)
		}
		for _, l := range learnt {
			in.shapes[l.e] = l.s
		}
	}
	return s, err
}

// quickDepth is how many levels of new operands quickShape works out
// below a node before it leaves the node to the checker.
const quickDepth = 4

// infer works out the shape of e under the read lock (released even if
// the checker panics); the checker is nil when the shape was known, or
// worked out by quickShape (learnt, e last).
func (in *Info) infer(e Expr) (_ *checker, _ Shape, learnt []learntShape, _ error) {
	in.mu.RLock()
	defer in.mu.RUnlock()
	if s, ok := in.known(e); ok {
		return nil, s, nil, nil
	}
	if s, ok := in.quickShape(e, quickDepth, &learnt); ok {
		return nil, s, append(learnt, learntShape{e, s}), nil
	}
	// A checker of one expression under known names: no declarations of
	// its own, so no maps for them (names is made if a name is new).
	c := &checker{dims: in.dims, base: in.names, cache: in, bind: map[string]Dim{}, shapes: map[Expr]Shape{}}
	if err := c.run(e); err != nil {
		return nil, Shape{}, nil, err
	}
	return c, c.resolve(c.shapes[e]), nil, nil
}

// quickShape works out the shape of a new node whose operands have shapes
// known already (or worked out so in turn, a few levels down), none of them
// open, as the checker would, for the nodes a derivation builds most
// (products, sums, transposes, the functions that keep or sum up a
// shape); false leaves the node to the checker, and so every error and
// every open size. The shapes of the new operands worked out on the way
// are added to learnt. in.mu is held by the caller.
func (in *Info) quickShape(e Expr, depth int, learnt *[]learntShape) (Shape, bool) {
	operand := func(x Expr) (Shape, bool) {
		if s, ok := in.known(x); ok {
			return s, true
		}
		switch x := x.(type) {
		case *Num:
			return Scalar, true
		case *Sym:
			if s, ok := in.names[x.Name]; ok {
				return s, !hasVar(s.Rows) && !hasVar(s.Cols)
			}
			if x.Name == "pi" || in.dims[x.Name] {
				return Scalar, true
			}
			return Shape{}, false
		case *Unary, *Binary, *Call:
			if depth > 0 {
				if s, ok := in.quickShape(x, depth-1, learnt); ok {
					*learnt = append(*learnt, learntShape{x, s})
					return s, true
				}
			}
		}
		return Shape{}, false
	}
	switch e := e.(type) {
	case *Unary:
		x, ok := operand(e.X)
		switch {
		case !ok:
		case e.Op == OpTranspose:
			return x.T(), true
		case e.Op == OpInverse:
			return x, x.IsSquare()
		default:
			return x, true
		}
	case *Binary:
		l, ok := operand(e.X)
		if !ok {
			break
		}
		r, ok := operand(e.Y)
		if !ok {
			break
		}
		switch e.Op {
		case OpMul:
			switch {
			case l.IsScalar():
				return r, true
			case r.IsScalar():
				return l, true
			}
			return Shape{l.Rows, r.Cols}, l.Cols.Equal(r.Rows)
		case OpDiv:
			return l, r.IsScalar()
		case OpEPow:
			return l, true
		case OpAdd, OpSub, OpHad, OpHDiv, OpFrob:
			if l.IsScalar() || r.IsScalar() {
				if e.Op == OpFrob {
					return Scalar, true
				}
				if l.IsScalar() {
					return r, true
				}
				return l, true
			}
			if !l.Rows.Equal(r.Rows) || !l.Cols.Equal(r.Cols) {
				break
			}
			if e.Op == OpFrob {
				return Scalar, true
			}
			return l, true
		}
	case *Call:
		if e.Fun.FirstSize() >= 0 || e.Fun == FnInvalid || len(e.Args) != e.Fun.Info().Arity {
			break // ones, zeros, commutation, unvec, and any call amiss: the checker
		}
		var args [2]Shape
		for i, a := range e.Args {
			if i == len(args) {
				return Shape{}, false
			}
			s, ok := operand(a)
			if !ok {
				return Shape{}, false
			}
			args[i] = s
		}
		a := args[0]
		switch e.Fun {
		case FnTr, FnDet, FnLogdet:
			return Scalar, a.IsSquare()
		case FnDiag:
			return Shape{a.Rows, Known(1)}, a.IsSquare()
		case FnDiagM:
			return Shape{a.Rows, a.Rows}, a.Cols.Equal(Known(1))
		case FnVec:
			return Shape{a.Rows.Times(a.Cols), Known(1)}, true
		case FnKron:
			if len(e.Args) != 2 {
				break
			}
			b := args[1]
			return Shape{a.Rows.Times(b.Rows), a.Cols.Times(b.Cols)}, true
		case FnNorm:
			return Scalar, !e.Spectral || a.Rows.IsOne() || a.Cols.IsOne()
		case FnSum, FnNorm1, FnLogsumexp:
			return Scalar, true
		default:
			return a, true
		}
	}
	return Shape{}, false
}

// A learntShape is the shape of a node that quickShape worked out.
type learntShape struct {
	e Expr
	s Shape
}

// Name returns the shape of a name, and whether the name is known.
func (in *Info) Name(name string) (Shape, bool) {
	s, ok := in.names[name]
	return s, ok
}

// IsDim reports whether name, where it stands as a value, is a dimension
// name: the size of that dimension, a positive constant.
func (in *Info) IsDim(name string) bool { return in.dims[name] }

// IsConstName reports whether the name is a constant rather than a
// variable: pi, or a dimension name.
func (in *Info) IsConstName(name string) bool { return name == "pi" || in.dims[name] }

// Symmetric reports whether name was declared symmetric.
func (in *Info) Symmetric(name string) bool { return in.sym[name] }

// Decls returns every name with its shape: the declared ones in the order
// given, then the inferred ones in order of first use.
func (in *Info) Decls() Decls {
	var ds Decls
	for _, n := range in.order {
		ds = append(ds, Decl{Name: n, Shape: in.names[n], Symmetric: in.sym[n]})
	}
	return ds
}

type checker struct {
	dims    map[string]bool // dimension names, constants where used as values
	names   map[string]Shape
	order   []string
	sym     map[string]bool
	bind    map[string]Dim
	nvar    int
	shapes  map[Expr]Shape
	cache   *Info            // shapes known from before (its lock held); nil: none
	base    map[string]Shape // shapes of names known from before; read only
	errNode Expr
}

func newChecker(decls Decls) *checker {
	c := &checker{
		dims:   map[string]bool{},
		names:  map[string]Shape{},
		sym:    map[string]bool{},
		bind:   map[string]Dim{},
		shapes: map[Expr]Shape{},
	}
	for _, d := range decls {
		if _, dup := c.names[d.Name]; !dup {
			c.order = append(c.order, d.Name)
		}
		c.names[d.Name] = d.Shape
		c.sym[d.Name] = d.Symmetric
		for _, n := range append(append([]string(nil), d.Shape.Rows.Names...), d.Shape.Cols.Names...) {
			c.dims[n] = true
		}
	}
	return c
}

// checkDimNames reports a name declared as a variable that is also a
// dimension name of the declarations: where it stands as a value, it
// could be either.
func checkDimNames(decls Decls) *Error {
	for _, d := range decls {
		for _, e := range decls {
			for _, n := range append(append([]string(nil), e.Shape.Rows.Names...), e.Shape.Cols.Names...) {
				if n == d.Name {
					return &Error{Pos: d.At, Msg: fmt.Sprintf("%s is declared as a variable and is also a dimension name (in the shape of %s)", n, e.Name),
						Hint: "a dimension name used as a value is that size; give the variable or the dimension another name"}
				}
			}
		}
	}
	return nil
}

func (c *checker) fresh() Dim {
	c.nvar++
	return Named(fmt.Sprintf("?%d", c.nvar))
}

// find substitutes every bound unknown in d.
func (c *checker) find(d Dim) Dim {
	if len(d.Names) == 0 || len(c.bind) == 0 && slices.IsSorted(d.Names) {
		return d // nothing to substitute: d as the products below would build it
	}
	out := Dim{N: d.N}
	for _, n := range d.Names {
		if b, ok := c.bind[n]; ok {
			b = c.find(b)
			c.bind[n] = b
			out = out.Times(b)
		} else {
			out = out.Times(Named(n))
		}
	}
	return out
}

func (c *checker) resolve(s Shape) Shape { return Shape{c.find(s.Rows), c.find(s.Cols)} }

func (c *checker) unify(a, b Dim) bool {
	a, b = c.find(a), c.find(b)
	switch {
	case a.Equal(b):
		return true
	case a.isVar() && !contains(b.Names, a.Names[0]):
		c.bind[a.Names[0]] = b
		return true
	case b.isVar() && !contains(a.Names, b.Names[0]):
		c.bind[b.Names[0]] = a
		return true
	}
	return c.unifyFactor(a, b) || c.unifyFactor(b, a)
}

// unifyFactor solves a product with one unknown factor against another
// product: ?k·n = m·n binds ?k = m, as the size of I in kron(I, P) needs,
// and ?k·?k = n·n binds ?k = n, as vec(I) needs.
func (c *checker) unifyFactor(a, b Dim) bool {
	v, times := "", 0
	var rest []string
	for _, n := range a.Names {
		if strings.HasPrefix(n, "?") {
			if v != "" && n != v {
				return false // two unknowns: not determined
			}
			v = n
			times++
			continue
		}
		rest = append(rest, n)
	}
	if v == "" || contains(b.Names, v) || a.N == 0 || b.N%a.N != 0 {
		return false
	}
	left := append([]string(nil), b.Names...)
	for _, n := range rest {
		i := -1
		for j, m := range left {
			if m == n {
				i = j
				break
			}
		}
		if i < 0 {
			return false
		}
		left = append(left[:i], left[i+1:]...)
	}
	// What is left is the unknown to the power times.
	n := b.N / a.N
	root, ok := intRoot(n, times)
	if !ok {
		return false
	}
	counts := map[string]int{}
	for _, m := range left {
		counts[m]++
	}
	var names []string
	for _, m := range left {
		if counts[m]%times != 0 {
			return false
		}
		if k := counts[m]; k > 0 {
			for j := 0; j < k/times; j++ {
				names = append(names, m)
			}
			counts[m] = 0
		}
	}
	sort.Strings(names)
	c.bind[v] = Dim{N: root, Names: names}
	return true
}

// intRoot returns the whole number r with r^k = n, if there is one. It
// takes the floating-point root and tries the whole numbers next to it,
// so that a size in the billions costs no more than a small one.
func intRoot(n, k int) (int, bool) {
	if n < 1 || k < 1 {
		return 0, false
	}
	r := int(math.Round(math.Pow(float64(n), 1/float64(k))))
	for _, c := range []int{r - 1, r, r + 1} {
		if c >= 1 && powIs(c, k, n) {
			return c, true
		}
	}
	return 0, false
}

// powIs reports whether x^k = n, without overflow.
func powIs(x, k, n int) bool {
	p := 1
	for i := 0; i < k; i++ {
		if p > n/x {
			return false
		}
		p *= x
	}
	return p == n
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (c *checker) run(e Expr) (err *Error) {
	defer func() {
		if r := recover(); r != nil {
			ce, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = ce
		}
	}()
	c.check(e)
	return nil
}

func (c *checker) fail(at Expr, format string, args ...any) {
	c.errNode = at
	panic(&Error{Pos: at.Pos(), Msg: fmt.Sprintf(format, args...)})
}

// failWhole is fail for a message about the whole of e, such as "is not
// square": the caret goes where e starts, not under its operator (for a
// juxtaposition, its right operand).
func (c *checker) failWhole(e Expr, format string, args ...any) {
	c.errNode = e
	panic(&Error{Pos: start(e), Msg: fmt.Sprintf(format, args...)})
}

// start returns the leftmost position in e.
func start(e Expr) Pos {
	p := e.Pos()
	Inspect(e, func(x Expr) bool {
		if q := x.Pos(); q.IsValid() && (!p.IsValid() || q.Offset < p.Offset) {
			p = q
		}
		return true
	})
	return p
}

// desc names an operand in a message: its text, shortened, and its shape.
func (c *checker) desc(e Expr) string {
	t := Text(e)
	if r := []rune(t); len(r) > 40 {
		t = string(r[:37]) + "..."
	}
	s, ok := c.shapes[e]
	if !ok {
		s, _ = c.cached(e)
	}
	s = c.resolve(s)
	return fmt.Sprintf("%s (%s)", t, Shape{hideVars(s.Rows), hideVars(s.Cols)}.Dims())
}

// hideVars shows each unknown of d as "?": a message has no use for the
// checker's own numbering of them.
func hideVars(d Dim) Dim {
	if !hasVar(d) {
		return d
	}
	out := Dim{N: d.N}
	for _, n := range d.Names {
		if strings.HasPrefix(n, "?") {
			n = "?"
		}
		out.Names = append(out.Names, n)
	}
	return out
}

func (c *checker) check(e Expr) Shape {
	if s, ok := c.shapes[e]; ok {
		return s
	}
	if s, ok := c.cached(e); ok {
		return s // known already: nothing for record to keep
	}
	s := c.node(e)
	c.shapes[e] = s
	return s
}

// cached returns the shape of e if it was known before c started.
func (c *checker) cached(e Expr) (Shape, bool) {
	if c.cache == nil {
		return Shape{}, false
	}
	return c.cache.known(e)
}

func (c *checker) square(e Expr, what string) Shape {
	s := c.check(e)
	if !c.unify(s.Rows, s.Cols) {
		c.failWhole(e, "%s needs a square matrix, but %s is not square", what, c.desc(e))
	}
	return c.resolve(s)
}

func (c *checker) node(e Expr) Shape {
	switch e := e.(type) {
	case *Sym:
		if s, ok := c.names[e.Name]; ok {
			return s
		}
		if s, ok := c.base[e.Name]; ok {
			return s
		}
		if e.Name == "pi" || c.dims[e.Name] {
			return Scalar
		}
		s := Shape{c.fresh(), c.fresh()}
		if c.names == nil {
			c.names = map[string]Shape{}
		}
		c.names[e.Name] = s
		c.order = append(c.order, e.Name)
		return s
	case *Num:
		return Scalar
	case *Identity:
		d := c.fresh()
		return Shape{d, d}
	case *Unary:
		switch e.Op {
		case OpTranspose:
			return c.check(e.X).T()
		case OpInverse:
			return c.square(e.X, "the inverse")
		default:
			return c.check(e.X)
		}
	case *Binary:
		return c.binary(e)
	case *Call:
		return c.call(e)
	}
	panic(fmt.Sprintf("ast: unknown node %T", e))
}

func (c *checker) isScalar(s Shape) bool { return c.resolve(s).IsScalar() }

func (c *checker) binary(e *Binary) Shape {
	l := c.check(e.X)
	r := c.check(e.Y)
	switch e.Op {
	case OpMul:
		switch {
		case c.isScalar(l):
			return r
		case c.isScalar(r):
			return l
		case !c.unify(l.Cols, r.Rows):
			c.fail(e, "cannot multiply %s by %s", c.desc(e.X), c.desc(e.Y))
		}
		return Shape{l.Rows, r.Cols}
	case OpDiv:
		if !c.unify(r.Rows, Known(1)) || !c.unify(r.Cols, Known(1)) {
			c.fail(e, "can divide only by a scalar, but the divisor %s is not 1×1 (use ./ to divide element-wise)", c.desc(e.Y))
		}
		return l
	case OpPow:
		if _, ok := e.Y.(*Num); !ok {
			c.constExponent(e)
		}
		if c.isScalar(l) {
			return l
		}
		if _, ok := e.Y.(*Num); !ok {
			c.fail(e, "a matrix power needs a whole exponent, not %s (use .^ for an element-wise power)", Text(e.Y))
		}
		if n, ok := e.Y.(*Num); ok && n.Val != float64(int(n.Val)) {
			c.fail(e, "a matrix power needs a whole exponent, not %s (use .^ for an element-wise power)", Text(n))
		}
		return c.square(e.X, "a matrix power")
	case OpEPow:
		return l
	}
	// Operators on equal shapes, where a scalar meets every entry (for
	// the Frobenius product too: s : B = s sum(B)).
	if c.isScalar(l) || c.isScalar(r) {
		if e.Op == OpFrob {
			return Scalar
		}
		if c.isScalar(l) {
			return r
		}
		return l
	}
	if !c.unify(l.Rows, r.Rows) || !c.unify(l.Cols, r.Cols) {
		verb := map[Op]string{
			OpAdd:  "cannot add %s and %s",
			OpSub:  "cannot subtract %[2]s from %[1]s",
			OpHad:  "cannot take the Hadamard product of %s and %s: the shapes differ",
			OpHDiv: "cannot divide %s by %s element-wise: the shapes differ",
			OpFrob: "cannot take the Frobenius product of %s and %s: the shapes differ",
		}[e.Op]
		c.fail(e, verb, c.desc(e.X), c.desc(e.Y))
	}
	if e.Op == OpFrob {
		return Scalar
	}
	return l
}

// constExponent checks an exponent that is no number, as in s^(1/3) or
// (2 pi)^(n/2): a scalar made of numbers, pi and dimension names.
func (c *checker) constExponent(e *Binary) {
	Inspect(e.Y, func(x Expr) bool {
		if s, ok := x.(*Sym); ok && s.Name != "pi" && !c.dims[s.Name] {
			c.errNode = s
			panic(&Error{Pos: s.Pos(), Msg: fmt.Sprintf("an exponent is a constant, but %s is a variable", s.Name),
				Hint: "an exponent may hold numbers, pi and dimension names (declared in a shape); for a variable exponent a write exp(a log(s))"})
		}
		return true
	})
	if !c.isScalar(c.check(e.Y)) {
		c.failWhole(e.Y, "an exponent is a number, not %s", c.desc(e.Y))
	}
}

func (c *checker) call(e *Call) Shape {
	var args []Shape
	for _, a := range Values(e) {
		args = append(args, c.check(a))
	}
	name := e.Fun.Info().Name
	if e.Fun.FirstSize() >= 0 {
		return c.sized(e, args)
	}
	switch e.Fun {
	case FnTr:
		c.square(e.Args[0], name)
		return Scalar
	case FnDet, FnLogdet:
		c.square(e.Args[0], name)
		return Scalar
	case FnDiag:
		s := c.square(e.Args[0], name)
		return Shape{s.Rows, Known(1)}
	case FnDiagM:
		s := args[0]
		if !c.unify(s.Cols, Known(1)) {
			c.failWhole(e.Args[0], "Diag needs a column vector, but %s is not one (diag(A) takes the diagonal of a matrix)", c.desc(e.Args[0]))
		}
		return Shape{s.Rows, s.Rows}
	case FnVec:
		s := c.resolve(args[0])
		return Shape{s.Rows.Times(s.Cols), Known(1)}
	case FnKron:
		a, b := c.resolve(args[0]), c.resolve(args[1])
		return Shape{a.Rows.Times(b.Rows), a.Cols.Times(b.Cols)}
	case FnNorm:
		s := c.resolve(args[0])
		if e.Spectral && !s.Rows.IsOne() && !s.Cols.IsOne() && !hasVar(s.Rows) && !hasVar(s.Cols) {
			c.errNode = e
			panic(&Error{Pos: start(e), Msg: fmt.Sprintf("the 2-norm of a matrix is the spectral norm, which matdiff does not have: %s is a matrix", c.desc(e.Args[0])),
				Hint: fmt.Sprintf("write ||%s||_F for the Frobenius norm", Text(e.Args[0]))})
		}
		return Scalar
	case FnSum, FnNorm1, FnLogsumexp:
		return Scalar
	}
	return args[0]
}

// sized checks a call with size arguments: ones, zeros, commutation and
// unvec.
func (c *checker) sized(e *Call, args []Shape) Shape {
	name := e.Fun.Info().Name
	if lo, hi := e.Fun.Arities(); len(e.Args) < lo || len(e.Args) > hi {
		c.fail(e, "%s takes %s, not %d", name, arityWords(lo, hi), len(e.Args))
	}
	for _, a := range e.Args[e.Fun.FirstSize():] {
		if _, ok := SizeDim(a); !ok {
			c.failHint(a, fmt.Sprintf("write sizes as whole numbers or dimension names, and their products with *, such as %s", sizedExample(e.Fun)),
				"a size of %s is a positive whole number, a dimension name or a product of them, not %s", name, Text(a))
		}
		for _, s := range sizeNames(a) {
			if sh, isVar := c.names[s.Name]; isVar && !c.isDimName(s.Name) {
				kind := "a matrix"
				switch sh = c.resolve(sh); {
				case sh.IsScalar():
					kind = "a scalar"
				case sh.IsColumn() || sh.IsRow():
					kind = "a vector"
				}
				c.failHint(s, fmt.Sprintf("the sizes of %s are whole numbers or dimension names, such as %s", name, sizedExample(e.Fun)),
					"%s is %s, not a size", s.Name, kind)
			}
		}
	}
	out, _ := SizedShape(e)
	if e.Fun == FnUnvec {
		v := args[0]
		if !c.unify(v.Rows, out.Rows.Times(out.Cols)) || !c.unify(v.Cols, Known(1)) {
			c.failWhole(e.Args[0], "unvec(v, %s, %s) needs a column vector of %s entries, but %s is not one", Text(e.Args[1]), Text(e.Args[2]), out.Rows.Times(out.Cols), c.desc(e.Args[0]))
		}
	}
	return out
}

// isDimName reports whether name is the name of a size in the shape of
// some name: a dimension, which a size argument may use even where the
// same name is also used as a value (the size as a constant).
func (c *checker) isDimName(name string) bool {
	for _, s := range c.names {
		for _, d := range []Dim{c.find(s.Rows), c.find(s.Cols)} {
			if contains(d.Names, name) {
				return true
			}
		}
	}
	return false
}

// failHint is failWhole with a hint.
func (c *checker) failHint(e Expr, hint, format string, args ...any) {
	c.errNode = e
	panic(&Error{Pos: start(e), Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// sizedExample shows a call of f with sizes.
func sizedExample(f Func) string {
	switch f {
	case FnOnes:
		return "ones(n) or ones(m, n)"
	case FnUnvec:
		return "unvec(v, m, n)"
	}
	return f.Info().Name + "(m*n, 1)"
}

// sizeNames returns the names in a size argument.
func sizeNames(e Expr) []*Sym {
	switch e := e.(type) {
	case *Sym:
		return []*Sym{e}
	case *Binary:
		return append(sizeNames(e.X), sizeNames(e.Y)...)
	}
	return nil
}

func arityWords(lo, hi int) string {
	word := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	if lo == hi {
		return word(lo)
	}
	return fmt.Sprintf("%d or %s", lo, word(hi))
}

// info names the unknowns that are left and records every shape.
func (c *checker) info(e Expr) *Info {
	// A dimension takes no name of a variable: sizes are written with
	// dimension names (zeros(m, n)), which must not read as variables.
	used := map[string]bool{}
	for n := range c.names {
		used[n] = true // a variable's name is no dimension's
	}
	for _, s := range c.names {
		for _, n := range append(c.find(s.Rows).Names, c.find(s.Cols).Names...) {
			used[n] = true
		}
	}
	var vars []string
	for n := range used {
		if strings.HasPrefix(n, "?") {
			vars = append(vars, n)
		}
	}
	// Name the unknowns in order of first use, so output is deterministic.
	sort.Slice(vars, func(i, j int) bool { return varIndex(vars[i]) < varIndex(vars[j]) })
	pool := []string{"n", "m", "p", "q", "r", "s", "t", "k", "l", "u", "v", "w"}
	next := 0
	for _, v := range vars {
		for {
			var name string
			if next < len(pool) {
				name = pool[next]
			} else {
				name = fmt.Sprintf("n%d", next-len(pool)+1)
			}
			next++
			if !used[name] {
				c.bind[v] = Named(name)
				used[name] = true
				break
			}
		}
	}
	in := &Info{dims: c.dims, names: map[string]Shape{}, sym: c.sym, shapes: map[Expr]Shape{}}
	for n, s := range c.names {
		in.names[n] = c.resolve(s)
	}
	in.order = c.order
	in.record(c)
	return in
}

func varIndex(v string) int {
	n := 0
	fmt.Sscanf(v, "?%d", &n)
	return n
}

// record keeps the shapes of c that hold no unknown.
func (in *Info) record(c *checker) {
	for e, s := range c.shapes {
		s = c.resolve(s)
		if !hasVar(s.Rows) && !hasVar(s.Cols) {
			in.shapes[e] = s
		}
	}
}

func hasVar(d Dim) bool {
	for _, n := range d.Names {
		if strings.HasPrefix(n, "?") {
			return true
		}
	}
	return false
}

// regroupHint looks for another grouping of the tokens around the node
// where checking failed, one that fits: "B (X C) .* D" read as
// "(B (X C)) .* D", or the other way round.
func regroupHint(root, bad Expr, decls Decls) string {
	if bad == nil {
		return ""
	}
	var alts []Expr // candidates that replace bad or its parent
	var at []Expr   // the node each candidate replaces
	isHad := func(e Expr) (*Binary, bool) {
		b, ok := e.(*Binary)
		return b, ok && (b.Op == OpHad || b.Op == OpHDiv || b.Op == OpDiv)
	}
	isMul := func(e Expr) (*Binary, bool) {
		b, ok := e.(*Binary)
		return b, ok && b.Op == OpMul
	}
	// (L P) .* Q read as L (P .* Q).
	if h, ok := isHad(bad); ok {
		if m, ok := isMul(h.X); ok {
			alts = append(alts, &Binary{Op: OpMul, X: m.X, Y: &Binary{Op: h.Op, X: m.Y, Y: h.Y, At: h.At}, At: m.At})
			at = append(at, bad)
		}
	}
	// L (P .* Q) read as (L P) .* Q.
	mulOfHad := func(m *Binary) {
		if h, ok := isHad(m.Y); ok {
			alts = append(alts, &Binary{Op: h.Op, X: &Binary{Op: OpMul, X: m.X, Y: h.X, At: m.At}, Y: h.Y, At: h.At})
			at = append(at, m)
		}
	}
	if m, ok := isMul(bad); ok {
		mulOfHad(m)
	}
	if p := parentOf(root, bad); p != nil {
		if m, ok := isMul(p); ok && m.Y == bad {
			mulOfHad(m)
		}
	}
	for i, alt := range alts {
		old := at[i]
		whole := replaceNode(root, old, alt)
		if newChecker(decls).run(whole) == nil {
			return fmt.Sprintf("the shapes fit if this is read as %s", Text(alt))
		}
	}
	return ""
}

func parentOf(root, child Expr) Expr {
	var parent Expr
	Inspect(root, func(x Expr) bool {
		if parent != nil {
			return false
		}
		for _, k := range Children(x) {
			if k == child {
				parent = x
				return false
			}
		}
		return true
	})
	return parent
}

func replaceNode(root, old, repl Expr) Expr {
	if root == old {
		return repl
	}
	kids := Children(root)
	for i, k := range kids {
		kids[i] = replaceNode(k, old, repl)
	}
	return With(root, kids)
}

// Ambiguities finds the places where the tokens of root could be grouped
// two ways that both fit the shapes: a juxtaposition whose right operand is
// a Hadamard product or division written without parentheses, as in
// A x .* z, which the language reads as A (x .* z) but which (A x) .* z
// fits as well. It returns one note for each, at the operator, whose
// message shows both readings; a reading where a 1x1 factor makes both the
// same is no ambiguity. info is what Check found for root and decls.
func Ambiguities(root Expr, decls Decls, info *Info) []*Error {
	var notes []*Error
	Inspect(root, func(x Expr) bool {
		m, ok := x.(*Binary)
		if !ok || m.Op != OpMul || !m.At.IsValid() {
			return true
		}
		h, ok := m.Y.(*Binary)
		if !ok || h.Op != OpHad && h.Op != OpHDiv || start(h) != m.At {
			return true // not a Hadamard product, or in parentheses
		}
		if s, err := info.ShapeOf(m.X); err != nil || s.IsScalar() {
			return true
		}
		alt, ok := mulIntoHad(m.X, h, info)
		if !ok || newChecker(decls).run(replaceNode(root, m, alt)) != nil {
			return true
		}
		at := h // the first operator of the chain
		for {
			l, ok := at.X.(*Binary)
			if !ok || l.Op != OpHad && l.Op != OpHDiv {
				break
			}
			at = l
		}
		notes = append(notes, &Error{Pos: at.At,
			Msg:  fmt.Sprintf("read as %s; %s fits the shapes too", Text(m), Text(alt)),
			Hint: "write the parentheses of the reading meant"})
		return true
	})
	return notes
}

// mulIntoHad returns l times the leftmost operand of the chain of Hadamard
// products and divisions h, the other grouping of l h: (l P) .* Q for
// l (P .* Q). It fails where every right operand is 1x1, when both
// groupings are the same.
func mulIntoHad(l Expr, h *Binary, info *Info) (Expr, bool) {
	s, err := info.ShapeOf(h.Y)
	if err != nil {
		return nil, false
	}
	left := h.X
	scalarOnly := s.IsScalar()
	if hx, ok := left.(*Binary); ok && (hx.Op == OpHad || hx.Op == OpHDiv) {
		inner, ok := mulIntoHad(l, hx, info)
		if !ok && scalarOnly {
			return nil, false
		}
		if ok {
			return &Binary{Op: h.Op, X: inner, Y: h.Y, At: h.At}, true
		}
		return &Binary{Op: h.Op, X: &Binary{Op: OpMul, X: l, Y: left}, Y: h.Y, At: h.At}, true
	}
	if scalarOnly {
		return nil, false
	}
	return &Binary{Op: h.Op, X: &Binary{Op: OpMul, X: l, Y: left}, Y: h.Y, At: h.At}, true
}
