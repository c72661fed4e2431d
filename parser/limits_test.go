package parser_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// TestInputLimits: an input too long, or nested too deep, is a clear
// error from every entry point. (How fast: BenchmarkDeepNesting.)
func TestInputLimits(t *testing.T) {
	long := strings.Repeat("x + ", parser.MaxInput/4) + "x"
	n := 10000
	if raceBuild {
		n = 2000 // several times slower under the race detector
	}
	open := strings.Repeat("(", n) + "x"
	balanced := strings.Repeat("(", n) + "x' x" + strings.Repeat(")", n)
	tests := []struct {
		in, want string
	}{
		{long, "input longer than 200000 characters (it has 200001); split the expression into parts, or name common subexpressions"},
		{strings.Repeat("é", parser.MaxInput), ""}, // 200,000 characters, 400,000 bytes: not too long
		{open, fmt.Sprintf("1:%d: unclosed '('; add the ')' that closes it", n)},
		{balanced, "1:501: nesting deeper than 500 levels"},
		{strings.Repeat("-", n) + "x", ""},
		{"x" + strings.Repeat("'", n), ""},
		{strings.Repeat("tr(", 1000) + "x" + strings.Repeat(")", 1000), "1:1503: nesting deeper than 500 levels"},
	}
	parsers := map[string]func(string) error{
		"Parse":        func(s string) error { _, _, err := parser.Parse(s); return err },
		"ParseExpr":    func(s string) error { _, err := parser.ParseExpr(s); return err },
		"ParsePattern": func(s string) error { _, err := parser.ParsePattern(s); return err },
	}
	for _, tt := range tests {
		for name, parse := range parsers {
			err := parse(tt.in)
			if tt.want == "" {
				if err != nil && strings.Contains(err.Error(), "internal error") {
					t.Errorf("%s(%.20q...): %v", name, tt.in, err)
				}
				continue
			}
			var ae *ast.Error
			if !errors.As(err, &ae) || err.Error() != tt.want {
				t.Errorf("%s(%.20q...) = %v; want %s", name, tt.in, err, tt.want)
			}
		}
	}
	// A declaration list that is too long.
	_, err := parser.ParseDecls(strings.Repeat("x: n x 1, ", parser.MaxInput/10) + "y: n x 1")
	if err == nil || !strings.HasPrefix(err.Error(), "input longer than 200000 characters") {
		t.Errorf("ParseDecls of a long list: %v", err)
	}
}

// TestExponentErrors: a power takes a number (or T), and the message says
// so at the place of what stands there instead.
func TestExponentErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tr(A^x)", "1:6: unexpected 'x', expected T or a number after '^'"},
		{"tr(A^(2))", "1:6: unexpected '(', expected T or a number after '^'"},
		{"tr(A^)", "1:6: unexpected ')', expected T or a number after '^'"},
		{"tr(A^-x)", "1:7: unexpected 'x', expected a number after '^-'"},
		{"tr(A^+)", "1:7: unexpected ')', expected a number after '^+'"},
		{"sum(x.^A)", "1:8: unexpected 'A', expected a number after '.^'"},
		{"sum(x.^T)", "1:8: unexpected 'T', expected a number after '.^'"},
		{"sum(x.^-y)", "1:9: unexpected 'y', expected a number after '.^-'"},
	}
	for _, tt := range tests {
		_, _, err := parser.Parse(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v; want %s", tt.in, err, tt.want)
		}
	}
	for _, ok := range []string{"tr(A^2)", "tr(A^-2)", "tr(A^+2)", "tr(A^T)", "tr(A^-1)", "sum(x.^0.5)", "sum(x.^-1.5)"} {
		if _, _, err := parser.Parse(ok); err != nil {
			t.Errorf("Parse(%q): %v", ok, err)
		}
	}
}
