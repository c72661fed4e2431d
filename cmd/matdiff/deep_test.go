package main

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
)

// chain returns the k-layer network sum(tanh(Wk tanh(… tanh(W1 x)))) with
// its declarations: k+1 levels of nesting.
func chain(k int) string {
	var b strings.Builder
	b.WriteString("sum(")
	for i := k; i >= 1; i-- {
		fmt.Fprintf(&b, "tanh(W%d ", i)
	}
	b.WriteString("x" + strings.Repeat(")", k+1) + " where x: n x 1")
	for i := 1; i <= k; i++ {
		fmt.Fprintf(&b, ", W%d: n x n", i)
	}
	return b.String()
}

// TestDeepChain: the gradient of a 1,000-layer chain goes through the
// command with no stack overflow: the gradient, or the limit of the
// engine that it reached (exit 4). The gradient of a small chain is
// checked numerically, by the input and by the first layer's weights.
func TestDeepChain(t *testing.T) {
	k := 1000
	if raceBuild {
		k = 200 // several times slower under the race detector
	}
	code, out, errs := runLimited(t, "grad", "-q", "--wrt", "x", chain(k))
	switch {
	case code == exitOK && strings.HasPrefix(out, "W1' (") && strings.HasSuffix(out, " .* (1 - tanh(W1 x).^2))\n") &&
		strings.Contains(out, fmt.Sprintf("W%d' (1 - tanh(W%d tanh(W%d ", k, k, k-1)) && strings.Count(out, "\n") == 1:
		t.Logf("%d layers: a gradient of %d characters", k, len(out))
	case code == exitBeyond && out == "" && strings.HasPrefix(errs, "matdiff: the "):
		t.Logf("%d layers: %s", k, strings.TrimSpace(errs))
	default:
		t.Errorf("%d layers: %d %.300q\n%.600s", k, code, out, errs)
	}
	for _, wrt := range []string{"x", "W1"} {
		src := chain(4)
		code, out, errs := runLimited(t, "grad", "-q", "--wrt", wrt, src)
		if code != exitOK {
			t.Fatalf("4 layers by %s: %d %q", wrt, code, errs)
		}
		verify(t, src, wrt, strings.TrimSpace(out))
	}
}

// TestDeepPasses: every pass over the tree takes the 1,000-layer chain
// (1,001 levels) and the deepest input the parser takes (10,000 levels):
// parsing, shapes, the three printers (whose text parses back to the same
// tree) and numeric evaluation.
func TestDeepPasses(t *testing.T) {
	n := parser.MaxDepth
	if raceBuild {
		n = 2000 // several times slower under the race detector
	}
	deepest := "sum(" + strings.Repeat("tanh(", n-1) + "x" + strings.Repeat(")", n) + " where x: n x 1"
	for name, src := range map[string]string{"1,000 layers": chain(1000), "the deepest": deepest} {
		e, decls, err := parser.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		info, err := ast.CheckScalar(e, decls)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text := ast.Text(e)
		if back, err := parser.ParseExpr(text); err != nil || !ast.Equal(back, e) {
			t.Errorf("%s: the text does not parse back: %v", name, err)
		}
		if u := ast.Unicode(e); !strings.HasPrefix(u, "sum(tanh(") || strings.Count(u, "(") < 1001 {
			t.Errorf("%s: unicode %.100q", name, u)
		}
		if l := ast.LaTeX(e); !strings.HasPrefix(l, `\operatorname{sum}`) || strings.Count(l, `\tanh`) < 1000 {
			t.Errorf("%s: latex %.100q", name, l)
		}
		inst, err := numeric.Random(e, info, 1, numeric.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, err := numeric.Eval(e, info, inst)
		if err != nil || v.At(0, 0) != v.At(0, 0) || math.IsInf(v.At(0, 0), 0) {
			t.Errorf("%s: value %v, %v", name, v, err)
		}
	}
}
