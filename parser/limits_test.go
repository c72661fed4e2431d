package parser_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// TestInputLimits: an input too long, or nested too deep, is a clear
// error from every entry point. How soon is measured by the benchmarks.
func TestInputLimits(t *testing.T) {
	long := strings.Repeat("x + ", parser.MaxInput/4) + "x"
	open10k := strings.Repeat("(", 10000) + "x"
	over := strings.Repeat("(", parser.MaxDepth+1) + "x' x" + strings.Repeat(")", parser.MaxDepth+1)
	tests := []struct {
		in, want string
	}{
		{long, "input longer than 200000 characters (it has 200001); split the expression into parts, or name common subexpressions"},
		{strings.Repeat("é", parser.MaxInput), ""}, // 200,000 characters, 400,000 bytes: not too long
		{open10k, "1:10000: unclosed '('; add the ')' that closes it"},
		{over, "1:10001: nesting deeper than 10000 levels; name an inner part and work with it on its own"},
		{strings.Repeat("-", 10000) + "x", ""},
		{"x" + strings.Repeat("'", 10000), ""},
		{strings.Repeat("tr(", 1000) + "x" + strings.Repeat(")", 1000), ""},
		{strings.Repeat("tr(", 10001) + "x" + strings.Repeat(")", 10001), "1:30003: nesting deeper than 10000 levels; name an inner part and work with it on its own"},
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
		{"tr(A^x)", "1:6: unexpected 'x', expected T, a number or an exponent in braces after '^'"},
		{"tr(A^)", "1:6: unexpected ')', expected T, a number or an exponent in braces after '^'"},
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
	for _, ok := range []string{"tr(A^2)", "tr(A^-2)", "tr(A^+2)", "tr(A^T)", "tr(A^-1)", "tr(A^(2))", "tr(A^{2})", "tr(A^-T)", "tr(A^{-T})", "s^(1/3)", "sum(x.^0.5)", "sum(x.^-1.5)"} {
		if _, _, err := parser.Parse(ok); err != nil {
			t.Errorf("Parse(%q): %v", ok, err)
		}
	}
}
