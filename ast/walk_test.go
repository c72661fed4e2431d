package ast_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

func mustParse(t *testing.T, src string) ast.Expr {
	t.Helper()
	e, err := parser.ParseExpr(src)
	if err != nil {
		t.Fatalf("ParseExpr(%q): %v", src, err)
	}
	return e
}

func TestEqual(t *testing.T) {
	for _, tt := range []struct {
		a, b ast.Expr
		want bool
	}{
		{A, S("A"), true},
		{A, B, false},
		{N(2), N(2.0), true},
		{N(2), N(3), false},
		{N(0), N(math.Copysign(0, -1)), true},
		{N(math.NaN()), N(math.NaN()), true},
		{N(math.NaN()), N(1), false},
		{Eye(), Eye(), true},
		{Eye(), S("I"), false},
		{N(1), S("1"), false},
		{T(A), T(A), true},
		{T(A), Inv(A), false},
		{T(A), T(B), false},
		{Neg(A), A, false},
		{Add(A, B), Add(A, B), true},
		{Add(A, B), Sub(A, B), false},
		{Add(A, B), Add(B, A), false},
		{Mul(A, B), Had(A, B), false},
		{Pow(A, 2), Pow(A, 2), true},
		{Pow(A, 2), Pow(A, 3), false},
		{Pow(A, 2), EPow(A, 2), false},
		{Fn(ast.FnTr, A), Fn(ast.FnTr, A), true},
		{Fn(ast.FnTr, A), Fn(ast.FnDet, A), false},
		{Fn(ast.FnTr, A), Fn(ast.FnTr, B), false},
		{Kron(A, B), Kron(A, B), true},
		{Kron(A, B), Kron(B, A), false},
		{Kron(A, B), Fn(ast.FnKron, A), false},
		{Fn(ast.FnTr, A), T(A), false},
		{Mul(Mul(A, B), C), Mul(A, Mul(B, C)), false},
		{D(X), D(X), true},
		{D(X), X, false},
		// Positions do not count.
		{parseOrPanic("A B + C"), parseOrPanic("  A  B\n+ C"), true},
		{parseOrPanic("x' A x"), Mul(Mul(T(x), A), x), true},
		{parseOrPanic("x' A x"), Mul(T(x), Mul(A, x)), false},
	} {
		if got := ast.Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v", ast.Text(tt.a), ast.Text(tt.b), got)
		}
		if got := ast.Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v (swapped)", ast.Text(tt.b), ast.Text(tt.a), got)
		}
	}
}

func parseOrPanic(src string) ast.Expr {
	e, err := parser.ParseExpr(src)
	if err != nil {
		panic(err)
	}
	return e
}

func TestSize(t *testing.T) {
	for _, tt := range []struct {
		e    ast.Expr
		want int
	}{
		{x, 1},
		{N(2), 1},
		{Eye(), 1},
		{T(x), 2},
		{Pow(A, 2), 3},
		{Kron(A, B), 3},
		{Fn(ast.FnTr, Mul(A, B)), 4},
		{Mul(Mul(T(x), A), x), 6},
		{parseOrPanic("(A (B (X C) .* D) .* E) F"), 13},
	} {
		if got := ast.Size(tt.e); got != tt.want {
			t.Errorf("Size(%s) = %d, want %d", ast.Text(tt.e), got, tt.want)
		}
	}
}

func TestInspect(t *testing.T) {
	e := mustParse(t, "tr(A B)' + kron(x, -y)")
	var got []string
	ast.Inspect(e, func(n ast.Expr) bool {
		got = append(got, ast.Text(n))
		return true
	})
	want := "tr(A B)' + kron(x, -y)|tr(A B)'|tr(A B)|A B|A|B|kron(x, -y)|x|-y|y"
	if strings.Join(got, "|") != want {
		t.Errorf("Inspect order %s\nwant %s", strings.Join(got, "|"), want)
	}
	// Returning false skips the operands.
	got = nil
	ast.Inspect(e, func(n ast.Expr) bool {
		got = append(got, ast.Text(n))
		_, isCall := n.(*ast.Call)
		return !isCall
	})
	want = "tr(A B)' + kron(x, -y)|tr(A B)'|tr(A B)|kron(x, -y)"
	if strings.Join(got, "|") != want {
		t.Errorf("pruned Inspect %s\nwant %s", strings.Join(got, "|"), want)
	}
}

func TestChildren(t *testing.T) {
	for _, tt := range []struct {
		e    ast.Expr
		want string
	}{
		{x, ""},
		{N(1), ""},
		{Eye(), ""},
		{T(A), "A"},
		{Add(A, B), "A|B"},
		{Pow(A, 2), "A|2"},
		{Kron(A, Mul(B, C)), "A|B C"},
	} {
		var got []string
		for _, k := range ast.Children(tt.e) {
			got = append(got, ast.Text(k))
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("Children(%s) = %v", ast.Text(tt.e), got)
		}
	}
	// The slice is new: changing it changes nothing.
	e := Kron(A, B)
	kids := ast.Children(e)
	kids[0] = C
	if ast.Text(e) != "kron(A, B)" {
		t.Errorf("changing Children's slice changed the call: %s", ast.Text(e))
	}
}

func TestWith(t *testing.T) {
	for _, e := range []ast.Expr{x, N(1), Eye(), T(A), Add(A, B), Pow(A, 2), Kron(A, B), Fn(ast.FnTr, A)} {
		if got := ast.With(e, ast.Children(e)); got != e {
			t.Errorf("With(%s, same kids) made a new node", ast.Text(e))
		}
	}
	// Leaves have no kids to change.
	if got := ast.With(x, []ast.Expr{y}); got != x {
		t.Errorf("With(x, ...) = %s", ast.Text(got))
	}

	src := mustParse(t, "x' A\n  + tr(B)")
	sum := src.(*ast.Binary)
	got := ast.With(sum, []ast.Expr{sum.X, C}).(*ast.Binary)
	if got == sum || got.Op != ast.OpAdd || got.X != sum.X || got.Y != C || got.At != sum.At {
		t.Errorf("With(sum, [x' A, C]) = %s at %v", ast.Text(got), got.At)
	}
	if ast.Text(sum) != "x' A + tr(B)" {
		t.Errorf("With changed its input: %s", ast.Text(sum))
	}
	tr := sum.Y.(*ast.Call)
	call := ast.With(tr, []ast.Expr{C}).(*ast.Call)
	if call == tr || call.Fun != ast.FnTr || call.At != tr.At || ast.Text(call) != "tr(C)" {
		t.Errorf("With(tr(B), [C]) = %s at %v", ast.Text(call), call.At)
	}
	tp := sum.X.(*ast.Binary).X.(*ast.Unary)
	u := ast.With(tp, []ast.Expr{y}).(*ast.Unary)
	if u == tp || u.Op != ast.OpTranspose || u.At != tp.At || ast.Text(u) != "y'" {
		t.Errorf("With(x', [y]) = %s at %v", ast.Text(u), u.At)
	}

	// A call's argument slice is copied, not shared with the caller.
	kids := []ast.Expr{A, C}
	k := ast.With(Kron(A, B), kids).(*ast.Call)
	kids[1] = x
	if ast.Text(k) != "kron(A, C)" {
		t.Errorf("With shares the kids slice: %s", ast.Text(k))
	}
}

func TestMap(t *testing.T) {
	e := mustParse(t, "x' A x + tr(B C) .* kron(D, x)")

	// The identity map gives back the same tree.
	if got := ast.Map(e, func(n ast.Expr) ast.Expr { return n }); got != e {
		t.Error("Map with the identity made a new tree")
	}

	// f sees every node bottom-up, operands already mapped.
	var order []string
	ast.Map(e, func(n ast.Expr) ast.Expr {
		order = append(order, ast.Text(n))
		return n
	})
	want := "x|x'|A|x' A|x|x' A x|B|C|B C|tr(B C)|D|x|kron(D, x)|tr(B C) .* kron(D, x)|x' A x + tr(B C) .* kron(D, x)"
	if strings.Join(order, "|") != want {
		t.Errorf("Map order %s\nwant %s", strings.Join(order, "|"), want)
	}

	// Renaming x rebuilds only the nodes above an x.
	got := ast.Map(e, func(n ast.Expr) ast.Expr {
		if s, ok := n.(*ast.Sym); ok && s.Name == "x" {
			return &ast.Sym{Name: "z", At: s.At}
		}
		return n
	})
	if ast.Text(got) != "z' A z + tr(B C) .* kron(D, z)" {
		t.Fatalf("Map: %s", ast.Text(got))
	}
	if ast.Text(e) != "x' A x + tr(B C) .* kron(D, x)" {
		t.Errorf("Map changed its input: %s", ast.Text(e))
	}
	before, after := e.(*ast.Binary), got.(*ast.Binary)
	oldHad, newHad := before.Y.(*ast.Binary), after.Y.(*ast.Binary)
	if newHad == oldHad || newHad.X != oldHad.X {
		t.Error("tr(B C) is not shared, or its parent is")
	}
	oldQ, newQ := before.X.(*ast.Binary), after.X.(*ast.Binary)
	if newQ == oldQ || newQ.X.(*ast.Binary).Y != oldQ.X.(*ast.Binary).Y {
		t.Error("A is not shared, or x' A x is")
	}
	// New nodes keep the positions of the nodes they replace.
	ast.Inspect(got, func(n ast.Expr) bool {
		if !n.Pos().IsValid() {
			t.Errorf("%s has no position", ast.Text(n))
		}
		return true
	})
	if after.At != before.At || newHad.At != oldHad.At {
		t.Error("a rebuilt node lost its position")
	}

	// A map that changes nothing in a subtree with no x shares the whole
	// tree.
	f := mustParse(t, "A B + C")
	if ast.Map(f, func(n ast.Expr) ast.Expr {
		if s, ok := n.(*ast.Sym); ok && s.Name == "x" {
			return y
		}
		return n
	}) != f {
		t.Error("Map with no change made a new tree")
	}
}

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want string
	}{
		{"x' A x + B y", "x A B y"},
		{"y + x + y + x", "y x"},
		{"tr(W' S W) + alpha", "W S alpha"},
		{"kron(b, a) c", "b a c"},
		{"2 I + 3", ""},
		{"exp(x_0) .* W1", "x_0 W1"},
	} {
		if got := strings.Join(ast.Names(mustParse(t, tt.src)), " "); got != tt.want {
			t.Errorf("Names(%s) = %q, want %q", tt.src, got, tt.want)
		}
	}
	if ast.Names(N(1)) != nil {
		t.Error("Names of a number is not nil")
	}
}

func TestHasNameDiffContains(t *testing.T) {
	e := mustParse(t, "x' A x + tr(B)")
	if !ast.HasName(e, "B") || !ast.HasName(e, "x") || ast.HasName(e, "C") || ast.HasName(e, "tr") {
		t.Error("HasName")
	}
	if ast.HasDiff(e) {
		t.Error("HasDiff of an expression with no differential")
	}
	if !ast.HasDiff(Add(A, Mul(B, D(X)))) {
		t.Error("HasDiff misses A + B dX")
	}
	// Contains stops at the first match.
	calls := 0
	found := ast.Contains(e, func(n ast.Expr) bool {
		calls++
		_, ok := n.(*ast.Unary)
		return ok
	})
	if !found || calls != 4 { // +, x' A x, x' A, x'
		t.Errorf("Contains: found %v after %d calls, want true after 4", found, calls)
	}
	if ast.Contains(e, func(n ast.Expr) bool { _, ok := n.(*ast.Identity); return ok }) {
		t.Error("Contains finds an I that is not there")
	}
}

// TestEachTerm: the summands of the sums, differences and negations at the
// top, in order, with their signs; a sum inside a product is one term.
func TestEachTerm(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a - (b - c) + -d", "+a -b +c -d"},
		{"-(x + y)", "-x -y"},
		{"A (B + C) - D", "+A (B + C) -D"},
		{"x", "+x"},
	} {
		var got []string
		ast.EachTerm(mustParse(t, c.src), false, func(neg bool, e ast.Expr) {
			sign := "+"
			if neg {
				sign = "-"
			}
			got = append(got, sign+ast.Text(e))
		})
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s: terms %q, want %q", c.src, s, c.want)
		}
		// AddTerm puts them back: the same value, as a flat sum.
		var sum ast.Expr
		ast.EachTerm(mustParse(t, c.src), false, func(neg bool, e ast.Expr) { sum = ast.AddTerm(sum, neg, e) })
		var again []string
		ast.EachTerm(sum, false, func(neg bool, e ast.Expr) { again = append(again, fmt.Sprint(neg, ast.Text(e))) })
		if len(again) != len(got) {
			t.Errorf("%s: AddTerm gives %s, with %d terms, want %d", c.src, ast.Text(sum), len(again), len(got))
		}
	}
}
