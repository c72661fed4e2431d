package ast_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// check parses "EXPR where DECLS" and checks it; it fails the test on an
// error.
func check(t *testing.T, src string) (ast.Expr, *ast.Info) {
	t.Helper()
	e, ds, err := parser.Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	info, err := ast.Check(e, ds)
	if err != nil {
		t.Fatalf("Check(%q): %v", src, err)
	}
	return e, info
}

var shapeTests = []struct {
	in    string
	shape string            // shape of the whole expression
	names map[string]string // shapes of selected names
}{
	// Declared shapes.
	{"x' A x where x: n x 1, A: n x n", "scalar", map[string]string{"x": "n x 1", "A": "n x n"}},
	{"A B where A: 3 x 4, B: 4 x 2", "3 x 2", nil},
	{"A x + b where A: m x n, x: n x 1, b: m x 1", "m x 1", nil},
	{"tr(W' S W) where W: n x k, S: n x n", "scalar", nil},
	{"x' y where x: n x 1, y: n x 1", "scalar", nil},
	{"x y' where x: n x 1, y: m x 1", "n x m", nil},
	{"A' where A: 2 x 5", "5 x 2", nil},
	{"A : B where A: m x n, B: m x n", "scalar", nil},
	{"(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1",
		"scalar", nil},
	{"(A (B (x c') .* D) .* E) f where A: 1 x a, B: a x b, x: b x 1, c: e x 1, D: b x e, E: a x e, f: e x 1",
		"scalar", nil},
	{"A*x.*y where A: m x n, x: n x 1, y: m x 1", "m x 1", nil},
	{"0.5*x'*A*x where x: n x 1, A: n x n", "scalar", nil},

	// Inferred shapes of undeclared names.
	{"x' A x where x: n x 1", "scalar", map[string]string{"A": "n x n"}},
	{"A x where x: k x 1", "n x 1", map[string]string{"A": "n x k"}},
	// Fresh sizes are named n, m, p, ... in order of first use.
	{"A B C", "n x q", map[string]string{"A": "n x m", "B": "m x p", "C": "p x q"}},
	{"x' y", "n x p", map[string]string{"x": "m x n", "y": "m x p"}},
	// ... skipping the names the declarations use.
	{"A B where A: m x n", "m x p", map[string]string{"B": "n x p"}},
	{"A x where A: n x m, x: m x p", "n x p", nil},
	{"A x + b where A: m x n", "m x p", map[string]string{"x": "n x p", "b": "m x p"}},
	{"sigmoid(W x + b) where W: h x n, x: n x 1", "h x 1", map[string]string{"b": "h x 1"}},
	{"A / s where A: a x b", "a x b", map[string]string{"s": "scalar"}},
	{"x .* y where x: n x 1", "n x 1", map[string]string{"y": "n x 1"}},
	{"x : y where x: n x 1", "scalar", map[string]string{"y": "n x 1"}},
	{"tr(A B) where A: m x n", "scalar", map[string]string{"B": "n x m"}},
	{"(A B) .* C where A: 2 x 3, C: 2 x 5", "2 x 5", map[string]string{"B": "3 x 5"}},
	{"A * B .* C where A: a x b, C: a x c", "a x c", map[string]string{"B": "b x c"}},
	{"exp(x) + 1", "n x m", map[string]string{"x": "n x m"}},
	{"sum(A)", "scalar", map[string]string{"A": "n x m"}},
	{"norm(A x - b) where A: m x n", "scalar", map[string]string{"x": "n x p", "b": "m x p"}},
	// alpha is not declared scalar, so the most general reading makes it a
	// column: (alpha x') y is m x 1.
	{"alpha x' y where x: n x 1, y: n x 1", "m x 1", map[string]string{"alpha": "m x 1"}},
	{"alpha x' y where alpha: scalar, x: n x 1, y: n x 1", "scalar", nil},

	// A scalar meets every entry.
	{"1 + exp(x) where x: n x 1", "n x 1", nil},
	{"exp(x) - 1 where x: n x 1", "n x 1", nil},
	{"1 - tanh(z).^2 where z: k x 1", "k x 1", nil},
	{"1 ./ x where x: n x 1", "n x 1", nil},
	{"x ./ 2 where x: n x 1", "n x 1", nil},
	{"2 .* X where X: a x b", "a x b", nil},
	{"2 X where X: a x b", "a x b", nil},
	{"X 2 where X: a x b", "a x b", nil},
	{"X / 2 where X: a x b", "a x b", nil},
	{"y - x where x: 3 x 2, y: scalar", "3 x 2", nil},
	{"(x' x) A where x: n x 1, A: a x b", "a x b", nil},
	{"A (x' x) where x: n x 1, A: a x b", "a x b", nil},
	// A scalar meets every entry of the other side of a Frobenius product too
	// (s : A = s sum(A)), so A keeps its own shape.
	{"(x' x) : A where x: n x 1", "scalar", map[string]string{"A": "m x p"}},

	// Functions.
	{"Diag(v) where v: n x 1", "n x n", nil},
	{"Diag(v)", "n x n", map[string]string{"v": "n x 1"}},
	{"diag(A) where A: n x n", "n x 1", nil},
	{"diag(A)", "n x 1", map[string]string{"A": "n x n"}},
	{"vec(A) where A: a x b", "a*b x 1", nil},
	{"vec(A) where A: 3 x 4", "12 x 1", nil},
	{"vec(A) where A: 2 x b", "2*b x 1", nil},
	{"kron(A, B) where A: a x b, B: c x d", "a*c x b*d", nil},
	{"kron(B, A) where A: a x b, B: c x d", "a*c x b*d", nil},
	{"kron(A, B) where A: 2 x 3, B: c x 4", "2*c x 12", nil},
	{"kron(A, B) where A: n x n, B: n x 1", "n*n x n", nil},
	{"vec(kron(A, B)) where A: a x b, B: c x d", "a*b*c*d x 1", nil},
	{"kron(A, B) x where A: a x b, B: c x d", "a*c x n", map[string]string{"x": "b*d x n"}},
	{"kron(A, B) + C where A: a x b, B: c x d", "a*c x b*d", map[string]string{"C": "a*c x b*d"}},
	{"kron(A, B)", "n*p x m*q", map[string]string{"A": "n x m", "B": "p x q"}},
	{"tr(A)", "scalar", map[string]string{"A": "n x n"}},
	{"tr(A) where A: k x k", "scalar", nil},
	{"det(X) where X: n x n", "scalar", nil},
	{"logdet(X)", "scalar", map[string]string{"X": "n x n"}},
	{"logdet(X' X) where X: m x n", "scalar", nil},
	{"inv(A) x where x: k x 1", "k x 1", map[string]string{"A": "k x k"}},
	{"A^-1 b where b: n x 1", "n x 1", map[string]string{"A": "n x n"}},
	{"A^2", "n x n", map[string]string{"A": "n x n"}},
	{"x.^2 where x: 3 x 1", "3 x 1", nil},
	{"x.^0.5 + a where x: n x m", "n x m", map[string]string{"a": "n x m"}},
	{"sum(x) where x: n x 1", "scalar", nil},
	{"norm1(X) where X: n x m", "scalar", nil},
	{"abs(X) where X: n x m", "n x m", nil},
	{"tr(A)^2 where A: n x n", "scalar", nil},
	{"(x' x)^2 where x: n x 1", "scalar", nil},

	// I takes its size from its neighbours.
	{"A + I where A: n x n", "n x n", nil},
	{"I + A where A: k x k", "k x k", nil},
	{"I x where x: k x 1", "k x 1", nil},
	{"x' I where x: k x 1", "1 x k", nil},
	{"A I B where A: a x b", "a x n", map[string]string{"B": "b x n"}},
	{"eye - x x' where x: n x 1", "n x n", nil},
	{"tr(I)", "scalar", nil},

	// Ones, zeros, commutation, unvec: their sizes are their arguments.
	{"ones(n)", "n x 1", nil},
	{"ones(m, n) + A", "m x n", map[string]string{"A": "m x n"}},
	{"ones(n)' x where x: n x 1", "scalar", nil},
	{"zeros(m*n, 1)", "m*n x 1", nil},
	{"zeros(2*k, 3)", "2*k x 3", nil},
	{"commutation(m, n) vec(A) where A: m x n", "m*n x 1", nil},
	{"commutation(m, n)", "m*n x m*n", nil},
	{"unvec(v, m, n) where v: m*n x 1", "m x n", nil},
	{"unvec(v, m, n)", "m x n", map[string]string{"v": "m*n x 1"}},
	{"I ones(n)", "n x 1", nil},
}

func TestShapes(t *testing.T) {
	for _, tt := range shapeTests {
		e, info := check(t, tt.in)
		if got := info.Shape(e).String(); got != tt.shape {
			t.Errorf("%s: shape %s, want %s", tt.in, got, tt.shape)
		}
		for name, want := range tt.names {
			s, ok := info.Name(name)
			if !ok {
				t.Errorf("%s: no shape for %s", tt.in, name)
				continue
			}
			if s.String() != want {
				t.Errorf("%s: %s is %s, want %s", tt.in, name, s, want)
			}
		}
	}
}

// TestShapeEveryNode checks the shape of every node of one expression.
func TestShapeEveryNode(t *testing.T) {
	e, info := check(t, "(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: b x e, E: a x e, F: e x 1")
	want := map[string]string{
		"A ((B ((X C) .* D)) .* E) F": "scalar",
		"A ((B ((X C) .* D)) .* E)":   "1 x e",
		"(B ((X C) .* D)) .* E":       "a x e",
		"B ((X C) .* D)":              "a x e",
		"(X C) .* D":                  "b x e",
		"X C":                         "b x e",
		"A":                           "1 x a",
		"X":                           "b x 1",
		"F":                           "e x 1",
	}
	seen := map[string]bool{}
	ast.Inspect(e, func(x ast.Expr) bool {
		txt := ast.Text(x)
		if w, ok := want[txt]; ok {
			seen[txt] = true
			if got := info.Shape(x).String(); got != w {
				t.Errorf("shape of %s = %s, want %s", txt, got, w)
			}
		}
		return true
	})
	for txt := range want {
		if !seen[txt] {
			t.Errorf("no node prints as %s", txt)
		}
	}
}

// TestIdentityUndetermined: when nothing around I fixes its size, I stays
// square with an unknown size ("?1"), which numeric reports as undetermined.
func TestIdentityUndetermined(t *testing.T) {
	e, info := check(t, "tr(I)")
	id := e.(*ast.Call).Args[0]
	s := info.Shape(id)
	if !s.IsSquare() || s.Rows.IsKnown() || !strings.HasPrefix(s.Rows.Names[0], "?") {
		t.Errorf("shape of I in tr(I) = %s, want an unknown square size", s)
	}

	e, info = check(t, "tr(I) + x' A x where x: n x 1")
	ast.Inspect(e, func(x ast.Expr) bool {
		if _, ok := x.(*ast.Identity); ok {
			if s := info.Shape(x); !strings.HasPrefix(s.Rows.String(), "?") {
				t.Errorf("I in tr(I) + x' A x has size %s, want an unknown", s)
			}
		}
		return true
	})
	if s, _ := info.Name("A"); s.String() != "n x n" {
		t.Errorf("A: %s, want n x n", s)
	}
}

func TestSymmetric(t *testing.T) {
	_, info := check(t, "S + A + x x' where S: symmetric n x n, x: n x 1")
	if !info.Symmetric("S") {
		t.Error("S not symmetric")
	}
	for _, n := range []string{"A", "x", "nosuchname"} {
		if info.Symmetric(n) {
			t.Errorf("%s symmetric", n)
		}
	}
	if s, _ := info.Name("S"); s.String() != "n x n" {
		t.Errorf("S: %s", s)
	}
	if s, _ := info.Name("A"); s.String() != "n x n" {
		t.Errorf("A: %s", s)
	}
	ds := info.Decls()
	var got []string
	for _, d := range ds {
		s := d.Name + ": " + d.Shape.String()
		if d.Symmetric {
			s = d.Name + ": symmetric " + d.Shape.String()
		}
		got = append(got, s)
	}
	// Declared names in the order given, then inferred ones by first use.
	want := "S: symmetric n x n, x: n x 1, A: n x n"
	if strings.Join(got, ", ") != want {
		t.Errorf("Decls() = %s, want %s", strings.Join(got, ", "), want)
	}
}

func TestDeclsOrder(t *testing.T) {
	_, info := check(t, "C B A + D where D: n x n, B: n x n")
	var got []string
	for _, d := range info.Decls() {
		got = append(got, d.Name)
	}
	if strings.Join(got, " ") != "D B C A" {
		t.Errorf("Decls order %v, want D B C A", got)
	}
	if _, ok := info.Name("E"); ok {
		t.Error("Name(E) reports a name that does not occur")
	}
}

// TestShapeOf: expressions built from the names of a checked expression,
// as rewrites build them.
func TestShapeOf(t *testing.T) {
	_, info := check(t, "x' A y where x: n x 1, y: m x 1")
	x, a, y := ast.S("x"), ast.S("A"), ast.S("y")
	for _, tt := range []struct {
		e    ast.Expr
		want string
	}{
		{ast.Mul(ast.T(x), a), "1 x m"},
		{ast.Mul(x, ast.T(y)), "n x m"},
		{ast.T(a), "m x n"},
		{ast.Add(a, ast.Mul(x, ast.T(y))), "n x m"},
		{ast.Mul(ast.Eye(), a), "n x m"},
		{ast.Mul(a, ast.Eye()), "n x m"},
		{ast.Fn(ast.FnKron, x, y), "m*n x 1"}, // the names of a product are sorted
		{ast.Frob(a, a), "scalar"},
	} {
		s, err := info.ShapeOf(tt.e)
		if err != nil {
			t.Errorf("ShapeOf(%s): %v", ast.Text(tt.e), err)
			continue
		}
		if s.String() != tt.want {
			t.Errorf("ShapeOf(%s) = %s, want %s", ast.Text(tt.e), s, tt.want)
		}
		if got := info.Shape(tt.e).String(); got != tt.want {
			t.Errorf("Shape(%s) = %s, want %s", ast.Text(tt.e), got, tt.want)
		}
	}

	bad := ast.Mul(a, a)
	_, err := info.ShapeOf(bad)
	var ae *ast.Error
	if !errors.As(err, &ae) || ae.Msg != "cannot multiply A (n×m) by A (n×m)" {
		t.Errorf("ShapeOf(A A) error %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Shape(A A) did not panic")
			}
		}()
		info.Shape(bad)
	}()
}

var checkErrorTests = []struct {
	in   string
	want string // Pretty() with Src set to in
}{
	{"A B where A: 3 x 4, B: 5 x 2", `1:3: cannot multiply A (3×4) by B (5×2)
  | A B where A: 3 x 4, B: 5 x 2
  |   ^
`},
	{"x' A x where x: n x 1, A: m x m", `1:4: cannot multiply x' (1×n) by A (m×m)
  | x' A x where x: n x 1, A: m x m
  |    ^
`},
	{"(A B + C) D where A: 2 x 3, B: 3 x 4, C: 2 x 4, D: 2 x 2", `1:11: cannot multiply A B + C (2×4) by D (2×2)
  | (A B + C) D where A: 2 x 3, B: 3 x 4, C: 2 x 4, D: 2 x 2
  |           ^
`},
	{"A*B where A: 2 x 3, B: 2 x 3", `1:2: cannot multiply A (2×3) by B (2×3)
  | A*B where A: 2 x 3, B: 2 x 3
  |  ^
`},
	{"x + tr(A B) where A: m x n, B: m x n", `1:10: cannot multiply A (m×n) by B (m×n)
  | x + tr(A B) where A: m x n, B: m x n
  |          ^
`},
	{"A + B where A: m x n, B: n x m", `1:3: cannot add A (m×n) and B (n×m)
  | A + B where A: m x n, B: n x m
  |   ^
`},
	{"A + x' where A: m x n, x: m x 1", `1:3: cannot add A (m×n) and x' (1×m)
  | A + x' where A: m x n, x: m x 1
  |   ^
`},
	{"I + A where A: m x n", `1:3: cannot add I (m×m) and A (m×n)
  | I + A where A: m x n
  |   ^
`},
	{"A - B where A: m x n, B: n x m", `1:3: cannot subtract B (n×m) from A (m×n)
  | A - B where A: m x n, B: n x m
  |   ^
`},
	{"x .* y where x: n x 1, y: m x 1", `1:3: cannot take the Hadamard product of x (n×1) and y (m×1): the shapes differ
  | x .* y where x: n x 1, y: m x 1
  |   ^
`},
	{"x ∘ y' where x: n x 1, y: n x 1", `1:3: cannot take the Hadamard product of x (n×1) and y' (1×n): the shapes differ
  | x ∘ y' where x: n x 1, y: n x 1
  |   ^
`},
	{"x ./ y where x: n x 1, y: m x 1", `1:3: cannot divide x (n×1) by y (m×1) element-wise: the shapes differ
  | x ./ y where x: n x 1, y: m x 1
  |   ^
`},
	{"A : B where A: 2 x 3, B: 3 x 2", `1:3: cannot take the Frobenius product of A (2×3) and B (3×2): the shapes differ
  | A : B where A: 2 x 3, B: 3 x 2
  |   ^
`},
	// An unknown size shows as "?".
	{"(A B) .* C where A: m x n, C: p x q", `1:7: cannot take the Hadamard product of A B (m×?) and C (p×q): the shapes differ
  | (A B) .* C where A: m x n, C: p x q
  |       ^
`},
	{"tr(A) where A: m x n", `1:4: tr needs a square matrix, but A (m×n) is not square
  | tr(A) where A: m x n
  |    ^
`},
	{"tr(x x' y) where x: n x 1, y: n x 1", `1:4: tr needs a square matrix, but x x' y (n×1) is not square
  | tr(x x' y) where x: n x 1, y: n x 1
  |    ^
`},
	{"det(A B) where A: m x n, B: n x k", `1:5: det needs a square matrix, but A B (m×k) is not square
  | det(A B) where A: m x n, B: n x k
  |     ^
`},
	// The caret is where the argument starts, not under its last factor.
	{"inv(A B) where A: 2 x 3, B: 3 x 4", `1:5: the inverse needs a square matrix, but A B (2×4) is not square
  | inv(A B) where A: 2 x 3, B: 3 x 4
  |     ^
`},
	{"(x y')^-1 where x: n x 1, y: m x 1", `1:2: the inverse needs a square matrix, but x y' (n×m) is not square
  | (x y')^-1 where x: n x 1, y: m x 1
  |  ^
`},
	{"logdet(A) where A: 2 x 3", `1:8: logdet needs a square matrix, but A (2×3) is not square
  | logdet(A) where A: 2 x 3
  |        ^
`},
	{"diag(A) where A: m x n", `1:6: diag needs a square matrix, but A (m×n) is not square
  | diag(A) where A: m x n
  |      ^
`},
	{"inv(A) where A: 2 x 3", `1:5: the inverse needs a square matrix, but A (2×3) is not square
  | inv(A) where A: 2 x 3
  |     ^
`},
	{"A^2 where A: 2 x 3", `1:1: a matrix power needs a square matrix, but A (2×3) is not square
  | A^2 where A: 2 x 3
  | ^
`},
	{"Diag(A) where A: n x n", `1:6: Diag needs a column vector, but A (n×n) is not one (diag(A) takes the diagonal of a matrix)
  | Diag(A) where A: n x n
  |      ^
`},
	{"Diag(x') where x: n x 1", `1:6: Diag needs a column vector, but x' (1×n) is not one (diag(A) takes the diagonal of a matrix)
  | Diag(x') where x: n x 1
  |      ^
`},
	{"A / x where x: n x 1", `1:3: can divide only by a scalar, but the divisor x (n×1) is not 1×1 (use ./ to divide element-wise)
  | A / x where x: n x 1
  |   ^
`},
	{"A / B where A: m x n, B: n x n", `1:3: can divide only by a scalar, but the divisor B (n×n) is not 1×1 (use ./ to divide element-wise)
  | A / B where A: m x n, B: n x n
  |   ^
`},
	// A division is not regrouped into one that fits: no grouping makes a
	// vector divisor a scalar.
	{"A x / y where A: m x n, x: n x 1, y: m x 1", `1:5: can divide only by a scalar, but the divisor y (m×1) is not 1×1 (use ./ to divide element-wise)
  | A x / y where A: m x n, x: n x 1, y: m x 1
  |     ^
`},

	// Regrouping hints. Juxtaposition binds looser than .*, so
	// B (X C) .* D is B ((X C) .* D); the shapes fit the other grouping.
	{"B (X C) .* D where B: a x b, X: b x 1, C: 1 x e, D: a x e", `1:9: cannot take the Hadamard product of X C (b×e) and D (a×e): the shapes differ
  | B (X C) .* D where B: a x b, X: b x 1, C: 1 x e, D: a x e
  |         ^
hint: the shapes fit if this is read as (B (X C)) .* D
`},
	{"x c' .* D where x: b x 1, c: e x 1, D: b x e", `1:6: cannot take the Hadamard product of c' (1×e) and D (b×e): the shapes differ
  | x c' .* D where x: b x 1, c: e x 1, D: b x e
  |      ^
hint: the shapes fit if this is read as (x c') .* D
`},
	{"A x ./ y where A: m x n, x: n x 1, y: m x 1", `1:5: cannot divide x (n×1) by y (m×1) element-wise: the shapes differ
  | A x ./ y where A: m x n, x: n x 1, y: m x 1
  |     ^
hint: the shapes fit if this is read as (A x) ./ y
`},
	// The hint names the whole product on the left: A B C .* D is
	// (A B) (C .* D).
	{"A B C .* D where A: a x b, B: b x c, C: c x 1, D: a x 1", `1:7: cannot take the Hadamard product of C (c×1) and D (a×1): the shapes differ
  | A B C .* D where A: a x b, B: b x c, C: c x 1, D: a x 1
  |       ^
hint: the shapes fit if this is read as (A B C) .* D
`},
	// The other way round: * and .* are one level, left to right, as in
	// MATLAB, so A*x.*y is (A*x).*y; here A (x .* y) fits.
	{"A*x.*y where A: m x n, x: n x 1, y: n x 1", `1:4: cannot take the Hadamard product of A x (m×1) and y (n×1): the shapes differ
  | A*x.*y where A: m x n, x: n x 1, y: n x 1
  |    ^
hint: the shapes fit if this is read as A (x .* y)
`},
	{"x*c'.*D where x: b x 1, c: e x 1, D: 1 x e", `1:5: cannot take the Hadamard product of x c' (b×e) and D (1×e): the shapes differ
  | x*c'.*D where x: b x 1, c: e x 1, D: 1 x e
  |     ^
hint: the shapes fit if this is read as x (c' .* D)
`},
	{"A*x./y where A: m x n, x: n x 1, y: n x 1", `1:4: cannot divide A x (m×1) by y (n×1) element-wise: the shapes differ
  | A*x./y where A: m x n, x: n x 1, y: n x 1
  |    ^
hint: the shapes fit if this is read as A (x ./ y)
`},
	// Neither grouping fits: no hint.
	{"x*c'.*D where x: b x 1, c: e x 1, D: e x e", `1:5: cannot take the Hadamard product of x c' (b×e) and D (e×e): the shapes differ
  | x*c'.*D where x: b x 1, c: e x 1, D: e x e
  |     ^
`},
	{"A x .* y where A: m x k, x: n x 1, y: n x 1", `1:3: cannot multiply A (m×k) by x .* y (n×1)
  | A x .* y where A: m x k, x: n x 1, y: n x 1
  |   ^
`},
	// Multi-line input: the excerpt is the line of the error.
	{"x' A x +\n  B C where x: n x 1, A: n x n, B: 2 x 3, C: 4 x 5", `2:5: cannot multiply B (2×3) by C (4×5)
  |   B C where x: n x 1, A: n x n, B: 2 x 3, C: 4 x 5
  |     ^
`},
}

var sizedErrorTests = []struct{ in, msg string }{
	{"ones(x) where x: n x 1", "x is a vector, not a size"},
	{"zeros(2*X, 1) where X: n x m", "X is a matrix, not a size"},
	{"ones(n) where n: scalar", "n is a scalar, not a size"},
	{"ones(0)", "a size of ones is a positive whole number, a dimension name or a product of them, not 0"},
	{"zeros(m, 0.5)", "a size of zeros is a positive whole number, a dimension name or a product of them, not 0.5"},
	{"zeros(m + n, 1)", "a size of zeros is"},
	{"unvec(v, m, n) where v: n x 1", "unvec(v, m, n) needs a column vector of m*n entries, but v (n×1) is not one"},
	{"ones(n) + x where x: m x 1", "cannot add"},
}

func TestSizedErrors(t *testing.T) {
	for _, tt := range sizedErrorTests {
		e, ds, err := parser.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		_, err = ast.Check(e, ds)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Check(%q): %v, want %q", tt.in, err, tt.msg)
		}
	}
}

func TestCheckErrors(t *testing.T) {
	for _, tt := range checkErrorTests {
		e, ds, err := parser.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		info, err := ast.Check(e, ds)
		if err == nil {
			t.Errorf("Check(%q) = %s, want an error", tt.in, info.Shape(e))
			continue
		}
		if info != nil {
			t.Errorf("Check(%q) returned Info with an error", tt.in)
		}
		ae, ok := err.(*ast.Error)
		if !ok {
			t.Errorf("Check(%q): error %T, want *ast.Error", tt.in, err)
			continue
		}
		ae.Src = tt.in
		if got := ae.Pretty(); got != tt.want {
			t.Errorf("Check(%q):\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
	}
}

// TestHintFits: the input regrouped as the hint says checks, and prints
// with the hint's text in it.
func TestHintFits(t *testing.T) {
	const prefix = "the shapes fit if this is read as "
	for _, tt := range []struct{ in, regrouped string }{
		{"B (X C) .* D where B: a x b, X: b x 1, C: 1 x e, D: a x e", "(B (X C)) .* D"},
		{"x c' .* D where x: b x 1, c: e x 1, D: b x e", "(x c') .* D"},
		{"A x ./ y where A: m x n, x: n x 1, y: m x 1", "(A x) ./ y"},
		{"A B C .* D where A: a x b, B: b x c, C: c x 1, D: a x 1", "(A B C) .* D"},
		{"A*x.*y where A: m x n, x: n x 1, y: n x 1", "A*(x.*y)"},
		{"x*c'.*D where x: b x 1, c: e x 1, D: 1 x e", "x*(c'.*D)"},
		{"A*x./y where A: m x n, x: n x 1, y: n x 1", "A*(x./y)"},
		{"(A (B (X C) .* D) .* E) F where A: 1 x a, B: a x b, X: b x 1, C: 1 x e, D: a x e, E: a x e, F: e x 1",
			"(A ((B (X C)) .* D) .* E) F"},
	} {
		e, ds, err := parser.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		_, err = ast.Check(e, ds)
		ae, ok := err.(*ast.Error)
		if !ok {
			t.Errorf("%s: error %v", tt.in, err)
			continue
		}
		alt, ok := strings.CutPrefix(ae.Hint, prefix)
		if !ok {
			t.Errorf("%s: hint %q", tt.in, ae.Hint)
			continue
		}
		r, err := parser.ParseExpr(tt.regrouped)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ast.Check(r, ds); err != nil {
			t.Errorf("%s regrouped as %s: %v", tt.in, tt.regrouped, err)
		}
		if !strings.Contains(ast.Text(r), alt) {
			t.Errorf("%s: hint %s is not part of %s", tt.in, alt, ast.Text(r))
		}
	}
}

func TestErrorString(t *testing.T) {
	_, ds, _ := parser.Parse("x where B: a x b, X: b x 1, C: 1 x e, D: a x e")
	e, _ := parser.ParseExpr("B (X C) .* D")
	_, err := ast.Check(e, ds)
	want := "1:9: cannot take the Hadamard product of X C (b×e) and D (a×e): the shapes differ; the shapes fit if this is read as (B (X C)) .* D"
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v\nwant %s", err, want)
	}
	// Without Src there is no excerpt.
	ae := err.(*ast.Error)
	wantPretty := "1:9: cannot take the Hadamard product of X C (b×e) and D (a×e): the shapes differ\nhint: the shapes fit if this is read as (B (X C)) .* D\n"
	if got := ae.Pretty(); got != wantPretty {
		t.Errorf("Pretty() without Src = %q, want %q", got, wantPretty)
	}
}

// TestCheckBuilt: a tree built by constructors, with no positions, checks
// and fails with the zero Pos.
func TestCheckBuilt(t *testing.T) {
	n, m := ast.Named("n"), ast.Named("m")
	ds := ast.Decls{{Name: "A", Shape: ast.Shape{Rows: n, Cols: m}}, {Name: "x", Shape: ast.Shape{Rows: m, Cols: ast.Known(1)}}}
	e := ast.Mul(ast.S("A"), ast.S("x"))
	info, err := ast.Check(e, ds)
	if err != nil {
		t.Fatal(err)
	}
	if s := info.Shape(e); !s.Equal(ast.Shape{Rows: n, Cols: ast.Known(1)}) {
		t.Errorf("A x: %s", s)
	}
	_, err = ast.Check(ast.Mul(ast.S("x"), ast.S("A")), ds)
	if err == nil || err.Error() != "cannot multiply x (m×1) by A (n×m)" {
		t.Errorf("x A: %v", err)
	}
}
