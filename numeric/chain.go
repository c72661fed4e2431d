package numeric

import (
	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// product evaluates the maximal run of matrix products rooted at e. The run
// is flattened into its factors, whatever the grouping (a product is
// associative); 1 x 1 factors are pulled out as one scale factor; the
// others are multiplied in the cheapest order, found by the classic
// matrix-chain dynamic program.
//
// A sub-product whose inferred shape is scalar stays one factor: the
// language lets a scalar scale anything, so (x' y) Z is valid where the
// chain x' y Z is not. So does a sub-product already in the memo.
func (ev *evaluator) product(e *ast.Binary) *mat.Dense {
	var factors []ast.Expr
	ev.flatten(e, true, &factors)
	vals := make([]*mat.Dense, len(factors))
	for i, f := range factors {
		vals[i] = ev.eval(f)
	}
	ev.cur = e
	scale := 1.0
	var chain []*mat.Dense
	for _, v := range vals {
		if isScalar(v) {
			scale *= v.At(0, 0)
		} else {
			chain = append(chain, v)
		}
	}
	for i := 1; i < len(chain); i++ {
		_, c := chain[i-1].Dims()
		if r, _ := chain[i].Dims(); r != c {
			// Cannot happen for values of the inferred shapes; multiply
			// as written, which fails at the right node.
			return ev.pairwise(e)
		}
	}
	switch len(chain) {
	case 0:
		return scalar(scale)
	case 1:
		if scale == 1 {
			return chain[0]
		}
		var out mat.Dense
		out.Scale(scale, chain[0])
		return &out
	}
	out := ev.multiplyChain(chain)
	if scale != 1 {
		out.Scale(scale, out)
	}
	return out
}

// flatten appends the factors of the product x to out.
func (ev *evaluator) flatten(x ast.Expr, root bool, out *[]ast.Expr) {
	if b, ok := x.(*ast.Binary); ok && b.Op == ast.OpMul {
		if root || !ev.memoized(b) && !ev.scalarShape(b) {
			ev.flatten(b.X, false, out)
			ev.flatten(b.Y, false, out)
			return
		}
	}
	*out = append(*out, x)
}

func (ev *evaluator) memoized(e ast.Expr) bool {
	_, ok := ev.memo[ev.id(e)]
	return ok
}

// scalarShape reports whether shape inference says e is 1 x 1.
func (ev *evaluator) scalarShape(e ast.Expr) bool {
	s, err := ev.info.ShapeOf(e)
	return err == nil && s.IsScalar()
}

// pairwise multiplies the operands of e as grouped.
func (ev *evaluator) pairwise(e *ast.Binary) *mat.Dense {
	x := ev.eval(e.X)
	y := ev.eval(e.Y)
	ev.cur = e
	switch {
	case isScalar(x):
		var out mat.Dense
		out.Scale(x.At(0, 0), y)
		return &out
	case isScalar(y):
		var out mat.Dense
		out.Scale(y.At(0, 0), x)
		return &out
	}
	xr, xc := x.Dims()
	yr, yc := y.Dims()
	if xc != yr {
		fail(e, "cannot multiply %s by %s", dims(xr, xc), dims(yr, yc))
	}
	return ev.mul(x, y)
}

// mul returns the matrix product x y and counts it.
func (ev *evaluator) mul(x, y *mat.Dense) *mat.Dense {
	r, k := x.Dims()
	_, c := y.Dims()
	ev.charge(float64(r) * float64(k) * float64(c))
	ev.stats.products++
	ev.stats.flops += int64(r) * int64(k) * int64(c)
	ev.stats.maxProduct = max(ev.stats.maxProduct, r*c)
	out := mat.NewDense(r, c, nil)
	// A matrix times a vector goes through Gemv: gonum's Gemm would split
	// a thin product among goroutines, which costs more than it saves.
	switch {
	case c == 1:
		yr := y.RawMatrix()
		blas64.Gemv(blas.NoTrans, 1, x.RawMatrix(), blas64.Vector{N: k, Inc: yr.Stride, Data: yr.Data},
			0, blas64.Vector{N: r, Inc: 1, Data: out.RawMatrix().Data})
	case r == 1:
		xr := x.RawMatrix()
		blas64.Gemv(blas.Trans, 1, y.RawMatrix(), blas64.Vector{N: k, Inc: 1, Data: xr.Data},
			0, blas64.Vector{N: c, Inc: 1, Data: out.RawMatrix().Data})
	default:
		out.Mul(x, y)
	}
	return out
}

// ChainOrder finds the cheapest order of a matrix chain whose k factors
// are p[0] x p[1], p[1] x p[2], …, p[k-1] x p[k]: split[i][j] = s means
// that the product of factors i..j is best formed as (i..s) times
// (s+1..j), the one that needs the fewest multiply-adds.
func ChainOrder(p []float64) (split [][]int) {
	k := len(p) - 1
	// One block for the costs and one for the splits (a chain is
	// ordered at every evaluation of a product).
	cost := make([]float64, k*k) // cost[i*k+j]: of factors i..j
	flat := make([]int, k*k)
	split = make([][]int, k)
	for i := range split {
		split[i] = flat[i*k : (i+1)*k : (i+1)*k]
	}
	for length := 2; length <= k; length++ {
		for i := 0; i+length-1 < k; i++ {
			j := i + length - 1
			best, bestS := -1.0, i
			for s := i; s < j; s++ {
				c := cost[i*k+s] + cost[(s+1)*k+j] + p[i]*p[s+1]*p[j+1]
				if best < 0 || c < best {
					best, bestS = c, s
				}
			}
			cost[i*k+j], split[i][j] = best, bestS
		}
	}
	return split
}

// multiplyChain multiplies ms (at least two, with matching inner sizes) in
// the order that needs the fewest multiply-adds.
//
// gonum's mat.Dense.Product finds the same order, but it does not say
// which it took: the work budgets of numeric (budget.go) count the
// multiply-adds and the largest product of every evaluation through mul,
// so that a limit gives the same verdict on any machine; and mul sends a
// thin product to Gemv rather than to the goroutines of Gemm.
func (ev *evaluator) multiplyChain(ms []*mat.Dense) *mat.Dense {
	k := len(ms)
	p := make([]float64, k+1) // ms[i] is p[i] x p[i+1]
	for i, m := range ms {
		r, c := m.Dims()
		p[i], p[i+1] = float64(r), float64(c)
	}
	split := ChainOrder(p)
	var build func(i, j int) *mat.Dense
	build = func(i, j int) *mat.Dense {
		if i == j {
			return ms[i]
		}
		s := split[i][j]
		return ev.mul(build(i, s), build(s+1, j))
	}
	return build(0, k-1)
}
