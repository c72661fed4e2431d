package rewrite_test

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/internal/golden"
	"github.com/matdiff/matdiff/rewrite"
)

// eachGolden derives every golden case (the gradient inside a Hessian
// too) and calls f with each derivation.
func eachGolden(t *testing.T, f func(where string, d *rewrite.Derivation)) {
	t.Helper()
	files, err := golden.Files("testdata/derive")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		cases, err := golden.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			_, _, d, err := derive(c.Input, c.Wrt)
			if err != nil {
				t.Errorf("%s: %v", c.Where(), err)
				continue
			}
			for ; d != nil; d = d.Grad {
				f(c.Where(), d)
			}
		}
	}
}

func side(name string) string {
	return strings.TrimSuffix(strings.TrimSuffix(name, "-left"), "-right")
}

// A step that moves dX names exactly the identity it used; the tidying
// after it is gathered apart (Tidy). No step Frobenius-multiplies two
// scalars (2 : ..., lambda : ..., 1 : sum(...)): the scalar comes out
// in front.
func TestOneIdentityPerStep(t *testing.T) {
	// maxNormalized is a ratchet over the goldens: 10 steps, one in the
	// mixed Hessian of complete.txt added for property seed 60333, and one
	// in the Jacobian added for seed 84416.
	const maxNormalized = 12
	normalized := 0
	defer func() {
		if normalized > maxNormalized {
			t.Errorf("%d Jacobian steps name a normalization beside their identity; there were %d", normalized, maxNormalized)
		}
	}()
	eachGolden(t, func(where string, d *rewrite.Derivation) {
		for i, s := range d.Steps {
			switch s.Kind {
			case rewrite.KindMove, rewrite.KindLikewise, rewrite.KindCollect, rewrite.KindSymmetric:
				if s.Rule == nil {
					t.Errorf("%s: step %d (%s) names no identity", where, i+1, ast.Text(s.Expr))
					break
				}
				// One identity, on either side: frob-mul-left and
				// frob-mul-right are both the cyclic property of the trace.
				// A Jacobian step may also name the identity that brought
				// an inner part to the form it moves (a Hadamard product
				// with an outer product as a diagonal scaling): a step of
				// its own would make those derivations longer.
				for _, r := range s.Also {
					if r.Title == s.Rule.Title && side(r.Name) == side(s.Rule.Name) {
						continue
					}
					// A step of the pullback names beside its identity
					// the d-rules of the nodes it pulled back through.
					if s.Kind == rewrite.KindMove && strings.HasPrefix(r.Name, "d-") && rewrite.StepsPulledBack(d) {
						continue
					}
					if d.What != rewrite.Gradient && (strings.HasPrefix(r.Name, "jac-") || strings.HasPrefix(r.Name, "lin-")) {
						normalized++
						break
					}
					t.Errorf("%s: step %d (%s) names %d identities", where, i+1, ast.Text(s.Expr), len(s.Rules()))
				}
			}
			if s.Kind == rewrite.KindDifferential || s.Kind == rewrite.KindRewrite {
				continue
			}
			ast.Inspect(s.Expr, func(x ast.Expr) bool {
				b, ok := x.(*ast.Binary)
				if !ok || b.Op != ast.OpFrob {
					return true
				}
				if sl, err := d.Info.ShapeOf(b.X); err == nil && sl.IsScalar() {
					if sr, err := d.Info.ShapeOf(b.Y); err == nil && sr.IsScalar() {
						t.Errorf("%s: step %d Frobenius-multiplies a scalar: %s", where, i+1, ast.Text(x))
					}
				}
				return true
			})
		}
	})
}

// Twin terms are derived once: the second term of tr(M' N) + tr(N' M) is
// the first transposed, and joins it in a "likewise" step; the first term
// of tr(X' A X) is transposed to move as the second does. Every result is
// checked numerically.
func TestTwinTerms(t *testing.T) {
	tests := []struct {
		input, wrt string
		steps      int          // at most this many
		kind       rewrite.Kind // a step of this kind occurs
		rule       string       // with this rule
	}{
		// 14 steps before twins were derived once.
		{"tr((W .* (A - U V'))' (W .* (A - U V'))) where W: m x n, A: m x n, U: m x k, V: n x k", "U", 8, rewrite.KindLikewise, "likewise"},
		{"logdet(X' X) where X: m x n", "X", 6, rewrite.KindLikewise, "likewise"},
		{"tr(X' S X) where S: symmetric n x n, X: n x k", "X", 5, rewrite.KindLikewise, "likewise"},
		// 9 steps before.
		{"tr(X' A X) where A: n x n, X: n x k", "X", 7, rewrite.KindMove, "scalar-transpose"},
	}
	// Twins are a device of the whole differential, which derives what
	// the pullback leaves to it; the pullback gathers the terms of a
	// shared node instead, in no more steps.
	whole := eng.WithPullback(false)
	for _, tt := range tests {
		if _, _, d, err := derive(tt.input, tt.wrt); err != nil {
			t.Errorf("%s: %v", tt.input, err)
		} else if len(d.Steps) > tt.steps {
			t.Errorf("%s: %d steps by the pullback, want at most %d", tt.input, len(d.Steps), tt.steps)
		}
		e, _, d, err := golden.Derive(whole, tt.input, tt.wrt)
		if err != nil {
			t.Errorf("%s: %v", tt.input, err)
			continue
		}
		if len(d.Steps) > tt.steps {
			t.Errorf("%s: %d steps, want at most %d", tt.input, len(d.Steps), tt.steps)
		}
		found := false
		for i, s := range d.Steps {
			if s.Kind == tt.kind && s.Rule != nil && s.Rule.Name == tt.rule {
				found = true
			}
			// No line repeats a term that did not change.
			if i > 0 && ast.Equal(s.Expr, d.Steps[i-1].Expr) {
				t.Errorf("%s: step %d repeats the step before", tt.input, i+1)
			}
		}
		if !found {
			t.Errorf("%s: no %s step", tt.input, tt.rule)
		}
		checkNumerically(t, tt.input, e, d.Info, d)
	}
}

// TestSieve: at every node of the steps of the golden derivations, no
// rule that first passes over without trying it would have matched.
func TestSieve(t *testing.T) {
	n := 0
	eachGolden(t, func(where string, d *rewrite.Derivation) {
		n++
		for _, m := range rewrite.SieveMisses(eng, d) {
			t.Errorf("%s: the sieve passes over %s", where, m)
		}
	})
	if n < 100 {
		t.Errorf("only %d derivations", n)
	}
}
