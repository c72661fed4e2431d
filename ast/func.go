package ast

import "sync"

// Func is a function of the language.
type Func int

// The functions of LANGUAGE.md.
const (
	FnInvalid Func = iota
	FnTr
	FnDet
	FnLogdet
	FnDiag      // diag(A): the diagonal of square A as a column
	FnDiagM     // Diag(v): the diagonal matrix with v on its diagonal
	FnVec       // vec(A)
	FnKron      // kron(A, B)
	FnSum       // sum(A)
	FnNorm      // norm(A), norm2(A): Frobenius norm
	FnNorm1     // norm1(A)
	FnOnes      // ones(n), ones(m, n): the vector or matrix of ones
	FnZeros     // zeros(m, n): the matrix of zeros
	FnComm      // commutation(m, n): the mn x mn permutation with K vec(A) = vec(Aᵀ)
	FnUnvec     // unvec(v, m, n): the m x n matrix whose vec is v
	FnSoftmax   // softmax(A): exp(A) over the sums of its columns
	FnLogsumexp // logsumexp(A): log(sum(exp(A)))
	FnExp       // element-wise functions from here on
	FnLog
	FnSin
	FnCos
	FnTan
	FnArcsin
	FnArccos
	FnArctan
	FnTanh
	FnSqrt
	FnSigmoid
	FnAbs
	FnSign
	FnRelu
	FnStep
	numFuncs
)

// FuncInfo describes a function.
type FuncInfo struct {
	Name  string // name in the text format
	Arity int    // number of arguments
	LaTeX string // LaTeX operator, e.g. `\operatorname{tr}`
	// MinArity is the fewest arguments, for a function that takes a
	// varying number (ones(n), ones(m, n)); 0 means Arity.
	MinArity int
}

var funcTable = [numFuncs]FuncInfo{
	FnInvalid:   {"invalid", 0, "", 0},
	FnTr:        {"tr", 1, `\operatorname{tr}`, 0},
	FnDet:       {"det", 1, `\det`, 0},
	FnLogdet:    {"logdet", 1, `\log\det`, 0},
	FnDiag:      {"diag", 1, `\operatorname{diag}`, 0},
	FnDiagM:     {"Diag", 1, `\operatorname{Diag}`, 0},
	FnVec:       {"vec", 1, `\operatorname{vec}`, 0},
	FnKron:      {"kron", 2, `\otimes`, 0},
	FnSum:       {"sum", 1, `\operatorname{sum}`, 0},
	FnNorm:      {"norm", 1, `\|\cdot\|_F`, 0},
	FnNorm1:     {"norm1", 1, `\|\cdot\|_1`, 0},
	FnOnes:      {"ones", 2, `\mathbf{1}`, 1},
	FnZeros:     {"zeros", 2, `\mathbf{0}`, 0},
	FnComm:      {"commutation", 2, `K`, 0},
	FnUnvec:     {"unvec", 3, `\operatorname{unvec}`, 0},
	FnSoftmax:   {"softmax", 1, `\operatorname{softmax}`, 0},
	FnLogsumexp: {"logsumexp", 1, `\operatorname{logsumexp}`, 0},
	FnExp:       {"exp", 1, `\exp`, 0},
	FnLog:       {"log", 1, `\log`, 0},
	FnSin:       {"sin", 1, `\sin`, 0},
	FnCos:       {"cos", 1, `\cos`, 0},
	FnTan:       {"tan", 1, `\tan`, 0},
	FnArcsin:    {"arcsin", 1, `\arcsin`, 0},
	FnArccos:    {"arccos", 1, `\arccos`, 0},
	FnArctan:    {"arctan", 1, `\arctan`, 0},
	FnTanh:      {"tanh", 1, `\tanh`, 0},
	FnSqrt:      {"sqrt", 1, `\sqrt`, 0},
	FnSigmoid:   {"sigmoid", 1, `\sigma`, 0},
	FnAbs:       {"abs", 1, `\operatorname{abs}`, 0},
	FnSign:      {"sign", 1, `\operatorname{sign}`, 0},
	FnRelu:      {"relu", 1, `\operatorname{relu}`, 0},
	FnStep:      {"step", 1, `\operatorname{step}`, 0},
}

// funcByName returns the functions by name, built on first use (a
// package-level table built at init is work every process start pays).
var funcByName = sync.OnceValue(func() map[string]Func {
	m := map[string]Func{"norm2": FnNorm}
	for f := FnInvalid + 1; f < numFuncs; f++ {
		m[funcTable[f].Name] = f
	}
	return m
})

// Info returns the table entry of f.
func (f Func) Info() FuncInfo {
	if f < 0 || f >= numFuncs {
		return funcTable[FnInvalid]
	}
	return funcTable[f]
}

func (f Func) String() string { return f.Info().Name }

// Elementwise reports whether f applies to each entry on its own.
func (f Func) Elementwise() bool { return f >= FnExp && f < numFuncs }

// FirstSize returns the index of the first argument of f that is a size
// (a whole number, a dimension name or a product of them, as in
// zeros(m*n, 1)) rather than a value, or -1 if f takes values only.
// Every argument from there on is a size.
func (f Func) FirstSize() int {
	switch f {
	case FnOnes, FnZeros, FnComm:
		return 0
	case FnUnvec:
		return 1
	}
	return -1
}

// Arities returns the fewest and the most arguments f takes.
func (f Func) Arities() (lo, hi int) {
	info := f.Info()
	if info.MinArity > 0 {
		return info.MinArity, info.Arity
	}
	return info.Arity, info.Arity
}

// LookupFunc returns the function called name, and whether there is one.
// "norm2" is another name of FnNorm.
func LookupFunc(name string) (Func, bool) {
	f, ok := funcByName()[name]
	return f, ok
}

// FuncNames returns every function name, in table order.
func FuncNames() []string {
	var names []string
	for f := FnInvalid + 1; f < numFuncs; f++ {
		names = append(names, funcTable[f].Name)
	}
	return names
}

// Reserved reports whether name is a function name or another word the
// language keeps for itself (I, eye, where, scalar, symmetric, pi).
func Reserved(name string) bool {
	if _, ok := funcByName()[name]; ok {
		return true
	}
	switch name {
	case "I", "eye", "inv", "where", "scalar", "symmetric", "pi", "π":
		return true
	}
	return false
}
