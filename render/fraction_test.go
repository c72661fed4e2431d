package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/render"
)

// TestLaTeXFractions: an exact fraction is typeset \frac{1}{2} in a line,
// and -1/2 on the line of a superscript; the decimal 0.5 the user typed
// stays 0.5; MathML writes the fraction as <mfrac>.
func TestLaTeXFractions(t *testing.T) {
	for _, tt := range []struct {
		in, wrt string
		want    []string
		not     []string
	}{
		{"x' A x / 2 where x: n x 1, A: n x n", "x",
			[]string{`\frac{\partial f}{\partial x} &= \frac{1}{2} (A + A^\top) x`}, []string{"0.5 "}},
		{"sum(x.^(1/2)) where x: n x 1", "x",
			[]string{`&= \frac{1}{2} x^{\circ -1/2} : \mathrm{d}x`}, []string{"0.5 "}},
		{"s^(-1/2) where s: scalar", "s",
			[]string{`s^{-3/2}`, `\frac{1}{2}`}, []string{"0.5 ", "1.5"}},
		{"sum(x.^0.5) where x: n x 1", "x",
			[]string{`0.5 x^{\circ -0.5}`}, []string{`\frac{1}{2}`}},
	} {
		_, _, d, err := derive(tt.in, tt.wrt)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := render.Derivation(&b, d, render.Options{Format: ast.FormatLaTeX}); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		for _, w := range tt.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: the LaTeX lacks %s:\n%s", tt.in, w, s)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(s, w) {
				t.Errorf("%s: the LaTeX has %s:\n%s", tt.in, w, s)
			}
		}
	}
	_, _, d, err := derive("x' A x / 2 where x: n x 1, A: n x n", "x")
	if err != nil {
		t.Fatal(err)
	}
	if m := render.MathML(d.Result); !strings.Contains(m, "<mfrac><mn>1</mn><mn>2</mn></mfrac>") {
		t.Errorf("MathML of %s lacks the fraction: %s", ast.Text(d.Result), m)
	}
	if m := render.MathML(ast.Mul(ast.N(2), ast.Frac(1, 2))); !strings.Contains(m, "<mn>2</mn><mo>·</mo><mrow><mfrac>") {
		t.Errorf("MathML of 2 times 1/2 reads as a mixed number: %s", m)
	}
	if m := render.MathML(ast.Bin(ast.OpEPow, ast.S("x"), ast.Frac(-1, 2))); !strings.Contains(m, `<mo>−</mo><mn>1</mn><mo lspace="0" rspace="0">/</mo><mn>2</mn>`) {
		t.Errorf("MathML of x.^(-1/2) has no -1/2 on the line: %s", m)
	}
}
