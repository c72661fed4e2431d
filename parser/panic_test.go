package parser_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// TestPanicBoundary: a panic inside the parser (a bug) comes out of every
// entry point as a plain error that says it is internal, and not as an
// *ast.Error, which would blame the input.
func TestPanicBoundary(t *testing.T) {
	parser.SetPanicHook(func() { panic("boom") })
	defer parser.SetPanicHook(nil)
	entries := map[string]func(string) error{
		"Parse":        func(s string) error { _, _, err := parser.Parse(s); return err },
		"ParseExpr":    func(s string) error { _, err := parser.ParseExpr(s); return err },
		"ParsePattern": func(s string) error { _, err := parser.ParsePattern(s); return err },
		"ParseDecls":   func(s string) error { _, err := parser.ParseDecls(s); return err },
	}
	for name, parse := range entries {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("the panic escaped: %v", r)
				}
			}()
			return parse("x: n x 1")
		}()
		var ae *ast.Error
		if err == nil || errors.As(err, &ae) || err.Error() != "parser: internal error: boom" {
			t.Errorf("%s: %T %v; want the plain error parser: internal error: boom", name, err, err)
		}
	}
	parser.SetPanicHook(nil)
	if _, err := parser.ParseExpr("x' x"); err != nil || strings.Contains(fmt.Sprint(err), "internal") {
		t.Errorf("after the hook: %v", err)
	}
}
