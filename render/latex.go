package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// The page a LaTeX derivation must fit: the text width of a plain article
// (345pt at 10pt), in the units of ast.LaTeXWidth, with a margin.
const pageWidth = 50

// latex carries what every line of a LaTeX derivation is printed with.
type latex struct {
	o    Options
	opts []ast.Option
	bold map[string]bool // names of vectors that the derivation defines (s, u)
}

func newLaTeX(info *ast.Info, o Options) *latex {
	opts := []ast.Option{ast.Typeset()}
	if o.MathsfTranspose {
		opts = append(opts, ast.MathsfTranspose())
	}
	if info != nil {
		opts = append(opts, scalars(info))
	}
	l := &latex{o: o, bold: map[string]bool{}}
	if o.BoldVectors && info != nil {
		opts = append(opts, ast.Bold(func(name string) bool {
			s, ok := info.Name(name)
			return ok && !s.IsScalar() && (s.IsColumn() || s.IsRow()) || l.bold[name]
		}))
	}
	l.opts = opts
	return l
}

// expr prints e on one line.
func (l *latex) expr(e ast.Expr) string { return ast.PrintWith(e, ast.FormatLaTeX, l.opts...) }

// top fixes ^\top in LaTeX this package writes itself (partials, rule
// formulas) to the transpose the options ask for.
func (l *latex) top(s string) string {
	if !l.o.MathsfTranspose {
		return s
	}
	s = strings.ReplaceAll(s, `^{-\top}`, `^{-\mathsf{T}}`)
	return strings.ReplaceAll(s, `^\top`, `^{\mathsf{T}}`)
}

// A row of an align*: left &= the expression, annotated.
type row struct {
	left string
	e    ast.Expr
	tag  string // LaTeX for \tag*, or ""
	gap  bool   // a little space above the row
}

// align writes the rows as one align* environment, breaking long
// expressions into several lines.
func (l *latex) align(b *strings.Builder, rows []row) {
	leftW := 0.0
	for _, r := range rows {
		leftW = max(leftW, ast.LaTeXWidth(r.left))
	}
	room := pageWidth - leftW - 2 // "= "
	b.WriteString("\\begin{align*}\n")
	for i, r := range rows {
		first := room
		if r.tag != "" {
			first = max(room-ast.LaTeXWidth(r.tag)*0.9-2, room*0.55)
		}
		lines := ast.LaTeXLines(r.e, first, room-3, l.opts...) // room for \qquad
		for j := range lines {
			// The terms a step leaves as they were.
			lines[j] = strings.ReplaceAll(lines[j], `\mathit{...}`, `\ldots`)
		}
		if r.gap && i > 0 {
			b.WriteString("[0.5ex]")
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "  %s &= %s", r.left, lines[0])
		if r.tag != "" {
			fmt.Fprintf(b, " \\tag*{%s}", r.tag)
		}
		open := strings.Count(lines[0], "(") - strings.Count(lines[0], ")")
		for _, line := range lines[1:] {
			// A line that continues inside parentheses stands further in.
			indent := `\quad`
			if open > 0 {
				indent = `\qquad`
			}
			fmt.Fprintf(b, " \\\\\n  &%s %s", indent, line)
			open += strings.Count(line, "(") - strings.Count(line, ")")
		}
		if i < len(rows)-1 {
			b.WriteString(" \\\\")
		}
	}
	b.WriteString("\n\\end{align*}\n")
}

// mirrored reports whether a step applied its identity on both sides: a
// rule beside it other than the d-rules of the nodes a pullback passed.
func mirrored(s rewrite.Step) bool {
	for _, r := range s.Also {
		if !strings.HasPrefix(r.Name, "d-") {
			return true
		}
	}
	return false
}

// annotation is the right-hand note of a step: the identity it applied,
// as a formula when that is short, else by its reader's name (Title);
// never by the rule's internal name.
func (l *latex) annotation(s rewrite.Step) string {
	var rules []*rewrite.Rule
	switch {
	case s.Rule != nil:
		rules = []*rewrite.Rule{s.Rule}
	case s.Kind == rewrite.KindDifferential:
		rules = s.Also
	}
	if s.Kind == rewrite.KindSimplify {
		return `\small simplify`
	}
	if s.Kind == rewrite.KindMove && s.Rule != nil && mirrored(s) {
		// The identity used on both sides (A : BC = BᵀA : C and
		// A : BC = ACᵀ : B): its name says it once.
		return `\small ` + latexEscape(title(s.Rule))
	}
	if len(rules) == 0 {
		if s.Kind == rewrite.KindDifferential {
			return `\small differential`
		}
		return ""
	}
	var forms, titles []string
	fits := true
	for _, r := range rules {
		titles = append(titles, title(r))
		if r.LaTeX == "" {
			fits = false
		}
		forms = append(forms, l.top(r.LaTeX))
	}
	formula := strings.Join(forms, `,\ `)
	if fits && ast.LaTeXWidth(formula) <= 24 {
		return `\small $` + formula + `$`
	}
	text := strings.Join(titles, ", ")
	if len(text) > 36 {
		return `\small differential`
	}
	return `\small ` + latexEscape(text)
}

// title is what a reader calls rule r.
func title(r *rewrite.Rule) string {
	if r.Title != "" {
		return r.Title
	}
	return r.Name
}

// vector reports whether the option --bold-vectors asks for bold here
// and a result of shape s is a vector.
func (l *latex) vector(s ast.Shape) bool {
	return l.o.BoldVectors && !s.IsScalar() && (s.IsColumn() || s.IsRow())
}

// wrtVector reports whether d's variable is a vector to print in bold.
func (l *latex) wrtVector(d *rewrite.Derivation) bool {
	if d.Info == nil {
		return false
	}
	s, ok := d.Info.Name(d.Wrt)
	return ok && l.vector(s)
}

// bold typesets the LaTeX name s in bold.
func bold(s string) string { return `\mathbf{` + s + `}` }

// funcName is the name of what d differentiates (y, g), in bold when
// it is a vector and --bold-vectors asks for it.
func (l *latex) funcName(d *rewrite.Derivation) string {
	name := ast.LaTeXName(funcName(d))
	switch {
	case d.What == rewrite.Jacobian && d.Info != nil && l.vector(d.Info.Shape(d.F)),
		d.What == rewrite.Hessian && l.wrtVector(d):
		return bold(name)
	}
	return name
}

// partial is the name of the result, \frac{\partial f}{\partial x}, with
// the names as every other line prints them (bold vectors).
func (l *latex) partial(d *rewrite.Derivation) string {
	p := l.top(partial(d, ast.FormatLaTeX))
	if !l.o.BoldVectors {
		return p
	}
	wrt := ast.LaTeXName(d.Wrt)
	p = strings.ReplaceAll(p, `\partial `+wrt+`}`, `\partial `+l.expr(&ast.Sym{Name: d.Wrt})+`}`)
	p = strings.ReplaceAll(p, `\partial `+wrt+`^`, `\partial `+l.expr(&ast.Sym{Name: d.Wrt})+`^`)
	p = strings.ReplaceAll(p, `\partial `+wrt+`\,`, `\partial `+l.expr(&ast.Sym{Name: d.Wrt})+`\,`)
	if name := l.funcName(d); name != ast.LaTeXName(funcName(d)) {
		p = strings.Replace(p, `\partial `+ast.LaTeXName(funcName(d))+`}`, `\partial `+name+`}`, 1)
		p = strings.Replace(p, `\partial^2 `+ast.LaTeXName(funcName(d))+`}`, `\partial^2 `+name+`}`, 1)
	}
	return p
}

// boldDefs marks the names defined for the result (s = ..., u = ...)
// that stand for vectors, to print in bold with --bold-vectors.
func (l *latex) boldDefs(d *rewrite.Derivation, defs []Def) {
	if !l.o.BoldVectors || d.Info == nil {
		return
	}
	whole := map[string]ast.Expr{}
	for _, def := range defs {
		e := ast.Map(def.Expr, func(x ast.Expr) ast.Expr {
			if s, ok := x.(*ast.Sym); ok && whole[s.Name] != nil {
				return whole[s.Name]
			}
			return x
		})
		whole[def.Name] = e
		if s, err := d.Info.ShapeOf(e); err == nil && l.vector(s) {
			l.bold[def.Name] = true
		}
	}
}

// rows returns the rows of d's derivation: the expression, each step,
// the named parts of the result and the result.
func (l *latex) rows(d *rewrite.Derivation) []row {
	name := l.funcName(d)
	var rows []row
	if d.What == rewrite.Hessian {
		rows = append(rows, row{left: name, e: d.Of})
	} else {
		rows = append(rows, row{left: name, e: d.F})
	}
	prev := ""
	sn := nameSteps(d, l.o)
	shown := sn.shown(d)
	l.boldDefs(d, sn.all)
	for i, s := range d.Steps {
		left := lhs(s, name, ast.FormatLaTeX)
		if s.Kind != rewrite.KindRewrite && s.Kind != rewrite.KindDifferential {
			left = prev
		}
		// The names this step is the first to use, defined above it; the
		// step then says again what it equals.
		for j, def := range sn.before[i] {
			rows = append(rows, row{left: `\text{where } ` + l.expr(&ast.Sym{Name: def.Name}), e: def.Expr, gap: j == 0})
			prev = ""
		}
		shownLeft := left
		if left == prev {
			shownLeft = ""
		}
		prev = left
		rows = append(rows, row{left: shownLeft, e: shown[i], tag: l.annotation(s)})
	}
	if d.What == rewrite.Differential {
		return rows
	}
	for i, def := range sn.rest {
		rows = append(rows, row{left: l.expr(&ast.Sym{Name: def.Name}), e: def.Expr, gap: i == 0})
	}
	rows = append(rows, row{left: l.partial(d), e: sn.result, gap: len(sn.rest) == 0})
	return rows
}

// latexDerivation writes d as amsmath: one align* (two for a Hessian:
// the gradient's derivation, then its Jacobian's).
func latexDerivation(w io.Writer, d *rewrite.Derivation, o Options) error {
	if o.Standalone {
		return Document(w, d.F, d.Info, []*rewrite.Derivation{d}, o)
	}
	var b strings.Builder
	l := newLaTeX(d.Info, o)
	if d.What == rewrite.Hessian && d.Grad != nil {
		l.align(&b, l.rows(d.Grad))
		b.WriteString("\n")
	}
	l.align(&b, l.rows(d))
	if n := o.note(d); n != "" {
		b.WriteString("% " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// upperFirst writes the first letter of s as a capital.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func latexEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "_", `\_`, "&", `\&`, "%", `\%`, "#", `\#`, "$", `\$`, "{", `\{`, "}", `\}`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`)
	return r.Replace(s)
}

// latexShape typesets a shape: n \times 1.
func latexShape(s ast.Shape) string {
	dim := func(d ast.Dim) string {
		if d.IsKnown() {
			return fmt.Sprint(d.N)
		}
		var parts []string
		if d.N != 1 {
			parts = append(parts, fmt.Sprint(d.N))
		}
		for _, n := range d.Names {
			parts = append(parts, ast.LaTeXName(strings.TrimPrefix(n, "?")))
		}
		return strings.Join(parts, " ")
	}
	return dim(s.Rows) + ` \times ` + dim(s.Cols)
}

// whatTitle is the title of a kind of derivative in a LaTeX document.
func whatTitle(w rewrite.What) string {
	switch w {
	case rewrite.Gradient:
		return "Gradient"
	case rewrite.Jacobian, rewrite.VecJacobian:
		return "Jacobian"
	case rewrite.Hessian:
		return "Hessian"
	case rewrite.Differential:
		return "Differential"
	}
	return ""
}

// Document writes a complete LaTeX document (article, amsmath, amssymb)
// that compiles as it is: the expression, the shapes of its names, and
// for each derivation the steps, the named parts and the result, then the
// identities used.
func Document(w io.Writer, expr ast.Expr, info *ast.Info, ds []*rewrite.Derivation, o Options) error {
	if err := checkPrinted(ds, o); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\allowdisplaybreaks\n")
	if o.Crop {
		b.WriteString(cropStart)
	} else {
		b.WriteString("\\begin{document}\n\n")
	}
	l := newLaTeX(info, o)

	b.WriteString("\\section*{The expression}\n")
	name := FuncName
	if len(ds) > 0 && (ds[0].What == rewrite.Jacobian) {
		name = "y"
	} else if len(ds) > 0 && (ds[0].What == rewrite.Differential || ds[0].What == rewrite.VecJacobian) {
		name = "Y"
	}
	left := ast.LaTeXName(name)
	if len(ds) > 0 && ds[0].What == rewrite.Jacobian && ds[0].Info != nil {
		left = l.funcName(ds[0])
	}
	l.align(&b, []row{{left: left, e: expr}})
	if info != nil && len(info.Decls()) > 0 {
		// The shapes, three to a row.
		b.WriteString("where\n\\[\n  \\begin{array}{l@{\\qquad}l@{\\qquad}l}\n")
		for i, decl := range info.Decls() {
			what := `\mathbb{R}^{` + latexShape(decl.Shape) + `}`
			if decl.Shape.IsScalar() {
				what = `\mathbb{R}`
			}
			if decl.Symmetric {
				what += `\ \text{symmetric}`
			}
			switch {
			case i%3 == 0:
				b.WriteString("    ")
			default:
				b.WriteString(" & ")
			}
			fmt.Fprintf(&b, "%s \\in %s", l.expr(&ast.Sym{Name: decl.Name}), what)
			if i%3 == 2 && i < len(info.Decls())-1 {
				b.WriteString(" \\\\\n")
			}
		}
		b.WriteString("\n  \\end{array}\n\\]\n")
	}
	// The identities used, once each: rules that state the same formula
	// under the same title (one for each side of a product) count once.
	used := map[string]*rewrite.Rule{}
	var order []string
	note := func(d *rewrite.Derivation) {
		for _, s := range d.Steps {
			for _, r := range append(s.Rules(), s.Tidy...) {
				key := title(r) + "\x00" + r.LaTeX
				if used[key] == nil {
					used[key] = r
					order = append(order, key)
				}
			}
		}
	}
	for _, d := range ds {
		wrt := l.expr(&ast.Sym{Name: d.Wrt})
		fmt.Fprintf(&b, "\n\\section*{%s with respect to $%s$}\n", whatTitle(d.What), wrt)
		if d.What == rewrite.Hessian && d.Grad != nil {
			b.WriteString("The gradient $g$ first:\n")
			l.align(&b, l.rows(d.Grad))
			b.WriteString("then its Jacobian, the Hessian:\n")
			note(d.Grad)
		}
		l.align(&b, l.rows(d))
		note(d)
		if d.What != rewrite.Differential {
			fmt.Fprintf(&b, "The result is $%s$", latexShape(d.Shape))
			if d.Symmetric {
				b.WriteString(", the gradient within the symmetric matrices, $\\operatorname{sym}(G) = (G + G^\\top)/2$")
			}
			if d.Zero {
				fmt.Fprintf(&b, "; the expression does not change with $%s$, so every entry is $0$", wrt)
			}
			b.WriteString(".\n")
		}
		if c, ok := o.Checks[d]; ok && c.Checked {
			b.WriteString("It was checked numerically against finite differences on random instances.\n")
		} else if ok && c.Reason != "" {
			b.WriteString("It was not checked numerically" + latexEscape(strings.TrimPrefix(o.note(d), "not checked numerically")) + ".\n")
		}
	}
	if len(order) > 0 {
		// A list rather than a description: a label is a box that
		// cannot break, and a long name beside a formula would overflow.
		b.WriteString("\n\\section*{Identities used}\n\\begin{itemize}\\raggedright\n")
		for _, n := range order {
			r := used[n]
			text := latexEscape(upperFirst(title(r)))
			if r.Ref != "" {
				text += " (Matrix Cookbook " + r.Ref + ")"
			}
			if r.LaTeX != "" {
				text += ": $" + l.top(r.LaTeX) + "$"
			}
			fmt.Fprintf(&b, "  \\item %s\n", text)
		}
		b.WriteString("\\end{itemize}\n")
	}
	if o.Crop {
		b.WriteString(cropEnd)
	}
	b.WriteString("\n\\end{document}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// textWidth is how wide a step of the text and unicode formats may be,
// up to its list of rules: a longer expression is broken into lines.
const textWidth = 80

// printOpts are the printer's options for the format of o (text and
// unicode), with the shapes of d.
func (o Options) printOpts(d *rewrite.Derivation) []ast.Option {
	var opts []ast.Option
	if o.Format == ast.FormatUnicode {
		opts = append(opts, ast.Typeset())
	}
	if d != nil && d.Info != nil {
		opts = append(opts, scalars(d.Info))
	}
	return opts
}

// scalars tells the printer which products are scalars, by the shapes in
// info: a scalar that opens a matrix product prints in parentheses.
func scalars(info *ast.Info) ast.Option {
	return ast.Scalars(func(e ast.Expr) bool {
		s, err := info.ShapeOf(e)
		return err == nil && s.IsScalar()
	})
}

// print prints e in the format of o: typeset (superscript powers) for
// unicode and LaTeX.
func (o Options) print(d *rewrite.Derivation, e ast.Expr) string {
	if o.Format == ast.FormatLaTeX {
		return newLaTeX(d.Info, o).expr(e)
	}
	return ast.PrintWith(e, o.Format, o.printOpts(d)...)
}

// cropStart and cropEnd make the page exactly as large as what is on
// it, with a small margin, for pictures of the output (docs/).
const (
	cropStart = `\pagestyle{empty}
\newdimen\cropmargin \cropmargin=12pt
\begin{document}
\setbox0=\vbox\bgroup
`
	cropEnd = `\egroup
\pdfpagewidth=\dimexpr\textwidth+2\cropmargin\relax
\pdfpageheight=\dimexpr\ht0+\dp0+2\cropmargin\relax
\hoffset=-1in \voffset=-1in
\shipout\vbox{\vskip\cropmargin\moveright\cropmargin\box0}
`
)
