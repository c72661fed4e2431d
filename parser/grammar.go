package parser

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The concrete syntax tree. Parse lowers it to ast nodes at once; nothing
// outside this package sees it. The grammar, one production a level of
// LANGUAGE.md, loosest first:
//
//	Top         = Frob WhereClause? .
//	Frob        = Sum FrobOp* .                                level 1: A : B
//	FrobOp      = ":" Sum .
//	Sum         = Neg SumOp* .                                 level 2: A + B, A - B
//	SumOp       = ("+" | "-") Neg .
//	Neg         = Minus* Juxt .                                level 3: -A
//	Minus       = "-" .
//	Juxt        = Had+ .                                       level 4: A B
//	Had         = Postfix HadOp* .                             level 5
//	HadOp       = ("*" | "@" | "/" | ".*" | "∘" | "⊙" | "./" | "⊗" | "⊘") Postfix .
//	Postfix     = Atom PostOp* .                               level 6
//	PostOp      = "'" | "ᵀ" | "⁻¹" | "⁻ᵀ" | "^" Power | ".^" Number .
//	Power       = "-" "T" | "T" | Number | "(" Frob ")" | "{" Frob "}" .
//	Number      = ("-" | "+")? <number> .
//	Atom        = Call | Norm | <patvar> | <ident> | <number> | "(" Frob ")" .   level 7
//	Norm        = <normopen> Frob <normclose> ("_" (<ident> | <number>))? .
//	Call        = <func> Args? .
//	Args        = "(" (Frob ("," Frob)*)? ")" .
//	WhereClause = <where> DeclList .
//	DeclList    = Decl ((";" | ",") Decl?)* .
//	Decl        = <ident> ":" Shape .
//	Shape       = "scalar" | "symmetric"? Dim <times> Dim .
//	Dim         = (<number> | <ident>) ("*" (<number> | <ident>))* .
//
// A juxtaposition operand is a Had, which cannot start with "-", so A - B
// is a difference. The tokens <func>, <where> and <times> are made by scan,
// not by the lexer: a function name in the expression, the first "where",
// and the x (or × or *) between rows and columns in a shape. A Call without
// Args, a bare function name, is in the grammar only to be reported well.
// ⊗ and ⊘ are there so that the unicode format reads back too. The bars of
// a norm, || or ‖, are <normopen> and <normclose> as scan pairs them. A
// braced or parenthesised exponent is checked when it is lowered: T, -T, a
// number or, for a 1x1 base, a constant.
// testdata/grammar.ebnf holds what participle makes of these structs.

type top struct {
	X     *frob        `parser:"@@"`
	Where *whereClause `parser:"@@?"`
}

type whereClause struct {
	Pos   lexer.Position
	Kw    string    `parser:"@Where"`
	Decls *declList `parser:"@@"`
}

type frob struct {
	X    *sum      `parser:"@@"`
	Rest []*frobOp `parser:"@@*"`
}

type frobOp struct {
	Pos lexer.Position
	Op  string `parser:"@':'"`
	Y   *sum   `parser:"@@"`
}

type sum struct {
	X    *neg     `parser:"@@"`
	Rest []*sumOp `parser:"@@*"`
}

type sumOp struct {
	Pos lexer.Position
	Op  sumOpTok `parser:"@@"`
	Y   *neg     `parser:"@@"`
}

type neg struct {
	Minus []*minus `parser:"@@*"`
	X     *juxt    `parser:"@@"`
}

type minus struct {
	Pos lexer.Position
	Op  string `parser:"@'-'"`
}

type juxt struct {
	Factors []*had `parser:"@@+"`
}

type had struct {
	Pos  lexer.Position
	X    *postfix `parser:"@@"`
	Rest []*hadOp `parser:"@@*"`
}

type hadOp struct {
	Pos lexer.Position
	Op  hadOpTok `parser:"@@"`
	Y   *postfix `parser:"@@"`
}

type postfix struct {
	Pos lexer.Position
	X   *atom     `parser:"@@"`
	Ops []*postOp `parser:"@@*"`
}

type postOp struct {
	Pos  lexer.Position
	Op   postOpTok `parser:"(  @@"`
	Pow  *power    `parser:" | '^' @@"`
	EPow *epower   `parser:" | '.^' @@ )"`
}

// epower is an elementwise exponent: a signed number, or a number in
// parentheses such as (-1/2).
type epower struct {
	Pos   lexer.Position
	N     *number `parser:"  @@"`
	Paren *frob   `parser:"| '(' @@ ')'"`
}

type power struct {
	Pos   lexer.Position
	NegT  bool    `parser:"  @('-' 'T')"`
	T     bool    `parser:"| @'T'"`
	N     *number `parser:"| @@"`
	Paren *frob   `parser:"| '(' @@ ')'"`
	Brace *frob   `parser:"| '{' @@ '}'"`
}

type number struct {
	Pos  lexer.Position
	Sign string `parser:"@('-' | '+')?"`
	Val  string `parser:"@Number"`
}

type atom struct {
	Pos   lexer.Position
	Name  string    `parser:"  @Ident"`
	Num   string    `parser:"| @Number"`
	Call  *call     `parser:"| @@"`
	Norm  *normBars `parser:"| @@"`
	Var   string    `parser:"| @PatVar"`
	Paren *frob     `parser:"| '(' @@ ')'"`
}

// normBars is ||A||, ‖A‖, with a subscript maybe: ||A||_F, ||x||_2, ||x||_1.
type normBars struct {
	Pos lexer.Position
	Bar string   `parser:"@NormOpen"`
	X   *frob    `parser:"@@ NormClose"`
	Sub *normSub `parser:"( '_' @@ )?"`
}

type normSub struct {
	Pos lexer.Position
	Val string `parser:"@(Ident | Number)"`
}

type call struct {
	Pos  lexer.Position
	Fun  string `parser:"@Func"`
	Args *args  `parser:"@@?"`
}

type args struct {
	Open bool    `parser:"@'('"`
	List []*frob `parser:"( @@ ( ',' @@ )* )? ')'"`
}

type declList struct {
	Decls []*decl `parser:"@@ ( ( ';' | ',' ) @@? )*"`
}

type decl struct {
	Pos   lexer.Position
	Name  string `parser:"@Ident ':'"`
	Shape *shape `parser:"@@"`
}

type shape struct {
	Pos       lexer.Position
	Scalar    bool `parser:"(  @'scalar'"`
	Symmetric bool `parser:" | @'symmetric'?"`
	Rows      *dim `parser:"   @@ Times"`
	Cols      *dim `parser:"   @@ )"`
}

type dim struct {
	Pos  lexer.Position
	Val  string      `parser:"@(Number | Ident)"`
	More []*dimTimes `parser:"@@*"`
}

// dimTimes is one more factor of a size that is a product: the p of n*p.
type dimTimes struct {
	Pos lexer.Position
	Val string `parser:"'*':Punct @(Number | Ident)"`
}

// The operators of SumOp, HadOp and PostOp are each one token of a set:
// a disjunction of literals would have participle try (and branch for)
// each literal in turn, after every operand.
type (
	sumOpTok  string // "+" | "-"
	hadOpTok  string // "*" | "@" | "/" | ".*" | "∘" | "⊙" | "./" | "⊗" | "⊘"
	postOpTok string // "'" | "ᵀ" | "⁻¹" | "⁻ᵀ"
)

func (o *sumOpTok) Parse(lex *lexer.PeekingLexer) error {
	return oneOf(lex, (*string)(o), "+", "-")
}

func (o *hadOpTok) Parse(lex *lexer.PeekingLexer) error {
	return oneOf(lex, (*string)(o), "*", "@", "/", ".*", "∘", "⊙", "./", "⊗", "⊘")
}

func (o *postOpTok) Parse(lex *lexer.PeekingLexer) error {
	return oneOf(lex, (*string)(o), "'", "ᵀ", "⁻¹", "⁻ᵀ")
}

// oneOf takes the next token into dst if its text is one of ops, as a
// disjunction of literals would; participle.NextMatch if it is none.
func oneOf(lex *lexer.PeekingLexer, dst *string, ops ...string) error {
	t := lex.Peek()
	for _, op := range ops {
		if t.Value == op && !t.EOF() {
			lex.Next()
			*dst = op
			return nil
		}
	}
	return participle.NextMatch
}

// The parsers are built on first use, each once: building one takes
// participle from a few hundred microseconds to a few milliseconds (at a
// process's start, on fresh memory), and a process that derives waits for
// them. An input with a where clause is parsed in two parts, the
// expression by exprParser and the declarations by declsParser, so that
// the two can be built side by side (as matdiff does as it starts);
// topParser, the grammar whole, is only built for Grammar.
var (
	exprParser  = sync.OnceValue(func() *participle.Parser[frob] { return participle.MustBuild[frob](participle.Lexer(tokens)) })
	declsParser = sync.OnceValue(func() *participle.Parser[declList] {
		return participle.MustBuild[declList](participle.Lexer(tokens))
	})
	topParser = sync.OnceValue(func() *participle.Parser[top] { return participle.MustBuild[top](participle.Lexer(tokens)) })
)

// Grammar returns the grammar as EBNF, as participle prints it.
func Grammar() string { return topParser().String() }
