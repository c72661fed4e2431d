package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// The unicode format writes ones(n) as 𝟏ₙ, ones(m, n) as 𝟏ₘₓₙ, zeros(m, n)
// as 0ₘₓₙ, commutation(m, n) as Kₘ,ₙ and Diag(ones(n)), the identity of
// size n, as Iₙ, with the sizes in subscript
// letters (a product m*n as ₘ·ₙ). expandSized turns these back into the
// calls, so that the unicode format reads back too.

const subFrom, subTo = "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ·", "0123456789aehijklmnoprstuvx*"

// unsub returns the plain letter of a subscript letter.
func unsub(r rune) (rune, bool) {
	from, to := []rune(subFrom), []rune(subTo)
	for i, f := range from {
		if f == r {
			return to[i], true
		}
	}
	return 0, false
}

// isSub reports whether every letter of v is a subscript.
func isSub(v string) bool {
	for _, r := range v {
		if _, ok := unsub(r); !ok {
			return false
		}
	}
	return v != ""
}

// expandSized replaces each 𝟏, 0 or K that a subscript follows at once
// by the call it stands for. The new tokens stand where the 𝟏 stood.
func expandSized(toks []lexer.Token) []lexer.Token {
	// out is nil until a call is expanded: most inputs have none, and
	// their tokens are returned as they are.
	var out []lexer.Token
	keep := func(i int) {
		if out != nil {
			out = append(out, toks[i])
		}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		fn, sep := "", ""
		switch {
		case t.Value == "𝟏":
			fn, sep = "ones", "ₓ"
		case t.Type == tNumber && t.Value == "0":
			fn, sep = "zeros", "ₓ"
		case t.Type == tIdent && t.Value == "K":
			fn, sep = "commutation", ","
		case t.Type == tIdent && t.Value == "I":
			fn, sep = "eye", "ₓ" // Iₙ: the identity of size n, Diag(ones(n))
		}
		// The subscript: the tokens right after t, with nothing between.
		var sub strings.Builder
		end := t.Pos.Offset + len(t.Value)
		j := i + 1
		for fn != "" && j < len(toks) && toks[j].Pos.Offset == end && !toks[j].EOF() {
			v := toks[j].Value
			// One comma, between two subscripts: Kₘ,ₙ.
			ok := v == "," && sep == "," && !strings.Contains(sub.String(), ",") && sub.Len() > 0 &&
				j+1 < len(toks) && toks[j+1].Pos.Offset == end+1 && isSub(toks[j+1].Value)
			if !ok && v != "," {
				ok = isSub(v)
			}
			if !ok {
				break
			}
			sub.WriteString(v)
			end += len(v)
			j++
		}
		if fn == "" || sub.Len() == 0 || fn == "zeros" && !strings.Contains(sub.String(), sep) {
			keep(i)
			continue
		}
		parts := strings.Split(sub.String(), sep)
		if fn == "eye" && len(parts) != 1 || fn != "ones" && fn != "eye" && len(parts) != 2 {
			keep(i)
			continue
		}
		if out == nil {
			out = append(make([]lexer.Token, 0, len(toks)+8), toks[:i]...)
		}
		var src strings.Builder
		if fn == "eye" {
			src.WriteString("Diag(")
			fn = "ones"
		}
		src.WriteString(fn + "(")
		for k, p := range parts {
			if k > 0 {
				src.WriteString(", ")
			}
			for _, r := range p {
				if r == ',' {
					continue
				}
				plain, _ := unsub(r)
				src.WriteRune(plain)
			}
		}
		src.WriteString(")")
		if strings.HasPrefix(src.String(), "Diag(") {
			src.WriteString(")")
		}
		more := lexAll(src.String())
		for _, m := range more[:len(more)-1] { // without EOF
			m.Pos = t.Pos
			out = append(out, m)
		}
		i = j - 1
	}
	if out == nil {
		return toks
	}
	return out
}
