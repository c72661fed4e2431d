package main

import (
	"testing"
)

// TestBadInputEdges: each rough edge of bad input exits 2 with nothing on
// stdout and exactly this message.
func TestBadInputEdges(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"grad", "--wrt", "", "x' x"}, `matdiff: --wrt is empty
hint: name the variable to differentiate by, as in --wrt x
`},
		{[]string{"hessian", "--wrt", " ", "x' x"}, `matdiff: --wrt is empty
hint: name the variable to differentiate by, as in --wrt x
`},
		{[]string{"grad", "--wrt", "x,,A", "x' A x"}, `matdiff: --wrt x,,A has an empty name
hint: separate the variables with single commas, or repeat --wrt
`},
		{[]string{"check", "--wrt", "", "x' x"}, `matdiff: --wrt is empty
hint: name the variable to differentiate by, as in --wrt x
`},
		{[]string{"grad", "--wrt", "x", "--wrt", "x", "x' x"}, `matdiff: x is given twice with --wrt
hint: give each variable once
`},
		{[]string{"jacobian", "--wrt", "x", "--wrt", " x", "A x"}, `matdiff: x is given twice with --wrt
hint: give each variable once
`},
		{[]string{"check", "--wrt", "x,A,x", "x' A x"}, `matdiff: x is given twice with --wrt
hint: give each variable once
`},
		{[]string{"grad", "--wrt", "х", "x' x"}, `matdiff: --wrt х: 'х' (cyrillic small letter ha) looks like the Latin letter 'x'
hint: write 'x'
`},
		{[]string{"check", "--wrt", "x,ｙ", "x' y"}, `matdiff: --wrt ｙ: 'ｙ' (fullwidth latin small letter y) looks like the Latin letter 'y'
hint: write 'y'
`},
		{[]string{"check", "--wrt", "x", "--against", "", "x' x"}, `matdiff: --against is empty
hint: give the gradient to check, as in --against "2 x", or leave --against out to check matdiff's own
`},
		{[]string{"check", "--wrt", "x", "--against=  ", "x' x"}, `matdiff: --against is empty
hint: give the gradient to check, as in --against "2 x", or leave --against out to check matdiff's own
`},
		{[]string{"grad", "--wrt", "x", "x' x wherex: n x 1"}, `matdiff: 1:6: 'wherex' reads as a name: a where clause needs a space after 'where'
  | x' x wherex: n x 1
  |      ^
hint: write 'where x: n x 1'
`},
		{[]string{"grad", "--wrt", "x", "x' ｘ"}, `matdiff: 1:4: 'ｘ' (fullwidth latin small letter x) looks like the Latin letter 'x'
  | x' ｘ
  |    ^
hint: write 'x'
`},
		{[]string{"grad", "--wrt", "x", "x' а x"}, `matdiff: 1:4: 'а' (cyrillic small letter a) looks like the Latin letter 'a'
  | x' а x
  |    ^
hint: write 'a'
`},
		{[]string{"grad", "--wrt", "x", "x' A x", "--where", "x: n x 1, A: n x ｎ"}, `matdiff: 1:18: 'ｎ' (fullwidth latin small letter n) looks like the Latin letter 'n'
  | x: n x 1, A: n x ｎ
  |                  ^
hint: write 'n'
`},
		{[]string{"grad", "--wrt", "x", "x' x where x: 0x10 x 1"}, `matdiff: 1:15: 0x10 reads as a hexadecimal number, but numbers are written in decimal
  | x' x where x: 0x10 x 1
  |               ^
hint: write 16
`},
		{[]string{"eval", "1e-999"}, `matdiff: 1:1: number 1e-999 is too small: it underflows to 0
  | 1e-999
  | ^
hint: the smallest positive number is about 5e-324; write 0 if 0 is meant
`},
		{[]string{"check", "--wrt", "x", "x' x", "--against", "1e-400 x"}, `matdiff: 1:1: number 1e-400 is too small: it underflows to 0
  | 1e-400 x
  | ^
hint: the smallest positive number is about 5e-324; write 0 if 0 is meant
`},
	}
	for _, tt := range tests {
		code, out, errs := matdiff(t, tt.args...)
		if code != exitInput || out != "" || errs != tt.stderr {
			t.Errorf("matdiff %q = %d, stdout %q, stderr:\n%s\nwant 2, nothing on stdout, stderr:\n%s", tt.args, code, out, errs, tt.stderr)
		}
	}
}

// TestGoodInputEdges: what the checks of TestBadInputEdges must let
// through: Greek names, blanks around a --wrt, ';' between declarations,
// several variables with commas, and a subnormal number.
func TestGoodInputEdges(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"grad", "-q", "--wrt", " x ", "x' x"}, "2 x\n"},
		{[]string{"grad", "-q", "--wrt", "x,A", "x' A x where x: n x 1; A: n x n"}, "(A + A') x\nx x'\n"},
		{[]string{"grad", "-q", "--wrt", "x", "x' A x", "--where", "x: n x 1; A: n x n"}, "(A + A') x\n"},
		{[]string{"grad", "-q", "--wrt", "μ", "σ (x - μ)' (x - μ) where μ: n x 1; σ: scalar"}, "-2 σ (x - μ)\n"},
		{[]string{"grad", "-q", "--wrt", "ℒ", "ℒ' 𝐱 where 𝐱: n x 1"}, "𝐱\n"},
		{[]string{"grad", "-q", "--wrt", "x", "λ_Σ x' Σ x where Σ: symmetric n x n, λ_Σ: scalar"}, "2 λ_Σ Σ x\n"},
		{[]string{"eval", "1e-310 / 1e-10"}, "1e-300\n"},
	}
	for _, tt := range tests {
		code, out, errs := matdiff(t, tt.args...)
		if code != exitOK || out != tt.want || errs != "" {
			t.Errorf("matdiff %q = %d, %q, %q; want 0, %q, \"\"", tt.args, code, out, errs, tt.want)
		}
	}
	verify(t, "x' A x where x: n x 1; A: n x n", "x", "(A + A') x")
	verify(t, "x' A x where x: n x 1; A: n x n", "A", "x x'")
	verify(t, "σ (x - μ)' (x - μ) where μ: n x 1; σ: scalar", "μ", "-2 σ (x - μ)")
	verify(t, "λ_Σ x' Σ x where Σ: symmetric n x n, λ_Σ: scalar", "x", "2 λ_Σ Σ x")
	verify(t, "ℒ' 𝐱 where 𝐱: n x 1", "ℒ", "𝐱")
}
