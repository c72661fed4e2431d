package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/matdiff/matdiff/ast"
	"github.com/matdiff/matdiff/render"
)

// TestLikewiseStep: a term derived once for its twin is a step of its own
// kind in every format: "likewise for the second term" in text and
// unicode, its formula in LaTeX, kind "likewise" in JSON. A move's tidying
// is one word, "simplify", and in JSON a list of its own.
func TestLikewiseStep(t *testing.T) {
	_, _, d, err := deriveWhole("logdet(X' X) where X: m x n", "X")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []ast.Format{ast.FormatText, ast.FormatUnicode, ast.FormatLaTeX} {
		var b bytes.Buffer
		if err := render.Derivation(&b, d, render.Options{Format: f}); err != nil {
			t.Fatal(err)
		}
		want := "likewise for the second term"
		if f == ast.FormatLaTeX {
			want = `T + T^\top = 2T`
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%v: no %q in\n%s", f, want, b.String())
		}
		if f != ast.FormatLaTeX && (!strings.Contains(b.String(), "[frob-mul-left") || !strings.Contains(b.String(), ", simplify]\n")) {
			t.Errorf("%v: no move with one identity and simplify in\n%s", f, b.String())
		}
	}
	j := render.ToJSON(d)
	kinds, tidy := map[string]int{}, 0
	for _, s := range j.Steps {
		kinds[s.Kind]++
		if s.Kind == "move" || s.Kind == "likewise" {
			if len(s.Rules) != 1 {
				t.Errorf("step %q names %d rules", s.Text, len(s.Rules))
			}
		}
		tidy += len(s.Tidy)
	}
	if kinds["likewise"] != 1 || tidy == 0 {
		t.Errorf("JSON steps: kinds %v, %d tidying rules", kinds, tidy)
	}
}

// TestNamesInSteps: a name is introduced before the first step that holds
// what it stands for, and the steps after it use it; JSON says so per step.
// The worked example reads in five steps, one per node pulled back, with
// H and K.
func TestNamesInSteps(t *testing.T) {
	_, _, d, err := derive(workedExample, "X")
	if err != nil {
		t.Fatal(err)
	}
	j := render.ToJSON(d)
	if len(j.Steps) != 5 {
		t.Fatalf("%d steps", len(j.Steps))
	}
	var got []string
	for _, s := range j.Steps {
		for _, n := range s.Names {
			got = append(got, n.Name+" = "+n.Text)
		}
		got = append(got, s.TextNamed)
	}
	want := []string{"", "", "H = B' (E .* (A' F'))", "H : d((X C) .* D)", "K = H .* D", "K : d(X C)", "K C' : dX"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps with names:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// With --no-names nothing is named, in the steps either.
	var b bytes.Buffer
	if err := render.Derivation(&b, d, render.Options{Format: ast.FormatText, NoNames: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "where") || strings.Contains(b.String(), "H") {
		t.Errorf("names with NoNames:\n%s", b.String())
	}
}

// TestUnchangedTermsElided: a step that moves one term of a sum shows the
// terms it leaves as they were as "..." ("…" in unicode, \ldots in
// LaTeX): no line repeats a term that did not change.
func TestUnchangedTermsElided(t *testing.T) {
	_, _, d, err := deriveWhole("tr(X A X') where A: n x n, X: k x n", "X")
	if err != nil {
		t.Fatal(err)
	}
	want := map[ast.Format][]string{
		ast.FormatText:    {"= (X A' : dX) + ...  ", "= ... + (X A : dX)  "},
		ast.FormatUnicode: {"= (X Aᵀ : dX) + …  ", "= … + (X A : dX)  "},
		ast.FormatLaTeX:   {`&= (X A^\top : \mathrm{d}X) + \ldots \tag*`, `&= \ldots + (X A : \mathrm{d}X) \tag*`},
	}
	for f, lines := range want {
		var b bytes.Buffer
		if err := render.Derivation(&b, d, render.Options{Format: f}); err != nil {
			t.Fatal(err)
		}
		for _, w := range lines {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%v: no %q in\n%s", f, w, b.String())
			}
		}
	}
	// JSON keeps every step whole.
	for _, s := range render.ToJSON(d).Steps {
		if strings.Contains(s.Text, "...") {
			t.Errorf("JSON step %q elides", s.Text)
		}
	}
}
