package parser

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// The lexer is written out by hand rather than given to participle as
// regular expressions: compiling those took a process more time than
// parsing and deriving the worked example. It splits the input as these
// rules would, tried in order at each place, the first that matches
// winning (the rules of a participle simple lexer; TestScannerMatchesRules
// and FuzzScanner hold the two to the same tokens):
//
//	whitespace  [\s\p{Zs}]+                   (dropped)
//	PatVar      d?\?NAME
//	Number      (?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?
//	Ident       NAME
//	Punct       \.\^|\.\*|\./|\*\*|⁻¹|⁻ᵀ|\|\||[-+*/^'ᵀ∘⊙⊗⊘:(),;×−@{}_‖]
//	Other       (?s).
//
// where NAME is a letter and then letters, digits 0-9 and _. The letters
// of a name are those of every script except the modifier letters
// (\p{Lu}\p{Ll}\p{Lt}\p{Lo}), so that ᵀ (a modifier letter) stays an
// operator and Aᵀ reads as A transposed.

// The token types, numbered as participle numbers the rules of a simple
// lexer: EOF, then each rule in order.
const (
	tWhitespace lexer.TokenType = lexer.EOF - 1 - iota
	tPatVar
	tNumber
	tIdent
	tPunct
	tOther

	// Types that scan gives to tokens by where they stand.
	tFunc  // a function name in an expression
	tWhere // the where keyword
	tTimes // the x between rows and columns in a shape (n x 1)
	tOpen  // the opening bars of a norm
	tClose // the closing bars of a norm
)

// ruleNames are the names of the lexer's token types, as the grammar
// refers to them.
var ruleNames = []struct {
	name string
	typ  lexer.TokenType
}{{"EOF", lexer.EOF}, {"whitespace", tWhitespace}, {"PatVar", tPatVar}, {"Number", tNumber}, {"Ident", tIdent}, {"Punct", tPunct}, {"Other", tOther}}

// scanDef is the lexer definition of the language's tokens.
type scanDef struct{}

// baseLexer splits the input into tokens. Other takes any single
// character no other rule wants, so that lexing never fails and the
// parser can say what is wrong with it.
var baseLexer scanDef

func (scanDef) Symbols() map[string]lexer.TokenType {
	m := make(map[string]lexer.TokenType, len(ruleNames))
	for _, r := range ruleNames {
		m[r.name] = r.typ
	}
	return m
}

func (d scanDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	var b strings.Builder
	if _, err := io.Copy(&b, io.LimitReader(r, 4*MaxInput+1)); err != nil {
		return nil, err
	}
	return d.LexString(filename, b.String())
}

func (scanDef) LexString(filename, s string) (lexer.Lexer, error) {
	return &scanner{data: s, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}, nil
}

// lexAll returns the tokens of s, the last one EOF.
func lexAll(s string) []lexer.Token {
	sc := scanner{data: s, pos: lexer.Position{Line: 1, Column: 1}}
	// Most tokens are a character or two, and blanks stand between many:
	// a token for every other byte, and more for a short input, is
	// mostly room enough.
	toks := make([]lexer.Token, 0, max(len(s)/2, min(len(s), 256))+1)
	for {
		t := sc.next()
		toks = append(toks, t)
		if t.EOF() {
			return toks
		}
	}
}

// scanner is the lexer of one input.
type scanner struct {
	data string // what is left to read
	pos  lexer.Position
}

func (s *scanner) Next() (lexer.Token, error) { return s.next(), nil }

func (s *scanner) next() lexer.Token {
	for s.data != "" {
		typ, n := match(s.data)
		span := s.data[:n]
		s.data = s.data[n:]
		pos := s.pos
		s.pos.Advance(span)
		if typ != tWhitespace {
			return lexer.Token{Type: typ, Value: span, Pos: pos}
		}
	}
	return lexer.EOFToken(s.pos)
}

// match returns the type and the length in bytes of the token at the start
// of s, which is not empty.
func match(s string) (lexer.TokenType, int) {
	if n := spaces(s); n > 0 {
		return tWhitespace, n
	}
	c := s[0]
	if c == '?' || c == 'd' && len(s) > 1 && s[1] == '?' {
		at := 1
		if c == 'd' {
			at = 2
		}
		if n := nameLen(s[at:]); n > 0 {
			return tPatVar, at + n
		}
	}
	if n := numberLen(s); n > 0 {
		return tNumber, n
	}
	if n := nameLen(s); n > 0 {
		return tIdent, n
	}
	if n := punct(s); n > 0 {
		return tPunct, n
	}
	if c < utf8.RuneSelf {
		return tOther, 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return tOther, n
}

// spaces returns the length of the blanks at the start of s: \s of a
// regular expression (tab, newline, form feed, carriage return, space) and
// the space separators of Unicode.
func spaces(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Zs, r) {
			break
		}
		i += n
	}
	return i
}

// nameLen returns the length of the name at the start of s, or 0.
func nameLen(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && ('0' <= c && c <= '9' || c == '_') {
				i++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isLetter(r) {
			break
		}
		i += n
	}
	return i
}

// digits returns the length of the digits 0-9 at the start of s.
func digits(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// numberLen returns the length of the number at the start of s, or 0: digits
// with an optional fraction, or a fraction alone (.5), then an optional
// exponent.
func numberLen(s string) int {
	i := digits(s)
	if i < len(s) && s[i] == '.' {
		if f := digits(s[i+1:]); f > 0 {
			i += 1 + f
		}
	}
	if i == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if e := digits(s[j:]); e > 0 {
			i = j + e
		}
	}
	return i
}

// multiPunct are the operators of more than one character, in the order
// the rule tries them.
var multiPunct = [...]string{".^", ".*", "./", "**", "⁻¹", "⁻ᵀ", "||"}

// punct returns the length of the operator or punctuation at the start of
// s, or 0.
func punct(s string) int {
	for _, p := range multiPunct {
		if strings.HasPrefix(s, p) {
			return len(p)
		}
	}
	if c := s[0]; c < utf8.RuneSelf {
		if strings.IndexByte("-+*/^':(),;@{}_", c) >= 0 {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case 'ᵀ', '∘', '⊙', '⊗', '⊘', '×', '−', '‖':
		return n
	}
	return 0
}

// isNumber reports whether s is a whole number as the lexer reads one.
func isNumber(s string) bool { return s != "" && numberLen(s) == len(s) }
