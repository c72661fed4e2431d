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

// Scalars tells the printer which products are scalars (1 x 1), which it
// cannot tell from the tree: a scalar product that opens a longer matrix
// product prints in parentheses, (gᵀVᵀu) Kᵀu rather than gᵀVᵀu Kᵀu, so
// that the scalar reads as the factor it is. The parentheses change
// nothing the text reads back to: a product groups to the left.
func Scalars(scalar func(Expr) bool) Option { return func(p *printer) { p.scalar = scalar } }

// withBreaks keeps the marks of the places where a line may break.
func withBreaks() Option { return func(p *printer) { p.marks = true } }

func stripBreaks(s string) string {
	if strings.IndexAny(s, "\x00\x01\x02") < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case breakMark:
			i++ // the depth digit
		case groupOpen, groupClose:
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// LaTeXLines prints e in LaTeX (with the options; Typeset is the one
// meant) broken into lines no wider than first for the first line and
// rest for the others, as measured by LaTeXWidth. A line breaks before a
// +, - or :, or else a Hadamard product or division, that stands outside
// any braces, and at the least depth in parentheses that makes it fit:
// a group in parentheses breaks inside only when it is wider than a line
// by itself, and then its \left( \right) become \biggl( \biggr) (sized
// delimiters, which may stand on different lines of an align*). Every
// line after the first starts with its operator. A part that cannot be
// broken stays whole, however long.
func LaTeXLines(e Expr, first, rest float64, opts ...Option) []string {
	return breakLines(PrintWith(e, FormatLaTeX, append(opts, withBreaks())...), first, rest, LaTeXWidth)
}

// Lines prints e in format f broken into lines of at most first
// characters for the first line and rest for the others, at the places
// and by the rules of LaTeXLines: before a +, - or : (or else a Hadamard
// product or division) at the least depth in parentheses that makes the
// lines fit. In LaTeX it is LaTeXLines; in text and unicode it counts
// characters. Every line after the first starts with its operator.
func Lines(e Expr, f Format, first, rest int, opts ...Option) []string {
	if f == FormatLaTeX {
		return LaTeXLines(e, float64(first), float64(rest), opts...)
	}
	runes := func(s string) float64 {
		n := 0
		for i := 0; i < len(s); i++ {
			switch {
			case s[i] == breakMark:
				i++
			case s[i] == groupOpen || s[i] == groupClose:
			case s[i]&0xC0 != 0x80:
				n++
			}
		}
		return float64(n)
	}
	return breakLines(PrintWith(e, f, append(opts, withBreaks())...), float64(first), float64(rest), runes)
}

// breakLines breaks s, printed with the break marks, as LaTeXLines says,
// measuring with width.
func breakLines(s string, first, rest float64, width func(string) float64) []string {
	// The places where a line may break, the groups in delimiters and
	// the \left \right pairs.
	type brk struct {
		at, depth int // at: the index of the mark
		group     int // the innermost group around it, or -1
	}
	var brks []brk
	var pairs [][2]int // indices of \left and its \right
	var groupW []float64
	var open, groups []int
	braces := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && strings.HasPrefix(s[i:], `\left`):
			open = append(open, i)
			i += len(`\left`) - 1
		case s[i] == '\\' && strings.HasPrefix(s[i:], `\right`):
			if n := len(open); n > 0 {
				pairs = append(pairs, [2]int{open[n-1], i})
				open = open[:n-1]
			}
			i += len(`\right`) - 1
		case s[i] == '\\':
			i++ // \{ \} and the like
		case s[i] == '{':
			braces++
		case s[i] == '}':
			braces--
		case s[i] == groupOpen:
			groups = append(groups, len(groupW))
			groupW = append(groupW, float64(i))
		case s[i] == groupClose:
			if n := len(groups); n > 0 {
				g := groups[n-1]
				groupW[g] = width(s[int(groupW[g]):i])
				groups = groups[:n-1]
			}
		case s[i] == breakMark:
			if braces == 0 {
				g := -1
				if n := len(groups); n > 0 {
					g = groups[n-1]
				}
				brks = append(brks, brk{i, int(s[i+1] - '0'), g})
			}
			i++
		}
	}

	// lay breaks the line at the breaks outside any group and inside the
	// groups wider than min, and reports whether every line fits.
	type seg struct {
		from, to, depth int
		w               float64
	}
	lay := func(min float64) ([]seg, []int, bool) {
		// segs[k] is the text between break k-1 and break k, its width
		// and the depth of the break before it.
		var segs []seg
		from, depth := 0, -1
		for _, b := range brks {
			if b.group >= 0 && groupW[b.group] <= min {
				continue
			}
			segs = append(segs, seg{from, b.at, depth, 0})
			from, depth = b.at+2, b.depth
		}
		segs = append(segs, seg{from, len(s), depth, 0})
		for k := range segs {
			segs[k].w = width(s[segs[k].from:segs[k].to])
		}
		// Pack segs[lo:hi] onto the lines, breaking only at depth <= d
		// where a run between two such breaks fits, deeper inside a run
		// that does not fit a line of its own.
		var starts []int // the segment each line after the first starts with
		fits := true
		used, width := 0.0, first
		var pack func(lo, hi, d int)
		pack = func(lo, hi, d int) {
			for k := lo; k < hi; {
				end := k + 1
				w := segs[k].w
				for end < hi && segs[end].depth > d {
					w += segs[end].w
					end++
				}
				switch {
				case used+w <= width:
					used += w
				case w <= rest && used > 0:
					starts = append(starts, k)
					used, width = w, rest
				case w <= 0.9*rest:
					// The first line, narrower for a tag, takes a run
					// that fits a full line with room to spare rather
					// than break inside it: the tag moves below if it
					// must.
					used = w
				case d < 9 && end-k > 1:
					if used > width*0.4 {
						// The run starts a line of its own.
						starts = append(starts, k)
						used, width = 0, rest
					}
					pack(k, end, d+1)
				default:
					if used > 0 {
						starts = append(starts, k)
						width = rest
					}
					used = w
					fits = fits && w <= width
				}
				k = end
			}
		}
		pack(0, len(segs), 0)
		return segs, starts, fits
	}
	segs, starts, fits := lay(rest)
	for _, min := range []float64{rest / 2, 0} {
		if fits {
			break
		}
		segs, starts, fits = lay(min)
	}

	// The \left \right pairs a break falls inside become \biggl \biggr.
	sized := map[int]string{}
	for _, st := range starts {
		at := segs[st].from - 2
		for _, p := range pairs {
			if p[0] < at && at < p[1] {
				sized[p[0]], sized[p[1]] = `\biggl`, `\biggr`
			}
		}
	}
	text := func(from, to int) string {
		var b strings.Builder
		for i := from; i < to; i++ {
			switch {
			case s[i] == breakMark:
				i++
			case s[i] == groupOpen || s[i] == groupClose:
			case sized[i] != "":
				b.WriteString(sized[i])
				if sized[i] == `\biggl` {
					i += len(`\left`) - 1
				} else {
					i += len(`\right`) - 1
				}
			default:
				b.WriteByte(s[i])
			}
		}
		return strings.TrimSpace(b.String())
	}
	var lines []string
	prev := 0
	for _, st := range starts {
		lines = append(lines, text(prev, segs[st].from-2))
		prev = segs[st].from - 2
	}
	return append(lines, text(prev, len(s)))
}

// LaTeXWidth estimates how wide s is when typeset, in units of about one
// small letter (some 6pt at 10pt): a capital as 1.35, a command such as
// \alpha as one letter, \operatorname{tr} as its letters, superscripts and subscripts
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
		case c == groupOpen || c == groupClose:
			i++
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
			case "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr":
				w += 0.5 // the delimiter counts 0.5 more
			case "left", "right", "mathrm", "mathit", "mathbf", "boldsymbol", "mathsf", "operatorname", "text", "quad", "qquad", "displaystyle", "limits", "nolimits":
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
		case c >= 'A' && c <= 'Z':
			w, i = w+upperWidth, i+1
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			w, i = w+1, i+n
		}
	}
	return w, i
}

// upperWidth is how much wider a capital letter (A, W, M) is than a
// small one in math italic.
const upperWidth = 1.35

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
