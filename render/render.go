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
	if o.Quiet {
		_, err := fmt.Fprintln(w, ast.Print(d.Result, o.Format))
		return err
	}
	switch o.Format {
	case ast.FormatLaTeX:
		return latexDerivation(w, d)
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
	switch s.Kind {
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
		switch f {
		case ast.FormatUnicode:
			return "∂²" + name + "/∂" + wrt + "∂" + wrt + "ᵀ"
		case ast.FormatLaTeX:
			return `\frac{\partial^2 ` + name + `}{\partial ` + ast.LaTeXName(wrt) + `\,\partial ` + ast.LaTeXName(wrt) + `^\top}`
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
		fmt.Fprintf(&b, "g = %s\n", ast.Print(d.Of, o.Format))
	} else {
		fmt.Fprintf(&b, "%s = %s\n", funcName(d), ast.Print(d.F, o.Format))
	}
	type line struct{ left, expr, rules string }
	var lines []line
	prev := ""
	for _, s := range d.Steps {
		l := lhs(s, funcName(d), o.Format)
		if s.Kind != rewrite.KindRewrite && s.Kind != rewrite.KindDifferential {
			l = prev // a step continues the equation before it
		}
		left := l + " ="
		if l == prev {
			left = strings.Repeat(" ", len([]rune(l))) + " ="
		}
		prev = l
		lines = append(lines, line{left, ast.Print(s.Expr, o.Format), ruleList(s, o.Format)})
	}
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(l.left))+1+len([]rune(l.expr)))
	}
	width = min(width, 72)
	for i, l := range lines {
		text := l.left + " " + l.expr
		pad := max(2, width-len([]rune(text))+2)
		rules := "[" + l.rules + "]"
		if o.Color {
			rules = "\x1b[2m" + rules + "\x1b[0m"
		}
		fmt.Fprintf(&b, "%2d. %s%s%s\n", i+1, text, strings.Repeat(" ", pad), rules)
	}
	if d.What != rewrite.Differential {
		defs, result := named(d, o)
		for _, def := range defs {
			fmt.Fprintf(&b, "%s = %s\n", def.Name, ast.Print(def.Expr, o.Format))
		}
		fmt.Fprintf(&b, "%s = %s\n", partial(d, o.Format), ast.Print(result, o.Format))
	}
	fmt.Fprintf(&b, "shape: %s", d.Shape)
	if d.Symmetric {
		b.WriteString(" (symmetric: the gradient within the symmetric matrices, sym(G) = (G + G')/2)")
	}
	if d.Zero {
		b.WriteString(" (the expression does not change with " + d.Wrt + ": every entry is 0)")
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// JSONRule is a rule as data.
type JSONRule struct {
	Name  string `json:"name"`
	Text  string `json:"text"`
	LaTeX string `json:"latex"`
}

// JSONStep is a step as data.
type JSONStep struct {
	Kind  string     `json:"kind"` // rewrite, differential, move, collect, simplify, symmetric
	Of    string     `json:"of"`   // "f" or "df": what the expression equals
	Text  string     `json:"text"`
	LaTeX string     `json:"latex"`
	Rules []JSONRule `json:"rules"`
}

// JSONDerivation is a derivation as data; see docs/json.md.
type JSONDerivation struct {
	What      string     `json:"what"` // gradient, jacobian or hessian
	Wrt       string     `json:"wrt"`
	Expr      string     `json:"expr"`
	Steps     []JSONStep `json:"steps"`
	Result    string     `json:"result"`
	LaTeX     string     `json:"result_latex"`
	Shape     string     `json:"shape"`
	Symmetric bool       `json:"symmetric,omitempty"`
}

var kindNames = map[rewrite.Kind]string{
	rewrite.KindRewrite: "rewrite", rewrite.KindDifferential: "differential", rewrite.KindMove: "move",
	rewrite.KindCollect: "collect", rewrite.KindSimplify: "simplify", rewrite.KindSymmetric: "symmetric",
}

// ToJSON turns d into data.
func ToJSON(d *rewrite.Derivation) JSONDerivation {
	j := JSONDerivation{What: [...]string{"gradient", "jacobian", "hessian"}[d.What], Wrt: d.Wrt, Expr: ast.Text(d.F), Result: ast.Text(d.Result), LaTeX: ast.LaTeX(d.Result),
		Shape: d.Shape.String(), Symmetric: d.Symmetric, Steps: []JSONStep{}}
	for _, s := range d.Steps {
		js := JSONStep{Kind: kindNames[s.Kind], Of: lhs(s, funcName(d), ast.FormatText), Text: ast.Text(s.Expr), LaTeX: ast.LaTeX(s.Expr), Rules: []JSONRule{}}
		for _, r := range s.Rules() {
			js.Rules = append(js.Rules, JSONRule{r.Name, r.Text, r.LaTeX})
		}
		j.Steps = append(j.Steps, js)
	}
	return j
}

// JSON writes the derivations (one per variable) as one JSON document:
// {"input": ..., "shapes": {...}, "gradients": [...]}.
func JSON(w io.Writer, input string, info *ast.Info, ds []*rewrite.Derivation, quiet bool) error {
	shapes := map[string]string{}
	for _, d := range info.Decls() {
		shapes[d.Name] = d.Shape.String()
	}
	if quiet {
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
		gs = append(gs, ToJSON(d))
	}
	return writeJSON(w, map[string]any{"input": input, "shapes": shapes, "gradients": gs})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
