package rewrite

import (
	"context"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// maxRules is a ratchet: matching modulo commutativity (commute.go) lets an
// identity be written once, so the tables only shrink from here. Lower it
// when rules go; raise it only with a new identity that is not a copy.
const maxRules = 446 // 445, and simp-inverse-scaled ((sA)⁻¹ = A⁻¹/s, Dec 2026)

func TestRuleCount(t *testing.T) {
	eng := MustNew(parser.ParsePattern)
	if n := len(eng.Rules()); n > maxRules {
		t.Errorf("%d rules, more than the %d of the ratchet: is a new rule a left/right copy of another, which commutative matching covers?", n, maxRules)
	}
}

// commuteEngine is the engine of the commutative matching tests.
var commuteEngine = Compiled(parser.ParsePattern)

// commuteCtx returns a derivation state for src, with the engine's
// rules, and the checked expression.
func commuteCtx(t *testing.T, src string) (*ctx, ast.Expr) {
	t.Helper()
	e, decls, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	return commuteEngine.newCtx(context.Background(), nil, info, "x"), e
}

// testRule compiles one rule for a test.
func testRule(t *testing.T, r *Rule) *Rule {
	t.Helper()
	read := func(s string) (ast.Expr, error) { return parseWithExponents(parser.ParsePattern, s) }
	if err := compile(read, []*Rule{r}, "test", true); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCommutativeMatching(t *testing.T) {
	zerosAdd := &Rule{Name: "t-zeros-add", LHS: "?Z + ?A", RHS: "?A", Guards: []string{"zeros(?Z)", "samedims(?Z, ?A)"}}
	negAdd := &Rule{Name: "t-add-negation", LHS: "?A + -?B", RHS: "?A - ?B"}
	hadOne := &Rule{Name: "t-hadamard-one", LHS: "1 .* ?A", RHS: "?A"}
	scalarOut := &Rule{Name: "t-scalar-out", LHS: "tr(?s ?M)", RHS: "?s tr(?M)", Guards: []string{"scalar(?s)", "nonscalar(?M)"}}
	sumHad := &Rule{Name: "t-sum-hadamard", LHS: "sum(?A .* ?B)", RHS: "?A : ?B", Guards: []string{"ones(?A)"}}
	ordered := &Rule{Name: "t-ordered", Ordered: true, LHS: "?Z + ?A", RHS: "?A", Guards: []string{"zeros(?Z)"}}
	decls := " where A: n x n, B: n x n, C: n x n, x: n x 1, y: n x 1, s: scalar, t: scalar"
	cases := []struct {
		rule     *Rule
		src      string
		want     string // "" when the rule must not match
		commuted bool   // the match needs another order
	}{
		// A pattern written once matches both orders of a sum.
		{zerosAdd, "zeros(n, n) + A", "A", false},
		{zerosAdd, "A + zeros(n, n)", "A", true},
		// −A + B = B − A from the rule A + (−B) = A − B.
		{negAdd, "-A + B", "B - A", true},
		{negAdd, "A + -B", "A - B", false},
		// Both orders of a Hadamard product.
		{hadOne, "A .* 1", "A", true},
		// A Hadamard chain: the operand may stand anywhere.
		{sumHad, "sum(A .* ones(n, n))", "ones(n, n) : A", true},
		{sumHad, "sum(A .* (ones(n, n) .* B))", "ones(n, n) : A .* B", true},
		{sumHad, "sum((A .* ones(n, n)) .* B)", "ones(n, n) : A .* B", true},
		// A scalar factor: at the end, and in the middle of a chain.
		{scalarOut, "tr(s A)", "s tr(A)", false},
		{scalarOut, "tr(A s)", "s tr(A)", true},
		{scalarOut, "tr(A s B)", "s tr(A B)", true},
		{scalarOut, "tr(A B (x' y) C)", "x' y tr(A B C)", true},
		// A matrix factor does not commute.
		{scalarOut, "tr(A B)", "", false},
		// An ordered rule matches only as written.
		{ordered, "A + zeros(n, n)", "", false},
		{ordered, "zeros(n, n) + A", "A", false},
	}
	for _, tc := range cases {
		r := testRule(t, &Rule{Name: tc.rule.Name, LHS: tc.rule.LHS, RHS: tc.rule.RHS, Guards: tc.rule.Guards, Ordered: tc.rule.Ordered})
		c, e := commuteCtx(t, tc.src+decls)
		out, ok := c.apply(r, e)
		if tc.want == "" {
			if ok {
				t.Errorf("%s on %s: matched, gave %s", r.Name, tc.src, ast.Text(out))
			}
			continue
		}
		if !ok {
			t.Errorf("%s on %s: no match, want %s", r.Name, tc.src, tc.want)
			continue
		}
		if got := ast.Text(out); got != tc.want {
			t.Errorf("%s on %s: got %s, want %s", r.Name, tc.src, got, tc.want)
		}
		// As written only, the match is there exactly when no other
		// order is needed.
		_, written := c.applyIn(r, e, matchWritten)
		if written == tc.commuted {
			t.Errorf("%s on %s: matches as written: %v, want %v", r.Name, tc.src, written, !tc.commuted)
		}
	}
}

// TestCommutativeMatchingDeterministic checks that the first order found
// is always the same: the operands of a sum of two candidates are tried
// as written first.
func TestCommutativeMatchingDeterministic(t *testing.T) {
	r := testRule(t, &Rule{Name: "t-first", LHS: "?A + ?B", RHS: "?A"})
	for i := 0; i < 20; i++ {
		c, e := commuteCtx(t, "A + B where A: n x n, B: n x n, x: n x 1")
		out, ok := c.apply(r, e)
		if !ok || ast.Text(out) != "A" {
			t.Fatalf("got %v %v, want A", out, ok)
		}
	}
}

// TestCommutativeMatchingCountsWork checks that trying other orders is
// counted as work.
func TestCommutativeMatchingCountsWork(t *testing.T) {
	r := testRule(t, &Rule{Name: "t-scalar-out", LHS: "tr(?s ?M)", RHS: "?s tr(?M)", Guards: []string{"scalar(?s)", "nonscalar(?M)"}})
	c, e := commuteCtx(t, "tr(A B s C) where A: n x n, B: n x n, C: n x n, s: scalar, x: n x 1")
	_, before, _ := c.budget.Used()
	if _, ok := c.apply(r, e); !ok {
		t.Fatal("no match")
	}
	if _, after, _ := c.budget.Used(); after <= before {
		t.Errorf("matching in another order counted no work")
	}
}
