package parser

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"golang.org/x/text/width"

	"github.com/matdiff/matdiff/ast"
)

// Every message of the parser is made here, one helper per kind. The
// helpers leave Src empty; the API fills it in.

// pos0 is the start of the input.
var pos0 = lexer.Position{Line: 1, Column: 1}

// astPos converts a participle position.
func astPos(p lexer.Position) ast.Pos {
	return ast.Pos{Offset: p.Offset, Line: p.Line, Col: p.Column}
}

func errAt(p lexer.Position, format string, args ...any) *ast.Error {
	return &ast.Error{Pos: astPos(p), Msg: fmt.Sprintf(format, args...)}
}

func withHint(e *ast.Error, format string, args ...any) *ast.Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// desc describes a token in a message: 'x', or "end of input".
func desc(t lexer.Token) string {
	if t.EOF() {
		return "end of input"
	}
	return quote(t.Value)
}

// quote puts s in single quotes, or in Go quotes when it has characters
// that would not show.
func quote(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.QuoteToASCII(s)
	}
	if s == "'" {
		return `"'"`
	}
	return "'" + s + "'"
}

func emptyExpr() *ast.Error { return errAt(pos0, "empty expression") }

func emptyDecls(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "empty declaration list"), "declare shapes as x: n x 1, A: n x n")
}

// strayChar reports a character that is no part of the language.
func strayChar(t, prev, next lexer.Token) *ast.Error {
	e := errAt(t.Pos, "unexpected %s", quote(t.Value))
	simple := func(t lexer.Token) bool { return t.Type == tIdent || t.Type == tNumber }
	switch t.Value {
	case "×":
		return withHint(e, "write the matrix product as juxtaposition (A B) or with *")
	case "@", "||", "‖":
		return e // in the declarations
	case "**":
		if simple(prev) && simple(next) {
			return withHint(e, "did you mean %s.^%s (element-wise) or %s^%s (matrix power)?", prev.Value, next.Value, prev.Value, next.Value)
		}
		return withHint(e, "write powers with ^ (A^2) or .^ (element-wise)")
	case "[", "]", "{", "}":
		return withHint(e, "group with parentheses ( )")
	case "|":
		return withHint(e, "write abs(x) for the absolute value, ||x|| for the norm")
	case "_":
		return withHint(e, "a subscript follows the bars of a norm: ||A||_F, ||x||_2, ||x||_1")
	case "\\":
		return withHint(e, "there is no left division; write inv(A) B")
	case ".":
		switch {
		case next.Value == "'":
			return withHint(e, "write A' for the transpose")
		case next.Type == tIdent && next.Value == "T" && simple(prev):
			return withHint(e, "did you mean %s'? (x.T is NumPy's transpose)", prev.Value)
		case next.Type == tIdent && next.Value == "T":
			return withHint(e, "write A' for the transpose (x.T is NumPy's)")
		case prev.Type == tIdent && numpy(prev.Value) && next.Type == tIdent:
			if f, ok := lookupFunc(next.Value); ok && f != ast.FnInvalid || next.Value == "inv" {
				return withHint(e, "did you mean %s? (drop the %s. prefix)", next.Value, prev.Value)
			}
			if f, ok := numpyFunc(next.Value); ok {
				return withHint(e, "did you mean %s? (drop the %s. prefix)", f, prev.Value)
			}
			return withHint(e, "functions take no %s. prefix: write exp(x), tr(A)", prev.Value)
		}
		return withHint(e, "write numbers as 0.5 or .5, and element-wise operators as .* ./ .^")
	case "⁻":
		return withHint(e, "write the inverse as A^-1 or A⁻¹")
	case "?":
		return withHint(e, "a pattern variable is '?' followed by a name, as in ?A")
	case "=", "<", ">":
		return withHint(e, "write an expression, not an equation")
	case "’", "‘", "′", "`", "´":
		return withHint(e, "write A' with a straight quote for the transpose")
	case "²", "³":
		return withHint(e, "write powers with ^ (A^2) or .^ (element-wise)")
	case "·", "⋅", "∙":
		return withHint(e, "write the matrix product as juxtaposition (A B) or with *")
	}
	if r, _ := utf8.DecodeRuneInString(t.Value); len(t.Value) == utf8.RuneLen(r) {
		if w := width.LookupRune(r); w.Kind() == width.EastAsianFullwidth && w.Narrow() > ' ' && w.Narrow() < utf8.RuneSelf {
			// A full-width form: ＋ for +, ３ for 3.
			e.Msg += " (" + runeName(r) + ")"
			return withHint(e, "write %s", quote(string(w.Narrow())))
		}
	}
	return e
}

// numpy reports whether name is a module name of NumPy or its kin, as in
// np.exp(x).
func numpy(name string) bool {
	switch name {
	case "np", "numpy", "jnp", "torch", "linalg", "la":
		return true
	}
	return false
}

// numpyFunc returns what the language writes for NumPy's function name.
func numpyFunc(name string) (string, bool) {
	switch name {
	case "trace":
		return "tr", true
	case "transpose":
		return "x'", true
	case "matmul":
		return "A @ B", true
	case "dot":
		return "x' y", true
	case "outer":
		return "x y'", true
	case "multiply":
		return "A .* B", true
	case "divide":
		return "A ./ B", true
	case "power":
		return "A.^p", true
	case "diagflat":
		return "Diag", true
	case "slogdet":
		return "logdet", true
	case "eye", "identity":
		return "I", true
	case "ones", "zeros":
		return name, true
	}
	return "", false
}

// unclosedBars reports the bars of a norm that nothing closes.
func unclosedBars(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "unclosed %s: no %s closes this norm", quote(t.Value), quote(t.Value)),
		"write the norm as %sx%s, or abs(x) for the absolute value", t.Value, t.Value)
}

// normArgs reports norm(x, 'fro') and the like.
func normArgs(t lexer.Token, arg, kind string) *ast.Error {
	e := errAt(t.Pos, "%s takes 1 argument: the kind of norm is not an argument", t.Value)
	if utf8.RuneCountInString(arg) > 40 || arg == "" {
		arg = "x"
	}
	switch strings.ToLower(kind) {
	case "fro", "f", "2":
		return withHint(e, "did you mean ||%s||? (norm(%s) and ||%s||_F are the Frobenius norm, the Euclidean one of a vector)", arg, arg, arg)
	case "1":
		return withHint(e, "did you mean ||%s||_1? (or norm1(%s))", arg, arg)
	case "inf", "np.inf", "infinity":
		return withHint(e, "there is no max norm; ||%s|| is the Frobenius norm, ||%s||_1 the sum of absolute values", arg, arg)
	}
	return withHint(e, "write ||%s|| (Frobenius), ||%s||_1 (sum of absolute values)", arg, arg)
}

// numberTransposed reports 1', which is the number 1 and not a row of ones.
func numberTransposed(p lexer.Position, lit string) *ast.Error {
	e := errAt(p, "%s' transposes the number %s, which changes nothing", lit, lit)
	if lit == "1" {
		return withHint(e, "for a row of ones write ones(n)'")
	}
	return withHint(e, "write %s", lit)
}

// badExponent reports a braced or parenthesised exponent that is neither
// T, -T, a number nor a constant.
func badExponent(p lexer.Position) *ast.Error {
	return withHint(errAt(p, "an exponent in braces or parentheses is T, -T, a number or a constant such as (n/2)"),
		"write X^{-1}, X^{T}, X^{-T} or s^(1/3); an exponent may hold numbers, pi and dimension names")
}

// badElementExponent reports an elementwise exponent in parentheses that
// is not a number.
func badElementExponent(p lexer.Position) *ast.Error {
	return withHint(errAt(p, "an element-wise exponent is a number"),
		"write x.^2, x.^-1 or x.^(1/2); for a varying power write exp(p .* log(x))")
}

// badNormSub reports a norm subscript other than F, 2 and 1.
func badNormSub(p lexer.Position, sub string) *ast.Error {
	e := errAt(p, "unknown norm subscript _%s", sub)
	if strings.EqualFold(sub, "inf") || sub == "max" {
		return withHint(e, "there is no max norm; write ||A||_F (Frobenius) or ||A||_1 (sum of absolute values)")
	}
	return withHint(e, "write ||A||_F (Frobenius), ||x||_2 (Euclidean, of a vector) or ||A||_1 (sum of absolute values)")
}

func patVarOutside(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "unexpected %s", quote(t.Value)),
		"names starting with '?' are pattern variables, allowed only in rewrite patterns")
}

func unmatchedClose(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "unmatched ')': no '(' opens it"), "remove it, or add the '(' it closes")
}

func unclosedOpen(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "unclosed '('"), "add the ')' that closes it")
}

func tooDeep(t lexer.Token) *ast.Error {
	e := withHint(errAt(t.Pos, "nesting deeper than %d levels", MaxDepth), "name an inner part and work with it on its own")
	e.Kind = ast.BeyondReach
	return e
}

// unknownFunc reports a call of a function the language does not have.
func unknownFunc(t lexer.Token, s suggestion, arg string) *ast.Error {
	e := errAt(t.Pos, "unknown function %s", t.Value)
	switch {
	case s.transpose:
		if arg == "" || utf8.RuneCountInString(arg) > 40 {
			return withHint(e, "write A' for the transpose of A")
		}
		if classify(arg) == tOther {
			arg = "(" + arg + ")"
		}
		return withHint(e, "write %s'", arg)
	case s.hint != "":
		return withHint(e, "%s", s.hint)
	}
	return withHint(e, "did you mean %s?", s.fn)
}

// badDecl reports a declaration that does not start with a name.
func badDecl(t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "expected a declaration, found %s", desc(t)),
		"declare shapes as x: n x 1, A: n x n")
}

const shapeHint = "write rows x cols, such as n x 1 or 3 x 4, or scalar"

func badShapeColon(name, t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "bad shape for %s: expected ':' after the name, found %s", name.Value, desc(t)),
		"write %s: n x n", name.Value)
}

func badShapeRows(name, t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "bad shape for %s: expected rows x cols or scalar, found %s", name.Value, desc(t)), shapeHint)
}

func badShapeTimes(name, t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "bad shape for %s: expected 'x' between rows and cols, found %s", name.Value, desc(t)), shapeHint)
}

func badShapeCols(name, t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "bad shape for %s: expected the number of columns after 'x', found %s", name.Value, desc(t)), shapeHint)
}

func afterDecl(name, t lexer.Token) *ast.Error {
	return withHint(errAt(t.Pos, "unexpected %s after the declaration of %s", desc(t), name.Value),
		"separate declarations with ','")
}

func badSize(name, val string, p lexer.Position) *ast.Error {
	return withHint(errAt(p, "bad shape for %s: a size is a positive whole number or a name, not %s", name, val), shapeHint)
}

func notSquare(name string, s *shape, sh ast.Shape) *ast.Error {
	return errAt(s.Pos, "bad shape for %s: a symmetric matrix is square, not %s", name, sh)
}

func declaredTwice(d *decl, first ast.Pos) *ast.Error {
	return withHint(errAt(d.Pos, "%s is declared twice", d.Name), "the first declaration is at %s", first)
}

// reserved reports a reserved word used as a name.
func reserved(p lexer.Position, name string) *ast.Error {
	e := errAt(p, "%s is a reserved word, not a name", name)
	if _, ok := lookupFunc(name); ok {
		return withHint(e, "%s is a function; choose another name", name)
	}
	if name == "I" || name == "eye" {
		return withHint(e, "%s is the identity matrix; choose another name", name)
	}
	return withHint(e, "choose another name")
}

// bareFunc reports a function name without its argument list.
func bareFunc(c *call, next string) *ast.Error {
	if next == "" {
		next = "A"
	}
	return errAt(c.Pos, "%s is a function; write %s(%s)", c.Fun, c.Fun, next)
}

func arity(c *call, lo, hi int) *ast.Error {
	s := "s"
	if hi == 1 {
		s = ""
	}
	if lo != hi {
		return errAt(c.Pos, "%s takes %d or %d argument%s, not %d", c.Fun, lo, hi, s, len(c.Args.List))
	}
	return errAt(c.Pos, "%s takes %d argument%s, not %d", c.Fun, hi, s, len(c.Args.List))
}

func badNumber(p lexer.Position, n string) *ast.Error {
	return errAt(p, "number %s is too large", n)
}

func underflow(p lexer.Position, n string) *ast.Error {
	return withHint(errAt(p, "number %s is too small: it underflows to 0", n),
		"the smallest positive number is about 5e-324; write 0 if 0 is meant")
}

// hexNumber reports 0x10, which would read as 0 times the name x10.
func hexNumber(zero, rest lexer.Token) *ast.Error {
	lit := zero.Value + rest.Value
	e := errAt(zero.Pos, "%s reads as a hexadecimal number, but numbers are written in decimal", lit)
	if v, err := strconv.ParseUint(rest.Value[1:], 16, 64); err == nil {
		return withHint(e, "write %d", v)
	}
	return withHint(e, "write the number in decimal")
}

// gluedWhere reports a name that is the keyword where glued to the
// declarations after it or to the name before it, or written with a
// capital. before is the part of the name before where; after is the
// source after where.
func gluedWhere(t lexer.Token, before, after string) *ast.Error {
	kw := t.Value[len(before) : len(before)+5]
	var e *ast.Error
	short := ""
	switch {
	case kw != "where":
		e = errAt(t.Pos, "%s reads as a name: the keyword is 'where', in lower case", quote(t.Value))
		short = "write 'where' in lower case"
	case before != "":
		e = errAt(t.Pos, "%s reads as a name: a where clause needs a space before 'where'", quote(t.Value))
		short = "put a space before 'where'"
	default:
		e = errAt(t.Pos, "%s reads as a name: a where clause needs a space after 'where'", quote(t.Value))
		short = "put a space after 'where'"
	}
	decls := strings.Join(strings.Fields(after), " ")
	if utf8.RuneCountInString(decls) > 40 {
		return withHint(e, "%s", short)
	}
	if before != "" {
		before += " "
	}
	return withHint(e, "write %s", quote(before+"where "+decls))
}

func whereNotAllowed(t lexer.Token) *ast.Error {
	return errAt(t.Pos, "a where clause is not allowed here")
}

func trailing(t lexer.Token) *ast.Error {
	return errAt(t.Pos, "unexpected %s after the end of the expression", desc(t))
}

// binaryOps are the tokens after which an operand must come.
var binaryOps = map[string]bool{
	":": true, "+": true, "-": true, "*": true, "/": true, ".*": true, "∘": true,
	"⊙": true, "./": true, "⊗": true, "⊘": true, "(": true, ",": true,
}

// unexpected reports toks[i] where the grammar wanted something else.
// expect is what participle expected, or "".
func unexpected(toks []lexer.Token, i int, expect string) *ast.Error {
	t := toks[i]
	msg := "unexpected " + desc(t)
	if i == 0 {
		return errAt(t.Pos, "%s, expected an expression", msg)
	}
	prev := toks[i-1]
	if i >= 2 && (prev.Value == "-" || prev.Value == "+") && (toks[i-2].Value == "^" || toks[i-2].Value == ".^") {
		return errAt(t.Pos, "%s, expected a number after %s", msg, quote(toks[i-2].Value+prev.Value))
	}
	switch {
	case prev.Type == tPunct && binaryOps[prev.Value]:
		e := errAt(t.Pos, "%s, expected an operand after %s", msg, quote(prev.Value))
		if t.Value == "-" && prev.Value != "(" && prev.Value != "," {
			return withHint(e, "put a negated operand in parentheses, as in A %s (-B)", prev.Value)
		}
		return e
	case prev.Value == "^":
		return errAt(t.Pos, "%s, expected T, a number or an exponent in braces after '^'", msg)
	case prev.Value == ".^":
		return errAt(t.Pos, "%s, expected a number after '.^'", msg)
	case expect != "":
		return errAt(t.Pos, "%s, expected %s", msg, expect)
	}
	return errAt(t.Pos, "%s", msg)
}
