package render

import (
	"html"
	"strconv"
	"strings"
	"sync"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// MathML returns e as presentation MathML (MathML Core, which Chromium
// and Firefox render without any script): one <mrow>, without the <math>
// element around it. It typesets as the LaTeX printer does: juxtaposed
// products, ∘ and ⊘ for the Hadamard product and division, ⊗, fractions,
// Xᵀ and X⁻¹ as superscripts, 𝟏ₙ, 𝟎ₘₓₙ, Iₙ for Diag(ones(n)), K_{m,n}.
func MathML(e ast.Expr) string {
	var m mathml
	m.expr(e, 0)
	return "<mrow>" + m.b.String() + "</mrow>"
}

// MathMLBlock returns e in a <math display="block"> element.
func MathMLBlock(e ast.Expr) string { return mathBlock(MathML(e)) }

func mathBlock(inner string) string {
	return `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">` + inner + `</math>`
}

type mathml struct{ b strings.Builder }

func (m *mathml) w(s string) { m.b.WriteString(s) }

func (m *mathml) capture(f func()) string {
	outer := m.b
	m.b = strings.Builder{}
	f()
	s := m.b.String()
	m.b = outer
	return s
}

// prec is the precedence at which e prints (as in ast's typeset LaTeX).
func (m *mathml) prec(e ast.Expr) int {
	switch e := e.(type) {
	case *ast.Num:
		if e.Val < 0 {
			return ast.PrecNeg
		}
		if e.IsFraction() {
			return ast.PrecPostfix // a fraction delimits itself
		}
	case *ast.Unary:
		if e.Op == ast.OpDiff {
			return ast.PrecAtom
		}
		return e.Op.Prec()
	case *ast.Binary:
		if e.Op == ast.OpDiv {
			return ast.PrecPostfix // a fraction delimits itself
		}
		return e.Op.Prec()
	case *ast.Call:
		if e.Fun == ast.FnKron {
			return ast.PrecHad
		}
	}
	return ast.PrecAtom
}

func (m *mathml) expr(e ast.Expr, need int) {
	if m.prec(e) < need {
		m.paren(func() { m.node(e) })
		return
	}
	m.node(e)
}

func (m *mathml) paren(inner func()) { m.fence("(", ")", inner) }

func (m *mathml) fence(open, close string, inner func()) {
	m.w(`<mrow><mo fence="true" lspace="0" rspace="0">` + open + `</mo>`)
	inner()
	m.w(`<mo fence="true" lspace="0" rspace="0">` + close + `</mo></mrow>`)
}

func (m *mathml) op(s string) { m.w("<mo>" + s + "</mo>") }

func (m *mathml) node(e ast.Expr) {
	switch e := e.(type) {
	case *ast.Sym:
		m.name(e.Name)
	case *ast.Num:
		m.num(e, false)
	case *ast.Identity:
		m.w(`<mi mathvariant="normal">I</mi>`)
	case *ast.Unary:
		m.unary(e)
	case *ast.Binary:
		m.binary(e)
	case *ast.Call:
		m.call(e)
	default:
		m.w("<merror><mtext>?</mtext></merror>")
	}
}

// mathGreek returns the Greek letters by name, built on first use.
func mathGreek() map[string]string {
	mathTables.once.Do(makeMathTables)
	return mathTables.greek
}

// mathFuncNames returns the names MathML gives functions, built on first
// use.
func mathFuncNames() map[ast.Func]string {
	mathTables.once.Do(makeMathTables)
	return mathTables.funcs
}

var mathTables struct {
	once  sync.Once
	greek map[string]string
	funcs map[ast.Func]string
}

func makeMathTables() {
	mathTables.greek = map[string]string{
		"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "zeta": "ζ", "eta": "η",
		"theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
		"rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "chi": "χ", "psi": "ψ", "omega": "ω",
		"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
		"Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	}
	mathTables.funcs = makeMathFuncNames()
}

// name typesets a name as ast.LaTeXName does: Greek words as Greek
// letters, a trailing number or an underscore part as a subscript.
func (m *mathml) name(n string) {
	base, sub := n, ""
	if i := strings.IndexByte(n, '_'); i > 0 {
		base, sub = n[:i], n[i+1:]
	} else {
		j := len(n)
		for j > 0 && n[j-1] >= '0' && n[j-1] <= '9' {
			j--
		}
		if j > 0 && j < len(n) {
			base, sub = n[:j], n[j:]
		}
	}
	mi := "<mi>" + html.EscapeString(base) + "</mi>"
	if g, ok := mathGreek()[base]; ok {
		mi = "<mi>" + g + "</mi>"
	}
	if sub == "" {
		m.w(mi)
		return
	}
	s := "<mi>" + html.EscapeString(sub) + "</mi>"
	if strings.Trim(sub, "0123456789") == "" {
		s = "<mn>" + sub + "</mn>"
	}
	m.w("<msub>" + mi + s + "</msub>")
}

// num prints a number: an exact fraction as <mfrac>, or in a superscript
// (inline) as 1/2 on the line, as a textbook writes x^{-1/2}.
func (m *mathml) num(n *ast.Num, inline bool) {
	x := n.Number()
	p, q, ok := x.Frac()
	if !ok || q == 1 {
		m.number(n.Val)
		return
	}
	m.w("<mrow>")
	if p < 0 {
		m.op("−")
		p = -p
	}
	a, b := "<mn>"+strconv.FormatInt(p, 10)+"</mn>", "<mn>"+strconv.FormatInt(q, 10)+"</mn>"
	if inline {
		m.w(a + `<mo lspace="0" rspace="0">/</mo>` + b)
	} else {
		m.w("<mfrac>" + a + b + "</mfrac>")
	}
	m.w("</mrow>")
}

func (m *mathml) number(v float64) {
	s := ast.FormatNum(v)
	if strings.HasPrefix(s, "-") {
		m.op("−")
		s = s[1:]
	}
	if i := strings.IndexAny(s, "eE"); i > 0 {
		// 1e-08 as 1·10⁻⁸
		mant, exp := s[:i], strings.TrimPrefix(s[i+1:], "+")
		exp = strings.TrimLeft(strings.TrimPrefix(exp, "-"), "0")
		neg := strings.HasPrefix(s[i+1:], "-")
		m.w("<mrow><mn>" + mant + "</mn><mo>·</mo><msup><mn>10</mn><mrow>")
		if neg {
			m.op("−")
		}
		m.w("<mn>" + exp + "</mn></mrow></msup></mrow>")
		return
	}
	m.w("<mn>" + s + "</mn>")
}

// hasSuperscript reports whether e already carries a superscript (or is a
// fraction), so that a postfix operator on it needs parentheses.
func (m *mathml) hasSuperscript(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Unary:
		return e.Op == ast.OpTranspose || e.Op == ast.OpInverse
	case *ast.Binary:
		return e.Op == ast.OpPow || e.Op == ast.OpEPow || e.Op == ast.OpDiv
	case *ast.Num:
		return e.IsFraction() || strings.ContainsAny(ast.FormatNum(e.Val), "eE")
	}
	return false
}

// base prints the base of a superscript.
func (m *mathml) base(x ast.Expr) string {
	return m.capture(func() {
		if m.hasSuperscript(x) || m.prec(x) < ast.PrecPostfix {
			m.paren(func() { m.node(x) })
			return
		}
		m.w("<mrow>")
		m.node(x)
		m.w("</mrow>")
	})
}

func (m *mathml) sup(x ast.Expr, script string) {
	m.w("<msup>" + m.base(x) + "<mrow>" + script + "</mrow></msup>")
}

const (
	mlTop   = "<mo>⊤</mo>"
	mlMinus = "<mo>−</mo>"
)

func (m *mathml) unary(e *ast.Unary) {
	switch e.Op {
	case ast.OpNeg:
		m.op("−")
		m.expr(e.X, ast.PrecNeg)
	case ast.OpDiff:
		m.w(`<mi mathvariant="normal">d</mi>`)
		if _, ok := e.X.(*ast.Sym); ok {
			m.node(e.X)
		} else {
			m.paren(func() { m.expr(e.X, 0) })
		}
	case ast.OpTranspose, ast.OpInverse:
		if u, ok := e.X.(*ast.Unary); ok && (e.Op == ast.OpInverse && u.Op == ast.OpTranspose || e.Op == ast.OpTranspose && u.Op == ast.OpInverse) {
			m.sup(u.X, mlMinus+mlTop)
			return
		}
		if e.Op == ast.OpTranspose {
			m.sup(e.X, mlTop)
		} else {
			m.sup(e.X, mlMinus+"<mn>1</mn>")
		}
	default:
		m.w("<merror><mtext>?</mtext></merror>")
	}
}

func (m *mathml) isHadLike(e ast.Expr) bool {
	if b, ok := e.(*ast.Binary); ok {
		return b.Op == ast.OpHad || b.Op == ast.OpHDiv
	}
	if c, ok := e.(*ast.Call); ok {
		return c.Fun == ast.FnKron
	}
	return false
}

// mulOperand prints an operand of a matrix product: Hadamard products
// and Kronecker products always get parentheses there.
func (m *mathml) mulOperand(e ast.Expr, need int) {
	if m.isHadLike(e) {
		m.paren(func() { m.node(e) })
		return
	}
	m.expr(e, need)
}

func startsWithNumber(s string) bool {
	// A fraction counts: 2 ⁢ ½ would read as the mixed number.
	return strings.HasPrefix(s, "<mn>") || strings.HasPrefix(s, "<mrow><mn>") || strings.HasPrefix(s, "<mrow><mfrac>")
}

func (m *mathml) binary(e *ast.Binary) {
	pr := e.Op.Prec()
	switch e.Op {
	case ast.OpMul:
		m.mulOperand(e.X, pr)
		right := m.capture(func() { m.mulOperand(e.Y, pr+1) })
		if startsWithNumber(right) {
			m.op("·")
		} else {
			m.op("\u2062") // invisible times
		}
		m.w(right)
	case ast.OpPow, ast.OpEPow:
		script := m.capture(func() {
			if n, ok := e.Y.(*ast.Num); ok {
				m.num(n, true)
			} else {
				m.expr(e.Y, 0) // a constant exponent: n/2
			}
		})
		if e.Op == ast.OpEPow {
			script = "<mo>∘</mo>" + script
		}
		m.sup(e.X, script)
	case ast.OpDiv:
		m.w("<mfrac><mrow>")
		m.expr(e.X, 0)
		m.w("</mrow><mrow>")
		m.expr(e.Y, 0)
		m.w("</mrow></mfrac>")
	default:
		sym := map[ast.Op]string{ast.OpFrob: ":", ast.OpAdd: "+", ast.OpSub: "−", ast.OpHad: "∘", ast.OpHDiv: "⊘"}[e.Op]
		if sym == "" {
			sym = "?"
		}
		if e.Op == ast.OpFrob {
			pr = ast.PrecAdd + 1 // a sum beside a colon reads more easily in parentheses
		}
		m.expr(e.X, pr)
		if e.Op == ast.OpFrob {
			m.w(`<mo lspace="0.2778em" rspace="0.2778em">:</mo>`) // spaced as a relation, as in A : B
		} else {
			m.op(sym)
		}
		m.expr(e.Y, pr+1)
	}
}

func makeMathFuncNames() map[ast.Func]string {
	return map[ast.Func]string{
		ast.FnTr: "tr", ast.FnDet: "det", ast.FnDiag: "diag", ast.FnDiagM: "Diag", ast.FnVec: "vec",
		ast.FnSum: "sum", ast.FnExp: "exp", ast.FnLog: "log", ast.FnSin: "sin", ast.FnCos: "cos",
		ast.FnTan: "tan", ast.FnArcsin: "arcsin", ast.FnArccos: "arccos", ast.FnArctan: "arctan",
		ast.FnTanh: "tanh", ast.FnSign: "sign", ast.FnRelu: "relu", ast.FnStep: "step",
	}
}

// size prints a size argument: 3, n, m n.
func (m *mathml) size(e ast.Expr) {
	if b, ok := e.(*ast.Binary); ok && b.Op == ast.OpMul {
		m.size(b.X)
		m.op("\u2062")
		m.size(b.Y)
		return
	}
	m.expr(e, ast.PrecAtom)
}

func (m *mathml) sizes(e *ast.Call, sep string) string {
	var parts []string
	for _, a := range e.Args[e.Fun.FirstSize():] {
		parts = append(parts, m.capture(func() { m.size(a) }))
	}
	return "<mrow>" + strings.Join(parts, "<mo>"+sep+"</mo>") + "</mrow>"
}

func (m *mathml) call(e *ast.Call) {
	if len(e.Args) == 0 {
		m.w("<mi>" + html.EscapeString(e.Fun.Info().Name) + "</mi>")
		return
	}
	arg := e.Args[0]
	switch e.Fun {
	case ast.FnDiagM:
		if o, ok := arg.(*ast.Call); ok && o.Fun == ast.FnOnes && len(o.Args) == 1 {
			m.w(`<msub><mi mathvariant="normal">I</mi>` + m.sizes(o, ",") + "</msub>")
			return
		}
	case ast.FnKron:
		if len(e.Args) == 2 {
			m.expr(e.Args[0], ast.PrecHad)
			m.op("⊗")
			m.expr(e.Args[1], ast.PrecHad+1)
			return
		}
	case ast.FnOnes:
		m.w("<msub><mn>𝟏</mn>" + m.sizes(e, "×") + "</msub>")
		return
	case ast.FnZeros:
		m.w("<msub><mn>𝟎</mn>" + m.sizes(e, "×") + "</msub>")
		return
	case ast.FnComm:
		m.w("<msub><mi>K</mi>" + m.sizes(e, ",") + "</msub>")
		return
	case ast.FnUnvec:
		if len(e.Args) == 3 {
			m.w(`<msub><mi>unvec</mi>` + m.sizes(e, "×") + "</msub>")
			m.op("\u2061")
			m.paren(func() { m.expr(arg, 0) })
			return
		}
	case ast.FnNorm, ast.FnNorm1:
		sub := "<mi>F</mi>"
		if e.Fun == ast.FnNorm1 {
			sub = "<mn>1</mn>"
		}
		inner := m.capture(func() { m.fence("‖", "‖", func() { m.expr(arg, 0) }) })
		m.w("<msub>" + inner + sub + "</msub>")
		return
	case ast.FnAbs:
		m.fence("|", "|", func() { m.expr(arg, 0) })
		return
	case ast.FnSqrt:
		m.w("<msqrt>")
		m.expr(arg, 0)
		m.w("</msqrt>")
		return
	case ast.FnLogdet:
		m.w("<mi>log</mi><mo>\u2061</mo><mi>det</mi>")
		m.op("\u2061")
		m.paren(func() { m.expr(arg, 0) })
		return
	case ast.FnSigmoid:
		m.w("<mi>σ</mi>")
		m.paren(func() { m.expr(arg, 0) })
		return
	}
	name, ok := mathFuncNames()[e.Fun]
	if !ok {
		name = e.Fun.Info().Name
	}
	m.w("<mi>" + html.EscapeString(name) + "</mi>")
	m.op("\u2061") // function application
	m.paren(func() {
		for i, a := range e.Args {
			if i > 0 {
				m.op(",")
			}
			if ast.IsSizeArg(e, i) {
				m.size(a)
				continue
			}
			m.expr(a, 0)
		}
	})
}

// MathMLStep is one step of a derivation in MathML.
type MathMLStep struct {
	Left  string       `json:"left"`  // MathML of what the expression equals ("df"), or "" when the step continues the equation above
	Expr  string       `json:"expr"`  // MathML of the expression after the step
	Kind  string       `json:"kind"`  // as in JSONStep
	Rules []MathMLRule `json:"rules"` // the identities the step used, first the one it applied
}

// MathMLRule is an identity beside a step: its name and formula (unicode).
type MathMLRule struct {
	Name  string `json:"name"`
	Title string `json:"title"` // what a reader calls it: "product rule"
	Text  string `json:"text"`
}

// MathMLName is a named part of a result: Name = Expr, both MathML.
type MathMLName struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// MathMLDerivation is a derivation typeset in MathML, for the web page:
// every field that holds math is a whole <math> element.
type MathMLDerivation struct {
	What   string            `json:"what"`
	Wrt    string            `json:"wrt"`
	F      string            `json:"f"`      // f = the expression (for a Hessian, g = the gradient)
	FLeft  string            `json:"f_left"` // the same in two parts: "f =" ...
	FExpr  string            `json:"f_expr"` // ... and the expression
	Steps  []MathMLStep      `json:"steps"`  // one per step
	Names  []MathMLName      `json:"names,omitempty"`
	Result string            `json:"result"` // ∂f/∂X = the result (written with the names)
	Whole  string            `json:"whole"`  // the result whole, without the names
	Shape  string            `json:"shape"`
	Grad   *MathMLDerivation `json:"gradient,omitempty"` // for a Hessian: the derivation of the gradient
}

// ToMathML typesets d in MathML: the expression, each step with the
// identities beside it, the named parts (unless o.NoNames) and the
// result with its shape.
func ToMathML(d *rewrite.Derivation) MathMLDerivation { return toMathML(d, Options{}) }

// ToMathMLWith is ToMathML with options (NoNames keeps the result whole).
func ToMathMLWith(d *rewrite.Derivation, o Options) MathMLDerivation { return toMathML(d, o) }

func toMathML(d *rewrite.Derivation, o Options) MathMLDerivation {
	name := funcName(d)
	nameML := func(n string) string { var m mathml; m.name(n); return m.b.String() }
	j := MathMLDerivation{What: whatName(d.What), Wrt: d.Wrt, Shape: d.Shape.String(), Steps: []MathMLStep{}}
	f, fn := d.F, name
	if d.What == rewrite.Hessian {
		f, fn = d.Of, "g"
	}
	j.F = mathBlock("<mrow>" + nameML(fn) + "<mo>=</mo>" + MathML(f) + "</mrow>")
	j.FLeft, j.FExpr = mathBlock("<mrow>"+nameML(fn)+"<mo>=</mo></mrow>"), mathBlock(MathML(f))
	prev := ""
	for _, s := range d.Steps {
		left := lhs(s, name, ast.FormatText)
		if s.Kind != rewrite.KindRewrite && s.Kind != rewrite.KindDifferential {
			left = prev
		}
		shown := left
		if left == prev {
			shown = ""
		}
		prev = left
		st := MathMLStep{Expr: mathBlock(MathML(s.Expr)), Kind: kindName(s.Kind), Rules: []MathMLRule{}}
		if shown != "" {
			st.Left = mathBlock(leftML(shown))
		}
		for _, r := range s.Rules() {
			st.Rules = append(st.Rules, MathMLRule{r.Name, r.Title, r.Text})
		}
		j.Steps = append(j.Steps, st)
	}
	if d.What != rewrite.Differential {
		defs, result := named(d, o)
		for _, def := range defs {
			j.Names = append(j.Names, MathMLName{def.Name, mathBlock("<mrow>" + nameML(def.Name) + "<mo>=</mo>" + MathML(def.Expr) + "</mrow>")})
		}
		j.Result = mathBlock("<mrow>" + partialML(d) + "<mo>=</mo>" + MathML(result) + "</mrow>")
		j.Whole = mathBlock(MathML(d.Result))
	} else {
		j.Whole = mathBlock(MathML(d.Result))
	}
	if d.What == rewrite.Hessian && d.Grad != nil {
		g := toMathML(d.Grad, o)
		j.Grad = &g
	}
	return j
}

// leftML typesets the left side of a step: f, df, dvec(Y).
func leftML(s string) string {
	var m mathml
	if strings.HasPrefix(s, "dvec(") && strings.HasSuffix(s, ")") {
		return `<mrow><mi mathvariant="normal">d</mi><mi>vec</mi><mo>&#x2061;</mo>` +
			m.capture(func() { m.paren(func() { m.name(s[5 : len(s)-1]) }) }) + "<mo>=</mo></mrow>"
	}
	if strings.HasPrefix(s, "d") && len(s) > 1 {
		return `<mrow><mi mathvariant="normal">d</mi>` + m.capture(func() { m.name(s[1:]) }) + "<mo>=</mo></mrow>"
	}
	return "<mrow>" + m.capture(func() { m.name(s) }) + "<mo>=</mo></mrow>"
}

// partialML is the left side of the result: ∂f/∂X, ∂²f/∂x∂xᵀ,
// ∂vec Y/∂vec X.
func partialML(d *rewrite.Derivation) string {
	var m mathml
	n := func(s string) string { return m.capture(func() { m.name(s) }) }
	name, wrt := funcName(d), d.Wrt
	frac := func(num, den string) string { return "<mfrac><mrow>" + num + "</mrow><mrow>" + den + "</mrow></mfrac>" }
	switch d.What {
	case rewrite.Hessian:
		first := wrt
		if d.Grad != nil {
			first = d.Grad.Wrt
		}
		return frac("<msup><mo>∂</mo><mn>2</mn></msup>"+n(FuncName),
			"<mo>∂</mo>"+n(first)+"<mo>∂</mo><msup>"+n(wrt)+mlTop+"</msup>")
	case rewrite.VecJacobian:
		return frac("<mo>∂</mo><mi>vec</mi><mo>&#x2061;</mo>"+n(name), "<mo>∂</mo><mi>vec</mi><mo>&#x2061;</mo>"+n(wrt))
	}
	return frac("<mo>∂</mo>"+n(name), "<mo>∂</mo>"+n(wrt))
}
