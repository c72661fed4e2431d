package rewrite_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/internal/randexpr"
	"github.com/matdiff/matdiff/rewrite"
)

// TestPullbackGoldens derives every golden case both ways, by the pullback
// and by the whole differential moved term by term, checks the pullback's
// derivative numerically and logs, per case, the nodes of the result and
// the steps of the derivation either way. A gradient the pullback leaves
// to the whole differential must be zero, and no result of the pullback
// may be larger than the whole differential's, nor take more steps.
func TestPullbackGoldens(t *testing.T) {
	whole, pull := eng.WithPullback(false), eng.WithPullback(true)
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-5s %-5s %-5s %-5s %s\n", "nodes", "", "steps", "", "")
	fmt.Fprintf(&b, "%-5s %-5s %-5s %-5s %s\n", "old", "new", "old", "new", "case")
	zero := 0
	cases, pulled, fewer, more, grew := 0, 0, 0, 0, 0
	var oldSteps, newSteps, oldNodes, newNodes int
	for _, path := range files {
		cs, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			_, _, dw, err := golden.Derive(whole, c.Input, c.Wrt)
			if err != nil {
				t.Errorf("%s: whole differential: %v", c.Where(), err)
				continue
			}
			e, _, dp, err := golden.Derive(pull, c.Input, c.Wrt)
			if err != nil {
				t.Errorf("%s: pullback: %v", c.Where(), err)
				continue
			}
			if !rewrite.PulledBack(dp) {
				switch {
				case !rewrite.GradientTaken(dp):
				case dp.Zero || dp.Grad != nil && dp.Grad.Zero:
					zero++
				default:
					t.Errorf("%s: the pullback left a gradient that is not zero to the whole differential", c.Where())
				}
				continue // no gradient, or one the pullback leaves to the whole differential
			}
			cases++
			pulled++
			checkNumerically(t, c.Where()+" (pullback)", e, dp.Info, dp)
			on, nn := ast.Size(dw.Result), ast.Size(dp.Result)
			os, ns := len(dw.Steps), len(dp.Steps)
			oldSteps += os
			newSteps += ns
			oldNodes += on
			newNodes += nn
			mark := ""
			switch {
			case ns < os:
				fewer++
			case ns > os:
				more++
				mark = " steps+"
			}
			if nn > on {
				grew++
				mark += " nodes+"
				t.Errorf("%s: the pullback gives %d nodes, the whole differential %d", c.Where(), nn, on)
			}
			if ns > os {
				t.Errorf("%s: the pullback takes %d steps, the whole differential %d", c.Where(), ns, os)
			}
			fmt.Fprintf(&b, "%-5d %-5d %-5d %-5d %s: %s%s\n", on, nn, os, ns, c.Wrt, c.Input, mark)
		}
	}
	fmt.Fprintf(&b, "%d pulled back: nodes %d -> %d, steps %d -> %d; %d derivations shorter, %d longer, %d results larger\n",
		pulled, oldNodes, newNodes, oldSteps, newSteps, fewer, more, grew)
	fmt.Fprintf(&b, "%d zero gradients shown by the whole differential\n", zero)
	t.Log("\n" + b.String())
}

var pullbackExamples = flag.Bool("pullback.examples", false, "TestPullbackRandom lists the gradients the whole differential gives smaller")

// TestPullbackRandom counts, over random expressions, the gradients the
// pullback derives, those it leaves to the whole differential (a node it
// cannot pass: a zero derivative, or terms that cancel) and those where
// the whole differential would give a smaller result; every derivative
// is checked numerically by TestRandomExpressions. Both counts are
// bounded by what they were when the pullback became the engine.
func TestPullbackRandom(t *testing.T) {
	n := *randN
	if n <= 0 {
		n = 300
	}
	whole := eng.WithPullback(false)
	pulled, left, zero, smaller := 0, 0, 0, 0
	var examples []string
	for i := 0; i < n; i++ {
		seed := *randSeed + uint64(i)
		rng := rand.New(rand.NewPCG(seed, 0x72616e6465787072))
		gen, decls, wrt := randexpr.Generate(rng, randexpr.Options{})
		src := randexpr.Source(gen, decls)
		_, _, d, err := golden.Derive(eng, src, wrt)
		if err != nil || !rewrite.GradientTaken(d) {
			continue
		}
		switch {
		case rewrite.PulledBack(d):
			pulled++
			if _, _, dw, err := golden.Derive(whole, src, wrt); err == nil && ast.Size(dw.Result) < ast.Size(d.Result) {
				smaller++
				if *pullbackExamples {
					examples = append(examples, "smaller by the whole differential: "+wrt+": "+src)
				}
			}
		case d.Zero || d.Grad != nil && d.Grad.Zero:
			zero++
		default:
			left++
			if len(examples) < 10 {
				examples = append(examples, "left to the whole differential: "+wrt+": "+src)
			}
		}
	}
	all := pulled + zero + left
	t.Logf("%d random gradients: %d pulled back (%d smaller by the whole differential), %d zero (shown by the whole differential), %d left to the whole differential\n%s",
		all, pulled, smaller, zero, left, strings.Join(examples, "\n"))
	if left*50 > all {
		t.Errorf("%d of %d gradients left to the whole differential, more than 2%%", left, all)
	}
	if smaller*20 > all {
		t.Errorf("%d of %d gradients smaller by the whole differential, more than 5%%", smaller, all)
	}
}

// TestPullbackShared: a subexpression used many times is pulled back once,
// its G's gathered first, so the d-rule of each of its nodes fires once,
// and the derivation does not grow with the uses.
func TestPullbackShared(t *testing.T) {
	const uses = 8
	var terms []string
	decls := []string{"x: n x 1", "W: n x n", "V: n x n"}
	for i := 1; i <= uses; i++ {
		terms = append(terms, fmt.Sprintf("a%d' tanh(W tanh(V x))", i))
		decls = append(decls, fmt.Sprintf("a%d: n x 1", i))
	}
	src := strings.Join(terms, " + ") + " where " + strings.Join(decls, ", ")
	e, _, d, err := derive(src, "x")
	if err != nil {
		t.Fatal(err)
	}
	if !rewrite.PulledBack(d) {
		t.Fatalf("not pulled back")
	}
	checkNumerically(t, src, e, d.Info, d)
	fired := strings.Join(d.Fired(), "; ")
	if !strings.Contains(fired, "d-tanh 2;") {
		t.Errorf("Fired() = %s; want d-tanh twice, once per tanh node", fired)
	}
	if len(d.Steps) > 6 {
		t.Errorf("%d steps for %d uses of one subexpression", len(d.Steps), uses)
	}
}
