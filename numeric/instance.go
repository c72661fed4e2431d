package numeric

import (
	"github.com/matdiff/matdiff/budget"

	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// Instance is a concrete point: a size for every dimension name and a value
// for every name.
type Instance struct {
	Dims map[string]int        // dimension name -> size, e.g. "n" -> 3
	Vals map[string]*mat.Dense // name -> value (1 x 1 for scalars)
	// Free is the size of every dimension that nothing fixes (an unknown
	// of shape inference, such as the size of I in tr(I) x' x), or 0 when
	// such a dimension is an error.
	Free int
	// Budget, when set, counts the arithmetic of every evaluation on the
	// instance, finite differences included, and stops them when its
	// context is done (a --timeout); nil means a fresh budget.Default for
	// each evaluation. A budget holds one computation: an instance with a
	// Budget is for one goroutine.
	Budget *budget.Budget
}

// Size resolves a symbolic dimension with inst.Dims: d.N times the sizes of
// its names. The error is an *ast.Error (with no position) when a name has
// no size, or a size that is not positive, or is still an unknown of shape
// inference.
func (inst *Instance) Size(d ast.Dim) (int, error) {
	n := d.N
	for _, name := range d.Names {
		if strings.HasPrefix(name, "?") {
			if inst.Free > 0 {
				n *= inst.Free
				continue
			}
			return 0, &ast.Error{Msg: "the size of a dimension is undetermined"}
		}
		s, ok := inst.Dims[name]
		if !ok {
			return 0, &ast.Error{Msg: fmt.Sprintf("no size for dimension %s", name)}
		}
		if s < 1 {
			return 0, &ast.Error{Msg: fmt.Sprintf("the size of dimension %s is %d; sizes must be positive", name, s)}
		}
		n *= s
	}
	return n, nil
}

// shape resolves s to rows and columns.
func (inst *Instance) shape(s ast.Shape) (r, c int, err error) {
	if r, err = inst.Size(s.Rows); err != nil {
		return 0, 0, err
	}
	if c, err = inst.Size(s.Cols); err != nil {
		return 0, 0, err
	}
	return r, c, nil
}

// describe prints a symbolic shape with the sizes of its names:
// "n×n with n = 3", or "2×3" for a known shape.
func (inst *Instance) describe(s ast.Shape) string {
	seen := map[string]bool{}
	var parts []string
	for _, n := range append(append([]string(nil), s.Rows.Names...), s.Cols.Names...) {
		if seen[n] {
			continue
		}
		seen[n] = true
		if v, ok := inst.Dims[n]; ok {
			parts = append(parts, fmt.Sprintf("%s = %d", n, v))
		}
	}
	if len(parts) == 0 {
		return s.Dims()
	}
	return s.Dims() + " with " + strings.Join(parts, ", ")
}

// Options say how Random chooses sizes.
type Options struct {
	Dims           map[string]int // fixed sizes for some dimension names
	MinDim, MaxDim int            // range for the other sizes; 0 means the default 2..4
}

// need is what an expression asks of the value of a name.
type need struct {
	inv   bool // square: well-conditioned, invertible, positive determinant
	pos   bool // entries positive
	small bool // entries in (-0.5, 0.5), for arcsin and arccos
}

func (n need) or(m need) need { return need{n.inv || m.inv, n.pos || m.pos, n.small || m.small} }

// Random makes a reproducible random instance for the names of e and of
// info: the same seed and options give the same instance.
//
// Every dimension name (of the names in info, and of the nodes of e, such as
// the size of an I) gets a size: opts.Dims fixes some, the others are drawn
// from [opts.MinDim, opts.MaxDim] (default 2..4), distinct from each other
// while the range allows, so that transposition mistakes show. A dimension
// that nothing fixes (the size of I in tr(I) x' x) is drawn from the same
// range, one size for all of them: Instance.Free.
//
// Values respect what e needs of them, as far as a simple look at e can
// tell (see constraints):
//   - a square name under inv, ^-1, det, logdet or a negative matrix power
//     gets Q + cI with c large enough that the matrix is strictly diagonally
//     dominant with positive diagonal: invertible, with positive determinant
//     and a small condition number. It is not made symmetric unless declared
//     so (then it is symmetric positive definite): a non-symmetric value is
//     what lets a gradient check catch a missing transpose;
//   - a name under log, sqrt, a divisor of / or ./, or .^ (or a scalar ^)
//     with a negative or non-integer exponent gets entries in [0.5, 2];
//   - a name under arcsin or arccos gets entries in (-0.45, 0.45);
//   - a name declared symmetric gets a symmetric value;
//   - every other entry is uniform in [-1, 1].
//
// Only the names of e are looked at: to check a claimed gradient g of f,
// pass an expression that holds both, such as f + g : g, so that an inverse
// in g gets an invertible value too. What a name needs is found through
// transposes, sums, products and a few other operators; an expression such as
// log(x - y) or inv(X' X) with X wide is beyond it.
func Random(e ast.Expr, info *ast.Info, seed int64, opts Options) (*Instance, error) {
	s, err := NewSampler(e, info, opts)
	if err != nil {
		return nil, err
	}
	return s.Instance(seed)
}

// A Sampler makes the instances that Random makes for one expression,
// info and options, one for each seed: what Random works out of e and
// info (the names, the dimensions, what each name needs) is worked out
// once. A Sampler is for one goroutine.
type Sampler struct {
	info   *ast.Info
	opts   Options
	lo, hi int
	names  []named
	dims   []string // the dimension names, sorted
	free   bool     // a dimension that nothing fixes
	needs  map[string]need
}

type named struct {
	name  string
	shape ast.Shape
}

// NewSampler prepares the instances of e and info with opts. The error is
// that of Random before any seed is drawn: e does not fit info, or the
// range of sizes is bad.
func NewSampler(e ast.Expr, info *ast.Info, opts Options) (_ *Sampler, err error) {
	defer internal(&err)
	if _, err := info.ShapeOf(e); err != nil {
		return nil, err
	}
	lo, hi := opts.MinDim, opts.MaxDim
	if lo == 0 && hi == 0 {
		lo, hi = 2, 4
	} else if lo == 0 {
		lo = min(2, hi)
	} else if hi == 0 {
		hi = max(4, lo)
	}
	if lo < 1 || hi < lo {
		return nil, &ast.Error{Msg: fmt.Sprintf("bad range of sizes [%d, %d]", lo, hi)}
	}

	// The names to give values to: every name info knows, then the names of
	// e it does not.
	var names []named
	seen := map[string]bool{}
	for _, d := range info.Decls() {
		names = append(names, named{d.Name, d.Shape})
		seen[d.Name] = true
	}
	ast.Inspect(e, func(x ast.Expr) bool {
		if s, ok := x.(*ast.Sym); ok && !seen[s.Name] {
			seen[s.Name] = true
			if _, declared := info.Name(s.Name); !declared && info.IsConstName(s.Name) {
				return true // pi, or a dimension's size
			}
			if sh, err := info.ShapeOf(s); err == nil {
				names = append(names, named{s.Name, sh})
			}
		}
		return true
	})

	// Dimension names, from the names and from every node of e.
	dimSet := map[string]bool{}
	free := false
	addDims := func(s ast.Shape) {
		for _, n := range append(append([]string(nil), s.Rows.Names...), s.Cols.Names...) {
			if strings.HasPrefix(n, "?") {
				free = true
			} else {
				dimSet[n] = true
			}
		}
	}
	for _, n := range names {
		addDims(n.shape)
	}
	visited := map[ast.Expr]bool{} // a subtree shared is looked at once
	ast.Inspect(e, func(x ast.Expr) bool {
		if visited[x] {
			return false
		}
		visited[x] = true
		if s, err := info.ShapeOf(x); err == nil {
			addDims(s)
		}
		return true
	})
	var dims []string
	for n := range dimSet {
		dims = append(dims, n)
	}
	sort.Strings(dims)
	return &Sampler{info: info, opts: opts, lo: lo, hi: hi, names: names, dims: dims, free: free, needs: constraints(e, info)}, nil
}

// Instance returns the instance that Random makes with seed.
func (s *Sampler) Instance(seed int64) (_ *Instance, err error) {
	defer internal(&err)
	opts, lo, hi, info, names, dims, free := s.opts, s.lo, s.hi, s.info, s.names, s.dims, s.free
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d617464696666)) // "matdiff"
	inst := &Instance{Dims: map[string]int{}, Vals: map[string]*mat.Dense{}}
	used := map[int]bool{}
	for n, v := range opts.Dims {
		if v < 1 {
			return nil, &ast.Error{Msg: fmt.Sprintf("the size of dimension %s is %d; sizes must be positive", n, v)}
		}
		inst.Dims[n] = v
		used[v] = true
	}
	for _, n := range dims {
		if _, ok := inst.Dims[n]; ok {
			continue
		}
		var free []int
		for v := lo; v <= hi; v++ {
			if !used[v] {
				free = append(free, v)
			}
		}
		var v int
		if len(free) > 0 {
			v = free[rng.IntN(len(free))]
		} else {
			v = lo + rng.IntN(hi-lo+1)
		}
		inst.Dims[n] = v
		used[v] = true
	}

	if free {
		inst.Free = lo + rng.IntN(hi-lo+1)
	}
	needs := s.needs
	for _, n := range names {
		r, c, err := inst.shape(n.shape)
		if err != nil {
			return nil, &ast.Error{Msg: fmt.Sprintf("cannot size %s: %s", n.name, err.(*ast.Error).Msg)}
		}
		if float64(r)*float64(c) > MaxEntries {
			return nil, &ast.Error{Kind: ast.BeyondReach, Msg: fmt.Sprintf("%s would be %s, more than the %d entries a random value may have", n.name, fmt.Sprintf("%d×%d", r, c), MaxEntries)}
		}
		inst.Vals[n.name] = randomValue(rng, r, c, needs[n.name], info.Symmetric(n.name))
	}
	return inst, nil
}

// randomValue draws an r x c value that meets nd.
func randomValue(rng *rand.Rand, r, c int, nd need, symmetric bool) *mat.Dense {
	if nd.inv && r == 1 && c == 1 {
		nd.pos = true
	}
	lo, hi := -1.0, 1.0
	switch {
	case nd.small && nd.pos:
		lo, hi = 0.1, 0.45
	case nd.small:
		lo, hi = -0.45, 0.45
	case nd.pos:
		lo, hi = 0.5, 2
	}
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, lo+(hi-lo)*rng.Float64())
		}
	}
	if symmetric && r == c {
		for i := 0; i < r; i++ {
			for j := 0; j < i; j++ {
				m.Set(i, j, m.At(j, i))
			}
		}
	}
	if nd.inv && r == c && r > 1 {
		// Gershgorin: every eigenvalue has real part at least
		// lo + shift - (r-1)·bound >= 1, so the matrix is invertible with
		// a positive determinant and a condition number of order r.
		bound := math.Max(math.Abs(lo), math.Abs(hi))
		shift := float64(r-1)*bound + 1 + bound
		for i := 0; i < r; i++ {
			m.Set(i, i, m.At(i, i)+shift)
		}
	}
	return m
}

// constraints looks at e top-down and says what each name needs. The
// context of a node is what its value needs; it passes to the operands where
// that is enough (positive summands make a positive sum; invertible
// diagonally dominant factors make an invertible product; a transpose keeps
// everything) and stops elsewhere.
func constraints(e ast.Expr, info *ast.Info) map[string]need {
	needs := map[string]need{}
	isScalar := func(x ast.Expr) bool {
		s, err := info.ShapeOf(x)
		return err == nil && s.IsScalar()
	}
	var walk func(x ast.Expr, ctx need)
	walk = func(x ast.Expr, ctx need) {
		switch x := x.(type) {
		case *ast.Sym:
			needs[x.Name] = needs[x.Name].or(ctx)
		case *ast.Num, *ast.Identity:
		case *ast.Unary:
			switch x.Op {
			case ast.OpNeg:
				walk(x.X, need{inv: ctx.inv, small: ctx.small})
			case ast.OpInverse:
				walk(x.X, need{inv: true})
			default:
				walk(x.X, ctx)
			}
		case *ast.Binary:
			walkBinary(x, ctx, walk, isScalar)
		case *ast.Call:
			walkCall(x, ctx, walk)
		}
	}
	walk(e, need{})
	return needs
}

func exponent(x ast.Expr) (float64, bool) {
	n, ok := x.(*ast.Num)
	if !ok {
		return 0, false
	}
	return n.Val, true
}

func walkBinary(x *ast.Binary, ctx need, walk func(ast.Expr, need), isScalar func(ast.Expr) bool) {
	switch x.Op {
	case ast.OpAdd:
		walk(x.X, ctx)
		walk(x.Y, ctx)
	case ast.OpSub:
		walk(x.X, ctx)
		walk(x.Y, need{small: ctx.small})
	case ast.OpMul:
		sub := need{inv: ctx.inv, pos: ctx.pos}
		if isScalar(x.X) || isScalar(x.Y) {
			sub.small = ctx.small
		}
		walk(x.X, sub)
		walk(x.Y, sub)
	case ast.OpDiv:
		walk(x.X, ctx)
		walk(x.Y, need{pos: true})
	case ast.OpHad:
		walk(x.X, need{pos: ctx.pos, small: ctx.small})
		walk(x.Y, need{pos: ctx.pos, small: ctx.small})
	case ast.OpHDiv:
		walk(x.X, need{pos: ctx.pos, small: ctx.small})
		walk(x.Y, need{pos: true})
	case ast.OpFrob:
		walk(x.X, need{pos: ctx.pos})
		walk(x.Y, need{pos: ctx.pos})
	case ast.OpPow:
		k, ok := exponent(x.Y)
		if isScalar(x.X) {
			sub := need{pos: ctx.pos || ctx.inv || !ok || k < 0 || k != math.Trunc(k)}
			walk(x.X, sub)
		} else {
			walk(x.X, need{inv: ctx.inv || !ok || k < 0, pos: ctx.pos})
		}
		walk(x.Y, need{})
	case ast.OpEPow:
		p, ok := exponent(x.Y)
		sub := need{pos: ctx.pos || ctx.inv || !ok || p < 0 || p != math.Trunc(p)}
		if ok && p >= 1 {
			sub.small = ctx.small
		}
		walk(x.X, sub)
		walk(x.Y, need{})
	default:
		walk(x.X, need{})
		walk(x.Y, need{})
	}
}

func walkCall(x *ast.Call, ctx need, walk func(ast.Expr, need)) {
	var sub need
	switch x.Fun {
	case ast.FnTr, ast.FnSum:
		sub = need{pos: ctx.pos}
	case ast.FnDet, ast.FnLogdet:
		sub = need{inv: true}
	case ast.FnDiag, ast.FnVec, ast.FnKron:
		sub = ctx
	case ast.FnDiagM:
		sub = need{pos: ctx.pos || ctx.inv, small: ctx.small}
	case ast.FnLog, ast.FnSqrt:
		sub = need{pos: true}
	case ast.FnArcsin, ast.FnArccos:
		sub = need{small: true}
	case ast.FnRelu, ast.FnStep, ast.FnSign, ast.FnAbs:
		sub = need{pos: ctx.pos || ctx.inv}
	}
	for _, a := range x.Args {
		walk(a, sub)
	}
}
