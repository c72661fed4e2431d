// Package budget bounds the work of one computation (a derivation, an
// evaluation, a numeric check, printing) by counts rather than by time, so
// that the same input gets the same verdict on a fast machine and on a slow
// or busy one.
//
// A Budget counts rule applications (Steps), elementary operations of the
// symbolic engine (Work: nodes visited, built, compared, printed), and
// numeric operations (Flops: multiply-adds and entries computed); Nodes
// bounds the size of any one expression. A count past its limit is an
// *ast.Error of kind BeyondReach (exit status 4) that names the limit and
// the matdiff flag that raises it.
//
// A Budget may also carry a context.Context, whose deadline (matdiff's
// --timeout) is the last safety net: it is polled on every rule application
// and every few hundred units of work, so a computation stops within
// milliseconds of the deadline, whatever the load.
package budget

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/matdiff/matdiff/ast"
)

// Limits are the most one computation may use; a zero or negative field
// means no limit.
type Limits struct {
	Steps int64 // rule applications (--max-steps)
	// Nodes bounds any one expression (--max-nodes) in distinct nodes: a
	// subexpression that occurs several times counts once, except around
	// the differential, where each occurrence of dX counts the operations
	// on its way to the top (the identities that will move it there).
	Nodes int64
	Work  int64 // elementary operations of the symbolic engine and the printer (--max-work)
	Flops int64 // multiply-adds and entries computed by numeric evaluation (--max-flops)
	Print int64 // nodes of expressions printed in all (--max-print)
}

// Default limits: generous for anything a person types (every golden
// derivation uses a small fraction of them), and small enough that a
// computation that reaches one has taken a second or two at most. The
// work limit leaves twice what the largest cases of the engine issue use
// (the Hessian of 100 nested tanh: about 5 million units, the 1000-layer
// chain and 1000 traces under 2 million); the node limit counts distinct
// nodes, so the work limit is what stops a large shared derivation.
var Default = Limits{
	Steps: 200_000,
	Nodes: 200_000,
	Work:  10_000_000,
	Flops: 4_000_000_000,
	Print: 2_000_000,
}

// Flags name the command-line flag that raises each limit, for messages.
const (
	FlagSteps   = "--max-steps"
	FlagNodes   = "--max-nodes"
	FlagWork    = "--max-work"
	FlagFlops   = "--max-flops"
	FlagPrint   = "--max-print"
	FlagTimeout = "--timeout"
)

// pollEvery is how many units of work pass between two looks at the
// context: a look costs a few nanoseconds, a unit about as much.
const pollEvery = 256

// A Budget is what is left of the limits for one computation. It is not
// safe for concurrent use: each computation (each goroutine) takes its own,
// with New.
type Budget struct {
	ctx   context.Context
	lim   Limits
	what  string // "the derivation", "the evaluation", ...
	steps int64
	work  int64
	flops int64
	poll  int64
}

// New returns a budget with the limits lim for the computation what (such
// as "the derivation"), that also stops when ctx is done. A nil ctx never
// ends.
func New(ctx context.Context, lim Limits, what string) *Budget {
	if ctx == nil {
		ctx = context.Background()
	}
	return &Budget{ctx: ctx, lim: lim, what: what}
}

// Limits returns the limits of b.
func (b *Budget) Limits() Limits { return b.lim }

// Context returns the context of b.
func (b *Budget) Context() context.Context { return b.ctx }

// For returns a budget with the limits and the context of b, for another
// computation (such as printing after deriving), counted afresh.
func (b *Budget) For(what string) *Budget { return New(b.ctx, b.lim, what) }

// Used returns the steps, work and flops counted so far.
func (b *Budget) Used() (steps, work, flops int64) { return b.steps, b.work, b.flops }

// Step counts one rule application and looks at the context.
func (b *Budget) Step() error {
	b.steps++
	if b.lim.Steps > 0 && b.steps > b.lim.Steps {
		return beyond(fmt.Sprintf("%s needs more than %d rule applications, the limit of %s", b.what, b.lim.Steps, FlagSteps), FlagSteps)
	}
	return b.Err()
}

// Work counts n units of work, and looks at the context every few hundred.
func (b *Budget) Work(n int64) error {
	b.work += n
	if b.lim.Work > 0 && b.work > b.lim.Work {
		return beyond(fmt.Sprintf("%s needs more than %d units of work, the limit of %s", b.what, b.lim.Work, FlagWork), FlagWork)
	}
	b.poll += n
	if b.poll >= pollEvery {
		b.poll = 0
		return b.Err()
	}
	return nil
}

// Flops counts n numeric operations (multiply-adds, entries computed), and
// looks at the context.
func (b *Budget) Flops(n int64) error {
	b.flops += n
	if b.lim.Flops > 0 && b.flops > b.lim.Flops {
		return beyond(fmt.Sprintf("%s needs more than %d arithmetic operations, the limit of %s", b.what, b.lim.Flops, FlagFlops), FlagFlops)
	}
	return b.Err()
}

// Fits checks that n more numeric operations would stay within the limit,
// without counting them: a computation asks before it allocates.
func (b *Budget) Fits(n float64) error {
	if b.lim.Flops > 0 && float64(b.flops)+n > float64(b.lim.Flops) {
		return beyond(fmt.Sprintf("%s needs more than %d arithmetic operations, the limit of %s", b.what, b.lim.Flops, FlagFlops), FlagFlops)
	}
	return nil
}

// Nodes checks that an expression (the differential, a step, a result) of
// n nodes fits; what names it in the message.
func (b *Budget) Nodes(n int64, what string) error {
	if b.lim.Nodes > 0 && n > b.lim.Nodes {
		return beyond(fmt.Sprintf("%s has more than %d nodes, the limit of %s", what, b.lim.Nodes, FlagNodes), FlagNodes)
	}
	return nil
}

// MaxNodes returns the node limit, or 0 for none.
func (b *Budget) MaxNodes() int64 { return b.lim.Nodes }

// Err returns the error for a done context (its deadline passed, or it was
// cancelled), or nil.
func (b *Budget) Err() error {
	err := b.ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) {
		if d, ok := b.ctx.Value(timeoutKey{}).(time.Duration); ok {
			return beyond(fmt.Sprintf("%s took longer than %v, the limit of %s", b.what, d, FlagTimeout), FlagTimeout)
		}
		return beyond(fmt.Sprintf("%s took longer than its deadline allows", b.what), FlagTimeout)
	}
	return beyond(fmt.Sprintf("%s was cancelled", b.what), "")
}

func beyond(msg, flag string) *ast.Error {
	hint := "simplify the expression or split it"
	if flag != "" {
		hint = "raise " + flag + ", or " + hint
	}
	return ast.Beyond(msg, hint)
}

type timeoutKey struct{}

// WithTimeout returns a context that ends after d, and remembers d so that
// the message of a budget with that context can say it.
func WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithValue(parent, timeoutKey{}, d), d)
}
