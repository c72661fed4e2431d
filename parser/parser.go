package parser

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/matdiff/matdiff/ast"
)

// Parse parses "EXPR" or "EXPR where DECLS". The declarations are nil when
// there is no where clause. Errors are *ast.Error with Src set to src.
func Parse(src string) (ast.Expr, ast.Decls, error) {
	return parse(src, modeFull)
}

// ParseExpr parses an expression with no where clause.
func ParseExpr(src string) (ast.Expr, error) {
	e, _, err := parse(src, modeExpr)
	return e, err
}

// ParseDecls parses a declaration list alone, e.g. "A: n x n, x: n x 1"
// (the --where flag). An input of blanks alone gives no declarations and
// no error.
func ParseDecls(src string) (ast.Decls, error) {
	if strings.TrimSpace(src) == "" {
		return nil, nil
	}
	_, ds, err := parse(src, modeDecls)
	return ds, err
}

// ParsePattern parses a rewrite pattern: like ParseExpr, but names starting
// with '?' (?A, ?x1) are allowed and become *ast.Sym with Name "?A", and
// d(E) becomes the differential &ast.Unary{Op: ast.OpDiff, X: E}, as does
// d?A, which is how the text format prints the differential of ?A.
func ParsePattern(src string) (ast.Expr, error) {
	e, _, err := parse(src, modePattern)
	return e, err
}

// bail carries an error out of the lowering, to the recover in parse.
type bail struct{ err *ast.Error }

// panicHook, when a test sets it, runs inside parse: the test makes it
// panic to prove that the API turns a panic into an error.
var panicHook func()

// MaxInput is the longest input, in characters, that the parser reads.
const MaxInput = 200000

func parse(src string, m mode) (e ast.Expr, ds ast.Decls, err error) {
	if len(src) > MaxInput {
		if n := utf8.RuneCountInString(src); n > MaxInput {
			return nil, nil, &ast.Error{Msg: fmt.Sprintf("input longer than %d characters (it has %d)", MaxInput, n),
				Hint: "split the expression into parts, or name common subexpressions", Src: src}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			e, ds = nil, nil
			b, ok := r.(bail)
			if !ok {
				// A bug, not the input's fault: a plain error, which the
				// command reports as internal.
				err = fmt.Errorf("parser: internal error: %v", r)
				return
			}
			err = b.err
		}
		if err != nil {
			var ae *ast.Error
			if errors.As(err, &ae) {
				ae.Src = src
				err = ae
			}
		}
	}()
	if panicHook != nil {
		panicHook()
	}
	s, perr := scan(src, m)
	if perr != nil {
		return nil, nil, perr
	}
	if m == modeDecls {
		if s.declErr != nil {
			return nil, nil, s.declErr
		}
		cst, perr := runParser(declsParser(), s.toks, -1)
		if perr != nil {
			return nil, nil, perr
		}
		return nil, lowerDecls(cst), nil
	}
	x, ds, perr := s.parseParts(m)
	if perr != nil {
		return nil, nil, perr
	}
	l := &lowerer{pattern: m == modePattern, toks: s.toks}
	return l.frob(x), ds, nil
}

// parseParts parses the expression of s, and then, if there is a where
// clause, the declarations, each with a parser of its own (which can be
// built at once, side by side: see Prepare), so that the errors of the
// expression come before those of the declarations.
func (s *scanned) parseParts(m mode) (*frob, ast.Decls, *ast.Error) {
	exprPart, stopOK := s.toks, -1
	if s.where >= 0 {
		exprPart = append(s.toks[:s.where+1:s.where+1], lexer.EOFToken(s.toks[len(s.toks)-1].Pos))
		stopOK = s.toks[s.where].Pos.Offset
	}
	x, perr := runParser(exprParser(), exprPart, stopOK)
	if perr != nil {
		if s.glued != nil && perr.Pos.Offset >= s.gluedAt {
			return nil, nil, s.glued()
		}
		return nil, nil, perr
	}
	if s.where < 0 {
		return x, nil, nil
	}
	if m != modeFull {
		return nil, nil, whereNotAllowed(s.toks[s.where])
	}
	if s.declErr != nil {
		return nil, nil, s.declErr
	}
	d, perr := runParser(declsParser(), s.toks[s.where+1:], -1)
	if perr != nil {
		return nil, nil, perr
	}
	return x, lowerDecls(d), nil
}

// runParser parses toks with p. Trailing tokens are reported here rather
// than by participle, which would report them as a token it did not
// expect: if the longest parse stops short at a token t, and parsing to the
// end fails no further on than t, then t is garbage after a complete
// expression. A parse that stops at the offset stopOK (the where, when the
// expression is parsed alone) is complete, unless stopOK is -1.
func runParser[G any](p *participle.Parser[G], toks []lexer.Token, stopOK int) (*G, *ast.Error) {
	lex := peeking(toks)
	cst, err := p.ParseFromLexer(lex, participle.AllowTrailing(true))
	if err != nil {
		return nil, mapError(toks, err)
	}
	stop := *lex.Peek()
	if stop.EOF() || stop.Pos.Offset == stopOK {
		return cst, nil
	}
	_, err = p.ParseFromLexer(peeking(toks))
	var perr participle.Error
	if errors.As(err, &perr) && perr.Position().Offset > stop.Pos.Offset {
		return nil, mapError(toks, err)
	}
	for i, t := range toks {
		if t.Pos.Offset == stop.Pos.Offset {
			if j := missingOperand(toks, i); j >= 0 {
				return nil, unexpected(toks, j, "")
			}
			break
		}
	}
	if stop.Type == tWhere {
		return nil, whereNotAllowed(stop)
	}
	return nil, trailing(stop)
}

// mapError turns a participle error into an *ast.Error that says what was
// found and what would fit.
func mapError(toks []lexer.Token, err error) *ast.Error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return errAt(pos0, "internal error: %v", err)
	}
	off := perr.Position().Offset
	for i, t := range toks {
		if t.Pos.Offset >= off {
			if j := missingOperand(toks, i); j >= 0 {
				return unexpected(toks, j, "")
			}
			expect := ""
			var ute *participle.UnexpectedTokenError
			if errors.As(err, &ute) {
				expect = cleanExpect(ute.Message())
			}
			return unexpected(toks, i, expect)
		}
	}
	return errAt(perr.Position(), "%s", perr.Message())
}

// missingOperand returns i+1 if toks[i] is an operator and toks[i+1]
// cannot start its operand, and -1 otherwise. Participle backtracks over
// an operator whose operand fails, and then complains about the operator;
// the place to point at is where the operand is missing.
func missingOperand(toks []lexer.Token, i int) int {
	t := toks[i]
	if t.Type != tPunct || i+1 >= len(toks) {
		return -1
	}
	if t.Value == "^" || t.Value == ".^" {
		// The exponent is a number, with a sign maybe, or T.
		switch n := toks[i+1]; {
		case n.Type == tNumber:
			return -1
		case n.Value == "-" || n.Value == "+":
			if i+2 >= len(toks) || toks[i+2].Type == tNumber || t.Value == "^" && n.Value == "-" && toks[i+2].Value == "T" {
				return -1
			}
			return i + 2
		case t.Value == "^" && (n.Value == "T" || n.Value == "(" || n.Value == "{"), t.Value == ".^" && n.Value == "(":
			return -1
		}
		return i + 1
	}
	if !(binaryOps[t.Value] && t.Value != "(" && t.Value != ",") && t.Value != "^" && t.Value != ".^" {
		return -1
	}
	switch n := toks[i+1]; {
	case n.Type == tIdent || n.Type == tNumber || n.Type == tPatVar || n.Type == tFunc:
		return -1
	case n.Value == "(" || n.Value == "-" || n.Value == "+" && (t.Value == "^" || t.Value == ".^"):
		return -1
	}
	return i + 1
}

// cleanExpect extracts what participle expected from its message
// `unexpected token "x" (expected ")")`, and keeps it when it is a single
// token.
func cleanExpect(msg string) string {
	i := strings.LastIndex(msg, "(expected ")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return ""
	}
	x := msg[i+len("(expected ") : len(msg)-1]
	if q, err := strconv.Unquote(x); err == nil {
		return quote(q)
	}
	return ""
}

// lowerer turns the concrete syntax tree into ast nodes.
type lowerer struct {
	pattern bool
	toks    []lexer.Token
}

func fail(e *ast.Error) { panic(bail{e}) }

func (l *lowerer) frob(c *frob) ast.Expr {
	e := l.sum(c.X)
	for _, r := range c.Rest {
		e = &ast.Binary{Op: ast.OpFrob, X: e, Y: l.sum(r.Y), At: astPos(r.Pos)}
	}
	return e
}

func (l *lowerer) sum(c *sum) ast.Expr {
	e := l.neg(c.X)
	for _, r := range c.Rest {
		op := ast.OpAdd
		if r.Op == "-" {
			op = ast.OpSub
		}
		e = &ast.Binary{Op: op, X: e, Y: l.neg(r.Y), At: astPos(r.Pos)}
	}
	return e
}

// neg lowers a run of minus signs. The innermost one folds into a number
// that it stands right before: -2 is the number -2, and so are -(2) and
// -1/2 (the fraction 1/2 being one number), so that printing and parsing
// again gives the same tree.
func (l *lowerer) neg(c *neg) ast.Expr {
	ms := c.Minus
	e := l.juxt(c.X)
	if n, ok := e.(*ast.Num); ok && len(ms) > 0 && !math.Signbit(n.Val) {
		last := ms[len(ms)-1]
		m := n.Number().Neg().Num()
		if !n.IsFraction() {
			m = &ast.Num{Val: -n.Val} // -0 stays -0
		}
		m.At = astPos(last.Pos)
		e, ms = m, ms[:len(ms)-1]
	}
	for i := len(ms) - 1; i >= 0; i-- {
		e = &ast.Unary{Op: ast.OpNeg, X: e, At: astPos(ms[i].Pos)}
	}
	return e
}

func (l *lowerer) juxt(c *juxt) ast.Expr {
	e := l.had(c.Factors[0])
	for _, f := range c.Factors[1:] {
		e = &ast.Binary{Op: ast.OpMul, X: e, Y: l.had(f), At: astPos(f.Pos)}
	}
	return e
}

var hadOps = map[string]ast.Op{
	"*": ast.OpMul, "@": ast.OpMul, "/": ast.OpDiv, ".*": ast.OpHad, "∘": ast.OpHad, "⊙": ast.OpHad,
	"./": ast.OpHDiv, "⊘": ast.OpHDiv,
}

// bareNumber reports whether c is a number literal with no postfix
// operator.
func bareNumber(c *postfix) bool { return c.X.Num != "" && len(c.Ops) == 0 }

// had lowers a run of explicit products and divisions. A whole number
// divided by a whole number, both written bare, is one exact number: 1/2,
// 2/3/4 = 1/6 (LANGUAGE.md: numbers are exact while they can be); a
// decimal or a divisor 0 leaves the division as it is.
func (l *lowerer) had(c *had) ast.Expr {
	e := l.postfix(c.X)
	lit := bareNumber(c.X)
	for _, r := range c.Rest {
		y := l.postfix(r.Y)
		if r.Op == "/" && lit && bareNumber(r.Y) {
			a, b := e.(*ast.Num).Number(), y.(*ast.Num).Number()
			if q, ok := a.Div(b); ok && a.Exact() && b.Exact() && q.Exact() {
				n := q.Num()
				n.At = e.Pos()
				e = n
				continue
			}
		}
		lit = false
		if r.Op == "⊗" {
			e = &ast.Call{Fun: ast.FnKron, Args: []ast.Expr{e, y}, At: astPos(r.Pos)}
			continue
		}
		e = &ast.Binary{Op: hadOps[string(r.Op)], X: e, Y: y, At: astPos(r.Pos)}
	}
	return e
}

func (l *lowerer) postfix(c *postfix) ast.Expr {
	e := l.atom(c.X)
	if c.X.Num != "" && len(c.Ops) > 0 && !l.pattern {
		if op := c.Ops[0]; op.Op == "'" || op.Op == "ᵀ" || op.Pow != nil && op.Pow.T {
			fail(numberTransposed(c.X.Pos, c.X.Num))
		}
	}
	for _, op := range c.Ops {
		at := astPos(op.Pos)
		switch {
		case op.Op == "'" || op.Op == "ᵀ":
			e = &ast.Unary{Op: ast.OpTranspose, X: e, At: at}
		case op.Op == "⁻¹":
			e = &ast.Unary{Op: ast.OpInverse, X: e, At: at}
		case op.Op == "⁻ᵀ" || op.Pow != nil && op.Pow.NegT:
			e = invT(e, at)
		case op.Pow != nil && op.Pow.T:
			e = &ast.Unary{Op: ast.OpTranspose, X: e, At: at}
		case op.Pow != nil && (op.Pow.Paren != nil || op.Pow.Brace != nil):
			e = l.groupedPower(e, op.Pow, at)
		case op.Pow != nil:
			// Any power of a scalar is allowed; shape inference rejects a
			// fractional power of a matrix.
			n := l.signed(op.Pow.N)
			if n.Val == -1 {
				e = &ast.Unary{Op: ast.OpInverse, X: e, At: at}
				continue
			}
			e = &ast.Binary{Op: ast.OpPow, X: e, Y: n, At: at}
		case op.EPow != nil && op.EPow.N != nil:
			e = &ast.Binary{Op: ast.OpEPow, X: e, Y: l.signed(op.EPow.N), At: at}
		case op.EPow != nil:
			// A fraction in parentheses: x.^(1/2), x.^(-1/2).
			g := l.frob(op.EPow.Paren)
			k, ok := g.(*ast.Num)
			if !ok {
				if err := ast.ZeroDivision(g); err != nil {
					fail(err) // x.^(1/0)
				}
				fail(badElementExponent(op.EPow.Pos))
			}
			e = &ast.Binary{Op: ast.OpEPow, X: e, Y: k, At: at}
		}
	}
	return e
}

// invT returns the inverse transpose of e, X^-T: the inverse of X', the
// form the rewrite engine keeps it in.
func invT(e ast.Expr, at ast.Pos) ast.Expr {
	return &ast.Unary{Op: ast.OpInverse, X: &ast.Unary{Op: ast.OpTranspose, X: e, At: at}, At: at}
}

// groupedPower lowers an exponent in braces or parentheses: X^{T},
// X^{-T}, X^{-1}, X^(2), s^(1/3), (2 pi)^(n/2). T and -T stand for the
// transpose and the inverse transpose; -1 for the inverse; any other
// exponent is a number or an expression of numbers and names, which shape
// inference wants constant (pi, dimension names) and the base 1x1 unless
// it is a whole number.
func (l *lowerer) groupedPower(e ast.Expr, p *power, at ast.Pos) ast.Expr {
	g := p.Paren
	if g == nil {
		g = p.Brace
	}
	k := l.frob(g)
	switch k := k.(type) {
	case *ast.Sym:
		if k.Name == "T" {
			return &ast.Unary{Op: ast.OpTranspose, X: e, At: at}
		}
	case *ast.Unary:
		if s, ok := k.X.(*ast.Sym); ok && k.Op == ast.OpNeg && s.Name == "T" {
			return invT(e, at)
		}
	case *ast.Num:
		if k.Val == -1 {
			return &ast.Unary{Op: ast.OpInverse, X: e, At: at}
		}
		return &ast.Binary{Op: ast.OpPow, X: e, Y: k, At: at}
	}
	if !constantForm(k) {
		fail(badExponent(g.X.X.X.Factors[0].Pos))
	}
	return &ast.Binary{Op: ast.OpPow, X: e, Y: k, At: at}
}

// constantForm reports whether e is built of numbers and names with +, -,
// products, / and powers: the form of a constant exponent. Whether its
// names are constants (pi, dimension names) is for shape inference to say.
func constantForm(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Num, *ast.Sym:
		return true
	case *ast.Unary:
		return e.Op == ast.OpNeg && constantForm(e.X)
	case *ast.Binary:
		switch e.Op {
		case ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpDiv, ast.OpPow:
			return constantForm(e.X) && constantForm(e.Y)
		}
	}
	return false
}

// signed lowers a number with an optional sign.
func (l *lowerer) signed(n *number) *ast.Num {
	v := l.number(n.Val, n.Pos, n.Sign+n.Val)
	if n.Sign == "-" {
		v = -v
	}
	return &ast.Num{Val: v, At: astPos(n.Pos)}
}

// number converts a literal; shown is how to name it in an error.
func (l *lowerer) number(lit string, p lexer.Position, shown string) float64 {
	v, e := convert(lit, p, shown)
	if e != nil {
		fail(e)
	}
	return v
}

// convert converts a number literal of the lexer, one that is no float64
// (too large, or so small that it underflows to 0) being an error at p.
func convert(lit string, p lexer.Position, shown string) (float64, *ast.Error) {
	v, err := strconv.ParseFloat(lit, 64)
	if err != nil && (math.IsInf(v, 0) || !errors.Is(err, strconv.ErrRange)) {
		return 0, badNumber(p, shown)
	}
	if v == 0 && strings.ContainsAny(lit[:strings.IndexAny(lit+"e", "eE")], "123456789") {
		return 0, underflow(p, shown)
	}
	return v, nil
}

// numberLit reports whether s is a number as the language writes it, with
// an optional sign.
func numberLit(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return isNumber(s)
}

// ParseNumber reads a number as the language writes it (3, -0.5, .5,
// 1e-3), for numbers given outside an expression such as the entries of a
// file. A number too large for a float64, or so small that it underflows
// to 0 (1e-999), is an *ast.Error that says so, as in an expression; so
// are hexadecimal numbers, inf and nan, which the language does not have.
// The error has no position.
func ParseNumber(s string) (float64, error) {
	if !numberLit(s) {
		e := &ast.Error{Msg: fmt.Sprintf("%s is not a number", quote(s))}
		if len(s) > 2 && strings.TrimLeft(s, "+-")[0] == '0' && strings.ContainsAny(s[:min(len(s), 3)], "xX") {
			e.Hint = "write the number in decimal"
		}
		return 0, e
	}
	lit := strings.TrimLeft(s, "+-")
	v, e := convert(lit, pos0, s)
	if e != nil {
		e.Pos = ast.Pos{}
		return 0, e
	}
	if s[0] == '-' {
		v = -v
	}
	return v, nil
}

func (l *lowerer) atom(c *atom) ast.Expr {
	at := astPos(c.Pos)
	switch {
	case c.Call != nil:
		return l.call(c.Call)
	case c.Norm != nil:
		return l.norm(c.Norm)
	case c.Var != "":
		if name, ok := strings.CutPrefix(c.Var, "d"); ok {
			var p lexer.Position = c.Pos
			p.Advance("d")
			return &ast.Unary{Op: ast.OpDiff, X: &ast.Sym{Name: name, At: astPos(p)}, At: at}
		}
		return &ast.Sym{Name: c.Var, At: at}
	case c.Name != "":
		switch c.Name {
		case "I", "eye":
			return &ast.Identity{At: at}
		case "pi", "π":
			return &ast.Sym{Name: "pi", At: at}
		}
		if ast.Reserved(c.Name) {
			fail(reserved(c.Pos, c.Name))
		}
		return &ast.Sym{Name: c.Name, At: at}
	case c.Num != "":
		return &ast.Num{Val: l.number(c.Num, c.Pos, c.Num), At: at}
	case c.Paren != nil:
		return l.frob(c.Paren)
	}
	panic(fmt.Sprintf("parser: empty atom at %v", c.Pos))
}

// norm lowers ||A||, ‖A‖ and their subscripted forms: _F and _2 are the
// Frobenius (Euclidean) norm, _2 marked so that shape inference refuses it
// for a matrix, where it would be the spectral norm; _1 is norm1.
func (l *lowerer) norm(c *normBars) ast.Expr {
	x := l.frob(c.X)
	at := astPos(c.Pos)
	if c.Sub == nil {
		return &ast.Call{Fun: ast.FnNorm, Args: []ast.Expr{x}, At: at}
	}
	switch c.Sub.Val {
	case "F", "fro":
		return &ast.Call{Fun: ast.FnNorm, Args: []ast.Expr{x}, At: at}
	case "2":
		return &ast.Call{Fun: ast.FnNorm, Args: []ast.Expr{x}, At: at, Spectral: true}
	case "1":
		return &ast.Call{Fun: ast.FnNorm1, Args: []ast.Expr{x}, At: at}
	}
	fail(badNormSub(c.Sub.Pos, c.Sub.Val))
	return nil
}

func (l *lowerer) call(c *call) ast.Expr {
	if c.Args == nil {
		fail(bareFunc(c, l.after(c.Pos)))
	}
	args := make([]ast.Expr, len(c.Args.List))
	for i, a := range c.Args.List {
		args[i] = l.frob(a)
	}
	at := astPos(c.Pos)
	f, _ := lookupFunc(c.Fun)
	lo, hi := f.Arities()
	if f == ast.FnInvalid { // inv, or d in a pattern
		lo, hi = 1, 1
	}
	if len(args) < lo || len(args) > hi {
		fail(arity(c, lo, hi))
	}
	switch {
	case c.Fun == "inv":
		return &ast.Unary{Op: ast.OpInverse, X: args[0], At: at}
	case c.Fun == "d":
		return &ast.Unary{Op: ast.OpDiff, X: args[0], At: at}
	}
	return &ast.Call{Fun: f, Args: args, At: at}
}

// after returns the name or number after the token at p, or "".
func (l *lowerer) after(p lexer.Position) string {
	for i, t := range l.toks {
		if t.Pos.Offset == p.Offset && i+1 < len(l.toks) {
			if n := l.toks[i+1]; n.Type == tIdent || n.Type == tNumber {
				return n.Value
			}
			break
		}
	}
	return ""
}

// lowerDecls turns the declarations into ast.Decls, checking sizes,
// symmetry, reserved words and repeated names.
func lowerDecls(c *declList) ast.Decls {
	var ds ast.Decls
	for _, d := range c.Decls {
		if d == nil {
			continue
		}
		if ast.Reserved(d.Name) {
			fail(reserved(d.Pos, d.Name))
		}
		if first := ds.Lookup(d.Name); first != nil {
			fail(declaredTwice(d, first.At))
		}
		out := ast.Decl{Name: d.Name, At: astPos(d.Pos), Shape: ast.Scalar}
		if !d.Shape.Scalar {
			out.Shape = ast.Shape{Rows: lowerDim(d.Name, d.Shape.Rows), Cols: lowerDim(d.Name, d.Shape.Cols)}
			out.Symmetric = d.Shape.Symmetric
			if out.Symmetric && !out.Shape.IsSquare() {
				fail(notSquare(d.Name, d.Shape, out.Shape))
			}
		}
		ds = append(ds, out)
	}
	return ds
}

func lowerDim(name string, d *dim) ast.Dim {
	out := lowerFactor(name, d.Val, d.Pos)
	for _, f := range d.More {
		out = out.Times(lowerFactor(name, f.Val, f.Pos))
	}
	return out
}

// lowerFactor lowers one factor of a size: a number or a dimension name.
func lowerFactor(name, val string, p lexer.Position) ast.Dim {
	if !isLetter([]rune(val)[0]) {
		n, err := strconv.Atoi(val)
		if err != nil || n <= 0 {
			fail(badSize(name, val, p))
		}
		return ast.Known(n)
	}
	if ast.Reserved(val) {
		fail(reserved(p, val)) // n x scalar, n x I: no size
	}
	return ast.Named(val)
}
