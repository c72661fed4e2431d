package numeric

import (
	"math"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"gonum.org/v1/gonum/mat"
)

// Eval evaluates e at inst and returns a new matrix (1 x 1 for a scalar).
//
// The shapes of the nodes come from info (info.ShapeOf, resolved with
// inst.Dims); that is how I gets its size, and how the value of every name is
// checked against its shape. e may be the expression info was made for, or
// another one built from the same names (a claimed gradient, say).
//
// The error is an *ast.Error at the node that failed: a shape that does not
// fit, a missing value, a domain error (log of a non-positive entry, sqrt of
// a negative one, arcsin or arccos outside [-1, 1], the inverse of a singular
// matrix, logdet of a matrix with det <= 0, division by zero), a
// differential, or any NaN or infinite entry an operation produces.
//
// Eval works on a clone of info, which it does not change; it is safe for
// concurrent use. It counts its arithmetic against budget.Default: an
// evaluation past it is an *ast.Error of kind BeyondReach.
func Eval(e ast.Expr, info *ast.Info, inst *Instance) (*mat.Dense, error) {
	return EvalBudget(nil, e, info, inst)
}

// EvalBudget is Eval that counts its arithmetic (multiply-adds, entries
// computed) against b, and stops when b's context is done; nil b means
// budget.Default and no deadline. A budget holds one computation: give each
// goroutine its own.
func EvalBudget(b *budget.Budget, e ast.Expr, info *ast.Info, inst *Instance) (_ *mat.Dense, err error) {
	defer internal(&err)
	ev := newEvaluator(info, inst, "")
	if b != nil {
		ev.budget = b
	}
	v, err := ev.run(e)
	if err != nil {
		return nil, err
	}
	return mat.DenseCopyOf(v), nil
}

// stats counts the matrix products of an evaluation.
type stats struct {
	products   int   // matrix products formed (not counting scalings)
	flops      int64 // multiply-adds in them
	maxProduct int   // entries of the largest product formed
}

// nodeKey identifies a node by its structure: its kind, operator, literal
// value or name, and the ids of its operands. An I has its size as value,
// since two I's of different sizes are different matrices.
type nodeKey struct {
	kind byte
	op   int
	val  uint64
	name string
	a, b int
}

const (
	kindSym byte = iota + 1
	kindNum
	kindIdentity
	kindUnary
	kindBinary
	kindCall
)

// An evaluator evaluates expressions at one instance. Every node gets an id
// by structure (hash-consing), so that equal subexpressions share one entry
// of the memo, whether they share a pointer or not.
type evaluator struct {
	info *ast.Info
	inst *Instance
	ids  map[ast.Expr]int
	keys map[nodeKey]int
	dep  []bool // by id: the node depends on the name vary
	// bigDep is the largest magnitude of an entry of a value that depends
	// on vary, over every evaluation: what rounding acts on.
	bigDep float64
	vary   string // a name whose value changes between runs, or ""
	memo   map[int]*mat.Dense
	stats  stats
	cur    ast.Expr // the node being computed, for errors from gonum
	// budget counts the arithmetic of every evaluation of the evaluator
	// (all the points of a finite difference).
	budget *budget.Budget
}

// newEvaluator returns an evaluator on a clone of info (nil stays nil), with
// the default budget.
func newEvaluator(info *ast.Info, inst *Instance, vary string) *evaluator {
	if info != nil {
		info = info.Clone()
	}
	b := budget.New(nil, budget.Default, "the evaluation")
	if inst != nil && inst.Budget != nil {
		b = inst.Budget
	}
	return &evaluator{
		budget: b,
		info:   info,
		inst:   inst,
		ids:    map[ast.Expr]int{},
		keys:   map[nodeKey]int{},
		vary:   vary,
		memo:   map[int]*mat.Dense{},
	}
}

// setVary gives the name ev.vary the value v and forgets every value that
// depends on it; the values of the other nodes stay memoized.
func (ev *evaluator) setVary(v *mat.Dense) {
	ev.inst.Vals[ev.vary] = v
	for id := range ev.memo {
		if ev.dep[id] {
			delete(ev.memo, id)
		}
	}
}

// run evaluates e. The value may be shared with the memo or the instance;
// callers must not change it.
func (ev *evaluator) run(e ast.Expr) (v *mat.Dense, err error) {
	if ev.info == nil || ev.inst == nil {
		return nil, &ast.Error{Msg: "no shape information or no instance to evaluate with"}
	}
	if _, err := ev.info.ShapeOf(e); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			switch r := r.(type) {
			case *ast.Error:
				err = r
			case mat.Error:
				err = errAt(ev.cur, "%s failed: %s", what(ev.cur), strings.TrimPrefix(r.Error(), "mat: "))
			default:
				panic(r)
			}
			v = nil
		}
	}()
	return ev.eval(e), nil
}

// id returns the structural id of e.
func (ev *evaluator) id(e ast.Expr) int {
	if id, ok := ev.ids[e]; ok {
		return id
	}
	k := nodeKey{a: -1, b: -1}
	dep := false
	switch e := e.(type) {
	case *ast.Sym:
		k.kind, k.name = kindSym, e.Name
		dep = ev.vary != "" && e.Name == ev.vary
	case *ast.Num:
		k.kind, k.val = kindNum, math.Float64bits(e.Val)
	case *ast.Identity:
		k.kind, k.val = kindIdentity, uint64(ev.identitySize(e))
	case *ast.Unary:
		k.kind, k.op, k.a = kindUnary, int(e.Op), ev.id(e.X)
	case *ast.Binary:
		k.kind, k.op, k.a, k.b = kindBinary, int(e.Op), ev.id(e.X), ev.id(e.Y)
	case *ast.Call:
		if lo, hi := e.Fun.Arities(); hi == 0 || len(e.Args) < lo || len(e.Args) > hi {
			fail(e, "%s takes %d arguments, not %d", e.Fun, hi, len(e.Args))
		}
		k.kind, k.op = kindCall, int(e.Fun)
		if e.Fun.FirstSize() >= 0 {
			// ones, zeros, commutation, unvec: the sizes are part of the key.
			r, c := ev.sizedDims(e)
			k.val = uint64(r)<<32 | uint64(c)
			// commutation(2, n) and commutation(n, 2) have one shape but
			// differ: the sizes, as written, are part of the key.
			for _, a := range e.Args[e.Fun.FirstSize():] {
				k.name += ast.Text(a) + ","
			}
			if vals := ast.Values(e); len(vals) > 0 {
				k.a = ev.id(vals[0])
			}
			break
		}
		k.a = ev.id(e.Args[0])
		if len(e.Args) > 1 {
			k.b = ev.id(e.Args[1])
		}
	default:
		fail(e, "cannot evaluate a node of type %T", e)
	}
	if k.a >= 0 {
		dep = dep || ev.dep[k.a]
	}
	if k.b >= 0 {
		dep = dep || ev.dep[k.b]
	}
	id, ok := ev.keys[k]
	if !ok {
		id = len(ev.dep)
		ev.keys[k] = id
		ev.dep = append(ev.dep, dep)
	}
	ev.ids[e] = id
	return id
}

// identitySize returns the size of the identity e.
func (ev *evaluator) identitySize(e *ast.Identity) int {
	s, err := ev.info.ShapeOf(e)
	if err != nil {
		fail(e, "cannot tell the size of I: %s", msgOf(err))
	}
	if undetermined(s) && ev.inst.Free == 0 {
		fail(e, "cannot tell the size of I: nothing around it fixes it")
	}
	n, err := ev.inst.Size(s.Rows)
	if err != nil {
		fail(e, "cannot tell the size of I: %s", msgOf(err))
	}
	return n
}

func msgOf(err error) string {
	if e, ok := err.(*ast.Error); ok {
		return e.Msg
	}
	return err.Error()
}

// eval returns the value of e, from the memo if it is there.
func (ev *evaluator) eval(e ast.Expr) *mat.Dense {
	id := ev.id(e)
	if v, ok := ev.memo[id]; ok {
		return v
	}
	ev.charge(ev.checkSize(e))
	v := ev.node(e)
	checkFinite(e, v)
	ev.memo[id] = v
	if ev.vary != "" && ev.dep[id] {
		ev.bigDep = math.Max(ev.bigDep, maxAbs(v))
	}
	return v
}

// MaxEntries is the most entries a value computed by Eval may have: a
// product or a Kronecker product that would be larger is an error rather
// than minutes of work and gigabytes of memory.
const MaxEntries = 1 << 24

// checkSize fails if the value of e would have more than MaxEntries
// entries, and returns the entries it will have (1 when it cannot tell). A
// shape it cannot resolve is left to the evaluation to report.
func (ev *evaluator) checkSize(e ast.Expr) float64 {
	switch e.(type) {
	case *ast.Sym, *ast.Num:
		return 1
	}
	s, err := ev.info.ShapeOf(e)
	if err != nil || undetermined(s) {
		return 1
	}
	r, c, err := ev.inst.shape(s)
	if err != nil {
		return 1
	}
	n := float64(r) * float64(c)
	if n > MaxEntries {
		beyond(e, "%s would be %s, more than the %d entries eval computes", what(e), dims(r, c), MaxEntries)
	}
	return n
}

// charge counts n arithmetic operations against the budget, before they
// are done; past the budget (or its deadline) the evaluation stops.
func (ev *evaluator) charge(n float64) {
	if n < 1 {
		n = 1
	}
	if err := ev.budget.Fits(n); err != nil {
		panic(err)
	}
	if err := ev.budget.Flops(int64(n)); err != nil {
		panic(err)
	}
}

// checkFinite fails if v has a NaN or infinite entry.
func checkFinite(e ast.Expr, v *mat.Dense) {
	i, j, x, ok := nonFinite(v)
	if !ok {
		return
	}
	r, c := v.Dims()
	kind := "an infinite entry"
	if math.IsNaN(x) {
		kind = "a NaN entry"
	}
	if s, isSym := e.(*ast.Sym); isSym {
		fail(e, "value of %s has %s%s", s.Name, kind, where(r, c, i, j))
	}
	if r == 1 && c == 1 {
		kind = "NaN"
		if math.IsInf(x, 0) {
			kind = "an infinite value"
		}
	}
	err := errAt(e, "%s produced %s%s", what(e), kind, where(r, c, i, j))
	if math.IsInf(x, 0) {
		err.Hint = overflowHint
	}
	panic(err)
}

func (ev *evaluator) node(e ast.Expr) *mat.Dense {
	switch e := e.(type) {
	case *ast.Sym:
		return ev.sym(e)
	case *ast.Num:
		return mat.NewDense(1, 1, []float64{e.Val})
	case *ast.Identity:
		return identity(ev.identitySize(e))
	case *ast.Unary:
		return ev.unary(e)
	case *ast.Binary:
		if e.Op == ast.OpMul {
			return ev.product(e)
		}
		return ev.binary(e)
	case *ast.Call:
		return ev.call(e)
	}
	fail(e, "cannot evaluate a node of type %T", e)
	return nil
}

// sym returns the value of a name, after checking it against the name's
// shape and, for a name declared symmetric, that it is symmetric.
func (ev *evaluator) sym(e *ast.Sym) *mat.Dense {
	if _, declared := ev.info.Name(e.Name); !declared && ev.info.IsConstName(e.Name) {
		if e.Name == "pi" {
			return scalar(math.Pi)
		}
		n, err := ev.inst.Size(ast.Named(e.Name))
		if err != nil {
			fail(e, "%s", msgOf(err))
		}
		return scalar(float64(n))
	}
	v, ok := ev.inst.Vals[e.Name]
	if !ok || v == nil {
		fail(e, "no value for %s", e.Name)
	}
	r, c := v.Dims()
	s, ok := ev.info.Name(e.Name)
	if !ok {
		if sh, err := ev.info.ShapeOf(e); err == nil {
			s, ok = sh, true
		}
	}
	if ok && !undetermined(s) {
		wr, wc, err := ev.inst.shape(s)
		if err != nil {
			fail(e, "%s (in the shape of %s, %s)", msgOf(err), e.Name, s.Dims())
		}
		if wr != r || wc != c {
			fail(e, "value of %s is %s, but %s is %s", e.Name, dims(r, c), e.Name, ev.inst.describe(s))
		}
	}
	if ev.info.Symmetric(e.Name) && r == c {
		for i := 0; i < r; i++ {
			for j := 0; j < i; j++ {
				a, b := v.At(i, j), v.At(j, i)
				if math.Abs(a-b) > 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
					fail(e, "value of %s is not symmetric, though declared so: %s%s = %g but %s%s = %g",
						e.Name, e.Name, at(i, j), a, e.Name, at(j, i), b)
				}
			}
		}
	}
	return v
}

func undetermined(s ast.Shape) bool {
	for _, names := range [2][]string{s.Rows.Names, s.Cols.Names} {
		for _, n := range names {
			if strings.HasPrefix(n, "?") {
				return true
			}
		}
	}
	return false
}

func identity(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return m
}

func isScalar(m *mat.Dense) bool {
	r, c := m.Dims()
	return r == 1 && c == 1
}

func scalar(v float64) *mat.Dense { return mat.NewDense(1, 1, []float64{v}) }

// apply returns f applied to every entry of x.
func apply(x *mat.Dense, f func(float64) float64) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	raw := x.RawMatrix()
	od := out.RawMatrix().Data
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		orow := od[i*c : (i+1)*c]
		for j, v := range row {
			orow[j] = f(v)
		}
	}
	return out
}

// find returns the first entry of x, row by row, for which bad holds.
func find(x *mat.Dense, bad func(float64) bool) (i, j int, v float64, ok bool) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	for i := 0; i < r; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			if bad(v) {
				return i, j, v, true
			}
		}
	}
	return 0, 0, 0, false
}

// nonFinite returns the first NaN or infinite entry of x, row by row.
func nonFinite(x *mat.Dense) (i, j int, v float64, ok bool) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		bad := 0.0
		for _, v := range row {
			bad += v - v // NaN for NaN and ±Inf, 0 otherwise
		}
		if bad == 0 {
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return i, j, v, true
			}
		}
	}
	return 0, 0, 0, false
}

// sum returns the sum of f over the entries of x.
func sum(x *mat.Dense, f func(float64) float64) float64 {
	r, c := x.Dims()
	raw := x.RawMatrix()
	s := 0.0
	for i := 0; i < r; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			s += f(v)
		}
	}
	return s
}

func (ev *evaluator) unary(e *ast.Unary) *mat.Dense {
	if e.Op == ast.OpDiff {
		fail(e, "cannot evaluate a differential")
	}
	x := ev.eval(e.X)
	ev.cur = e
	switch e.Op {
	case ast.OpNeg:
		return apply(x, func(v float64) float64 { return -v })
	case ast.OpTranspose:
		return mat.DenseCopyOf(x.T())
	case ast.OpInverse:
		r, _ := x.Dims()
		ev.charge(float64(r) * float64(r) * float64(r))
		return inverse(e, x, "the inverse")
	}
	fail(e, "cannot evaluate the operator %s", e.Op)
	return nil
}

// inverse returns the inverse of x, or fails at e.
func inverse(e ast.Expr, x *mat.Dense, what string) *mat.Dense {
	r, c := x.Dims()
	if r != c {
		fail(e, "%s needs a square matrix, but the value is %s", what, dims(r, c))
	}
	if r == 1 {
		if x.At(0, 0) == 0 {
			fail(e, "inverse of a singular matrix (the number 0)")
		}
		return scalar(1 / x.At(0, 0))
	}
	var inv mat.Dense
	if err := inv.Inverse(x); err != nil {
		if cond, ok := err.(mat.Condition); ok && !math.IsInf(float64(cond), 0) {
			fail(e, "inverse of a singular matrix (condition number %.3g)", float64(cond))
		}
		fail(e, "inverse of a singular matrix")
	}
	return &inv
}

// number returns the value of a 1 x 1 operand such as an exponent.
func (ev *evaluator) number(e, operand ast.Expr, role string) float64 {
	if n, ok := operand.(*ast.Num); ok {
		return n.Val
	}
	v := ev.eval(operand)
	if !isScalar(v) {
		r, c := v.Dims()
		fail(e, "%s must be a scalar, but it is %s", role, dims(r, c))
	}
	return v.At(0, 0)
}

func (ev *evaluator) binary(e *ast.Binary) *mat.Dense {
	switch e.Op {
	case ast.OpPow:
		k := ev.number(e, e.Y, "the exponent of ^")
		x := ev.eval(e.X)
		ev.cur = e
		if r, _ := x.Dims(); r > 1 {
			// Repeated squaring: about 2 log2|k| products, and an
			// inverse for a negative k.
			ev.charge(float64(r) * float64(r) * float64(r) * (2*math.Log2(math.Min(math.Abs(k), 1<<30)+1) + 1))
		}
		return power(e, x, k)
	case ast.OpEPow:
		p := ev.number(e, e.Y, "the exponent of .^")
		x := ev.eval(e.X)
		ev.cur = e
		return epower(e, x, p)
	}
	x := ev.eval(e.X)
	y := ev.eval(e.Y)
	ev.cur = e
	switch e.Op {
	case ast.OpFrob:
		xr, xc := x.Dims()
		yr, yc := y.Dims()
		// A 1 x 1 factor stands for a matrix of its value, as in a sum.
		if (xr != yr || xc != yc) && !isScalar(x) && !isScalar(y) {
			fail(e, "cannot take the Frobenius product of %s and %s: the shapes differ", dims(xr, xc), dims(yr, yc))
		}
		return scalar(sum(entrywise(e, x, y, "", func(a, b float64) float64 { return a * b }), func(v float64) float64 { return v }))
	case ast.OpAdd:
		return entrywise(e, x, y, "add", func(a, b float64) float64 { return a + b })
	case ast.OpSub:
		return entrywise(e, x, y, "subtract", func(a, b float64) float64 { return a - b })
	case ast.OpHad:
		return entrywise(e, x, y, "take the Hadamard product of", func(a, b float64) float64 { return a * b })
	case ast.OpHDiv:
		if i, j, _, ok := find(y, func(v float64) bool { return v == 0 }); ok {
			r, c := y.Dims()
			fail(e, "./ divides by a zero entry%s", where(r, c, i, j))
		}
		return entrywise(e, x, y, "divide element-wise", func(a, b float64) float64 { return a / b })
	case ast.OpDiv:
		if !isScalar(y) {
			r, c := y.Dims()
			fail(e, "can divide only by a scalar, but the divisor is %s", dims(r, c))
		}
		s := y.At(0, 0)
		if s == 0 {
			fail(e, "/ divides by zero")
		}
		return apply(x, func(v float64) float64 { return v / s })
	}
	fail(e, "cannot evaluate the operator %s", e.Op)
	return nil
}

// entrywise combines x and y entry by entry; a 1 x 1 side meets every entry
// of the other.
func entrywise(e ast.Expr, x, y *mat.Dense, verb string, f func(a, b float64) float64) *mat.Dense {
	xr, xc := x.Dims()
	yr, yc := y.Dims()
	switch {
	case xr == yr && xc == yc:
		out := mat.NewDense(xr, xc, nil)
		rx, ry, od := x.RawMatrix(), y.RawMatrix(), out.RawMatrix().Data
		for i := 0; i < xr; i++ {
			xrow := rx.Data[i*rx.Stride : i*rx.Stride+xc]
			yrow := ry.Data[i*ry.Stride : i*ry.Stride+xc]
			orow := od[i*xc : (i+1)*xc]
			for j := range orow {
				orow[j] = f(xrow[j], yrow[j])
			}
		}
		return out
	case xr == 1 && xc == 1:
		s := x.At(0, 0)
		return apply(y, func(v float64) float64 { return f(s, v) })
	case yr == 1 && yc == 1:
		s := y.At(0, 0)
		return apply(x, func(v float64) float64 { return f(v, s) })
	}
	fail(e, "cannot %s %s and %s: the shapes differ", verb, dims(xr, xc), dims(yr, yc))
	return nil
}

// power returns the matrix power x^k: any real power of a 1 x 1, a whole
// power of a square matrix (a negative one is a power of the inverse).
func power(e ast.Expr, x *mat.Dense, k float64) *mat.Dense {
	if isScalar(x) {
		v := x.At(0, 0)
		switch {
		case v < 0 && k != math.Trunc(k):
			fail(e, "power of a negative number %g to the non-integer exponent %g", v, k)
		case v == 0 && k < 0:
			fail(e, "power of zero to the negative exponent %g", k)
		}
		return scalar(math.Pow(v, k))
	}
	r, c := x.Dims()
	if r != c {
		fail(e, "a matrix power needs a square matrix, but the value is %s", dims(r, c))
	}
	if k != math.Trunc(k) || math.Abs(k) > 1<<30 {
		fail(e, "a matrix power needs a whole exponent, not %g (use .^ for an element-wise power)", k)
	}
	if k < 0 {
		x = inverse(e, x, "a negative matrix power")
		k = -k
	}
	var out mat.Dense
	out.Pow(x, int(k))
	return &out
}

// epower returns the element-wise power x.^p.
func epower(e ast.Expr, x *mat.Dense, p float64) *mat.Dense {
	r, c := x.Dims()
	if p != math.Trunc(p) {
		if i, j, v, ok := find(x, func(v float64) bool { return v < 0 }); ok {
			fail(e, ".^ of a negative entry %g%s to the non-integer power %g", v, where(r, c, i, j), p)
		}
	}
	if p < 0 {
		if i, j, _, ok := find(x, func(v float64) bool { return v == 0 }); ok {
			fail(e, ".^ of a zero entry%s to the negative power %g", where(r, c, i, j), p)
		}
	}
	if p == 2 {
		return apply(x, func(v float64) float64 { return v * v })
	}
	return apply(x, func(v float64) float64 { return math.Pow(v, p) })
}
