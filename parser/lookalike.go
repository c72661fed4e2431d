package parser

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
	"golang.org/x/text/width"

	"github.com/matdiff/matdiff/ast"
)

// Letters that look like Latin ones make names that look like others but
// are not: x and a Cyrillic х are two variables. A name is refused when a
// letter in it is a lookalike and
//
//   - the letter is a form of another that passes for it (full-width ｘ,
//     the mathematical italic 𝑥 of an equation editor, the ligature ﬁ; see
//     compatForm): always, since its NFKC form is what the user meant;
//   - or a part of the name (between underscores) mixes the lookalike with
//     Latin letters (vаr with a Cyrillic а);
//   - or a part is made of strong lookalikes only (а, хр, Greek capital Α,
//     omicron ο), so that the whole part reads as a Latin name.
//
// A name in Greek (α, μ, σ, ρ, χ, Σ_k) or in Cyrillic with letters that do
// not pass for Latin ones (вес, ж) is a name like any other, and so is a
// part such as the ρ of ρ_x, which is Greek alone.

// CheckName reports a name with a letter that passes for another, as
// Parse would in an expression (for names given outside one, such as the
// variable of --wrt). The error has no position; its message names the
// letter and its hint the name as it was meant. Other names, and words
// that are no names, give nil.
func CheckName(name string) error {
	if classify(name) != tIdent {
		return nil
	}
	if e := checkLookalikes(lexer.Token{Type: tIdent, Value: name, Pos: pos0}); e != nil {
		e.Pos = ast.Pos{}
		return e
	}
	return nil
}

// lookalike is a letter of another script that looks like a Latin one.
type lookalike struct {
	latin  rune
	strong bool // looks the same in every font: refused even alone
}

// lookalikes returns the lookalikes of Latin letters, built on first use:
// only a name with a letter of another script needs them.
var lookalikes = sync.OnceValue(makeLookalikes)

func makeLookalikes() map[rune]lookalike {
	return map[rune]lookalike{
		// Cyrillic
		'а': {'a', true}, 'е': {'e', true}, 'о': {'o', true}, 'р': {'p', true}, 'с': {'c', true},
		'у': {'y', true}, 'х': {'x', true}, 'ѕ': {'s', true}, 'і': {'i', true}, 'ј': {'j', true},
		'ԁ': {'d', true}, 'һ': {'h', true}, 'ԛ': {'q', true}, 'ԝ': {'w', true}, 'ү': {'y', true},
		'ӏ': {'l', true},
		'А': {'A', true}, 'В': {'B', true}, 'Е': {'E', true}, 'К': {'K', true}, 'М': {'M', true},
		'Н': {'H', true}, 'О': {'O', true}, 'Р': {'P', true}, 'С': {'C', true}, 'Т': {'T', true},
		'Х': {'X', true}, 'Ѕ': {'S', true}, 'І': {'I', true}, 'Ј': {'J', true}, 'Ԛ': {'Q', true},
		'Ԝ': {'W', true}, 'Ү': {'Y', true}, 'Ӏ': {'I', true},
		'в': {'B', false}, 'к': {'k', false}, 'м': {'M', false}, 'н': {'H', false}, 'т': {'T', false},
		// Greek: the capitals that are Latin capitals, and omicron; the small
		// letters that are names of their own only in a mixed part.
		'Α': {'A', true}, 'Β': {'B', true}, 'Ε': {'E', true}, 'Ζ': {'Z', true}, 'Η': {'H', true},
		'Ι': {'I', true}, 'Κ': {'K', true}, 'Μ': {'M', true}, 'Ν': {'N', true}, 'Ο': {'O', true},
		'Ρ': {'P', true}, 'Τ': {'T', true}, 'Υ': {'Y', true}, 'Χ': {'X', true}, 'ο': {'o', true},
		'ν': {'v', false}, 'ι': {'i', false}, 'κ': {'k', false}, 'ρ': {'p', false}, 'υ': {'u', false},
		'χ': {'x', false},
		// Armenian
		'օ': {'o', true}, 'ս': {'u', true}, 'հ': {'h', true}, 'ո': {'n', false}, 'ց': {'g', false},
	}
}

// compatForm returns the letters that r is a stand-in for, and their
// script, when r is a form of them that passes for them: a full-width
// letter (ｘ for x), a mathematical italic, sans-serif or monospace one as
// an equation editor writes it (𝑥 for x, 𝛼 for α, and ℎ, the italic h), a
// ligature (ﬁ for fi) or another compatibility form of Latin letters (ſ
// for s). Forms that look different on purpose are names of their own:
// bold, script, fraktur and double-struck letters (𝐱, ℒ, 𝔤, ℝ), and the
// letterlike symbols (ℓ).
func compatForm(r rune) (meant, script string) {
	if r < utf8.RuneSelf {
		return "", ""
	}
	switch {
	case width.LookupRune(r).Kind() == width.EastAsianFullwidth:
	case r == 'ℎ':
		return "h", "Latin"
	case r >= 0x1D400 && r <= 0x1D7FF:
		name := runenames.Name(r)
		for _, style := range []string{"BOLD", "SCRIPT", "FRAKTUR", "DOUBLE-STRUCK"} {
			if strings.Contains(name, style) {
				return "", ""
			}
		}
	case r >= 0xFB00 && r <= 0xFB06, isLatin(r):
	default:
		return "", ""
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFKC.Properties(buf[:n]).Decomposition() // no allocation
	if d == nil {
		return "", ""
	}
	ascii := true
	for _, c := range d {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			ascii = false
		}
	}
	if ascii {
		return string(d), "Latin"
	}
	if g, n := utf8.DecodeRune(d); n == len(d) && unicode.Is(unicode.Greek, g) && unicode.IsLetter(g) {
		return string(d), "Greek"
	}
	return "", ""
}

// runeName returns the Unicode name of r in lower case, or "".
func runeName(r rune) string { return strings.ToLower(runenames.Name(r)) }

// isLatin reports whether r is a Latin letter.
func isLatin(r rune) bool { return unicode.Is(unicode.Latin, r) }

// checkLookalikes reports the first lookalike letter in a name (an Ident
// or the name of a pattern variable), with the name as it was meant.
func checkLookalikes(t lexer.Token) *ast.Error {
	name := t.Value
	if t.Type == tPatVar {
		name = name[strings.IndexByte(name, '?')+1:]
	}
	nonASCII := false
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			nonASCII = true
			break
		}
	}
	if !nonASCII {
		return nil
	}
	var fixed strings.Builder
	first, firstAt, firstMeant, firstScript := rune(0), -1, "", ""
	base := 0
	for _, part := range strings.SplitAfter(name, "_") {
		latin, allStrong := false, true
		for _, r := range part {
			if !isLetter(r) {
				continue
			}
			l, ok := lookalikes()[r]
			switch {
			case isLatin(r):
				latin = true
			case !ok || !l.strong:
				allStrong = false
			}
		}
		for i, r := range part {
			meant, script := compatForm(r)
			if l, ok := lookalikes()[r]; ok && meant == "" && (latin || allStrong) {
				meant, script = string(l.latin), "Latin"
			}
			if meant == "" {
				fixed.WriteRune(r)
				continue
			}
			fixed.WriteString(meant)
			if firstAt < 0 {
				first, firstAt, firstMeant, firstScript = r, base+i, meant, script
			}
		}
		base += len(part)
	}
	if firstAt < 0 {
		return nil
	}
	prefix := t.Value[:len(t.Value)-len(name)] // the ? of a pattern variable
	p := t.Pos
	p.Advance(prefix + name[:firstAt])
	what := "letter"
	if utf8.RuneCountInString(firstMeant) > 1 {
		what = "letters"
	}
	shown := quote(string(first))
	if n := runeName(first); n != "" {
		shown += " (" + n + ")"
	}
	return withHint(errAt(p, "%s looks like the %s %s %s", shown, firstScript, what, quote(firstMeant)),
		"write %s", quote(prefix+fixed.String()))
}
