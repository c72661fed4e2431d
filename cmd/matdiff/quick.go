package main

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

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
// defaults of their flags, as kong fills them in: read off the same
// default tags, without building kong's model of the command line (most
// of the start of a process that derives; TestQuickLine compares the two).
var quickDefaults = sync.OnceValue(func() *cli {
	c := &cli{}
	for _, g := range []*gradCmd{&c.Grad, &c.Jacobian.gradCmd, (*gradCmd)(&c.Hessian)} {
		setDefaults(reflect.ValueOf(g).Elem())
	}
	return c
})

// setDefaults sets each exported field of the struct v that has a default
// tag to that default, as kong reads it, and so the fields of embedded
// structs; it panics on a kind of field that it cannot set (a test sees
// it), rather than leave a default unset.
func setDefaults(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			setDefaults(fv)
			continue
		}
		if !f.IsExported() {
			continue
		}
		def, ok := f.Tag.Lookup("default")
		if !ok {
			continue
		}
		var err error
		switch {
		case f.Type == reflect.TypeFor[time.Duration]():
			var d time.Duration
			d, err = time.ParseDuration(def)
			fv.SetInt(int64(d))
		case f.Type.Kind() == reflect.String:
			fv.SetString(def)
		case f.Type.Kind() == reflect.Int || f.Type.Kind() == reflect.Int64:
			var n int64
			n, err = strconv.ParseInt(def, 10, 64)
			fv.SetInt(n)
		case f.Type.Kind() == reflect.Bool:
			var b bool
			b, err = strconv.ParseBool(def)
			fv.SetBool(b)
		default:
			err = fmt.Errorf("a field of kind %s", f.Type.Kind())
		}
		if err != nil {
			panic(fmt.Sprintf("the default of %s.%s: %v", t.Name(), f.Name, err))
		}
	}
}

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
func runQuick(cmd command, stdout, stderr io.Writer, tty bool) (status int) {
	defer internalError(stderr, &status)
	return execute(cmd, &env{stdout: stdout, stderr: stderr, tty: tty})
}
