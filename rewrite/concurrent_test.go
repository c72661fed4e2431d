package rewrite_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// TestConcurrentGolden derives every golden case from many goroutines at
// once, sharing one Engine and, per case, one expression and one Info, as
// the documentation promises is safe: each goroutine must print exactly
// the golden derivation, and the Info must not change. Run it under
// go test -race (as .ci/run does) to catch a write to shared state.
func TestConcurrentGolden(t *testing.T) {
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	type prepared struct {
		c      *golden.Case
		e      ast.Expr
		info   *ast.Info
		decls  string
		derive func() (*rewrite.Derivation, error)
	}
	var cases []prepared
	for _, path := range files {
		cs, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			e, info, derive, err := golden.Prepare(eng, c.Input, c.Wrt)
			if err != nil {
				t.Fatalf("%s: %v", c.Where(), err)
			}
			cases = append(cases, prepared{c, e, info, fmt.Sprint(info.Decls()), derive})
		}
	}
	workers, rounds := 8, 2
	if raceBuild || testing.Short() {
		workers, rounds = 4, 1
	}
	var wg sync.WaitGroup
	errs := make(chan string, workers*len(cases)*rounds)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				for i := range cases {
					// Each worker starts at another case, so that the
					// same case is derived by several at once, and
					// different ones too.
					p := cases[(i+w*len(cases)/workers)%len(cases)]
					d, err := p.derive()
					if err != nil {
						errs <- fmt.Sprintf("%s: %v", p.c.Where(), err)
						continue
					}
					var out bytes.Buffer
					if err := render.Derivation(&out, d, render.Options{Format: ast.FormatText}); err != nil {
						errs <- fmt.Sprintf("%s: %v", p.c.Where(), err)
						continue
					}
					if out.String() != p.c.Want {
						errs <- fmt.Sprintf("%s: derivation differs when derived concurrently\n--- got\n%s--- want\n%s", p.c.Where(), out.String(), p.c.Want)
					}
					// The result evaluates, on the derivation's own Info,
					// while others evaluate theirs.
					if d.What == rewrite.Gradient && !d.Zero {
						shaped := ast.Frob(d.Result, ast.S(d.Wrt)) // fixes the size of a lone I
						inst, err := numeric.Random(ast.Add(p.e, shaped), d.Info, 1, numeric.Options{})
						if err == nil {
							_, err = numeric.Eval(shaped, d.Info, inst)
						}
						if err != nil {
							errs <- fmt.Sprintf("%s: evaluating the gradient: %v", p.c.Where(), err)
						}
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	n := 0
	for e := range errs {
		if n++; n <= 5 {
			t.Error(e)
		}
	}
	if n > 5 {
		t.Errorf("... and %d more", n-5)
	}
	for _, p := range cases {
		if got := fmt.Sprint(p.info.Decls()); got != p.decls {
			t.Errorf("%s: the shared Info changed: %s, was %s", p.c.Where(), got, p.decls)
		}
	}
}

// TestDerivationLeavesInfo: a derivation works on its own clone of the
// Info, so that the caller's neither changes nor grows; the derivation's
// Info knows the shapes of what it built.
func TestDerivationLeavesInfo(t *testing.T) {
	e, info, derive, err := golden.Prepare(eng, "2 A X - X B where A: n x n, X: n x k, B: k x k", "vec X")
	if err != nil {
		t.Fatal(err)
	}
	d, err := derive()
	if err != nil {
		t.Fatal(err)
	}
	if d.Info == info {
		t.Fatal("the derivation kept the caller's Info")
	}
	// The result, 2 kron(I_k, A) - kron(B', I_n), has its I's sized:
	// the derivation's Info knows its shape, and the caller's Info has not
	// learnt the shapes of the nodes the derivation built.
	if got := ast.Text(d.Result); got != "2 kron(Diag(ones(k)), A) - kron(B', Diag(ones(n)))" {
		t.Fatalf("result %s", got)
	}
	if s, err := d.Info.ShapeOf(d.Result); err != nil || s.String() != "k*n x k*n" {
		t.Errorf("in the derivation's Info: %v %v", s, err)
	}
	if info.Cached(d.Result) {
		t.Errorf("the caller's Info learnt the shape of the result")
	}
	if s, err := info.ShapeOf(e); err != nil || s.String() != "n x k" {
		t.Errorf("the caller's Info lost the shape of the expression: %v %v", s, err)
	}
}
