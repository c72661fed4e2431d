package render

import (
	"github.com/matdiff/matdiff/ast"
)

// maxSplitPower bounds the exponent splitPowers writes out as factors.
const maxSplitPower = 4

// splitPowers returns e with every elementwise power s.^k (k whole, from 2
// to maxSplitPower) that stands as a factor of a Hadamard chain written
// as k factors s ∘ … ∘ s, where s itself is a factor of some chain. The
// Hessian of sum(tanh(…tanh(x))) has the terms tᵢ ∘ sᵢ ∘ Πⱼ₍ⱼ₎ sⱼ ∘
// Πⱼ₍ⱼ<ᵢ₎ sⱼ.^2: with the squares merged no order of the factors lets the
// terms share their starts, with them split every term is the product P of
// all the sⱼ times a start of s₁ ∘ s₂ ∘ …, and the names grow linearly
// with the depth. It returns e itself when nothing splits.
func splitPowers(info *ast.Info, e ast.Expr) ast.Expr {
	if info == nil {
		return e
	}
	in := newInterner()
	top := in.id(e)
	// The chains (a Hadamard product not itself a factor of one) whose
	// factors all have the chain's shape, and the factors they hold.
	chains := map[int][]int{}
	plain := map[int]bool{}
	for _, ch := range in.hadamardChains(info, top) {
		chains[ch.top] = ch.factors
		for _, f := range ch.factors {
			plain[f] = true
		}
	}
	// split returns the base and the exponent of a factor that splits.
	split := func(f int) (int, int, bool) {
		b, ok := in.nodes[f].(*ast.Binary)
		if !ok || b.Op != ast.OpEPow {
			return 0, 0, false
		}
		n, ok := b.Y.(*ast.Num)
		if !ok || n.Val != float64(int(n.Val)) || n.Val < 2 || n.Val > maxSplitPower {
			return 0, 0, false
		}
		base := in.kids[f][0]
		return base, int(n.Val), plain[base]
	}
	any := false
	for _, fs := range chains {
		for _, f := range fs {
			if _, _, ok := split(f); ok {
				any = true
			}
		}
	}
	if !any {
		return e
	}
	built := make([]ast.Expr, len(in.nodes))
	var build func(id int) ast.Expr
	build = func(id int) ast.Expr {
		if built[id] != nil {
			return built[id]
		}
		x := in.nodes[id]
		if fs, ok := chains[id]; ok {
			var out ast.Expr
			add := func(f ast.Expr) {
				if out == nil {
					out = f
				} else {
					out = ast.Had(out, f)
				}
			}
			for _, f := range fs {
				if base, k, ok := split(f); ok {
					b := build(base)
					for i := 0; i < k; i++ {
						add(b)
					}
					continue
				}
				add(build(f))
			}
			built[id] = out
			return out
		}
		kids := ast.Children(x)
		for i := range kids {
			kids[i] = build(in.kids[id][i])
		}
		built[id] = ast.With(x, kids)
		return built[id]
	}
	return build(top)
}
