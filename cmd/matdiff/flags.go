package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// checkFlags reports flags that kong accepts but that say nothing or say
// it twice: an empty --wrt (which would derive by nothing and print
// nothing), a variable given twice with --wrt, and an empty --against
// (which would check matdiff's own gradient instead), and a --wrt with a
// letter that passes for another (a Cyrillic х for x). It trims blanks
// around the names of --wrt.
func checkFlags(ctx *kong.Context, c *cli) error {
	var wrt *[]string
	switch ctx.Command() {
	case "grad <expr>":
		wrt = &c.Grad.Wrt
	case "jacobian <expr>":
		wrt = &c.Jacobian.Wrt
	case "hessian <expr>":
		wrt = &c.Hessian.Wrt
	case "check <expr>":
		wrt = &c.Check.Wrt
	}
	given := map[string]bool{}
	for _, p := range ctx.Path {
		if p.Flag != nil {
			given[p.Flag.Name] = true
		}
	}
	if wrt != nil {
		if len(*wrt) == 0 && given["wrt"] {
			return emptyWrt()
		}
		seen := map[string]bool{}
		for i, x := range *wrt {
			x = strings.TrimSpace(x)
			switch {
			case x == "" && len(*wrt) == 1:
				return emptyWrt()
			case x == "":
				return &ast.Error{Msg: fmt.Sprintf("--wrt %s has an empty name", strings.Join(*wrt, ",")), Hint: "separate the variables with single commas, or repeat --wrt"}
			case seen[x]:
				return &ast.Error{Msg: fmt.Sprintf("%s is given twice with --wrt", x), Hint: "give each variable once"}
			}
			if err := parser.CheckName(x); err != nil {
				var ae *ast.Error
				if errors.As(err, &ae) {
					ae.Msg = "--wrt " + x + ": " + ae.Msg
				}
				return err
			}
			seen[x] = true
			(*wrt)[i] = x
		}
	}
	if given["against"] && strings.TrimSpace(c.Check.Against) == "" {
		return &ast.Error{Msg: "--against is empty",
			Hint: `give the gradient to check, as in --against "2 x", or leave --against out to check matdiff's own`}
	}
	return nil
}

func emptyWrt() error {
	return &ast.Error{Msg: "--wrt is empty", Hint: "name the variable to differentiate by, as in --wrt x"}
}
