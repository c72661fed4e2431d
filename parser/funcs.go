package parser

import (
	"strings"
	"sync"
	"unicode"

	"github.com/matdiff/matdiff/ast"
)

// lookupFunc returns the function called name. inv is no ast.Func: it
// lowers to the inverse operator, so it reports FnInvalid with true.
func lookupFunc(name string) (ast.Func, bool) {
	if name == "inv" {
		return ast.FnInvalid, true
	}
	return ast.LookupFunc(name)
}

func isLetter(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lo)
}

// A suggestion says what to write instead of an unknown function.
type suggestion struct {
	fn        string // the function meant, or ""
	hint      string // a hint of its own, or ""
	transpose bool   // the function meant is the transpose: write A'
}

// The tables of names are built on first use, when a name needs them,
// rather than at every process start.
var funcTables struct {
	once            sync.Once
	aliases, noSuch map[string]string
	greek           map[string]bool
}

// aliases returns the names other tools give our functions.
func aliases() map[string]string {
	funcTables.once.Do(makeFuncTables)
	return funcTables.aliases
}

// noSuch returns names of functions the language does not have, with
// what to write instead.
func noSuch() map[string]string {
	funcTables.once.Do(makeFuncTables)
	return funcTables.noSuch
}

// greek returns the names of Greek letters: common variable names that
// are close to function names (tau, tan) but mean a product before '('.
func greek() map[string]bool {
	funcTables.once.Do(makeFuncTables)
	return funcTables.greek
}

func makeFuncTables() {
	funcTables.aliases = map[string]string{
		"trace": "tr", "Trace": "tr", "determinant": "det", "Determinant": "det",
		"log_det": "logdet", "logDet": "logdet", "LogDet": "logdet", "logdeterminant": "logdet", "ldet": "logdet",
		"diagonal": "diag", "diagm": "Diag", "diagmat": "Diag", "diag_embed": "Diag", "diagflat": "Diag",
		"ln": "log", "log_e": "log", "sigm": "sigmoid", "logistic": "sigmoid", "expit": "sigmoid",
		"sgn": "sign", "heaviside": "step", "Heaviside": "step", "asin": "arcsin", "acos": "arccos",
		"atan": "arctan", "inverse": "inv", "Inverse": "inv", "kronecker": "kron", "frobenius": "norm",
		"fro": "norm", "vectorize": "vec", "total": "sum", "fabs": "abs",
		"logSumExp": "logsumexp", "LogSumExp": "logsumexp", "log_sum_exp": "logsumexp", "lse": "logsumexp", "soft_max": "softmax",
	}

	funcTables.noSuch = map[string]string{
		"max":    "there is no max; for max(x, 0) write relu(x)",
		"min":    "there is no min; for min(x, 0) write -relu(-x)",
		"mean":   "there is no mean; write sum(x) / n",
		"square": "write A.^2 for the element-wise square, A^2 for the matrix power",
		"sqr":    "write A.^2 for the element-wise square, A^2 for the matrix power",
		"pow":    "write powers with ^ (A^2) or .^ (element-wise)",
		"power":  "write powers with ^ (A^2) or .^ (element-wise)",
		"pinv":   "there is no pseudo-inverse; inv(A) is the inverse",
		"dot":    "write the dot product as x' y",
		"outer":  "write the outer product as x y'",
		"sinh":   "sinh is not built in; write (exp(x) - exp(-x)) / 2",
		"cosh":   "cosh is not built in; write (exp(x) + exp(-x)) / 2",
	}

	greek := map[string]bool{}
	for _, g := range strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi " +
		"omicron pi rho sigma tau upsilon phi chi psi omega") {
		greek[g] = true
		greek[strings.ToUpper(g[:1])+g[1:]] = true
	}
	funcTables.greek = greek
}

// suggestFunc says which function a name written like a call most likely
// means, and whether it looks like a function name at all.
func suggestFunc(name string) (suggestion, bool) {
	switch name {
	case "transpose", "Transpose", "trans":
		return suggestion{transpose: true}, true
	}
	if f, ok := aliases()[name]; ok {
		return suggestion{fn: f}, true
	}
	if h, ok := noSuch()[name]; ok {
		return suggestion{hint: h}, true
	}
	if greek()[name] {
		return suggestion{}, false
	}
	low := strings.ToLower(name)
	if _, ok := lookupFunc(low); ok {
		return suggestion{fn: low}, true
	}
	n := len([]rune(name))
	if n < 3 {
		return suggestion{}, false
	}
	limit := 1
	if n >= 5 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, f := range append(ast.FuncNames(), "inv", "norm2") {
		if d := distance(low, strings.ToLower(f)); d < bestD {
			best, bestD = f, d
		}
	}
	if best == "" {
		return suggestion{}, false
	}
	return suggestion{fn: best}, true
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours count one.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
