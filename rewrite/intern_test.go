package rewrite

import (
	"context"
	"math"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/budget"
	"github.com/matdiff/matdiff/parser"
)

// TestIntern: equal subexpressions become one node, the expression given
// is left as it was, an I keeps a node of its own, and so does the marker
// of a vanished differential.
func TestIntern(t *testing.T) {
	e, decls, err := parser.Parse("tanh(W x) .* tanh(W x) + (I + I) y where x: n x 1, y: n x 1, W: n x n")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	before := ast.Text(e)
	c := Compiled(nil).newCtx(context.Background(), nil, info, "x")
	got := c.intern(e)
	if ast.Text(e) != before || ast.Text(got) != before {
		t.Fatalf("interning changed the text: %s, %s, want %s", ast.Text(e), ast.Text(got), before)
	}
	sum := got.(*ast.Binary)
	had := sum.X.(*ast.Binary)
	if had.X != had.Y {
		t.Errorf("the two tanh(W x) are two nodes")
	}
	if orig := e.(*ast.Binary).X.(*ast.Binary); orig.X == orig.Y {
		t.Errorf("the expression given was changed")
	}
	ids := sum.Y.(*ast.Binary).X.(*ast.Binary)
	if ids.X == ids.Y {
		t.Errorf("two I became one node; each keeps the size of its place")
	}
	if c.intern(got) != got || c.intern(ast.Mul(ast.S("W"), ast.S("x"))) != had.X.(*ast.Call).Args[0] {
		t.Errorf("interning an equal expression again gives another node")
	}
	if c.intern(ast.N(0)) == zero || c.intern(zero) != zero {
		t.Errorf("the marker of a vanished differential merged with the number 0")
	}
	if c.intern(ast.N(math.Copysign(0, -1))) == c.intern(ast.N(0)) {
		t.Errorf("-0 merged with 0")
	}
}

// TestNodesCount: the node limit counts distinct nodes, and each
// occurrence of dX with the operations above it.
func TestNodesCount(t *testing.T) {
	e, decls, err := parser.Parse("sum(tanh(W x) .* tanh(W x)) where x: n x 1, W: n x n")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	eng := Compiled(nil)
	lim := budget.Default
	// sum(tanh(W x) .* tanh(W x)): sum, .*, tanh, W x, W, x: 6 distinct
	// nodes, 10 as printed. Under a limit of 8 the nodes the derivation
	// has made bound it; under 5 they are counted, up to just past it.
	for _, tt := range []struct{ limit, want int64 }{{8, 6}, {5, 6}, {3, 4}} {
		lim.Nodes = tt.limit
		c := eng.newCtx(context.Background(), budget.New(nil, lim, "the test"), info, "x")
		if got := c.nodes(e); got != tt.want {
			t.Errorf("limit %d: nodes = %d, want %d", tt.limit, got, tt.want)
		}
	}
	lim.Nodes = 100
	c := eng.newCtx(context.Background(), budget.New(nil, lim, "the test"), info, "x")
	if got := c.size(e); got != 10 {
		t.Errorf("size = %d, want 10", got)
	}
	// d(W x) .* tanh(W x) + tanh(W x) .* d(W x) written with dx: two
	// occurrences of dx, each under W dx, .*, and the sum counting once.
	wx := ast.Mul(ast.S("W"), ast.S("x"))
	wdx := ast.Mul(ast.S("W"), ast.D(ast.S("x")))
	th := ast.Fn(ast.FnTanh, wx)
	df := ast.Add(ast.Had(wdx, th), ast.Had(th, wdx))
	// Each dx: d, W dx, .*, + : 4 operations, 8 in all.
	if got := c.linSize(df, false); got != 8 {
		t.Errorf("linSize = %d, want 8", got)
	}
}

// TestTextStartOrder: ordering by the starts of texts, and by whole texts
// where the starts do not tell, is the order of the whole texts.
func TestTextStartOrder(t *testing.T) {
	nest := func(f string, n int, x ast.Expr) ast.Expr {
		for i := 0; i < n; i++ {
			x = ast.Fn(map[string]ast.Func{"tanh": ast.FnTanh, "exp": ast.FnExp}[f], x)
		}
		return x
	}
	var es []ast.Expr
	for _, n := range []int{0, 1, 40, 60, 61, 100} {
		for _, leaf := range []ast.Expr{ast.S("x"), ast.S("y"), ast.Add(ast.S("x"), ast.S("y"))} {
			es = append(es, nest("tanh", n, leaf), nest("exp", n, leaf), ast.Had(nest("tanh", n, leaf), ast.S("z")))
		}
	}
	for _, a := range es {
		for _, b := range es {
			ta, tb := ast.Text(a), ast.Text(b)
			less, ok := textStartOf(nil, a).less(textStartOf(nil, b))
			if ok && less != (ta < tb) || !ok && len(ta) <= textStartLen && len(tb) <= textStartLen {
				t.Errorf("%.30s… < %.30s…: %v, %v; the texts say %v", ta, tb, less, ok, ta < tb)
			}
		}
	}
}
