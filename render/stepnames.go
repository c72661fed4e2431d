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
