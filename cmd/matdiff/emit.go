package main

import (
	"bytes"
	"io"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/codegen"
	"github.com/matdiff/matdiff/render"
	"github.com/matdiff/matdiff/rewrite"
)

// emitArgs are the flags of code export.
type emitArgs struct {
	Emit    string `placeholder:"LANG"`
	Package string `placeholder:"NAME"`
}

// emit prints ds as code; without -q, the derivations go first as a
// comment.
func (g *gradCmd) emit(out io.Writer, ds []*rewrite.Derivation) error {
	t, err := codegen.ParseTarget(g.Emit)
	if err != nil {
		return err
	}
	var header bytes.Buffer
	if !g.Q {
		for i, d := range ds {
			if i > 0 {
				header.WriteString("\n")
			}
			if err := render.Derivation(&header, d, render.Options{Format: ast.FormatText, NoNames: g.NoNames}); err != nil {
				return err
			}
		}
	}
	return codegen.Emit(out, ds, codegen.Options{Target: t, Package: g.Package, Input: g.Expr, Header: header.String(), NoNames: g.NoNames})
}
