package rewrite

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// The structural hash agrees with ast.Equal on numbers: 1/2 typed, 2/4
// typed and the 1/2 folded from 1 · 1/2 hash alike; the decimal 0.5 is
// another number.
func TestFractionHash(t *testing.T) {
	parse := func(s string) ast.Expr {
		e, err := parser.ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	typed, twoFourths := parse("1/2 x"), parse("2/4 x")
	folded := ast.Mul(buildFold(nil, Binding{"?a": ast.N(1), "?b": ast.Frac(1, 2)}), ast.S("x"))
	for _, e := range []ast.Expr{twoFourths, folded} {
		if !ast.Equal(typed, e) || hashOf(nil, typed) != hashOf(nil, e) {
			t.Errorf("%s and %s: equal %v, hashes %x and %x", ast.Text(typed), ast.Text(e), ast.Equal(typed, e), hashOf(nil, typed), hashOf(nil, e))
		}
	}
	if dec := parse("0.5 x"); ast.Equal(typed, dec) || hashOf(nil, typed) == hashOf(nil, dec) {
		t.Errorf("the exact 1/2 x and the decimal 0.5 x are one to Equal or the hash")
	}
}

// Like terms add exactly, and a fraction every summand carries goes in
// front (outside a differential).
func TestExactSums(t *testing.T) {
	third, half := ast.Rat(1, 3), ast.Rat(1, 2)
	A, B := ast.S("A"), ast.S("B")
	for _, tt := range []struct {
		ts   []sumTerm
		want string
	}{
		{[]sumTerm{{third.Add(third), A}, {half.Neg(), B}}, "2/3 A - 1/2 B"},
		{[]sumTerm{{half, A}, {half.Neg(), B}}, "1/2 (A - B)"},
		{[]sumTerm{{half.Neg(), A}, {half.Neg(), B}}, "-1/2 (A + B)"},
		{[]sumTerm{{ast.Int(2), A}, {ast.Int(2), B}}, "2 A + 2 B"},
		{[]sumTerm{{ast.Float(0.5), A}, {ast.Float(0.5), B}}, "0.5 (A + B)"},
		{[]sumTerm{{ast.Float(0.5), A}, {half, B}}, "0.5 A + 1/2 B"},
		{[]sumTerm{{half, A}, {half, ast.D(B)}}, "1/2 A + 1/2 dB"},
	} {
		if got := ast.Text(buildSum(tt.ts)); got != tt.want {
			t.Errorf("buildSum = %s, want %s", got, tt.want)
		}
	}
}
