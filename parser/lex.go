package parser

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/matdiff/matdiff/ast"
)

// tokenDef is the lexer definition the grammar is built with: the base
// lexer's symbols plus Func (a function name in an expression), Where (the
// keyword) and Times (the x of a shape such as n x 1).
type tokenDef struct {
	symbols map[string]lexer.TokenType
}

var tokens = func() *tokenDef {
	syms := baseLexer.Symbols()
	syms["Func"], syms["Where"], syms["Times"] = tFunc, tWhere, tTimes
	syms["NormOpen"], syms["NormClose"] = tOpen, tClose
	return &tokenDef{symbols: syms}
}()

func (d *tokenDef) Symbols() map[string]lexer.TokenType { return d.symbols }

// Lex lexes r with the base lexer alone; Parse does not use it, since the
// tokens need scan's classification first.
func (d *tokenDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	return baseLexer.Lex(filename, r)
}

// sliceLexer hands out tokens that scan prepared.
type sliceLexer struct {
	toks []lexer.Token
	i    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}

func peeking(toks []lexer.Token) *lexer.PeekingLexer {
	p, err := lexer.Upgrade(&sliceLexer{toks: toks})
	if err != nil {
		panic(err) // sliceLexer never fails
	}
	return p
}

// mode says which language is being parsed.
type mode int

const (
	modeFull    mode = iota // EXPR [where DECLS]
	modeExpr                // EXPR alone
	modePattern             // a rewrite pattern: ?A names and d(E)
	modeDecls               // DECLS alone
)

// scanned is the input split into tokens and classified.
type scanned struct {
	src   string
	mode  mode
	toks  []lexer.Token // every token, the last one EOF
	where int           // index of the where keyword, or -1
	decl  int           // index of the first declaration token (len(toks)-1 if none)

	declErr *ast.Error // the first error in the declarations, or nil

	// glued makes the error for a where glued to a name, as in wherex:,
	// whose declarations do not parse; the name is at gluedAt.
	glued   func() *ast.Error
	gluedAt int
}

// exprToks returns the tokens of the expression, without EOF.
func (s *scanned) exprToks() []lexer.Token {
	if s.where >= 0 {
		return s.toks[:s.where]
	}
	if s.mode == modeDecls {
		return nil
	}
	return s.toks[:len(s.toks)-1]
}

// declToks returns the tokens of the declarations, without EOF.
func (s *scanned) declToks() []lexer.Token { return s.toks[s.decl : len(s.toks)-1] }

// scan lexes src and classifies its tokens: function names in the
// expression become Func, the first "where" becomes Where, and in the
// declarations the x between rows and columns becomes Times (splitting
// 3x4 and nxn). It returns the first error of the kinds that need no
// grammar: an empty expression, stray characters, lookalike letters in
// names, hexadecimal numbers, a where glued to a name, unbalanced or too
// deeply nested parentheses, and unknown functions. An error in the declarations
// is kept in declErr, to be reported after any error in the expression.
func scan(src string, m mode) (*scanned, *ast.Error) {
	toks := expandSized(lexAll(src))
	s := &scanned{src: src, mode: m, toks: toks, where: -1}
	if m == modeDecls {
		s.decl = 0
	} else {
		for i, t := range toks {
			if t.Type == tIdent && t.Value == "where" {
				s.where, s.decl = i, i+1
				toks[i].Type = tWhere
				break
			}
		}
		if s.where < 0 {
			s.decl = len(toks) - 1
		}
	}
	for i := range toks {
		if toks[i].Value == "−" { // the minus sign of the unicode format
			toks[i].Value = "-"
		}
	}
	if m != modeDecls && len(s.exprToks()) == 0 {
		return nil, emptyExpr()
	}
	if e := s.checkNormArgs(); e != nil {
		return nil, e
	}
	if e := s.checkChars(m); e != nil {
		return nil, e
	}
	if e := s.checkWords(); e != nil {
		return nil, e
	}
	if s.where < 0 && m == modeFull {
		if e := s.checkGluedWhere(); e != nil {
			return nil, e
		}
	}
	if e := s.checkParens(); e != nil {
		return nil, e
	}
	if e := s.pairBars(); e != nil {
		return nil, e
	}
	ex := s.exprToks()
	for i := range ex {
		t := &ex[i]
		if t.Type != tIdent {
			continue
		}
		_, isFunc := lookupFunc(t.Value)
		if isFunc || m == modePattern && t.Value == "d" && i+1 < len(ex) && ex[i+1].Value == "(" {
			t.Type = tFunc
		}
	}
	if e := s.checkCalls(); e != nil {
		return nil, e
	}
	if m == modeDecls || s.where >= 0 {
		s.declErr = s.scanDecls()
	}
	return s, nil
}

// checkChars reports characters that are no part of the language, and
// pattern variables outside patterns.
func (s *scanned) checkChars(m mode) *ast.Error {
	for i, t := range s.toks {
		switch {
		case t.Type == tOther:
			return strayChar(t, s.prev(i), s.next(i))
		case t.Type == tPunct && (t.Value == "**" || t.Value == "×") && i < s.decl:
			return strayChar(t, s.prev(i), s.next(i))
		case t.Type == tPunct && t.Value == "{" && (i == 0 || s.toks[i-1].Value != "^"):
			return strayChar(t, s.prev(i), s.next(i))
		case t.Type == tPunct && t.Value == "_" && (i == 0 || s.toks[i-1].Value != "||" && s.toks[i-1].Value != "‖"):
			return strayChar(t, s.prev(i), s.next(i))
		case t.Type == tPunct && (t.Value == "||" || t.Value == "‖" || t.Value == "@") && i >= s.decl:
			return strayChar(t, s.prev(i), s.next(i))
		case t.Type == tPatVar && m != modePattern:
			return patVarOutside(t)
		}
	}
	return nil
}

// checkWords reports names with letters that look like Latin ones but are
// not, and hexadecimal numbers, which the lexer would read as 0 times a
// name: 0x10 is 0 x10.
func (s *scanned) checkWords() *ast.Error {
	for i, t := range s.toks {
		switch t.Type {
		case tIdent, tPatVar:
			if e := checkLookalikes(t); e != nil {
				return e
			}
		case tNumber:
			if t.Value != "0" || i+1 >= len(s.toks) {
				continue
			}
			n := s.toks[i+1]
			if n.Type == tIdent && n.Pos.Offset == t.Pos.Offset+1 && len(n.Value) > 1 && (n.Value[0] == 'x' || n.Value[0] == 'X') && isHex(n.Value[1:]) {
				return hexNumber(t, n)
			}
		}
	}
	return nil
}

// isHex reports whether s is all hexadecimal digits.
func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// checkGluedWhere reports a where clause that is glued to a neighbour, or
// written with a capital, and so reads as a name: x' x wherex: n x 1 would
// otherwise be the Frobenius product of x' x wherex and n x 1. A name is
// taken for such a where when what follows the keyword in it reads as
// declarations.
func (s *scanned) checkGluedWhere() *ast.Error {
	for i, t := range s.toks {
		if t.Type != tIdent || len(t.Value) < len("where") {
			continue
		}
		v := t.Value
		var before, after string // the source before and after where
		switch {
		case strings.EqualFold(v[:5], "where"):
			before, after = "", s.src[t.Pos.Offset+5:]
		case i > 0 && strings.EqualFold(v[len(v)-5:], "where"):
			before, after = v[:len(v)-5], s.src[t.Pos.Offset+len(v):]
		default:
			continue
		}
		// What follows must start as a declaration, NAME ':'; then it is
		// parsed, once, so that the scan stays linear.
		colon := i + 1
		switch {
		case len(v) > 5 && before == "":
			if classify(v[5:]) != tIdent || s.next(i).Value != ":" {
				continue
			}
		case s.next(i).Type != tIdent || i+2 >= len(s.toks) || s.toks[i+2].Value != ":":
			continue
		default:
			colon = i + 2
		}
		if _, err := ParseDecls(after); err != nil && !s.shapeAt(colon+1) {
			// Declarations with a mistake of their own: a where all the
			// same if the expression fails to parse without it.
			s.glued = func() *ast.Error { return gluedWhere(t, before, after) }
			s.gluedAt = t.Pos.Offset
			return nil
		}
		return gluedWhere(t, before, after)
	}
	return nil
}

// shapeAt reports whether toks[i] starts what can only be a shape:
// scalar, symmetric, or rows and an x (3 x, n x, n×, 3x4, nx1). As an
// expression, "n x 1" after a ':' would be a product of a dimension name
// and a vector, which nobody writes after a name glued to where.
func (s *scanned) shapeAt(i int) bool {
	if i >= len(s.toks) {
		return false
	}
	t, n := s.toks[i], s.next(i)
	switch {
	case t.Type == tIdent && (t.Value == "scalar" || t.Value == "symmetric"):
		return true
	case t.Type == tIdent && (n.EOF() || n.Value == "," || n.Value == ";"):
		_, ok := splitShape(t)
		return ok
	case t.Type != tIdent && t.Type != tNumber:
		return false
	case n.Type == tIdent && n.Value == "x", n.Value == "×", n.Value == "*":
		return true
	}
	return t.Type == tNumber && n.Type == tIdent && n.Value[0] == 'x' && n.Pos.Offset == t.Pos.Offset+len(t.Value)
}

// prev returns the token before toks[i], or a token with no value.
func (s *scanned) prev(i int) lexer.Token {
	if i > 0 {
		return s.toks[i-1]
	}
	return lexer.Token{Type: tOther}
}

// endsOperand reports whether t can end an operand, so that bars after it
// close a norm rather than open one.
func endsOperand(t lexer.Token) bool {
	switch {
	case t.Type == tIdent, t.Type == tNumber, t.Type == tPatVar, t.Type == tClose:
		return true
	case t.Type == tPunct:
		switch t.Value {
		case ")", "}", "'", "ᵀ", "⁻¹", "⁻ᵀ":
			return true
		}
	}
	return false
}

// pairBars tells the bars of norms that open from those that close:
// bars close the last norm opened at the same depth of parentheses, of the
// same kind (|| or ‖), when they follow what can end an operand; other bars
// open a norm. So ||x|| ||y|| is a product of two norms. Bars left open are
// an error.
func (s *scanned) pairBars() *ast.Error {
	type open struct {
		i, depth int
	}
	var stack []open
	depth := 0
	ex := s.exprToks()
	for i := range ex {
		t := &s.toks[i]
		if t.Type != tPunct {
			continue
		}
		switch t.Value {
		case "(":
			depth++
		case ")":
			depth--
		case "||", "‖":
			if n := len(stack); n > 0 && stack[n-1].depth == depth && s.toks[stack[n-1].i].Value == t.Value && i > 0 && endsOperand(s.toks[i-1]) {
				t.Type = tClose
				stack = stack[:n-1]
				continue
			}
			t.Type = tOpen
			stack = append(stack, open{i, depth})
		}
	}
	if n := len(stack); n > 0 {
		return unclosedBars(s.toks[stack[n-1].i])
	}
	return nil
}

// checkNormArgs reports norm(x, 'fro'), norm(x, 2) and the like: the norm
// of other tools with its kind as a second argument.
func (s *scanned) checkNormArgs() *ast.Error {
	ex := s.exprToks()
	for i := 0; i+1 < len(ex); i++ {
		t := ex[i]
		if t.Type != tIdent || (t.Value != "norm" && t.Value != "norm2") || ex[i+1].Value != "(" {
			continue
		}
		depth, comma := 0, -1
		for j := i + 1; j < len(ex); j++ {
			switch ex[j].Value {
			case "(":
				depth++
			case ")":
				depth--
			case ",":
				if depth == 1 && comma < 0 {
					comma = j
				}
			}
			if depth == 0 {
				if comma >= 0 {
					arg := strings.Join(strings.Fields(s.src[ex[i+1].Pos.Offset+1:ex[comma].Pos.Offset]), " ")
					kind := strings.Trim(strings.Join(strings.Fields(s.src[ex[comma].Pos.Offset+1:ex[j].Pos.Offset]), ""), `'"`)
					return normArgs(t, arg, kind)
				}
				break
			}
		}
	}
	return nil
}

// next returns the token after toks[i], or the EOF token.
func (s *scanned) next(i int) lexer.Token {
	if i+1 < len(s.toks) {
		return s.toks[i+1]
	}
	return s.toks[len(s.toks)-1]
}

// MaxDepth is how deeply parentheses (and calls) may nest: a budget, far
// above any formula a person writes (a 1,000-layer network is 1,001
// levels), that keeps the recursion of every pass over the tree bounded.
// Nesting deeper is valid input beyond matdiff's reach.
const MaxDepth = 10000

// checkParens matches the parentheses: a ')' that closes nothing and the
// last '(' that is never closed are reported where they stand, before the
// grammar would report them somewhere later.
func (s *scanned) checkParens() *ast.Error {
	var open []int
	deepest, deepAt := 0, -1
	for i, t := range s.toks {
		if t.Type != tPunct {
			continue
		}
		switch t.Value {
		case "(":
			open = append(open, i)
			if len(open) > deepest {
				deepest = len(open)
				if deepest == MaxDepth+1 {
					deepAt = i
				}
			}
		case ")":
			if len(open) == 0 {
				return unmatchedClose(t)
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return unclosedOpen(s.toks[open[len(open)-1]])
	}
	if deepAt >= 0 {
		return tooDeep(s.toks[deepAt])
	}
	return nil
}

// checkCalls reports a name written like a call of a function the language
// does not have, trace(A) or determinant(A), unless the where clause
// declares it. Any other name before '(' is a product: x(y) is x times y.
func (s *scanned) checkCalls() *ast.Error {
	declared := map[string]bool{}
	dt := s.declToks()
	for i := 0; i+1 < len(dt); i++ {
		if dt[i].Type == tIdent && dt[i+1].Value == ":" {
			declared[dt[i].Value] = true
		}
	}
	ex := s.exprToks()
	for i := 0; i+1 < len(ex); i++ {
		t, open := ex[i], ex[i+1]
		if t.Value == "(" && open.Value == ")" && (i == 0 || ex[i-1].Type != tFunc) {
			return unexpected(ex, i+1, "") // (), but tr() is a call with no argument
		}
		if t.Type != tIdent || open.Value != "(" || open.Pos.Offset != t.Pos.Offset+len(t.Value) || declared[t.Value] {
			continue
		}
		if sug, ok := suggestFunc(t.Value); ok {
			return unknownFunc(t, sug, s.argText(i+1))
		}
	}
	return nil
}

// argText returns the source between the parenthesis at toks[i] and its
// partner, with its blanks collapsed.
func (s *scanned) argText(i int) string {
	depth := 0
	for j := i; j < len(s.toks); j++ {
		switch s.toks[j].Value {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return strings.Join(strings.Fields(s.src[s.toks[i].Pos.Offset+1:s.toks[j].Pos.Offset]), " ")
			}
		}
	}
	return ""
}

// scanDecls checks the declarations token by token and marks the x of each
// shape as Times, so that the grammar, which does not see where a name
// stands, can tell the separator from a dimension called x.
func (s *scanned) scanDecls() *ast.Error {
	const (
		wantName = iota
		wantColon
		wantShape // scalar, symmetric or the rows
		wantRows  // after symmetric
		wantTimes
		wantCols
		done
	)
	state := wantName
	var name lexer.Token
	ndecl := 0
	dt := s.declToks()
	out := make([]lexer.Token, 0, len(dt)+8) // a split shape (nxn, 3x4) adds a token or two
	eof := s.toks[len(s.toks)-1]
	at := func(i int) lexer.Token {
		if i < len(dt) {
			return dt[i]
		}
		return eof
	}
	isSep := func(t lexer.Token) bool { return t.Type == tPunct && (t.Value == "," || t.Value == ";") }
	// timesLater reports whether an x between rows and columns stands at
	// i or later in the same declaration, so that a * before it is a
	// product of sizes (n*p x 1) rather than the separator (n * p).
	timesLater := func(i int) bool {
		for ; i < len(dt) && !isSep(dt[i]); i++ {
			t := dt[i]
			if t.Type == tIdent && t.Value == "x" || t.Type == tPunct && t.Value == "×" ||
				t.Type == tIdent && len(t.Value) > 1 && t.Value[0] == 'x' && isDim(rest(t)) {
				return true
			}
		}
		return false
	}
	cols := false // the columns of the current shape have been read
	for i := 0; i <= len(dt); i++ {
		t := at(i)
		switch state {
		case wantName:
			switch {
			case t.EOF() && ndecl > 0:
			case t.EOF():
				return emptyDecls(t)
			case t.Type == tIdent:
				name, state = t, wantColon
			case isSep(t) && ndecl > 0:
				continue // an empty declaration: "A: n x n,, B: ..." or a trailing comma
			default:
				return badDecl(t)
			}
		case wantColon:
			if t.Value != ":" || t.Type != tPunct {
				return badShapeColon(name, t)
			}
			state = wantShape
		case wantShape, wantRows:
			switch {
			case state == wantShape && t.Type == tIdent && t.Value == "scalar":
				state = done
				ndecl++
			case state == wantShape && t.Type == tIdent && t.Value == "symmetric":
				state = wantRows
			case t.Type == tIdent && strings.Contains(t.Value, "x") && (isSep(at(i+1)) || at(i+1).EOF()):
				// nxn, nx1: one word for the whole shape.
				parts, ok := splitShape(t)
				if !ok {
					return badShapeRows(name, t)
				}
				out = append(out, parts...)
				state = done
				ndecl++
				continue
			case isDim(t) && (isSep(at(i+1)) || at(i+1).EOF()):
				return badShapeRows(name, t) // x: vector, x: 3
			case isDim(t):
				state = wantTimes
			default:
				return badShapeRows(name, t)
			}
		case wantTimes:
			switch {
			case t.Type == tPunct && t.Value == "*" && isDim(at(i+1)) && timesLater(i+2):
				// n*p x 1: a product of sizes, since an x follows.
				out = append(out, t, at(i+1))
				i++
				continue
			case t.Type == tIdent && t.Value == "x" || t.Type == tPunct && (t.Value == "×" || t.Value == "*"):
				t.Type = tTimes
				state = wantCols
			case t.Type == tIdent && len(t.Value) > 1 && t.Value[0] == 'x' && isDim(rest(t)):
				// 3x4, 1xa, n x4: the lexer took x4 for a name.
				x, rest := splitToken(t, 1)
				x.Type = tTimes
				out = append(out, x, rest)
				state = done
				ndecl++
				continue
			default:
				return badShapeTimes(name, t)
			}
		case wantCols:
			if !isDim(t) {
				return badShapeCols(name, t)
			}
			cols = true
			state = done
			ndecl++
		case done:
			switch {
			case t.Type == tPunct && t.Value == "*" && isDim(at(i+1)) && cols:
				// 1 x n*p: a product of sizes in the columns.
				out = append(out, t, at(i+1))
				i++
				continue
			case t.EOF():
			case isSep(t):
				state, cols = wantName, false
			default:
				return afterDecl(name, t)
			}
		}
		if !t.EOF() {
			out = append(out, t)
		}
	}
	toks := append(append(s.toks[:s.decl:s.decl], out...), eof)
	s.toks = toks
	return nil
}

// rest returns t without its first byte.
func rest(t lexer.Token) lexer.Token {
	_, r := splitToken(t, 1)
	return r
}

// isDim reports whether t can be a size: a number or a dimension name.
func isDim(t lexer.Token) bool { return t.Type == tNumber || t.Type == tIdent }

// splitShape splits a word such as nxn or nx1 at an x into rows, Times and
// cols.
func splitShape(t lexer.Token) ([]lexer.Token, bool) {
	for i := 1; i < len(t.Value)-1; i++ {
		if t.Value[i] != 'x' {
			continue
		}
		rows, rest := splitToken(t, i)
		x, cols := splitToken(rest, 1)
		if isDim(rows) && isDim(cols) {
			x.Type = tTimes
			return []lexer.Token{rows, x, cols}, true
		}
	}
	return nil, false
}

// splitToken splits t after n bytes, and classifies both parts anew.
func splitToken(t lexer.Token, n int) (lexer.Token, lexer.Token) {
	a, b := t, t
	a.Value, b.Value = t.Value[:n], t.Value[n:]
	b.Pos.Advance(a.Value)
	a.Type, b.Type = classify(a.Value), classify(b.Value)
	return a, b
}

// classify returns the type of a whole word: Number, Ident or Other.
func classify(s string) lexer.TokenType {
	if s == "" {
		return tOther
	}
	allDigits := true
	for _, r := range s {
		if r < '0' || r > '9' {
			allDigits = false
		}
	}
	if allDigits {
		return tNumber
	}
	r, _ := utf8.DecodeRuneInString(s)
	if isLetter(r) {
		for _, r := range s {
			if !isLetter(r) && !(r >= '0' && r <= '9') && r != '_' {
				return tOther
			}
		}
		return tIdent
	}
	return tOther
}
