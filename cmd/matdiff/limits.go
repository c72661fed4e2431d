package main

import (
	"context"
	"time"

	"github.com/matdiff/matdiff/budget"
)

// limitArgs are the limits of one command: deterministic budgets, which
// give the same verdict on any machine, and a wall-clock timeout as the
// last safety net. A limit reached is exit status 4, with a message that
// names the flag that raises it.
type limitArgs struct {
	Timeout  time.Duration `default:"60s"`
	MaxSteps int64         `default:"200000"`
	MaxNodes int64         `default:"200000"`
	MaxWork  int64         `default:"10000000"`
	MaxFlops int64         `default:"4000000000"`
	MaxPrint int64         `default:"2000000"`

	cx     context.Context
	cancel context.CancelFunc
}

// limits returns the budget limits of the flags.
func (l *limitArgs) limits() budget.Limits {
	return budget.Limits{Steps: l.MaxSteps, Nodes: l.MaxNodes, Work: l.MaxWork, Flops: l.MaxFlops, Print: l.MaxPrint}
}

// context returns the context of the command, which ends --timeout after
// its first use; stop releases it.
func (l *limitArgs) context() context.Context {
	if l.cx == nil {
		l.cx, l.cancel = context.Background(), func() {}
		if l.Timeout > 0 {
			l.cx, l.cancel = budget.WithTimeout(context.Background(), l.Timeout)
		}
	}
	return l.cx
}

// stop releases the context of the command, once it has run.
func (l *limitArgs) stop() {
	if l.cancel != nil {
		l.cancel()
	}
}

// budget returns a budget for one computation of the command, such as
// "the evaluation", with the limits and the context of the flags.
func (l *limitArgs) budget(what string) *budget.Budget {
	return budget.New(l.context(), l.limits(), what)
}
