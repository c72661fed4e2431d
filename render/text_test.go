package render_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
	"github.com/matdiff/matdiff/render"
)

// TestTextWraps: in the text format a step whose expression would run
// past column 80 is broken at its top-level operators, the continuation
// lines indented under the expression and starting with their operator;
// put together again, the lines parse to the step's expression.
func TestTextWraps(t *testing.T) {
	step := regexp.MustCompile(`^ *[0-9]+\. (d\S+ =|\s+=) `)
	wrapped := 0
	for _, c := range goldenInputs(t) {
		_, _, d, err := derive(c.input, c.wrt)
		if err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		if d.What == 0 && d.Grad != nil {
			continue
		}
		var b bytes.Buffer
		if err := render.Derivation(&b, d, render.Options{Format: ast.FormatText}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		for i := 0; i < len(lines); i++ {
			m := step.FindStringSubmatch(lines[i])
			if m == nil {
				continue
			}
			col := len(m[0])
			expr, _, _ := strings.Cut(lines[i][col:], "  [")
			expr = strings.TrimSpace(expr)
			// A line "where H = ..." defines a name before the next step.
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], strings.Repeat(" ", col)) && !step.MatchString(lines[i+1]) &&
				!strings.HasPrefix(strings.TrimSpace(lines[i+1]), "where ") {
				i++
				more := strings.TrimPrefix(lines[i][col:], "  ")
				if len(lines[i]) > 80 && breakable(more[1:]) {
					t.Errorf("%s: continuation %q runs past column 80", c.where, lines[i])
				}
				if more == "" || strings.HasPrefix(more, " ") || !strings.ContainsAny(more[:1], "+-:.") {
					t.Errorf("%s: continuation %q is not under the expression or does not start with its operator", c.where, lines[i])
				}
				expr += " " + more
				wrapped++
			}
			if _, _, err := parser.Parse(expr); err != nil && !regexp.MustCompile(`\bd[A-Za-z(]`).MatchString(expr) {
				t.Errorf("%s: %q does not parse: %v", c.where, expr, err)
			}
		}
	}
	if wrapped == 0 {
		t.Error("no step of the golden derivations is wrapped")
	}
}

// TestJSONRuleTitles: each rule in the JSON output carries its reader's
// name and, where there is one, its Matrix Cookbook equation.
func TestJSONRuleTitles(t *testing.T) {
	_, _, d, err := derive("x' A x where x: n x 1, A: n x n", "x")
	if err != nil {
		t.Fatal(err)
	}
	j := render.ToJSON(d)
	r := j.Steps[0].Rules[0]
	if r.Name != "d-product" || r.Title != "product rule" || r.Ref != "(37)" {
		t.Errorf("first rule = %+v", r)
	}
	for _, s := range j.Steps {
		for _, r := range s.Rules {
			if r.Title == "" {
				t.Errorf("%s has no title", r.Name)
			}
		}
	}
}

// breakable reports whether s holds an operator at its top level (outside
// parentheses) where the text printer could break a line.
func breakable(s string) bool {
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case '+', '-', ':':
			if depth == 0 && i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}
