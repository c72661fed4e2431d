package numeric_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/numeric"
)

// TestEvalBudget: an evaluation counts its arithmetic, the same for the
// same input on any machine, and stops past its budget with a limit error
// (exit status 4 on the command line).
func TestEvalBudget(t *testing.T) {
	// A B C with n = 50: two products of 50³ multiply-adds, plus entries.
	e := ast.MulAll(ast.S("A"), ast.S("B"), ast.S("C"))
	n := ast.Named("n")
	info := check(t, e, ast.Decls{decl("A", n, n), decl("B", n, n), decl("C", n, n)})
	inst, err := numeric.Random(e, info, 1, numeric.Options{Dims: map[string]int{"n": 50}})
	if err != nil {
		t.Fatal(err)
	}
	used := func(lim int64) (int64, error) {
		b := budget.New(nil, budget.Limits{Flops: lim}, "the evaluation")
		_, err := numeric.EvalBudget(b, e, info, inst)
		_, _, flops := b.Used()
		return flops, err
	}
	flops, err := used(0)
	if err != nil {
		t.Fatal(err)
	}
	if flops < 2*50*50*50 || flops > 3*50*50*50 {
		t.Errorf("A B C at n = 50 counted %d operations", flops)
	}
	again, _ := used(0)
	if again != flops {
		t.Errorf("counted %d, then %d", flops, again)
	}
	_, err = used(flops - 1)
	var ae *ast.Error
	if !errors.As(err, &ae) || ae.Kind != ast.BeyondReach ||
		ae.Msg != "the evaluation needs more than "+strconv.FormatInt(flops-1, 10)+" arithmetic operations, the limit of --max-flops" {
		t.Errorf("one operation short: %v", err)
	}
	if _, err := used(flops); err != nil {
		t.Errorf("exactly enough: %v", err)
	}
	// A deadline passed stops it too.
	cx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := numeric.EvalBudget(budget.New(cx, budget.Default, "the evaluation"), e, info, inst); !errors.Is(err, ast.ErrBeyondReach) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestEvalConcurrent: one Info and one instance, evaluated from many
// goroutines at once (run with -race).
func TestEvalConcurrent(t *testing.T) {
	e := ast.Add(ast.MulAll(ast.T(ast.S("x")), ast.S("A"), ast.S("x")), ast.Fn(ast.FnTr, ast.Mul(ast.S("A"), ast.Eye())))
	n := ast.Named("n")
	info := check(t, e, ast.Decls{decl("A", n, n), decl("x", n, ast.Known(1))})
	inst, err := numeric.Random(e, info, 1, numeric.Options{Dims: map[string]int{"n": 4}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := numeric.Eval(e, info, inst)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				// New nodes each time, whose shapes the Info has not seen.
				e2 := ast.Add(ast.MulAll(ast.T(ast.S("x")), ast.S("A"), ast.S("x")), ast.Fn(ast.FnTr, ast.Mul(ast.S("A"), ast.Eye())))
				got, err := numeric.Eval(e2, info, inst)
				if err != nil || got.At(0, 0) != want.At(0, 0) {
					t.Errorf("%v %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
