package parser_test

import (
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/parser"
)

// TestNamesInOtherScripts: Greek names, Cyrillic names whose letters do
// not pass for Latin ones, and names whose parts are each in one script
// are names like any other.
func TestNamesInOtherScripts(t *testing.T) {
	for _, name := range []string{
		"α", "μ", "σ", "λ", "π2", "ρ", "χ", "ν", "ι", "κ", "υ", "θ_1", "Σ", "Σ_k", "Λ", "Ω", "Δx",
		"ρ_x", "x_ρ", "σ_Σ", "вес", "ж", "т", "Ж_x", "日本", "A_日本", "ñ", "é", "Ä", "ß", "İ",
		// letters that look different from Latin ones on purpose
		"ℓ", "ℒ", "ℋ", "𝐱", "𝐖", "𝒳", "𝔤", "ℝ", "µ", "ϕ", "ϵ", "ϑ",
	} {
		e, err := parser.ParseExpr(name + " + 1")
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if !ast.Equal(e, ast.Add(ast.S(name), ast.N(1))) {
			t.Errorf("%q parses as %s", name, ast.Text(e))
		}
	}
}

// TestLookalikeEverywhere: a lookalike is found in every place a name
// stands: the expression, a declaration, a dimension, --where and a
// pattern variable.
func TestLookalikeEverywhere(t *testing.T) {
	want := "'х' (cyrillic small letter ha) looks like the Latin letter 'x'"
	check := func(what string, err error, at string) {
		t.Helper()
		ae, ok := err.(*ast.Error)
		if !ok || ae.Msg != want || ae.Pos.String() != at {
			t.Errorf("%s: %v; want %s: %s", what, err, at, want)
		}
	}
	_, _, err := parser.Parse("x' x where х: n x 1")
	check("declaration", err, "1:12")
	_, _, err = parser.Parse("x' x where x: х x 1")
	check("dimension", err, "1:15")
	_, err = parser.ParseDecls("A: n x n, х: n x 1")
	check("ParseDecls", err, "1:11")
	_, err = parser.ParsePattern("?A + ?х")
	check("pattern", err, "1:7")
	_, err = parser.ParsePattern("d?х")
	check("pattern differential", err, "1:3")
}

// TestSemicolons: ';' separates declarations as ',' does, in a where
// clause and in --where, and the two mix.
func TestSemicolons(t *testing.T) {
	n := ast.Named("n")
	want := ast.Decls{
		{Name: "x", Shape: ast.Shape{Rows: n, Cols: ast.Known(1)}},
		{Name: "A", Shape: ast.Shape{Rows: n, Cols: n}},
		{Name: "s", Shape: ast.Scalar},
	}
	for _, in := range []string{
		"x' A x s where x: n x 1; A: n x n; s: scalar",
		"x' A x s where x: n x 1; A: n x n, s: scalar;",
		"x' A x s where x: nx1;A: nxn;s: scalar",
	} {
		_, got, err := parser.Parse(in)
		if err != nil || !sameDecls(got, want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	got, err := parser.ParseDecls("x: n x 1; A: n x n; s: scalar")
	if err != nil || !sameDecls(got, want) {
		t.Errorf("ParseDecls = %v, %v; want %v", got, err, want)
	}
}

// TestSmallNumbers: numbers that underflow are errors, but a subnormal
// number and an exact 0 in any notation are numbers.
func TestSmallNumbers(t *testing.T) {
	for in, want := range map[string]float64{
		"1e-310": 1e-310, "5e-324": 5e-324, "0e-999": 0, "0.000e-400": 0, "0": 0, ".0E-9999": 0,
	} {
		e, err := parser.ParseExpr(in)
		if err != nil || !ast.Equal(e, ast.N(want)) {
			t.Errorf("%s = %v, %v; want %g", in, e, err, want)
		}
	}
	for _, in := range []string{"1e-999", "2e-324", "0.0001e-321", "x.^1e-400", "x^-1e-400"} {
		if _, err := parser.ParseExpr(in); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// TestNotGluedWhere: names that start or end with where but are no where
// clause stay names.
func TestNotGluedWhere(t *testing.T) {
	for _, in := range []string{"whereabouts + 1", "x' x wherex", "somewhere : A", "x' nowhere x where x: n x 1, nowhere: scalar", "x wherex: y", "x' x wherex: scalarr", "x' x wherex: y z"} {
		if _, _, err := parser.Parse(in); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestLookalikeForms: the forms of letters that pass for them, and what
// each is taken for.
func TestLookalikeForms(t *testing.T) {
	for in, want := range map[string]string{
		"𝑥":   "'𝑥' (mathematical italic small x) looks like the Latin letter 'x'",
		"𝐴𝑥":  "'𝐴' (mathematical italic capital a) looks like the Latin letter 'A'",
		"𝗑":   "'𝗑' (mathematical sans-serif small x) looks like the Latin letter 'x'",
		"𝚡":   "'𝚡' (mathematical monospace small x) looks like the Latin letter 'x'",
		"ℎ":   "'ℎ' (planck constant) looks like the Latin letter 'h'",
		"𝛼":   "'𝛼' (mathematical italic small alpha) looks like the Greek letter 'α'",
		"ſ":   "'ſ' (latin small letter long s) looks like the Latin letter 's'",
		"Ｘ_1": "'Ｘ' (fullwidth latin capital letter x) looks like the Latin letter 'X'",
		"ﬂow": "'ﬂ' (latin small ligature fl) looks like the Latin letters 'fl'",
		"Х":   "'Х' (cyrillic capital letter ha) looks like the Latin letter 'X'",
		"рс":  "'р' (cyrillic small letter er) looks like the Latin letter 'p'",
		"Ε_k": "'Ε' (greek capital letter epsilon) looks like the Latin letter 'E'",
		"κx":  "'κ' (greek small letter kappa) looks like the Latin letter 'k'",
	} {
		_, err := parser.ParseExpr(in)
		ae, ok := err.(*ast.Error)
		if !ok || ae.Msg != want {
			t.Errorf("%s: %v; want %s", in, err, want)
		}
	}
}

// TestCheckName: a name outside an expression is checked as in one.
func TestCheckName(t *testing.T) {
	for name, want := range map[string]string{
		"х":   "'х' (cyrillic small letter ha) looks like the Latin letter 'x'; write 'x'",
		"vаr": "'а' (cyrillic small letter a) looks like the Latin letter 'a'; write 'var'",
		"x":   "",
		"μ":   "",
		"2":   "",
		"x y": "",
		"":    "",
		"?х":  "",
		"ρ_x": "",
		"ｘ_１": "",
	} {
		err := parser.CheckName(name)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("CheckName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestParseNumber: numbers outside an expression follow the rules of
// numbers in one.
func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"3": 3, "-0.5": -0.5, "+.5": 0.5, "1e-3": 1e-3, "2.5E3": 2500, "1e-310": 1e-310, "0e-999": 0, "-0": 0,
	} {
		if got, err := parser.ParseNumber(in); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %g, %v; want %g", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"1e-999":  "number 1e-999 is too small: it underflows to 0; the smallest positive number is about 5e-324; write 0 if 0 is meant",
		"-1e-400": "number -1e-400 is too small: it underflows to 0; the smallest positive number is about 5e-324; write 0 if 0 is meant",
		"1e999":   "number 1e999 is too large",
		"0x10":    "'0x10' is not a number; write the number in decimal",
		"inf":     "'inf' is not a number",
		"NaN":     "'NaN' is not a number",
		"1_000":   "'1_000' is not a number",
		"":        "'' is not a number",
		" 1":      "' 1' is not a number",
	} {
		_, err := parser.ParseNumber(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParseNumber(%q): %v; want %s", in, err, want)
		}
	}
}
