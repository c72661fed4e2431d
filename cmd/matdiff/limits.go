package main

import (
	"context"
	"time"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/rewrite"
)

// limitArgs are the limits of one command: deterministic budgets, which
// give the same verdict on any machine, and a wall-clock timeout as the
// last safety net. A limit reached is exit status 4, with a message that
// names the flag that raises it.
type limitArgs struct {
	Timeout  time.Duration `help:"Give up after this long (a safety net; the limits below decide first, the same on every machine)." default:"60s"`
	MaxSteps int64         `help:"The most rule applications a derivation may use." default:"200000"`
	MaxNodes int64         `help:"The most nodes any one expression of a derivation may have, counted as printed." default:"200000"`
	MaxWork  int64         `help:"The most units of work (nodes visited, built, compared) a derivation may use." default:"50000000"`
	MaxFlops int64         `help:"The most arithmetic operations a numeric evaluation or check may use." default:"4000000000"`
	MaxPrint int64         `help:"The most nodes of expressions the output may have in all." default:"2000000"`
}

// limits returns the budget limits of the flags.
func (l *limitArgs) limits() budget.Limits {
	return budget.Limits{Steps: l.MaxSteps, Nodes: l.MaxNodes, Work: l.MaxWork, Flops: l.MaxFlops, Print: l.MaxPrint}
}

// context returns a context that ends after the timeout, and the engine
// with the limits of the flags.
func (l *limitArgs) context() (context.Context, context.CancelFunc, *rewrite.Engine) {
	cx, cancel := context.Background(), context.CancelFunc(func() {})
	if l.Timeout > 0 {
		cx, cancel = budget.WithTimeout(context.Background(), l.Timeout)
	}
	return cx, cancel, engine.WithLimits(l.limits())
}

// deriveFunc derives by wrt.
type deriveFunc = func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)

// withContext binds a derivation of the engine to cx.
func withContext(cx context.Context, by func(context.Context, ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)) deriveFunc {
	return func(f ast.Expr, info *ast.Info, wrt string) (*rewrite.Derivation, error) {
		return by(cx, f, info, wrt)
	}
}
