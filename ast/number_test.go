package ast_test

import (
	"math"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// Folding stays exact while the numbers are integers and their ratios;
// an exact number meeting a decimal gives a decimal.
func TestNumberArithmetic(t *testing.T) {
	half, third := ast.Rat(1, 2), ast.Rat(1, 3)
	div := func(a, b ast.Number) ast.Number {
		q, ok := a.Div(b)
		if !ok {
			t.Fatalf("%v / %v: no quotient", a, b)
		}
		return q
	}
	pow := func(a ast.Number, k int64) ast.Number {
		v, ok := a.Pow(ast.Int(k))
		if !ok {
			t.Fatalf("%v^%d: no power", a, k)
		}
		return v
	}
	for _, tt := range []struct {
		got  ast.Number
		want string
	}{
		{half.Add(third), "5/6"},
		{half.Sub(third), "1/6"},
		{half.Mul(third), "1/6"},
		{div(half, third), "3/2"},
		{half.Add(half), "1"},
		{div(ast.Int(2), ast.Int(4)), "1/2"},
		{div(ast.Int(6), ast.Int(-4)), "-3/2"},
		{half.Neg(), "-1/2"},
		{half.Neg().Abs(), "1/2"},
		{pow(ast.Rat(2, 3), 3), "8/27"},
		{pow(ast.Rat(2, 3), -2), "9/4"},
		{pow(ast.Int(2), -1), "1/2"},
		{ast.Rat(4, 6), "2/3"},
		{ast.Float(0.5), "0.5"},             // a decimal stays a decimal
		{half.Add(ast.Float(0.25)), "0.75"}, // exact meets decimal: decimal
		{ast.Float(0.5).Mul(ast.Int(4)), "2"},
		{ast.Float(3), "3"},
		{pow(ast.Int(10), 20), "1e+20"}, // past 2^53: a float
	} {
		if s := tt.got.String(); s != tt.want {
			t.Errorf("got %s, want %s", s, tt.want)
		}
	}
	if !half.Exact() || !half.IsFraction() || ast.Float(0.5).Exact() || ast.Int(3).IsFraction() {
		t.Error("exactness")
	}
	if p, q, ok := ast.Rat(-6, 4).Frac(); !ok || p != -3 || q != 2 {
		t.Errorf("Frac(-6/4) = %d/%d %v", p, q, ok)
	}
	if _, ok := half.Div(ast.Int(0)); ok {
		t.Error("1/2 / 0 gave a quotient")
	}
	if _, ok := ast.Int(0).Pow(ast.Int(-1)); ok {
		t.Error("0^-1 gave a power")
	}
	// Past int64 a fraction becomes a decimal, not a wrong fraction.
	big := ast.Rat(1, 1<<40)
	if v := big.Mul(big); v.Exact() || v.Float64() != math.Ldexp(1, -80) {
		t.Errorf("2^-40 squared = %v (exact %v)", v, v.Exact())
	}
	// Values: the node carries the float nearest to the fraction.
	if n := ast.Frac(1, 3); n.Val != 1.0/3 || n.P != 1 || n.Q != 3 {
		t.Errorf("Frac(1, 3) = %+v", *n)
	}
	if n := ast.Frac(4, 2); n.Val != 2 || n.Q != 0 {
		t.Errorf("Frac(4, 2) = %+v, want the whole number 2", *n)
	}
}

// The exact 1/2, typed or folded, is one number to Equal; the decimal 0.5
// the user typed is another (it prints differently).
func TestFractionEqual(t *testing.T) {
	typed, err := parser.ParseExpr("1/2")
	if err != nil {
		t.Fatal(err)
	}
	folded := ast.Int(1).Mul(ast.Rat(3, 6)).Num()
	if !ast.Equal(typed, folded) || !ast.Equal(typed, ast.Frac(2, 4)) {
		t.Errorf("1/2 typed %+v and folded %+v differ", typed, folded)
	}
	if ast.Equal(typed, ast.N(0.5)) {
		t.Error("the exact 1/2 equals the decimal 0.5")
	}
	if !ast.Equal(ast.N(2), ast.Frac(4, 2)) {
		t.Error("4/2 is not 2")
	}
}
