package codegen

import "sync"

// A target is how one language writes the operators.
type target struct {
	ops      map[string]string // operator -> template ($1, $2: operands)
	full     string            // a number as a 1 x 1 array
	assign   string            // name = code
	reserved map[string]bool   // words a name cannot be
}

// funcs maps every function of the language to its code in NumPy, PyTorch
// and Go: $1, $2 are the arguments, $R and $C the rows and columns of the
// result. Adding a function is one entry here (and a helper in the
// runtimes below where the target has no call for it). torch.kron views
// its operands, and an n x 1 transpose, contiguous by PyTorch's rule (a
// size-1 stride does not count), fails there: each operand is copied to
// standard strides. The table is built on first use: a process that
// exports no code does not spend its start on it.
var funcs = sync.OnceValue(makeFuncs)

func makeFuncs() map[string][3]string {
	return map[string][3]string{
		"tr":          {"_np.trace($1).reshape(1, 1)", "_torch.trace($1).reshape(1, 1)", "mdTr($1)"},
		"det":         {"_np.linalg.det($1).reshape(1, 1)", "_torch.linalg.det($1).reshape(1, 1)", "mdDet($1)"},
		"logdet":      {"_logdet($1)", "_logdet($1)", "mdLogdet($1)"},
		"diag":        {"_np.diag($1).reshape(-1, 1)", "_torch.diagonal($1).reshape(-1, 1)", "mdDiag($1)"},
		"Diag":        {"_np.diagflat($1)", "_torch.diag($1.reshape(-1))", "mdDiagM($1)"},
		"vec":         {"_vec($1)", "_vec($1)", "mdVec($1)"},
		"unvec":       {"$1.reshape(($C, $R)).T", "$1.reshape(($C, $R)).T", "mdUnvec($1, $R, $C)"},
		"kron":        {"_np.kron($1, $2)", "_torch.kron($1.clone(memory_format=_torch.contiguous_format), $2.clone(memory_format=_torch.contiguous_format))", "mdKron($1, $2)"},
		"sum":         {"_np.sum($1).reshape(1, 1)", "_torch.sum($1).reshape(1, 1)", "mdSum($1)"},
		"norm":        {"_np.linalg.norm($1).reshape(1, 1)", "_torch.linalg.norm($1).reshape(1, 1)", "mdNorm($1)"},
		"norm1":       {"_np.sum(_np.abs($1)).reshape(1, 1)", "_torch.sum(_torch.abs($1)).reshape(1, 1)", "mdNorm1($1)"},
		"ones":        {"_np.ones(($R, $C))", "_torch.ones(($R, $C), dtype=_f64, device=_dev)", "mdOnes($R, $C)"},
		"zeros":       {"_np.zeros(($R, $C))", "_torch.zeros(($R, $C), dtype=_f64, device=_dev)", "mdZeros($R, $C)"},
		"commutation": {"_commutation($1, $2)", "_commutation($1, $2, _dev)", "mdCommutation($1, $2)"},
		"softmax":     {"_softmax($1)", "_torch.softmax($1, dim=0)", "mdSoftmax($1)"},
		"logsumexp":   {"_logsumexp($1)", "_torch.logsumexp($1.reshape(-1), 0).reshape(1, 1)", "mdLogsumexp($1)"},
		"exp":         {"_np.exp($1)", "_torch.exp($1)", "mdApply($1, math.Exp)"},
		"log":         {"_np.log($1)", "_torch.log($1)", "mdApply($1, math.Log)"},
		"sin":         {"_np.sin($1)", "_torch.sin($1)", "mdApply($1, math.Sin)"},
		"cos":         {"_np.cos($1)", "_torch.cos($1)", "mdApply($1, math.Cos)"},
		"tan":         {"_np.tan($1)", "_torch.tan($1)", "mdApply($1, math.Tan)"},
		"arcsin":      {"_np.arcsin($1)", "_torch.arcsin($1)", "mdApply($1, math.Asin)"},
		"arccos":      {"_np.arccos($1)", "_torch.arccos($1)", "mdApply($1, math.Acos)"},
		"arctan":      {"_np.arctan($1)", "_torch.arctan($1)", "mdApply($1, math.Atan)"},
		"tanh":        {"_np.tanh($1)", "_torch.tanh($1)", "mdApply($1, math.Tanh)"},
		"sqrt":        {"_np.sqrt($1)", "_torch.sqrt($1)", "mdApply($1, math.Sqrt)"},
		"sigmoid":     {"_sigmoid($1)", "_torch.sigmoid($1)", "mdApply($1, mdSigmoid)"},
		"abs":         {"_np.abs($1)", "_torch.abs($1)", "mdApply($1, math.Abs)"},
		"sign":        {"_np.sign($1)", "_torch.sign($1)", "mdApply($1, mdSign)"},
		"relu":        {"_np.maximum($1, 0.0)", "_torch.clamp($1, min=0.0)", "mdApply($1, mdRelu)"},
		"step":        {"_np.heaviside($1, 0.0)", "_step($1)", "mdApply($1, mdStep)"},
	}
}

// pyKeywords returns the words of Python a name cannot be.
func pyKeywords() map[string]bool {
	return set("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
		"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
		"in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield")
}

// pyOps returns the operators NumPy and PyTorch share.
func pyOps() map[string]string {
	return map[string]string{
		"neg": "(-$1)", "transpose": "$1.T", "add": "($1 + $2)", "sub": "($1 - $2)", "had": "($1 * $2)",
		"hdiv": "($1 / $2)", "div": "($1 / $2)", "matmul": "($1 @ $2)", "diagl": "($1 * $2)", "diagr": "($1 * $2.T)",
		"epow": "($1 ** $2)", "dimval": "($1 * 1.0)",
	}
}

func pyTarget(ns string, ops map[string]string) *target {
	all := map[string]string{}
	for k, v := range pyOps() {
		all[k] = v
	}
	for k, v := range ops {
		all[k] = v
	}
	return &target{ops: all, full: ops["full"], assign: "%s = %s", reserved: pyKeywords()}
}

// targets are the targets' operators, made on first use: a process that
// exports no code does not spend its start on them.
var targets = sync.OnceValue(func() [Go + 1]*target {
	return [Go + 1]*target{
		NumPy: pyTarget("_np", map[string]string{
			"inv": "_np.linalg.inv($1)", "solvel": "_np.linalg.solve($1, $2)", "solver": "_np.linalg.solve($2.T, $1.T).T",
			"frob": "_np.sum($1 * $2).reshape(1, 1)", "matpow": "_np.linalg.matrix_power($1, $2)", "eye": "_np.eye($1)",
			"full": "_np.full((1, 1), $1)", "fill": "_np.full(($R, $C), $1)",
		}),
		Torch: pyTarget("_torch", map[string]string{
			"inv": "_torch.linalg.inv($1)", "solvel": "_torch.linalg.solve($1, $2)", "solver": "_torch.linalg.solve($2.T, $1.T).T",
			"frob": "_torch.sum($1 * $2).reshape(1, 1)", "matpow": "_torch.linalg.matrix_power($1, $2)",
			"eye": "_torch.eye($1, dtype=_f64, device=_dev)", "full": "_torch.full((1, 1), $1, dtype=_f64, device=_dev)",
			"fill": "(_torch.zeros(($R, $C), dtype=_f64, device=_dev) + $1)",
		}),
		Go: {
			ops: map[string]string{
				"neg": "mdNeg($1)", "transpose": "mdT($1)", "inv": "mdInv($1)", "add": "mdAdd($1, $2)", "sub": "mdSub($1, $2)",
				"had": "mdHad($1, $2)", "hdiv": "mdHDiv($1, $2)", "div": "mdHDiv($1, $2)", "matmul": "mdMul($1, $2)",
				"diagl": "mdDiagL($1, $2)", "diagr": "mdDiagR($1, $2)", "solvel": "mdSolve($1, $2)", "solver": "mdSolveR($1, $2)",
				"frob": "mdFrob($1, $2)", "epow": "mdEPow($1, $2)", "matpow": "mdPow($1, $2)", "eye": "mdEye($1)",
				"dimval": "mdC(float64($1))", "fill": "mdFill($1, $R, $C)",
			},
			full:   "mdC($1)",
			assign: "%s := %s",
			reserved: set("break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
				"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
				"struct", "switch", "type", "var", "mat", "math", "rand", "fmt", "errors", "err", "nil", "true", "false",
				"iota", "len", "cap", "make", "new", "append", "copy", "delete", "panic", "recover", "print", "println",
				"int", "float64", "string", "error", "bool", "byte", "rune", "any", "min", "max", "clear", "close",
				"complex", "real", "imag", "uint64", "main", "init"),
		},
	}
})

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// hasCode reports whether the function called name has code in target t.
func hasCode(name string, t Target) bool {
	c, ok := funcs()[name]
	return ok && c[t] != ""
}
