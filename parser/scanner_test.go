package parser_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// ruleLexer is the lexer as participle's regular expressions define it,
// which the hand-written one must match token for token.
var ruleLexer = func() *lexer.StatefulDefinition {
	const (
		letter   = `\p{Lu}\p{Ll}\p{Lt}\p{Lo}`
		nameRE   = `[` + letter + `][` + letter + `0-9_]*`
		numberRE = `(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`
	)
	return lexer.MustSimple([]lexer.SimpleRule{
		{Name: "whitespace", Pattern: `[\s\p{Zs}]+`},
		{Name: "PatVar", Pattern: `d?\?` + nameRE},
		{Name: "Number", Pattern: numberRE},
		{Name: "Ident", Pattern: nameRE},
		{Name: "Punct", Pattern: `\.\^|\.\*|\./|\*\*|⁻¹|⁻ᵀ|\|\||[-+*/^'ᵀ∘⊙⊗⊘:(),;×−@{}_‖]`},
		{Name: "Other", Pattern: `(?s).`},
	})
}()

// checkTokens fails t if the lexer and the rules split in differently.
func checkTokens(t *testing.T, in string) {
	t.Helper()
	lx, err := ruleLexer.LexString("", in)
	if err != nil {
		t.Fatal(err)
	}
	want, err := lexer.ConsumeAll(lx)
	if err != nil {
		t.Fatalf("rules on %q: %v", in, err)
	}
	if got := parser.Tokens(in); !slices.Equal(got, want) {
		t.Fatalf("tokens of %q:\n got %v\nwant %v", in, got, want)
	}
}

// scannerInputs are inputs at the edges of the rules.
var scannerInputs = []string{
	"", " ", "x", "x' A x where x: n x 1, A: n x n",
	"1", "1.5", "1.", ".5", ".", "..5", "1.5.5", "1e3", "1e", "1e+", "1e+3", "1E-3x", ".5e2", "1.e3", "3x4", "0x1F",
	"?A", "d?A", "d?", "?", "??A", "d??A", "dd?A", "?1", "d?_", "?A_1b",
	".^", ".*", "./", "**", "***", "⁻¹", "⁻ᵀ", "⁻", "⁻1", "||", "|", "|||", "‖x‖", "x⁻¹ᵀ",
	"-+*/^'ᵀ∘⊙⊗⊘:(),;×−@{}_‖", "x_1", "_x", "a__b", "x\ty\nz\r\fw\vq", "a\u00a0b\u2003c\u3000d\u202f",
	"xᵀ", "αβ γ", "Ωx", "ǅx", "ʰx", "x\u0301", "𝑥", "ｘ", "x٣", "x²", "x\x00y", "\xff", "x\xffy", "\xe2\x81", "\xe2\x81\xbb\xc2",
	"\ufffd", "a\u2028b", "𝟏ₙ", "0ₘₓₙ", "Kₘ,ₙ", "Iₙ", "where", "wherex:", "x\n\ny  z", "\n\n x",
	"tr(A X) + sum(exp(x)) .* ||x||_2 ^ {-1} ^T",
}

func TestScannerMatchesRules(t *testing.T) {
	for _, in := range scannerInputs {
		checkTokens(t, in)
	}
	for _, tt := range parseTests {
		checkTokens(t, tt.in)
	}
	for _, in := range roundTrips {
		checkTokens(t, in)
	}
	for _, tt := range errorTests {
		checkTokens(t, tt.in)
	}
}

// TestScannerSymbols checks that the token types are numbered as
// participle numbers the rules.
func TestScannerSymbols(t *testing.T) {
	got, want := parser.Symbols(), ruleLexer.Symbols()
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("%s: %d, want %d", name, got[name], typ)
		}
	}
	if len(got) != len(want) {
		t.Errorf("symbols %v, want %v", got, want)
	}
}

// FuzzScanner checks that the lexer splits every input as the rules do.
func FuzzScanner(f *testing.F) {
	for _, in := range scannerInputs {
		f.Add(in)
	}
	for _, in := range roundTrips {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 2000 {
			t.Skip()
		}
		checkTokens(t, in)
	})
}

// TestScannerRandom compares the lexer with the rules on random inputs
// made of the characters at their edges.
func TestScannerRandom(t *testing.T) {
	alphabet := []string{" ", "\t", "\n", "\v", "\u00a0", "\u2003", "x", "d", "e", "E", "w", "Z", "α", "ʰ", "ᵀ", "⁻", "¹", "0", "9", "٣",
		".", "?", "_", "^", "*", "/", "|", "‖", "+", "-", "−", "'", "(", ")", "{", "}", ",", ";", ":", "×", "@", "∘", "⊗",
		"𝟏", "ₙ", "ₓ", "\xff", "\xe2\x81", "\u0301", "%"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		checkTokens(t, b.String())
	}
}

// TestWholeGrammar checks that parsing an input in its two parts, the
// expression and the declarations, each by a parser of its own, gives
// what the grammar whole (Grammar, testdata/grammar.ebnf) gives, on every
// input of the tests and on each of them cut at every blank: the two
// accept the same inputs, and read them the same.
func TestWholeGrammar(t *testing.T) {
	var ins []string
	for _, tt := range parseTests {
		ins = append(ins, tt.in)
	}
	for _, tt := range errorTests {
		ins = append(ins, tt.in)
	}
	ins = append(append(ins, roundTrips...), scannerInputs...)
	// Declarations of every form, which parse reads without participle.
	ins = append(ins, "s x' A x where s: scalar, x: n x 1, A: symmetric n x n",
		"sum(vec(X)) where X: n*p x q*2*r; y: 2 x 3,", "x where x: n*2*p x 1,, s: scalar;",
		"x' x where x: nx1", "x' y where x: 3x1, y: 3 x1", "x where x: symmetric n x n, y: n x scalar",
		"x where x: n x 1, x: n x 1", "x where x: n x m*", "x where x: n * p x 1")
	n := len(ins)
	for _, in := range ins[:n] {
		for i := range len(in) {
			if in[i] == ' ' {
				ins = append(ins, in[:i], in[i+1:], in[:i]+" where x: n x 1, A: n x n")
			}
		}
	}
	whole := 0
	for _, in := range ins {
		type result struct {
			e   ast.Expr
			ds  ast.Decls
			err error
		}
		var got, want result
		got.e, got.ds, got.err = parser.Parse(in)
		want.e, want.ds, want.err = parser.ParseWhole(in)
		if (got.err == nil) != (want.err == nil) || got.err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(%q): %v %v %v, with the grammar whole %v %v %v", in, got.e, got.ds, got.err, want.e, want.ds, want.err)
		}
		if got.err == nil && strings.Contains(in, "where") {
			whole++
		}
	}
	t.Logf("%d of %d inputs parse with a where clause", whole, len(ins))
	if whole < 100 {
		t.Errorf("only %d of %d inputs parse with a where clause", whole, len(ins))
	}
}
