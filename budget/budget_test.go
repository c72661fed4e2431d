package budget_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
)

// beyond checks that err is a limit: an *ast.Error of kind BeyondReach with
// the message and hint given.
func beyond(t *testing.T, err error, msg, hint string) {
	t.Helper()
	var ae *ast.Error
	if !errors.As(err, &ae) || !errors.Is(err, ast.ErrBeyondReach) {
		t.Fatalf("got %v, want a limit", err)
	}
	if ae.Msg != msg || ae.Hint != hint {
		t.Errorf("got %q (%q), want %q (%q)", ae.Msg, ae.Hint, msg, hint)
	}
}

func TestSteps(t *testing.T) {
	b := budget.New(nil, budget.Limits{Steps: 3}, "the derivation")
	for i := 0; i < 3; i++ {
		if err := b.Step(); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
	}
	beyond(t, b.Step(), "the derivation needs more than 3 rule applications, the limit of --max-steps",
		"raise --max-steps, or simplify the expression or split it")
}

func TestWork(t *testing.T) {
	b := budget.New(context.Background(), budget.Limits{Work: 1000}, "the derivation")
	if err := b.Work(1000); err != nil {
		t.Fatal(err)
	}
	beyond(t, b.Work(1), "the derivation needs more than 1000 units of work, the limit of --max-work",
		"raise --max-work, or simplify the expression or split it")
	if _, work, _ := b.Used(); work != 1001 {
		t.Errorf("used %d", work)
	}
}

func TestFlops(t *testing.T) {
	b := budget.New(nil, budget.Limits{Flops: 100}, "the evaluation")
	if err := b.Fits(100); err != nil {
		t.Fatal(err)
	}
	if err := b.Flops(60); err != nil {
		t.Fatal(err)
	}
	// Asking does not count; the answer is the same for what would pass it.
	want := "the evaluation needs more than 100 arithmetic operations, the limit of --max-flops"
	beyond(t, b.Fits(41), want, "raise --max-flops, or simplify the expression or split it")
	beyond(t, b.Fits(1e300), want, "raise --max-flops, or simplify the expression or split it")
	if err := b.Flops(40); err != nil {
		t.Fatal(err)
	}
	beyond(t, b.Flops(1), want, "raise --max-flops, or simplify the expression or split it")
}

func TestNodes(t *testing.T) {
	b := budget.New(nil, budget.Limits{Nodes: 10}, "the derivation")
	if err := b.Nodes(10, "the differential"); err != nil {
		t.Fatal(err)
	}
	beyond(t, b.Nodes(11, "the differential"), "the differential has more than 10 nodes, the limit of --max-nodes",
		"raise --max-nodes, or simplify the expression or split it")
}

// TestNoLimits: zero limits are no limits.
func TestNoLimits(t *testing.T) {
	b := budget.New(nil, budget.Limits{}, "the derivation")
	for i := 0; i < 1000; i++ {
		if err := b.Step(); err != nil {
			t.Fatal(err)
		}
		if err := b.Work(1 << 40); err != nil {
			t.Fatal(err)
		}
		if err := b.Flops(1 << 40); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Nodes(1<<62, "x"); err != nil {
		t.Fatal(err)
	}
}

// TestDeadline: a passed deadline stops the next step at once, and the work
// within a few hundred units, with the timeout named.
func TestDeadline(t *testing.T) {
	cx, cancel := budget.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-cx.Done()
	b := budget.New(cx, budget.Default, "the derivation")
	beyond(t, b.Step(), "the derivation took longer than 1ns, the limit of --timeout",
		"raise --timeout, or simplify the expression or split it")
	b = budget.New(cx, budget.Default, "the derivation")
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		err = b.Work(1)
	}
	if err == nil || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("work went on past the deadline: %v", err)
	}
	// A deadline of another context is still a deadline.
	plain, cancel2 := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel2()
	<-plain.Done()
	beyond(t, budget.New(plain, budget.Default, "the evaluation").Step(), "the evaluation took longer than its deadline allows",
		"raise --timeout, or simplify the expression or split it")
	// Cancelled.
	cc, cancel3 := context.WithCancel(context.Background())
	cancel3()
	beyond(t, budget.New(cc, budget.Default, "the derivation").Err(), "the derivation was cancelled", "simplify the expression or split it")
}

// TestFor: a budget for another computation keeps the limits and the
// context, and counts afresh.
func TestFor(t *testing.T) {
	b := budget.New(nil, budget.Limits{Steps: 1}, "the derivation")
	b.Step()
	p := b.For("printing")
	if err := p.Step(); err != nil {
		t.Fatal(err)
	}
	if p.Limits() != b.Limits() || p.Context() != b.Context() {
		t.Error("limits or context differ")
	}
}
