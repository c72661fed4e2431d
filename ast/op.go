package ast

// Op is an operator of the language.
type Op int

// The operators. Their order is the order of the table below.
const (
	OpInvalid   Op = iota
	OpFrob         // A : B, the Frobenius product
	OpAdd          // A + B
	OpSub          // A - B
	OpNeg          // -A
	OpMul          // A B or A * B, matrix product (a 1 x 1 factor scales)
	OpDiv          // A / s, division by a scalar
	OpHad          // A .* B, Hadamard product
	OpHDiv         // A ./ B, Hadamard division
	OpTranspose    // A'
	OpInverse      // A^-1, inv(A)
	OpPow          // A^k, integer matrix power
	OpEPow         // A.^p, element-wise power
	OpDiff         // dA, the differential (made by rewrites, never parsed)
	numOps
)

// Precedence levels, loosest first, as in LANGUAGE.md.
const (
	PrecFrob    = 1
	PrecAdd     = 2
	PrecNeg     = 3
	PrecMul     = 4
	PrecHad     = 5
	PrecPostfix = 6
	PrecAtom    = 7
)

// OpInfo describes how an operator reads and prints.
type OpInfo struct {
	Name    string // name for debugging and JSON
	Prec    int    // precedence level
	Text    string // symbol in the text format
	Unicode string // symbol in the unicode format
	LaTeX   string // symbol in LaTeX
}

var opTable = [numOps]OpInfo{
	OpInvalid:   {"invalid", 0, "?", "?", "?"},
	OpFrob:      {"frob", PrecFrob, " : ", " : ", " : "},
	OpAdd:       {"add", PrecAdd, " + ", " + ", " + "},
	OpSub:       {"sub", PrecAdd, " - ", " − ", " - "},
	OpNeg:       {"neg", PrecNeg, "-", "−", "-"},
	OpMul:       {"mul", PrecMul, " ", " ", " "},
	OpDiv:       {"div", PrecHad, " / ", " / ", " / "},
	OpHad:       {"hadamard", PrecHad, " .* ", " ∘ ", ` \odot `},
	OpHDiv:      {"hdiv", PrecHad, " ./ ", " ⊘ ", ` \oslash `},
	OpTranspose: {"transpose", PrecPostfix, "'", "ᵀ", `^\top`},
	OpInverse:   {"inverse", PrecPostfix, "^-1", "⁻¹", `^{-1}`},
	OpPow:       {"pow", PrecPostfix, "^", "^", "^"},
	OpEPow:      {"epow", PrecPostfix, ".^", ".^", "^{\\circ "},
	OpDiff:      {"diff", PrecAtom, "d", "d", `\mathrm{d}`},
}

// Info returns the table entry of op.
func (op Op) Info() OpInfo {
	if op < 0 || op >= numOps {
		return opTable[OpInvalid]
	}
	return opTable[op]
}

func (op Op) String() string { return op.Info().Name }

// Prec returns the precedence level of op.
func (op Op) Prec() int { return op.Info().Prec }
