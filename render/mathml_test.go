package render_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
)

// wellFormed fails t unless s is well-formed XML.
func wellFormed(t *testing.T, what, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader("<root>" + s + "</root>"))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML (%v):\n%s", what, err, s)
		}
	}
}

// text returns the character data of the MathML s, without spaces or
// invisible operators: what a reader sees, in reading order.
func text(t *testing.T, s string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader("<root>" + s + "</root>"))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := tok.(xml.CharData); ok {
			for _, r := range string(c) {
				if r != '\u2061' && r != '\u2062' && r != ' ' {
					b.WriteRune(r)
				}
			}
		}
	}
	return b.String()
}

func TestMathMLMarkup(t *testing.T) {
	cases := []struct{ in, markup, text string }{
		{"A'", "<msup><mrow><mi>A</mi></mrow><mrow><mo>⊤</mo></mrow></msup>", "A⊤"},
		{"inv(A')", "<mo>−</mo><mo>⊤</mo>", "A−⊤"},
		{"A^-1 B", "<msup><mrow><mi>A</mi></mrow><mrow><mo>−</mo><mn>1</mn></mrow></msup><mo>\u2062</mo><mi>B</mi>", "A−1B"},
		{"(A B)'", `<mo fence="true" lspace="0" rspace="0">(</mo>`, "(AB)⊤"},
		{"A .* B", "<mo>∘</mo>", "A∘B"},
		{"A ./ B", "<mo>⊘</mo>", "A⊘B"},
		{"(A .* B) C", "", "(A∘B)C"},
		{"A (B + C)", "", "A(B+C)"},
		{"A - (B - C)", "", "A−(B−C)"},
		{"-A B", "", "−AB"},
		{"kron(A, B) C", "<mo>⊗</mo>", "(A⊗B)C"},
		{"A : B + C", "", "A:(B+C)"},
		{"x / 2", "<mfrac><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></mfrac>", "x2"},
		{"tr(A)", "<mi>tr</mi><mo>\u2061</mo>", "tr(A)"},
		{"Diag(x)", "", "Diag(x)"},
		{"logdet(X)", "", "logdet(X)"},
		{"exp(x)", "", "exp(x)"},
		{"sigmoid(x)", "<mi>σ</mi>", "σ(x)"},
		{"norm(x)", `<msub><mrow><mo fence="true" lspace="0" rspace="0">‖</mo>`, "‖x‖F"},
		{"norm1(x)", "", "‖x‖1"},
		{"abs(x)", "", "|x|"},
		{"sqrt(x)", "<msqrt>", "x"},
		{"ones(n)", "<msub><mn>𝟏</mn><mrow><mi>n</mi></mrow></msub>", "𝟏n"},
		{"zeros(m, n)", "<msub><mn>𝟎</mn><mrow><mi>m</mi><mo>×</mo><mi>n</mi></mrow></msub>", "𝟎m×n"},
		{"Diag(ones(n))", `<msub><mi mathvariant="normal">I</mi><mrow><mi>n</mi></mrow></msub>`, "In"},
		{"commutation(m, n)", "<msub><mi>K</mi><mrow><mi>m</mi><mo>,</mo><mi>n</mi></mrow></msub>", "Km,n"},
		{"unvec(v, m, n)", "<msub><mi>unvec</mi>", "unvecm×n(v)"},
		{"vec(X)", "<mi>vec</mi>", "vec(X)"},
		{"X.^2", "<mo>∘</mo><mn>2</mn>", "X∘2"},
		{"A^3", "<mn>3</mn>", "A3"},
		{"(A')^2", "", "(A⊤)2"},
		{"W1 alpha", "<msub><mi>W</mi><mn>1</mn></msub><mo>\u2062</mo><mi>α</mi>", "W1α"},
		{"2 3 x", "<mn>2</mn><mo>·</mo><mn>3</mn>", "2·3x"},
		{"I", `<mi mathvariant="normal">I</mi>`, "I"},
		{"0.5 x", "<mn>0.5</mn>", "0.5x"},
	}
	for _, c := range cases {
		e, err := parser.ParseExpr(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		got := render.MathML(e)
		wellFormed(t, c.in, got)
		if c.markup != "" && !strings.Contains(got, c.markup) {
			t.Errorf("%s: the MathML has no %s:\n%s", c.in, c.markup, got)
		}
		if tx := text(t, got); tx != c.text {
			t.Errorf("%s: reads %q, want %q\n%s", c.in, tx, c.text, got)
		}
	}
}

// Nodes made by rewrites: differentials, negative numbers, small numbers.
func TestMathMLRewriteNodes(t *testing.T) {
	cases := []struct {
		e    ast.Expr
		text string
	}{
		{ast.Mul(ast.S("A"), ast.D(ast.S("X"))), "AdX"},
		{ast.D(ast.Mul(ast.S("A"), ast.S("X"))), "d(AX)"},
		{ast.Mul(ast.N(-2), ast.S("x")), "(−2)x"}, // as the LaTeX printer writes it,
		{ast.Mul(ast.N(1e-8), ast.S("x")), "1·10−8x"},
		{ast.Inv(ast.T(ast.S("X"))), "X−⊤"},
	}
	for _, c := range cases {
		got := render.MathML(c.e)
		wellFormed(t, ast.Text(c.e), got)
		if tx := text(t, got); tx != c.text {
			t.Errorf("%s: reads %q, want %q\n%s", ast.Text(c.e), tx, c.text, got)
		}
	}
}

// Every golden derivation typesets as well-formed MathML, with a step for
// each step and the result's names defined.
func TestMathMLDerivations(t *testing.T) {
	for _, c := range goldenInputs(t) {
		_, _, d, err := derive(c.input, c.wrt)
		if err != nil {
			continue
		}
		m := render.ToMathML(d)
		all := []string{m.F, m.FLeft, m.FExpr, m.Result, m.Whole}
		for _, s := range m.Steps {
			all = append(all, s.Left, s.Expr)
		}
		for _, n := range m.Names {
			all = append(all, n.Expr)
		}
		for _, s := range all {
			wellFormed(t, c.where, s)
		}
		if len(m.Steps) != len(d.Steps) {
			t.Errorf("%s: %d steps in MathML, %d in the derivation", c.where, len(m.Steps), len(d.Steps))
		}
	}
}

func TestMathMLWorkedExample(t *testing.T) {
	_, _, d, err := derive("(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1", "X")
	if err != nil {
		t.Fatal(err)
	}
	m := render.ToMathML(d)
	if !strings.HasPrefix(m.Result, `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">`) {
		t.Errorf("the result is no <math> element: %s", m.Result)
	}
	if got := text(t, m.Result); !strings.HasPrefix(got, "∂f∂X=") {
		t.Errorf("the result reads %q, want ∂f/∂X = ...", got)
	}
	if len(m.Names) != 2 || m.Names[0].Name != "H" || m.Names[1].Name != "K" {
		t.Errorf("names %+v, want H and K", m.Names)
	}
	if m.Shape != "b x 1" {
		t.Errorf("shape %q", m.Shape)
	}
	if len(m.Steps) == 0 || m.Steps[0].Left == "" || len(m.Steps[0].Rules) == 0 && m.Steps[0].Kind != "differential" {
		t.Errorf("first step %+v", m.Steps[0])
	}
}
