package render

import (
	"sort"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// stepNames says where the names of a result are introduced: each before
// the first step that holds the subterm it stands for, which that step
// and the ones after it then show by its name, as a hand derivation
// writes "let H = ..." where H first helps.
type stepNames struct {
	before [][]Def    // by step: the definitions to print before it
	exprs  []ast.Expr // by step: its expression written with the names
	rest   []Def      // definitions no step holds, printed before the result
	all    []Def      // every definition, in order
	result ast.Expr   // the result written with the names
}

// nameSteps places the names of d's result (none when o asks for none)
// in its steps.
func nameSteps(d *rewrite.Derivation, o Options) *stepNames {
	sn := &stepNames{before: make([][]Def, len(d.Steps)), exprs: make([]ast.Expr, len(d.Steps))}
	for i, s := range d.Steps {
		sn.exprs[i] = s.Expr
	}
	if d.What == rewrite.Differential {
		return sn
	}
	defs, result := named(d, o)
	sn.all, sn.result = defs, result
	if len(defs) == 0 {
		return sn
	}
	// What each name stands for, in full.
	in := newInterner()
	full := make([]ast.Expr, len(defs))
	byID := map[int]int{}
	deps := make([][]int, len(defs))
	idx := map[string]int{}
	for j, def := range defs {
		full[j] = ast.Map(def.Expr, func(x ast.Expr) ast.Expr {
			if s, ok := x.(*ast.Sym); ok {
				if k, ok := idx[s.Name]; ok {
					deps[j] = append(deps[j], k)
					return full[k]
				}
			}
			return x
		})
		idx[def.Name] = j
		if _, ok := byID[in.id(full[j])]; !ok {
			byID[in.id(full[j])] = j
		}
	}
	introduced := make([]bool, len(defs))
	var introduce func(j, step int)
	introduce = func(j, step int) {
		if introduced[j] {
			return
		}
		for _, k := range deps[j] {
			introduce(k, step)
		}
		introduced[j] = true
		sn.before[step] = append(sn.before[step], defs[j])
	}
	for i, s := range d.Steps {
		if s.Expr == nil {
			continue
		}
		memo := map[ast.Expr]ast.Expr{}
		var sub func(x ast.Expr) ast.Expr
		sub = func(x ast.Expr) ast.Expr {
			if y, ok := memo[x]; ok {
				return y
			}
			var y ast.Expr
			if j, ok := byID[in.id(x)]; ok {
				introduce(j, i)
				y = &ast.Sym{Name: defs[j].Name}
			} else {
				kids := ast.Children(x)
				for k := range kids {
					kids[k] = sub(kids[k])
				}
				y = ast.With(x, kids)
			}
			memo[x] = y
			return y
		}
		sn.exprs[i] = sub(s.Expr)
	}
	// Within a step, in the order of the definitions (each after the
	// ones it uses).
	pos := map[string]int{}
	for j, def := range defs {
		pos[def.Name] = j
	}
	for _, b := range sn.before {
		sort.SliceStable(b, func(x, y int) bool { return pos[b[x].Name] < pos[b[y].Name] })
	}
	for j, def := range defs {
		if !introduced[j] {
			sn.rest = append(sn.rest, def)
		}
	}
	return sn
}

// ellipsis stands for the terms of a step that the step before shows
// unchanged: no line repeats a term that did not change.
const ellipsis = "..."

// shown returns what the text formats print for each step: the steps
// written with names, and in a step that moves some terms of a sum and
// not others, the others as "...".
func (sn *stepNames) shown(d *rewrite.Derivation) []ast.Expr {
	out := append([]ast.Expr(nil), sn.exprs...)
	for i := 1; i < len(d.Steps); i++ {
		if k := d.Steps[i].Kind; k != rewrite.KindMove && k != rewrite.KindLikewise {
			continue
		}
		out[i] = elide(d.Steps[i-1].Expr, d.Steps[i].Expr, sn.exprs[i])
	}
	return out
}

type sumTerm struct {
	neg bool
	e   ast.Expr
}

// sumTerms flattens the sums and differences at the top of e.
func sumTerms(e ast.Expr, neg bool, out []sumTerm) []sumTerm {
	ast.EachTerm(e, neg, func(neg bool, t ast.Expr) { out = append(out, sumTerm{neg, t}) })
	return out
}

// elide writes named (the step cur with names) with every run of terms
// that prev holds unchanged as one "...". It returns named itself when
// every term changed, or none did.
func elide(prev, cur, named ast.Expr) ast.Expr {
	ct, nt := sumTerms(cur, false, nil), sumTerms(named, false, nil)
	if len(ct) < 2 || len(ct) != len(nt) {
		return named
	}
	in := newInterner()
	had := map[[2]int]bool{}
	for _, t := range sumTerms(prev, false, nil) {
		had[[2]int{in.id(t.e), b2i(t.neg)}] = true
	}
	same := make([]bool, len(ct))
	n := 0
	for i, t := range ct {
		if had[[2]int{in.id(t.e), b2i(t.neg)}] {
			same[i] = true
			n++
		}
	}
	if n == 0 || n == len(ct) {
		return named
	}
	var out ast.Expr
	add := func(t sumTerm) { out = ast.AddTerm(out, t.neg, t.e) }
	for i := range nt {
		if same[i] {
			if i == 0 || !same[i-1] {
				add(sumTerm{false, &ast.Sym{Name: ellipsis}})
			}
			continue
		}
		add(nt[i])
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
