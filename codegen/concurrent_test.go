package codegen_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/codegen"
)

// nodes returns every node of e.
func nodes(e ast.Expr) []ast.Expr {
	out := []ast.Expr{e}
	for _, c := range ast.Children(e) {
		out = append(out, nodes(c)...)
	}
	return out
}

// Source is safe for concurrent use and leaves the derivations it is
// given as they were: the golden derivations are exported from several
// goroutines at once (run under go test -race in CI), every export is the
// same as the one made alone, and the derivations' Infos learn no new
// shape.
func TestSourceConcurrent(t *testing.T) {
	cases := goldenCases(t)
	targets := []codegen.Target{codegen.NumPy, codegen.Torch, codegen.Go}
	type job struct {
		c      *exportCase
		target codegen.Target
	}
	var jobs []job
	for i, c := range cases {
		jobs = append(jobs, job{c, targets[i%len(targets)]})
	}
	// What each derivation's Info knows before, and its result as text.
	type before struct {
		texts  []string
		cached map[ast.Expr]bool
		all    []ast.Expr
	}
	was := map[*exportCase]before{}
	for _, c := range cases {
		b := before{cached: map[ast.Expr]bool{}}
		for _, d := range c.ds {
			b.texts = append(b.texts, ast.Text(d.F), ast.Text(d.Result))
			for _, e := range append(nodes(d.F), nodes(d.Result)...) {
				b.all = append(b.all, e)
				b.cached[e] = d.Info.Cached(e)
			}
		}
		was[c] = b
	}
	export := func(j job) string {
		src, err := codegen.Source(j.c.ds, codegen.Options{Target: j.target, Prefix: "X"})
		if err != nil {
			return "error: " + err.Error()
		}
		return src
	}
	want := make([]string, len(jobs))
	for i, j := range jobs {
		want[i] = export(j)
	}
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan string, workers*len(jobs))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// Each worker goes through the jobs from a different start.
			for k := range jobs {
				i := (k + w*len(jobs)/workers) % len(jobs)
				if got := export(jobs[i]); got != want[i] {
					errs <- fmt.Sprintf("%s (%s): the export made alongside others differs from the one made alone", jobs[i].c.Where, jobs[i].target)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for _, c := range cases {
		b := was[c]
		var texts []string
		for _, d := range c.ds {
			texts = append(texts, ast.Text(d.F), ast.Text(d.Result))
		}
		if fmt.Sprint(texts) != fmt.Sprint(b.texts) {
			t.Errorf("%s: the derivation changed: %v, was %v", c.Where, texts, b.texts)
		}
		for _, e := range b.all {
			if !b.cached[e] && c.ds[0].Info.Cached(e) {
				t.Errorf("%s: exporting taught the derivation's Info the shape of %s", c.Where, ast.Text(e))
				break
			}
		}
	}
}
