package numeric_test

import (
	"math"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"gonum.org/v1/gonum/mat"
)

// evalSrc evaluates "EXPR where DECLS" at the fixed values, with n = 2 and
// m = 3.
func evalSrc(t *testing.T, src string) *mat.Dense {
	t.Helper()
	e, ds, err := parser.Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	info, err := ast.Check(e, ds)
	if err != nil {
		t.Fatalf("Check(%q): %v", src, err)
	}
	v, err := numeric.Eval(e, info, fixed())
	if err != nil {
		t.Fatalf("Eval(%q): %v", src, err)
	}
	return v
}

// TestEvalConstants: pi is the number, a dimension name is its size, and
// a constant exponent evaluates.
func TestEvalConstants(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"pi", math.Pi},
		{"π / 2", math.Pi / 2},
		{"sum(x) / n where x: n x 1", 1.5},
		{"m n where R: n x m", 6},
		{"(2 pi)^(n/2) where x: n x 1", 2 * math.Pi},
		{"s^(1/3) where s: scalar", math.Cbrt(2)},
		{"q^{-1/2} where q: scalar", 0.5},
		{"||x||^2 + ||y||_1 where x: n x 1, y: n x 1", 5 + 4},
		{"logsumexp(x) where x: n x 1", math.Log(math.E + math.Exp(2))},
		{"tr(A^-T B) where A: n x n, B: n x n", 1},
	} {
		v := evalSrc(t, tt.in)
		if r, c := v.Dims(); r != 1 || c != 1 || math.Abs(v.At(0, 0)-tt.want) > 1e-12 {
			t.Errorf("%s = %v, want %g", tt.in, mat.Formatted(v), tt.want)
		}
	}
}

// TestSoftmaxStable: softmax and logsumexp do not overflow for large
// entries, and softmax works column by column.
func TestSoftmaxStable(t *testing.T) {
	v := evalSrc(t, "softmax(1000 R) where R: n x m")
	// R = [1 0 2; -1 1 0]: the columns of 1000 R are far apart.
	e := math.Exp(-1000.0)
	want := dense(2, 3, 1, e, 1, 0, 1, 0)
	if !mat.EqualApprox(v, want, 1e-12) || v.At(1, 1) != 1 || v.At(0, 1) != e {
		t.Errorf("softmax(1000 R) = %v", mat.Formatted(v))
	}
	l := evalSrc(t, "logsumexp(1000 x) where x: n x 1")
	if got := l.At(0, 0); math.Abs(got-(2000+math.Log1p(math.Exp(-1000)))) > 1e-9 {
		t.Errorf("logsumexp(1000 x) = %g", got)
	}
	s := evalSrc(t, "sum(softmax(A)) where A: n x n")
	if math.Abs(s.At(0, 0)-2) > 1e-12 {
		t.Errorf("the columns of softmax(A) sum to %g in all, want 2", s.At(0, 0))
	}
}

// TestRandomSkipsConstants: Random gives no value to pi nor to a
// dimension name, and the dimension gets a size.
func TestRandomSkipsConstants(t *testing.T) {
	e, ds, err := parser.Parse("sum(x) / n + pi where x: n x 1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, ds)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := numeric.Random(e, info, 1, numeric.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := inst.Vals["n"]; ok {
		t.Errorf("a value for n")
	}
	if _, ok := inst.Vals["pi"]; ok {
		t.Errorf("a value for pi")
	}
	if inst.Dims["n"] < 1 {
		t.Errorf("no size for n")
	}
}
