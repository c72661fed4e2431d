package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

func latexDerivation(w io.Writer, d *rewrite.Derivation) error {
	var b strings.Builder
	b.WriteString("\\begin{align*}\n")
	name := funcName(d)
	if d.What == rewrite.Hessian {
		fmt.Fprintf(&b, "  g &= %s \\\\\n", ast.LaTeX(d.Of))
	} else {
		fmt.Fprintf(&b, "  %s &= %s \\\\\n", name, ast.LaTeX(d.F))
	}
	for _, s := range d.Steps {
		left := ""
		if s.Kind == rewrite.KindRewrite || s.Kind == rewrite.KindDifferential {
			left = lhs(s, name, ast.FormatLaTeX)
		}
		fmt.Fprintf(&b, "  %s &= %s && \\text{%s} \\\\\n", left, ast.LaTeX(s.Expr), latexEscape(ruleList(s, ast.FormatText)))
	}
	fmt.Fprintf(&b, "  %s &= %s\n", partial(d, ast.FormatLaTeX), ast.LaTeX(d.Result))
	b.WriteString("\\end{align*}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func latexEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "_", `\_`, "&", `\&`, "%", `\%`, "#", `\#`, "$", `\$`, "{", `\{`, "}", `\}`)
	return r.Replace(s)
}
