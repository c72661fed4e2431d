package numeric_test

// FuzzEval evaluates any expression on random values, some of them
// replaced by the fuzzer's own (zeros, negatives, huge, tiny, NaN,
// infinities), to drive every operation out of its domain. Eval must
// never panic; its errors must be *ast.Error with a message; a value it
// returns must have the expression's shape and finite entries. For a
// scalar expression, Gradient is run too, with the variable itself as the
// claim, and must not panic either.
//
// The seed corpus is testdata/fuzz/FuzzEval; go test replays it. Run the
// fuzzer with
//
//	go test ./numeric -run XXX -fuzz FuzzEval -fuzztime 10m -parallel 1

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/numeric"
	"github.com/matdiff/matdiff/parser"
	"gonum.org/v1/gonum/mat"
)

// special are the values a byte of the fuzzer's data picks, besides small
// whole numbers.
var special = []float64{0, -1, 1, 0.5, -0.5, 2, -2, 1e-300, -1e-300, 1e300, -1e300,
	math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1), 1 - 1e-16, -1 + 1e-16}

func FuzzEval(f *testing.F) {
	f.Add("x' A x", uint64(1), []byte{})
	f.Add("log(x' x)", uint64(2), []byte{0, 0, 0})
	f.Add("logdet(A) + tr(inv(A))", uint64(3), []byte{1, 1, 1, 1})
	f.Add("ones(n)' x + sum(zeros(m, n) .* X) + vec(X)' commutation(m, n) vec(Y')", uint64(4), []byte{2, 3})
	f.Add("sum(unvec(v, m, n*k) .* C) where v: m*n*k x 1", uint64(5), []byte{})
	f.Fuzz(func(t *testing.T, src string, seed uint64, data []byte) {
		if len(src) > 200 {
			t.Skip()
		}
		if msg := evalCase(src, seed, data); msg != "" {
			t.Fatalf("eval %q (seed %d, data %v): %s", src, seed, data, msg)
		}
	})
}

// evalCase evaluates src at a random instance changed by data and says
// what went wrong, or "".
func evalCase(src string, seed uint64, data []byte) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("panic: %v", r)
		}
	}()
	e, decls, err := parser.Parse(src)
	if err != nil {
		return ""
	}
	info, err := ast.CheckScalar(e, decls)
	if err != nil {
		return ""
	}
	// Sizes from 1 (where scalars and matrices meet) to 3.
	inst, err := numeric.Random(e, info, int64(seed), numeric.Options{MinDim: 1, MaxDim: 3})
	if err != nil {
		return userError("random", err)
	}
	// The fuzzer's data replaces entries of the values, name by name.
	names := make([]string, 0, len(inst.Vals))
	entries := 0
	for n, v := range inst.Vals {
		names = append(names, n)
		r, c := v.Dims()
		entries += r * c
	}
	if entries > 10000 {
		return "" // declared huge: too slow to fuzz, though not wrong
	}
	sort.Strings(names)
	k := 0
	for _, n := range names {
		v := inst.Vals[n]
		r, c := v.Dims()
		for i := 0; i < r && k < len(data); i++ {
			for j := 0; j < c && k < len(data); j++ {
				b := data[k]
				k++
				switch {
				case b == 255:
					// keep the random entry
				case int(b) < len(special):
					v.Set(i, j, special[b])
				default:
					v.Set(i, j, float64(int(b)-128)/8)
				}
			}
		}
	}
	val, err := numeric.Eval(e, info, inst)
	if err != nil {
		return userError("eval", err)
	}
	s := info.Shape(e)
	wr, err1 := inst.Size(s.Rows)
	wc, err2 := inst.Size(s.Cols)
	if r, c := val.Dims(); err1 == nil && err2 == nil && (r != wr || c != wc) {
		return fmt.Sprintf("the value is %d×%d, but the expression is %s = %d×%d", r, c, s, wr, wc)
	}
	if x, ok := nonFinite(val); ok {
		return fmt.Sprintf("the value has the entry %g", x)
	}
	if !s.IsScalar() {
		return ""
	}
	for _, wrt := range ast.Names(e) {
		v, ok := inst.Vals[wrt]
		if !ok {
			continue // a dimension name used as a value: a size, no variable
		}
		if r, c := v.Dims(); r*c > 100 {
			break
		}
		if _, err := numeric.Gradient(e, ast.S(wrt), wrt, info, inst); err != nil {
			return userError("gradient by "+wrt, err)
		}
		break
	}
	return ""
}

func userError(what string, err error) string {
	var ae *ast.Error
	if !errors.As(err, &ae) {
		return fmt.Sprintf("%s: %T is no *ast.Error: %v", what, err, err)
	}
	if ae.Msg == "" || strings.Contains(ae.Msg, "internal error") {
		return fmt.Sprintf("%s: %v", what, err)
	}
	return ""
}

func nonFinite(m *mat.Dense) (float64, bool) {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if x := m.At(i, j); math.IsNaN(x) || math.IsInf(x, 0) {
				return x, true
			}
		}
	}
	return 0, false
}
