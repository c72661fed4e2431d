package render

import (
	"sort"
	"strconv"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// A Def names a subterm of a result: Name = Expr.
type Def struct {
	Name string
	Expr ast.Expr // may use the names defined before it
}

// NameSubterms picks names for the parts of a long or repetitive result,
// the way a careful hand derivation does: a subterm that occurs more than
// once gets a name, and so does a large operand where a matrix product
// meets a Hadamard product (H = Bᵀ(E ∘ afᵀ), K = H ∘ D, then K c). It
// returns the definitions, in the order they can be read, and the result
// written with the names. Names avoid every name in the derivation.
//
// Subterms are compared by structure, each distinct one once, so the work
// is linear in the distinct subterms of the result, however often they
// repeat. When the factors of Hadamard products, put in an order that
// lets the products share their first factors, make the named result
// smaller, that order is taken: the Hessian of sum(tanh(…tanh(x))) then
// grows linearly with the depth.
func NameSubterms(d *rewrite.Derivation) ([]Def, ast.Expr) {
	// The names the output gives the function, its gradient and the
	// result are taken too.
	used := map[string]bool{d.Wrt: true, "f": true, "g": true, "y": true, "Y": true}
	for _, e := range []ast.Expr{d.F, d.Result} {
		for _, n := range ast.Names(e) {
			used[n] = true
		}
	}
	if d.Info != nil {
		for _, decl := range d.Info.Decls() {
			used[decl.Name] = true
		}
	}
	defs, out := nameIn(d.Info, used, d.Result)
	best := namedSize(defs, out)
	try := func(re ast.Expr) {
		if re == d.Result {
			return
		}
		defs2, out2 := nameIn(d.Info, used, re)
		if n := namedSize(defs2, out2); n < best {
			defs, out, best = defs2, out2, n
		}
	}
	try(shareHadamardPrefixes(d.Info, d.Result))
	if split := splitPowers(d.Info, d.Result); split != d.Result {
		try(shareHadamardPrefixes(d.Info, split))
	}
	return defs, out
}

// namedSize is the number of nodes the definitions and the result print.
func namedSize(defs []Def, result ast.Expr) int {
	n := ast.Size(result)
	for _, d := range defs {
		n += 1 + ast.Size(d.Expr)
	}
	return n
}

func nameIn(info *ast.Info, taken map[string]bool, result ast.Expr) ([]Def, ast.Expr) {
	used := make(map[string]bool, len(taken))
	for k, v := range taken {
		used[k] = v
	}
	n := &namer{info: info, used: used, in: newInterner()}
	top := n.in.id(result)
	n.done = make([]ast.Expr, len(n.in.nodes))
	n.named = make([]bool, len(n.in.nodes))
	out := n.rewrite(top, -1, top)
	return n.defs, out
}

type namer struct {
	info  *ast.Info
	used  map[string]bool
	in    *interner
	done  []ast.Expr // by id: the subterm written with names, once made
	named []bool     // by id: done is a name
	defs  []Def
}

// Thresholds, in nodes (ast.Size).
const (
	repeatMin = 4  // a repeated subterm this large gets a name
	layerMin  = 8  // an operand this large where products meet gets a name
	resultMin = 14 // results smaller than this keep their layers unnamed
)

// rewrite writes the subterm id with names, bottom-up; top is the whole
// result, which itself is never named, and parent the id the subterm
// stands in (-1 for the top).
func (n *namer) rewrite(id, parent, top int) ast.Expr {
	in := n.in
	if n.done[id] != nil && (n.named[id] || parent < 0) {
		return n.done[id]
	}
	y := n.done[id]
	if y == nil {
		x := in.nodes[id]
		kids := ast.Children(x)
		for i := range kids {
			kids[i] = n.rewrite(in.kids[id][i], id, top)
		}
		y = ast.With(x, kids)
		n.done[id] = y
	}
	if id == top {
		return y
	}
	x := in.nodes[id]
	size := in.size[id]
	repeated := size >= repeatMin && in.refs[id] > 1 && !isTransposedName(x)
	layer := in.size[top] >= resultMin && size >= layerMin && parent >= 0 && crossesLayer(x, in.nodes[parent])
	if repeated || layer {
		name := n.fresh(x)
		n.defs = append(n.defs, Def{Name: name, Expr: y})
		n.done[id], n.named[id] = &ast.Sym{Name: name}, true
		return n.done[id]
	}
	return y
}

// interner gives every distinct subterm (by structure) an id, children
// before parents, and counts the distinct places each one stands in:
// a subterm inside a repeated one counts once.
type interner struct {
	byPtr map[ast.Expr]int
	byKey map[string]int
	nodes []ast.Expr // by id: the first node met with that structure
	kids  [][]int
	size  []int // nodes of the subterm as printed (capped)
	refs  []int // distinct (parent, place) that hold it
}

func newInterner() *interner {
	return &interner{byPtr: map[ast.Expr]int{}, byKey: map[string]int{}}
}

const sizeCap = 1 << 40

func (in *interner) id(x ast.Expr) int {
	if id, ok := in.byPtr[x]; ok {
		return id
	}
	kids := ast.Children(x)
	ids := make([]int, len(kids))
	key := label(x)
	for i, k := range kids {
		ids[i] = in.id(k)
		key += "," + strconv.Itoa(ids[i])
	}
	id, ok := in.byKey[key]
	if !ok {
		id = len(in.nodes)
		in.byKey[key] = id
		// Sizes as ast.Size counts them: the size arguments of a call
		// (the n of ones(n)) are no values and do not count.
		size := 1
		values := kids
		if c, ok := x.(*ast.Call); ok {
			values = ast.Values(c)
		}
		for i, k := range ids {
			if isValue(kids[i], values) {
				size = min(size+in.size[k], sizeCap)
			}
		}
		in.nodes = append(in.nodes, x)
		in.kids = append(in.kids, ids)
		in.size = append(in.size, size)
		in.refs = append(in.refs, 0)
		for _, k := range ids {
			in.refs[k]++
		}
	}
	in.byPtr[x] = id
	return id
}

func isValue(k ast.Expr, values []ast.Expr) bool {
	for _, v := range values {
		if v == k {
			return true
		}
	}
	return false
}

// label tells nodes apart apart from their children.
func label(x ast.Expr) string {
	switch e := x.(type) {
	case *ast.Unary:
		return "u" + strconv.Itoa(int(e.Op))
	case *ast.Binary:
		return "b" + strconv.Itoa(int(e.Op))
	case *ast.Call:
		return "c" + strconv.Itoa(int(e.Fun))
	case *ast.Sym:
		return "s" + e.Name
	case *ast.Num:
		return "n" + strconv.FormatFloat(e.Val, 'g', -1, 64)
	}
	return "t" + ast.Text(x)
}

// shareHadamardPrefixes returns e with the factors of every chain of
// Hadamard products in one order: the factors most chains hold first, so
// that chains share their first factors as one subterm (every s_i, then
// the t_j of one term alone). Only chains whose factors all have the
// chain's shape are reordered. It returns e itself when nothing moves.
func shareHadamardPrefixes(info *ast.Info, e ast.Expr) ast.Expr {
	if info == nil {
		return e
	}
	in := newInterner()
	top := in.id(e)
	// The chains: an elementwise product not itself a factor of one.
	type factor struct{ id, nth int }
	chains := map[int][]factor{} // by the id of the chain's top
	order := map[factor]int{}    // when a factor was first met
	count := map[factor]int{}    // how many chains hold it
	for _, ch := range in.hadamardChains(info, top) {
		nth := map[int]int{}
		var list []factor
		for _, f := range ch.factors {
			fc := factor{f, nth[f]}
			nth[f]++
			if _, ok := order[fc]; !ok {
				order[fc] = len(order)
			}
			count[fc]++
			list = append(list, fc)
		}
		chains[ch.top] = list
	}
	if len(chains) < 2 {
		return e
	}
	// Rebuild bottom-up: each chain from its factors, sorted.
	built := make([]ast.Expr, len(in.nodes))
	changed := false
	var build func(id int) ast.Expr
	build = func(id int) ast.Expr {
		if built[id] != nil {
			return built[id]
		}
		x := in.nodes[id]
		if list, ok := chains[id]; ok {
			sorted := append([]factor(nil), list...)
			sort.SliceStable(sorted, func(i, j int) bool {
				a, b := sorted[i], sorted[j]
				if count[a] != count[b] {
					return count[a] > count[b]
				}
				return order[a] < order[b]
			})
			var out ast.Expr
			for i, f := range sorted {
				fe := build(f.id)
				if f != list[i] || fe != in.nodes[f.id] {
					changed = true
				}
				if out == nil {
					out = fe
				} else {
					out = &ast.Binary{Op: ast.OpHad, X: out, Y: fe}
				}
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
	out := build(top)
	if !changed {
		return e
	}
	return out
}

// sameShapes reports whether every factor of the chain at id has the
// chain's shape (no scalar or vector meeting a matrix).
// A hadamardChain is an elementwise product not itself a factor of one,
// by the ids of its top and of its factors, left to right.
type hadamardChain struct {
	top     int
	factors []int
}

// hadamardChains returns the Hadamard chains under the node top whose
// factors all have the chain's shape, in the order a walk from top meets
// them; each once.
func (in *interner) hadamardChains(info *ast.Info, top int) []hadamardChain {
	isHad := func(id int) bool {
		b, ok := in.nodes[id].(*ast.Binary)
		return ok && b.Op == ast.OpHad
	}
	var factors func(id int, out []int) []int
	factors = func(id int, out []int) []int {
		if isHad(id) {
			return factors(in.kids[id][1], factors(in.kids[id][0], out))
		}
		return append(out, id)
	}
	var out []hadamardChain
	seen := [2][]bool{make([]bool, len(in.nodes)), make([]bool, len(in.nodes))}
	var walk func(id int, inChain bool)
	walk = func(id int, inChain bool) {
		w := 0
		if inChain {
			w = 1
		}
		if seen[w][id] {
			return
		}
		seen[w][id] = true
		had := isHad(id)
		if had && !inChain {
			if fs := factors(id, nil); sameShapes(info, in, id, fs) {
				out = append(out, hadamardChain{id, fs})
			}
		}
		for _, k := range in.kids[id] {
			walk(k, had)
		}
	}
	walk(top, false)
	return out
}

func sameShapes(info *ast.Info, in *interner, id int, fs []int) bool {
	want, err := info.ShapeOf(in.nodes[id])
	if err != nil {
		return false
	}
	for _, f := range fs {
		s, err := info.ShapeOf(in.nodes[f])
		if err != nil || !s.Equal(want) {
			return false
		}
	}
	return true
}

// isTransposedName is true for A', which reads as well as any name.
func isTransposedName(e ast.Expr) bool {
	u, ok := e.(*ast.Unary)
	if !ok {
		return false
	}
	_, isSym := u.X.(*ast.Sym)
	return isSym
}

// crossesLayer reports whether x is a matrix product standing as an
// operand of a Hadamard product or the other way round.
func crossesLayer(x, parent ast.Expr) bool {
	op := func(e ast.Expr) ast.Op {
		if b, ok := e.(*ast.Binary); ok {
			return b.Op
		}
		return ast.OpInvalid
	}
	had := func(o ast.Op) bool { return o == ast.OpHad || o == ast.OpHDiv }
	return op(x) == ast.OpMul && had(op(parent)) || had(op(x)) && op(parent) == ast.OpMul
}

// fresh returns an unused name: upper case for a matrix, lower case for
// a vector or a scalar.
func (n *namer) fresh(e ast.Expr) string {
	pool := []string{"H", "K", "M", "N", "P", "Q", "R", "G", "L", "U", "V", "Z"}
	if n.info != nil {
		if s, err := n.info.ShapeOf(e); err == nil && (s.IsColumn() || s.IsRow()) {
			pool = []string{"s", "u", "v", "z", "h", "k", "p", "q", "r", "g"}
		}
	}
	for _, p := range pool {
		if !n.used[p] {
			n.used[p] = true
			return p
		}
	}
	for i := 1; ; i++ {
		p := pool[0] + string(rune('0'+i%10))
		if i >= 10 {
			p = pool[0] + "_" + ast.FormatNum(float64(i))
		}
		if !n.used[p] {
			n.used[p] = true
			return p
		}
	}
}
