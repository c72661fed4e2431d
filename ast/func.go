package ast

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
}

var funcTable = [numFuncs]FuncInfo{
	FnInvalid:   {"invalid", 0, ""},
	FnTr:        {"tr", 1, `\operatorname{tr}`},
	FnDet:       {"det", 1, `\det`},
	FnLogdet:    {"logdet", 1, `\log\det`},
	FnDiag:      {"diag", 1, `\operatorname{diag}`},
	FnDiagM:     {"Diag", 1, `\operatorname{Diag}`},
	FnVec:       {"vec", 1, `\operatorname{vec}`},
	FnKron:      {"kron", 2, `\otimes`},
	FnSum:       {"sum", 1, `\operatorname{sum}`},
	FnNorm:      {"norm", 1, `\|\cdot\|_F`},
	FnNorm1:     {"norm1", 1, `\|\cdot\|_1`},
	FnSoftmax:   {"softmax", 1, `\operatorname{softmax}`},
	FnLogsumexp: {"logsumexp", 1, `\operatorname{logsumexp}`},
	FnExp:       {"exp", 1, `\exp`},
	FnLog:       {"log", 1, `\log`},
	FnSin:       {"sin", 1, `\sin`},
	FnCos:       {"cos", 1, `\cos`},
	FnTan:       {"tan", 1, `\tan`},
	FnArcsin:    {"arcsin", 1, `\arcsin`},
	FnArccos:    {"arccos", 1, `\arccos`},
	FnArctan:    {"arctan", 1, `\arctan`},
	FnTanh:      {"tanh", 1, `\tanh`},
	FnSqrt:      {"sqrt", 1, `\sqrt`},
	FnSigmoid:   {"sigmoid", 1, `\sigma`},
	FnAbs:       {"abs", 1, `\operatorname{abs}`},
	FnSign:      {"sign", 1, `\operatorname{sign}`},
	FnRelu:      {"relu", 1, `\operatorname{relu}`},
	FnStep:      {"step", 1, `\operatorname{step}`},
}

var funcByName = func() map[string]Func {
	m := map[string]Func{"norm2": FnNorm}
	for f := FnInvalid + 1; f < numFuncs; f++ {
		m[funcTable[f].Name] = f
	}
	return m
}()

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

// LookupFunc returns the function called name, and whether there is one.
// "norm2" is another name of FnNorm.
func LookupFunc(name string) (Func, bool) {
	f, ok := funcByName[name]
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
	if _, ok := funcByName[name]; ok {
		return true
	}
	switch name {
	case "I", "eye", "inv", "where", "scalar", "symmetric", "pi", "π":
		return true
	}
	return false
}
