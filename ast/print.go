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
func Print(e Expr, f Format) string { return PrintWith(e, f) }

// TextPrefix returns the start of Text(e), at least n bytes of it when
// the text is that long, and whether that is the whole text. The printer
// stops there, so the start of a large expression costs little.
func TextPrefix(e Expr, n int) (string, bool) {
	p := &printer{f: FormatText, limit: n}
	whole := true
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stopPrinting); !ok {
					panic(r)
				}
				whole = false
			}
		}()
		p.expr(e, 0)
	}()
	return stripBreaks(p.b.String()), whole
}

// stopPrinting ends a printer that has printed its limit.
type stopPrinting struct{}

// PrintWith returns e in format f, printed as the options say.
func PrintWith(e Expr, f Format, opts ...Option) string {
	p := &printer{f: f}
	for _, o := range opts {
		o(p)
	}
	p.expr(e, 0)
	s := p.b.String()
	if p.marks {
		return s
	}
	return stripBreaks(s)
}

type printer struct {
	f Format
	b strings.Builder

	typeset bool              // LaTeX as typeset by hand; unicode with superscript powers
	mathsf  bool              // LaTeX transpose ^{\mathsf{T}}
	bold    func(string) bool // LaTeX: names typeset in bold
	marks   bool              // keep the break marks (see LaTeXLines)
	level   int               // LaTeX typeset: nesting of the delimiters printed so far
	tall    bool              // LaTeX typeset: a fraction or root printed so far
	groups  int               // delimiters open where the printer stands
	scalar  func(Expr) bool   // which products are scalars (Scalars), or nil
	limit   int               // stop before printing more once this many bytes are printed (TextPrefix); 0 for none
}

// prec returns the precedence level at which e prints.
func (p *printer) prec(e Expr) int {
	switch e := e.(type) {
	case *Num:
		if e.Val < 0 || math.Signbit(e.Val) {
			return PrecNeg
		}
		if e.IsFraction() {
			if p.f == FormatLaTeX || p.f == FormatUnicode && p.typeset {
				return PrecPostfix // \frac and ½ delimit themselves
			}
			return PrecHad // 1/2 reads as a division
		}
	case *Unary:
		return e.Op.Prec()
	case *Binary:
		if p.isFrac(e) {
			return PrecPostfix // \frac delimits itself, except under a superscript
		}
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

func (p *printer) w(s string) {
	if p.limit > 0 && p.b.Len() >= p.limit {
		panic(stopPrinting{}) // more to print than the limit
	}
	p.b.WriteString(s)
}

// expr prints e, in parentheses when it binds looser than need.
func (p *printer) expr(e Expr, need int) {
	if p.prec(e) < need {
		p.paren(func() { p.node(e) })
		return
	}
	p.node(e)
}

// paren prints what inner prints, in parentheses.
func (p *printer) paren(inner func()) {
	p.delims("(", ")", inner)
}

// delims prints what inner prints between the delimiters open and close.
// Plain LaTeX sizes every pair with \left and \right; typeset LaTeX keeps
// them plain unless what is inside calls for more: \bigl and \Bigl
// around nested groups, \left and \right around a fraction or a root.
func (p *printer) delims(open, close string, inner func()) {
	p.groups++
	defer func() { p.groups-- }()
	if p.marks {
		p.w(string(rune(groupOpen)))
		defer p.w(string(rune(groupClose)))
	}
	if p.f != FormatLaTeX {
		p.w(open)
		inner()
		p.w(close)
		return
	}
	if !p.typeset {
		p.w(`\left` + open)
		inner()
		p.w(`\right` + close)
		return
	}
	outer, level, tall := p.b, p.level, p.tall
	p.b, p.level, p.tall = strings.Builder{}, 0, false
	inner()
	in := p.b.String()
	p.b = outer
	switch {
	case p.tall:
		p.w(`\left` + open + in + `\right` + close)
	case p.level == 0:
		p.w(open + in + close)
	case p.level == 1:
		p.w(`\bigl` + open + in + `\bigr` + close)
	default:
		p.w(`\Bigl` + open + in + `\Bigr` + close)
	}
	p.level = max(level, p.level+1)
	p.tall = tall || p.tall
}

// leftMulOperand prints the left operand of the product e: in
// parentheses when it is a scalar product of matrices, such as xᵀAy, and
// e is not (Scalars); a product of scalars (2α) needs none.
func (p *printer) leftMulOperand(e *Binary, pr int) {
	if l, ok := e.X.(*Binary); ok && l.Op == OpMul && p.scalar != nil && p.scalar(l) && !p.scalar(l.Y) && !p.scalar(e) {
		p.paren(func() { p.node(l) })
		return
	}
	p.mulOperand(e.X, pr)
}

// mulOperand prints an operand of a matrix product: Hadamard products and
// divisions always get parentheses there, whatever the precedence says
// (typeset LaTeX leaves a fraction alone: it needs none).
func (p *printer) mulOperand(e Expr, need int) {
	if p.isHadLike(e) && !p.isFrac(e) {
		p.paren(func() { p.node(e) })
		return
	}
	p.expr(e, need)
}

// isFrac reports whether e prints as \frac in typeset LaTeX.
func (p *printer) isFrac(e Expr) bool {
	b, ok := e.(*Binary)
	return ok && b.Op == OpDiv && p.f == FormatLaTeX && p.typeset
}

func (p *printer) node(e Expr) {
	switch e := e.(type) {
	case *Sym:
		p.name(e.Name)
	case *Num:
		p.number(e)
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

// number prints n: an exact fraction as 1/2 (\frac{1}{2} in LaTeX), a
// decimal the shortest way that reads back the same; typeset LaTeX
// writes 1e-08 as 10^{-8}.
func (p *printer) number(n *Num) {
	if x := n.Number(); x.IsFraction() {
		num, den, _ := x.Frac()
		if num < 0 {
			p.w("-")
			num = -num
		}
		switch {
		case p.f == FormatLaTeX:
			p.w(`\frac{` + strconv.FormatInt(num, 10) + "}{" + strconv.FormatInt(den, 10) + "}")
			p.tall = true
		case p.f == FormatUnicode && p.typeset:
			p.w(vulgar(num, den))
		default:
			p.w(strconv.FormatInt(num, 10) + "/" + strconv.FormatInt(den, 10))
		}
		return
	}
	s := FormatNum(n.Val)
	if p.f == FormatLaTeX && p.typeset {
		if m, x, ok := strings.Cut(s, "e"); ok {
			k, _ := strconv.Atoi(x)
			s = "10^{" + strconv.Itoa(k) + "}"
			if m != "1" {
				s = m + ` \cdot ` + s
			}
		}
	}
	p.w(s)
}

// vulgarFraction returns the character unicode has for the fraction
// num/den, if there is one.
func vulgarFraction(num, den int64) (string, bool) {
	switch [2]int64{num, den} {
	case [2]int64{1, 2}:
		return "½", true
	case [2]int64{1, 3}:
		return "⅓", true
	case [2]int64{2, 3}:
		return "⅔", true
	case [2]int64{1, 4}:
		return "¼", true
	case [2]int64{3, 4}:
		return "¾", true
	case [2]int64{1, 5}:
		return "⅕", true
	case [2]int64{2, 5}:
		return "⅖", true
	case [2]int64{3, 5}:
		return "⅗", true
	case [2]int64{4, 5}:
		return "⅘", true
	case [2]int64{1, 6}:
		return "⅙", true
	case [2]int64{5, 6}:
		return "⅚", true
	case [2]int64{1, 7}:
		return "⅐", true
	case [2]int64{1, 8}:
		return "⅛", true
	case [2]int64{3, 8}:
		return "⅜", true
	case [2]int64{5, 8}:
		return "⅝", true
	case [2]int64{7, 8}:
		return "⅞", true
	case [2]int64{1, 9}:
		return "⅑", true
	case [2]int64{1, 10}:
		return "⅒", true
	}
	return "", false
}

// vulgar writes the positive fraction num/den for typeset unicode: ½, or
// with superscript and subscript digits around the fraction slash, ⁵⁄₁₂.
func vulgar(num, den int64) string {
	if s, ok := vulgarFraction(num, den); ok {
		return s
	}
	const digits, sub = "0123456789", "₀₁₂₃₄₅₆₇₈₉"
	subs := []rune(sub)
	var b strings.Builder
	for _, c := range strconv.FormatInt(num, 10) {
		b.WriteRune(superDigit(c))
	}
	b.WriteString("⁄")
	for _, c := range strconv.FormatInt(den, 10) {
		b.WriteRune(subs[strings.IndexRune(digits, c)])
	}
	return b.String()
}

func (p *printer) name(n string) {
	if n == "pi" && p.f == FormatUnicode {
		p.w("π")
		return
	}
	if p.f == FormatLaTeX {
		p.w(latexName(n, p.bold != nil && p.bold(n)))
		return
	}
	p.w(n)
}

// greekLaTeX returns the LaTeX of a Greek letter's name.
func greekLaTeX(name string) (string, bool) {
	switch name {
	case "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
		"lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
		"psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi",
		"Psi", "Omega":
		return `\` + name, true
	}
	return "", false
}

// LaTeXName typesets a name: Greek words become Greek letters, a trailing
// number or an underscore part becomes a subscript (W1 → W_1, w_ij → w_{ij}).
func LaTeXName(n string) string { return latexName(n, false) }

// latexName typesets a name, in bold if bold is set: \mathbf for Latin
// letters, \boldsymbol for Greek ones.
func latexName(n string, bold bool) string {
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
	if g, ok := greekLaTeX(base); ok {
		base = g
		if bold {
			base = `\boldsymbol{` + base + `}`
		}
	} else if bold {
		base = `\mathbf{` + base + `}`
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
		// dX for a name, unless "dX" would read as a word of the
		// language (d of et is not det): then d(X), as for an expression.
		if s, ok := e.X.(*Sym); ok && (p.f == FormatLaTeX || !Reserved("d"+s.Name)) {
			p.node(e.X)
		} else {
			p.paren(func() { p.expr(e.X, 0) })
		}
	default: // postfix
		if x, ok := p.inverseTranspose(e); ok {
			p.postfixOperand(x)
			switch {
			case p.f == FormatText:
				p.w("^-T")
			case p.f == FormatUnicode:
				p.w("⁻ᵀ")
			case p.mathsf:
				p.w(`^{-\mathsf{T}}`)
			default:
				p.w(`^{-\top}`)
			}
			return
		}
		if _, ok := e.X.(*Num); ok && e.Op == OpTranspose && p.f != FormatLaTeX {
			// 2' reads as a mistake (the language refuses it); (2)' is a
			// transposed number still.
			p.paren(func() { p.node(e.X) })
		} else {
			p.postfixOperand(e.X)
		}
		if e.Op == OpTranspose && p.f == FormatLaTeX && p.mathsf {
			p.w(`^{\mathsf{T}}`)
			return
		}
		p.w(e.Op.Info().sym(p.f))
	}
}

// inverseTranspose returns X when e is the inverse of Xᵀ, the form the
// engine keeps an inverse transpose in, which every format writes as one
// operator: X^-T, X⁻ᵀ, X^{-\top}. The typeset formats write the
// transpose of X⁻¹ so too; the text format writes it X^-1', so that it
// parses back to what it is.
func (p *printer) inverseTranspose(e *Unary) (Expr, bool) {
	u, ok := e.X.(*Unary)
	switch {
	case !ok:
		return nil, false
	case e.Op == OpInverse && u.Op == OpTranspose:
		return u.X, true
	case e.Op == OpTranspose && u.Op == OpInverse && p.typeset && p.f != FormatText:
		return u.X, true
	}
	return nil, false
}

// postfixOperand prints the operand of a postfix operator. In LaTeX an
// operand that already carries a superscript gets parentheses, since
// X^\top^{2} is a double superscript; typeset unicode does the same.
func (p *printer) postfixOperand(x Expr) {
	if (p.f == FormatLaTeX || p.f == FormatUnicode && p.typeset) && p.hasSuperscript(x) {
		p.paren(func() { p.node(x) })
		return
	}
	p.expr(x, PrecPostfix)
}

func (p *printer) hasSuperscript(e Expr) bool {
	switch e := e.(type) {
	case *Unary:
		return e.Op == OpTranspose || e.Op == OpInverse
	case *Binary:
		return e.Op == OpPow || e.Op == OpEPow || p.isFrac(e)
	case *Num:
		return p.f == FormatLaTeX && (e.IsFraction() || p.typeset && strings.Contains(FormatNum(e.Val), "e"))
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

// breakMark, followed by one digit, marks a place where a long line of
// LaTeX may break: before a +, - or : (the digit is twice the depth in
// parentheses), or before a Hadamard product or division (one more).
const breakMark = '\x00'

// groupOpen and groupClose mark where a group in delimiters starts and
// ends, for LaTeXLines: a line breaks inside a group only when the group
// is too wide for a line.
const (
	groupOpen  = '\x01'
	groupClose = '\x02'
)

func (p *printer) binary(e *Binary) {
	pr := e.Op.Prec()
	switch e.Op {
	case OpMul:
		if p.f == FormatLaTeX && p.typeset {
			p.typesetMul(e)
			return
		}
		p.leftMulOperand(e, pr)
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
		if sup, ok := p.superscript(e.Y); ok {
			if e.Op == OpEPow {
				p.w("∘")
			}
			p.w(sup)
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
			p.tall = true
			return
		}
		if literalQuotient(e) {
			// 2 / 3 would read back as the number 2/3: the divisor
			// goes in parentheses, which keep the division.
			p.expr(e.X, pr)
			p.w(e.Op.Info().sym(p.f))
			p.paren(func() { p.node(e.Y) })
			return
		}
		fallthrough
	default:
		if e.Op == OpFrob && p.f == FormatLaTeX && p.typeset {
			// A sum beside a colon reads more easily in parentheses.
			pr = PrecAdd + 1
		}
		p.expr(e.X, pr)
		if p.marks && (e.Op == OpFrob || e.Op == OpAdd || e.Op == OpSub) {
			p.w(string(rune(breakMark)) + strconv.Itoa(min(2*p.groups, 9)))
		} else if p.marks && (e.Op == OpHad || e.Op == OpHDiv) {
			p.w(string(rune(breakMark)) + strconv.Itoa(min(2*p.groups+1, 9)))
		}
		p.w(e.Op.Info().sym(p.f))
		p.expr(e.Y, pr+1)
	}
}

// literalQuotient reports whether the division e is of two exact numbers
// that the parser would fold into one if they were written a / b: a
// non-negative whole number or fraction over a positive whole number.
func literalQuotient(e *Binary) bool {
	x, ok1 := e.X.(*Num)
	y, ok2 := e.Y.(*Num)
	if !ok1 || !ok2 {
		return false
	}
	a, b := x.Number(), y.Number()
	_, whole := b.Whole()
	return a.Exact() && a.Sign() >= 0 && !math.Signbit(x.Val) && b.Exact() && whole && b.Sign() > 0
}

// typesetMul prints a matrix product the way it is typeset: juxtaposed,
// with a thin space next to a differential (A\,\mathrm{d}X\,C) and a dot
// between two numbers.
func (p *printer) typesetMul(e *Binary) {
	pr := e.Op.Prec()
	p.leftMulOperand(e, pr)
	right := p.capture(func() { p.mulOperand(e.Y, pr+1) })
	switch {
	case endsWithDiff(e.X) || strings.HasPrefix(right, `\mathrm{d}`):
		p.w(`\,`)
	case right != "" && right[0] >= '0' && right[0] <= '9',
		strings.HasPrefix(right, `\frac{`) && endsWithDigit(p.b.String()):
		// 2 \cdot 3; and 2 \cdot \frac{1}{2}, which juxtaposed would read
		// as the mixed number 2½.
		p.w(` \cdot `)
	default:
		p.w(" ")
	}
	p.w(right)
}

// endsWithDigit reports whether s ends with a digit.
func endsWithDigit(s string) bool { return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9' }

// endsWithDiff reports whether the product e ends with a differential.
func endsWithDiff(e Expr) bool {
	for {
		switch x := e.(type) {
		case *Unary:
			return x.Op == OpDiff
		case *Binary:
			if x.Op != OpMul {
				return false
			}
			e = x.Y
		default:
			return false
		}
	}
}

// capture returns what inner prints instead of printing it.
func (p *printer) capture(inner func()) string {
	outer := p.b
	p.b = strings.Builder{}
	inner()
	s := p.b.String()
	p.b = outer
	return s
}

// superDigit returns c, a digit or a minus, in superscript.
func superDigit(c rune) rune {
	switch {
	case c == '-':
		return '⁻'
	case c == '1':
		return '¹'
	case c == '2':
		return '²'
	case c == '3':
		return '³'
	case '0' <= c && c <= '9':
		return '⁰' + (c - '0') // ⁰ and ⁴ to ⁹ are U+2070, U+2074 to U+2079
	}
	return 0
}

// superscript returns a small integer power in superscript digits, for
// typeset unicode.
func (p *printer) superscript(e Expr) (string, bool) {
	n, ok := e.(*Num)
	if !ok || !p.typeset || p.f != FormatUnicode || n.Val != math.Trunc(n.Val) || math.Abs(n.Val) > 999 {
		return "", false
	}
	var b strings.Builder
	for _, c := range FormatNum(n.Val) {
		b.WriteRune(superDigit(c))
	}
	return b.String(), true
}

// num prints an exponent. A fraction stands as -1/2 in a LaTeX
// superscript, and in parentheses in the other formats: x.^(-1/2).
func (p *printer) num(e Expr) string {
	if n, ok := e.(*Num); ok {
		s := n.Number().String()
		if n.IsFraction() && p.f != FormatLaTeX {
			if p.typeset {
				s = p.capture(func() { p.number(n) }) // -½
			}
			return "(" + s + ")"
		}
		return s
	}
	if p.f == FormatLaTeX {
		if m, ok := e.(*Binary); ok && m.Op == OpMul {
			// (2\pi)^{n/2}, not ^{\frac{1}{2} n}: a fraction of a name in
			// a superscript stands on the line, as a textbook writes it.
			k, ok1 := m.X.(*Num)
			y, ok2 := m.Y.(*Sym)
			if ok1 && ok2 && k.IsFraction() && k.Val > 0 {
				num, den, _ := k.Number().Frac()
				s := Print(y, p.f) + "/" + strconv.FormatInt(den, 10)
				if num != 1 {
					s = strconv.FormatInt(num, 10) + s
				}
				return s
			}
		}
		return Print(e, p.f) // the braces of the superscript group it
	}
	if p.typeset {
		return "(" + PrintWith(e, p.f, Typeset()) + ")"
	}
	return "(" + Print(e, p.f) + ")"
}

func (p *printer) call(e *Call) {
	if p.sizedIdentity(e) {
		return
	}
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
	if e.Fun.FirstSize() >= 0 && p.sizedCall(e) {
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
		if IsSizeArg(e, i) {
			p.size(a)
			continue
		}
		p.expr(a, 0)
	}
	p.w(")")
}

// size prints a size argument: 3, n, m*n.
func (p *printer) size(e Expr) {
	if b, ok := e.(*Binary); ok && b.Op == OpMul {
		p.size(b.X)
		if p.f == FormatLaTeX {
			p.w(" ")
		} else {
			p.w("*")
		}
		if y, ok := b.Y.(*Binary); ok && y.Op == OpMul && p.f != FormatLaTeX {
			// * groups to the left: m*(n*k) keeps its parentheses, so
			// that the text reads back as the same tree.
			p.paren(func() { p.size(b.Y) })
			return
		}
		p.size(b.Y)
		return
	}
	if b, ok := e.(*Binary); ok {
		p.paren(func() { p.expr(b, 0) })
		return
	}
	p.expr(e, PrecAtom)
}

// sizedCall prints ones, zeros, commutation and unvec in unicode (𝟏ₙ,
// 0ₘₓₙ, Kₘ,ₙ, where the sizes have subscript letters) and LaTeX
// (\mathbf{1}_n, \mathbf{0}_{m \times n}, K_{m,n}). It reports false for
// the text format, and for unicode sizes without subscript letters: those
// print as calls.
func (p *printer) sizedCall(e *Call) bool {
	sizes := e.Args[e.Fun.FirstSize():]
	switch p.f {
	case FormatLaTeX:
		sub := func(sep string) string {
			var parts []string
			for _, a := range sizes {
				parts = append(parts, p.capture(func() { p.size(a) }))
			}
			return "_{" + strings.Join(parts, sep) + "}"
		}
		switch e.Fun {
		case FnOnes:
			p.w(`\mathbf{1}` + sub(` \times `))
		case FnZeros:
			p.w(`\mathbf{0}` + sub(` \times `))
		case FnComm:
			p.w(`K` + sub(","))
		case FnUnvec:
			p.w(`\operatorname{unvec}` + sub(` \times `))
			p.paren(func() { p.expr(e.Args[0], 0) })
		}
		return true
	case FormatUnicode:
		var parts []string
		for _, a := range sizes {
			q := &printer{f: FormatText}
			q.size(a)
			t, ok := subscript(q.b.String())
			if !ok {
				return false
			}
			parts = append(parts, t)
		}
		switch e.Fun {
		case FnOnes:
			p.w("𝟏" + strings.Join(parts, "ₓ"))
		case FnZeros:
			p.w("0" + strings.Join(parts, "ₓ"))
		case FnComm:
			p.w("K" + strings.Join(parts, ","))
		default:
			return false
		}
		return true
	}
	return false
}

// sizedIdentity prints Diag(ones(n)), the identity of size n, as Iₙ in
// unicode (where n has subscript letters) and I_{n} in LaTeX.
func (p *printer) sizedIdentity(e *Call) bool {
	if e.Fun != FnDiagM || p.f == FormatText {
		return false
	}
	o, ok := e.Args[0].(*Call)
	if !ok || o.Fun != FnOnes || len(o.Args) != 1 {
		return false
	}
	q := &printer{f: FormatText}
	q.size(o.Args[0])
	if p.f == FormatLaTeX {
		p.w(`I_{` + p.capture(func() { p.size(o.Args[0]) }) + `}`)
		return true
	}
	sub, ok := subscript(q.b.String())
	if !ok {
		return false
	}
	p.w("I" + sub)
	return true
}

// subscript writes s in subscript letters, if they all have one.
func subscript(s string) (string, bool) {
	const from, to = "0123456789aehijklmnoprstuv*", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥ·"
	tos := []rune(to)
	var b strings.Builder
	for _, r := range s {
		i := strings.IndexRune(from, r)
		if i < 0 {
			return "", false
		}
		b.WriteRune(tos[i])
	}
	return b.String(), true
}

func (p *printer) latexCall(e *Call) {
	arg := e.Args[0]
	switch e.Fun {
	case FnNorm:
		p.delims(`\|`, `\|`, func() { p.expr(arg, 0) })
		p.w(`_F`)
	case FnNorm1:
		p.delims(`\|`, `\|`, func() { p.expr(arg, 0) })
		p.w(`_1`)
	case FnSqrt:
		p.w(`\sqrt{`)
		p.expr(arg, 0)
		p.w("}")
		p.tall = true
	case FnAbs:
		p.delims(`|`, `|`, func() { p.expr(arg, 0) })
	default:
		p.w(e.Fun.Info().LaTeX)
		p.paren(func() { p.expr(arg, 0) })
	}
}
