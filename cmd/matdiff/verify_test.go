package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/rewrite"
)

// Every full format says that the result was checked numerically; -q
// prints the result alone.
func TestVerifiedOutput(t *testing.T) {
	cases := []struct {
		args []string
		line string
	}{
		{[]string{"grad", "--wrt", "X", checkWorked}, "df/dX = K C'\nshape: b x 1\nchecked numerically\n"},
		{[]string{"grad", "--format", "unicode", "--wrt", "x", checkQuad}, "∂f/∂x = (A + Aᵀ) x\nshape: n x 1\nchecked numerically\n"},
		{[]string{"grad", "--format", "latex", "--wrt", "x", checkQuad}, "\\end{align*}\n% checked numerically\n"},
		{[]string{"grad", "--standalone", "--wrt", "x", checkQuad}, "It was checked numerically against finite differences on random instances.\n"},
		{[]string{"jacobian", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1"}, "\nchecked numerically\n"},
		{[]string{"jacobian", "--wrt", "X", "A X B where X: n x k"}, "\nchecked numerically\n"},
		{[]string{"jacobian", "--vec", "--wrt", "X", "A X B where X: n x k"}, "\nchecked numerically\n"},
		{[]string{"hessian", "--wrt", "X", "tr(X' A X) where X: n x k, A: n x n"}, "\nchecked numerically\n"},
		{[]string{"grad", "--wrt", "S", "x' S x where S: symmetric n x n, x: n x 1"}, "sym(G) = (G + G')/2)\nchecked numerically\n"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.args...)
		wantRun(t, code, out, errs, exitOK)
		if !strings.Contains(out, c.line) {
			t.Errorf("%q: output lacks %q:\n%s", c.args, c.line, out)
		}
		// --no-verify and -q say nothing of it.
		code, out, errs = runCmd(t, append([]string{c.args[0], "--no-verify"}, c.args[1:]...)...)
		if code != exitOK || strings.Contains(out, "checked numerically") {
			t.Errorf("%q --no-verify: %d\n%s%s", c.args, code, out, errs)
		}
		code, out, _ = runCmd(t, append([]string{c.args[0], "-q"}, c.args[1:]...)...)
		if code != exitOK || strings.Contains(out, "checked") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q -q: %d\n%s", c.args, code, out)
		}
	}
}

// A result whose domain random values cannot meet is printed, and said to
// be unchecked.
func TestUncheckedOutput(t *testing.T) {
	code, out, errs := runCmd(t, "grad", "--wrt", "x", "sum(sqrt(x - 10)) where x: n x 1")
	wantRun(t, code, out, errs, exitOK)
	wantIn(t, out, "df/dx = 1/2 ./ sqrt(x - 10)\nshape: n x 1\nnot checked numerically: none of 8 random instances is in the domain of the expression: sqrt of a negative entry")
	code, out, errs = runCmd(t, "grad", "--format", "json", "--wrt", "x", "sum(sqrt(x - 10)) where x: n x 1")
	wantRun(t, code, out, errs, exitOK)
	var doc struct {
		Gradients []struct {
			Checked   *bool  `json:"checked"`
			Verified  string `json:"verified"`
			Unchecked string `json:"unchecked_reason"`
		} `json:"gradients"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	g := doc.Gradients[0]
	if g.Checked == nil || *g.Checked || g.Verified != "unchecked" || !strings.Contains(g.Unchecked, "sqrt of a negative entry") {
		t.Errorf("json: %+v", g)
	}
}

// The JSON document says whether each result was checked.
func TestVerifiedJSON(t *testing.T) {
	for _, c := range []struct {
		flags    []string
		checked  bool
		verified string
	}{{nil, true, "checked"}, {[]string{"--no-verify"}, false, "skipped"}} {
		args := append([]string{"grad", "--format", "json", "--wrt", "x", "--wrt", "A"}, c.flags...)
		code, out, errs := runCmd(t, append(args, checkQuad)...)
		wantRun(t, code, out, errs, exitOK)
		var doc struct {
			Gradients []map[string]any `json:"gradients"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Gradients) != 2 {
			t.Fatalf("%d gradients", len(doc.Gradients))
		}
		for _, g := range doc.Gradients {
			if g["checked"] != c.checked || g["verified"] != c.verified {
				t.Errorf("%v: checked %v, verified %v", c.flags, g["checked"], g["verified"])
			}
		}
	}
}

// A wrong derivative never reaches stdout: with a result corrupted as a
// broken identity would leave it, grad, jacobian and hessian exit 3 with
// the expression, the instance and the worst entry on stderr.
func TestBrokenIdentityExits3(t *testing.T) {
	cases := []struct {
		args  []string
		wrong func(ast.Expr) ast.Expr
	}{
		// A factor of 1.5 on C', as a wrong frob-mul-right would leave.
		{[]string{"grad", "--wrt", "X", checkWorked}, func(e ast.Expr) ast.Expr {
			return ast.Map(e, func(x ast.Expr) ast.Expr {
				if u, ok := x.(*ast.Unary); ok && u.Op == ast.OpTranspose {
					if s, ok := u.X.(*ast.Sym); ok && s.Name == "C" {
						return ast.Mul(ast.N(1.5), u)
					}
				}
				return x
			})
		}},
		{[]string{"grad", "--wrt", "x", checkQuad}, func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(2), ast.Mul(ast.S("A"), ast.S("x"))) }},
		{[]string{"jacobian", "--wrt", "x", "tanh(W x) where W: m x n, x: n x 1"}, func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(-1), e) }},
		{[]string{"jacobian", "--vec", "--wrt", "X", "A X B where X: n x k"}, func(e ast.Expr) ast.Expr {
			return ast.Fn(ast.FnKron, ast.T(ast.S("B")), ast.Bin(ast.OpHad, ast.S("A"), ast.S("A")))
		}},
		{[]string{"hessian", "--wrt", "x", "sum(exp(x)) where x: n x 1"}, func(e ast.Expr) ast.Expr { return ast.Mul(ast.N(2), e) }},
	}
	for _, c := range cases {
		resultHook = func(d *rewrite.Derivation) *rewrite.Derivation {
			b := *d
			b.Result = c.wrong(d.Result)
			return &b
		}
		var out, errb strings.Builder
		code := run(c.args, &out, &errb, false)
		resultHook = nil
		errs := errb.String()
		if code != exitInternal || out.Len() != 0 {
			t.Errorf("%q: exit %d, stdout:\n%s\nstderr:\n%s", c.args, code, out.String(), errs)
			continue
		}
		wantIn(t, errs, "matdiff: internal error: the result for ", "failed its numerical check\nexpression: "+c.args[len(c.args)-1]+"\n",
			"instance (seed ", "worst entry", "finite differences", "please report this")
		if strings.Contains(errs, "goroutine") {
			t.Errorf("stack trace:\n%s", errs)
		}
	}
	// The gradient a Hessian's derivation prints is verified too.
	resultHook = func(d *rewrite.Derivation) *rewrite.Derivation {
		b, g := *d, *d.Grad
		g.Result = ast.Mul(ast.N(2), g.Result)
		b.Grad = &g
		return &b
	}
	var hout, herr strings.Builder
	hcode := run([]string{"hessian", "--wrt", "x", "sum(exp(x)) where x: n x 1"}, &hout, &herr, false)
	if hcode != exitInternal || hout.Len() != 0 || !strings.Contains(herr.String(), "the result for x, 2 exp(x), failed its numerical check") {
		t.Errorf("a wrong gradient in a Hessian: %d\n%s%s", hcode, hout.String(), herr.String())
	}
	// --no-verify prints even a wrong result: it is the user's choice.
	resultHook = func(d *rewrite.Derivation) *rewrite.Derivation {
		b := *d
		b.Result = ast.Mul(ast.N(3), d.Result)
		return &b
	}
	defer func() { resultHook = nil }()
	code, out, errs := runCmd(t, "grad", "-q", "--no-verify", "--wrt", "x", checkQuad)
	if code != exitOK || out != "3 ((A + A') x)\n" {
		t.Errorf("--no-verify: %d %q %q", code, out, errs)
	}
}
