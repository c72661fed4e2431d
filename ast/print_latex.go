package ast

import (
	"strings"
	"unicode/utf8"
)

// An Option changes how PrintWith prints, in the manner of gonum's
// mat.Formatted(m, mat.Prefix(...)).
type Option func(*printer)

// Typeset prints LaTeX the way an expert typesets it by hand: plain
// parentheses where nothing nests inside them, \bigl( and \Bigl( around
// nested groups, \left( \right) only around a fraction or a root, no
// parentheses around a fraction in a product, X^{-\top} for the inverse
// of a transpose, a thin space beside a differential (A\,\mathrm{d}X).
// In unicode it writes small integer powers as superscripts (A², x∘², X⁻ᵀ);
// that output is for reading, and need not parse back. The text format
// ignores it.
func Typeset() Option { return func(p *printer) { p.typeset = true } }

// MathsfTranspose writes the transpose in LaTeX as ^{\mathsf{T}} instead
// of ^\top.
func MathsfTranspose() Option { return func(p *printer) { p.mathsf = true } }

// Bold typesets in bold (\mathbf, or \boldsymbol for Greek) the names for
// which bold reports true, such as the vectors.
func Bold(bold func(name string) bool) Option { return func(p *printer) { p.bold = bold } }

// withBreaks keeps the marks of the places where a line may break.
func withBreaks() Option { return func(p *printer) { p.marks = true } }

func stripBreaks(s string) string {
	if strings.IndexByte(s, breakMark) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == breakMark {
			i++ // the depth digit
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// LaTeXLines prints e in LaTeX (with the options; Typeset is the one
// meant) broken into lines no wider than first for the first line and
// rest for the others, as measured by
// LaTeXWidth, where it can be: before a +, - or :, or else a Hadamard
// product or division, that stands outside any braces and any \left ...
// \right pair, preferring the places that are least deep in parentheses. Every line after the first starts with its
// operator. A part that cannot be broken stays whole, however long.
func LaTeXLines(e Expr, first, rest float64, opts ...Option) []string {
	s := PrintWith(e, FormatLaTeX, append(opts, withBreaks())...)
	type seg struct {
		text  string
		depth int // of the break before it
	}
	var segs []seg
	start, depth, braces, lefts := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && strings.HasPrefix(s[i:], `\left`):
			lefts++
		case s[i] == '\\' && strings.HasPrefix(s[i:], `\right`):
			lefts--
		case s[i] == '\\':
			i++ // \{ \} and the like
		case s[i] == '{':
			braces++
		case s[i] == '}':
			braces--
		case s[i] == breakMark:
			if braces == 0 && lefts == 0 {
				segs = append(segs, seg{s[start:i], depth})
				depth = int(s[i+1] - '0')
				start = i + 2
			}
		}
	}
	segs = append(segs, seg{s[start:], depth})
	for i := range segs {
		segs[i].text = stripBreaks(segs[i].text)
	}
	var lines []string
	for i := 0; i < len(segs); {
		// Segments i..end-1 go onto one line: all the rest if it fits,
		// else the shallowest break among those that fill at least a
		// third of the line (the last of equals), else the last that fits.
		type cut struct {
			end, depth int
			w          float64
		}
		var cuts []cut
		w, width := 0.0, rest
		if i == 0 {
			width = first
		}
		for j := i; j < len(segs); j++ {
			w += LaTeXWidth(segs[j].text)
			if w > width && j > i {
				break
			}
			d := 0
			if j+1 < len(segs) {
				d = segs[j+1].depth
			}
			cuts = append(cuts, cut{j + 1, d, w})
		}
		best := cuts[len(cuts)-1]
		if best.end < len(segs) {
			found := false
			for _, c := range cuts {
				if c.w >= width*0.3 && (!found || c.depth <= best.depth) {
					best, found = c, true
				}
			}
		}
		var b strings.Builder
		for _, sg := range segs[i:best.end] {
			b.WriteString(sg.text)
		}
		lines = append(lines, strings.TrimSpace(b.String()))
		i = best.end
	}
	return lines
}

// LaTeXWidth estimates how wide s is when typeset, in units of about one
// letter (some 6pt at 10pt): a command such as \alpha counts as one
// letter, \operatorname{tr} as its letters, superscripts and subscripts
// as 0.7 of their size, a fraction as its wider part, and the space
// around a binary operator or relation as one letter more.
func LaTeXWidth(s string) float64 {
	w, _ := latexWidth(s, 0)
	return w
}

// latexWidth measures s from i up to an unmatched } or the end, and
// returns the width and where it stopped.
func latexWidth(s string, i int) (float64, int) {
	w := 0.0
	group := func(i int) (float64, int) { // {...} or a single token at i
		if i < len(s) && s[i] == '{' {
			g, j := latexWidth(s, i+1)
			return g, j + 1
		}
		if i < len(s) && s[i] == '\\' {
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if j == i+1 {
				j++
			}
			g, _ := latexWidth(s[i:j], 0)
			return g, j
		}
		if i < len(s) {
			_, n := utf8.DecodeRuneInString(s[i:])
			return 1, i + n
		}
		return 0, i
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '}':
			return w, i
		case c == '{':
			g, j := group(i)
			w, i = w+g, j
		case c == '^' || c == '_':
			g, j := group(i + 1)
			w, i = w+0.7*g, j
		case c == ' ':
			i++
		case c == '+' || c == '-' || c == '=' || c == ':' || c == '<' || c == '>':
			w, i = w+2, i+1
		case c == ',' || c == '.' || c == '(' || c == ')' || c == '|' || c == '\'':
			w, i = w+0.5, i+1
		case c == breakMark:
			i += 2
		case c == '\\':
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			name := s[i+1 : j]
			if j == i+1 && j < len(s) { // \, \| \{ and the like
				j++
				name = s[i+1 : j]
			}
			i = j
			switch name {
			case "left", "right", "bigl", "bigr", "Bigl", "Bigr", "mathrm", "mathit", "mathbf", "boldsymbol", "mathsf", "operatorname", "text", "quad", "qquad", "displaystyle", "limits", "nolimits":
				if name == "quad" {
					w++
				} else if name == "qquad" {
					w += 2
				}
			case "frac":
				a, k := group(i)
				b, k2 := group(k)
				w, i = w+max(a, b)*0.85, k2
			case "sqrt":
				a, k := group(i)
				w, i = w+a+1, k
			case ",", ";", "!", " ":
				w += 0.3
			case "odot", "otimes", "oslash", "cdot", "times", "circ", "mid", "in":
				w += 2
			case "top":
				w += 0.8
			case "log", "det", "exp", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan":
				w += float64(len(name)) * 0.8
			case "|", "{", "}":
				w += 0.5
			default:
				w++
			}
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			w, i = w+1, i+n
		}
	}
	return w, i
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
