package ast

import (
	"math"
	"math/big"
	"strconv"
)

// maxExact bounds the numerator and denominator of an exact number: past
// it a number is kept as a float64 (beyond 2^53 a float64 no longer holds
// every whole number).
const maxExact = 1 << 53

// A Number is a value as matdiff computes with it: exact, a fraction p/q
// of whole numbers, while it can be (integers and their ratios, as
// LANGUAGE.md asks), and a float64 once a decimal the user typed takes
// part or a fraction outgrows maxExact. The zero Number is the exact 0.
// Numbers are values: comparable with ==, safe to copy.
type Number struct {
	// exact: p/q in lowest terms, q == 0 standing for 1; a decimal:
	// q == -1 and p holds the bits of its float64.
	p, q int64
}

// decimal returns v as a decimal Number.
func decimal(v float64) Number { return Number{p: int64(math.Float64bits(v)), q: -1} }

func (x Number) isDec() bool { return x.q < 0 }

func (x Number) flt() float64 { return math.Float64frombits(uint64(x.p)) }

// Int returns the exact whole number k.
func Int(k int64) Number { return ratio(k, 1) }

// Float returns v as a Number: exact when v is a whole number no larger
// than 2^53, a decimal otherwise.
func Float(v float64) Number {
	if v == math.Trunc(v) && math.Abs(v) <= maxExact {
		return Number{p: int64(v)}
	}
	return decimal(v)
}

// Rat returns the exact fraction p/q in lowest terms; q must not be 0. A
// fraction too large to keep exact is a decimal.
func Rat(p, q int64) Number { return ratio(p, q) }

func ratio(p, q int64) Number {
	if q == 0 {
		panic("ast: fraction with denominator 0")
	}
	if q < 0 {
		if p == math.MinInt64 || q == math.MinInt64 {
			return Float(float64(p) / float64(q))
		}
		p, q = -p, -q
	}
	if g := gcd(abs64(p), q); g > 1 {
		p, q = p/g, q/g
	}
	if abs64(p) > maxExact || q > maxExact {
		return decimal(float64(p) / float64(q))
	}
	if q == 1 {
		q = 0
	}
	return Number{p: p, q: q}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (x Number) den() int64 {
	if x.q == 0 {
		return 1
	}
	return x.q
}

// Exact reports whether x is exact, a whole number or a fraction.
func (x Number) Exact() bool { return !x.isDec() }

// Frac returns x as p/q in lowest terms with q > 0 (q = 1 for a whole
// number), if x is exact.
func (x Number) Frac() (p, q int64, ok bool) {
	if x.isDec() {
		return 0, 0, false
	}
	return x.p, x.den(), true
}

// IsFraction reports whether x is exact and not a whole number.
func (x Number) IsFraction() bool { return !x.isDec() && x.q > 1 }

// Float64 returns the value of x, the float64 nearest to it.
func (x Number) Float64() float64 {
	switch {
	case x.isDec():
		return x.flt()
	case x.q == 0:
		return float64(x.p)
	}
	return float64(x.p) / float64(x.q)
}

// Whole returns x as an int64 when it is a whole number (exact, or a
// decimal that happens to be whole and within ±2^53).
func (x Number) Whole() (int64, bool) {
	if x.isDec() {
		if x.flt() == math.Trunc(x.flt()) && math.Abs(x.flt()) <= maxExact {
			return int64(x.flt()), true
		}
		return 0, false
	}
	return x.p, x.q == 0
}

// Is reports whether x equals the whole number k.
func (x Number) Is(k int64) bool {
	if x.isDec() {
		return x.flt() == float64(k)
	}
	return x.q == 0 && x.p == k
}

// Sign returns -1, 0 or +1 as x is negative, zero or positive (0 for NaN).
func (x Number) Sign() int {
	v := x.Float64()
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// Finite reports whether x is neither infinite nor NaN.
func (x Number) Finite() bool {
	return !x.isDec() || !math.IsInf(x.flt(), 0) && !math.IsNaN(x.flt())
}

// Neg returns -x.
func (x Number) Neg() Number {
	if x.isDec() {
		return decimal(-x.flt())
	}
	return ratio(-x.p, x.den())
}

// Abs returns |x|.
func (x Number) Abs() Number {
	if x.Sign() < 0 {
		return x.Neg()
	}
	return x
}

// small reports whether both x and y are exact with every part below
// 2^31, so that sums and products of their parts fit an int64.
func small(x, y Number) bool {
	const lim = 1 << 31
	return !x.isDec() && !y.isDec() && abs64(x.p) < lim && abs64(y.p) < lim && x.den() < lim && y.den() < lim
}

func (x Number) big() *big.Rat { return new(big.Rat).SetFrac64(x.p, x.den()) }

// fromBig returns r as a Number, a decimal when it is too large to keep.
func fromBig(r *big.Rat) Number {
	if r.Num().IsInt64() && r.Denom().IsInt64() {
		return ratio(r.Num().Int64(), r.Denom().Int64())
	}
	f, _ := r.Float64()
	return decimal(f)
}

// Add returns x + y.
func (x Number) Add(y Number) Number {
	switch {
	case x.isDec() || y.isDec():
		return Float(x.Float64() + y.Float64())
	case small(x, y):
		return ratio(x.p*y.den()+y.p*x.den(), x.den()*y.den())
	}
	return fromBig(new(big.Rat).Add(x.big(), y.big()))
}

// Sub returns x - y.
func (x Number) Sub(y Number) Number { return x.Add(y.Neg()) }

// Mul returns x y.
func (x Number) Mul(y Number) Number {
	switch {
	case x.isDec() || y.isDec():
		return Float(x.Float64() * y.Float64())
	case small(x, y):
		return ratio(x.p*y.p, x.den()*y.den())
	}
	return fromBig(new(big.Rat).Mul(x.big(), y.big()))
}

// Div returns x / y; ok is false when y is 0.
func (x Number) Div(y Number) (q Number, ok bool) {
	if y.Float64() == 0 {
		return Number{}, false
	}
	switch {
	case x.isDec() || y.isDec():
		return Float(x.Float64() / y.Float64()), true
	case small(x, y):
		return ratio(x.p*y.den(), x.den()*y.p), true
	}
	return fromBig(new(big.Rat).Quo(x.big(), y.big())), true
}

// Pow returns x to the power k, exact when x is exact and k a whole
// number; ok is false for 0 to a negative power.
func (x Number) Pow(k Number) (Number, bool) {
	n, whole := k.Whole()
	if x.isDec() || !whole || k.isDec() || n > 1024 || n < -1024 {
		v := math.Pow(x.Float64(), k.Float64())
		if x.Float64() == 0 && k.Sign() < 0 {
			return Number{}, false
		}
		return Float(v), true
	}
	if n < 0 {
		inv, ok := Int(1).Div(x)
		if !ok {
			return Number{}, false
		}
		return inv.Pow(Int(-n))
	}
	r := Int(1)
	for i := int64(0); i < n; i++ {
		r = r.Mul(x)
		if r.isDec() {
			return Float(math.Pow(x.Float64(), float64(n))), true
		}
	}
	return r, true
}

// Num returns x as a node.
func (x Number) Num() *Num {
	n := &Num{Val: x.Float64()}
	if x.IsFraction() {
		n.P, n.Q = x.p, x.q
	}
	return n
}

// String returns x as the text format writes it: 3, -1/2, 0.25.
func (x Number) String() string {
	if x.IsFraction() {
		return strconv.FormatInt(x.p, 10) + "/" + strconv.FormatInt(x.q, 10)
	}
	return FormatNum(x.Float64())
}

// Number returns the value of n. A node with Q > 1 is the exact fraction
// P/Q; otherwise its value is Val, exact when Val is a whole number (a
// decimal the user typed, such as 0.5, stays a decimal).
func (n *Num) Number() Number {
	if n.Q > 1 {
		return ratio(n.P, n.Q)
	}
	return Float(n.Val)
}

// Frac returns the exact fraction p/q as a node (a whole number when q
// divides p); q must not be 0.
func Frac(p, q int64) *Num { return Rat(p, q).Num() }

// IsFraction reports whether n is an exact fraction that is not a whole
// number, such as 1/2.
func (n *Num) IsFraction() bool { return n.Q > 1 }
