package render

import (
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
func NameSubterms(d *rewrite.Derivation) ([]Def, ast.Expr) {
	used := map[string]bool{d.Wrt: true}
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
	n := &namer{info: d.Info, used: used, byText: map[string]string{}}
	n.count(d.Result)
	out := n.rewrite(d.Result, true)
	return n.defs, out
}

type namer struct {
	info   *ast.Info
	used   map[string]bool
	seen   map[string]int    // occurrences of each subterm, by its text
	byText map[string]string // subterm text -> its name
	defs   []Def
}

// Thresholds, in nodes (ast.Size).
const (
	repeatMin = 4  // a repeated subterm this large gets a name
	layerMin  = 8  // an operand this large where products meet gets a name
	resultMin = 14 // results smaller than this keep their layers unnamed
)

func (n *namer) count(e ast.Expr) {
	n.seen = map[string]int{}
	var walk func(x ast.Expr)
	walk = func(x ast.Expr) {
		if ast.Size(x) >= repeatMin {
			n.seen[ast.Text(x)]++
			if n.seen[ast.Text(x)] > 1 {
				return // the inside of a repeat counts once
			}
		}
		for _, k := range ast.Children(x) {
			walk(k)
		}
	}
	walk(e)
}

// rewrite replaces named subterms bottom-up; top is the whole result,
// which itself is never named.
func (n *namer) rewrite(e ast.Expr, top bool) ast.Expr {
	whole := ast.Size(e)
	var walk func(x ast.Expr, parent ast.Expr) ast.Expr
	walk = func(x ast.Expr, parent ast.Expr) ast.Expr {
		if name, ok := n.byText[ast.Text(x)]; ok {
			return &ast.Sym{Name: name}
		}
		text := ast.Text(x)
		size := ast.Size(x)
		kids := ast.Children(x)
		for i, k := range kids {
			kids[i] = walk(k, x)
		}
		y := ast.With(x, kids)
		if x == e {
			return y
		}
		repeated := size >= repeatMin && n.seen[text] > 1 && !isTransposedName(x)
		layer := whole >= resultMin && size >= layerMin && crossesLayer(x, parent)
		if repeated || layer {
			name := n.fresh(x)
			n.byText[text] = name
			n.defs = append(n.defs, Def{Name: name, Expr: y})
			return &ast.Sym{Name: name}
		}
		return y
	}
	return walk(e, nil)
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
