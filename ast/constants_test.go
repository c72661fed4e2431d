package ast_test

import (
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// TestDimensionValues: a dimension name of the declarations used as a value
// is a 1x1 constant, no variable; pi is the number; neither is among the
// declarations Info reports.
func TestDimensionValues(t *testing.T) {
	e, info := check(t, "sum(x) / n + (2 pi)^(n/2) where x: n x 1")
	if s := info.Shape(e); !s.IsScalar() {
		t.Errorf("shape %s, want scalar", s)
	}
	if !info.IsDim("n") || !info.IsConstName("n") || !info.IsConstName("pi") || info.IsConstName("x") {
		t.Errorf("IsDim(n) %v, IsConstName(n, pi, x) %v %v %v", info.IsDim("n"), info.IsConstName("n"), info.IsConstName("pi"), info.IsConstName("x"))
	}
	for _, d := range info.Decls() {
		if d.Name == "n" || d.Name == "pi" {
			t.Errorf("Decls() has %s", d.Name)
		}
	}
	// Undeclared, n is a scalar variable as before; the dimension of x
	// inferred is then not called n.
	_, info = check(t, "sum(x) / n")
	if s, ok := info.Name("n"); !ok || !s.IsScalar() || info.IsDim("n") {
		t.Errorf("n: %v %v", s, ok)
	}
	if s, _ := info.Name("x"); strings.Contains(s.String(), "n") {
		t.Errorf("x: %s, a dimension named like the variable n", s)
	}
	// mu next to a dimension name stays the vector it is.
	_, info = check(t, "X - mu u where X: n x m, mu: n x 1, u: 1 x m")
	if s, _ := info.Name("mu"); s.String() != "n x 1" {
		t.Errorf("mu: %s", s)
	}
}

// TestConstantsCheckErrors: the errors of the new forms.
func TestConstantsCheckErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"x' x where x: n x 1, n: scalar", "1:22: n is declared as a variable and is also a dimension name (in the shape of x)"},
		{"||X||_2 where X: m x n", "1:1: the 2-norm of a matrix is the spectral norm, which matdiff does not have: X (m×n) is a matrix"},
		{"s^(a) where s: scalar, a: scalar", "1:4: an exponent is a constant, but a is a variable"},
		{"X^(n/2) where X: n x n", "1:2: a matrix power needs a whole exponent, not n / 2 (use .^ for an element-wise power)"},
		{"s^(x) where x: n x 1", "1:4: an exponent is a constant, but x is a variable"},
	} {
		e, ds, err := parser.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		_, err = ast.Check(e, ds)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want+";") && err.Error() != tt.want {
			t.Errorf("Check(%q) = %v, want %s", tt.in, err, tt.want)
		}
		if _, err2 := ast.CheckScalar(e, ds); err2 == nil {
			t.Errorf("CheckScalar(%q) gave no error", tt.in)
		}
	}
	// The 2-norm of a vector, and of something of open shape, is fine.
	for _, in := range []string{"||x||_2 where x: n x 1", "||x'||_2 where x: n x 1", "||y||_2"} {
		check(t, in)
	}
}

// TestSoftmaxShapes: softmax keeps the shape, logsumexp is 1x1.
func TestSoftmaxShapes(t *testing.T) {
	e, info := check(t, "softmax(A) where A: n x m")
	if s := info.Shape(e); s.String() != "n x m" {
		t.Errorf("softmax: %s", s)
	}
	e, info = check(t, "logsumexp(A) where A: n x m")
	if s := info.Shape(e); !s.IsScalar() {
		t.Errorf("logsumexp: %s", s)
	}
}

// TestAmbiguities: the places where both groupings fit.
func TestAmbiguities(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"A x .* z where A: n x n, x: n x 1, z: n x 1", "1:5: read as A (x .* z); (A x) .* z fits the shapes too"},
		{"A x ./ z where A: n x n, x: n x 1, z: n x 1", "1:5: read as A (x ./ z); (A x) ./ z fits the shapes too"},
		{"A (x .* z) where A: n x n, x: n x 1, z: n x 1", ""},
		{"(A x) .* z where A: n x n, x: n x 1, z: n x 1", ""},
		{"A * x .* z where A: n x n, x: n x 1, z: n x 1", ""},
		{"A x .* z where A: m x n, x: n x 1, z: n x 1", ""},
		{"A x .* s where A: n x n, x: n x 1, s: scalar", ""},
		{"s x .* z where s: scalar, x: n x 1, z: n x 1", ""},
		{"A x / 2 where A: n x n, x: n x 1", ""},
	} {
		e, ds, err := parser.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		info, err := ast.Check(e, ds)
		if err != nil {
			t.Fatalf("Check(%q): %v", tt.in, err)
		}
		var got []string
		for _, n := range ast.Ambiguities(e, ds, info) {
			got = append(got, n.Pos.String()+": "+n.Msg)
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("Ambiguities(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConstantsPrint: pi, X^-T and a constant exponent in every format,
// and the text parses back.
func TestConstantsPrint(t *testing.T) {
	for _, tt := range []struct{ in, text, unicode, latex string }{
		{"(2 pi)^(n/2)", "(2 pi)^(n / 2)", "(2 π)^(n / 2)", `\left(2 \pi\right)^{\frac{n}{2}}`},
		{"X^{-T} x", "X^-T x", "X⁻ᵀ x", `X^{-\top} x`},
		{"softmax(x)", "softmax(x)", "softmax(x)", `\operatorname{softmax}\left(x\right)`},
		{"logsumexp(x)", "logsumexp(x)", "logsumexp(x)", `\operatorname{logsumexp}\left(x\right)`},
	} {
		e, err := parser.ParseExpr(tt.in)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", tt.in, err)
		}
		if got := ast.Text(e); got != tt.text {
			t.Errorf("Text(%s) = %q, want %q", tt.in, got, tt.text)
		}
		if got := ast.Unicode(e); got != tt.unicode {
			t.Errorf("Unicode(%s) = %q, want %q", tt.in, got, tt.unicode)
		}
		if got := ast.LaTeX(e); got != tt.latex {
			t.Errorf("LaTeX(%s) = %q, want %q", tt.in, got, tt.latex)
		}
		for _, s := range []string{ast.Text(e), ast.Unicode(e)} {
			back, err := parser.ParseExpr(s)
			if err != nil || !ast.Equal(back, e) {
				t.Errorf("%q parses as %v, %v", s, back, err)
			}
		}
	}
}
