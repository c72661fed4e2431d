package matio_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/matio"
	"github.com/matdiff/matdiff/parser"
)

// TestParseDims: sizes of the dimensions of an expression, and what is
// wrong with those that are not.
func TestParseDims(t *testing.T) {
	e, decls, err := parser.Parse("x' A y where x: n x 1, A: n x m, y: m x 1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ast.Check(e, decls)
	if err != nil {
		t.Fatal(err)
	}
	if got := matio.DimNames(info); !reflect.DeepEqual(got, map[string]bool{"n": true, "m": true}) {
		t.Errorf("DimNames: %v", got)
	}
	for _, c := range []struct {
		s    string
		want map[string]int
		err  string
	}{
		{"", map[string]int{}, ""},
		{" n = 3 , m=4", map[string]int{"n": 3, "m": 4}, ""},
		{"n", nil, `expected NAME=SIZE, found "n"`},
		{"n=0", nil, `the size of n must be a positive whole number, not "0"`},
		{"n=2.5", nil, `the size of n must be a positive whole number, not "2.5"`},
		{"k=2", nil, "the expression has no dimension k"},
		{"n=2,n=3", nil, "n is given twice"},
	} {
		got, err := matio.ParseDims(c.s, info)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want %q", c.s, err, c.err)
		case c.err == "" && (err != nil || !reflect.DeepEqual(got, c.want)):
			t.Errorf("%q: %v %v, want %v", c.s, got, err, c.want)
		}
	}
	_, err = matio.ParseDims("k=2", info)
	if ae, ok := err.(*ast.Error); !ok || ae.Hint != "its dimensions are m, n" {
		t.Errorf("hint: %#v", err)
	}
}
