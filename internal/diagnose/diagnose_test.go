package diagnose_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/diagnose"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/rewrite"
)

var eng = rewrite.MustNew(parser.ParsePattern)

func load(t *testing.T, src string) (ast.Expr, *ast.Info) {
	t.Helper()
	e, decls, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	return e, info
}

// Each candidate is checked against finite differences on random
// instances; a wrong one is diagnosed.
func TestDiagnosis(t *testing.T) {
	cases := []struct {
		src, wrt, cand string
		ok             bool
		want           string
	}{
		{"tr(A X) where A: n x n, X: n x n", "X", "A'", true, ""},
		{"tr(A X) where A: n x n, X: n x n", "X", "A", false, "the candidate matches the transpose of the gradient"},
		{"tr(A X) where A: n x n, X: n x n", "X", "3 A'", false, "the candidate is 3 times the gradient"},
		{"tr(A X) where A: n x n, X: n x n", "X", "-A'", false, "the negative of the gradient: a sign error"},
		{"x' A x where x: n x 1, A: n x n", "x", "2 A x", false, "the candidate holds only when A is symmetric"},
		{"x' A x where x: n x 1, A: n x n", "x", "A x", false, "it is not the transpose of the gradient, nor a constant times it"},
		{"x' A x where x: n x 1, A: n x n", "x", "0 x", false, "the candidate is zero, but the gradient is not"},
	}
	for _, c := range cases {
		f, info := load(t, c.src)
		outs, err := diagnose.Check(eng, f, info, c.src, []string{c.wrt}, diagnose.Options{Candidate: c.cand, Seed: 1})
		if err != nil {
			t.Errorf("%s against %s: %v", c.src, c.cand, err)
			continue
		}
		o := outs[0]
		if o.OK != c.ok || !o.Candidate || len(o.Runs) != 5 {
			t.Errorf("%s against %s: OK %v, %d runs", c.src, c.cand, o.OK, len(o.Runs))
		}
		if got := strings.Join(o.Diagnosis, "\n"); !strings.Contains(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%s against %s: diagnosis %q, want %q", c.src, c.cand, got, c.want)
		}
		if !c.ok && (o.Own == nil || !o.OwnOK) {
			t.Errorf("%s: matdiff's own gradient %v does not pass (%s)", c.src, o.Own, o.OwnErr)
		}
	}
}

func TestOwnAndErrors(t *testing.T) {
	f, info := load(t, "x' A x where x: n x 1, A: n x n")
	outs, err := diagnose.Check(eng, f, info, "", []string{"x", "A"}, diagnose.Options{Seeds: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if !o.OK || o.Candidate || len(o.Runs) != 2 || o.Runs[0].Seed != 3 || !(o.MaxErr() < 1e-5) {
			t.Errorf("%s: %+v", o.Wrt, o)
		}
	}
	if _, err := diagnose.Check(eng, f, info, "", []string{"y"}, diagnose.Options{}); !errors.Is(err, ast.ErrBadInput) {
		t.Errorf("unknown variable: %v", err)
	}
	if _, err := diagnose.Check(eng, f, info, "", []string{"x"}, diagnose.Options{Candidate: "x'"}); !errors.Is(err, ast.ErrBadInput) || !strings.Contains(err.Error(), "its transpose would have the right shape") {
		t.Errorf("a candidate of the wrong shape: %v", err)
	}
}
