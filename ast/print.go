package ast

import (
	"math"
	"strconv"
	"strings"
)

// Format is an output format for expressions.
type Format int

// The formats of LANGUAGE.md.
const (
	FormatText    Format = iota // the input language, ASCII; parses back
	FormatUnicode               // for reading in a terminal
	FormatLaTeX                 // amsmath
)

// Text returns e in the text format: the input language, ASCII only, with
// no redundant parentheses beyond those LANGUAGE.md asks for around mixed
// Hadamard and matrix products. Parsing the result gives e back.
func Text(e Expr) string { return Print(e, FormatText) }

// Unicode returns e for reading in a terminal: ᵀ, ∘, ⊗, ⁻¹.
func Unicode(e Expr) string { return Print(e, FormatUnicode) }

// LaTeX returns e as amsmath LaTeX.
func LaTeX(e Expr) string { return Print(e, FormatLaTeX) }

// Print returns e in format f.
func Print(e Expr, f Format) string {
	p := &printer{f: f}
	p.expr(e, 0)
	return p.b.String()
}

type printer struct {
	f Format
	b strings.Builder
}

// prec returns the precedence level at which e prints.
func (p *printer) prec(e Expr) int {
	switch e := e.(type) {
	case *Num:
		if e.Val < 0 || math.Signbit(e.Val) {
			return PrecNeg
		}
	case *Unary:
		return e.Op.Prec()
	case *Binary:
		return e.Op.Prec()
	case *Call:
		if e.Fun == FnKron && p.f != FormatText {
			return PrecHad
		}
	}
	return PrecAtom
}

func (p *printer) isHadLike(e Expr) bool {
	if b, ok := e.(*Binary); ok {
		return b.Op == OpHad || b.Op == OpHDiv || b.Op == OpDiv
	}
	if c, ok := e.(*Call); ok {
		return c.Fun == FnKron && p.f != FormatText
	}
	return false
}

func (p *printer) w(s string) { p.b.WriteString(s) }

// expr prints e, in parentheses when it binds looser than need.
func (p *printer) expr(e Expr, need int) {
	paren := p.prec(e) < need
	if paren {
		p.open()
	}
	p.node(e)
	if paren {
		p.close()
	}
}

func (p *printer) open() {
	if p.f == FormatLaTeX {
		p.w(`\left(`)
	} else {
		p.w("(")
	}
}

func (p *printer) close() {
	if p.f == FormatLaTeX {
		p.w(`\right)`)
	} else {
		p.w(")")
	}
}

// operand prints an operand of a matrix product: Hadamard products and
// divisions always get parentheses there, whatever the precedence says.
func (p *printer) mulOperand(e Expr, need int) {
	if p.isHadLike(e) {
		p.open()
		p.node(e)
		p.close()
		return
	}
	p.expr(e, need)
}

func (p *printer) node(e Expr) {
	switch e := e.(type) {
	case *Sym:
		p.name(e.Name)
	case *Num:
		p.w(FormatNum(e.Val))
	case *Identity:
		p.w("I")
	case *Unary:
		p.unary(e)
	case *Binary:
		p.binary(e)
	case *Call:
		p.call(e)
	default:
		panic("ast: unknown node")
	}
}

// FormatNum prints a number the shortest way that reads back the same.
func FormatNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (p *printer) name(n string) {
	if p.f == FormatLaTeX {
		p.w(LaTeXName(n))
		return
	}
	p.w(n)
}

var greek = map[string]string{
	"alpha": `\alpha`, "beta": `\beta`, "gamma": `\gamma`, "delta": `\delta`, "epsilon": `\epsilon`,
	"zeta": `\zeta`, "eta": `\eta`, "theta": `\theta`, "iota": `\iota`, "kappa": `\kappa`,
	"lambda": `\lambda`, "mu": `\mu`, "nu": `\nu`, "xi": `\xi`, "pi": `\pi`, "rho": `\rho`,
	"sigma": `\sigma`, "tau": `\tau`, "upsilon": `\upsilon`, "phi": `\phi`, "chi": `\chi`,
	"psi": `\psi`, "omega": `\omega`, "Gamma": `\Gamma`, "Delta": `\Delta`, "Theta": `\Theta`,
	"Lambda": `\Lambda`, "Xi": `\Xi`, "Pi": `\Pi`, "Sigma": `\Sigma`, "Phi": `\Phi`,
	"Psi": `\Psi`, "Omega": `\Omega`,
}

// LaTeXName typesets a name: Greek words become Greek letters, a trailing
// number or an underscore part becomes a subscript (W1 → W_1, w_ij → w_{ij}).
func LaTeXName(n string) string {
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
	if g, ok := greek[base]; ok {
		base = g
	} else if len([]rune(base)) > 1 {
		base = `\mathit{` + base + `}`
	}
	if sub == "" {
		return base
	}
	sub = strings.ReplaceAll(sub, "_", `\_`)
	if len(sub) == 1 {
		return base + "_" + sub
	}
	return base + "_{" + sub + "}"
}

func (p *printer) unary(e *Unary) {
	switch e.Op {
	case OpNeg:
		p.w(e.Op.Info().sym(p.f))
		p.expr(e.X, PrecNeg)
	case OpDiff:
		if p.f == FormatLaTeX {
			p.w(`\mathrm{d}`)
		} else {
			p.w("d")
		}
		if _, ok := e.X.(*Sym); ok {
			p.node(e.X)
		} else {
			p.open()
			p.expr(e.X, 0)
			p.close()
		}
	default: // postfix
		p.postfixOperand(e.X)
		p.w(e.Op.Info().sym(p.f))
	}
}

// postfixOperand prints the operand of a postfix operator. In LaTeX an
// operand that already carries a superscript gets parentheses, since
// X^\top^{2} is a double superscript.
func (p *printer) postfixOperand(x Expr) {
	if p.f == FormatLaTeX && hasSuperscript(x) {
		p.open()
		p.node(x)
		p.close()
		return
	}
	p.expr(x, PrecPostfix)
}

func hasSuperscript(e Expr) bool {
	switch e := e.(type) {
	case *Unary:
		return e.Op == OpTranspose || e.Op == OpInverse
	case *Binary:
		return e.Op == OpPow || e.Op == OpEPow
	}
	return false
}

func (info OpInfo) sym(f Format) string {
	switch f {
	case FormatUnicode:
		return info.Unicode
	case FormatLaTeX:
		return info.LaTeX
	}
	return info.Text
}

func (p *printer) binary(e *Binary) {
	pr := e.Op.Prec()
	switch e.Op {
	case OpMul:
		p.mulOperand(e.X, pr)
		p.w(" ")
		p.mulOperand(e.Y, pr+1)
	case OpPow, OpEPow:
		p.postfixOperand(e.X)
		if p.f == FormatLaTeX {
			if e.Op == OpEPow {
				p.w(`^{\circ ` + p.num(e.Y) + "}")
			} else {
				p.w("^{" + p.num(e.Y) + "}")
			}
			return
		}
		p.w(e.Op.Info().sym(p.f))
		p.w(p.num(e.Y))
	case OpDiv:
		if p.f == FormatLaTeX {
			p.w(`\frac{`)
			p.expr(e.X, 0)
			p.w("}{")
			p.expr(e.Y, 0)
			p.w("}")
			return
		}
		fallthrough
	default:
		p.expr(e.X, pr)
		p.w(e.Op.Info().sym(p.f))
		p.expr(e.Y, pr+1)
	}
}

func (p *printer) num(e Expr) string {
	if n, ok := e.(*Num); ok {
		return FormatNum(n.Val)
	}
	return "(" + Print(e, p.f) + ")"
}

func (p *printer) call(e *Call) {
	if e.Fun == FnKron && p.f != FormatText {
		p.expr(e.Args[0], PrecHad)
		if p.f == FormatLaTeX {
			p.w(` \otimes `)
		} else {
			p.w(" ⊗ ")
		}
		p.expr(e.Args[1], PrecHad+1)
		return
	}
	if p.f == FormatLaTeX {
		p.latexCall(e)
		return
	}
	p.w(e.Fun.Info().Name)
	p.w("(")
	for i, a := range e.Args {
		if i > 0 {
			p.w(", ")
		}
		p.expr(a, 0)
	}
	p.w(")")
}

func (p *printer) latexCall(e *Call) {
	arg := e.Args[0]
	switch e.Fun {
	case FnNorm:
		p.w(`\left\|`)
		p.expr(arg, 0)
		p.w(`\right\|_F`)
	case FnNorm1:
		p.w(`\left\|`)
		p.expr(arg, 0)
		p.w(`\right\|_1`)
	case FnSqrt:
		p.w(`\sqrt{`)
		p.expr(arg, 0)
		p.w("}")
	case FnAbs:
		p.w(`\left|`)
		p.expr(arg, 0)
		p.w(`\right|`)
	default:
		p.w(e.Fun.Info().LaTeX)
		p.open()
		p.expr(arg, 0)
		p.close()
	}
}
