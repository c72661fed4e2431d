package main

import (
	"io"
	"strings"
	"sync"

	"github.com/matdiff/matdiff/parser"
)

// Most lines of a piped session are plain derivations, such as
//
//	grad -q --wrt x "x' A x where A: n x n, x: n x 1"
//
// and kong's parse of such a line (it visits the model four times) cost
// as much as a tenth of the line. quickLine reads the few flags of such a
// line itself, onto the defaults that kong gives; a line with anything
// else (another flag, a flag given twice, a --wrt that kong would split or
// that checkFlags would refuse, help) goes to kong as before, so that
// every answer and every message stays kong's.

// quickDefaults are the commands grad, jacobian and hessian with the
// defaults of their flags, as kong fills them in (once).
var quickDefaults = sync.OnceValue(func() *cli {
	c := &cli{}
	for _, name := range []string{"grad", "jacobian", "hessian"} {
		r := newRunnerFor(name)
		if _, err := r.parse([]string{name, "--wrt", "x", "x"}, io.Discard); err != nil || r.exited >= 0 {
			panic("the defaults of " + name + " do not parse")
		}
		switch name {
		case "grad":
			c.Grad = r.c.Grad
		case "jacobian":
			c.Jacobian = r.c.Jacobian
		case "hessian":
			c.Hessian = r.c.Hessian
		}
	}
	for _, g := range []*gradCmd{&c.Grad, &c.Jacobian.gradCmd, (*gradCmd)(&c.Hessian)} {
		g.Wrt, g.Expr = nil, ""
	}
	return c
})

// quickLine returns the command of args when it is grad, jacobian or
// hessian with an expression and no flags but --wrt, -q (--quiet),
// --no-verify, --where, --format and --vec (jacobian), each as kong would
// read it and checkFlags accept it; false sends the line to kong.
func quickLine(args []string) (command, bool) {
	if len(args) < 3 {
		return nil, false
	}
	name := args[0]
	var g gradCmd
	switch name {
	case "grad":
		g = quickDefaults().Grad
	case "jacobian":
		g = quickDefaults().Jacobian.gradCmd
	case "hessian":
		g = gradCmd(quickDefaults().Hessian)
	default:
		return nil, false
	}
	vec, expr := false, false
	seen := map[string]bool{}
	args = expressionArgs(args[1:])
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			if expr {
				return nil, false
			}
			g.Expr, expr = a, true
			continue
		}
		flag, val, hasVal := strings.Cut(a, "=")
		if flag == "-q" {
			flag = "--quiet"
		}
		if seen[flag] && flag != "--wrt" {
			return nil, false
		}
		seen[flag] = true
		switch flag {
		case "--quiet", "--no-verify", "--vec":
			if hasVal || flag == "--vec" && name != "jacobian" {
				return nil, false
			}
			switch flag {
			case "--quiet":
				g.Q = true
			case "--no-verify":
				g.NoVerify = true
			default:
				vec = true
			}
			continue
		case "--wrt", "--where", "--format":
		default:
			return nil, false
		}
		if !hasVal {
			if i+1 == len(args) {
				return nil, false
			}
			i++
			val = args[i]
		}
		if strings.HasPrefix(val, "-") {
			return nil, false
		}
		switch flag {
		case "--wrt":
			if val == "" || strings.Contains(val, ",") || strings.TrimSpace(val) != val || parser.CheckName(val) != nil {
				return nil, false
			}
			for _, x := range g.Wrt {
				if x == val {
					return nil, false
				}
			}
			g.Wrt = append(g.Wrt, val)
		case "--where":
			g.Where = val
		case "--format":
			switch val {
			case "text", "unicode", "latex", "json":
			default:
				return nil, false
			}
			g.Format = val
		}
	}
	if !expr || len(g.Wrt) == 0 {
		return nil, false
	}
	switch name {
	case "jacobian":
		return &jacobianCmd{gradCmd: g, Vec: vec}, true
	case "hessian":
		h := hessianCmd(g)
		return &h, true
	}
	return &g, true
}

// runQuick runs a command that quickLine read, as runWith would.
func runQuick(cmd command, stdout, stderr io.Writer) (status int) {
	defer internalError(stderr, &status)
	return execute(cmd, &env{stdout: stdout, stderr: stderr})
}
