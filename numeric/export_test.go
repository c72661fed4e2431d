package numeric

import (
	"github.com/matdiff/matdiff/ast"
	"gonum.org/v1/gonum/mat"
)

// Stats are the counters of one evaluation, for tests.
type Stats struct {
	Products   int   // matrix products formed
	Flops      int64 // multiply-adds in them
	MaxProduct int   // entries of the largest product formed
}

// EvalStats is Eval that also returns the counters of the evaluation.
func EvalStats(e ast.Expr, info *ast.Info, inst *Instance) (*mat.Dense, Stats, error) {
	ev := newEvaluator(info, inst, "")
	v, err := ev.run(e)
	s := Stats{ev.stats.products, ev.stats.flops, ev.stats.maxProduct}
	if err != nil {
		return nil, s, err
	}
	return mat.DenseCopyOf(v), s, nil
}
