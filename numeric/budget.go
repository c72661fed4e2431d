package numeric

import (
	"fmt"

	"github.com/matdiff/matdiff/ast"
)

// MaxCheckWork is the most work a derivative check (Gradient, Jacobian,
// Hessian) may do on one instance, in operations: the number of
// evaluations finite differences need times the cost of one evaluation
// (its multiply-adds plus the entries it computes). A check that would do
// more is refused before it starts, so that the verdict is the same on any
// machine.
const MaxCheckWork = 4e9

// Which derivative a check computes.
type Which int

// The derivatives a check computes by finite differences.
const (
	WhichGradient Which = iota
	WhichJacobian
	WhichHessian
)

var whichNames = [...]string{"gradient", "Jacobian", "Hessian"}

func (w Which) String() string { return whichNames[w] }

// CheckBudget returns an error of kind ast.BeyondReach when checking the
// derivative which of f with respect to wrt at inst would do more than
// MaxCheckWork operations (see CheckCost), or when the derivative would have
// more than MaxEntries entries.
func CheckBudget(f ast.Expr, wrt string, which Which, info *ast.Info, inst *Instance) (err error) {
	_, err = CheckCost(f, wrt, which, info, inst)
	return err
}

// CheckCost returns the operations a check of the derivative which of f
// with respect to wrt at inst would do: the evaluations of f that finite
// differences need (4 per entry of wrt for a gradient or a Jacobian, two
// central differences for the Richardson step; 8 per pair of entries for a
// Hessian) times the cost of one evaluation (its multiply-adds, plus the
// entries it computes, plus 100 for each distinct node). It evaluates f once; the error is that of the
// evaluation, or the error of CheckBudget.
func CheckCost(f ast.Expr, wrt string, which Which, info *ast.Info, inst *Instance) (_ float64, err error) {
	defer internal(&err)
	p, err := newProbe(f, wrt, info, inst)
	if err != nil {
		return 0, err
	}
	return p.cost(which)
}

// nodeCost is what a node costs in an evaluation beyond its arithmetic,
// in operations: looking it up, allocating its value.
const nodeCost = 100

// budget is CheckBudget for the probe's expression.
func (p *probe) budget(which Which) error {
	_, err := p.cost(which)
	return err
}

// measure evaluates the probe's expression once, at the instance, unless
// it has already, and keeps what the cost of a check is made of: the
// cost of one evaluation and the shape of the value.
func (p *probe) measure() error {
	if p.measured {
		return nil
	}
	y, err := p.at(nil)
	if err != nil {
		return err
	}
	p.one = float64(p.ev.stats.flops)
	for _, v := range p.ev.memo {
		vr, vc := v.Dims()
		p.one += float64(vr)*float64(vc) + nodeCost
	}
	p.yr, p.yc = y.Dims()
	p.measured = true
	return nil
}

// cost is CheckCost for the probe's expression; it evaluates it once.
func (p *probe) cost(which Which) (float64, error) {
	if err := p.measure(); err != nil {
		return 0, err
	}
	r, c := p.x0.Dims()
	n := float64(r) * float64(c)
	m := float64(p.yr) * float64(p.yc)
	one := p.one
	evals, per, entries := 4*n, "4 for each entry", n*m
	if which == WhichHessian {
		evals, per, entries = 8*n*(n+1)/2, "8 for each pair of entries", n*n
	}
	work := evals * one
	hint := "finite differences cost a number of evaluations that grows with the entries of the variable: check on smaller sizes, 2 to 5 are enough to catch a wrong derivative"
	if work > MaxCheckWork {
		return work, &ast.Error{Kind: ast.BeyondReach, Hint: hint,
			Msg: fmt.Sprintf("checking the %s by finite differences would evaluate %s %.3g times (%s of %s, which has %.0f), about %.2g operations, more than the %.0g a check may do",
				which, ast.Text(p.e), evals, per, p.wrt, n, work, MaxCheckWork)}
	}
	if entries > MaxEntries {
		return work, &ast.Error{Kind: ast.BeyondReach, Hint: hint,
			Msg: fmt.Sprintf("the %s would have %.0f entries, more than the %d a value may have", which, entries, MaxEntries)}
	}
	return work, nil
}
