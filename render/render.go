// Package render prints derivations in the formats of LANGUAGE.md: text
// (ASCII, expressions in the input language), unicode (for a terminal),
// latex (amsmath) and json (for other programs).
//
// The engine in package rewrite builds a derivation as a value; this
// package is the only place that turns one into bytes.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// Options say how to print.
type Options struct {
	Format ast.Format // text, unicode or latex; see JSON for json
	Quiet  bool       // the result alone, one line
	Color  bool       // ANSI colour for rule names (unicode only)
	// NoNames keeps the result whole: no H = ..., K = ... definitions.
	NoNames bool
	// LaTeX: a whole document (see Document), the transpose as
	// ^{\mathsf{T}}, vectors in bold.
	Standalone, MathsfTranspose, BoldVectors bool
	// Crop makes the page of a Document as small as its content, for
	// pictures of the output.
	Crop bool
	// Checks says, for each derivation it holds, whether its result was
	// checked numerically; the full formats say so under the result. A
	// derivation not in it (a nil map) gets no such line.
	Checks map[*rewrite.Derivation]Check
	// MaxPrint is the most nodes of expressions to print in all; past it
	// printing is refused with an *ast.Error of kind BeyondReach. 0 means
	// budget.Default.Print, a negative number no limit.
	MaxPrint int64
}

// Check is what a numerical check of a derivation's result found, for the
// line under the result.
type Check struct {
	Checked bool   // it agreed with finite differences on random instances
	Reason  string // when not Checked: why it is unchecked ("" with --no-verify)
}

// note returns the line under the result of d: "checked numerically",
// "not checked numerically: <why>", or "" when o has no check for d or the
// check was skipped on request.
func (o Options) note(d *rewrite.Derivation) string {
	c, ok := o.Checks[d]
	switch {
	case !ok:
		return ""
	case c.Checked:
		return "checked numerically"
	case c.Reason == "":
		return "" // skipped on request
	}
	return "not checked numerically: " + c.Reason
}

// named returns the definitions to print before the result and the
// result written with them, unless o says not to name anything.
func named(d *rewrite.Derivation, o Options) ([]Def, ast.Expr) {
	if o.NoNames || o.Quiet {
		return nil, d.Result
	}
	return NameSubterms(d)
}

// FuncName is the name of the function in "∂f/∂X".
const FuncName = "f"

// funcName is what the derivation calls the expression it differentiates:
// f for a scalar, y for a vector, g for the gradient of a Hessian.
func funcName(d *rewrite.Derivation) string {
	switch d.What {
	case rewrite.Jacobian:
		return "y"
	case rewrite.Differential, rewrite.VecJacobian:
		return "Y"
	case rewrite.Hessian:
		return "g"
	}
	return FuncName
}

// Derivation writes d to w.
func Derivation(w io.Writer, d *rewrite.Derivation, o Options) error {
	if err := checkPrinted([]*rewrite.Derivation{d}, o); err != nil {
		return err
	}
	if o.Quiet {
		_, err := fmt.Fprintln(w, o.print(d, d.Result))
		return err
	}
	switch o.Format {
	case ast.FormatLaTeX:
		return latexDerivation(w, d, o)
	default:
		return textDerivation(w, d, o)
	}
}

// lhs is what a step's expression equals.
func lhs(s rewrite.Step, name string, f ast.Format) string {
	if s.Kind == rewrite.KindRewrite {
		return name
	}
	if s.Kind == rewrite.KindDifferential && s.Expr != nil {
		if c, ok := s.Expr.(*ast.Call); ok && c.Fun == ast.FnVec {
			name = "vec(" + name + ")"
			if f == ast.FormatLaTeX {
				name = `\operatorname{vec}(` + name[4:]
			}
		}
	}
	if f == ast.FormatLaTeX {
		return `\mathrm{d}` + name
	}
	return "d" + name
}

func ruleList(s rewrite.Step, f ast.Format) string {
	var names []string
	for i, r := range s.Rules() {
		if i == 0 && s.Rule != nil && f == ast.FormatUnicode && r.Text != "" {
			names = append(names, r.Name+": "+r.Text)
			continue
		}
		names = append(names, r.Name)
	}
	if len(s.Tidy) > 0 {
		// The tidying after the identity, gathered into one word.
		names = append(names, "simplify")
	}
	switch s.Kind {
	case rewrite.KindLikewise:
		return "likewise for the second term: a scalar equals its transpose"
	case rewrite.KindDifferential:
		if len(names) == 0 {
			return "differential"
		}
		return "differential: " + strings.Join(names, ", ")
	case rewrite.KindSimplify:
		return "simplify: " + strings.Join(names, ", ")
	}
	return strings.Join(names, ", ")
}

func partial(d *rewrite.Derivation, f ast.Format) string {
	name, wrt := funcName(d), d.Wrt
	if d.What == rewrite.Hessian {
		name = FuncName
		first := wrt
		if d.Grad != nil {
			first = d.Grad.Wrt // a mixed block: the gradient by first, then by wrt
		}
		switch f {
		case ast.FormatUnicode:
			return "∂²" + name + "/∂" + first + "∂" + wrt + "ᵀ"
		case ast.FormatLaTeX:
			return `\frac{\partial^2 ` + name + `}{\partial ` + ast.LaTeXName(first) + `\,\partial ` + ast.LaTeXName(wrt) + `^\top}`
		}
		if first != wrt {
			return "d2" + name + "/d" + first + "d" + wrt
		}
		return "d2" + name + "/d" + wrt + "2"
	}
	if d.What == rewrite.VecJacobian {
		switch f {
		case ast.FormatUnicode:
			return "∂vec(" + name + ")/∂vec(" + wrt + ")"
		case ast.FormatLaTeX:
			return `\frac{\partial \operatorname{vec} ` + name + `}{\partial \operatorname{vec} ` + ast.LaTeXName(wrt) + `}`
		}
		return "dvec(" + name + ")/dvec(" + wrt + ")"
	}
	switch f {
	case ast.FormatUnicode:
		return "∂" + name + "/∂" + wrt
	case ast.FormatLaTeX:
		return `\frac{\partial ` + name + `}{\partial ` + ast.LaTeXName(wrt) + `}`
	}
	return "d" + name + "/d" + wrt
}

func textDerivation(w io.Writer, d *rewrite.Derivation, o Options) error {
	var b strings.Builder
	if d.What == rewrite.Hessian {
		// The gradient first, then its Jacobian.
		if err := textDerivation(&b, d.Grad, o); err != nil {
			return err
		}
		b.WriteByte('\n')
		fmt.Fprintf(&b, "g = %s\n", o.print(d, d.Of))
	} else {
		fmt.Fprintf(&b, "%s = %s\n", funcName(d), o.print(d, d.F))
	}
	type line struct {
		left, expr, rules string
		more              []string // the lines the expression continues on
	}
	var lines []line
	prev := ""
	sn := nameSteps(d, o)
	shown := sn.shown(d)
	for i, s := range d.Steps {
		l := lhs(s, funcName(d), o.Format)
		if s.Kind != rewrite.KindRewrite && s.Kind != rewrite.KindDifferential {
			l = prev // a step continues the equation before it
		}
		left := l + " ="
		if l == prev {
			left = strings.Repeat(" ", len([]rune(l))) + " ="
		}
		prev = l
		e := shown[i]
		ln := line{left: left, expr: o.print(d, e), rules: ruleList(s, o.Format)}
		if room := textWidth - 4 - len([]rune(left)) - 1; len([]rune(ln.expr)) > room {
			// Too long: broken at its top-level operators, the
			// continuation lines indented under the expression.
			parts := ast.Lines(e, o.Format, room, room-2, o.printOpts(d)...)
			ln.expr, ln.more = parts[0], parts[1:]
		}
		if o.Format == ast.FormatUnicode {
			ln.expr = strings.ReplaceAll(ln.expr, ellipsis, "…")
			for j := range ln.more {
				ln.more[j] = strings.ReplaceAll(ln.more[j], ellipsis, "…")
			}
		}
		lines = append(lines, ln)
	}
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(l.left))+1+len([]rune(l.expr)))
	}
	width = min(width, 72)
	for i, l := range lines {
		// The names this step is the first to use, defined above it.
		for _, def := range sn.before[i] {
			fmt.Fprintf(&b, "%swhere %s = %s\n", strings.Repeat(" ", 4+len([]rune(l.left))+1), def.Name, o.print(d, def.Expr))
		}
		text := l.left + " " + l.expr
		pad := max(2, width-len([]rune(text))+2)
		rules := "[" + l.rules + "]"
		if o.Color {
			rules = "\x1b[2m" + rules + "\x1b[0m"
		}
		fmt.Fprintf(&b, "%2d. %s%s%s\n", i+1, text, strings.Repeat(" ", pad), rules)
		for _, m := range l.more {
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", 4+len([]rune(l.left))+3), m)
		}
	}
	if d.What != rewrite.Differential {
		for _, def := range sn.rest {
			fmt.Fprintf(&b, "%s = %s\n", def.Name, o.print(d, def.Expr))
		}
		fmt.Fprintf(&b, "%s = %s\n", partial(d, o.Format), o.print(d, sn.result))
	}
	fmt.Fprintf(&b, "shape: %s", d.Shape)
	if d.Symmetric {
		b.WriteString(" (symmetric: the gradient within the symmetric matrices, sym(G) = (G + G')/2)")
	}
	if d.Zero {
		b.WriteString(" (the expression does not change with " + d.Wrt + ": every entry is 0)")
	}
	b.WriteByte('\n')
	if n := o.note(d); n != "" {
		b.WriteString(n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JSONRule is a rule as data.
type JSONRule struct {
	Name  string `json:"name"`
	Title string `json:"title"` // what a reader calls it: "product rule"
	Text  string `json:"text"`
	LaTeX string `json:"latex"`
	Ref   string `json:"ref,omitempty"` // its equation in the Matrix Cookbook
}

// JSONStep is a step as data.
type JSONStep struct {
	Kind  string     `json:"kind"` // rewrite, differential, move, collect, simplify, symmetric
	Of    string     `json:"of"`   // "f" or "df": what the expression equals
	Text  string     `json:"text"`
	LaTeX string     `json:"latex"`
	Rules []JSONRule `json:"rules"`
	// Names are the named parts of the result this step is the first to
	// hold, defined before it; TextNamed and LaTeXNamed write the step
	// with every name defined so far (absent when the step uses none).
	Names      []JSONName `json:"names,omitempty"`
	TextNamed  string     `json:"text_named,omitempty"`
	LaTeXNamed string     `json:"latex_named,omitempty"`
	// Tidy is the tidying that followed the identity of a move
	// (transposes of transposes, scalar factors): "simplify" in the
	// other formats.
	Tidy []JSONRule `json:"tidy,omitempty"`
}

// JSONName is a named part of a result: Name = Text.
type JSONName struct {
	Name  string `json:"name"`
	Text  string `json:"text"`
	LaTeX string `json:"latex"`
}

// JSONDerivation is a derivation as data; see docs/json.md.
type JSONDerivation struct {
	What       string          `json:"what"` // gradient, jacobian, hessian, differential or vec-jacobian
	Wrt        string          `json:"wrt"`
	Expr       string          `json:"expr"`
	ExprLaTeX  string          `json:"expr_latex"`
	Steps      []JSONStep      `json:"steps"`
	Result     string          `json:"result"`
	LaTeX      string          `json:"result_latex"`
	Names      []JSONName      `json:"names,omitempty"`
	Named      string          `json:"result_named,omitempty"`
	NamedLaTeX string          `json:"result_named_latex,omitempty"`
	Shape      string          `json:"shape"`
	Symmetric  bool            `json:"symmetric,omitempty"`
	Zero       bool            `json:"zero,omitempty"`
	Of         string          `json:"of,omitempty"` // for a Hessian: the gradient g
	Grad       *JSONDerivation `json:"gradient,omitempty"`
	// Whether the result was checked numerically (absent when nobody
	// asked): Checked is true when it agreed with finite differences;
	// Verified is "checked", "unchecked" (no random instance could be
	// checked: see Unchecked) or "skipped" (--no-verify).
	Checked   *bool  `json:"checked,omitempty"`
	Verified  string `json:"verified,omitempty"`
	Unchecked string `json:"unchecked_reason,omitempty"`
}

// kindName is the name of a kind of step in JSON and MathML.
func kindName(k rewrite.Kind) string {
	switch k {
	case rewrite.KindRewrite:
		return "rewrite"
	case rewrite.KindDifferential:
		return "differential"
	case rewrite.KindMove:
		return "move"
	case rewrite.KindCollect:
		return "collect"
	case rewrite.KindSimplify:
		return "simplify"
	case rewrite.KindSymmetric:
		return "symmetric"
	case rewrite.KindLikewise:
		return "likewise"
	}
	return ""
}

// whatName is the name of a kind of derivative in JSON and MathML.
func whatName(w rewrite.What) string {
	switch w {
	case rewrite.Gradient:
		return "gradient"
	case rewrite.Jacobian:
		return "jacobian"
	case rewrite.Hessian:
		return "hessian"
	case rewrite.Differential:
		return "differential"
	case rewrite.VecJacobian:
		return "vec-jacobian"
	}
	return ""
}

// ToJSON turns d into data, with its named parts.
func ToJSON(d *rewrite.Derivation) JSONDerivation { return toJSON(d, Options{}) }

func toJSON(d *rewrite.Derivation, o Options) JSONDerivation {
	l := newLaTeX(d.Info, o)
	j := JSONDerivation{What: whatName(d.What), Wrt: d.Wrt, Expr: ast.Text(d.F), ExprLaTeX: l.expr(d.F),
		Result: ast.Text(d.Result), LaTeX: l.expr(d.Result),
		Shape: d.Shape.String(), Symmetric: d.Symmetric, Zero: d.Zero, Steps: []JSONStep{}}
	sn := nameSteps(d, o)
	for i, s := range d.Steps {
		js := JSONStep{Kind: kindName(s.Kind), Of: lhs(s, funcName(d), ast.FormatText), Text: ast.Text(s.Expr), LaTeX: l.expr(s.Expr), Rules: []JSONRule{}}
		for _, def := range sn.before[i] {
			js.Names = append(js.Names, JSONName{def.Name, ast.Text(def.Expr), l.expr(def.Expr)})
		}
		if sn.exprs[i] != s.Expr {
			js.TextNamed, js.LaTeXNamed = ast.Text(sn.exprs[i]), l.expr(sn.exprs[i])
		}
		for _, r := range s.Rules() {
			js.Rules = append(js.Rules, JSONRule{r.Name, title(r), r.Text, r.LaTeX, r.Ref})
		}
		for _, r := range s.Tidy {
			js.Tidy = append(js.Tidy, JSONRule{r.Name, title(r), r.Text, r.LaTeX, r.Ref})
		}
		j.Steps = append(j.Steps, js)
	}
	if d.What != rewrite.Differential {
		if defs, result := named(d, o); len(defs) > 0 {
			for _, def := range defs {
				j.Names = append(j.Names, JSONName{def.Name, ast.Text(def.Expr), l.expr(def.Expr)})
			}
			j.Named, j.NamedLaTeX = ast.Text(result), l.expr(result)
		}
	}
	if d.What == rewrite.Hessian && d.Grad != nil {
		g := toJSON(d.Grad, o)
		j.Grad, j.Of = &g, ast.Text(d.Of)
	}
	if c, ok := o.Checks[d]; ok {
		checked := c.Checked
		j.Checked = &checked
		switch {
		case c.Checked:
			j.Verified = "checked"
		case c.Reason == "":
			j.Verified = "skipped"
		default:
			j.Verified, j.Unchecked = "unchecked", c.Reason
		}
	}
	return j
}

// JSON writes the derivations (one per variable) as one JSON document:
// {"input": ..., "shapes": {...}, "gradients": [...]}; see docs/json.md.
func JSON(w io.Writer, input string, info *ast.Info, ds []*rewrite.Derivation, quiet bool) error {
	return JSONWith(w, input, info, ds, Options{Quiet: quiet})
}

// JSONWith is JSON with options: Quiet for the results alone, NoNames
// to leave out the named parts.
func JSONWith(w io.Writer, input string, info *ast.Info, ds []*rewrite.Derivation, o Options) error {
	if err := checkPrinted(ds, o); err != nil {
		return err
	}
	shapes := map[string]string{}
	for _, d := range info.Decls() {
		shapes[d.Name] = d.Shape.String()
	}
	if o.Quiet {
		res := map[string]string{}
		for _, d := range ds {
			res[d.Wrt] = ast.Text(d.Result)
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	var gs []JSONDerivation
	for _, d := range ds {
		gs = append(gs, toJSON(d, o))
	}
	return writeJSON(w, map[string]any{"input": input, "shapes": shapes, "gradients": gs})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
