package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/codegen"
	"github.com/matdiff/matdiff/internal/verify"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// Limits on the request's fields, past which it is bad input: a name
// list no person types.
const maxWrt = 8

// load parses the expression and the where field and infers the shapes,
// as the CLI's grad, jacobian and hessian do (with scalar, a size the
// declarations leave open is taken to be 1 x 1).
func load(expression, where string, scalar bool) (ast.Expr, *ast.Info, error) {
	expr, decls, err := parser.Parse(expression)
	if err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(where) != "" {
		more, err := parser.ParseDecls(where)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range more {
			if decls.Lookup(d.Name) != nil {
				return nil, nil, &ast.Error{Pos: d.At, Src: where, Msg: fmt.Sprintf("%s is declared both in the expression's where clause and in the where field", d.Name)}
			}
			decls = append(decls, d)
		}
	}
	if err := ast.ZeroDivision(expr); err != nil {
		err.Src = expression
		return nil, nil, err
	}
	check := ast.Check
	if scalar {
		check = ast.CheckScalar
	}
	info, err := check(expr, decls)
	if err != nil {
		if ae, ok := err.(*ast.Error); ok && ae.Src == "" {
			ae.Src = expression
		}
		return nil, nil, err
	}
	return expr, info, nil
}

// Derive answers a DeriveRequest: one derivation per variable, each
// verified numerically (package verify) before it is shown, as the CLI
// does; a result that disagrees with finite differences is an internal
// error, never an answer.
func (s *server) Derive(cx context.Context, req DeriveRequest) (*DeriveResponse, error) {
	var wrt []string
	for _, x := range req.Wrt {
		if x = strings.TrimSpace(x); x != "" {
			wrt = append(wrt, x)
		}
	}
	if len(wrt) == 0 {
		return nil, &ast.Error{Msg: "no variable to differentiate by", Hint: "name one, e.g. X"}
	}
	if len(wrt) > maxWrt {
		return nil, &ast.Error{Msg: fmt.Sprintf("%d variables; at most %d", len(wrt), maxWrt)}
	}
	kind := req.Kind
	if kind == "" {
		kind = "grad"
	}
	format := ast.FormatText
	switch req.Format {
	case "", "text", "json":
	case "unicode":
		format = ast.FormatUnicode
	case "latex":
		format = ast.FormatLaTeX
	default:
		return nil, &ast.Error{Msg: fmt.Sprintf("unknown format %q", req.Format), Hint: "text, unicode, latex or json"}
	}
	eng := s.engine
	var by func(ast.Expr, *ast.Info, string) (*rewrite.Derivation, error)
	switch kind {
	case "grad", "gradient":
		by = func(f ast.Expr, info *ast.Info, x string) (*rewrite.Derivation, error) {
			return eng.GradContext(cx, f, info, x)
		}
	case "jacobian":
		by = func(y ast.Expr, info *ast.Info, x string) (*rewrite.Derivation, error) {
			xs, _ := info.Name(x)
			switch {
			case xs.IsScalar():
				return eng.ByScalarContext(cx, y, info, x)
			case info.Shape(y).IsColumn() && xs.IsColumn():
				return eng.JacobianContext(cx, y, info, x)
			}
			return eng.DifferentialContext(cx, y, info, x)
		}
	case "hessian":
		switch len(wrt) {
		case 1:
			by = func(f ast.Expr, info *ast.Info, x string) (*rewrite.Derivation, error) {
				return eng.HessianContext(cx, f, info, x)
			}
		case 2:
			first := wrt[0]
			wrt = wrt[1:]
			by = func(f ast.Expr, info *ast.Info, y string) (*rewrite.Derivation, error) {
				if _, ok := info.Name(first); !ok {
					return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", first), Hint: fmt.Sprintf("the names in it are %v", ast.Names(f))}
				}
				return eng.MixedHessianContext(cx, f, info, first, y)
			}
		default:
			return nil, &ast.Error{Msg: fmt.Sprintf("hessian takes one variable, or two for a mixed block, not %d", len(wrt))}
		}
	default:
		return nil, &ast.Error{Msg: fmt.Sprintf("unknown kind %q", req.Kind), Hint: "grad, jacobian or hessian"}
	}
	expr, info, err := load(req.Expression, req.Where, kind != "jacobian")
	if err != nil {
		return nil, err
	}
	var ds []*rewrite.Derivation
	for _, x := range wrt {
		if _, ok := info.Name(x); !ok {
			return nil, &ast.Error{Msg: fmt.Sprintf("%s does not occur in the expression", x), Hint: fmt.Sprintf("the names in it are %v", ast.Names(expr))}
		}
		d, err := by(expr, info, x)
		if err != nil {
			if ae, ok := err.(*ast.Error); ok && ae.Src == "" && ae.Pos.IsValid() {
				ae.Src = req.Expression
			}
			return nil, err
		}
		ds = append(ds, d)
	}
	checks, err := verifyAll(ds)
	if err != nil {
		return nil, err
	}
	o := render.Options{NoNames: req.NoNames, Checks: checks, MaxPrint: s.cfg.Limits.Print}
	var js bytes.Buffer
	if err := render.JSONWith(&js, req.Expression, info, ds, o); err != nil {
		return nil, err
	}
	resp := &DeriveResponse{}
	if err := json.Unmarshal(js.Bytes(), resp); err != nil {
		return nil, err
	}
	var text, latex, align, output bytes.Buffer
	for i, d := range ds {
		resp.MathML = append(resp.MathML, render.ToMathMLWith(d, o))
		if i > 0 {
			align.WriteString("\n")
			output.WriteString("\n")
		}
		steps := []struct {
			b *bytes.Buffer
			o render.Options
		}{
			{&text, render.Options{Format: ast.FormatText, Quiet: true, MaxPrint: o.MaxPrint}},
			{&latex, render.Options{Format: ast.FormatLaTeX, Quiet: true, MaxPrint: o.MaxPrint}},
			{&align, render.Options{Format: ast.FormatLaTeX, NoNames: req.NoNames, Checks: checks, MaxPrint: o.MaxPrint}},
			{&output, render.Options{Format: format, NoNames: req.NoNames, Checks: checks, MaxPrint: o.MaxPrint}},
		}
		for _, st := range steps {
			if err := render.Derivation(st.b, d, st.o); err != nil {
				return nil, err
			}
		}
	}
	resp.Text, resp.LaTeX, resp.Align, resp.Output = text.String(), latex.String(), align.String(), output.String()
	var doc bytes.Buffer
	if err := render.Document(&doc, expr, info, ds, render.Options{Format: ast.FormatLaTeX, NoNames: req.NoNames, Checks: checks, MaxPrint: o.MaxPrint}); err != nil {
		return nil, err
	}
	resp.Document = doc.String()
	// The NumPy code, as --emit numpy writes it; a derivative codegen
	// cannot export is no failure of the request.
	var header bytes.Buffer
	for i, d := range ds {
		if i > 0 {
			header.WriteString("\n")
		}
		render.Derivation(&header, d, render.Options{Format: ast.FormatText, NoNames: req.NoNames, MaxPrint: o.MaxPrint})
	}
	if src, err := codegen.Source(ds, codegen.Options{Target: codegen.NumPy, Input: req.Expression, Header: header.String(), NoNames: req.NoNames}); err == nil {
		resp.NumPy = src
	} else {
		resp.NumPyErr = err.Error()
	}
	return resp, nil
}

// verifyAll checks each result numerically, as the CLI does before it
// prints: a result that disagrees is an internal error.
func verifyAll(ds []*rewrite.Derivation) (map[*rewrite.Derivation]render.Check, error) {
	checks := map[*rewrite.Derivation]render.Check{}
	for _, d := range ds {
		rep, err := verify.Derivation(d, verify.Options{})
		if err != nil {
			return nil, fmt.Errorf("the numerical check of the derivative by %s failed: %v", d.Wrt, err)
		}
		if rep.Status != verify.Failed && d.What == rewrite.Hessian && d.Grad != nil {
			grep, err := verify.Derivation(d.Grad, verify.Options{})
			if err != nil {
				return nil, fmt.Errorf("the numerical check of the gradient by %s failed: %v", d.Wrt, err)
			}
			if grep.Status == verify.Failed {
				rep = grep
			}
		}
		switch rep.Status {
		case verify.Checked:
			checks[d] = render.Check{Checked: true}
		case verify.Failed:
			return nil, fmt.Errorf("the result for %s, %s, failed its numerical check\n%s", d.Wrt, ast.Text(d.Result), rep.Describe())
		default:
			checks[d] = render.Check{Reason: rep.Reason}
		}
	}
	return checks, nil
}
